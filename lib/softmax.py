"""Softmax and its stable relatives: log-sum-exp and log-softmax.

All three subtract the largest score before exponentiating (so ``exp`` never
overflows) and use ``log1p`` of the sum of the *other* exponentials, so that a
confident prediction whose log-probability is ``-4e-18`` is returned as such
instead of rounding to 0.  Logits must not be NaN or ``+inf``; ``-inf`` is
allowed and means "probability exactly 0" (a masked class).
"""

from __future__ import annotations

import numpy as np

from . import _validate as V

__all__ = ["logsumexp", "softmax", "log_softmax"]


def _shifted(z: np.ndarray, ax: int):
    """Return ``(z - max, exp(z - max) with the max entry zeroed, rest, max)``.

    ``rest`` is the sum of the exponentials other than the (first) largest one,
    which is exactly 1 and is left out so that ``log1p(rest)`` stays exact.
    """
    m = np.max(z, axis=ax, keepdims=True)
    m_safe = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(invalid="ignore", under="ignore"):
        shifted = z - m_safe
        e = np.exp(shifted)
    idx = np.argmax(z, axis=ax, keepdims=True)
    np.put_along_axis(e, idx, 0.0, axis=ax)
    rest = e.sum(axis=ax, keepdims=True)
    np.put_along_axis(e, idx, 1.0, axis=ax)
    return shifted, e, rest, m


def _scaled_logits(z, axis, temperature, name="z"):
    arr = V.logits(z, name)
    ax = V.check_axis(arr, axis, name)
    t = V.positive_finite(temperature, "temperature")
    if t != 1.0:
        with np.errstate(over="ignore"):
            arr = arr / t
        if np.isposinf(arr).any():
            raise ValueError(f"{name} / temperature overflows to +inf; use a larger temperature")
    if np.all(np.isneginf(arr), axis=ax).any():
        raise ValueError(f"{name} has a slice along axis {axis} whose logits are all -inf; softmax is undefined there")
    return arr, ax


def logsumexp(x, *, axis=-1, keepdims=False):
    """``log(sum(exp(x)))`` along ``axis``, without overflow or underflow.

    Parameters
    ----------
    x : array_like of float
        Values; NaN and ``+inf`` are rejected, ``-inf`` entries contribute 0.
    axis : int, optional
        Axis to reduce (default: the last).
    keepdims : bool, optional
        Keep the reduced axis with length 1 (default ``False``).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``max(x) + log1p(sum of exp(x_i - max(x)) over the other entries)``;
        ``-inf`` for a slice whose entries are all ``-inf``.

    Raises
    ------
    ValueError
        If ``x`` is empty or contains NaN or ``+inf``, or ``axis`` is invalid.

    Examples
    --------
    >>> import math
    >>> from lib import logsumexp
    >>> float(logsumexp([1000.0, 1000.0])) == 1000.0 + math.log(2.0)
    True
    """
    arr = V.logits(x, "x")
    ax = V.check_axis(arr, axis, "x")
    _, _, rest, m = _shifted(arr, ax)
    out = m + np.log1p(rest)
    if not keepdims:
        out = np.squeeze(out, axis=ax)
    return out[()] if out.ndim == 0 else out


def log_softmax(z, *, axis=-1, temperature=1.0):
    """Logarithm of :func:`softmax`, computed stably: ``z_i/T - logsumexp(z/T)``.

    Parameters
    ----------
    z : array_like of float
        Logits (scores).  NaN and ``+inf`` are rejected; ``-inf`` gives a
        log-probability of ``-inf``.
    axis : int, optional
        Axis along which the classes lie (default: the last).
    temperature : float, optional
        ``T > 0``; the logits are divided by it first (default 1).

    Returns
    -------
    numpy.ndarray
        Natural-log probabilities (nats), same shape as ``z``; every value <= 0.

    Raises
    ------
    ValueError
        On NaN or ``+inf`` logits, a slice of only ``-inf`` logits, empty
        input, a bad ``axis`` or a temperature that is not a finite number > 0.

    Notes
    -----
    With ``m = max_j z_j`` and ``r = sum_{j != argmax} exp(z_j - m)``,
    ``log_softmax(z)_i = (z_i - m) - log1p(r)``.  For the largest logit this
    is ``-log1p(r)``, exact even when ``r`` is far below machine epsilon:
    ``log_softmax([1e4, 1e4 - 40, 0, -1e4])[0]`` is ``-4.248e-18``, where the
    textbook ``z - log(sum(exp(z - m)))`` returns 0.

    Examples
    --------
    >>> from lib import log_softmax
    >>> [round(float(v), 4) for v in log_softmax([2.0, 1.0, 0.0])]
    [-0.4076, -1.4076, -2.4076]
    """
    arr, ax = _scaled_logits(z, axis, temperature)
    shifted, _, rest, _ = _shifted(arr, ax)
    return shifted - np.log1p(rest)


def softmax(z, *, axis=-1, temperature=1.0):
    """Softmax ``exp(z_i / T) / sum_j exp(z_j / T)`` along ``axis``.

    Parameters
    ----------
    z : array_like of float
        Logits (scores).  NaN and ``+inf`` are rejected; ``-inf`` gives a
        probability of exactly 0.
    axis : int, optional
        Axis along which the classes lie (default: the last).
    temperature : float, optional
        ``T > 0``; small ``T`` sharpens towards the argmax, large ``T``
        flattens towards the uniform distribution (default 1).

    Returns
    -------
    numpy.ndarray
        Probabilities in [0, 1], same shape as ``z``, summing to 1 along
        ``axis``.  Adding the same constant to every logit of a slice leaves
        the result unchanged.

    Raises
    ------
    ValueError
        As for :func:`log_softmax`.

    Notes
    -----
    The largest logit is subtracted before ``exp`` so nothing overflows:
    ``softmax([1000, 999, 998])`` is fine although ``exp(1000)`` is ``inf``.

    Examples
    --------
    >>> from lib import softmax
    >>> [round(float(v), 4) for v in softmax([1000.0, 999.0, 998.0])]
    [0.6652, 0.2447, 0.09]
    """
    arr, ax = _scaled_logits(z, axis, temperature)
    _, e, rest, _ = _shifted(arr, ax)
    return e / (1.0 + rest)
