"""``build_once(title)``: the registered widget ``title``, built with its defaults (as its chapter calls it) once per run;
``frames(widget)``: every frame's HTML, in order.

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


def frames(widget) -> list[str]:
    """Every frame's HTML (the data-URI PNG and its alt text), in order."""
    out = []

    def walk(stack):
        for child in stack.children:
            walk(child) if hasattr(child, "children") else out.append(child.value)

    walk(widget.image_stack)
    return out
