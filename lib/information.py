"""Information measures: surprisal, entropy, cross-entropy and KL divergence.

Every function here measures information in **bits** by default (``base=2``);
pass ``base=np.e`` for nats (the unit of machine-learning frameworks) or any
other finite base > 0 and != 1.

Conventions, stated once for the whole module:

* ``0 * log 0 = 0``: an outcome of probability 0 under ``p`` contributes nothing.
* ``q_i = 0`` where ``p_i > 0`` gives exactly ``inf`` (an outcome that the model
  said was impossible cannot be encoded at all).
* Distributions are taken along ``axis`` (the last one by default; ``None``:
  the whole array is one distribution) and must sum to 1 within
  :data:`lib._validate.SUM_ATOL`; ``p`` and ``q`` must have the same shape (no
  broadcasting).  Bad input raises :class:`ValueError`, never a silent ``nan``,
  and no floating-point warning escapes.

References (cited by the docstrings below):

.. [CT] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd ed.,
   Wiley, 2006, chapter 2.
.. [Sh] C. E. Shannon, "A mathematical theory of communication", *Bell System
   Technical Journal* 27 (1948), 379-423.
.. [KL] S. Kullback and R. A. Leibler, "On information and sufficiency",
   *Annals of Mathematical Statistics* 22 (1951), 79-86.
"""

from __future__ import annotations

import math

import numpy as np

from . import _validate as V
from . import _pieces
from ._pieces import quiet

__all__ = ["surprisal", "entropy", "cross_entropy", "kl_divergence", "log_in_base"]


