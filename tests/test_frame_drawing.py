"""Frames drawn on several cores (lib/widgets/_drawing.py) are the very frames drawn one by one."""

from __future__ import annotations

import os
import sys
import warnings

import pytest

from lib.plots import new_figure
from lib.widgets import Control, _drawing, frame_widget
from lib.widgets.entropy import binary_entropy_widget
from widgets_support import frames

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="frames are drawn in parallel on Linux only")


@pytest.fixture(autouse=True)
def no_cache(monkeypatch):
    monkeypatch.setenv("LIB_FRAME_CACHE", "off")


def _drawn_with(monkeypatch, processes: int, build):
    monkeypatch.setenv("LIB_FRAME_WORKERS", str(processes))
    assert _drawing.processes(20) == processes
    widget = build()
    return widget.records, frames(widget)


def test_three_processes_draw_the_bytes_one_draws(monkeypatch):
    # Axis labels in mathtext: FreeType reads the font files while parent and children draw at once.
    one = _drawn_with(monkeypatch, 1, binary_entropy_widget)
    assert _drawn_with(monkeypatch, 3, binary_entropy_widget) == one


def _widget(update):
    fig, ax = new_figure(figsize=(3, 2))
    (line,) = ax.plot([0, 1], [0, 0])
    ax.set_ylim(0, 20)
    ax.set_xlabel("$x$")

    def move(k):
        line.set_ydata([0, k])
        return {"k2": update(k)}

    return frame_widget(fig, move, [Control("k", list(range(16)), "k")], readout="{k2}", alt="A line.")


def test_a_child_that_fails_has_its_frames_drawn_here(monkeypatch):
    parent = os.getpid()

    def update(k):
        if os.getpid() != parent:
            raise RuntimeError("only in a child")
        return k * k

    reference = _drawn_with(monkeypatch, 1, lambda: _widget(update))
    assert _drawn_with(monkeypatch, 2, lambda: _widget(update)) == reference


def test_a_warning_in_a_child_is_issued_here(monkeypatch):
    parent = os.getpid()

    def update(k):
        if os.getpid() != parent and k == 15:
            warnings.warn("frame 15 drawn in a child", UserWarning)
        return k

    with pytest.warns(UserWarning, match="frame 15 drawn in a child"):
        _drawn_with(monkeypatch, 2, lambda: _widget(update))


@pytest.mark.parametrize("setting", ["0", "-1", "two", "1.5"])
def test_a_bad_process_count_is_refused(monkeypatch, setting):
    monkeypatch.setenv("LIB_FRAME_WORKERS", setting)
    with pytest.raises(ValueError, match="LIB_FRAME_WORKERS"):
        _drawing.processes(20)


def test_few_frames_are_drawn_here(monkeypatch):
    monkeypatch.setenv("LIB_FRAME_WORKERS", "8")
    # The first frame is always drawn here; each other process needs MIN_FRAMES_PER_PROCESS frames.
    assert [_drawing.processes(n) for n in (1, 4, 5, 9, 33, 100)] == [1, 1, 1, 2, 8, 8]
