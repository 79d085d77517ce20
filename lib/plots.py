"""Figure helpers and the book's single plotting style.

Every chapter calls :func:`use_book_style` once (in its hidden setup cell) and
then draws with the helpers here, so all figures share fonts, colours (the
colour-blind-safe Okabe-Ito palette) and layout.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

STYLE = Path(__file__).with_name("book.mplstyle")

#: Okabe-Ito colours, named for what the book uses them for.
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
    "grey": "#999999",
}


def use_book_style() -> None:
    """Apply ``lib/book.mplstyle`` to matplotlib (idempotent)."""
    import matplotlib.pyplot as plt

    plt.style.use(str(STYLE))


def new_figure(nrows: int = 1, ncols: int = 1, *, figsize=None, **kwargs):
    """A figure in the book style; returns ``(fig, ax)`` like ``plt.subplots``.

    The figure is not registered with pyplot's state machine, so building many
    frames for a widget never accumulates open figures or displays them twice.
    """
    from matplotlib.figure import Figure
    import matplotlib as mpl

    with mpl.rc_context(fname=str(STYLE)):
        fig = Figure(figsize=figsize or mpl.rcParams["figure.figsize"], layout="constrained")
        axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def curve_with_marker(ax, x, y, *, color=COLORS["blue"], marker_color=COLORS["vermillion"], label=None):
    """Draw ``y(x)`` as a line and return ``(line, marker)``; move the marker with ``set_data``."""
    (line,) = ax.plot(x, y, color=color, label=label)
    (marker,) = ax.plot([x[0]], [y[0]], "o", color=marker_color, zorder=3)
    return line, marker


def distribution_bars(ax, labels, probs, *, color=COLORS["blue"], ylabel="probability"):
    """Bars of a distribution over named outcomes; returns the bar container."""
    bars = ax.bar(np.arange(len(labels)), probs, color=color, width=0.7)
    ax.set_xticks(np.arange(len(labels)), labels)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, 1)
    return bars


# --- Chapter 7: the four-class data set, decision regions, loss curves -------------------------------

#: One colour per class of the chapter 7 data set (Okabe-Ito).
CLASS_COLORS = (COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["purple"])
#: One marker per class, so the classes differ by shape as well as colour.
CLASS_MARKERS = ("o", "s", "^", "D")


def region_image(params, extent, n_grid: int) -> np.ndarray:
    """RGB image of a softmax-regression model's decision regions, paler where it is less sure.

    A pixel takes the colour of the most probable class (:data:`CLASS_COLORS`):
    white where the prediction is uniform (``max q = 1/C``), a 55% tint of the
    class colour where the model is certain.  ``params`` are those of
    :func:`lib.train.predict_proba`; row 0 of the image is the bottom of
    ``extent = (xmin, xmax, ymin, ymax)`` (draw with ``origin="lower"``).
    """
    from matplotlib.colors import to_rgb

    from .train import predict_proba

    xs = np.linspace(extent[0], extent[1], n_grid)
    ys = np.linspace(extent[2], extent[3], n_grid)
    grid = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    q = predict_proba(params, grid)
    n_classes = q.shape[1]
    sure = (q.max(axis=1) - 1 / n_classes) / (1 - 1 / n_classes)
    colors = np.array([to_rgb(c) for c in CLASS_COLORS[:n_classes]])[np.argmax(q, axis=1)]
    rgb = 1.0 - 0.55 * sure[:, None] * (1.0 - colors)
    return rgb.reshape(n_grid, n_grid, 3)


def draw_regions(ax, params, X, y, *, extent=(-5.0, 5.0, -5.0, 5.0), n_grid: int = 60):
    """Decision regions of ``params`` (:func:`region_image`) with the points ``(X, y)``; returns the image."""
    img = ax.imshow(region_image(params, extent, n_grid), extent=extent, origin="lower", interpolation="nearest")
    for k in range(int(np.max(y)) + 1):
        ax.scatter(*X[y == k].T, s=14, marker=CLASS_MARKERS[k], color=CLASS_COLORS[k], edgecolors="black",
                   linewidths=0.4, label=f"class {k}")
    ax.set(xlim=extent[:2], ylim=extent[2:], xlabel="$x_1$", ylabel="$x_2$", aspect="equal")
    ax.grid(False)
    return img


def mark_points(ax, points, names):
    """Black stars at ``points`` (shape (k, 2)), each labelled with its name in a white box."""
    points = np.asarray(points, dtype=float)
    ax.plot(*points.T, "*", color="black", markersize=16, markeredgecolor="white")
    for name, (px, py) in zip(names, points):
        ax.annotate(name, (px, py), xytext=(7, 7), textcoords="offset points", fontsize=14, fontweight="bold",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85))


def nll_over_models(ax, q_grid, nll, *, floor, q_true, gap_at):
    """Chapter 7's curve of the negative log-likelihood (bits) over binary models ``(q_A, 1 - q_A)``.

    Draws ``nll(q_grid)`` with a dot at its minimum, the entropy floor (dashed),
    the true ``q_A`` (dotted) and a double arrow for ``D(p_hat || q)`` at ``q_A = gap_at``.
    """
    q_grid, nll = np.asarray(q_grid), np.asarray(nll)
    best = int(np.argmin(nll))
    line, marker = curve_with_marker(ax, q_grid, nll, label="$H(\\hat p, q)$ = NLL per letter")
    marker.set_data([q_grid[best]], [nll[best]])
    ax.axhline(floor, ls="--", color=COLORS["grey"], lw=1.5, label="entropy floor $H(\\hat p)$")
    ax.axvline(q_true, ls=":", color=COLORS["green"], lw=1.5, label=f"true $q_A = {q_true:g}$")
    top = float(np.interp(gap_at, q_grid, nll))
    ax.annotate("", xy=(gap_at, floor), xytext=(gap_at, top),
                arrowprops=dict(arrowstyle="<->", color=COLORS["vermillion"], lw=1.5))
    ax.text(gap_at - 0.02, (floor + top) / 2, "$D(\\hat p\\,\\|\\,q)$", color=COLORS["vermillion"], ha="right")
    ax.set(xlabel="model's probability of an A, $q_A$", ylabel="bits per letter", ylim=(0, 3), xlim=(0, 1))
    ax.legend(loc="upper right")


def loss_with_floors(ax, losses, *, label, floors):
    """A training-loss curve (nats, symlog step axis) with labelled horizontal lines.

    ``floors`` is a sequence of ``(value, text, linestyle, colour)``; each text is
    written at the right end, above its line for dotted lines and below otherwise.
    """
    n = len(losses) - 1
    ax.plot(losses)
    ax.text(1.5, 0.8, label, color=COLORS["blue"])
    for value, text, ls, color in floors:
        ax.axhline(value, ls=ls, color=color, lw=1.5)
        above = ls == ":"
        ax.text(0.97 * n, value + (0.01 if above else -0.01), text, ha="right", va="bottom" if above else "top",
                color=color)
    ax.set(xlabel="step (log scale after 1)", ylabel="loss (nats)", ylim=(0.25, 1.45), xlim=(0, n),
           xscale="symlog")


def bars_with_truth(axes, q_rows, p_rows, titles):
    """One panel per row: predicted probabilities as bars, true probabilities as black dashes."""
    for j, (ax, q, p, title) in enumerate(zip(axes, q_rows, p_rows, titles)):
        classes = [str(k) for k in range(len(q))]
        distribution_bars(ax, classes, q, ylabel="probability" if j == 0 else "")
        ax.plot(np.arange(len(p)), p, "_", color="black", markersize=28, markeredgewidth=2.5)
        ax.set(title=title, xlabel="class")
