"""The softmax widget's frames show lib's numbers."""

from __future__ import annotations

import numpy as np

import lib
import lib.examples
from lib.widgets.softmax import SOFTMAX_CLASSES, SOFTMAX_PRESETS, SOFTMAX_TEMPERATURES
from widgets_support import build_once


def test_every_frame_shows_the_softmax_of_its_preset_and_temperature():
    w = build_once("softmax-temperature")
    assert len(w.records) == len(SOFTMAX_PRESETS) * len(SOFTMAX_TEMPERATURES) <= 40
    for rec in w.records:
        q = lib.softmax(np.array(SOFTMAX_PRESETS[rec["preset"]]) / rec["temperature"])
        got = np.array([rec[f"q_{c}"] for c in SOFTMAX_CLASSES])
        np.testing.assert_allclose(got, q, rtol=1e-12, atol=1e-300)
        assert rec["bits"] == float(lib.entropy(got))
        assert 0.0 <= rec["bits"] <= 2.0
        for c, qi in zip(SOFTMAX_CLASSES, q):
            assert f"{c} {qi:.3f}" in rec["readout"]
        assert f"{rec['bits']:.3f} bits" in rec["readout"]


def test_dog_preset_at_temperature_one_is_the_chapters_example():
    w = build_once("softmax-temperature")
    rec = w.records[w.frame_index(preset="dog photo", temperature=1.0)]
    np.testing.assert_allclose([rec[f"q_{c}"] for c in SOFTMAX_CLASSES], [0.775, 0.116, 0.039, 0.070], rtol=1e-12)
    assert "dog 0.775, cat 0.116, horse 0.039, cheetah 0.070" in rec["readout"]


def test_dog_plus_one_preset_is_the_chapters_raised_logit():
    w = build_once("softmax-temperature")
    rec = w.records[w.frame_index(preset="dog +1", temperature=1.0)]
    z_up = np.log(lib.examples.DOG_PHOTO.p) + np.array([1.0, 0.0, 0.0, 0.0])
    np.testing.assert_allclose([rec[f"q_{c}"] for c in SOFTMAX_CLASSES], lib.softmax(z_up), rtol=1e-12)
    assert f"{rec['q_dog']:.3f}" == "0.904"


def test_temperature_limits_and_shift_invariance():
    w = build_once("softmax-temperature")
    for preset in SOFTMAX_PRESETS:
        cold = w.records[w.frame_index(preset=preset, temperature=0.1)]
        hot = w.records[w.frame_index(preset=preset, temperature=10.0)]
        assert cold["bits"] < hot["bits"]
    huge = w.records[w.frame_index(preset="huge logits", temperature=1.0)]
    clear = w.records[w.frame_index(preset="clear winner", temperature=1.0)]
    for c in SOFTMAX_CLASSES:
        assert abs(huge[f"q_{c}"] - clear[f"q_{c}"]) < 1e-12


def test_presets_back_the_chapters_claims():
    """The dog preset is the shared example; at T = 0.1 four presets are one-hot to 1e-4, the close call is not."""
    from lib.examples import DOG_PHOTO

    np.testing.assert_array_equal(SOFTMAX_PRESETS["dog photo"], np.log(DOG_PHOTO.p))
    assert SOFTMAX_CLASSES == DOG_PHOTO.labels
    w = build_once("softmax-temperature")
    for preset in SOFTMAX_PRESETS:
        rec = w.records[w.frame_index(preset=preset, temperature=0.1)]
        top = max(rec[f"q_{c}"] for c in SOFTMAX_CLASSES)
        if preset == "close call":
            assert 0.85 < top < 0.9  # e^2 : 1 odds between its top two classes
        else:
            assert top > 1 - 1e-4
