"""The entropy chapter's widgets show lib's numbers in every frame."""

from __future__ import annotations

import numpy as np
import pytest

import lib
import lib.coding
import lib.examples
import lib.plots
from lib.widgets.entropy import (
    ENTROPY_EXAMPLES,
    ALL_OUTCOMES,
    BETAS,
    peaked_distribution,
    shaped_distribution,
    uniform_over_first,
)
from widgets_support import build_once


def test_binary_entropy_frames_show_lib_values():
    w = build_once("binary-entropy")
    assert len(w.records) == 21
    for rec in w.records:
        p = rec["p"]
        assert rec["bits"] == lib.entropy(np.array([p, 1.0 - p]))
        assert 0.0 <= rec["bits"] <= 1.0
        assert f"H<sub>b</sub>(p) = <b>{rec['bits']:.3f} bits</b>" in rec["readout"]
        assert f"({p:.2f}, {1 - p:.2f})" in rec["readout"]
    assert w.records[w.frame_index(p=0.5)]["bits"] == 1.0
    assert w.records[w.frame_index(p=0.0)]["bits"] == 0.0
    assert f"{w.records[w.frame_index(p=0.25)]['bits']:.3f}" == "0.811"  # the 75/25 weather station


def test_binary_entropy_is_symmetric_across_frames():
    w = build_once("binary-entropy")
    for rec in w.records:
        mirror = w.records[w.frame_index(p=round(1.0 - rec["p"], 2))]
        assert mirror["bits"] == pytest.approx(rec["bits"], rel=1e-12, abs=1e-15)


def test_n_outcome_frames_show_lib_values():
    w = build_once("n-outcome-entropy")
    assert len(w.records) == 7 * len(BETAS) * 2
    for rec in w.records:
        n, beta = rec["n"], rec["beta"]
        m = n if rec["support"] == ALL_OUTCOMES else (n + 1) // 2
        assert rec["m"] == m
        weights = np.exp(-beta * np.arange(m))  # p_i proportional to exp(-beta (i - 1)) on the first m
        p = np.r_[weights / weights.sum(), np.zeros(n - m)]
        assert rec["bits"] == pytest.approx(lib.entropy(p), rel=1e-13, abs=1e-15)
        assert rec["max_bits"] == pytest.approx(np.log2(n), rel=1e-15)
        assert rec["bits"] <= np.log2(m) + 1e-12  # H <= log2 |S| <= log2 n
        assert f"entropy <b>{rec['bits']:.3f} bits</b>" in rec["readout"]
        assert f"log<sub>2</sub> n = {np.log2(n):.3f} bits" in rec["readout"]
        assert f"n = {n}, β = {beta:g}, {rec['support']} ({m} possible)" in rec["readout"]
        assert f"p = ({', '.join(f'{v:.2f}' for v in p)})" in rec["readout"]
        if beta == 0:  # uniform on the m possible outcomes: H = log2 m exactly
            assert rec["bits"] == pytest.approx(np.log2(m), rel=1e-13, abs=1e-15)
        if beta == 0 and m == n:
            assert rec["bits"] == pytest.approx(rec["max_bits"], rel=1e-13)
        elif n > 1:
            assert rec["bits"] < rec["max_bits"] - 1e-3
    ctrl = {c.name: c for c in w.controls}
    assert ctrl["n"].values[ctrl["n"].initial] == 8 and ctrl["beta"].values[ctrl["beta"].initial] == 0.5


