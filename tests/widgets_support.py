"""``build_once(title)``: the registered widget ``title``, built with its defaults (as its chapter calls it) once per run.

Building a widget draws every frame, which is most of the fast loop's time, so the structural checks of every
widget (tests/test_widgets.py) and each chapter's checks (tests/test_widgets_<chapter>.py) share one build.
Tests only read a built widget; none changes it.
"""

from __future__ import annotations

import functools

from lib.widgets import REGISTRY


@functools.cache
def build_once(title: str):
    return REGISTRY[title]()
