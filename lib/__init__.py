"""lib: the tested numerics, figures and widgets of the book.

Information measures default to bits (``base=2``); losses default to nats
(``base=e``) like PyTorch and scikit-learn.  Only numpy is needed for the
numerics; :mod:`lib.plots` and :mod:`lib.widgets` also need matplotlib and
ipywidgets and are imported on demand.  ``lib/README.md`` lists the deliberate
differences from scipy, scikit-learn and PyTorch.
"""

from .information import cross_entropy, entropy, kl_divergence, surprisal
from .losses import binary_cross_entropy, binary_cross_entropy_with_logits, cross_entropy_loss, log_loss
from .softmax import log_softmax, logsumexp, softmax
from .joint import (
    JointDistribution,
    conditional_entropy,
    joint_distribution,
    joint_entropy,
    marginal,
    mutual_information,
    pointwise_mutual_information,
)
from .calibration import (
    ReliabilityCurve,
    brier_score,
    expected_binary_scores,
    expected_calibration_error,
    fit_temperature,
    reliability_curve,
)
from .language import (
    ALPHABET,
    ALPHABET_PUNCTUATION,
    BOOK_HELD_OUT,
    BOOK_TRAIN,
    SHANNON_1951,
    BROWN_1992_UPPER_BOUND,
    NgramModel,
    book_corpus,
    book_prose,
    book_prose_snapshot,
    char_surprisals,
    cross_entropy_per_char,
    fit_ngram,
    normalise_text,
    perplexity,
    sample_text,
)

__all__ = [
    "surprisal",
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "logsumexp",
    "softmax",
    "log_softmax",
    "cross_entropy_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "log_loss",
    # Part III
    "JointDistribution",
    "joint_distribution",
    "marginal",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "pointwise_mutual_information",
    "perplexity",
    "ALPHABET",
    "ALPHABET_PUNCTUATION",
    "normalise_text",
    "NgramModel",
    "fit_ngram",
    "char_surprisals",
    "cross_entropy_per_char",
    "sample_text",
    "book_prose",
    "book_prose_snapshot",
    "book_corpus",
    "BOOK_TRAIN",
    "BOOK_HELD_OUT",
    "SHANNON_1951",
    "BROWN_1992_UPPER_BOUND",
    "brier_score",
    "ReliabilityCurve",
    "reliability_curve",
    "expected_calibration_error",
    "expected_binary_scores",
    "fit_temperature",
]

__version__ = "0.1.0"
