"""Argument checks shared by every public function of :mod:`lib`.

All checks raise :class:`ValueError` with a message that names the argument and
says what is wrong, so a reader who passes a bad distribution learns *why* the
call failed instead of receiving a silent ``nan``.

Each check is one cheap call: a numpy reduction or two over the input (no
Python loop over elements, no second conversion); an input of at most
:data:`SMALL` elements is first tried as a list, where the builtins are
cheaper than numpy's per-call overhead.  Only when a fast check
fails do the slower passes run that find the precise problem to report.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._pieces import PIECE, sum_along

#: Largest allowed ``|sum(p) - 1|`` for a probability distribution, per
#: distribution (row).  Loose enough for sums of a million float64 values that
#: were normalised in floating point, tight enough to catch a typo.
SUM_ATOL = 1e-9

#: Largest amount by which a single probability may exceed 1 (rounding slack).
PROB_ATOL = 1e-12

REDUCTIONS = ("mean", "sum", "none")

#: Arrays of at most this many elements are checked as a Python list first:
#: ``tolist()`` and the builtins ``min`` and ``sum`` (C loops over the list)
#: cost a fifth of numpy's two reductions at 4 elements, which are mostly call
#: overhead, and as much at about 40 elements (measured on the 2-core VM);
#: a distribution of a few outcomes is what the book and its widgets pass
#: most often.  This path only *accepts* input; anything it does not accept
#: goes on to the numpy checks, which decide and report.
SMALL = 16


# --------------------------------------------------------------------------- arrays

_FLOAT64 = np.dtype(np.float64)  # numpy's one float64 dtype: ``arr.dtype is _FLOAT64`` is the cheapest test


def as_float_array(x, name: str) -> np.ndarray:
    """``x`` as a float64 array (no copy if it is one), refusing non-numeric, complex or empty input.

    The one array conversion of :mod:`lib`: every function that takes an array
    of numbers passes it through here once.
    """
    arr = np.asarray(x)
    if arr.dtype is _FLOAT64 and arr.size:  # the usual case, in two tests
        return arr
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must contain real numbers, got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    return arr if arr.dtype == np.float64 else arr.astype(np.float64)  # e.g. float64 carrying metadata: no copy


def scalar_or_array(x):
    """A numpy scalar for a 0-d result, the array itself otherwise (how every lib function returns)."""
    return x[()] if type(x) is np.ndarray and x.ndim == 0 else x


def check_axis(arr: np.ndarray, axis, name: str):
    """``axis`` as a non-negative int for ``arr`` (``None`` stays ``None``: all axes); ValueError if it does not exist."""
    if type(axis) is int and -arr.ndim <= axis < arr.ndim:  # the usual case (never true for a 0-d array)
        return axis % arr.ndim
    if arr.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension (a distribution), got a scalar")
    if axis is None:
        return None
    if type(axis) is not int and (isinstance(axis, (bool, np.bool_)) or not isinstance(axis, numbers.Integral)):
        raise ValueError(f"axis must be an integer or None, got {axis!r}")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis {axis} is out of range for {name} with {arr.ndim} dimension(s)")
    return int(axis) % arr.ndim


def min_max(x):
    """``(min, max)`` of ``x`` (NaN if it holds one), reading a large array from memory once.

    A scalar or a single value (one distribution's sum) is its own minimum and
    maximum: no reduction at all; up to :data:`SMALL` values, the builtins on a
    list.  Two reductions over a large array read it
    twice from memory; piece by piece (:data:`lib._pieces.PIECE` elements) the
    second reads from the cache.
    """
    if type(x) is not np.ndarray:
        return x, x
    if x.size == 1:
        v = x.item()
        return v, v
    if x.size <= SMALL:  # see SMALL; a NaN makes the sum NaN (so do +inf and -inf together): numpy decides
        values = x.ravel().tolist()
        total = sum(values)
        if total == total:
            return min(values), max(values)
    if x.size <= 4 * PIECE or not x.flags.c_contiguous:
        return np.minimum.reduce(x, axis=None), np.maximum.reduce(x, axis=None)
    flat, lows, highs = x.reshape(-1), [], []
    for i in range(0, flat.size, PIECE):
        piece = flat[i:i + PIECE]
        lows.append(np.minimum.reduce(piece))
        highs.append(np.maximum.reduce(piece))  # the same piece, still in the cache
    return np.minimum.reduce(np.array(lows)), np.maximum.reduce(np.array(highs))


def all_finite(x) -> bool:
    """True if no entry of ``x`` is NaN or infinite; a single value needs no numpy call at all."""
    if x.size == 1:
        return -math.inf < x.item() < math.inf
    return bool(np.logical_and.reduce(np.isfinite(x), axis=None))


def probabilities(p, name: str, *, bounds: bool = False):
    """Check that every entry of ``p`` is a probability: not NaN, in [0, 1].

    Returns a float64 array; with ``bounds=True``, ``(array, smallest entry,
    largest entry)``, which let a caller skip work that only zeros or ones
    need.  Values in ``(1, 1 + PROB_ATOL]`` are accepted as rounding noise and
    left unchanged.
    """
    arr = as_float_array(p, name)
    lo, hi = min_max(arr)
    if 0.0 <= lo and hi <= 1.0 + PROB_ATOL:  # NaN fails both comparisons
        return (arr, float(lo), float(hi)) if bounds else arr
    # Slow path, only for bad input: find the first problem and name it.
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN; probabilities must be numbers in [0, 1]")
    if (arr < 0).any():
        bad = float(arr[arr < 0].flat[0])  # a plain float, so the message reads (-0.5), not np.float64(-0.5)
        raise ValueError(f"{name} contains a negative probability ({bad!r}); probabilities must be >= 0")
    bad = float(arr[arr > 1 + PROB_ATOL].flat[0])
    raise ValueError(f"{name} contains a probability above 1 ({bad!r})")


def distribution(p, name: str, axis=-1, *, bounds: bool = False):
    """Check that ``p`` holds probability distributions along ``axis`` (``None``: the whole array is one).

    Every entry must be a probability and every slice along ``axis`` must sum
    to 1 within :data:`SUM_ATOL`.  Returns ``(array, normalised axis)``; with
    ``bounds=True``, ``(array, axis, smallest entry, largest slice sum)``: a
    smallest entry > 0 proves that no entry is 0, and a largest sum <= 1 that
    none is above 1 (a float sum of non-negative numbers is never below any
    of them).  Fast path: one minimum and one sum (for 1-D input; a matrix's
    sums also get their minimum and maximum).  Entries are >= 0 and each sum
    is at most ``1 + PROB_ATOL``, which proves every entry is at most that too.
    """
    arr = as_float_array(p, name)
    try:
        ax = check_axis(arr, axis, name)
    except ValueError:
        probabilities(arr, name)  # a bad probability is reported before a bad axis
        raise
    if arr.ndim == 1 and arr.size <= SMALL:  # one distribution of a few outcomes: see SMALL
        values = arr.tolist()
        lo, total = min(values), sum(values)  # a NaN or +inf makes the sum fail the test below
        if 0.0 <= lo and 1.0 - SUM_ATOL <= total <= 1.0 + PROB_ATOL:
            return (arr, ax, lo, total) if bounds else (arr, ax)
    lo = np.minimum.reduce(arr, axis=None)
    sums = sum_along(arr, ax)
    sum_lo, sum_hi = min_max(sums)
    if 0.0 <= lo and 1.0 - SUM_ATOL <= sum_lo and sum_hi <= 1.0 + PROB_ATOL:  # NaN fails every comparison
        return (arr, ax, float(lo), float(sum_hi)) if bounds else (arr, ax)
    probabilities(arr, name)  # raises on a NaN, negative or >1 entry
    err = np.abs(sums - 1.0)
    if np.any(err > SUM_ATOL):
        worst = np.asarray(sums).flat[int(np.argmax(err))]
        where = "" if axis is None else f" along axis {axis}"
        raise ValueError(f"{name} must sum to 1{where} (within {SUM_ATOL:g}); found a sum of {float(worst)!r}")
    # a sum in (1 + PROB_ATOL, 1 + SUM_ATOL] whose entries are all <= 1 + PROB_ATOL
    return (arr, ax, float(lo), float(np.maximum.reduce(sums, axis=None))) if bounds else (arr, ax)


def logits(z, name: str) -> np.ndarray:
    """Check real-valued scores: float64 array, no NaN, no +inf (-inf allowed)."""
    arr = as_float_array(z, name)
    if np.maximum.reduce(arr, axis=None) < np.inf:  # one reduction: False for NaN (propagates) and for +inf
        return arr
    return _bad_logits(arr, name)


def _bad_logits(arr: np.ndarray, name: str):
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    raise ValueError(f"{name} contains +inf; logits must be finite or -inf")


def same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Refuse to broadcast: ``a`` and ``b`` must have exactly the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape (no broadcasting), got {a.shape} and {b.shape}"
        )


def weights(w, name: str, n: int) -> np.ndarray:
    """``n`` finite non-negative weights (class weights, sample weights) as a float64 array."""
    arr = as_float_array(w, name)
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},), got {arr.shape}")
    if not (0.0 <= np.minimum.reduce(arr, axis=None) and np.maximum.reduce(arr, axis=None) < math.inf):
        raise ValueError(f"{name} must contain finite numbers >= 0")
    return arr


# --------------------------------------------------------------------------- scalars


def number(value, name: str, low: float = -math.inf, high: float = math.inf, *,
           low_open: bool = False, integer: bool = False):
    """A real scalar (a Python or numpy number, not a bool) in ``[low, high]``.

    ``low_open=True`` excludes ``low`` itself; a real is always required to be
    finite.  ``integer=True`` asks for an integer ``>= low`` and returns an
    ``int``; otherwise the value is returned as a ``float``.  The one scalar
    check of :mod:`lib`: temperatures, learning rates, bases, smoothing
    factors, counts.
    """
    if integer:
        if type(value) is int and value >= low:  # the common case, without the ABC checks below
            return value
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < low:
            raise ValueError(f"{name} must be an integer >= {low:g}, got {value!r}")
        return int(value)
    if type(value) not in (float, int) and (isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real)):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    v = float(value)  # (bool is an int: refused above)
    above = low < v if low_open else low <= v
    if not (above and v <= high and math.isfinite(v)):  # NaN fails every comparison
        if high < math.inf:
            where = f"in {'(' if low_open else '['}{low:g}, {high:g}]"
        else:
            where = f"{'>' if low_open else '>='} {low:g}"
        raise ValueError(f"{name} must be a finite number {where}, got {value!r}")
    return v


#: ``ln(base)`` of the usual bases, looked up before the general check.
_LN_OF = {2: math.log(2), math.e: 1.0, 10: math.log(10)}


def log_base(base) -> float:
    """``ln(base)`` after checking that ``base`` is a finite number > 0 and != 1."""
    if type(base) in (int, float) and base in _LN_OF:  # 2, e, 10 (2.0 == 2); not True == 1
        return _LN_OF[base]
    b = number(base, "base", 0.0, low_open=True)
    if b == 1.0:
        raise ValueError("base must be a number > 0 and != 1, got 1")
    return math.log(b)


def reduction(value) -> str:
    """One of ``"mean"``, ``"sum"``, ``"none"``."""
    if value not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {value!r}")
    return value
