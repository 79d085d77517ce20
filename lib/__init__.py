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
]

__version__ = "0.1.0"
