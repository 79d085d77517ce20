"""Shared fixtures for the tests of :mod:`lib`'s numerics, and the suite's one Hypothesis profile.

* ``strict``: a context manager that turns every warning into an error and
  makes numpy raise on any floating-point event, so a test fails if a lib call
  leaks a ``RuntimeWarning`` (``divide by zero``, ``invalid value``, ...).

It is session-scoped so it can be used inside hypothesis tests.  The exact
(mpmath) references are a module, ``tests/exact.py``, shared with the accuracy
benchmark.
"""

from __future__ import annotations

import contextlib
import warnings

import numpy as np
import pytest
from hypothesis import settings

# The one Hypothesis profile of the suite: reproducible runs (derandomize: the same examples every run, so a
# failure in CI fails locally too, and no example database is written), no per-example deadline (timings on a
# shared machine are noise; tests never assert wall-clock times).  A test that needs fewer examples says so
# with @settings(max_examples=...) and a comment why; everything else inherits this.
settings.register_profile("book", max_examples=200, deadline=None, derandomize=True)
settings.load_profile("book")


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
