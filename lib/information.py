"""Information measures: surprisal, entropy, cross-entropy and KL divergence.

Every function here measures information in **bits** by default (``base=2``);
pass ``base=np.e`` for nats (the unit of machine-learning frameworks) or any
other finite base > 0 and != 1.

Conventions, stated once for the whole module:

* ``0 * log 0 = 0``: an outcome of probability 0 under ``p`` contributes nothing.
* ``q_i = 0`` where ``p_i > 0`` gives exactly ``inf`` (an outcome that the model
  said was impossible cannot be encoded at all).
* Distributions are taken along ``axis`` (the last one by default) and must sum
  to 1 within :data:`lib._validate.SUM_ATOL`; ``p`` and ``q`` must have the same
  shape (no broadcasting).  Bad input raises :class:`ValueError`, never a
  silent ``nan``, and no floating-point warning escapes.
"""

from __future__ import annotations

import numpy as np

from . import _validate as V

__all__ = ["surprisal", "entropy", "cross_entropy", "kl_divergence"]


def _out(x):
    """Return a numpy scalar for 0-d results, the array otherwise."""
    x = np.asarray(x)
    return x[()] if x.ndim == 0 else x


def surprisal(p, *, base=2):
    """Surprisal (self-information) ``-log_base(p)`` of events of probability ``p``.

    Parameters
    ----------
    p : float or array_like of float
        Probabilities, each in [0, 1].  Any shape; applied element by element.
    base : float, optional
        Base of the logarithm: 2 (default, bits), ``np.e`` (nats), 10, or any
        finite number > 0 and != 1.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``-log_base(p)``, same shape as ``p``: 0 for ``p == 1`` (a certain event
        carries no information), exactly ``inf`` for ``p == 0``.

    Raises
    ------
    ValueError
        If ``p`` is empty, contains NaN, a negative value or a value above 1, or
        if ``base`` is invalid.

    Notes
    -----
    .. math:: s(x) = \\log \\frac{1}{p(x)} = -\\log p(x)

    For base 2 and base 10 the dedicated ``log2``/``log10`` routines are used,
    so powers of the base give exact integers.

    Examples
    --------
    >>> from lib import surprisal
    >>> float(surprisal(0.5)), float(surprisal(0.125)), float(surprisal(1.0))
    (1.0, 3.0, 0.0)
    >>> float(surprisal(0.0))
    inf
    """
    arr = V.probabilities(p, "p")
    return _out(-V.log_in_base(np.minimum(arr, 1.0), base) + 0.0)


def entropy(p, *, base=2, axis=-1):
    """Shannon entropy ``H(p) = -sum_i p_i log p_i`` of distributions along ``axis``.

    Parameters
    ----------
    p : array_like of float
        Probability distribution(s); each slice along ``axis`` must be
        non-negative and sum to 1 (within :data:`lib._validate.SUM_ATOL`).
    base : float, optional
        Base of the logarithm: 2 (default, bits), ``np.e`` (nats), ...
    axis : int, optional
        Axis along which the outcomes lie (default: the last).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The entropy of each distribution: ``p`` with ``axis`` removed.  Always
        between 0 and ``log_base(n)`` for ``n`` outcomes.

    Raises
    ------
    ValueError
        On NaN, negative or >1 probabilities, slices that do not sum to 1,
        empty input, a bad ``axis`` or a bad ``base``.

    Notes
    -----
    .. math:: H(p) = \\sum_i p_i \\log \\frac{1}{p_i}, \\qquad 0 \\log 0 = 0.

    For valid input this equals ``scipy.stats.entropy(p, base=base, axis=axis)``
    (scipy also normalises ``p``; we refuse input that is not normalised).

    Examples
    --------
    >>> from lib import entropy
    >>> float(entropy([0.5, 0.5])), float(entropy([0.125] * 8)), float(entropy([1.0, 0.0]))
    (1.0, 3.0, 0.0)
    """
    arr, ax = V.distribution(p, "p", axis)
    logs = V.log_in_base(np.minimum(arr, 1.0), base)  # p in (1, 1 + PROB_ATOL] is rounding noise
    with np.errstate(invalid="ignore"):
        terms = np.where(arr > 0, arr * logs, 0.0)
    return _out(-terms.sum(axis=ax) + 0.0)


def _two_distributions(p, q, axis):
    pa, ax = V.distribution(p, "p", axis)
    qa, _ = V.distribution(q, "q", axis)
    V.same_shape(pa, qa, "p", "q")
    return pa, qa, ax


