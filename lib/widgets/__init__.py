"""Interactive figures that work on the static site, in JupyterLab and on Binder.

The machinery is in :mod:`lib.widgets._core` (see its docstring); each chapter's
builders live in a module named like the chapter's notebook (``kl_divergence``
for ``04_kl_divergence``, ...) and are re-exported here, one line each, so a
chapter shows a widget with ``from lib.widgets import ...`` and one call.
"""

from ._core import REGISTRY, Control, FrameWidget, frame_widget, register
from .surprisal import surprisal_widget
from .entropy import binary_entropy_widget, entropy_examples_widget, n_outcome_entropy_widget
from .cross_entropy import cross_entropy_widget
from .kl_divergence import kl_fit_widget, kl_two_coins_widget
from .softmax import cat_logit_temperature_widget, dog_logit_widget, softmax_widget
from .cross_entropy_loss import loss_widget
from .maximum_likelihood import training_widget
from .mutual_information import mutual_information_widget
from .perplexity import ngram_widget
from .calibration import proper_scores_widget, temperature_scaling_widget

__all__ = [
    "REGISTRY",
    "Control",
    "FrameWidget",
    "frame_widget",
    "register",
    "surprisal_widget",  # chapter 1, module surprisal
    "binary_entropy_widget",  # chapter 2, module entropy
    "n_outcome_entropy_widget",
    "entropy_examples_widget",
    "cross_entropy_widget",  # chapter 3, module cross_entropy
    "kl_two_coins_widget",  # chapter 4, module kl_divergence
    "kl_fit_widget",
    "softmax_widget",  # chapter 5, module softmax
    "dog_logit_widget",
    "cat_logit_temperature_widget",
    "loss_widget",  # chapter 6, module cross_entropy_loss
    "training_widget",  # chapter 7, module maximum_likelihood
    "mutual_information_widget",  # chapter 8, module mutual_information
    "ngram_widget",  # chapter 9, module perplexity
    "proper_scores_widget",  # chapter 10, module calibration
    "temperature_scaling_widget",
]
