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


#: Elements per block of the blockwise sums: small enough that a block's
#: temporaries stay in the CPU cache, large enough that Python's per-block
#: overhead is negligible.
_BLOCK = 1 << 17


class _Scratch:
    """Buffers of :data:`_BLOCK` elements reused by every block.

    Fresh temporaries of this size would each be mapped from the operating
    system and faulted in again for every block.
    """

    def __init__(self):
        self._bufs = {}

    def like(self, key, block, dtype=np.float64):
        """Buffer ``key`` as an uninitialised array of ``block``'s shape."""
        return self.flat(key, block.size, dtype).reshape(block.shape)

    def flat(self, key, size, dtype=np.float64):
        """The first ``size`` elements of buffer ``key``."""
        buf = self._bufs.get(key)
        if buf is None:
            buf = self._bufs[key] = np.empty(_BLOCK, dtype)
        return buf[:size]


def _blockwise_sums(fn, arrays, ax):
    """Per-distribution sums of element-wise terms, computed block by block.

    ``arrays`` (same shape) are viewed as matrices with the outcomes of each
    distribution along ``ax`` in a row; ``fn(blocks, scratch)`` gets a list of
    equal 2-D blocks of them (whole rows, or pieces of a row longer than
    :data:`_BLOCK`) and a :class:`_Scratch`, and returns a tuple of per-row
    sums.  Returns the tuple of sums with ``ax`` removed.  Working in blocks
    keeps every temporary of ``fn`` in the cache instead of writing and
    re-reading arrays as large as the input.  ``fn`` runs with every
    floating-point warning silenced: it must handle inf, nan and zeros itself.
    """
    n = arrays[0].shape[ax]
    moved = [np.moveaxis(a, ax, -1) for a in arrays]
    out_shape = moved[0].shape[:-1]
    mats = [m.reshape(-1, n) for m in moved]  # a view unless the layout forbids it
    rows = mats[0].shape[0]
    scratch = _Scratch()
    with np.errstate(all="ignore"):
        if n > _BLOCK:  # long distributions: add up the sums of pieces of each row
            per_row = []
            for r in range(rows):
                acc = None
                for c in range(0, n, _BLOCK):
                    part = fn([m[r:r + 1, c:c + _BLOCK] for m in mats], scratch)
                    acc = part if acc is None else tuple(a + b for a, b in zip(acc, part))
                per_row.append(acc)
        else:
            step = _BLOCK // n
            per_row = [fn([m[r:r + step] for m in mats], scratch) for r in range(0, rows, step)]
    return tuple(np.concatenate(parts).reshape(out_shape) for parts in zip(*per_row))


def _neg_sum_p_log(base):
    """Block function: per-row ``-sum_i p_i log_base(min(x_i, 1))``, with ``0 log 0 = 0``."""
    clamp = np.minimum if V.log_base(base) > 0 else np.maximum  # a base < 1 flips the sign of log

    def fn(blocks, scratch):
        p, x = blocks if len(blocks) == 2 else (blocks[0], blocks[0])
        t = V.log_in_base(x, base, out=scratch.like(0, x))  # -inf where x == 0
        clamp(t, 0.0, out=t)            # = log(min(x, 1)): x in (1, 1 + PROB_ATOL] is rounding noise
        t *= p                          # nan exactly where p == 0 and x == 0
        s = t.sum(axis=1)
        if np.isnan(s).any():           # rare: only blocks with such zeros pay for the fix
            t[np.isnan(t)] = 0.0        # 0 log 0 = 0
            s = t.sum(axis=1)
        return (-s + 0.0,)

    return fn


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
    V.log_base(base)  # checked before any work
    (h,) = _blockwise_sums(_neg_sum_p_log(base), [arr], ax)
    return _out(h)


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
    V.log_base(base)  # checked before any work
    (h,) = _blockwise_sums(_neg_sum_p_log(base), [pa, qa], ax)
    return _out(h)


# Coefficients of g(u) = (1 + u) log(1 + u) - u = sum_{k>=2} (-1)^k u^k / (k (k - 1)),
# highest power first for Horner's rule.  With |u| < 1/8, 21 terms leave a
# relative truncation error below 1e-20.
_G_COEFFS = [(-1.0) ** k / (k * (k - 1)) for k in range(22, 1, -1)]
_SERIES_BOUND = 0.125

