"""Chapter 2 widgets: the binary-entropy curve, and a distribution over n outcomes against log n."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import plots
from ..examples import WEATHER
from ..information import entropy
from ._core import Control, FrameWidget, frame_widget, register

__all__ = [
    "binary_entropy_widget",
    "n_outcome_entropy_widget",
    "entropy_examples_widget",
    "ENTROPY_EXAMPLES",
    "shaped_distribution",
    "peaked_distribution",
    "BINARY_PROBS",
    "BETAS",
    "N_OUTCOMES",
    "ALL_OUTCOMES",
    "FIRST_HALF",
    "uniform_over_first",
]

#: Probabilities offered by the binary-entropy slider: 0.00, 0.05, ..., 1.00.
BINARY_PROBS = tuple(round(0.05 * k, 2) for k in range(21))

#: Peakedness values offered by the n-outcome widget's slider, from uniform (0) to peaked (3).
BETAS = (0.0, 0.5, 1.0, 2.0, 3.0)

#: Numbers of outcomes offered by the n-outcome widget's other slider.
N_OUTCOMES = tuple(range(2, 9))

#: The chapter's own distributions, offered by :func:`entropy_examples_widget` (name -> probabilities).
ENTROPY_EXAMPLES = {
    "eight weathers": tuple(float(v) for v in WEATHER.p),
    "½, ¼, ⅛, ⅛": (1 / 2, 1 / 4, 1 / 8, 1 / 8),
    "75/25 station": (0.75, 0.25),
    "loaded die": (0.1, 0.1, 0.1, 0.1, 0.1, 0.5),
    "fair die": (1 / 6,) * 6,
}

#: The n-outcome widget's two supports: every outcome can happen, or only the first ``ceil(n / 2)``.
ALL_OUTCOMES = "all n"
FIRST_HALF = "first half"


def shaped_distribution(n: int, beta: float) -> np.ndarray:
    """The distribution ``p_i = exp(-beta * i) / Z`` over ``n`` outcomes ``i = 1, ..., n``.

    ``Z = sum_i exp(-beta * i)`` makes the probabilities add up to 1.

    Parameters
    ----------
    n : int
        Number of outcomes, at least 1.
    beta : float
        Decay rate, ``>= 0``: 0 gives the uniform distribution; the larger
        ``beta``, the more probability sits on the first outcome.

    Returns
    -------
    numpy.ndarray of float64, shape (n,)
        Non-negative, decreasing, summing to 1 (normalised by its own sum).

    Raises
    ------
    ValueError
        If ``n`` is not an integer >= 1 or ``beta`` is negative or not finite.

    Examples
    --------
    >>> shaped_distribution(4, 0.0)
    array([0.25, 0.25, 0.25, 0.25])
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    if not np.isfinite(beta) or beta < 0:
        raise ValueError(f"beta must be a finite number >= 0, got {beta!r}")
    w = np.exp(-float(beta) * np.arange(n))  # exp(-beta * (i - 1)): the same after normalising
    return w / w.sum()


