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
