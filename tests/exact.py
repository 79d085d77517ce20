"""Exact references: mpmath at 50 significant digits on the exact binary values of float64 inputs.

The one place the tests and the accuracy benchmark (``benchmarks/accuracy.py``) get their exact values
from.  It lives with the tests, not in ``lib``: mpmath is a test dependency, never a run-time one.

Every function takes float64 values (numbers or array_likes), turns each into the mpmath number it
represents exactly (``float(x)`` and ``mpmath.mpf(float)`` are both exact), and computes at :data:`DPS`
digits, so an implementation is judged on the floats it was actually given.  Results are mpmath numbers;
:func:`rel_err` compares a float with one.
"""

from __future__ import annotations

import mpmath
import numpy as np

#: Significant decimal digits of every reference.
DPS = 50

#: Smallest normal float64: :func:`rel_err` divides by at least this, so an exact value below float64's
#: normal range (whose correctly rounded float64 is 0 or subnormal) is not held against anyone.
TINY = 2.0**-1022


def mpf(x) -> mpmath.mpf:
    """The exact value of the float64 ``x``."""
    return mpmath.mpf(float(x))


def ln(x):
    """``ln x``."""
    with mpmath.workdps(DPS):
        return mpmath.log(mpf(x))


def ln1p(x):
    """``ln(1 + x)`` (e.g. ``-ln1p(-p)``, the loss of a negative example predicted at ``p``)."""
    with mpmath.workdps(DPS):
        return mpmath.log1p(mpf(x))


def _lse_parts(z):
    """``(m, k, s)``: the max, its index and ``sum_{j != k} exp(z_j - m)`` (differences exact)."""
    zs = [mpf(v) for v in np.ravel(z)]
    k = max((j for j in range(len(zs)) if zs[j] != -mpmath.inf), key=lambda j: zs[j])
    m = zs[k]
    s = mpmath.fsum(
        mpmath.exp(mpmath.fsub(v, m, exact=True)) for j, v in enumerate(zs) if j != k and v != -mpmath.inf
    )
    return m, k, s


def lse(z):
    """``ln sum_j exp(z_j)`` = ``m + log1p(s)``."""
    with mpmath.workdps(DPS):
        m, _, s = _lse_parts(z)
        return m + mpmath.log1p(s)


def log_softmax(z, i):
    """``(z_i - m) - log1p(s)``: two non-positive terms, so no cancellation at any size."""
    with mpmath.workdps(DPS):
        m, _, s = _lse_parts(z)
        zi = mpf(np.ravel(z)[i])
        if zi == -mpmath.inf:
            return -mpmath.inf
        return mpmath.fsub(zi, m, exact=True) - mpmath.log1p(s)


def entropy(p, base=2):
    """``-sum p log p`` (terms with ``p = 0`` are 0)."""
    with mpmath.workdps(DPS):
        s = mpmath.fsum(-mpf(a) * mpmath.log(mpf(a)) for a in np.ravel(p) if a > 0)
        return s / mpmath.log(mpf(base))


def cross_entropy(p, q, base=2):
    """``-sum p log q``."""
    with mpmath.workdps(DPS):
        s = mpmath.fsum(-mpf(a) * mpmath.log(mpf(b)) for a, b in zip(np.ravel(p), np.ravel(q)) if a > 0)
        return s / mpmath.log(mpf(base))


def kl(p, q, base=2):
    """``sum p (log p - log q)``."""
    with mpmath.workdps(DPS):
        s = mpmath.fsum(
            mpf(a) * (mpmath.log(mpf(a)) - mpmath.log(mpf(b))) for a, b in zip(np.ravel(p), np.ravel(q)) if a > 0
        )
        return s / mpmath.log(mpf(base))


def mutual_information(p, base=2):
    """``I(X; Y)`` of the 2-D table ``p / sum(p)`` (rows X, columns Y), marginals summed exactly."""
    with mpmath.workdps(DPS):
        P = [[mpf(v) for v in row] for row in np.asarray(p)]
        s = mpmath.fsum(mpmath.fsum(r) for r in P)
        px = [mpmath.fsum(r) for r in P]
        py = [mpmath.fsum(c) for c in zip(*P)]
        total = mpmath.fsum(
            P[i][j] / s * mpmath.log(P[i][j] * s / (px[i] * py[j]))
            for i in range(len(P))
            for j in range(len(P[0]))
            if P[i][j] > 0
        )
        return total / mpmath.log(mpf(base))


def rel_err(value, exact) -> float:
    """``|value - exact| / max(|exact|, TINY)`` computed in mpmath (``inf`` for a non-finite or missing value)."""
    if value is None or not np.isfinite(float(value)):
        return float("inf")
    with mpmath.workdps(DPS):
        return float(abs(mpf(value) - exact) / max(abs(exact), mpmath.mpf(TINY)))
