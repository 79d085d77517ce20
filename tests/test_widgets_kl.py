"""The KL chapter's widget shows lib's divergences, both ways, in every frame."""

from __future__ import annotations

import numpy as np
import pytest

import lib
from lib.widgets import REGISTRY
from lib.widgets.kl import KL_PROBS


@pytest.fixture(scope="module")
def widget():
    return REGISTRY["kl-two-coins"]()


def test_frames_show_both_divergences_from_lib(widget):
    assert len(widget.records) == len(KL_PROBS) ** 2 <= 40
    for rec in widget.records:
        p, q = np.array([rec["a"], 1 - rec["a"]]), np.array([rec["b"], 1 - rec["b"]])
        assert rec["pq"] == lib.kl_divergence(p, q)
        assert rec["qp"] == lib.kl_divergence(q, p)
        # the definition as a difference agrees to the digits shown
        assert rec["pq"] == pytest.approx(lib.cross_entropy(p, q) - lib.entropy(p), abs=1e-12)
        assert f"D(p&#8214;q) = {rec['pq']:.4f} bits" in rec["readout"]
        assert f"D(q&#8214;p) = {rec['qp']:.4f} bits" in rec["readout"]
        assert f"p = ({rec['a']:.2f}, {1 - rec['a']:.2f})" in rec["readout"]


def test_zero_exactly_on_the_diagonal(widget):
    for rec in widget.records:
        if rec["a"] == rec["b"]:
            assert rec["pq"] == rec["qp"] == 0.0
        else:
            assert rec["pq"] > 0 and rec["qp"] > 0


def test_the_books_examples(widget):
    coin = widget.records[widget.frame_index(a=0.5, b=0.25)]
    assert f"{coin['pq']:.4f}" == "0.2075" and f"{coin['qp']:.3f}" == "0.189"
    alphabet = widget.records[widget.frame_index(a=0.8, b=0.2)]
    assert alphabet["pq"] == pytest.approx(alphabet["qp"], rel=1e-12)
    assert f"{alphabet['pq']:.1f}" == "1.2"
    # the initial frame is the coin
    assert widget.control_widgets[0].index == KL_PROBS.index(0.5)
    assert widget.control_widgets[1].index == KL_PROBS.index(0.25)
