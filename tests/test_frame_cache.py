"""The widgets' frame cache: a hit gives the very bytes a miss draws, and any change to an input misses."""

from __future__ import annotations

import shutil

import matplotlib as mpl
import pytest

from lib.plots import new_figure
from lib.widgets import Control, frame_widget
from lib.widgets import _core
from lib.widgets.cross_entropy import cross_entropy_widget
from lib.widgets.entropy import n_outcome_entropy_widget
from lib.widgets.surprisal import surprisal_widget
from widgets_support import frames

PROBS = (0.25, 0.5, 0.8, 1.0)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty frame cache for the test."""
    monkeypatch.setenv("LIB_FRAME_CACHE", str(tmp_path))
    return tmp_path


@pytest.mark.parametrize("build", [
    lambda: surprisal_widget(PROBS, initial=0.5),
    lambda: n_outcome_entropy_widget((2, 3, 5), (0.0, 0.5), initial_n=3, initial_beta=0.5),
], ids=["surprisal", "n-outcome-entropy"])
def test_a_hit_is_byte_identical_to_a_drawing(build, cache, monkeypatch):
    first = build()
    assert not first.frames_cached and len(list(cache.glob("*.frames"))) == 1
    second = build()
    assert second.frames_cached
    monkeypatch.setenv("LIB_FRAME_CACHE", "off")
    drawn = build()
    assert not drawn.frames_cached
    assert frames(second) == frames(first) == frames(drawn)
    assert second.records == first.records == drawn.records
    assert repr(second) == repr(drawn)


def test_changing_an_argument_or_a_setting_misses(cache):
    assert not surprisal_widget(PROBS, initial=0.5).frames_cached
    assert surprisal_widget(PROBS, initial=0.5).frames_cached
    assert not surprisal_widget(PROBS[:-1], initial=0.5).frames_cached      # another value list
    assert not surprisal_widget(PROBS, initial=0.8).frames_cached           # another initial position
    assert not surprisal_widget((0.25, 0.5, 0.8, 0.95), initial=0.5).frames_cached
    with mpl.rc_context({"lines.linewidth": 7.0}):                          # matplotlib's settings
        assert not surprisal_widget(PROBS, initial=0.5).frames_cached
    assert surprisal_widget(PROBS, initial=0.5).frames_cached
    assert len(list(cache.glob("*.frames"))) == 5


def test_an_argument_the_controls_do_not_show_is_in_the_key(cache):
    """Same controls (preset name, mix), another hidden wrong belief: other pictures, so another key."""
    coin = (("heads", "tails"), (0.5, 0.5))
    gentle = cross_entropy_widget({"coin": (*coin, (0.4, 0.6))}, (0.0, 1.0))
    assert cross_entropy_widget({"coin": (*coin, (0.4, 0.6))}, (0.0, 1.0)).frames_cached
    steeper = cross_entropy_widget({"coin": (*coin, (0.1, 0.9))}, (0.0, 1.0))
    assert not steeper.frames_cached
    assert frames(steeper) != frames(gentle)


def test_every_file_of_lib_is_in_the_key(tmp_path, monkeypatch):
    copy = tmp_path / "lib"
    shutil.copytree(_core.LIB_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(_core, "LIB_DIR", copy)
    _core._environment_digest.cache_clear()
    try:
        before = _core._environment_digest()
        (copy / "book.mplstyle").write_text((copy / "book.mplstyle").read_text() + "\n# a comment\n")
        _core._environment_digest.cache_clear()
        assert _core._environment_digest() != before
    finally:
        _core._environment_digest.cache_clear()


def test_frames_of_another_lib_are_deleted_when_new_ones_are_stored(cache, monkeypatch):
    surprisal_widget(PROBS, initial=0.5)
    (old,) = cache.glob("*.frames")
    monkeypatch.setattr(_core, "_environment_digest", lambda: "f" * 64)   # as after an edit of lib
    surprisal_widget(PROBS, initial=0.5)
    assert [p.name for p in cache.glob("*.frames")] != [old.name] and not old.exists()
    assert len(list(cache.glob("*.frames"))) == 1


def test_a_damaged_cache_file_is_a_miss_and_is_rewritten(cache):
    drawn = surprisal_widget(PROBS, initial=0.5)
    (path,) = cache.glob("*.frames")
    path.write_bytes(path.read_bytes()[:-100])
    again = surprisal_widget(PROBS, initial=0.5)
    assert not again.frames_cached and frames(again) == frames(drawn)
    assert surprisal_widget(PROBS, initial=0.5).frames_cached


def test_code_outside_lib_is_never_cached(cache):
    """An ``update`` written in a notebook is not in lib's files, so nothing could tell its frames are stale."""
    def build():
        fig, ax = new_figure()
        (line,) = ax.plot([0, 1], [0, 1])

        def update(slope):
            line.set_ydata([0, slope])
            return {}

        return frame_widget(fig, update, [Control("slope", (1, 2), "slope")], title="t", readout="{slope}", alt="A line.")

    assert not build().frames_cached and not build().frames_cached
    assert not list(cache.iterdir())


def test_the_cache_can_be_turned_off(monkeypatch, tmp_path):
    monkeypatch.setenv("LIB_FRAME_CACHE", "off")
    assert _core.frame_cache_dir() is None
    monkeypatch.delenv("LIB_FRAME_CACHE")
    # In a source checkout the default is under its _build/ (never committed).
    assert _core.frame_cache_dir() == _core.LIB_DIR.parent / "_build" / ".frame-cache"
    monkeypatch.setattr(_core, "LIB_DIR", tmp_path / "site-packages" / "lib")
    assert _core.frame_cache_dir() is None      # an installed lib has no checkout around it
