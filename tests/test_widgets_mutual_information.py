"""The mutual-information widget: every frame's table and numbers come from lib, and they add up."""

from __future__ import annotations

import numpy as np
import pytest

import lib
from lib.widgets.mutual_information import DEPENDENCE, MI_PRESETS, information_quantities, toward_dependence
from widgets_support import build_once


@pytest.fixture(scope="module")
def widget():
    return build_once("mutual-information")


def _table(rec):
    return toward_dependence(np.array(MI_PRESETS[rec["preset"]]), rec["t"])


def test_frames_are_few_and_light(widget):
    assert len(widget.records) == len(MI_PRESETS) * len(DEPENDENCE) <= 40
    png = sum(len(img.value) for stack in widget.image_stack.children for img in stack.children)
    assert png <= 250_000


def test_every_frame_shows_lib_numbers(widget):
    for rec in widget.records:
        pxy = _table(rec)
        assert rec["hx"] == lib.entropy(lib.marginal(pxy, keep=0))
        assert rec["hy"] == lib.entropy(lib.marginal(pxy, keep=1))
        assert rec["hxy"] == lib.joint_entropy(pxy)
        assert rec["hy_x"] == lib.conditional_entropy(pxy, given=0)
        assert rec["hx_y"] == lib.conditional_entropy(pxy, given=1)
        assert rec["mi"] == lib.mutual_information(pxy)
        assert rec["cells"] == ", ".join(f"{p:.3f}" for p in pxy.ravel())
        assert f"<b>I(X; Y) = {rec['mi']:.3f} bits</b>" in rec["readout"]
        assert f"H(Y | X) = {rec['hy_x']:.3f}" in rec["readout"]


def test_the_bars_add_up(widget):
    """Chain rule both ways and I = H(X) + H(Y) - H(X, Y), to rounding; 0 <= I <= min(H(X), H(Y))."""
    for rec in widget.records:
        assert rec["hxy"] == pytest.approx(rec["hx"] + rec["hy_x"], abs=1e-12)
        assert rec["hxy"] == pytest.approx(rec["hy"] + rec["hx_y"], abs=1e-12)
        assert rec["mi"] == pytest.approx(rec["hx"] + rec["hy"] - rec["hxy"], abs=1e-12)
        assert 0.0 <= rec["mi"] <= min(rec["hx"], rec["hy"]) + 1e-12


def test_slider_keeps_the_marginals_and_raises_the_information(widget):
    for preset in MI_PRESETS:
        recs = [widget.records[widget.frame_index(preset=preset, t=t)] for t in DEPENDENCE]
        assert len({round(r["hx"], 12) for r in recs}) == 1 and len({round(r["hy"], 12) for r in recs}) == 1
        assert recs[0]["mi"] == 0.0  # t = 0: the outer product of the marginals, exactly independent
        mis = [r["mi"] for r in recs]
        assert all(a < b for a, b in zip(mis, mis[1:]))


def test_the_chapters_tables(widget):
    umbrella = widget.records[widget.frame_index(preset="umbrella table", t=1.0)]
    shown = {k: f"{umbrella[k]:.3f}" for k in ("hx", "hy", "hxy", "hy_x", "hx_y", "mi")}
    assert shown == {"hx": "0.881", "hy": "0.934", "hxy": "1.490", "hy_x": "0.609", "hx_y": "0.556", "mi": "0.325"}
    for preset in ("Y = X", "Y = not X"):  # one variable determines the other: I reaches H(X) = H(Y)
        rec = widget.records[widget.frame_index(preset=preset, t=1.0)]
        assert rec["hy_x"] == rec["hx_y"] == 0.0
        assert rec["mi"] == pytest.approx(rec["hx"], rel=1e-15)
    # the initial frame is the worked example
    assert widget.control_widgets[0].index == 0 and widget.control_widgets[1].index == DEPENDENCE.index(1.0)


def test_toward_dependence():
    pxy = np.array(MI_PRESETS["umbrella table"])
    assert np.array_equal(toward_dependence(pxy, 1.0), pxy)
    assert np.array_equal(toward_dependence(pxy, 0.0), np.outer(pxy.sum(1), pxy.sum(0)))
    half = toward_dependence(pxy, 0.5)
    np.testing.assert_allclose(half.sum(axis=1), pxy.sum(axis=1), rtol=1e-15)
    np.testing.assert_allclose(half.sum(axis=0), pxy.sum(axis=0), rtol=1e-15)
    assert information_quantities(half)["mi"] < information_quantities(pxy)["mi"]
    with pytest.raises(ValueError, match="t must be in"):
        toward_dependence(pxy, 1.5)
    with pytest.raises(ValueError, match="pxy must be a 2-D"):
        toward_dependence([0.5, 0.5], 0.5)
