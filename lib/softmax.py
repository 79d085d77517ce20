"""Softmax and its stable relatives: log-sum-exp and log-softmax.

All three subtract the largest score ``m`` before exponentiating (so ``exp``
never overflows).  Log-sum-exp and log-softmax then take ``log1p`` of the sum
of the *other* exponentials, ``r = sum_{j != k} exp(z_j - m)`` with ``z_k = m``
(whose exponential is exactly 1), so that a confident prediction whose
log-probability is ``-4e-18`` is returned as such instead of rounding to 0.
Logits must not be NaN or ``+inf``; ``-inf`` is allowed and means "probability
exactly 0" (a masked class).  ``axis=None`` treats the whole array as one set
of scores, as :func:`scipy.special.softmax` does.

References (cited by the docstrings below):

.. [Br] J. S. Bridle, "Probabilistic interpretation of feedforward
   classification network outputs", in *Neurocomputing*, Springer, 1990, 227-236.
.. [BHH] P. Blanchard, D. J. Higham and N. J. Higham, "Accurately computing the
   log-sum-exp and softmax functions", *IMA Journal of Numerical Analysis* 41
   (2021), 2311-2330.
"""

from __future__ import annotations

import numpy as np

from . import _validate as V
from ._pieces import in_pieces, max_along, sum_along

__all__ = ["logsumexp", "softmax", "log_softmax"]


def _row_starts(z):
    """Flat index of the first entry of each slice along the last axis of ``z`` (shape: ``z`` without that axis)."""
    starts = np.arange(0, z.size, z.shape[-1])
    return starts if z.ndim == 2 else starts.reshape(z.shape[:-1])


def _largest(z, axis, name, all_neg_inf_ok=False, given_axis=None, index=False):
    """``max(z)`` along ``axis`` (keepdims), or ``(k, max)`` with ``k`` the index of the first largest entry.

    The one pass doubles as the check of the logits: NaN propagates into the
    max (and argmax stops at it) and ``+inf`` is the max, so a finite max
    proves every logit is finite or ``-inf``.  A max of ``-inf`` (a slice of
    only ``-inf``) is refused unless ``all_neg_inf_ok`` (the message names
    ``given_axis``, the axis as the caller wrote it).  When the slices are
    rows (``axis=None``, 1-D input, or the last axis) ``k`` is a flat index
    (for ``take`` and ``put``: one int, or one per row); along another axis,
    argmax's indices with ``keepdims``.
    """
    if not index:
        k, m = None, max_along(z, axis)
    elif axis is None or z.ndim == 1:
        k = int(np.argmax(z))
        m = z.reshape(-1)[k:k + 1].reshape((1,) * z.ndim)
    elif axis == z.ndim - 1:
        k = np.argmax(z, axis=axis) + _row_starts(z)
        m = z.take(k)[..., None]
    else:
        k = np.argmax(z, axis=axis, keepdims=True)
        m = np.take_along_axis(z, k, axis=axis)
    if not V.all_finite(m):
        if not (m < np.inf).all():
            V._bad_logits(z, name)
        if not all_neg_inf_ok:
            raise ValueError(f"{name} has a slice along axis {given_axis} whose logits are all -inf; softmax is undefined there")
    return (k, m) if index else m


def _log1p_rest(s, k, axis, overwrite=False):
    """``log1p(r)``, ``r = sum_{j != k} exp(s_j)`` along ``axis`` for shifted scores ``s <= 0`` with ``s_k = 0``.

    ``exp(s_k) = 1`` exactly is left out of the sum (``k`` from :func:`_largest`),
    so ``r`` keeps all its digits even when it is far below machine epsilon;
    ``log1p`` adds the 1 back exactly.  ``overwrite=True`` reuses ``s`` for the exponentials.
    """
    with np.errstate(under="ignore"):
        e = np.exp(s, out=s if overwrite else None)
    if axis is None or axis == s.ndim - 1:
        e.put(k, 0.0)  # k: flat indices (rows)
    else:
        np.put_along_axis(e, k, 0.0, axis=axis)
    return np.log1p(sum_along(e, axis, keepdims=True))


def _checked(z, axis, temperature, name="z"):
    """``(z, axis, T)`` converted and checked; a bad logit is reported before a bad axis or temperature."""
    z = V.as_float_array(z, name)
    try:
        return z, V.check_axis(z, axis, name), V.number(temperature, "temperature", 0.0, low_open=True)
    except ValueError:
        V.logits(z, name)
        raise


def _scaled(z, axis, t, given_axis, index=False):
    """``(z / T, k, max)`` along ``axis`` for logits ``z`` (``k`` as in :func:`_largest`, ``None`` unless ``index``)."""
    k, m = _largest(z, axis, "z", given_axis=given_axis, index=True) if index else (None, _largest(z, axis, "z", given_axis=given_axis))
    if t != 1.0:
        with np.errstate(over="ignore", under="ignore"):
            z, m = z / t, m / t  # dividing by t > 0 keeps the order: m is still the max
        if np.isposinf(m).any():
            raise ValueError("z / temperature overflows to +inf; use a larger temperature")
    return z, k, m


