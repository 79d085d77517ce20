"""Chapter 2 widgets: the binary-entropy curve, and a k-outcome distribution against log k."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import plots
from ..information import entropy
from ._core import Control, FrameWidget, frame_widget, register

__all__ = [
    "binary_entropy_widget",
    "k_outcome_entropy_widget",
    "shaped_distribution",
    "comparison_bars",
    "BINARY_PROBS",
    "SHAPES",
]

#: Probabilities offered by the binary-entropy slider: 0.00, 0.05, ..., 1.00.
BINARY_PROBS = tuple(round(0.05 * k, 2) for k in range(21))

#: Shape presets of the k-outcome widget, from uniform to peaked: name -> decay rate ``beta``.
SHAPES = {"uniform": 0.0, "gentle": 0.3, "moderate": 0.7, "steep": 1.4, "peaked": 3.0}


def shaped_distribution(k: int, beta: float) -> np.ndarray:
    """The distribution ``p_i = exp(-beta * i) / Z`` over ``k`` outcomes ``i = 0, ..., k - 1``.

    Parameters
    ----------
    k : int
        Number of outcomes, at least 1.
    beta : float
        Decay rate, ``>= 0``: 0 gives the uniform distribution; the larger
        ``beta``, the more probability sits on the first outcome.

    Returns
    -------
    numpy.ndarray of float64, shape (k,)
        Non-negative, decreasing, summing to 1 (normalised by its own sum).

    Raises
    ------
    ValueError
        If ``k`` is not an integer >= 1 or ``beta`` is negative or not finite.

    Examples
    --------
    >>> shaped_distribution(4, 0.0)
    array([0.25, 0.25, 0.25, 0.25])
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be an integer >= 1, got {k!r}")
    if not np.isfinite(beta) or beta < 0:
        raise ValueError(f"beta must be a finite number >= 0, got {beta!r}")
    w = np.exp(-float(beta) * np.arange(k))
    return w / w.sum()


def comparison_bars(ax, labels: Sequence[str], colors: Sequence[str], *, ymax: float, ylabel: str):
    """Bars comparing a few numbers, each with its value written above it.

    Returns ``set_values(values, fmt)``, which moves the bars' heights and
    labels to ``values`` (formatted with ``fmt``, e.g. ``"{:.3f}"``).
    """
    x = np.arange(len(labels))
    bars = ax.bar(x, np.zeros(len(labels)), color=list(colors), width=0.6)
    texts = [ax.text(xi, 0.0, "", ha="center", va="bottom", fontsize=12) for xi in x]
    ax.set_xticks(x, labels)
    ax.set_ylim(0, ymax)
    ax.set_xlim(-0.6, len(labels) - 0.4)
    ax.set_ylabel(ylabel)

    def set_values(values, fmt="{:.3f}"):
        for bar, text, v in zip(bars, texts, values):
            shown = min(float(v), ymax * 0.88)  # inf (or a tall bar) stops under the top edge
            bar.set_height(shown)
            text.set_position((text.get_position()[0], shown + ymax * 0.01))
            text.set_text(fmt.format(v))

    return set_values


@register("binary-entropy")
def binary_entropy_widget(probs: Sequence[float] = BINARY_PROBS, *, initial: float = 0.25) -> FrameWidget:
    """Slider over ``p``; the binary entropy curve ``H(p, 1 - p)`` with a moving marker.

    The readout shows the two probabilities and the entropy in bits, computed
    with :func:`lib.entropy`.
    """
    probs = tuple(float(p) for p in probs)
    fig, ax = plots.new_figure(figsize=(6.4, 3.4))
    grid = np.linspace(0.0, 1.0, 401)
    curve = entropy(np.stack([grid, 1.0 - grid], axis=-1))
    _, marker = plots.curve_with_marker(ax, grid, curve, label="binary entropy")
    ax.set_xlabel("probability of the first outcome, $p$")
    ax.set_ylabel("entropy $H(p, 1-p)$ (bits)")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(0, 1.25)
    note = ax.text(0.5, 1.08, "", ha="center", va="bottom", fontsize=13)

    def update(p):
        h = float(entropy([p, 1.0 - p]))
        marker.set_data([p], [h])
        note.set_text(f"p = {p:.2f}, 1 - p = {1 - p:.2f}:  H = {h:.3f} bits")
        return {"q": 1.0 - p, "bits": h}

    return frame_widget(
        fig,
        update,
        [Control("p", probs, "probability p", "{:.2f}", initial=probs.index(initial))],
        title="binary-entropy",
        readout="distribution ({p:.2f}, {q:.2f}): entropy <b>{bits:.3f} bits</b> (at most 1 bit, at p = 0.50)",
        alt="The binary entropy curve, an arch rising from 0 bits at p = 0 to 1 bit at p = 0.5 and back to 0 "
        "at p = 1, with a dot at the selected probability.",
    )


@register("k-outcome-entropy")
def k_outcome_entropy_widget(
    ks: Sequence[int] = tuple(range(2, 9)), shapes: dict = SHAPES, *, initial_k: int = 8
) -> FrameWidget:
    """Number of outcomes ``k`` and a shape preset; the distribution's bars, ``H`` and ``log2 k``.

    The distribution is :func:`shaped_distribution` ``(k, beta)``; the right
    panel compares its entropy with the maximum ``log2 k`` (both from
    :func:`lib.entropy`, the maximum as the entropy of the uniform distribution).
    """
    ks = tuple(int(k) for k in ks)
    kmax = max(ks)
    fig, (ax, ax_h) = plots.new_figure(1, 2, figsize=(7.2, 3.4), width_ratios=[2.3, 1])
    bars = ax.bar(np.arange(kmax), np.zeros(kmax), color=plots.COLORS["blue"], width=0.7)
    ax.set_xticks(np.arange(kmax), [str(i + 1) for i in range(kmax)])
    ax.set_xlabel("outcome")
    ax.set_ylabel("probability")
    ax.set_ylim(0, 1)
    ymax = float(np.log2(kmax)) * 1.2
    set_values = comparison_bars(
        ax_h, ["$H(p)$", "$\\log_2 k$"], [plots.COLORS["blue"], plots.COLORS["grey"]], ymax=ymax, ylabel="bits"
    )

    def update(k, shape):
        p = shaped_distribution(k, shapes[shape])
        for i, (bar, tick) in enumerate(zip(bars, ax.get_xticklabels())):
            bar.set_height(p[i] if i < k else 0.0)
            tick.set_color("black" if i < k else plots.COLORS["grey"])  # outcomes beyond k are unused
        h, hmax = float(entropy(p)), float(entropy(np.full(k, 1.0 / k)))
        set_values([h, hmax])
        ax.set_title(f"k = {k}, {shape}", fontsize=13)
        return {"bits": h, "max_bits": hmax, "fraction": h / hmax, "largest": float(p[0])}

    return frame_widget(
        fig,
        update,
        [
            Control("k", ks, "outcomes k", "{}", initial=ks.index(initial_k)),
            Control("shape", tuple(shapes), "shape", "{}", kind="buttons"),
        ],
        title="k-outcome-entropy",
        readout="k = {k}, {shape} (largest probability {largest:.3f}): entropy <b>{bits:.3f} bits</b> "
        "&le; log<sub>2</sub> k = {max_bits:.3f} bits ({fraction:.0%} of the maximum)",
        alt="Left: bars of a distribution over k outcomes, equal for the uniform shape and falling more steeply "
        "for the peaked shapes. Right: two bars, the entropy H(p) and the maximum log2 k; H equals log2 k only "
        "for the uniform shape.",
    )
