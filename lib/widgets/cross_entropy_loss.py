"""Chapter 6 widget: cross-entropy and Brier score of the true class's probability, with their gradients."""

from __future__ import annotations

import numpy as np

from .. import plots
from ..calibration import brier_score
from ..examples import DOG_PHOTO
from ..gradients import cross_entropy_gradient, logits_for_true_class, squared_error_gradient
from ..information import surprisal
from ..softmax import softmax
from ._core import Control, FrameWidget, frame_widget, register

__all__ = ["loss_widget", "LOSS_PROBS", "LOSS_CLASSES"]

#: Probabilities of the true class offered by the slider; 0.775 is the dog photo's
#: (:data:`lib.examples.DOG_PHOTO`, partly trained model) and 0.938 the same photo after more training
#: (:data:`lib.examples.DOG_PHOTO_TRAINED`).
LOSS_PROBS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.775, 0.8, 0.9, 0.938, 0.95, 0.99, 1.0)

#: Number of classes; the wrong classes share ``1 - q`` equally (as in chapter 6's gradient figure).
LOSS_CLASSES = len(DOG_PHOTO.labels)


def _losses_and_gradients(q_true, n_classes: int = LOSS_CLASSES):
    """Cross-entropy (nats), Brier score and both gradients w.r.t. the true class's logit, per ``q_true``."""
    z, p = logits_for_true_class(q_true, n_classes)
    q = softmax(z)
    brier = np.array([brier_score([0], row[None, :]) for row in q])
    ce = surprisal(np.asarray(q_true, dtype=float), base=np.e)
    return ce, brier, cross_entropy_gradient(z, p)[:, 0], squared_error_gradient(z, p)[:, 0]


@register("cross-entropy-loss")
def loss_widget(probs=LOSS_PROBS, *, initial: float = float(DOG_PHOTO.p[0])) -> FrameWidget:
    """Slider over the true class's probability ``q``: both losses and their gradients w.r.t. its logit.

    Left panel: the cross-entropy loss ``-ln q`` (from :func:`lib.surprisal`)
    and the Brier score ``sum_i (q_i - p_i)^2`` (from :func:`lib.brier_score`)
    of a four-class prediction whose wrong classes share ``1 - q`` equally.
    Right panel: their gradients with respect to the true class's logit
    (:mod:`lib.gradients`), ``q - 1`` and ``-(8/3) q (1 - q)^2``.  The
    readout also gives the cross-entropy in bits; the Brier score, a sum of
    squared differences of probabilities, has no unit.
    """
    probs = tuple(float(q) for q in probs)
    fig, (ax_loss, ax_grad) = plots.new_figure(1, 2, figsize=(8.6, 3.6))
    grid = np.linspace(0.005, 1.0, 400)
    curves = _losses_and_gradients(grid)
    blue, orange = plots.COLORS["blue"], plots.COLORS["orange"]
    markers = [
        plots.curve_with_marker(ax, grid, y, color=c, label=lab)[1]
        for ax, y, c, lab in [
            (ax_loss, curves[0], blue, "cross-entropy $-\\ln q_y$"),
            (ax_loss, curves[1], orange, "Brier score (no unit)"),
            (ax_grad, curves[2], blue, "cross-entropy"),
            (ax_grad, curves[3], orange, "Brier score"),
        ]
    ]
    ax_loss.set(xlabel="probability of the true class, $q_y$", ylabel="loss (nats for cross-entropy)",
                xlim=(0, 1.02), ylim=(0, 5))
    ax_grad.set(xlabel="probability of the true class, $q_y$", ylabel="gradient w.r.t. $z_y$",
                xlim=(0, 1.02), ylim=(-1.05, 0.05))
    ax_grad.axhline(0, color=plots.COLORS["black"], lw=0.8)
    ax_loss.legend(loc="upper right")
    ax_grad.legend(loc="lower right")

    def update(q):
        ce, brier, g_ce, g_brier = (float(v[0]) for v in _losses_and_gradients([q]))
        for marker, (x, y) in zip(markers, [(q, ce), (q, brier), (q, g_ce), (q, g_brier)]):
            marker.set_data([x], [y])
        return {"nats": ce, "bits": float(surprisal(q)), "brier": brier, "grad_ce": g_ce, "grad_brier": g_brier}

    return frame_widget(
        fig,
        update,
        [Control("q", probs, "probability of the true class", "{:g}", initial=probs.index(initial))],
        readout="q = {q:g}: cross-entropy <b>{nats:.4f} nats</b> = {bits:.4f} bits, gradient {grad_ce:.4f}; "
        "Brier score {brier:.4f} (no unit), gradient {grad_brier:.4f}",
        alt="Left: the cross-entropy loss -ln q and the Brier score against the probability q of the true class "
        "(four classes, the wrong ones sharing the rest equally), each with a dot at the selected q. Right: their "
        "gradients with respect to the true class's logit; the cross-entropy gradient q - 1 is most negative at "
        "q = 0, the Brier gradient is near 0 there and most negative at q = 1/3.",
    )
