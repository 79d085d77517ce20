"""The cross-entropy-loss widget's frames show lib's numbers."""

from __future__ import annotations

import numpy as np

import lib
from lib.widgets.cross_entropy_loss import LOSS_PROBS
from widgets_support import build_once


def test_every_frame_shows_the_loss_of_the_true_class_in_bits_and_nats():
    w = build_once("cross-entropy-loss")
    assert len(w.records) == len(LOSS_PROBS) <= 40
    for rec in w.records:
        q = rec["q"]
        assert rec["bits"] == lib.surprisal(q)
        assert rec["nats"] == lib.surprisal(q, base=np.e)
        # the same number as the one-hot cross-entropy loss of logits ln(q, 1 - q)
        if q < 1:
            loss = lib.cross_entropy_loss(np.log([q, 1 - q]), 0)
            assert abs(rec["nats"] - loss) < 1e-12
        assert f"{rec['nats']:.4f} nats" in rec["readout"]
        assert f"{rec['bits']:.4f} bits" in rec["readout"]


def test_dog_example_frames():
    w = build_once("cross-entropy-loss")
    before = w.records[w.frame_index(q=0.775)]
    after = w.records[w.frame_index(q=0.938)]
    assert f"{before['bits']:.3f}" == "0.368" and f"{before['nats']:.3f}" == "0.255"
    assert f"{after['bits']:.4f}" == "0.0923" and f"{after['nats']:.4f}" == "0.0640"
    assert w.records[w.frame_index(q=1.0)]["nats"] == 0.0
    assert w.control_widgets[0].index == LOSS_PROBS.index(0.775)


def test_slider_starts_at_the_shared_dog_example():
    from lib.examples import DOG_PHOTO, DOG_PHOTO_TRAINED

    w = build_once("cross-entropy-loss")
    assert LOSS_PROBS[w.control_widgets[0].index] == DOG_PHOTO.p[0]
    assert DOG_PHOTO_TRAINED.p[0] in LOSS_PROBS  # the chapter sends the reader to it


def test_frames_show_the_brier_score_and_both_gradients():
    """Brier score and gradients come from lib and match their closed forms for four classes."""
    from lib.gradients import cross_entropy_gradient, logits_for_true_class, squared_error_gradient

    w = build_once("cross-entropy-loss")
    for rec in w.records:
        q = rec["q"]
        z, p = logits_for_true_class([q], 4)
        assert rec["brier"] == lib.brier_score([0], lib.softmax(z))
        assert rec["grad_ce"] == cross_entropy_gradient(z, p)[0, 0]
        assert rec["grad_brier"] == squared_error_gradient(z, p)[0, 0]
        assert abs(rec["brier"] - 4 / 3 * (1 - q) ** 2) < 1e-12
        assert abs(rec["grad_ce"] - (q - 1)) < 1e-12
        assert abs(rec["grad_brier"] + 8 / 3 * q * (1 - q) ** 2) < 1e-12
        assert f"Brier score {rec['brier']:.4f} (no unit), gradient {rec['grad_brier']:.4f}" in rec["readout"]
    wrong = w.records[w.frame_index(q=0.01)]
    assert f"{wrong['grad_ce']:.3f}" == "-0.990" and f"{wrong['grad_brier']:.3f}" == "-0.026"