def _check_counts(n, m) -> None:
    """Raise ValueError unless ``n >= 1`` and ``1 <= m <= n`` are integers."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or not 1 <= m <= n:
        raise ValueError(f"m must be an integer with 1 <= m <= n = {n}, got {m!r}")


def uniform_over_first(n: int, m: int) -> np.ndarray:
    """The distribution over ``n`` outcomes that is uniform on the first ``m`` and 0 on the rest.

    ``p_i = 1/m`` for ``i = 1, ..., m`` and ``p_i = 0`` for ``i > m``; its entropy is ``log2 m``.

    Raises
    ------
    ValueError
        If ``n`` is not an integer >= 1, or ``m`` is not an integer with ``1 <= m <= n``.

    Examples
    --------
    >>> uniform_over_first(4, 2)
    array([0.5, 0.5, 0. , 0. ])
    """
    _check_counts(n, m)
    return np.where(np.arange(n) < m, 1.0 / m, 0.0)


def peaked_distribution(n: int, beta: float, m: int) -> np.ndarray:
    """``p_i = exp(-beta * (i - 1)) / Z`` for the first ``m`` of ``n`` outcomes, ``p_i = 0`` for ``i > m``.

    ``Z = sum_{i <= m} exp(-beta * (i - 1))``: this is :func:`shaped_distribution` ``(m, beta)``
    followed by ``n - m`` zeros.  ``beta = 0`` gives :func:`uniform_over_first` ``(n, m)``.

    Raises
    ------
    ValueError
        If ``n`` is not an integer >= 1, ``m`` not an integer with ``1 <= m <= n``, or
        ``beta`` negative or not finite.

    Examples
    --------
    >>> peaked_distribution(4, 0.0, 2)
    array([0.5, 0.5, 0. , 0. ])
    """
    _check_counts(n, m)
    return np.concatenate([shaped_distribution(m, beta), np.zeros(n - m)])


@register("binary-entropy")
def binary_entropy_widget(probs: Sequence[float] = BINARY_PROBS, *, initial: float = 0.25) -> FrameWidget:
    """Slider over ``p``; the binary entropy curve ``H_b(p)`` with a moving marker.

    ``H_b(p) = -p log2 p - (1 - p) log2(1 - p)`` is the entropy of the two-outcome
    distribution ``(p, 1 - p)``.  The readout shows the two probabilities and
    ``H_b(p)`` in bits, computed with :func:`lib.entropy`.
    """
    probs = tuple(float(p) for p in probs)
    fig, ax = plots.new_figure(figsize=(6.4, 3.4))
    grid = np.linspace(0.0, 1.0, 401)
    curve = entropy(np.stack([grid, 1.0 - grid], axis=-1))
    _, marker = plots.curve_with_marker(ax, grid, curve, label="binary entropy")
    ax.set_xlabel("probability of the first outcome, $p$")
    ax.set_ylabel("binary entropy $H_b(p)$ (bits)")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(0, 1.25)
    note = ax.text(0.5, 1.08, "", ha="center", va="bottom", fontsize=13)

    def update(p):
        h = float(entropy([p, 1.0 - p]))
        marker.set_data([p], [h])
        note.set_text(f"p = {p:.2f}, 1 - p = {1 - p:.2f}:  $H_b$ = {h:.3f} bits")
        return {"q": 1.0 - p, "bits": h}

    return frame_widget(
        fig,
        update,
        [Control("p", probs, "probability p", "{:.2f}", initial=probs.index(initial))],
        readout="distribution ({p:.2f}, {q:.2f}): binary entropy H<sub>b</sub>(p) = <b>{bits:.3f} bits</b> "
        "(at most 1 bit, at p = 0.50)",
        alt="The binary entropy curve, an arch rising from 0 bits at p = 0 to 1 bit at p = 0.5 and back to 0 "
        "at p = 1, with a dot at the selected probability.",
    )


def _bars_against_log_n(nmax: int):
    """A figure for distributions over up to ``nmax`` outcomes: their bars, and ``H(p)`` against ``log2 n``.

    Returns ``(fig, ax, show)``: ``show(p)`` draws ``p`` (outcomes beyond
    ``len(p)`` greyed out) and returns ``(H(p), log2 n)`` in bits, both from
    :func:`lib.entropy` (the maximum as the entropy of the uniform distribution).
    """
    fig, (ax, ax_h) = plots.new_figure(1, 2, figsize=(7.2, 3.4), width_ratios=[2.3, 1])
    bars = ax.bar(np.arange(nmax), np.zeros(nmax), color=plots.COLORS["blue"], width=0.7)
    ax.set_xticks(np.arange(nmax), [str(i + 1) for i in range(nmax)])
    ax.set(xlabel="outcome $i$", ylabel="probability", ylim=(0, 1))
    set_values = plots.comparison_bars(
        ax_h, ["$H(p)$", "$\\log_2 n$"], [plots.COLORS["blue"], plots.COLORS["grey"]],
        ymax=float(np.log2(nmax)) * 1.2, ylabel="bits",
    )

    def show(p):
        n = len(p)
        for i, (bar, tick) in enumerate(zip(bars, ax.get_xticklabels())):
            bar.set_height(p[i] if i < n else 0.0)
            tick.set_color("black" if i < n else plots.COLORS["grey"])  # outcomes beyond n are unused
        h, hmax = float(entropy(p)), float(entropy(np.full(n, 1.0 / n)))
        set_values([h, hmax])
        return h, hmax

    return fig, ax, show


@register("n-outcome-entropy")
def n_outcome_entropy_widget(
    ns: Sequence[int] = N_OUTCOMES,
    betas: Sequence[float] = BETAS,
    *,
    initial_n: int = 8,
    initial_beta: float = 0.5,
) -> FrameWidget:
    """Sliders for ``n`` and the peakedness ``beta``, buttons for which outcomes can happen.

    The distribution is :func:`peaked_distribution` ``(n, beta, m)``: ``p_i``
    proportional to ``exp(-beta * (i - 1))`` on the first ``m`` outcomes and 0
    on the rest, with ``m = n`` (:data:`ALL_OUTCOMES`) or ``m = ceil(n / 2)``
    (:data:`FIRST_HALF`).  ``beta = 0`` is uniform on those ``m`` outcomes, with
    entropy ``log2 m``: the ``log2 |S|`` of the chapter's bound.  The right
    panel compares the entropy with the maximum ``log2 n`` (both from
    :func:`lib.entropy`, the maximum as the entropy of the uniform distribution).
    """
    ns = tuple(int(n) for n in ns)
    betas = tuple(float(b) for b in betas)
    fig, ax, show = _bars_against_log_n(max(ns))

    def update(n, beta, support):
        m = n if support == ALL_OUTCOMES else -(-n // 2)  # ceil(n / 2)
        p = peaked_distribution(n, beta, m)
        h, hmax = show(p)
        ax.set_title(f"n = {n}, $\\beta$ = {beta:g}, {support}", fontsize=13)
        probs = ", ".join(f"{v:.2f}" for v in p)
        return {"bits": h, "max_bits": hmax, "fraction": h / hmax, "m": m, "probs": probs}

    return frame_widget(
        fig,
        update,
        [
            Control("n", ns, "outcomes n", "{}", initial=ns.index(initial_n)),
            Control("beta", betas, "peakedness β", "{:g}", initial=betas.index(initial_beta)),
            Control("support", (ALL_OUTCOMES, FIRST_HALF), "possible outcomes", "{}", kind="buttons"),
        ],
        readout="n = {n}, β = {beta:g}, {support} ({m} possible): p = ({probs}); entropy <b>{bits:.3f} bits</b> "
        "&le; log<sub>2</sub> n = {max_bits:.3f} bits ({fraction:.0%} of the maximum)",
        alt="Left: bars of a distribution over n outcomes, falling from the first outcome at the chosen "
        "peakedness beta (equal bars at beta = 0), and zero beyond the first half of the outcomes when only they "
        "can happen. Right: two bars, the entropy H(p) and the maximum log2 n; H equals log2 n only for beta = 0 "
        "with all n outcomes possible.",
    )


@register("entropy-examples")
def entropy_examples_widget(examples: dict | None = None) -> FrameWidget:
    """Buttons for the chapter's own distributions; their bars and their entropy against ``log2 n``.

    ``examples`` maps a name to a distribution (default :data:`ENTROPY_EXAMPLES`).
    The right panel compares ``H(p)`` with the maximum ``log2 n`` for the
    example's ``n`` outcomes (both from :func:`lib.entropy`, the maximum as
    the entropy of the uniform distribution).
    """
    examples = {k: np.asarray(v, dtype=float) for k, v in (examples or ENTROPY_EXAMPLES).items()}
    fig, ax, show = _bars_against_log_n(max(len(p) for p in examples.values()))

    def update(example):
        p = examples[example]
        n = len(p)
        h, hmax = show(p)
        ax.set_title(f"{example}, n = {n}", fontsize=13)
        probs = ", ".join(f"{v:.3f}" for v in p)
        return {"n": n, "bits": h, "max_bits": hmax, "fraction": h / hmax, "probs": probs}

    return frame_widget(
        fig,
        update,
        [Control("example", tuple(examples), "distribution", "{}", kind="buttons")],
        readout="{example}, n = {n}: p = ({probs}); entropy <b>{bits:.3f} bits</b> "
        "&le; log<sub>2</sub> n = {max_bits:.3f} bits ({fraction:.0%} of the maximum)",
        alt="Left: bars of one of the chapter's distributions over its n outcomes. Right: two bars, its "
        "entropy H(p) and the maximum log2 n for n outcomes.",
    )
