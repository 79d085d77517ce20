"""Every chapter in a real JupyterLab, as a reader of the notebooks (or of Binder) sees it.

One ``jupyter lab`` (from this environment, so with jupyterlab-myst) serves a
scratch copy of ``book/``.  For each chapter in the table of contents the test
opens it, runs Run All, and checks what a reader sees:

* no error output;
* no raw MyST markup in the rendered markdown (roles, directive fences, option
  lines), every ``{eval}`` number shown as text;
* every figure image loaded, with its caption after it;
* exercise solutions collapsed until clicked;
* no visually hidden text visible;
* every widget's controls move its figure (keyboard on sliders, clicks on buttons).

The server is stopped by its PID.  Screenshots of each chapter after Run All are
written to ``_build/jupyterlab/`` (what a person would look at).
"""

from __future__ import annotations

import pytest

from jupyterlab_support import CHAPTERS, check_chapter

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_reads_and_works_in_jupyterlab(lab, name):
    check_chapter(lab, name)
