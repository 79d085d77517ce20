"""Chapter 6 widget: the loss -log q of the true class's predicted probability, in bits and nats."""

from __future__ import annotations

import numpy as np

from .. import plots
from ..examples import DOG_PHOTO
from ..information import surprisal
from ._core import Control, FrameWidget, frame_widget, register

__all__ = ["loss_widget", "LOSS_PROBS"]

#: Probabilities of the true class offered by the slider; 0.775 is the dog photo's
#: (:data:`lib.examples.DOG_PHOTO`, partly trained model) and 0.938 the same photo after more training.
LOSS_PROBS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.775, 0.8, 0.9, 0.938, 0.95, 0.99, 1.0)


@register("cross-entropy-loss")
def loss_widget(probs=LOSS_PROBS, *, initial: float = float(DOG_PHOTO.p[0])) -> FrameWidget:
    """Slider over the predicted probability ``q`` of the true class; the loss ``-log q`` in bits and nats.

    With a one-hot target the cross-entropy loss is the surprisal of the true
    class, so both numbers come from :func:`lib.surprisal` (base 2 and base e).
    """
    probs = tuple(float(q) for q in probs)
    fig, ax = plots.new_figure(figsize=(6.4, 3.6))
    grid = np.linspace(0.005, 1.0, 400)
    (bits_marker, nats_marker) = [
        plots.curve_with_marker(ax, grid, surprisal(grid, base=b), color=c, label=lab)[1]
        for b, c, lab in [(2, plots.COLORS["blue"], "bits ($-\\log_2 q$)"), (np.e, plots.COLORS["orange"], "nats ($-\\ln q$)")]
    ]
    ax.set(xlabel="predicted probability of the true class, $q_y$", ylabel="loss", xlim=(0, 1.02), ylim=(0, 7.5))
    ax.legend(loc="upper center")
    note = ax.text(0.97, 0.92, "", transform=ax.transAxes, ha="right", va="top", fontsize=12)

    def update(q):
        bits, nats = float(surprisal(q)), float(surprisal(q, base=np.e))
        bits_marker.set_data([q], [bits])
        nats_marker.set_data([q], [nats])
        note.set_text(f"q = {q:g}\n{bits:.3f} bits\n{nats:.3f} nats")
        return {"bits": bits, "nats": nats}

    return frame_widget(
        fig,
        update,
        [Control("q", probs, "probability of the true class", "{:g}", initial=probs.index(initial))],
        title="cross-entropy-loss",
        readout="q = {q:g}: loss <b>{nats:.4f} nats</b> = {bits:.4f} bits",
        alt="Two falling curves of the loss -log q against the predicted probability q of the true class, in bits "
        "(solid, upper) and nats (lower), each with a dot at the selected q; both reach 0 at q = 1.",
    )
