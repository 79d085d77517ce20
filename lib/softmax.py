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


#: Elements per block of rows in :func:`_stable_parts`: small enough that the
#: block's exponentials stay in the CPU cache.
_BLOCK = 1 << 16


def _max_parts(arr: np.ndarray, ax: int):
    """``(argmax, max)`` along ``ax`` (keepdims) in one pass; the first largest entry wins."""
    idx = np.argmax(arr, axis=ax, keepdims=True)
    return idx, np.take_along_axis(arr, idx, axis=ax)


def _stable_parts(arr: np.ndarray, ax: int, idx: np.ndarray, m: np.ndarray, out=None) -> np.ndarray:
    """``rest = sum_{j != idx} exp(arr_j - m)`` along ``ax`` (keepdims), ``m`` finite.

    The left-out entry is the (first) largest, whose exponential is exactly 1,
    so that ``log1p(rest)`` stays exact.  If ``out`` (shaped like ``arr``) is
    given, ``(arr - m) - log1p(rest)`` (the log-softmax) is written to it.
    When the classes lie along the last axis of a C-contiguous array the work
    is done in blocks of rows, whose exponentials never leave the cache.
    """
    n = arr.shape[ax]
    if ax == arr.ndim - 1 and arr.flags.c_contiguous and n <= _BLOCK:
        rows = arr.reshape(-1, n)
        o2 = None if out is None else out.reshape(-1, n)
        m2 = m.reshape(-1, 1)
        i2 = idx.reshape(-1)
        n_rows = rows.shape[0]
        step = _BLOCK // n
        rest = np.empty(n_rows)
        buf = np.empty((min(step, n_rows), n))
        at = np.arange(buf.shape[0])
        with np.errstate(under="ignore", invalid="ignore"):
            for r in range(0, n_rows, step):
                s = slice(r, r + step)
                b = buf[: min(step, n_rows - r)]
                if o2 is None:
                    np.subtract(rows[s], m2[s], out=b)
                    np.exp(b, out=b)
                else:
                    ob = o2[s]
                    np.subtract(rows[s], m2[s], out=ob)
                    np.exp(ob, out=b)
                b[at[: b.shape[0]], i2[s]] = 0.0
                rb = rest[s]
                b.sum(axis=1, out=rb)
                if o2 is not None:
                    ob -= np.log1p(rb)[:, None]
        return rest.reshape(m.shape)
    with np.errstate(under="ignore", invalid="ignore"):
        shifted = np.subtract(arr, m, out=out)
        e = np.exp(shifted)
    np.put_along_axis(e, idx, 0.0, axis=ax)
    rest = e.sum(axis=ax, keepdims=True)
    if out is not None:
        out -= np.log1p(rest)
    return rest


def _scaled_logits(z, axis, temperature, name="z"):
    """Checked ``(z / T, axis, argmax, max)``; the max pass doubles as the NaN/+inf check."""
    arr = V._as_float_array(z, name)
    try:
        ax = V.check_axis(arr, axis, name)
        t = V.positive_finite(temperature, "temperature")
    except ValueError:
        V.logits(arr, name)  # a bad logit is reported first
        raise
    idx, m = _max_parts(arr, ax)
    if not (m < np.inf).all():  # NaN (argmax finds the first) or +inf
        V.logits(arr, name)  # raises with the precise message
    if t != 1.0:
        with np.errstate(over="ignore", under="ignore"):
            arr = arr / t
            m = m / t  # division by t > 0 keeps the order, so argmax and max carry over
        if np.isposinf(m).any():
            raise ValueError(f"{name} / temperature overflows to +inf; use a larger temperature")
    if np.isneginf(m).any():
        raise ValueError(f"{name} has a slice along axis {axis} whose logits are all -inf; softmax is undefined there")
    return arr, ax, idx, m


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
    idx, m = _max_parts(arr, ax)
    rest = _stable_parts(arr, ax, idx, np.where(np.isfinite(m), m, 0.0))
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
    arr, ax, idx, m = _scaled_logits(z, axis, temperature)
    out = np.empty_like(arr)
    _stable_parts(arr, ax, idx, m, out=out)
    return out


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
    arr, ax, idx, m = _scaled_logits(z, axis, temperature)
    with np.errstate(under="ignore"):
        e = arr - m
        np.exp(e, out=e)
    np.put_along_axis(e, idx, 0.0, axis=ax)
    rest = e.sum(axis=ax, keepdims=True)
    np.put_along_axis(e, idx, 1.0, axis=ax)
    e /= 1.0 + rest
    return e
