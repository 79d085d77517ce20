"""Chapter 4's widgets: the KL divergence both ways between two coins, and fitting one bump to two.

:func:`kl_two_coins_widget` shows ``p = (a, 1 - a)``, ``q = (b, 1 - b)`` and
both divergences.  :func:`kl_fit_widget` fits one bump to two: the target ``p``
is a mixture of two discretised Gaussian bumps on a grid; the model ``q`` is a
single discretised Gaussian bump with mean ``mu`` and standard deviation
(width) ``w``, as on the notation page.  Minimising ``D(p || q)`` over ``(mu, w)`` spreads ``q`` over both bumps
(*mass-covering*); minimising ``D(q || p)`` puts ``q`` on one bump
(*mode-seeking*).  Every divergence here is :func:`lib.kl_divergence`, in bits.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from .. import plots
from ..information import kl_divergence
from ._core import Control, FrameWidget, frame_widget, register

__all__ = [
    "KL_PROBS",
    "kl_two_coins_widget",
    "GRID",
    "bump",
    "two_bumps",
    "fit_one_bump",
    "BumpFit",
    "kl_fit_widget",
    "FIT_SEPARATIONS",
    "FIT_DIRECTIONS",
]

#: Probabilities of the first outcome offered for p and for q: the coin's 0.5 and 0.25 and
#: its mirror 0.75, the alphabet's 0.8 and 0.2, the triangle inequality's 0.1, and an
#: extreme, 0.05 (0.95 would only mirror it).  Seven settings make 49 precomputed frames.
KL_PROBS = (0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 0.8)


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
    bars_p, bars_q = plots.grouped_bars(
        ax, np.full((2, 2), 0.5), [plots.COLORS["blue"], plots.COLORS["orange"]], ["$p$", "$q$"], width=0.34
    )
    ax.set_xticks(np.arange(2), ["heads", "tails"])
    ax.set_ylim(0, 1.15)
    ax.set_ylabel("probability")
    ax.legend(loc="upper center", ncols=2)
    ymax = 3.6  # the largest divergence offered, D(0.8 || 0.05) = 2.75 bits, fits with its label
    set_values = plots.comparison_bars(
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
        readout="p = ({a:.2f}, {a_tail:.2f}), q = ({b:.2f}, {b_tail:.2f}): "
        "<b>D(p&#8214;q) = {pq:.4f} bits</b>, <b>D(q&#8214;p) = {qp:.4f} bits</b>",
        alt="Left: grouped bars of two coins' probabilities p and q for heads and tails. Right: two bars, the "
        "KL divergence D(p||q) and D(q||p) in bits; they are equal when p = q (both 0) or when q is p's "
        "mirror image, and differ otherwise.",
    )


# --------------------------------------------------------------------------- fitting one bump to two

#: The points the distributions live on: -10 to 10 in steps of 0.2 (101 points).
GRID = np.round(np.linspace(-10.0, 10.0, 101), 10)

#: The means and standard deviations :func:`fit_one_bump` searches (steps 0.05 and 0.025).
_MUS = np.round(np.linspace(-5.0, 5.0, 201), 10)
_SDS = np.round(np.linspace(0.3, 5.0, 189), 10)

#: Distances between the two bumps' centres offered by the widget.
FIT_SEPARATIONS = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0)

#: The two directions: the control's label -> the argument of :func:`fit_one_bump`.
FIT_DIRECTIONS = {"minimise D(p‖q)": "pq", "minimise D(q‖p)": "qp"}


def bump(x, mu, w) -> np.ndarray:
    """A Gaussian bump discretised on the points ``x``: ``q_j ∝ exp(-(x_j - mu)**2 / (2 w**2))``.

    Parameters
    ----------
    x : array_like of float, shape (n,)
        The grid.
    mu, w : float or array_like
        Mean and width (standard deviation, ``w > 0``); arrays of the same shape
        ``(m,)`` give ``m`` bumps.

    Returns
    -------
    numpy.ndarray of float64, shape (n,) or (m, n)
        Non-negative, each row summing to 1.

    Examples
    --------
    >>> bump([-1.0, 0.0, 1.0], 0.0, 1e-3).round(6)
    array([0., 1., 0.])
    """
    x = np.asarray(x, dtype=float)
    mu, w = np.asarray(mu, dtype=float)[..., None], np.asarray(w, dtype=float)[..., None]
    if (w <= 0).any():
        raise ValueError(f"w must be > 0, got {w.ravel().tolist()}")
    # Subtracting the smallest exponent first keeps the largest term at exp(0) = 1, so nothing underflows to 0.
    z = -((x - mu) ** 2) / (2 * w**2)
    w = np.exp(z - z.max(axis=-1, keepdims=True))
    return w / w.sum(axis=-1, keepdims=True)


def two_bumps(separation: float, *, weight: float = 0.65, x=GRID) -> np.ndarray:
    """Mixture ``weight * bump(-separation/2, 1) + (1 - weight) * bump(+separation/2, 1)`` on ``x``.

    The left bump carries the larger share (``weight`` > 1/2), so the mixture has
    one highest mode and the mode-seeking fit has a single answer.
    """
    if not 0.0 <= weight <= 1.0:
        raise ValueError(f"weight must be in [0, 1], got {weight!r}")
    return weight * bump(x, -separation / 2, 1.0) + (1 - weight) * bump(x, separation / 2, 1.0)


class BumpFit(NamedTuple):
    """The best single bump ``q`` for a target ``p`` in one direction of the KL divergence."""

    mu: float  #: mean
    w: float  #: width (standard deviation)
    q: np.ndarray
    d_pq: float  #: D(p || q) in bits
    d_qp: float  #: D(q || p) in bits


def fit_one_bump(p, *, direction: str, x=GRID) -> BumpFit:
    """The single bump (:func:`bump`) that minimises ``D(p || q)`` or ``D(q || p)``.

    Parameters
    ----------
    p : array_like of float, shape (n,)
        The target distribution on the points ``x``.
    direction : {"pq", "qp"}
        ``"pq"`` minimises ``D(p || q)`` (the direction of maximum likelihood),
        ``"qp"`` minimises ``D(q || p)``.
    x : array_like of float, shape (n,)
        The grid (default :data:`GRID`).

    Returns
    -------
    BumpFit
        The best ``(mu, w)`` among means -5, -4.95, ..., 5 and standard
        deviations 0.3, 0.325, ..., 5 (an exhaustive search: no starting point,
        no local minimum), the bump ``q`` and both divergences at it.
    """
    if direction not in ("pq", "qp"):
        raise ValueError(f"direction must be 'pq' or 'qp', got {direction!r}")
    p = np.asarray(p, dtype=float)
    mus, sds = (a.ravel() for a in np.meshgrid(_MUS, _SDS, indexing="ij"))
    qs = bump(x, mus, sds)
    ps = np.broadcast_to(p, qs.shape)
    d = kl_divergence(ps, qs) if direction == "pq" else kl_divergence(qs, ps)
    best = int(np.argmin(d))
    q = qs[best]
    return BumpFit(float(mus[best]), float(sds[best]), q, float(kl_divergence(p, q)), float(kl_divergence(q, p)))


@register("kl-fit")
def kl_fit_widget(
    separations: Sequence[float] = FIT_SEPARATIONS, *, initial_separation: float = 6.0
) -> FrameWidget:
    """A separation slider and a direction toggle; the two-bump ``p`` and the best one-bump ``q``.

    Each frame shows ``p`` as bars and the fitted ``q`` as a line, and reports
    the fitted mean and standard deviation and both divergences in bits.
    """
    separations = tuple(float(v) for v in separations)
    fig, ax = plots.new_figure(figsize=(7.2, 3.4))
    bars = ax.bar(GRID, np.zeros_like(GRID), width=0.18, color=plots.COLORS["blue"], label="target $p$ (two bumps)")
    (line,) = ax.plot(GRID, np.zeros_like(GRID), color=plots.COLORS["vermillion"], lw=2.2, label="best one bump $q$")
    ax.set(xlabel="$x$", ylabel="probability", xlim=(-8, 8), ylim=(0, 0.13))
    ax.legend(loc="upper right")
    note = ax.text(0.01, 0.97, "", transform=ax.transAxes, va="top", fontsize=11)

    def update(separation, direction):
        p = two_bumps(separation)
        fit = fit_one_bump(p, direction=FIT_DIRECTIONS[direction])
        for bar, v in zip(bars, p):
            bar.set_height(v)
        line.set_ydata(fit.q)
        note.set_text(f"{direction}\nq: mean {fit.mu:.2f}, width w {fit.w:.3f}")
        return {"mu": fit.mu, "w": fit.w, "pq": fit.d_pq, "qp": fit.d_qp}

    return frame_widget(
        fig,
        update,
        [
            Control("separation", separations, "distance between the bumps", "{:.0f}",
                    initial=separations.index(initial_separation)),
            Control("direction", tuple(FIT_DIRECTIONS), "fit q by", "{}", kind="buttons"),
        ],
        readout="bumps {separation:.0f} apart, {direction}: q has mean <b>{mu:.2f}</b> and width w = <b>{w:.3f}</b>; "
        "<b>D(p&#8214;q) = {pq:.3f} bits</b>, <b>D(q&#8214;p) = {qp:.3f} bits</b>",
        alt="Bars: a target distribution p made of two bumps, the left one taller, a chosen distance apart. "
        "Line: the single bump q that minimises the chosen divergence. Minimising D(p||q) gives a wide bump "
        "spanning both of p's bumps; minimising D(q||p) gives a narrow bump sitting on the taller one once "
        "the bumps are apart.",
    )