def logsumexp(x, *, axis=-1, keepdims=False):
    """``log(sum(exp(x)))`` along ``axis``, without overflow or underflow.

    Parameters
    ----------
    x : array_like of float
        Values; NaN and ``+inf`` are rejected, ``-inf`` entries contribute 0.
    axis : int or None, optional
        Axis to reduce (default: the last); ``None``: all of them.
    keepdims : bool, optional
        Keep the reduced axis with length 1 (default ``False``).

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``m + log1p(sum of exp(x_j - m) over all entries but one largest)``,
        ``m = max(x)``; ``-inf`` for a slice whose entries are all ``-inf``.

    Raises
    ------
    ValueError
        If ``x`` is empty or contains NaN or ``+inf``, or ``axis`` is invalid.

    See Also
    --------
    log_softmax : ``x - logsumexp(x)``.
    scipy.special.logsumexp : the same for finite input (it also takes weights).

    Notes
    -----
    .. math:: \\log \\sum_j e^{x_j} = m + \\log\\Bigl(1 + \\sum_{j \\ne k} e^{x_j - m}\\Bigr),
              \\qquad m = x_k = \\max_j x_j.

    References
    ----------
    [BHH]_ algorithm 2.2.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> from lib import logsumexp
    >>> float(logsumexp([1000.0, 1000.0])) == 1000.0 + math.log(2.0)
    True
    >>> with np.errstate(over="ignore"):
    ...     float(np.log(np.sum(np.exp([1000.0, 1000.0]))))   # the bare formula overflows
    inf
    """
    x, ax, _ = _checked(x, axis, 1.0, "x")

    def lse(x, axis):  # on pieces of whole slices (lib._pieces)
        k, m = _largest(x, axis, "x", all_neg_inf_ok=True, index=True)
        shift = m if V.all_finite(m) else np.where(np.isfinite(m), m, 0.0)  # only -inf: m + log1p(0) = -inf
        return m + _log1p_rest(x - shift, k, axis, overwrite=True)

    out = in_pieces(lse, [x], ax)
    if not keepdims:
        out = out.reshape(()) if ax is None else np.squeeze(out, axis=ax)
    return V.scalar_or_array(out)


def log_softmax(z, *, axis=-1, temperature=1.0):
    """Logarithm of :func:`softmax`, computed stably: ``z_i/T - logsumexp(z/T)``.

    Parameters
    ----------
    z : array_like of float
        Logits (scores).  NaN and ``+inf`` are rejected; ``-inf`` gives a
        log-probability of ``-inf``.
    axis : int or None, optional
        Axis along which the classes lie (default: the last); ``None``: the
        whole array.
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

    See Also
    --------
    softmax, logsumexp
    scipy.special.log_softmax : the same for finite input, less exact for the largest entry.

    Notes
    -----
    With ``m = max_j z_j = z_k`` and ``r = sum_{j != k} exp(z_j - m)``,

    .. math:: \\log \\operatorname{softmax}(z)_i = (z_i - m) - \\log(1 + r).

    For the largest logit this is ``-log1p(r)``, exact even when ``r`` is far
    below machine epsilon.

    References
    ----------
    [BHH]_ section 3.

    Examples
    --------
    >>> import numpy as np
    >>> from lib import log_softmax
    >>> [round(float(v), 4) for v in log_softmax([2.0, 1.0, 0.0])]
    [-0.4076, -1.4076, -2.4076]

    A confident prediction: the textbook formula rounds its log-probability to 0.

    >>> z = np.array([1e4, 1e4 - 40, 0.0, -1e4])
    >>> float(log_softmax(z)[0]), float((z - z.max() - np.log(np.exp(z - z.max()).sum()))[0])
    (-4.248354255291589e-18, 0.0)
    """
    z, ax, t = _checked(z, axis, temperature)
    ax_given = axis

    def log_softmax_(z, axis):  # on pieces of whole slices (lib._pieces)
        z, k, m = _scaled(z, axis, t, given_axis=ax_given, index=True)
        s = z - m
        s -= _log1p_rest(s, k, axis)
        return s

    return in_pieces(log_softmax_, [z], ax)


def softmax(z, *, axis=-1, temperature=1.0):
    """Softmax ``exp(z_i / T) / sum_j exp(z_j / T)`` along ``axis``.

    Parameters
    ----------
    z : array_like of float
        Logits (scores).  NaN and ``+inf`` are rejected; ``-inf`` gives a
        probability of exactly 0.
    axis : int or None, optional
        Axis along which the classes lie (default: the last); ``None``: the
        whole array.
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

    See Also
    --------
    log_softmax, logsumexp
    scipy.special.softmax : the same for finite input.

    Notes
    -----
    .. math:: \\operatorname{softmax}(z)_i = \\frac{e^{z_i - m}}{\\sum_j e^{z_j - m}}, \\qquad m = \\max_j z_j.

    Subtracting ``m`` changes nothing mathematically, but no ``exp`` overflows.

    References
    ----------
    [Br]_; [BHH]_ section 3.

    Examples
    --------
    >>> import numpy as np
    >>> from lib import softmax
    >>> [round(float(v), 4) for v in softmax([1000.0, 999.0, 998.0])]
    [0.6652, 0.2447, 0.09]
    >>> z = np.array([1000.0, 999.0, 998.0])
    >>> with np.errstate(over="ignore", invalid="ignore"):
    ...     np.exp(z) / np.exp(z).sum()          # the bare formula overflows
    array([nan, nan, nan])
    """
    z, ax, t = _checked(z, axis, temperature)
    ax_given = axis

    def softmax_(z, axis):  # on pieces of whole slices (lib._pieces)
        z, _, m = _scaled(z, axis, t, given_axis=ax_given)
        e = z - m
        with np.errstate(under="ignore"):
            np.exp(e, out=e)
        e /= sum_along(e, axis, keepdims=True)
        return e

    return in_pieces(softmax_, [z], ax)
