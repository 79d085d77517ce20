"""Chapter 3 widget: a true distribution p, a belief q, and the cross-entropy H(p, q) outcome by outcome."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import plots
from ..examples import WEATHER
from ..information import cross_entropy, entropy
from ._core import Control, FrameWidget, frame_widget, register

__all__ = ["cross_entropy_widget", "mix_belief", "CE_PRESETS", "CE_MIXES"]

_WEATHER = tuple(float(v) for v in WEATHER.p)

#: Presets of the cross-entropy widget: name -> (outcome labels, truth p, the "wrong" belief).
CE_PRESETS = {
    "weather": (WEATHER.labels, _WEATHER, _WEATHER[::-1]),
    "coin": (("heads", "tails"), (0.5, 0.5), (0.25, 0.75)),
    "alphabet 80/20": (("A", "B"), (0.8, 0.2), (0.2, 0.8)),
    "alphabet 60/40": (("A", "B"), (0.6, 0.4), (0.4, 0.6)),
    "90/10 vs 99.9/0.1": (("A", "B"), (0.9, 0.1), (0.999, 0.001)),
    "90/10 vs 70/30": (("A", "B"), (0.9, 0.1), (0.7, 0.3)),
}

#: Positions of the belief slider: the share ``t`` of the wrong belief in ``q``.
CE_MIXES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)


def mix_belief(p, wrong, t: float) -> np.ndarray:
    """The belief ``q = (1 - t) p + t wrong``: ``q = p`` at ``t = 0``, ``q = wrong`` at ``t = 1``.

    Parameters
    ----------
    p, wrong : array_like of float, shape (n,)
        Two distributions over the same outcomes.
    t : float
        Mixing weight in [0, 1].

    Returns
    -------
    numpy.ndarray of float64, shape (n,)
        A distribution (a mixture of two distributions is one); exactly
        ``p`` for ``t = 0`` and exactly ``wrong`` for ``t = 1``.

    Raises
    ------
    ValueError
        If ``t`` is outside [0, 1] or the shapes differ.

    Examples
    --------
    >>> mix_belief([0.5, 0.5], [0.25, 0.75], 0.5)
    array([0.375, 0.625])
    """
    p, wrong = np.asarray(p, dtype=float), np.asarray(wrong, dtype=float)
    if p.shape != wrong.shape:
        raise ValueError(f"p and wrong must have the same shape, got {p.shape} and {wrong.shape}")
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"t must be in [0, 1], got {t!r}")
    return (1.0 - t) * p + t * wrong


@register("cross-entropy")
def cross_entropy_widget(
    presets: dict = CE_PRESETS, mixes: Sequence[float] = CE_MIXES, *, initial_mix: float = 1.0
) -> FrameWidget:
    """A preset (truth ``p`` and a wrong belief) and a slider moving ``q`` from ``p`` to that belief.

    Top left: ``p`` and ``q`` as bars.  Bottom left: each outcome's share of
    the entropy, ``p_i log2(1/p_i)``, next to its share of the cross-entropy,
    ``p_i log2(1/q_i)``.  Right: their sums ``H(p)`` and ``H(p, q)`` in bits,
    from :func:`lib.entropy` and :func:`lib.cross_entropy`; equal only at
    ``q = p`` (the slider at 0).
    """
    mixes = tuple(float(t) for t in mixes)
    nmax = max(len(labels) for labels, _, _ in presets.values())
    blue, orange = plots.COLORS["blue"], plots.COLORS["orange"]
    fig, axes = plots.new_figure(2, 2, figsize=(7.6, 5.0), width_ratios=[2.6, 1])
    ax_pq, ax_c = axes[:, 0]
    grid = axes[0, 1].get_gridspec()
    for ax in axes[:, 1]:
        ax.remove()
    ax_t = fig.add_subplot(grid[:, 1])
    empty = np.zeros((2, nmax))
    bars_p, bars_q = plots.grouped_bars(ax_pq, empty, (blue, orange), ("truth $p$", "belief $q$"))
    bars_h, bars_ce = plots.grouped_bars(ax_c, empty, (blue, orange), ("$p_i\\log_2(1/p_i)$", "$p_i\\log_2(1/q_i)$"))
    ax_pq.set_ylabel("probability")
    ax_pq.set_ylim(0, 1.2)
    ax_pq.legend(loc="upper right", ncols=2)
    ax_c.set_ylabel("bits")
    ax_c.legend(loc="upper right", ncols=2)
    show_totals = plots.labelled_bars(ax_t, ax_t.bar([0, 1], [0.0, 0.0], color=[blue, orange], width=0.6), fontsize=12)
    ax_t.set_xticks([0, 1], ["$H(p)$", "$H(p,q)$"])
    ax_t.set_xlim(-0.6, 1.6)
    ax_t.set_ylabel("bits per outcome")

    def update(preset, t):
        labels, p, wrong = presets[preset]
        p, n = np.asarray(p, dtype=float), len(labels)
        q = mix_belief(p, wrong, t)
        h, ce = float(entropy(p)), float(cross_entropy(p, q))
        worst = float(cross_entropy(p, np.asarray(wrong, dtype=float)))
        parts_h, parts_ce = p * np.log2(1 / p), p * np.log2(1 / q)
        for bars, values in ((bars_p, p), (bars_q, q), (bars_h, parts_h), (bars_ce, parts_ce)):
            for i, bar in enumerate(bars):
                bar.set_height(values[i] if i < n else 0.0)
        for ax in (ax_pq, ax_c):
            ax.set_xticks(np.arange(n), labels)
            ax.set_xlim(-0.6, n - 0.4)
        top = float(np.max(p * np.log2(1 / np.asarray(wrong, dtype=float))))
        ax_c.set_ylim(0, 1.45 * top)
        ax_t.set_ylim(0, 1.2 * worst)
        show_totals((h, ce), pad=0.01 * worst)
        ax_pq.set_title(f"{preset}: q {t:.0%} of the way to the wrong belief", fontsize=12)
        return {"h": h, "ce": ce, "extra": ce - h, "q_text": ", ".join(f"{v:.3f}" for v in q)}

    names = tuple(presets)
    return frame_widget(
        fig,
        update,
        [
            Control("preset", names, "example", "{}", kind="buttons"),
            Control("t", mixes, "share of the wrong belief in q", "{:.1f}", initial=mixes.index(initial_mix)),
        ],
        readout="{preset}, q = ({q_text}): entropy <b>H(p) = {h:.3f} bits</b>, "
        "cross-entropy <b>H(p, q) = {ce:.3f} bits</b> ({extra:.3f} bits more)",
        alt="Top: bars of the true distribution p and the belief q for each outcome of the chosen example. "
        "Bottom: each outcome's contribution to the entropy, p log 1/p, next to its contribution to the "
        "cross-entropy, p log 1/q. Right: the totals H(p) and H(p, q) in bits; they are equal when the slider "
        "is at 0 (q = p) and H(p, q) grows as q moves towards the wrong belief.",
    )
