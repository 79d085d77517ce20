"""Argument checks shared by every public function of :mod:`lib`.

All checks raise :class:`ValueError` with a message that names the argument and
says what is wrong, so a reader who passes a bad distribution learns *why* the
call failed instead of receiving a silent ``nan``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

#: Largest allowed ``|sum(p) - 1|`` for a probability distribution, per
#: distribution (row).  Loose enough for sums of a million float64 values that
#: were normalised in floating point, tight enough to catch a typo.
SUM_ATOL = 1e-9

#: Largest amount by which a single probability may exceed 1 (rounding slack).
PROB_ATOL = 1e-12


def log_base(base) -> float:
    """Return ``ln(base)`` after checking that ``base`` is a valid logarithm base.

    Raises
    ------
    ValueError
        If ``base`` is not a real number, is not finite, is <= 0 or equals 1.
    """
    if isinstance(base, (bool, np.bool_)) or not isinstance(base, numbers.Real):
        raise ValueError(f"base must be a real number > 0 and != 1, got {base!r}")
    b = float(base)
    if not math.isfinite(b) or b <= 0.0 or b == 1.0:
        raise ValueError(f"base must be a finite number > 0 and != 1, got {base!r}")
    return math.log(b)


def log_in_base(x: np.ndarray, base, out: np.ndarray | None = None) -> np.ndarray:
    """Logarithm of ``x`` in ``base`` using the most exact numpy routine.

    ``log2`` for base 2 and ``log10`` for base 10 make powers of the base give
    exact integers (``log2(0.25) == -2``).  ``log(0)`` is ``-inf`` with no warning.
    With ``out`` the result is written there (no new array).
    """
    lb = log_base(base)
    b = float(base)
    with np.errstate(divide="ignore"):
        if b == 2.0:
            return np.log2(x, out=out)
        if b == 10.0:
            return np.log10(x, out=out)
        logs = np.log(x, out=out)
        if b != math.e:
            logs /= lb
        return logs


def _as_float_array(x, name: str) -> np.ndarray:
    """Convert ``x`` to a float64 array, rejecting non-numeric or complex input."""
    try:
        arr = np.asarray(x)
    except Exception as exc:  # pragma: no cover - numpy's own error is clear enough
        raise ValueError(f"{name} could not be converted to an array: {exc}") from exc
    if arr.dtype == object or arr.dtype.kind not in "biuf":
        raise ValueError(f"{name} must contain real numbers, got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    return arr.astype(np.float64, copy=False)


def probabilities(p, name: str) -> np.ndarray:
    """Check that every entry of ``p`` is a probability: not NaN, in [0, 1].

    Returns a float64 array.  Values in ``(1, 1 + PROB_ATOL]`` are accepted as
    rounding noise and left unchanged.
    """
    arr = _as_float_array(p, name)
    lo, hi = arr.min(), arr.max()  # two fast reductions; NaN propagates into both
    if lo >= 0 and hi <= 1 + PROB_ATOL:
        return arr
    # Slow path, only for bad input: find the first problem and name it.
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN; probabilities must be numbers in [0, 1]")
    if (arr < 0).any():
        bad = arr[arr < 0].flat[0]
        raise ValueError(f"{name} contains a negative probability ({bad!r}); probabilities must be >= 0")
    if (arr > 1 + PROB_ATOL).any():
        bad = arr[arr > 1 + PROB_ATOL].flat[0]
        raise ValueError(f"{name} contains a probability above 1 ({bad!r})")
    return arr


def check_axis(arr: np.ndarray, axis, name: str) -> int:
    """Normalise ``axis`` for ``arr`` (raise ValueError if it does not exist)."""
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (numbers.Integral,)):
        raise ValueError(f"axis must be an integer, got {axis!r}")
    if arr.ndim == 0:
        raise ValueError(f"{name} must have at least one dimension (a distribution), got a scalar")
    if not -arr.ndim <= axis < arr.ndim:
        raise ValueError(f"axis {axis} is out of range for {name} with {arr.ndim} dimension(s)")
    return int(axis) % arr.ndim


def distribution(p, name: str, axis: int = -1) -> tuple[np.ndarray, int]:
    """Check that ``p`` holds probability distributions along ``axis``.

    Every entry must be a probability and every slice along ``axis`` must sum
    to 1 within :data:`SUM_ATOL`.  Returns ``(array, normalised_axis)``.
    """
    arr = _as_float_array(p, name)
    if not arr.min() >= 0:  # NaN (it propagates) or a negative entry
        probabilities(arr, name)  # raises with the precise message
    try:
        ax = check_axis(arr, axis, name)
    except ValueError:
        probabilities(arr, name)  # a probability above 1 is reported before a bad axis
        raise
    if arr.shape[ax] == 0:
        raise ValueError(f"{name} has no outcomes along axis {axis}")
    sums = arr.sum(axis=ax)
    # A floating-point sum of entries >= 0 is >= each of them, so sums <= 1 + PROB_ATOL
    # prove every entry <= 1 + PROB_ATOL without a pass for the maximum.
    if not (sums <= 1 + PROB_ATOL).all():
        probabilities(arr, name)
    err = np.abs(sums - 1.0)
    if (err > SUM_ATOL).any():
        worst = np.asarray(sums).flat[int(np.argmax(err))]
        raise ValueError(
            f"{name} must sum to 1 along axis {axis} (within {SUM_ATOL:g}); "
            f"found a sum of {worst!r}"
        )
    return arr, ax


def same_shape(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Refuse to broadcast: ``a`` and ``b`` must have exactly the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape (no broadcasting), "
            f"got {a.shape} and {b.shape}"
        )


def logits(z, name: str) -> np.ndarray:
    """Check real-valued scores: float64 array, no NaN, no +inf (-inf allowed)."""
    arr = _as_float_array(z, name)
    if arr.max() < np.inf:  # one reduction: False for NaN (propagates) and for +inf
        return arr
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN")
    if np.isposinf(arr).any():
        raise ValueError(f"{name} contains +inf; logits must be finite or -inf")
    return arr


def positive_finite(value, name: str) -> float:
    """A real scalar that is finite and > 0 (e.g. a temperature)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a positive real number, got {value!r}")
    v = float(value)
    if not math.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return v


REDUCTIONS = ("mean", "sum", "none")


def reduction(value) -> str:
    """One of ``"mean"``, ``"sum"``, ``"none"``."""
    if value not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {value!r}")
    return value
