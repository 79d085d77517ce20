"""Two variables at once: joint and conditional entropy, mutual information.

Every function takes a **joint probability table** ``pxy``: an array with at
least two dimensions whose entries are the probabilities ``p(x, y)`` of every
combination of values and add up to 1 (within :data:`lib._validate.SUM_ATOL`).
The axes of the table are split into two groups:

* the axes named by ``x`` (``conditional_entropy``: ``given``) are the
  variable ``X`` (several axes together form one variable, their index tuple
  is its value);
* all the other axes are the variable ``Y``.

The default ``x=0`` / ``given=0`` makes the rows ``X`` and the columns ``Y`` of
a 2-D table, as in the weather-and-umbrella example below.  To ignore a
variable, sum its axis out first (``pxy.sum(axis=2)``).

All quantities are those of the table divided by its own sum (which is 1 up
to rounding), so that they are exactly consistent with each other.  Results
are in **bits** by default (``base=2``); ``base=np.e`` gives nats.

>>> import numpy as np
>>> from lib import joint_entropy, conditional_entropy, mutual_information
>>> pxy = np.array([[0.60, 0.10],    # sun: no umbrella, umbrella
...                 [0.05, 0.25]])   # rain
>>> round(float(joint_entropy(pxy)), 3), round(float(mutual_information(pxy)), 3)
(1.49, 0.325)
>>> round(float(conditional_entropy(pxy, given=0)), 3)   # H(Y | X)
0.609
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np

from . import _validate as V
from ._pieces import quiet, sum_terms
from .information import kl_terms, log_in_base

__all__ = [
    "JointDistribution",
    "joint_distribution",
    "marginal",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "pointwise_mutual_information",
]


# --------------------------------------------------------------------------- validation


def _table(pxy) -> tuple[np.ndarray, float, float]:
    """Check a joint table; return it as float64, its sum and its smallest cell."""
    arr, lo, _ = V.probabilities(pxy, "pxy", bounds=True)  # real numbers, not empty, no NaN, each in [0, 1]
    if arr.ndim < 2:
        raise ValueError(
            f"pxy must be a joint table with at least 2 dimensions (one per variable), got shape {arr.shape}"
        )
    s = float(np.add.reduce(arr, axis=None))
    if not abs(s - 1.0) <= V.SUM_ATOL:
        raise ValueError(f"pxy must sum to 1 (within {V.SUM_ATOL:g}); found a sum of {s!r}")
    return arr, s, lo


def _axes(axes, ndim: int, name: str) -> tuple[int, ...]:
    """Normalise ``axes`` (an int or a tuple of ints) to sorted non-negative axes of a table."""
    if type(axes) is int and -ndim <= axes < ndim and ndim >= 2:  # the usual case: one axis of a table
        return (axes % ndim,)
    items = axes if isinstance(axes, tuple) else (axes,)
    if not items:
        raise ValueError(f"{name} must name at least one axis, got ()")
    out = []
    for a in items:
        if isinstance(a, (bool, np.bool_)) or not isinstance(a, numbers.Integral):
            raise ValueError(f"{name} must be an integer axis or a tuple of them, got {axes!r}")
        if not -ndim <= a < ndim:
            raise ValueError(f"{name}: axis {a} is out of range for pxy with {ndim} dimensions")
        out.append(int(a) % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"{name} names the same axis twice: {axes!r}")
    if len(out) == ndim:
        raise ValueError(f"{name} takes every axis of pxy ({axes!r}); the other variable needs at least one")
    return tuple(sorted(out))


def _split(arr: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """The table as a matrix: rows = values of the ``axes`` variable, columns = the rest."""
    if axes == (0,) and arr.ndim == 2:  # a table of two variables, the first one in rows: itself
        return arr
    rest = [a for a in range(arr.ndim) if a not in axes]
    moved = np.transpose(arr, list(axes) + rest)
    n_rows = math.prod(arr.shape[a] for a in axes)
    return moved.reshape(n_rows, -1)


def _unsplit(mat: np.ndarray, shape: tuple[int, ...], axes: tuple[int, ...]) -> np.ndarray:
    """Inverse of :func:`_split`."""
    rest = [a for a in range(len(shape)) if a not in axes]
    order = list(axes) + rest
    moved = mat.reshape([shape[a] for a in order])
    return np.transpose(moved, np.argsort(order))


def _matrix(pxy, x, name):
    arr, s, lo = _table(pxy)
    axes = _axes(x, arr.ndim, name)
    return arr, s, axes, _split(arr, axes), lo


# --------------------------------------------------------------------------- marginals


def marginal(pxy, *, keep=0):
    """Marginal distribution of the axes ``keep``: sum the table over every other axis.

    Parameters
    ----------
    pxy : array_like of float
        Joint probability table, at least 2-D, entries in [0, 1] summing to 1.
    keep : int or tuple of int, optional
        The axis (or axes) to keep; default 0, the rows.

    Returns
    -------
    numpy.ndarray
        ``p(x) = sum_y p(x, y)``, with the shape of the kept axes (in
        increasing axis order).

    Raises
    ------
    ValueError
        If ``pxy`` is not a joint table or ``keep`` does not name some but
        not all of its axes.

    Examples
    --------
    >>> from lib import marginal
    >>> marginal([[0.60, 0.10], [0.05, 0.25]], keep=1)
    array([0.65, 0.35])
    """
    arr, _, _ = _table(pxy)
    axes = _axes(keep, arr.ndim, "keep")
    rest = tuple(a for a in range(arr.ndim) if a not in axes)
    return arr.sum(axis=rest)


# --------------------------------------------------------------------------- entropies


def joint_entropy(pxy, *, base=2):
    """Joint entropy ``H(X, Y) = -sum_{x,y} p(x, y) log p(x, y)`` of the whole table.

    Parameters
    ----------
    pxy : array_like of float
        Joint probability table, at least 2-D (any number of variables),
        entries in [0, 1] summing to 1 within :data:`lib._validate.SUM_ATOL`.
    base : float, optional
        Base of the logarithm: 2 (default, bits), ``np.e`` (nats), ...

    Returns
    -------
    numpy.float64
        The entropy of the table seen as one distribution over all its cells
        (``0 log 0 = 0``); between 0 and ``log_base(pxy.size)``.

    Raises
    ------
    ValueError
        If ``pxy`` is empty, has fewer than 2 dimensions, contains NaN, a
        negative entry or one above 1, or does not sum to 1; or on a bad
        ``base``.

    Notes
    -----
    .. math:: H(X, Y) = \\sum_{x, y} p(x, y) \\log \\frac{1}{p(x, y)}

    Computed for ``P = pxy / pxy.sum()`` (like ``scipy.stats.entropy`` of the
    flattened table, which normalises too).

    Examples
    --------
    >>> from lib import joint_entropy
    >>> float(joint_entropy([[0.25, 0.25], [0.25, 0.25]]))
    2.0
    """
    arr, s, lo = _table(pxy)
    V.log_base(base)
    p = arr.ravel() / s
    return _neg_sum_p_log(p, p, base, zeros=lo == 0.0)


def _neg_sum_p_log(p: np.ndarray, ratio: np.ndarray, base, zeros=True) -> np.float64:
    """``-sum p log_base(ratio)`` with ``0 log(anything) = 0``; ``zeros=False``: no ``p`` is 0 (nothing to fix)."""
    with quiet(zeros, all="ignore"):
        t = log_in_base(ratio, base)
        t *= p
    if zeros:
        t[p == 0] = 0.0
    return np.float64(-np.add.reduce(t, axis=None) + 0.0)


def conditional_entropy(pxy, *, given=0, base=2):
    """Conditional entropy ``H(Y | X)``: the entropy left in ``Y`` once ``X`` is known.

    Parameters
    ----------
    pxy : array_like of float
        Joint probability table, at least 2-D, summing to 1.
    given : int or tuple of int, optional
        The axis (or axes) of the variable ``X`` that is known; ``Y`` is every
        other axis.  Default 0: for a 2-D table, ``H(columns | rows)``; use
        ``given=1`` for ``H(rows | columns)``.
    base : float, optional
        Base of the logarithm: 2 (default, bits), ``np.e`` (nats), ...

    Returns
    -------
    numpy.float64
        ``H(Y | X) >= 0``: 0 exactly when ``Y`` is a function of ``X``; at most
        ``H(Y)``, with equality exactly when ``X`` and ``Y`` are independent.

    Raises
    ------
    ValueError
        On a bad table (see :func:`joint_entropy`), a bad ``given`` or ``base``.

    Notes
    -----
    The average, over ``x``, of the entropy of the conditional distribution
    ``p(y | x) = p(x, y) / p(x)``, computed from its non-negative terms
    (never as the difference ``H(X, Y) - H(X)``):

    .. math:: H(Y \\mid X) = \\sum_x p(x) H(Y \\mid X = x)
              = \\sum_{x, y} p(x, y) \\log \\frac{p(x)}{p(x, y)} .

    The chain rule ``H(X, Y) = H(X) + H(Y | X)`` holds to rounding.

    Examples
    --------
    >>> from lib import conditional_entropy
    >>> pxy = [[0.60, 0.10], [0.05, 0.25]]
    >>> round(float(conditional_entropy(pxy, given=0)), 3), round(float(conditional_entropy(pxy, given=1)), 3)
    (0.609, 0.556)
    """
    _, s, _, m, lo = _matrix(pxy, given, "given")
    zeros = lo == 0.0
    V.log_base(base)
    px = m.sum(axis=1, keepdims=True)
    # A sum of non-negative floats is >= each of them: p / p(x) <= 1, every term is >= 0.
    with quiet(zeros, all="ignore"):
        ratio = m / px  # nan where p(x) = 0 (then p = 0 and the term is 0)
    return _neg_sum_p_log(m / s, ratio, base, zeros)


# --------------------------------------------------------------------------- mutual information

#: Cells whose ``|p - q| <= _NOISE * q`` are independent to within the rounding of ``q``
#: (a few hundred ulps even for long marginal sums); their terms count 0.  Together they
#: could hold at most ``_NOISE**2 / 2 < 5e-25`` nats.
_NOISE = 2.0**-40


#: A table whose every cell is at least this has ``p, q >= _KL_PLAIN``: no product of its marginals underflows.
_PLAIN_CELL = 1e-99


def _kl_terms_nats(p: np.ndarray, q: np.ndarray, px=None, py=None) -> np.ndarray:
    """Element-wise ``p ln(p/q) - p + q >= 0`` with ``q = px * py``: the terms of ``D(p || q)``.

    The terms of :func:`lib.kl_divergence` (:func:`lib.information.kl_terms`, with
    its series where ``p`` is close to ``q``), plus two things a product of
    marginals needs: cells with ``|p - q| <= _NOISE * q`` give exactly 0, and
    where ``q`` underflowed although ``p > 0`` (tiny marginals) the term is
    taken from the logarithms of the marginals ``px`` and ``py``; the caller
    silences floating-point warnings (``np.errstate(all="ignore")``).  Without
    ``px`` and ``py``, no cell of ``p`` is below :data:`_PLAIN_CELL` (then no ``q``
    underflowed, as each marginal is at least a cell): nothing can warn, nothing needs fixing.
    """
    plain = px is None
    f = kl_terms(p, q, plain)
    f[np.abs(p - q) <= _NOISE * q] = 0.0
    if not plain:
        under = (q == 0) & (p > 0)
        if under.any():
            logq = np.log(np.broadcast_to(px, p.shape)[under]) + np.log(np.broadcast_to(py, p.shape)[under])
            f[under] = p[under] * (np.log(p[under]) - logq) - p[under]
    return f


def mutual_information(pxy, *, x=0, base=2):
    """Mutual information ``I(X; Y)``: how much knowing ``X`` tells about ``Y`` (and vice versa).

    Parameters
    ----------
    pxy : array_like of float
        Joint probability table, at least 2-D, summing to 1.
    x : int or tuple of int, optional
        The axis (or axes) of ``X``; ``Y`` is every other axis.  Default 0
        (rows against columns of a 2-D table).  The result is symmetric:
        for a 2-D table ``x=0`` and ``x=1`` give the same number.
    base : float, optional
        Base of the logarithm: 2 (default, bits), ``np.e`` (nats), ...

    Returns
    -------
    numpy.float64
        ``I(X; Y) >= 0``, exactly 0 for a table that is the outer product of
        its marginals (independent variables), at most ``min(H(X), H(Y))``.

    Raises
    ------
    ValueError
        On a bad table (see :func:`joint_entropy`), a bad ``x`` or ``base``.

    Notes
    -----
    The KL divergence between the joint distribution and the product of its
    marginals, the distribution ``X`` and ``Y`` would have if independent:

    .. math:: I(X; Y) = D\\big(p(x, y) \\,\\|\\, p(x)\\,p(y)\\big)
              = \\sum_{x, y} p(x, y) \\log \\frac{p(x, y)}{p(x)\\,p(y)}
              = H(X) + H(Y) - H(X, Y).

    It is computed as the divergence, from the non-negative terms
    ``p ln(p/q) - p + q`` with ``q = p(x) p(y)`` (as :func:`lib.kl_divergence`
    does), never as the difference of entropies, whose rounding error of
    about 1e-16 is a few per cent of an ``I`` of 3e-15 bits and all of an
    ``I`` below 1e-16.  Cells where ``p``
    and ``q`` agree to within the rounding of ``q`` (relative ``2**-40``)
    count 0, which makes ``I`` exactly 0 for outer products; all such cells
    together could hold less than 5e-25 nats.  Otherwise the relative error
    comes from the rounding of the marginals and grows like
    ``1e-15 / sqrt(I)`` (``I`` in nats) for nearly independent tables
    (measured: 1e-10 at ``I = 1e-13``, where the difference of entropies is
    off by 2%); a few ulps for strongly dependent ones.

    Examples
    --------
    >>> import numpy as np
    >>> from lib import mutual_information
    >>> round(float(mutual_information([[0.60, 0.10], [0.05, 0.25]])), 3)
    0.325
    >>> float(mutual_information(np.outer([0.3, 0.7], [0.2, 0.5, 0.3])))
    0.0
    >>> round(float(mutual_information([[0.5, 0.0], [0.0, 0.5]])), 12)    # Y = X, a fair bit
    1.0
    """
    _, s, _, m, lo = _matrix(pxy, x, "x")
    lb = V.log_base(base)
    px = m.sum(axis=1, keepdims=True)
    py = m.sum(axis=0, keepdims=True) / s
    # q = p(x) p(y) / s sums to s = sum(p) (in real arithmetic): the terms need no "+ sum(p - q)".
    if lo >= _PLAIN_CELL:  # (large tables in cache-sized pieces)
        nats = sum_terms(_kl_terms_nats, [m, px * py], None)
    else:
        with np.errstate(all="ignore"):  # q = px * py may underflow; 0 log 0 and the like are fixed after
            nats = np.add.reduce(_kl_terms_nats(m, px * py, px, py), axis=None)
    return np.float64(float(nats) / s / lb)


def pointwise_mutual_information(pxy, *, x=0, base=2):
    """Pointwise mutual information ``log p(x, y) / (p(x) p(y))`` of every cell.

    Parameters
    ----------
    pxy : array_like of float
        Joint probability table, at least 2-D, summing to 1.
    x : int or tuple of int, optional
        The axis (or axes) of ``X``; ``Y`` is every other axis (default 0).
    base : float, optional
        Base of the logarithm: 2 (default, bits), ``np.e`` (nats), ...

    Returns
    -------
    numpy.ndarray
        Same shape as ``pxy``.  Positive where the pair occurs more often than
        if ``X`` and ``Y`` were independent, negative where less often, 0 where
        exactly as often; exactly ``-inf`` where ``p(x, y) = 0`` but both
        marginals are positive (a pair that never occurs); ``nan`` where
        ``p(x) = 0`` or ``p(y) = 0`` (0/0: the value never occurs, so the pair
        has no PMI).

    Raises
    ------
    ValueError
        On a bad table (see :func:`joint_entropy`), a bad ``x`` or ``base``.

    Notes
    -----
    .. math:: \\operatorname{pmi}(x; y) = \\log \\frac{p(x, y)}{p(x)\\,p(y)}
              = \\log \\frac{p(y \\mid x)}{p(y)}, \\qquad
              I(X; Y) = \\sum_{x, y} p(x, y) \\operatorname{pmi}(x; y).

    The mutual information is the average PMI; single cells can be negative.

    Examples
    --------
    >>> from lib import pointwise_mutual_information
    >>> pointwise_mutual_information([[0.60, 0.10], [0.05, 0.25]]).round(2)
    array([[ 0.4 , -1.29],
           [-1.96,  1.25]])
    """
    arr, s, axes, m, _ = _matrix(pxy, x, "x")
    V.log_base(base)
    px = m.sum(axis=1, keepdims=True)
    py = m.sum(axis=0, keepdims=True)
    with np.errstate(all="ignore"):
        ratio = m / (px * (py / s))  # nan where a marginal is 0; 0 where only p(x, y) is
        pmi = log_in_base(ratio, base) + 0.0
    return _unsplit(pmi, arr.shape, axes)


# --------------------------------------------------------------------------- from data


class JointDistribution(NamedTuple):
    """An empirical joint table and the values its rows and columns stand for."""

    pxy: np.ndarray
    x_values: np.ndarray
    y_values: np.ndarray


def joint_distribution(x, y) -> JointDistribution:
    """The empirical joint distribution of paired observations ``(x_m, y_m)``, ``m = 1, ..., N``.

    Parameters
    ----------
    x, y : array_like, shape (N,)
        The two variables' values in each of the ``N`` examples (numbers or
        strings; any values ``numpy.unique`` can sort).

    Returns
    -------
    JointDistribution
        ``pxy[i, j] = #{m : x_m = x_values[i], y_m = y_values[j]} / N``, a
        table summing to 1 that any function of this module accepts; the
        sorted distinct values of ``x`` (rows) and of ``y`` (columns).

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is empty or not 1-D, or their lengths differ.

    Notes
    -----
    ``mutual_information(joint_distribution(x, y).pxy)`` is the *plug-in*
    estimate of ``I(X; Y)`` (scikit-learn's ``mutual_info_score``, in bits
    instead of nats) and, with ``y`` a label, the *information gain* of a
    decision tree's split on ``x``.

    Examples
    --------
    >>> from lib import joint_distribution
    >>> t = joint_distribution(["sun", "sun", "rain", "sun"], ["no", "yes", "yes", "no"])
    >>> t.pxy.tolist(), t.x_values.tolist(), t.y_values.tolist()
    ([[0.0, 0.25], [0.5, 0.25]], ['rain', 'sun'], ['no', 'yes'])
    """
    xs, ys = np.asarray(x), np.asarray(y)
    for arr, name in ((xs, "x"), (ys, "y")):
        if arr.ndim != 1 or arr.size == 0:
            raise ValueError(f"{name} must be a non-empty 1-D array of values, got shape {arr.shape}")
    if xs.size != ys.size:
        raise ValueError(f"x and y must have the same length, got {xs.size} and {ys.size}")
    x_values, i = np.unique(xs, return_inverse=True)
    y_values, j = np.unique(ys, return_inverse=True)
    counts = np.zeros((x_values.size, y_values.size))
    np.add.at(counts, (i.ravel(), j.ravel()), 1.0)
    return JointDistribution(counts / xs.size, x_values, y_values)
