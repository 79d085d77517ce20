"""Chapter 8 widget: a 2x2 joint table, how dependent its two variables are, and the four quantities as bars."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import plots
from ..information import entropy
from ..joint import conditional_entropy, joint_entropy, marginal, mutual_information
from ._core import Control, FrameWidget, frame_widget, register

__all__ = [
    "mutual_information_widget",
    "information_quantities",
    "information_bars",
    "table_panel",
    "toward_dependence",
    "WEATHER_ROWS",
    "UMBRELLA_COLUMNS",
    "MI_PRESETS",
    "DEPENDENCE",
]

#: Rows of the chapter's tables: the weather X.
WEATHER_ROWS = ("sun", "rain")
#: Columns of the chapter's tables: the umbrella Y.
UMBRELLA_COLUMNS = ("no umbrella", "umbrella")

#: The widget's presets: name -> the most dependent table (rows sun, rain; columns no umbrella, umbrella).
#: The weather-and-umbrella table; an umbrella exactly when it rains (Y = X); exactly when it is sunny.
MI_PRESETS = {
    "umbrella table": ((0.60, 0.10), (0.05, 0.25)),
    "Y = X": ((0.70, 0.00), (0.00, 0.30)),
    "Y = not X": ((0.00, 0.70), (0.30, 0.00)),
}

#: Positions of the "how dependent" slider: the weight ``t`` of the preset's table.
DEPENDENCE = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)

_COLORS = {"x_given_y": plots.COLORS["blue"], "mi": plots.COLORS["green"], "y_given_x": plots.COLORS["orange"]}


def toward_dependence(pxy, t: float) -> np.ndarray:
    """The table ``(1 - t) p(x) p(y) + t p(x, y)``: independent at ``t = 0``, ``pxy`` at ``t = 1``.

    Parameters
    ----------
    pxy : array_like of float, shape (r, c)
        A joint table (rows ``X``, columns ``Y``) summing to 1.
    t : float
        How dependent, in [0, 1].

    Returns
    -------
    numpy.ndarray of float64, shape (r, c)
        A joint table with the same marginals ``p(x)`` and ``p(y)`` as
        ``pxy`` for every ``t`` (so ``H(X)`` and ``H(Y)`` do not change);
        exactly the outer product of the marginals at ``t = 0`` and exactly
        ``pxy`` at ``t = 1``.  ``I(X; Y)`` grows with ``t`` (it is convex
        along the segment and 0 at ``t = 0``).

    Raises
    ------
    ValueError
        If ``pxy`` is not a 2-D joint table or ``t`` is outside [0, 1].

    Examples
    --------
    >>> toward_dependence([[0.5, 0.0], [0.0, 0.5]], 0.5)
    array([[0.375, 0.125],
           [0.125, 0.375]])
    """
    pxy = np.asarray(pxy, dtype=float)
    if pxy.ndim != 2:
        raise ValueError(f"pxy must be a 2-D joint table, got shape {pxy.shape}")
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"t must be in [0, 1], got {t!r}")
    independent = np.outer(marginal(pxy, keep=0), marginal(pxy, keep=1))
    if t == 0.0:
        return independent
    if t == 1.0:
        return pxy.copy()
    return (1.0 - t) * independent + t * pxy


def information_quantities(pxy) -> dict[str, float]:
    """The six numbers of a 2-D joint table, in bits, each computed by its own :mod:`lib` function.

    Keys: ``hx``, ``hy`` (:func:`lib.entropy` of the marginals), ``hxy``
    (:func:`lib.joint_entropy`), ``hy_x`` and ``hx_y``
    (:func:`lib.conditional_entropy` given rows, given columns) and ``mi``
    (:func:`lib.mutual_information`).
    """
    return {
        "hx": float(entropy(marginal(pxy, keep=0))),
        "hy": float(entropy(marginal(pxy, keep=1))),
        "hxy": float(joint_entropy(pxy)),
        "hy_x": float(conditional_entropy(pxy, given=0)),
        "hx_y": float(conditional_entropy(pxy, given=1)),
        "mi": float(mutual_information(pxy)),
    }


def information_bars(ax, *, xmax: float = 2.0, fontsize: float = 10):
    """MacKay's picture of two variables: ``H(X, Y)`` on top, ``H(X)`` and ``H(Y)`` below, overlapping in ``I``.

    The ``H(X)`` bar is ``H(X | Y)`` (blue) then ``I(X; Y)`` (green); the
    ``H(Y)`` bar starts where ``I`` starts and is ``I`` then ``H(Y | X)``
    (orange); the ``H(X, Y)`` bar spans both.  Returns ``set_table(pxy)``,
    which redraws the bars for a 2-D table and returns
    :func:`information_quantities` of it.
    """
    rows = {"hxy": 2, "hx": 1, "hy": 0}
    names = {"x_given_y": "$H(X|Y)$", "mi": "$I(X;Y)$", "y_given_x": "$H(Y|X)$"}
    keys = {"x_given_y": "hx_y", "mi": "mi", "y_given_x": "hy_x"}
    segments = {("hxy", "whole"): ax.barh(2, 0.0, color=plots.COLORS["grey"], height=0.6)[0]}
    for row, part in (("hx", "x_given_y"), ("hx", "mi"), ("hy", "mi"), ("hy", "y_given_x")):
        label = names[part] if row == "hx" or part == "y_given_x" else None
        segments[row, part] = ax.barh(rows[row], 0.0, color=_COLORS[part], height=0.6, label=label)[0]
    inside = {key: ax.text(0, rows[key[0]], "", ha="center", va="center", fontsize=fontsize, color="white")
              for key in segments if key[1] != "whole"}
    totals = {row: ax.text(0, y, "", ha="left", va="center", fontsize=fontsize) for row, y in rows.items()}
    guides = [ax.axvline(0, color="black", lw=0.8, ls=":", zorder=0) for _ in range(2)]
    ax.set_yticks([2, 1, 0], ["$H(X,Y)$", "$H(X)$", "$H(Y)$"])
    ax.set_xlim(0, xmax * 1.2)
    ax.set_ylim(-0.6, 2.6)
    ax.set_xlabel("bits")
    ax.grid(False)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, frameon=False, fontsize=fontsize,
              handlelength=1.2, columnspacing=1.2)
    per_label = 0.3 * xmax / 2.0  # bits of axis that a three-decimal value needs

    def set_table(pxy) -> dict[str, float]:
        v = information_quantities(pxy)
        spans = {
            ("hxy", "whole"): (0.0, v["hxy"]),
            ("hx", "x_given_y"): (0.0, v["hx_y"]),
            ("hx", "mi"): (v["hx_y"], v["mi"]),
            ("hy", "mi"): (v["hx_y"], v["mi"]),
            ("hy", "y_given_x"): (v["hx_y"] + v["mi"], v["hy_x"]),
        }
        for key, (left, width) in spans.items():
            segments[key].set_x(left)
            segments[key].set_width(width)
            if key in inside:
                inside[key].set_x(left + width / 2)
                inside[key].set_text(f"{v[keys[key[1]]]:.3f}" if width >= per_label else "")
        ends = {"hxy": v["hxy"], "hx": v["hx"], "hy": v["hx_y"] + v["hy"]}
        for row, text in totals.items():
            text.set_x(ends[row] + 0.04 * per_label)
            text.set_text(f"{v[row]:.3f}")
        guides[0].set_xdata([v["hx_y"]] * 2)
        guides[1].set_xdata([v["hx_y"] + v["mi"]] * 2)
        return v

    return set_table


def table_panel(ax, rows: Sequence[str] = WEATHER_ROWS, columns: Sequence[str] = UMBRELLA_COLUMNS):
    """A 2-D joint table as shaded cells with their probabilities written in; returns ``set_table(pxy)``."""
    image = ax.imshow(np.zeros((len(rows), len(columns))), cmap="Blues", vmin=0.0, vmax=1.0)
    texts = [[ax.text(j, i, "", ha="center", va="center", fontsize=12) for j in range(len(columns))]
             for i in range(len(rows))]
    ax.set_xticks(range(len(columns)), columns)
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)

    def set_table(pxy) -> None:
        pxy = np.asarray(pxy, dtype=float)
        image.set_data(pxy)
        for i, row in enumerate(texts):
            for j, text in enumerate(row):
                text.set_text(f"{pxy[i, j]:.3f}")
                text.set_color("white" if pxy[i, j] > 0.45 else "black")

    return set_table


@register("mutual-information")
def mutual_information_widget(
    presets: dict = MI_PRESETS, dependence: Sequence[float] = DEPENDENCE, *, initial_t: float = 1.0
) -> FrameWidget:
    """A preset table and a "how dependent" slider ``t``; the table and its four quantities as bars.

    The table shown is :func:`toward_dependence` ``(preset, t)``: the
    preset's marginals never change, so ``H(X)`` and ``H(Y)`` stay put while
    ``t`` moves the two bars into each other, from no overlap (``t = 0``,
    independent, ``I = 0``) to the preset itself (``t = 1``).
    """
    dependence = tuple(float(t) for t in dependence)
    fig, (ax_t, ax_b) = plots.new_figure(1, 2, figsize=(8.0, 3.0), width_ratios=[1, 1.75])
    set_cells = table_panel(ax_t)
    set_bars = information_bars(ax_b)
    ax_t.set_xlabel("umbrella $Y$")
    ax_t.set_ylabel("weather $X$")

    def update(preset, t):
        pxy = toward_dependence(np.array(presets[preset], dtype=float), t)
        set_cells(pxy)
        ax_t.set_title(f"{preset}, t = {t:.1f}", fontsize=12)
        v = set_bars(pxy)
        return {**v, "cells": ", ".join(f"{p:.3f}" for p in pxy.ravel())}

    names = tuple(presets)
    return frame_widget(
        fig,
        update,
        [
            Control("preset", names, "table", "{}", kind="buttons"),
            Control("t", dependence, "how dependent, t", "{:.1f}", initial=dependence.index(initial_t)),
        ],
        readout="{preset}, t = {t:.1f}, p(x, y) = ({cells}): H(X) = {hx:.3f}, H(Y) = {hy:.3f}, "
        "H(X, Y) = {hxy:.3f}, H(Y | X) = {hy_x:.3f}, H(X | Y) = {hx_y:.3f}, <b>I(X; Y) = {mi:.3f} bits</b>",
        alt="Left: a two-by-two table of probabilities, weather (sun, rain) against umbrella (no, yes), darker "
        "for larger probabilities. Right: three horizontal bars in bits. The top bar is the joint entropy "
        "H(X, Y); below it the bar H(X) is split into H(X|Y) and I(X;Y), and the bar H(Y) starts where I "
        "starts and is split into I(X;Y) and H(Y|X), so the two bars overlap by the mutual information. At "
        "t = 0 the table is independent and the bars do not overlap; as t grows they slide into each other.",
    )
