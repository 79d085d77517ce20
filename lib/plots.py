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
