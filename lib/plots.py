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