def log_in_base(x, base):
    """``log_base(x)`` element-wise; ``base`` must already be checked (:func:`lib._validate.log_base`).

    Bases 2 and 10 use ``np.log2`` / ``np.log10``, so powers of the base give
    exact integers (``log2(0.25) == -2``).  ``log(0) = -inf`` (with numpy's
    divide warning: callers silence it where 0 is expected).
    """
    if base == 2:
        return np.log2(x)
    if base == 10:
        return np.log10(x)
    logs = np.log(x)
    return logs if base == math.e else logs / math.log(base)


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

    See Also
    --------
    entropy : the expected surprisal under ``p``.
    cross_entropy : the expected surprisal under a model ``q``.

    Notes
    -----
    .. math:: s(x) = \\log \\frac{1}{p(x)} = -\\log p(x)

    Values in ``(1, 1 + PROB_ATOL]`` are rounding noise and cost 0.

    References
    ----------
    [Sh]_ section 6; [CT]_ section 2.1.

    Examples
    --------
    >>> from lib import surprisal
    >>> float(surprisal(0.5)), float(surprisal(0.125)), float(surprisal(1.0))
    (1.0, 3.0, 0.0)
    >>> float(surprisal(0.0))
    inf
    """
    p, p_min, _ = V.probabilities(p, "p", bounds=True)
    V.log_base(base)
    with quiet(p_min == 0, divide="ignore"):  # log(0) = -inf is the answer
        s = -log_in_base(np.minimum(p, 1.0), base) + 0.0
    return V.scalar_or_array(s)


def _plogq(base, q_min, q_sum_max):
    """Element-wise ``p log_base(q)`` with ``0 log q = 0`` whatever ``q`` (so ``0 log 0 = 0``).

    ``q_min`` and ``q_sum_max`` (from :func:`lib._validate.distribution`) tell
    whether some ``q`` is 0 (then ``0 log 0`` is fixed and ``log(0)`` silenced)
    or may exceed 1 (then the rounding noise is clamped).
    """
    def terms(p, q):
        if q_sum_max > 1.0:
            q = np.minimum(q, 1.0)  # a q in (1, 1 + PROB_ATOL] is rounding noise
        if q_min > 0:               # no zeros: nothing to silence, no 0 log 0
            return p * log_in_base(q, base)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(p > 0, p * log_in_base(q, base), 0.0)
    return terms


def entropy(p, *, base=2, axis=-1, keepdims=False):
    """Shannon entropy ``H(p) = -sum_i p_i log p_i`` of distributions along ``axis``.

    Parameters
    ----------
    p : array_like of float
        Probability distribution(s); each slice along ``axis`` must be
        non-negative and sum to 1 (within :data:`lib._validate.SUM_ATOL`).
    base : float, optional
        Base of the logarithm: 2 (default, bits), ``np.e`` (nats), ...
    axis : int or None, optional
        Axis along which the outcomes lie (default: the last); ``None``: the
        whole array is one distribution.
    keepdims : bool, optional
        Keep the reduced axis with length 1 (default ``False``).

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

    See Also
    --------
    cross_entropy : ``H(p, q)``, equal to ``H(p)`` exactly when ``q == p``.
    kl_divergence : ``D(p || q) = H(p, q) - H(p)``.
    scipy.stats.entropy : the same for valid input (it normalises ``p``; we refuse).

    Notes
    -----
    .. math:: H(p) = \\sum_i p_i \\log \\frac{1}{p_i}, \\qquad 0 \\log 0 = 0.

    References
    ----------
    [Sh]_ section 6; [CT]_ eq. (2.1).

    Examples
    --------
    >>> import numpy as np
    >>> from lib import entropy
    >>> float(entropy([0.5, 0.5])), float(entropy([0.125] * 8)), float(entropy([1.0, 0.0]))
    (1.0, 3.0, 0.0)
    >>> p = np.array([1.0, 0.0])
    >>> with np.errstate(all="ignore"):
    ...     float(-(p * np.log2(p)).sum())          # the bare formula: 0 * log 0 is nan
    nan
    """
    p, ax, p_min, p_sum_max = V.distribution(p, "p", axis, bounds=True)
    V.log_base(base)
    return V.scalar_or_array(-_pieces.sum_terms(_plogq(base, p_min, p_sum_max), [p, p], ax, keepdims) + 0.0)


def _two_distributions(p, q, axis):
    """``(p, q, axis, p_min, q_min, q_sum_max)``: both checked (:func:`lib._validate.distribution`), one shape."""
    p, ax, p_min, _ = V.distribution(p, "p", axis, bounds=True)
    q, _, q_min, q_sum_max = V.distribution(q, "q", axis, bounds=True)
    V.same_shape(p, q, "p", "q")
    return p, q, ax, p_min, q_min, q_sum_max


def cross_entropy(p, q, *, base=2, axis=-1, keepdims=False):
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
    axis : int or None, optional
        Axis along which the outcomes lie (default: the last); ``None``: the
        whole array is one distribution.
    keepdims : bool, optional
        Keep the reduced axis with length 1 (default ``False``).

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

    See Also
    --------
    entropy, kl_divergence
    lib.cross_entropy_loss : the same quantity from logits, in nats.
    scipy.special.xlogy : ``-xlogy(p, q).sum()`` is this in nats, unchecked.
        Beware: ``scipy.stats.entropy(p, q)`` is the KL divergence, not this.

    Notes
    -----
    .. math:: H(p, q) = \\sum_i p_i \\log \\frac{1}{q_i} = H(p) + D(p \\,\\|\\, q)

    References
    ----------
    [CT]_ section 5.4 (the code length of a wrong code).

    Examples
    --------
    >>> from lib import cross_entropy
    >>> round(float(cross_entropy([0.5, 0.5], [0.25, 0.75])), 4)
    1.2075
    >>> float(cross_entropy([0.5, 0.5], [1.0, 0.0])), float(cross_entropy([1.0, 0.0], [1.0, 0.0]))
    (inf, 0.0)
    """
    p, q, ax, _, q_min, q_sum_max = _two_distributions(p, q, axis)
    V.log_base(base)
    return V.scalar_or_array(-_pieces.sum_terms(_plogq(base, q_min, q_sum_max), [p, q], ax, keepdims) + 0.0)


def _series_terms(smax: float) -> int:
    """Terms ``K`` of the series in :func:`kl_terms` needed for ``|s| <= smax < 1/15``.

    The omitted tail, relative to the leading term ``d s``, is below
    ``smax^(2K+1) * 2.01 / (2K+3)``; it must stay below 1e-17 (``K = 7``
    suffices for every ``smax < 1/15``).
    """
    K = 1
    while K < 7 and smax ** (2 * K + 1) * 2.01 / (2 * K + 3) > 1e-17:
        K += 1
    return K


#: If every p and q is at least this, no term of :func:`kl_terms` is 0 or inf and no step under- or overflows.
_KL_PLAIN = 1e-200


def kl_terms(p, q, plain=False):
    """Element-wise ``p ln(p/q) - (p - q)`` (every one >= 0), in nats, without cancellation.

    Where ``|p - q| < q/8`` (``7/8 < p/q < 9/8``) the direct formula cancels to rounding noise.  There
    ``ln(p/q) = 2 atanh(s)`` with ``s = (p - q)/(p + q)``, ``|s| < 1/15``, and
    the term becomes a sum of a few non-cancelling pieces:

    ``p ln(p/q) - (p - q) = d s + 2 p s^3 (1/3 + s^2/5 + s^4/7 + ...)``, ``d = p - q``.

    Runs with floating-point warnings silenced: ``p = 0`` and ``q = 0`` are
    fixed after; ``plain=True`` says that every entry is at least
    :data:`_KL_PLAIN` (nothing to silence, nothing to fix).
    """
    return _kl_parts(p, q, plain)[0]


