"""Figure helpers and the book's single plotting style.

Every chapter calls :func:`use_book_style` once (in its hidden setup cell) and
then draws with the helpers here, so all figures share fonts, colours (the
colour-blind-safe Okabe-Ito palette) and layout.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

__all__ = [
    "STYLE",
    "COLORS",
    "CLASS_COLORS",
    "CLASS_MARKERS",
    "use_book_style",
    "new_figure",
    "curve_with_marker",
    "distribution_bars",
    "grouped_bars",
    "labelled_bars",
    "comparison_bars",
    "code_tree",
    "codeword_space",
    "region_image",
    "draw_regions",
    "mark_points",
    "nll_over_models",
    "loss_with_floors",
    "bars_with_truth",
]

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


def grouped_bars(ax, heights, colors, labels, *, width=0.38):
    """Side-by-side bars, one series per colour, around each tick ``0, 1, ...``; returns the bar containers.

    ``heights`` holds one row of bar heights per series.  A slot's bars are
    ``width`` wide with a gap of 0.02 between them.
    """
    heights = np.asarray(heights, dtype=float)
    x, step = np.arange(heights.shape[1]), width + 0.02
    shifts = (np.arange(len(heights)) - (len(heights) - 1) / 2) * step
    return [
        ax.bar(x + dx, h, width=width, color=c, label=lab)
        for dx, h, c, lab in zip(shifts, heights, colors, labels)
    ]


def labelled_bars(ax, bars, *, fontsize=11):
    """A value label over each of ``bars``; returns ``show(values, fmt="{:.3f}", *, pad=0.01, cap=inf)``.

    ``show`` sets each bar's height to its value, at most ``cap`` (an infinite
    value stops there), and writes the value, formatted with ``fmt``, ``pad``
    above the bar's top.
    """
    texts = [ax.text(b.get_x() + b.get_width() / 2, 0.0, "", ha="center", va="bottom", fontsize=fontsize) for b in bars]

    def show(values, fmt="{:.3f}", *, pad=0.01, cap=math.inf):
        for bar, text, v in zip(bars, texts, values):
            shown = min(float(v), cap)
            bar.set_height(shown)
            text.set_position((text.get_position()[0], shown + pad))
            text.set_text(fmt.format(v))

    return show


def comparison_bars(ax, labels, colors, *, ymax: float, ylabel: str):
    """A few named numbers as bars with their values written above them, on a fixed scale up to ``ymax``.

    Returns ``set_values(values, fmt="{:.3f}")``; a value too tall for the
    axes (or infinite) stops just under the top edge, its label still exact.
    """
    x = np.arange(len(labels))
    bars = ax.bar(x, np.zeros(len(labels)), color=list(colors), width=0.6)
    ax.set_xticks(x, labels)
    ax.set_ylim(0, ymax)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set_ylabel(ylabel)
    show = labelled_bars(ax, bars, fontsize=12)
    return lambda values, fmt="{:.3f}": show(values, fmt, pad=ymax * 0.01, cap=ymax * 0.88)


def code_tree(ax, labels, code, *, probs=None, color=COLORS["blue"]):
    """Draw a binary prefix code as a tree of yes/no questions (chapter 2).

    Each fork asks "is it one of the outcomes on the left?", answered yes = 0
    (left) or no = 1 (right); an outcome's codeword is the answers on the path
    from the root down to its leaf, so its depth is its codeword length ``l_i``.
    A fork shows its question; a leaf shows the outcome's label, its codeword
    and, if ``probs`` is given, its probability.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw; its axis frame is switched off.
    labels : sequence of str
        One label per outcome.
    code : sequence of str
        One codeword of ``0``/``1`` characters per outcome, prefix-free.
    probs : sequence of float, optional
        One probability per outcome, written under the codeword.

    Returns
    -------
    dict
        ``codeword -> (x, y)``: where each node was drawn (``y = -depth``); the
        root is ``""``.

    Raises
    ------
    ValueError
        If ``labels``, ``code`` and ``probs`` differ in length, a codeword is
        empty or not made of 0s and 1s, or one codeword is a prefix of another.
    """
    words = [str(w) for w in code]
    if len(labels) != len(words) or (probs is not None and len(probs) != len(words)):
        raise ValueError("labels, code and probs must have one entry per outcome")
    if any(not w or set(w) - {"0", "1"} for w in words):
        raise ValueError(f"code must be non-empty strings of 0s and 1s, got {words!r}")
    if any(a != b and b.startswith(a) for a in words for b in words) or len(set(words)) < len(words):
        raise ValueError(f"code must be prefix-free, got {words!r}")
    xy = {w: (float(rank), -len(w)) for rank, w in enumerate(sorted(words))}  # sorted = left to right
    for node in sorted({w[:d] for w in words for d in range(len(w))}, key=len, reverse=True):
        kids = [xy[k][0] for k in (node + "0", node + "1") if k in xy]
        xy[node] = (sum(kids) / len(kids), -len(node))
    for node, (x, y) in xy.items():
        if node:
            px, py = xy[node[:-1]]
            ax.plot([px, x], [py, y], color=COLORS["grey"], lw=1.5, zorder=1)
            answer = "0 yes" if node[-1] == "0" else "1 no"
            ax.text((px + x) / 2, (py + y) / 2, answer, ha="center", va="center", fontsize=10,
                    bbox=dict(boxstyle="circle,pad=0.15", fc="white", ec="none"))
    for i, w in enumerate(words):
        x, y = xy[w]
        text = f"{labels[i]}\n{w}" + ("" if probs is None else f"\np = {probs[i]:g}")
        ax.text(x, y, text, ha="center", va="top", fontsize=11, color="white",
                bbox=dict(boxstyle="round,pad=0.3", fc=color, ec="none"))
    inner = [xy[n] for n in xy if n not in words]
    ax.plot([p[0] for p in inner], [p[1] for p in inner], "o", ms=14, color=COLORS["orange"], zorder=2)
    for node in (n for n in xy if n not in words):
        left = [labels[i] for i, w in enumerate(words) if w.startswith(node + "0")]
        ax.text(xy[node][0] + 0.12, xy[node][1] + 0.12, " or ".join(left) + "?", ha="left", va="bottom",
                fontsize=11)
    depth = max(len(w) for w in words)
    ax.set_xlim(-0.6, len(words) - 0.4)
    ax.set_ylim(-depth - 1.1, 0.4)
    ax.set_axis_off()
    return xy


def codeword_space(ax, codes: dict, labels) -> None:
    """Each prefix code as a row of the unit interval of bit strings, one box per codeword.

    A codeword ``w`` of length ``l`` stands for every bit string that begins with
    it: the interval ``[int(w, 2) / 2**l, (int(w, 2) + 1) / 2**l)``, of width
    ``2**-l``.  In a prefix code the boxes never overlap, so their widths (the
    Kraft sum) add up to at most 1; what is left is shown hatched as unused.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    codes : dict
        Row title -> list of codewords (``code[i]`` for outcome ``i``), drawn top to bottom.
    labels : sequence of str
        Outcome names, written in each box with its codeword.
    """
    palette = [COLORS[c] for c in ("blue", "orange", "green", "sky", "purple", "yellow", "vermillion", "grey")]
    for row, (title, code) in enumerate(codes.items()):
        y = -1.3 * row
        for i, word in enumerate(code):
            start, width = int(word, 2) / 2 ** len(word), 2.0 ** -len(word)
            ax.barh(y, width, left=start, height=0.8, color=palette[i % len(palette)], edgecolor="white")
            narrow = width < 0.2
            ax.text(start + width / 2, y, f"{labels[i]}\n{word}" if not narrow else f"{labels[i]} {word}",
                    ha="center", va="center", fontsize=10 if not narrow else 8 if width > 0.02 else 7,
                    rotation=90 if narrow else 0)
        used = sum(2.0 ** -len(w) for w in code)
        if used < 1:
            ax.barh(y, 1 - used, left=used, height=0.8, color="white", edgecolor=COLORS["grey"], hatch="//")
            ax.text(used + (1 - used) / 2, y, "unused", ha="center", va="center", fontsize=8, rotation=90,
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        ax.text(0, y + 0.45, title, ha="left", va="bottom", fontsize=11)
    ax.set_xlim(0, 1)
    ax.set_ylim(-1.3 * (len(codes) - 1) - 0.5, 0.95)
    ax.set_yticks([])
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["0", "1/4", "1/2", "3/4", "1"])
    ax.set_xlabel("share of all bit strings: a codeword of length $l$ covers $2^{-l}$ of them")
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)


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
