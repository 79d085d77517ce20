"""pytest's hooks for the whole suite: the one Hypothesis profile, the markers by file, the browser report.

Helpers are plain modules next to the tests, imported by name at the top of a test file (pytest's default
``prepend`` import mode puts ``tests/`` on ``sys.path``): ``exact`` (mpmath references, shared with the
benchmarks), ``numerics_support`` (``strict``), ``widgets_support`` (``build_once``), ``browser_support``,
``jupyterlab_support`` and ``packaging_support``.  Fixtures that several files use are defined here.
"""

from __future__ import annotations

import shutil
import sys
import time

import pytest
from hypothesis import settings

from browser_support import REPORT, ROOT, launch, need_chromium
from jupyterlab_support import CHAPTERS, start_lab, stop_lab

# The one Hypothesis profile of the suite: reproducible runs (derandomize: the same examples every run, so a
# failure in CI fails locally too, and no example database is written), no per-example deadline (timings on a
# shared machine are noise; tests never assert wall-clock times).  A test that needs fewer examples says so
# with @settings(max_examples=...) and a comment why; everything else inherits this.
settings.register_profile("book", max_examples=200, deadline=None, derandomize=True)
settings.load_profile("book")


def pytest_terminal_summary(terminalreporter):
    """Print the figures the browser tests measured (page weights, slider-to-figure times, run times)."""
    if not REPORT:
        return
    terminalreporter.section("browser report (figures, not assertions)")
    for line in REPORT:
        terminalreporter.write_line(line)
    out = ROOT / "_build" / "reports"
    out.mkdir(parents=True, exist_ok=True)
    (out / "browser.txt").write_text("\n".join(REPORT) + "\n")


# --- markers -----------------------------------------------------------------
# nbval's cells are marked `notebooks` (when this file is loaded, i.e. the run also
# collects tests/: `pytest -m "not notebooks"`). The slow suites are marked by file,
# so `make test-lib` (`-m "not browser and not binder"`) runs lib's tests, the widget
# frames and the static checks of the chapters without a browser or a Binder
# rehearsal, and `make test` runs everything.
_MARKED_FILES = {
    "test_site.py": "browser",
    "test_jupyterlab.py": "browser",
    "test_binder_env.py": "binder",
    "test_packaging.py": "binder",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        marker = "notebooks" if item.path.suffix == ".ipynb" else _MARKED_FILES.get(item.path.name)
        if marker:
            item.add_marker(getattr(pytest.mark, marker))


# --- JupyterLab (tests/test_jupyterlab.py, and the Binder rehearsal with its own lab_python) ----------


@pytest.fixture(scope="module")
def lab_python() -> str:
    """The Python whose JupyterLab and kernel are tested; the Binder rehearsal overrides it with its own."""
    return sys.executable


@pytest.fixture(scope="module")
def lab(tmp_path_factory, lab_python):
    """``(base URL, token, browser)``: JupyterLab of ``lab_python`` serving a scratch copy of book/, and Chromium."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    tmp = tmp_path_factory.mktemp("lab")
    work = tmp / "book"
    shutil.copytree(ROOT / "book", work)
    proc, base, token = start_lab(tmp, work, lab_python)
    t0 = time.perf_counter()
    try:
        with sync_playwright() as p:
            browser = launch(p)
            yield base, token, browser
            browser.close()
    finally:
        stop_lab(proc)
    REPORT.append(f"JupyterLab suite ({len(CHAPTERS)} chapters, Run All + checks): {time.perf_counter() - t0:.1f} s")
