"""Chapter 4's widgets: the two coins show lib's divergences both ways in every frame; the one-bump fits are
the real minimisers and their numbers are lib's."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, stats

import lib
from lib.widgets.kl_divergence import (
    FIT_DIRECTIONS,
    FIT_SEPARATIONS,
    GRID,
    KL_PROBS,
    bump,
    fit_one_bump,
    two_bumps,
)
from widgets_support import build_once


@pytest.fixture(scope="module")
def coins():
    return build_once("kl-two-coins")


def test_frames_show_both_divergences_from_lib(coins):
    assert len(coins.records) == len(KL_PROBS) ** 2 <= 49
    for rec in coins.records:
        p, q = np.array([rec["a"], 1 - rec["a"]]), np.array([rec["b"], 1 - rec["b"]])
        assert rec["pq"] == lib.kl_divergence(p, q)
        assert rec["qp"] == lib.kl_divergence(q, p)
        # the definition as a difference agrees to the digits shown
        assert rec["pq"] == pytest.approx(lib.cross_entropy(p, q) - lib.entropy(p), abs=1e-12)
        assert f"D(p&#8214;q) = {rec['pq']:.4f} bits" in rec["readout"]
        assert f"D(q&#8214;p) = {rec['qp']:.4f} bits" in rec["readout"]
        assert f"p = ({rec['a']:.2f}, {1 - rec['a']:.2f})" in rec["readout"]


def test_zero_exactly_on_the_diagonal(coins):
    for rec in coins.records:
        if rec["a"] == rec["b"]:
            assert rec["pq"] == rec["qp"] == 0.0
        else:
            assert rec["pq"] > 0 and rec["qp"] > 0


def test_the_books_examples(coins):
    coin = coins.records[coins.frame_index(a=0.5, b=0.25)]
    assert f"{coin['pq']:.4f}" == "0.2075" and f"{coin['qp']:.3f}" == "0.189"
    alphabet = coins.records[coins.frame_index(a=0.8, b=0.2)]
    assert alphabet["pq"] == pytest.approx(alphabet["qp"], rel=1e-12)
    assert f"{alphabet['pq']:.1f}" == "1.2"
    # the initial frame is the coin
    assert coins.control_widgets[0].index == KL_PROBS.index(0.5)
    assert coins.control_widgets[1].index == KL_PROBS.index(0.25)


@pytest.fixture(scope="module")
def fit():
    return build_once("kl-fit")


def test_bump_is_a_normalised_discretised_gaussian():
    q = bump(GRID, 0.7, 1.3)
    expected = stats.norm.pdf(GRID, 0.7, 1.3)
    np.testing.assert_allclose(q, expected / expected.sum(), rtol=1e-12)
    assert q.sum() == pytest.approx(1.0, abs=1e-15)
    with pytest.raises(ValueError, match="w must be > 0"):
        bump(GRID, 0.0, 0.0)


def test_two_bumps_is_the_mixture():
    p = two_bumps(4.0)
    np.testing.assert_allclose(p, 0.65 * bump(GRID, -2, 1) + 0.35 * bump(GRID, 2, 1), rtol=1e-14)
    with pytest.raises(ValueError, match="weight"):
        two_bumps(4.0, weight=1.5)
    with pytest.raises(ValueError, match="direction"):
        fit_one_bump(p, direction="both")


@pytest.mark.parametrize("separation", [2.0, 6.0])
@pytest.mark.parametrize("direction", ["pq", "qp"])
def test_the_grid_search_finds_the_minimum_a_continuous_optimiser_finds(separation, direction):
    p = two_bumps(separation)

    def objective(theta):
        q = bump(GRID, theta[0], abs(theta[1]))
        return lib.kl_divergence(p, q) if direction == "pq" else lib.kl_divergence(q, p)

    fit = fit_one_bump(p, direction=direction)
    found = fit.d_pq if direction == "pq" else fit.d_qp
    # start scipy from several places; its best is the reference minimum
    best = min(
        optimize.minimize(objective, x0, method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-12}).fun
        for x0 in ([-3.0, 1.0], [0.0, 2.0], [3.0, 1.0])
    )
    assert best <= found <= best + 2e-3


def test_mass_covering_matches_the_moments_and_mode_seeking_picks_the_taller_bump():
    p = two_bumps(6.0)
    mean = GRID @ p
    sd = np.sqrt(((GRID - mean) ** 2) @ p)
    cover = fit_one_bump(p, direction="pq")
    assert cover.mu == pytest.approx(mean, abs=0.05) and cover.w == pytest.approx(sd, abs=0.05)
    seek = fit_one_bump(p, direction="qp")
    assert seek.mu == pytest.approx(-3.0, abs=0.05) and seek.w == pytest.approx(1.0, abs=0.05)
    # each fit wins in its own direction and loses in the other
    assert cover.d_pq < seek.d_pq and seek.d_qp < cover.d_qp


def test_frames_show_libs_numbers(fit):
    assert len(fit.records) == len(FIT_SEPARATIONS) * len(FIT_DIRECTIONS)
    for rec in fit.records:
        p = two_bumps(rec["separation"])
        q = bump(GRID, rec["mu"], rec["w"])
        fit = fit_one_bump(p, direction=FIT_DIRECTIONS[rec["direction"]])
        assert (rec["mu"], rec["w"]) == (fit.mu, fit.w)
        assert rec["pq"] == lib.kl_divergence(p, q) and rec["qp"] == lib.kl_divergence(q, p)
        assert f"D(p&#8214;q) = {rec['pq']:.3f} bits" in rec["readout"]
        assert f"D(q&#8214;p) = {rec['qp']:.3f} bits" in rec["readout"]
        assert f"mean <b>{rec['mu']:.2f}</b>" in rec["readout"]


def test_one_bump_is_fitted_exactly_and_the_directions_part_when_the_bumps_do(fit):
    for direction in FIT_DIRECTIONS:
        rec = fit.records[fit.frame_index(separation=0.0, direction=direction)]
        assert (rec["mu"], rec["w"]) == (0.0, 1.0) and rec["pq"] < 1e-15 and rec["qp"] < 1e-15
    far = {d: fit.records[fit.frame_index(separation=6.0, direction=d)] for d in FIT_DIRECTIONS}
    cover, seek = far["minimise D(p‖q)"], far["minimise D(q‖p)"]
    assert cover["w"] > 2.5 * seek["w"]
    assert fit.control_widgets[0].index == FIT_SEPARATIONS.index(6.0)