def _kl_parts(p, q, plain=False):
    """``(kl_terms(p, q), p - q)``; the temporaries are few and in place (their churn costs at 10^7)."""
    d = p - q
    t = p / q
    close = ((t > 0.875) & (t < 1.125)).ravel().nonzero()[0]  # |p - q| < q/8 (np.flatnonzero, less overhead)
    np.log(t, out=t)
    t *= p
    t -= d                                   # the direct formula p ln(p/q) - (p - q)
    if close.size:
        dc, pc = d.take(close), p.take(close)
        s = dc / (pc + q.take(close))
        s2 = s * s
        K = _series_terms(math.sqrt(s2.max()))
        series = 1.0 / (2 * K + 1)
        for k in range(K - 2, -1, -1):       # Horner in s^2: 1/3 + s^2 (1/5 + s^2 (1/7 + ...))
            series = series * s2 + 1.0 / (2 * k + 3)
        np.put(t, close, dc * s + 2.0 * pc * s * s2 * series)
    if not plain and not np.isfinite(t).all():  # p = 0 or q = 0, or p/q over- or underflowed
        bad = ~np.isfinite(t)
        pb, qb = p[bad], q[bad]
        t[bad] = np.where(pb == 0, qb, np.where(qb == 0, np.inf, pb * (np.log(pb) - np.log(qb)) - (pb - qb)))
    return t, d


def kl_divergence(p, q, *, base=2, axis=-1, keepdims=False):
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
    axis : int or None, optional
        Axis along which the outcomes lie (default: the last); ``None``: the
        whole array is one distribution.
    keepdims : bool, optional
        Keep the reduced axis with length 1 (default ``False``).

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

    See Also
    --------
    cross_entropy, entropy
    scipy.stats.entropy : ``entropy(p, q)`` is this (in nats), but loses the
        digits of a small divergence.
    scipy.special.rel_entr : its terms ``p ln(p/q)``, summed here more exactly.

    Notes
    -----
    Computed directly, never as ``H(p, q) - H(p)`` (a difference of two large
    numbers loses the digits of a small divergence).  We sum the non-negative
    terms

    .. math:: p_i \\ln\\frac{p_i}{q_i} - p_i + q_i
              = q_i \\left[(1 + u_i)\\ln(1 + u_i) - u_i\\right],
              \\quad u_i = \\frac{p_i - q_i}{q_i},

    where ``|u_i| < 1/8`` from the series of ``ln(1 + u) = 2 atanh(u / (2 + u))``,
    whose pieces do not cancel (truncated after as many terms as the largest
    ``|u_i|`` needs for a relative truncation error below 1e-17), then add ``sum_i (p_i - q_i)`` (zero for
    exact distributions, but it keeps the result equal to
    ``sum_i p_i ln(p_i/q_i)`` of the floats actually given).  A tiny negative
    total, possible only through the inputs' own rounding, is returned as 0.

    References
    ----------
    [KL]_; [CT]_ eq. (2.26).

    Examples
    --------
    >>> import numpy as np
    >>> from lib import kl_divergence
    >>> round(float(kl_divergence([0.5, 0.5], [0.25, 0.75])), 4)
    0.2075
    >>> float(kl_divergence([0.5, 0.5], [0.5, 0.5]))
    0.0

    Two nearly equal coins.  The exact divergence of these floats is
    2.5551115213093852e-16 nats; the bare formula keeps 8 of its digits:

    >>> p, q = np.array([0.5 + 1e-8, 0.5 - 1e-8]), np.array([0.5, 0.5])
    >>> float(kl_divergence(p, q, base=np.e)), float((p * np.log(p / q)).sum())
    (2.555111521309385e-16, 2.555111512950121e-16)
    """
    p, q, ax, p_min, q_min, _ = _two_distributions(p, q, axis)
    ln_base = V.log_base(base)
    plain = min(p_min, q_min) >= _KL_PLAIN
    with quiet(not plain, all="ignore"):
        nats = _pieces.sum_terms(lambda p, q: _kl_parts(p, q, plain), [p, q], ax, keepdims)  # sum(terms) + sum(p - q)
    return V.scalar_or_array(np.maximum(nats, 0.0) / ln_base)
