"""The perplexity chapter's widget shows lib's held-out bits per character, perplexity and samples in every frame."""

from __future__ import annotations

import math

import pytest

import lib
from lib.widgets.perplexity import NGRAM_ALPHAS, NGRAM_ORDERS, SAMPLE_CHARS, SAMPLE_SEED, bits_text
from widgets_support import build_once


@pytest.fixture(scope="module")
def widget():
    return build_once("ngram")


@pytest.fixture(scope="module")
def corpus():
    return lib.book_corpus()


def test_every_frame_is_lib_on_the_books_split(widget, corpus):
    train, test = corpus
    assert len(widget.records) == len(NGRAM_ORDERS) * len(NGRAM_ALPHAS) <= 40
    for rec in widget.records:
        model = lib.fit_ngram(train, rec["order"], alpha=rec["alpha"])
        assert rec["held_out"] == lib.cross_entropy_per_char(model, test)
        assert rec["train"] == lib.cross_entropy_per_char(model, train)
        assert rec["pp"] == lib.perplexity(rec["held_out"])
        assert rec["sample"] == lib.sample_text(model, SAMPLE_CHARS, seed=SAMPLE_SEED)
        assert f"held-out <b>{bits_text(rec['held_out'])} bits/char</b>" in rec["readout"]
        assert f"<b>PP = {bits_text(rec['pp'])}</b>" in rec["readout"]
        assert f"training {bits_text(rec['train'])} bits/char" in rec["readout"]
        assert rec["sample"] in rec["readout"]


def test_unsmoothed_models_fail_on_held_out_text_above_order_zero(widget):
    for rec in widget.records:
        if rec["alpha"] == 0 and rec["order"] > 0:
            assert rec["held_out"] == math.inf and rec["pp"] == math.inf
            assert "∞ bits/char" in rec["readout"] and "PP = ∞" in rec["readout"]
        else:
            assert math.isfinite(rec["held_out"])
        # the training text is always finite: every training character was counted; from order 1 on,
        # the model does better on it than on held-out text (at order 0 the two agree to a few thousandths)
        assert math.isfinite(rec["train"])
        assert rec["train"] < rec["held_out"] if rec["order"] > 0 else abs(rec["train"] - rec["held_out"]) < 0.01


def test_initial_frame_and_the_shape_of_the_curve(widget):
    assert widget.controls[0].values[widget.control_widgets[0].index] == 2
    assert widget.controls[1].values[widget.control_widgets[1].index] == 0.1
    held = {r["order"]: r["held_out"] for r in widget.records if r["alpha"] == 0.1}
    # more context helps, then the counts run out: a minimum at an intermediate order
    best = min(held, key=held.get)
    assert held[0] > held[1] > held[2] and 0 < best < max(NGRAM_ORDERS) and held[max(NGRAM_ORDERS)] > held[best]
    # at order 0 smoothing hardly matters: every character of the alphabet was counted in training
    assert round(held[0], 2) == round(next(r["held_out"] for r in widget.records if r["alpha"] == 0 and r["order"] == 0), 2)


def test_bits_text():
    assert bits_text(math.inf) == "∞" and bits_text(2.3456) == "2.35" and bits_text(1.0, 3) == "1.000"
