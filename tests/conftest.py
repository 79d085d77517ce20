"""Shared fixtures for the tests of :mod:`lib`'s numerics, and the suite's one Hypothesis profile.

* ``strict``: a context manager that turns every warning into an error and
  makes numpy raise on any floating-point event, so a test fails if a lib call
  leaks a ``RuntimeWarning`` (``divide by zero``, ``invalid value``, ...).
* ``exact``: reference values computed with mpmath at 50 significant digits
  from the *exact* binary values of the float64 inputs, plus ``rel_err``.

Both are session-scoped so they can be used inside hypothesis tests.  They are
fixtures (not importable helpers) so they work whatever pytest import mode the
project chooses.
"""

from __future__ import annotations

import contextlib
import types
import warnings

import mpmath
import numpy as np
import pytest
from hypothesis import settings

# The one Hypothesis profile of the suite: reproducible runs (derandomize: the same examples every run, so a
# failure in CI fails locally too, and no example database is written), no per-example deadline (timings on a
# shared machine are noise; tests never assert wall-clock times).  A test that needs fewer examples says so
# with @settings(max_examples=...) and a comment why; everything else inherits this.
settings.register_profile("book", max_examples=200, deadline=None, derandomize=True)
settings.load_profile("book")

DPS = 50


@contextlib.contextmanager
def _strict():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            yield


@pytest.fixture(scope="session")
def strict():
    """``with strict(): ...`` -- warnings are errors, numpy raises on FP events."""
    return _strict


def _mpf(x) -> mpmath.mpf:
    # float(x) is exact for float64; mpmath.mpf(float) is exact too.
    return mpmath.mpf(float(x))


def _ln(x):
    with mpmath.workdps(DPS):
        return mpmath.log(_mpf(x))


def _lse_parts(z):
    """``(m, k, s)``: the max, its index and ``sum_{j != k} exp(z_j - m)`` (differences exact)."""
    zs = [_mpf(v) for v in np.ravel(z)]
    k = max((j for j in range(len(zs)) if zs[j] != -mpmath.inf), key=lambda j: zs[j])
    m = zs[k]
    s = mpmath.fsum(
        mpmath.exp(mpmath.fsub(v, m, exact=True)) for j, v in enumerate(zs) if j != k and v != -mpmath.inf
    )
    return m, k, s


def _lse(z):
    with mpmath.workdps(DPS):
        m, _, s = _lse_parts(z)
        return m + mpmath.log1p(s)


def _log_softmax(z, i):
    """``(z_i - m) - log1p(s)``: two non-positive terms, so no cancellation at any size."""
    with mpmath.workdps(DPS):
        m, _, s = _lse_parts(z)
        zi = _mpf(np.ravel(z)[i])
        if zi == -mpmath.inf:
            return -mpmath.inf
        return mpmath.fsub(zi, m, exact=True) - mpmath.log1p(s)


def _entropy(p, base=2):
    with mpmath.workdps(DPS):
        s = mpmath.fsum(-_mpf(a) * mpmath.log(_mpf(a)) for a in np.ravel(p) if a > 0)
        return s / mpmath.log(_mpf(base))


def _cross_entropy(p, q, base=2):
    with mpmath.workdps(DPS):
        s = mpmath.fsum(-_mpf(a) * mpmath.log(_mpf(b)) for a, b in zip(np.ravel(p), np.ravel(q)) if a > 0)
        return s / mpmath.log(_mpf(base))


def _kl(p, q, base=2):
    with mpmath.workdps(DPS):
        s = mpmath.fsum(
            _mpf(a) * (mpmath.log(_mpf(a)) - mpmath.log(_mpf(b))) for a, b in zip(np.ravel(p), np.ravel(q)) if a > 0
        )
        return s / mpmath.log(_mpf(base))


def _rel_err(value, exact) -> float:
    """``|value - exact| / |exact|`` computed in mpmath (``inf`` for a non-finite value)."""
    v = float(value)
    if not np.isfinite(v):
        return float("inf")
    with mpmath.workdps(DPS):
        return float(abs(_mpf(v) - exact) / abs(exact))


@pytest.fixture(scope="session")
def exact():
    """mpmath (50 digits) reference computations on the exact float64 inputs."""
    return types.SimpleNamespace(
        mpf=_mpf,
        ln=_ln,
        lse=_lse,
        log_softmax=_log_softmax,
        entropy=_entropy,
        cross_entropy=_cross_entropy,
        kl=_kl,
        rel_err=_rel_err,
        dps=DPS,
    )


def pytest_terminal_summary(terminalreporter):
    """Print the figures the browser tests measured (page weights, slider-to-figure times, run times)."""
    try:
        from browser_support import REPORT, ROOT
    except ImportError:  # pragma: no cover
        return
    if not REPORT:
        return
    terminalreporter.section("browser report (figures, not assertions)")
    for line in REPORT:
        terminalreporter.write_line(line)
    out = ROOT / "_build" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / "browser.txt").write_text("\n".join(REPORT) + "\n")


# --- markers -----------------------------------------------------------------
# Slow suites are marked by file, so `make test-lib` (`-m "not browser and not binder"`)
# runs lib's tests, the widget frames and the static checks of the chapters in well
# under a minute, and `make test` runs everything.
_MARKED_FILES = {
    "test_site.py": "browser",
    "test_jupyterlab.py": "browser",
    "test_binder_env.py": "binder",
    "test_packaging.py": "binder",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        marker = _MARKED_FILES.get(item.path.name)
        if marker:
            item.add_marker(getattr(pytest.mark, marker))
