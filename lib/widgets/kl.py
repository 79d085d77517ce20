"""Chapter 4 widget: two binary distributions and the KL divergence both ways."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import plots
from ..information import kl_divergence
from ._core import Control, FrameWidget, frame_widget, register
from .entropy import comparison_bars

__all__ = ["kl_two_coins_widget", "KL_PROBS"]

#: Probabilities of the first outcome offered for p and for q (the coin's 0.5 and 0.25,
#: the alphabet's 0.8 and 0.2, and two extremes).
KL_PROBS = (0.05, 0.2, 0.25, 0.5, 0.8, 0.95)


@register("kl-two-coins")
def kl_two_coins_widget(
    probs: Sequence[float] = KL_PROBS, *, initial_p: float = 0.5, initial_q: float = 0.25
) -> FrameWidget:
    """Two sliders, for ``p = (a, 1 - a)`` and ``q = (b, 1 - b)``; both distributions and both divergences.

    The right panel shows ``D(p || q)`` and ``D(q || p)`` in bits side by side,
    both from :func:`lib.kl_divergence`.
    """
    probs = tuple(float(v) for v in probs)
    fig, (ax, ax_d) = plots.new_figure(1, 2, figsize=(7.2, 3.4), width_ratios=[1.4, 1])
    x = np.arange(2)
    bars_p = ax.bar(x - 0.18, [0.5, 0.5], width=0.34, color=plots.COLORS["blue"], label="$p$")
    bars_q = ax.bar(x + 0.18, [0.5, 0.5], width=0.34, color=plots.COLORS["orange"], label="$q$")
    ax.set_xticks(x, ["heads", "tails"])
    ax.set_ylim(0, 1.15)
    ax.set_ylabel("probability")
    ax.legend(loc="upper center", ncols=2)
    ymax = 4.6  # the largest divergence offered, 0.9 log2(19) = 3.82 bits, fits with its label
    set_values = comparison_bars(
        ax_d,
        ["$D(p\\,\\|\\,q)$", "$D(q\\,\\|\\,p)$"],
        [plots.COLORS["blue"], plots.COLORS["orange"]],
        ymax=ymax,
        ylabel="bits",
    )

    def update(a, b):
        p, q = np.array([a, 1.0 - a]), np.array([b, 1.0 - b])
        for bar, v in zip(bars_p, p):
            bar.set_height(v)
        for bar, v in zip(bars_q, q):
            bar.set_height(v)
        d_pq, d_qp = float(kl_divergence(p, q)), float(kl_divergence(q, p))
        set_values([d_pq, d_qp])
        return {"a_tail": 1.0 - a, "b_tail": 1.0 - b, "pq": d_pq, "qp": d_qp}

    return frame_widget(
        fig,
        update,
        [
            Control("a", probs, "p(heads)", "{:.2f}", initial=probs.index(initial_p)),
            Control("b", probs, "q(heads)", "{:.2f}", initial=probs.index(initial_q)),
        ],
        title="kl-two-coins",
        readout="p = ({a:.2f}, {a_tail:.2f}), q = ({b:.2f}, {b_tail:.2f}): "
        "<b>D(p&#8214;q) = {pq:.4f} bits</b>, <b>D(q&#8214;p) = {qp:.4f} bits</b>",
        alt="Left: grouped bars of two coins' probabilities p and q for heads and tails. Right: two bars, the "
        "KL divergence D(p||q) and D(q||p) in bits; they are equal when p = q (both 0) or when q is p's "
        "mirror image, and differ otherwise.",
    )
