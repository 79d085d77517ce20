"""The cross-entropy widget's frames show the numbers of lib, computed independently here."""

from __future__ import annotations

import numpy as np
import pytest

import lib
from lib.widgets.cross_entropy import CE_MIXES, CE_PRESETS, mix_belief
from widgets_support import build_once


@pytest.fixture(scope="module")
def widget():
    return build_once("cross-entropy")


def test_frame_count_and_budget(widget):
    assert len(widget.records) == len(CE_PRESETS) * len(CE_MIXES) <= 40


def test_every_frame_shows_lib_values(widget):
    for rec in widget.records:
        _, p, wrong = CE_PRESETS[rec["preset"]]
        t = rec["t"]
        q = (1 - t) * np.array(p) + t * np.array(wrong)
        h, ce = float(lib.entropy(p)), float(lib.cross_entropy(p, q))
        assert rec["h"] == pytest.approx(h, abs=1e-12)
        assert rec["ce"] == pytest.approx(ce, abs=1e-12)
        assert rec["ce"] >= rec["h"] - 1e-12  # Gibbs
        assert f"H(p) = {h:.3f} bits" in rec["readout"]
        assert f"H(p, q) = {ce:.3f} bits" in rec["readout"]
        assert ", ".join(f"{v:.3f}" for v in q) in rec["readout"]


def test_slider_at_zero_is_the_truth(widget):
    for name in CE_PRESETS:
        rec = widget.records[widget.frame_index(preset=name, t=0.0)]
        assert rec["ce"] == rec["h"]
        assert rec["extra"] == 0.0


def test_worked_values_of_the_chapter(widget):
    at = lambda name: widget.records[widget.frame_index(preset=name, t=1.0)]  # noqa: E731
    assert f"{at('coin')['ce']:.4f}" == "1.2075"
    assert f"{at('alphabet 80/20')['h']:.3f}" == "0.722"
    assert f"{at('alphabet 80/20')['ce']:.3f}" == "1.922"
    assert f"{at('alphabet 60/40')['h']:.3f}" == "0.971"
    assert f"{at('alphabet 60/40')['ce']:.3f}" == "1.088"
    assert f"{at('weather')['h']:.3f}" == "2.229"
    # "closer" needs the right measure: the nearer-looking belief costs more
    assert f"{at('90/10 vs 99.9/0.1')['ce']:.3f}" == "0.998"
    assert f"{at('90/10 vs 70/30')['ce']:.3f}" == "0.637"
    assert at("90/10 vs 99.9/0.1")["ce"] > at("90/10 vs 70/30")["ce"]


def test_initial_position_is_the_wrong_belief(widget):
    assert widget.controls[1].values[widget.controls[1].initial] == 1.0


def test_mix_belief():
    np.testing.assert_array_equal(mix_belief([0.5, 0.5], [0.25, 0.75], 0.0), [0.5, 0.5])
    np.testing.assert_array_equal(mix_belief([0.5, 0.5], [0.25, 0.75], 1.0), [0.25, 0.75])
    with pytest.raises(ValueError, match="t must be"):
        mix_belief([0.5, 0.5], [0.25, 0.75], 1.5)
    with pytest.raises(ValueError, match="same shape"):
        mix_belief([0.5, 0.5], [1.0], 0.5)


def test_the_weather_preset_is_the_books_one_station():
    from lib.examples import WEATHER

    labels, p, wrong = CE_PRESETS["weather"]
    assert labels == WEATHER.labels
    np.testing.assert_array_equal(p, WEATHER.p)
    np.testing.assert_array_equal(wrong, WEATHER.p[::-1])
