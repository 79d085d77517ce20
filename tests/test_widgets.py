"""Every widget's frames: their structure (each chapter's numbers are tested in test_widgets_<chapter>.py)."""

from __future__ import annotations

import base64
import html as html_lib
import re

import numpy as np
import pytest

import ipywidgets as W

import lib
from lib.widgets import REGISTRY, Control, frame_widget
from lib.widgets._core import FrameWidget
from widgets_support import build_once

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module", params=sorted(REGISTRY))
def built(request) -> FrameWidget:
    return build_once(request.param)


def _leaves(stack):
    for child in stack.children:
        if isinstance(child, W.Stack):
            yield from _leaves(child)
        else:
            yield child


def _stacks(stack):
    for child in stack.children:
        if isinstance(child, W.Stack):
            yield child
            yield from _stacks(child)


def test_frames_cover_every_combination_of_controls(built):
    n = int(np.prod([len(c.values) for c in built.controls]))
    assert len(built.records) == n
    images = list(_leaves(built.image_stack))
    readouts = list(_leaves(built.readout_stack))
    assert len(images) == len(readouts) == n
    pngs = [_png_of(img.value) for img in images]
    assert all(png.startswith(PNG_MAGIC) for png in pngs)
    assert len(set(pngs)) == n, "two positions show the same picture"
    for rec, img, html in zip(built.records, images, readouts):
        assert rec["readout"] in html.value
        assert _alt_of(img.value) == rec["alt"]


def _png_of(frame_html: str) -> bytes:
    return base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', frame_html).group(1))


def _alt_of(frame_html: str) -> str:
    return html_lib.unescape(re.search(r'alt="([^"]*)"', frame_html).group(1))


def test_each_frame_has_alt_text_from_its_own_record(built):
    """The description of the figure, then the frame's own numbers (its readout, as text)."""
    for rec in built.records:
        assert rec["alt"].startswith(built.alt.rstrip())
        numbers = re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", rec["readout"]))).strip()
        assert rec["alt"].endswith(numbers) and numbers


def test_each_control_is_linked_to_the_stacks_in_the_browser(built):
    """jslink (not a Python callback) is what makes the figure move without a kernel."""
    stacks = [built.image_stack, *_stacks(built.image_stack), built.readout_stack, *_stacks(built.readout_stack)]
    for link in built.links:
        assert link.source[1] == "index" and link.target[1] == "selected_index"
    linked = {(id(l.source[0]), id(l.target[0])) for l in built.links}
    # every stack is driven by exactly one control
    targets = [id(l.target[0]) for l in built.links]
    assert sorted(targets) == sorted(id(s) for s in stacks)
    assert {s for s, _ in linked} == {id(c) for c in built.control_widgets}


def test_initial_frame_matches_initial_control_position(built):
    idx = [c.initial for c in built.controls]
    stack = built.image_stack
    for i in idx[:-1]:
        assert stack.selected_index == i
        stack = stack.children[i]
    assert stack.selected_index == idx[-1]


def test_repr_is_short_and_deterministic(built):
    """Title, frame count and controls only: no address, no numbers that could change (strict nbval compares it)."""
    assert re.fullmatch(rf"<interactive figure '{built.title}': \d+ frames over [\w ]+ \(\d+\)(, [\w ]+ \(\d+\))*>",
                        repr(built))


def test_frame_widget_rejects_bad_controls():
    with pytest.raises(ValueError, match="initial"):
        Control("p", [0.1, 0.2], "p", initial=5)
    with pytest.raises(ValueError, match="same label"):
        Control("p", [0.101, 0.102], "p", "{:.1f}")
    fig, _ = lib.plots.new_figure()
    with pytest.raises(ValueError, match="one to three"):
        frame_widget(fig, lambda **k: {}, [], title="x", readout="", alt="")