def test_entropy_falls_as_the_peakedness_rises():
    for n in range(2, 9):
        for m in (n, (n + 1) // 2):
            hs = [lib.entropy(peaked_distribution(n, beta, m)) for beta in BETAS]
            if m > 1:
                assert all(a > b for a, b in zip(hs, hs[1:]))
            else:
                assert hs == [0.0] * len(BETAS)


def test_peaked_distribution_is_a_distribution_and_rejects_bad_input():
    p = peaked_distribution(8, 0.7, 5)
    assert p.shape == (8,) and abs(p.sum() - 1.0) < 1e-15 and np.all(np.diff(p[:5]) < 0)
    np.testing.assert_array_equal(p[5:], 0.0)
    np.testing.assert_array_equal(peaked_distribution(5, 0.0, 2), uniform_over_first(5, 2))
    np.testing.assert_array_equal(peaked_distribution(4, 1.0, 4), shaped_distribution(4, 1.0))
    with pytest.raises(ValueError, match="m must"):
        peaked_distribution(3, 1.0, 4)
    with pytest.raises(ValueError, match="n must"):
        peaked_distribution(0, 1.0, 1)
    with pytest.raises(ValueError, match="beta must"):
        peaked_distribution(3, -0.5, 2)


def test_shaped_distribution_is_a_distribution_and_rejects_bad_input():
    p = shaped_distribution(8, 0.7)
    assert p.shape == (8,) and abs(p.sum() - 1.0) < 1e-15 and np.all(np.diff(p) < 0)
    np.testing.assert_array_equal(shaped_distribution(4, 0.0), np.full(4, 0.25))
    with pytest.raises(ValueError, match="n must"):
        shaped_distribution(0, 1.0)
    with pytest.raises(ValueError, match="n must"):
        shaped_distribution(2.5, 1.0)
    with pytest.raises(ValueError, match="beta must"):
        shaped_distribution(3, -1.0)
    with pytest.raises(ValueError, match="beta must"):
        shaped_distribution(3, float("nan"))


def test_uniform_over_first_is_a_distribution_and_rejects_bad_input():
    np.testing.assert_array_equal(uniform_over_first(5, 2), [0.5, 0.5, 0, 0, 0])
    np.testing.assert_array_equal(uniform_over_first(3, 3), np.full(3, 1 / 3))
    assert lib.entropy(uniform_over_first(8, 4)) == 2.0
    for n, m in [(0, 1), (2.5, 1)]:
        with pytest.raises(ValueError, match="n must"):
            uniform_over_first(n, m)
    for m in (0, 4, 1.5, True):
        with pytest.raises(ValueError, match="m must"):
            uniform_over_first(3, m)


def test_code_tree_puts_each_codeword_at_its_depth_left_to_right():
    code = lib.coding.huffman_code([0.5, 0.25, 0.125, 0.125])
    fig, ax = lib.plots.new_figure()
    xy = lib.plots.code_tree(ax, ["a", "b", "c", "d"], code, probs=[0.5, 0.25, 0.125, 0.125])
    for word in code:
        assert xy[word][1] == -len(word)  # depth = codeword length
        parent = xy[word[:-1]]
        assert (xy[word][0] < parent[0]) == (word[-1] == "0")  # 0 to the left, 1 to the right
    assert set(xy) == {"", "1", "11"} | set(code)  # the root and one fork per question
    texts = [t.get_text() for t in ax.texts]
    assert "a\n0\np = 0.5" in texts and "d\n111\np = 0.125" in texts
    assert {"a?", "b?", "c?"} <= set(texts)  # each fork asks about the outcomes on its left
    assert texts.count("0 yes") == texts.count("1 no") == 3


def test_code_tree_rejects_codes_that_are_not_prefix_free():
    fig, ax = lib.plots.new_figure()
    with pytest.raises(ValueError, match="prefix-free"):
        lib.plots.code_tree(ax, ["a", "b"], ["0", "01"])
    with pytest.raises(ValueError, match="0s and 1s"):
        lib.plots.code_tree(ax, ["a", "b"], ["0", "2"])
    with pytest.raises(ValueError, match="one entry per outcome"):
        lib.plots.code_tree(ax, ["a"], ["0", "1"])


def test_examples_frames_show_the_chapters_distributions():
    w = build_once("entropy-examples")
    assert [rec["example"] for rec in w.records] == list(ENTROPY_EXAMPLES)
    four = w.records[w.frame_index(example="½, ¼, ⅛, ⅛")]
    assert four["bits"] == 1.75 and four["max_bits"] == 2.0  # the dyadic four-weather station
    assert w.records[w.frame_index(example="fair die")]["fraction"] == pytest.approx(1.0, rel=1e-15)
    for rec in w.records:
        p = np.asarray(ENTROPY_EXAMPLES[rec["example"]])
        assert rec["n"] == len(p) and abs(p.sum() - 1.0) < 1e-15
        assert rec["bits"] == lib.entropy(p)
        assert rec["max_bits"] == pytest.approx(np.log2(len(p)), rel=1e-15)
        assert f"entropy <b>{rec['bits']:.3f} bits</b>" in rec["readout"]
    weather = w.records[w.frame_index(example="eight weathers")]
    assert weather["bits"] == lib.entropy(lib.examples.WEATHER.p)  # the one table in lib