def cross_entropy(p, q, *, base=2, axis=-1):
    """Cross-entropy ``H(p, q) = -sum_i p_i log q_i`` along ``axis``.

    The average surprisal, or code length, when outcomes come from ``p`` but
    are predicted (encoded) with ``q``.

    Parameters
    ----------
    p : array_like of float
        The true distribution(s).
    q : array_like of float
        The model distribution(s); same shape as ``p`` (no broadcasting).
    base : float, optional
        Base of the logarithm: 2 (default, bits), ``np.e`` (nats), ...
    axis : int, optional
        Axis along which the outcomes lie (default: the last).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``H(p, q) >= H(p)``, with equality exactly when ``q == p``.  Exactly
        ``inf`` when some ``q_i = 0`` while ``p_i > 0``; terms with ``p_i = 0``
        contribute 0 whatever ``q_i`` is.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a distribution along ``axis``, if their
        shapes differ, or if ``base`` is invalid.

    Notes
    -----
    .. math:: H(p, q) = \\sum_i p_i \\log \\frac{1}{q_i} = H(p) + D(p \\,\\|\\, q)

    Beware: ``scipy.stats.entropy(p, q)`` is the KL divergence, not this.

    Examples
    --------
    >>> from lib import cross_entropy
    >>> float(cross_entropy([0.5, 0.5], [0.25, 0.75])).__round__(4)
    1.2075
    >>> float(cross_entropy([0.5, 0.5], [1.0, 0.0]))
    inf
    """
    pa, qa, ax = _two_distributions(p, q, axis)
    logs = V.log_in_base(np.minimum(qa, 1.0), base)  # q in (1, 1 + PROB_ATOL] is rounding noise
    with np.errstate(invalid="ignore"):
        terms = np.where(pa > 0, pa * logs, 0.0)
    return _out(-terms.sum(axis=ax) + 0.0)


# Coefficients of g(u) = (1 + u) log(1 + u) - u = sum_{k>=2} (-1)^k u^k / (k (k - 1)),
# highest power first for Horner's rule.  With |u| < 1/8, 21 terms leave a
# relative truncation error below 1e-20.
_G_COEFFS = [(-1.0) ** k / (k * (k - 1)) for k in range(22, 1, -1)]
_SERIES_BOUND = 0.125


def _kl_terms_nats(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Element-wise ``p ln(p/q) - p + q`` (>= 0), computed without cancellation.

    Summed over a distribution these terms, plus ``sum(p - q)``, give the KL
    divergence.  Where ``p`` and ``q`` are close the direct formula cancels to
    nothing, so there ``q * g((p - q)/q)`` is evaluated from its power series.
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        d = p - q
        f = p * np.log(p / q) - d
        bad = ~np.isfinite(f)
        if bad.any():
            pb, qb = p[bad], q[bad]
            f[bad] = np.where(pb == 0, qb, np.where(qb == 0, np.inf, pb * (np.log(pb) - np.log(qb)) - (pb - qb)))
        close = np.abs(d) < _SERIES_BOUND * q
        if close.any():
            u = d[close] / q[close]
            acc = np.full_like(u, _G_COEFFS[0])
            for c in _G_COEFFS[1:]:
                acc = acc * u + c
            f[close] = q[close] * (u * u) * acc
    return f


def kl_divergence(p, q, *, base=2, axis=-1):
    """Kullback-Leibler divergence ``D(p || q) = sum_i p_i log(p_i / q_i)``.

    The extra code length paid, per outcome, for encoding outcomes of ``p``
    with a code built for ``q``.

    Parameters
    ----------
    p : array_like of float
        The true distribution(s).
    q : array_like of float
        The model distribution(s); same shape as ``p`` (no broadcasting).
    base : float, optional
        Base of the logarithm: 2 (default, bits), ``np.e`` (nats), ...
    axis : int, optional
        Axis along which the outcomes lie (default: the last).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``D(p || q) >= 0``, zero exactly when ``p == q``; exactly ``inf`` when
        some ``q_i = 0`` while ``p_i > 0``.  Not symmetric in ``p`` and ``q``.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a distribution along ``axis``, if their
        shapes differ, or if ``base`` is invalid.

    Notes
    -----
    Computed directly, never as ``H(p, q) - H(p)`` (a difference of two large
    numbers loses the digits of a small divergence).  We sum the non-negative
    terms

    .. math:: p_i \\ln\\frac{p_i}{q_i} - p_i + q_i
              = q_i \\left[(1 + u_i)\\ln(1 + u_i) - u_i\\right],
              \\quad u_i = \\frac{p_i - q_i}{q_i},

    using the power series of the bracket when ``|u_i| < 1/8``, then add
    ``sum_i (p_i - q_i)`` (which is zero for exact distributions but keeps the
    result equal to ``sum_i p_i ln(p_i/q_i)`` of the floats actually given).
    This matches ``scipy.special.rel_entr(p, q).sum()`` for ordinary input
    and stays accurate to a few ulps when ``p`` is very close to ``q``, where
    ``rel_entr`` loses most of its digits.  A tiny negative total, possible
    only through the inputs' own rounding, is returned as 0.

    Examples
    --------
    >>> from lib import kl_divergence
    >>> round(float(kl_divergence([0.5, 0.5], [0.25, 0.75])), 4)
    0.2075
    >>> round(float(kl_divergence([0.25, 0.75], [0.5, 0.5])), 4)
    0.1887
    >>> float(kl_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0
    """
    pa, qa, ax = _two_distributions(p, q, axis)
    lb = V.log_base(base)
    terms = _kl_terms_nats(pa, qa)
    with np.errstate(invalid="ignore"):
        nats = terms.sum(axis=ax) + (pa - qa).sum(axis=ax)
    return _out(np.maximum(nats, 0.0) / lb)
