"""Interactive figures that work on the static site, in JupyterLab and on Binder.

The machinery is in :mod:`lib.widgets._core` (see its docstring); each chapter's
builders live in a module of their own and are re-exported here, one line each,
so a chapter shows a widget with ``from lib.widgets import ...`` and one call.
"""

from ._core import REGISTRY, Control, FrameWidget, frame_widget, register
from .surprisal import surprisal_widget
from .entropy import binary_entropy_widget, n_outcome_entropy_widget
from .kl import kl_two_coins_widget
from .kl_fit import kl_fit_widget
from .softmax import dog_logit_widget, softmax_widget
from .loss import loss_widget
from .cross_entropy import cross_entropy_widget
from .training import training_widget
from .mutual_information import mutual_information_widget
from .calibration import proper_scores_widget, temperature_scaling_widget
from .perplexity import ngram_widget
