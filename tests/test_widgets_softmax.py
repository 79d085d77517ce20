"""The softmax widget's frames show lib's numbers."""

from __future__ import annotations

import numpy as np
import pytest

import lib
import lib.examples
from lib.widgets import dog_logit_widget
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


def test_dog_logit_frames_are_the_photo_with_one_logit_moved():
    """Each frame: softmax of ln(DOG_PHOTO.p) with z_dog + shift; odds dog : cat = e^shift times 0.775/0.116."""
    from lib.examples import DOG_PHOTO
    from lib.widgets.softmax import DOG_LOGIT_SHIFTS

    w = build_once("softmax-dog-logit")
    assert len(w.records) == len(DOG_LOGIT_SHIFTS) <= 40
    for rec in w.records:
        z = np.log(DOG_PHOTO.p) + np.array([rec["shift"], 0.0, 0.0, 0.0])
        q = np.array([rec[f"q_{c}"] for c in SOFTMAX_CLASSES])
        np.testing.assert_allclose(q, lib.softmax(z), rtol=1e-12)
        assert rec["z_dog"] == z[0]
        assert rec["odds"] == pytest.approx(0.775 / 0.116 * np.exp(rec["shift"]), rel=1e-12)
        assert rec["loss"] == pytest.approx(-np.log(q[0]), rel=1e-12)
        assert f"&#8722;ln q_dog = {rec['loss']:.3f} nats" in rec["readout"]
        assert f"dog <b>{q[0]:.3f}</b>" in rec["readout"]
    as_made = w.records[w.frame_index(shift=0.0)]
    assert as_made["q_dog"] == pytest.approx(0.775, rel=1e-14)
    assert f"{as_made['loss']:.3f}" == "0.255"  # -ln 0.775
    up = w.records[w.frame_index(shift=1.0)]
    assert f"{up['q_dog']:.3f}" == "0.904"  # the chapter's "one logit one unit higher"
    losses = [rec["loss"] for rec in w.records]
    assert all(a > b for a, b in zip(losses, losses[1:]))  # a higher dog logit always lowers the loss
    with pytest.raises(ValueError, match="shifts"):
        dog_logit_widget(shifts=(1.0, 2.0))


def test_cat_logit_frames_are_the_photo_with_the_cat_raised_and_cooled():
    """Each frame: softmax((ln DOG_PHOTO.q + shift on the cat) / T); the tie shift gives dog = cat at every T."""
    from lib.examples import DOG_PHOTO
    from lib.widgets.softmax import CAT_LOGIT_SHIFTS, CAT_LOGIT_TIE

    w = build_once("softmax-cat-logit-temperature")
    assert len(w.records) == len(CAT_LOGIT_SHIFTS) * len(SOFTMAX_TEMPERATURES) <= 100
    assert CAT_LOGIT_TIE in CAT_LOGIT_SHIFTS and 0.0 in CAT_LOGIT_SHIFTS
    for rec in w.records:
        z = np.log(DOG_PHOTO.q) + np.array([0.0, rec["shift"], 0.0, 0.0])
        q = np.array([rec[f"q_{c}"] for c in SOFTMAX_CLASSES])
        np.testing.assert_allclose(q, lib.softmax(z / rec["temperature"]), rtol=1e-9, atol=1e-300)
        assert rec["bits"] == float(lib.entropy(q))
        assert rec["gap"] == pytest.approx(z[0] - z[1], abs=1e-12)
        for c, qi in zip(SOFTMAX_CLASSES, q):
            assert f"{c} {qi:.3f}" in rec["readout"]
        if rec["shift"] == CAT_LOGIT_TIE:
            assert rec["q_dog"] == rec["q_cat"] and rec["gap"] == 0.0
    start = w.records[w.frame_index(shift=0.0, temperature=1.0)]
    np.testing.assert_allclose([start[f"q_{c}"] for c in SOFTMAX_CLASSES], DOG_PHOTO.q, rtol=1e-12)
    tie_cold = w.records[w.frame_index(shift=CAT_LOGIT_TIE, temperature=0.1)]
    assert tie_cold["q_dog"] == pytest.approx(0.5, abs=1e-6)  # a tie cools to half and half, not one-hot
    with pytest.raises(ValueError, match="shifts"):
        lib.widgets.cat_logit_temperature_widget(shifts=(1.0, 2.0))