#: ``_G_UMAX[K]``: the largest ``|u|`` for which the series through ``u^K`` is
#: enough.  For ``|u| < 1/8`` the omitted tail is at most ``8/7`` times the
#: first omitted term, ``|u|^(K+1) / ((K+1) K)`` (a geometric bound; the series
#: does not alternate for ``u < 0``); relative to ``g(u) >= 0.95 u^2 / 2`` we
#: want it below 1e-17.
_G_UMAX = {K: (1e-17 * 0.95 * (7 / 8) * K * (K + 1) / 2) ** (1.0 / (K - 1)) for K in range(2, 23)}


def _g_series_terms(umax: float) -> int:
    """Highest power of the series of ``g`` needed for ``|u| <= umax < 1/8``."""
    for K in range(2, 22):
        if umax <= _G_UMAX[K]:
            return K
    return 22


def _kl_terms_nats(blocks, scratch) -> tuple:
    """Per-row sums of ``p ln(p/q) - p + q`` (>= 0) and of ``p - q`` for 2-D blocks ``[p, q]``.

    The element-wise terms are computed without cancellation: where ``p`` and
    ``q`` are close the direct formula cancels to nothing, so there
    ``q * g((p - q)/q)`` is evaluated from its power series, truncated after
    as many terms as the block's largest ``|u|`` needs.  Summed over a
    distribution these terms, plus ``sum(p - q)``, give the KL divergence.
    Runs under :func:`_blockwise_sums` (floating-point warnings silenced).
    """
    p, q = blocks
    d = np.subtract(p, q, out=scratch.like(0, p))
    f = np.divide(p, q, out=scratch.like(1, p))
    np.log(f, out=f)
    f *= p
    f -= d                                       # p ln(p/q) - (p - q)
    t = np.multiply(q, _SERIES_BOUND, out=scratch.like(2, p))
    a = np.abs(d, out=scratch.like(3, p))
    close = np.less(a, t, out=scratch.like(4, p, np.bool_))  # never true where f is not finite
    k = int(np.count_nonzero(close))
    if k:
        dense = 2 * k > close.size   # mostly close: the series on the whole block beats a gather and a scatter
        if dense:
            qc = q
            u = np.divide(d, q, out=scratch.like(5, p))
            acc = np.abs(u, out=scratch.like(6, p))
            every = k == close.size
            umax = float(acc.max() if every else np.max(acc, where=close, initial=0.0))
        else:
            where = np.flatnonzero(close)
            qc = np.take(q.ravel(), where, out=scratch.flat(7, k))
            u = np.take(d.ravel(), where, out=scratch.flat(5, k))
            u /= qc
            acc = np.abs(u, out=scratch.flat(6, k))
            umax = float(acc.max())
        K = _g_series_terms(umax)
        coeffs = _G_COEFFS[22 - K:]
        acc.fill(coeffs[0])
        for c in coeffs[1:]:
            acc *= u
            acc += c
        u *= u
        u *= qc
        u *= acc                                 # q u^2 (sum_k c_k u^(k-2))
        if dense:
            if every:
                f = u
            else:
                np.copyto(f, u, where=close)
        else:
            f.ravel()[where] = u
    s = f.sum(axis=1)
    if not np.isfinite(s).all():                 # rare: p = 0, q = 0, or p/q over- or underflows
        bad = ~np.isfinite(f)
        pb, qb = p[bad], q[bad]
        f[bad] = np.where(pb == 0, qb, np.where(qb == 0, np.inf, pb * (np.log(pb) - np.log(qb)) - (pb - qb)))
        s = f.sum(axis=1)
    return s, d.sum(axis=1)


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

    using the power series of the bracket when ``|u_i| < 1/8`` (truncated
    after as many terms as the largest such ``|u_i|`` of each block of
    elements needs for a relative truncation error below 1e-17), then add
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
    terms, diffs = _blockwise_sums(_kl_terms_nats, [pa, qa], ax)
    with np.errstate(invalid="ignore"):
        nats = terms + diffs
    return _out(np.maximum(nats, 0.0) / lb)
