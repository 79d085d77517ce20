"""Chapter 7 widget: training a softmax-regression classifier, by learning rate and step.

The data set is :func:`lib.train.demo_data`; the decision regions are drawn by
:func:`lib.plots.draw_regions`, as in the chapter's static figures.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import plots
from .. import train as T
from ..information import entropy
from ._core import Control, FrameWidget, frame_widget, register

__all__ = ["training_widget", "TRAINING_RATES", "TRAINING_STEPS"]

#: Learning rates offered by the widget, from slow to too large.
TRAINING_RATES = (0.1, 1.0, 3.0, 10.0)
#: Steps offered by the widget's slider.
TRAINING_STEPS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500)


@register("training")
def training_widget(
    learning_rates: Sequence[float] = TRAINING_RATES, steps: Sequence[int] = TRAINING_STEPS
) -> FrameWidget:
    """Learning rate x number of gradient-descent steps: the loss curve so far and the decision regions.

    Each learning rate is trained once (:func:`lib.train.gradient_descent`
    from zero parameters on :func:`lib.train.demo_data`), keeping the parameters at
    every step of ``steps``.  The readout gives the training loss in nats, the
    floor of the training loss (the final loss of :data:`lib.train.FLOOR_RUN`) and the
    training accuracy.  The loss panel draws that floor dashed and, dotted, the floor on
    new data, the conditional entropy ``H(Y|X)`` in nats, estimated as in chapter 7 by
    averaging the entropy of the true ``p(y|x)`` (:func:`lib.train.blobs_posterior`)
    over 100 000 fresh points (``make_blobs`` with 25 000 per class, seed 1).
    """
    X, y = T.demo_data()
    floor = float(T.gradient_descent(X, y, **T.FLOOR_RUN).losses[-1])
    X_new, _ = T.make_blobs(T.DEMO_CENTERS, 25_000, scale=T.DEMO_SCALE, seed=1)
    h_cond = float(np.mean(entropy(T.blobs_posterior(X_new, T.DEMO_CENTERS, scale=T.DEMO_SCALE), base=np.e)))
    runs = {lr: T.gradient_descent(X, y, learning_rate=lr, n_steps=max(steps), keep=steps) for lr in learning_rates}
    fig, (ax_loss, ax_reg) = plots.new_figure(1, 2, figsize=(8.6, 3.9), width_ratios=(1.25, 1))
    ax_loss.axhline(floor, ls="--", color=plots.COLORS["grey"], lw=1.5)
    ax_loss.text(max(steps), floor - 0.02, "floor", ha="right", va="top", color=plots.COLORS["grey"], fontsize=11)
    ax_loss.axhline(h_cond, ls=":", color=plots.COLORS["vermillion"], lw=1.5)
    ax_loss.text(max(steps), h_cond + 0.02, "H(Y|X): floor on new data", ha="right", va="bottom",
                 color=plots.COLORS["vermillion"], fontsize=11)
    line, marker = plots.curve_with_marker(ax_loss, [0], [np.log(4)])
    ax_loss.set(xscale="symlog", xlim=(0, max(steps) * 1.1), ylim=(0.25, 1.5), xlabel="step (log scale after 1)",
                ylabel="training loss (nats)", xticks=[0, 1, 10, 100, max(steps)], xticklabels=[0, 1, 10, 100, max(steps)])
    ax_loss.minorticks_off()
    img = plots.draw_regions(ax_reg, np.zeros((3, 4)), X, y, n_grid=40)
    title = ax_loss.set_title("rate 10, step 500")

    def update(learning_rate, step):
        run = runs[learning_rate]
        line.set_data(np.arange(step + 1), run.losses[: step + 1])
        marker.set_data([step], [run.losses[step]])
        img.set_data(plots.region_image(run.snapshots[step], img.get_extent(), 40))
        title.set_text(f"rate {learning_rate:g}, step {step}")
        acc = T.accuracy(run.snapshots[step], X, y)
        return {"loss": float(run.losses[step]), "floor": floor, "h_cond": h_cond, "accuracy": acc}

    return frame_widget(
        fig,
        update,
        [
            Control("learning_rate", tuple(learning_rates), "learning rate", "{:g}", initial=1, kind="buttons"),
            Control("step", tuple(steps), "gradient-descent steps", "{:d}", initial=5),
        ],
        readout="learning rate {learning_rate:g}, after {step} steps: training loss <b>{loss:.4f} nats</b> "
        "(floor {floor:.4f}); training accuracy {accuracy:.1%}",
        alt="Left: the training loss in nats falling from ln 4 towards a dashed floor as gradient descent runs, "
        f"below a dotted line at H(Y|X) = {h_cond:.3f} nats, the floor on new data; "
        "right: four clouds of coloured points with the classifier's decision regions shaded behind them.",
    )
