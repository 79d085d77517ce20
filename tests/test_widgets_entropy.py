"""The entropy chapter's widgets show lib's numbers in every frame."""

from __future__ import annotations

import numpy as np
import pytest

import lib
from lib.widgets import REGISTRY
from lib.widgets.entropy import SHAPES, shaped_distribution


def test_binary_entropy_frames_show_lib_values():
    w = REGISTRY["binary-entropy"]()
    assert len(w.records) == 21
    for rec in w.records:
        p = rec["p"]
        assert rec["bits"] == lib.entropy(np.array([p, 1.0 - p]))
        assert 0.0 <= rec["bits"] <= 1.0
        assert f"entropy <b>{rec['bits']:.3f} bits</b>" in rec["readout"]
        assert f"({p:.2f}, {1 - p:.2f})" in rec["readout"]
    assert w.records[w.frame_index(p=0.5)]["bits"] == 1.0
    assert w.records[w.frame_index(p=0.0)]["bits"] == 0.0
    assert f"{w.records[w.frame_index(p=0.25)]['bits']:.3f}" == "0.811"  # the 75/25 weather station


def test_binary_entropy_is_symmetric_across_frames():
    w = REGISTRY["binary-entropy"]()
    for rec in w.records:
        mirror = w.records[w.frame_index(p=round(1.0 - rec["p"], 2))]
        assert mirror["bits"] == pytest.approx(rec["bits"], rel=1e-12, abs=1e-15)


def test_k_outcome_frames_show_lib_values():
    w = REGISTRY["k-outcome-entropy"]()
    assert len(w.records) == 7 * len(SHAPES) <= 40
    for rec in w.records:
        k, beta = rec["k"], SHAPES[rec["shape"]]
        weights = np.exp(-beta * np.arange(k))
        p = weights / weights.sum()
        assert rec["bits"] == pytest.approx(lib.entropy(p), rel=1e-13, abs=1e-15)
        assert rec["max_bits"] == pytest.approx(np.log2(k), rel=1e-15)
        assert rec["bits"] <= rec["max_bits"] + 1e-12
        assert f"entropy <b>{rec['bits']:.3f} bits</b>" in rec["readout"]
        assert f"log<sub>2</sub> k = {np.log2(k):.3f} bits" in rec["readout"]
        if rec["shape"] == "uniform":
            assert rec["bits"] == pytest.approx(np.log2(k), rel=1e-13)
        else:
            assert rec["bits"] < rec["max_bits"] - 1e-3


def test_shapes_go_from_uniform_to_peaked():
    for k in range(2, 9):
        hs = [lib.entropy(shaped_distribution(k, beta)) for beta in SHAPES.values()]
        assert all(a > b for a, b in zip(hs, hs[1:]))


def test_shaped_distribution_is_a_distribution_and_rejects_bad_input():
    p = shaped_distribution(8, 0.7)
    assert p.shape == (8,) and abs(p.sum() - 1.0) < 1e-15 and np.all(np.diff(p) < 0)
    np.testing.assert_array_equal(shaped_distribution(4, 0.0), np.full(4, 0.25))
    with pytest.raises(ValueError, match="k must"):
        shaped_distribution(0, 1.0)
    with pytest.raises(ValueError, match="k must"):
        shaped_distribution(2.5, 1.0)
    with pytest.raises(ValueError, match="beta must"):
        shaped_distribution(3, -1.0)
    with pytest.raises(ValueError, match="beta must"):
        shaped_distribution(3, float("nan"))
