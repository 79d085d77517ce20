"""Chapter 7 widget: training a softmax-regression classifier, by learning rate and step.

Also the decision-region drawing shared with the chapter's static figures.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.colors import to_rgb

from .. import plots
from .. import train as T
from ._core import Control, FrameWidget, frame_widget, register

__all__ = ["training_widget", "CLASS_COLORS", "CLASS_MARKERS", "demo_data", "region_image", "draw_regions", "TRAINING_STEPS"]

#: One colour per class of the demonstration data (Okabe-Ito).
CLASS_COLORS = (plots.COLORS["blue"], plots.COLORS["orange"], plots.COLORS["green"], plots.COLORS["purple"])
#: One marker per class, so the classes differ by shape as well as colour.
CLASS_MARKERS = ("o", "s", "^", "D")
#: Learning rates offered by the widget: too slow, good, fast, too large.
TRAINING_RATES = (0.1, 1.0, 3.0, 10.0)
#: Steps offered by the widget's slider.
TRAINING_STEPS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500)
#: The long run whose final loss is taken as the floor (the minimum training loss).
FLOOR_RUN = {"learning_rate": 3.0, "n_steps": 1000}


def demo_data():
    """The chapter's data set ``(X, y)``: :func:`lib.train.make_blobs` with the ``DEMO_*`` settings."""
    return T.make_blobs(T.DEMO_CENTERS, T.DEMO_N_PER_CLASS, scale=T.DEMO_SCALE, seed=T.DEMO_SEED)


def region_image(params, extent, n_grid: int) -> np.ndarray:
    """RGB image of the decision regions: the colour of the most probable class, paler where less sure.

    A pixel is white where the prediction is uniform (``max q = 1/C``) and
    a 55% tint of its class colour where the model is certain.  Row 0 is the
    bottom of ``extent = (xmin, xmax, ymin, ymax)`` (use ``origin="lower"``).
    """
    xs = np.linspace(extent[0], extent[1], n_grid)
    ys = np.linspace(extent[2], extent[3], n_grid)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    q = T.predict_proba(params, grid)
    k = q.shape[1]
    sure = (q.max(axis=1) - 1 / k) / (1 - 1 / k)
    colors = np.array([to_rgb(c) for c in CLASS_COLORS[:k]])[np.argmax(q, axis=1)]
    rgb = 1.0 - 0.55 * sure[:, None] * (1.0 - colors)
    return rgb.reshape(n_grid, n_grid, 3)


def draw_regions(ax, params, X, y, *, extent=(-5.0, 5.0, -5.0, 5.0), n_grid: int = 60):
    """Draw decision regions of ``params`` with the points ``(X, y)`` on ``ax``; returns the image artist."""
    img = ax.imshow(region_image(params, extent, n_grid), extent=extent, origin="lower", interpolation="nearest")
    for k in range(int(np.max(y)) + 1):
        ax.scatter(*X[y == k].T, s=14, marker=CLASS_MARKERS[k], color=CLASS_COLORS[k], edgecolors="black",
                   linewidths=0.4, label=f"class {k}")
    ax.set(xlim=extent[:2], ylim=extent[2:], xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    ax.grid(False)
    return img


@register("training")
def training_widget(
    learning_rates: Sequence[float] = TRAINING_RATES, steps: Sequence[int] = TRAINING_STEPS
) -> FrameWidget:
    """Learning rate x number of gradient-descent steps: the loss curve so far and the decision regions.

    Each learning rate is trained once (:func:`lib.train.gradient_descent`
    from zero parameters on :func:`demo_data`), keeping the parameters at
    every step of ``steps``.  The readout gives the training loss in nats, the
    floor (the final loss of :data:`FLOOR_RUN`) and the training accuracy.
    """
    X, y = demo_data()
    floor = float(T.gradient_descent(X, y, **FLOOR_RUN).losses[-1])
    runs = {lr: T.gradient_descent(X, y, learning_rate=lr, n_steps=max(steps), keep=steps) for lr in learning_rates}
    fig, (ax_loss, ax_reg) = plots.new_figure(1, 2, figsize=(8.6, 3.9), width_ratios=(1.25, 1))
    ax_loss.axhline(floor, ls="--", color=plots.COLORS["grey"], lw=1.5)
    ax_loss.text(max(steps), floor - 0.02, "floor", ha="right", va="top", color=plots.COLORS["grey"], fontsize=11)
    line, marker = plots.curve_with_marker(ax_loss, [0], [np.log(4)])
    ax_loss.set(xscale="symlog", xlim=(0, max(steps) * 1.1), ylim=(0.25, 1.5), xlabel="step (log scale after 1)",
                ylabel="training loss (nats)", xticks=[0, 1, 10, 100, max(steps)], xticklabels=[0, 1, 10, 100, max(steps)])
    ax_loss.minorticks_off()
    img = draw_regions(ax_reg, np.zeros((3, 4)), X, y, n_grid=40)
    title = ax_loss.set_title("rate 10, step 500")

    def update(learning_rate, step):
        run = runs[learning_rate]
        line.set_data(np.arange(step + 1), run.losses[: step + 1])
        marker.set_data([step], [run.losses[step]])
        img.set_data(region_image(run.snapshots[step], img.get_extent(), 40))
        title.set_text(f"rate {learning_rate:g}, step {step}")
        acc = T.accuracy(run.snapshots[step], X, y)
        return {"loss": float(run.losses[step]), "floor": floor, "accuracy": acc}

    return frame_widget(
        fig,
        update,
        [
            Control("learning_rate", tuple(learning_rates), "learning rate", "{:g}", initial=1, kind="buttons"),
            Control("step", tuple(steps), "gradient-descent steps", "{:d}", initial=5),
        ],
        title="training",
        readout="learning rate {learning_rate:g}, after {step} steps: training loss <b>{loss:.4f} nats</b> "
        "(floor {floor:.4f}); {accuracy:.1%} of the training points on the right side",
        alt="Left: the training loss in nats falling from ln 4 towards a dashed floor as gradient descent runs; "
        "right: four clouds of coloured points with the classifier's decision regions shaded behind them.",
    )
