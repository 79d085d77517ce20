"""Tests of lib.softmax: logsumexp, softmax, log_softmax.

Agreement with scipy.special to rtol 1e-12, exact values (mpmath, 50 digits)
on the hard cases where the textbook formula or scipy lose the answer, and
hypothesis properties.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.special
from hypothesis import given, settings
from hypothesis import strategies as st

import exact
import lib._pieces
from lib import log_softmax, logsumexp, softmax
from numerics_support import strict

EPS = np.finfo(np.float64).eps

CONFIDENT = np.array([1e4, 1e4 - 40, 0.0, -1e4])
SPREAD = np.linspace(-5000.0, 5000.0, 7)

# logits: moderate, huge, and occasionally -inf (a masked class)
_logit = st.one_of(
    st.floats(min_value=-50, max_value=50),
    st.floats(min_value=-1e4, max_value=1e4),
    st.just(-np.inf),
)


@st.composite
def logit_vectors(draw, min_n=1, max_n=10, allow_neg_inf=True):
    n = draw(st.integers(min_value=min_n, max_value=max_n))
    elem = _logit if allow_neg_inf else st.floats(min_value=-1e4, max_value=1e4)
    z = np.array(draw(st.lists(elem, min_size=n, max_size=n)), dtype=np.float64)
    if np.all(np.isneginf(z)):
        z[draw(st.integers(0, n - 1))] = draw(st.floats(min_value=-1e3, max_value=1e3))
    return z


# --------------------------------------------------------------------------- exact small values


def test_logsumexp_exact_values():
    with strict():
        assert logsumexp([1000.0, 1000.0]) == 1000.0 + math.log(2.0)
        assert logsumexp([0.0, 0.0, 0.0, 0.0]) == math.log(4.0)
        assert logsumexp([-1000.0, -1000.0]) == -1000.0 + math.log(2.0)
        assert logsumexp([3.0]) == 3.0
        assert logsumexp([-np.inf, 2.0]) == 2.0
        assert logsumexp([-np.inf, -np.inf]) == -np.inf


def test_logsumexp_shapes():
    x = np.random.default_rng(0).normal(size=(3, 4, 5))
    with strict():
        assert logsumexp(x).shape == (3, 4)
        assert logsumexp(x, axis=1).shape == (3, 5)
        assert logsumexp(x, axis=0, keepdims=True).shape == (1, 4, 5)
        s = logsumexp([1.0, 2.0])
    assert isinstance(s, np.floating) and np.ndim(s) == 0


def test_softmax_exact_values():
    with strict():
        np.testing.assert_array_equal(softmax([0.0, 0.0]), [0.5, 0.5])
        np.testing.assert_array_equal(softmax([5.0]), [1.0])
        np.testing.assert_array_equal(softmax([-np.inf, 7.0, -np.inf]), [0.0, 1.0, 0.0])
        np.testing.assert_array_equal(log_softmax([-np.inf, 7.0]), [-np.inf, 0.0])
        big = softmax([1000.0, 999.0, 998.0])
        ls = log_softmax([2.0, 1.0, 0.0])
    np.testing.assert_allclose(big, scipy.special.softmax([2.0, 1.0, 0.0]), rtol=1e-14)
    np.testing.assert_allclose(ls, [-0.40760596444438, -1.40760596444438, -2.40760596444438], rtol=1e-13)


def test_temperature():
    z = np.array([3.0, 1.0, -2.0, 0.5])
    with strict():
        hot = softmax(z, temperature=100.0)
        cold = softmax(z, temperature=0.01)
        t2 = softmax(z, temperature=2.0)
        lt2 = log_softmax(z, temperature=2.0)
        t1 = softmax(z, temperature=1)
    np.testing.assert_allclose(t2, scipy.special.softmax(z / 2.0), rtol=1e-14)
    np.testing.assert_allclose(lt2, scipy.special.log_softmax(z / 2.0), rtol=1e-14)
    np.testing.assert_array_equal(t1, softmax(z))
    assert np.ptp(hot) < 0.02  # nearly uniform
    assert cold[0] == 1.0 and cold[1] < 1e-80  # nearly one-hot
    assert np.argmax(cold) == 0


# --------------------------------------------------------------------------- agreement with scipy


@pytest.mark.parametrize("axis", [-1, 0, 1])
@pytest.mark.parametrize("scale", [1.0, 30.0, 700.0])
def test_matches_scipy(axis, scale):
    rng = np.random.default_rng(int(scale) + axis)
    z = rng.normal(scale=scale, size=(6, 9, 5))
    with strict():
        lse = logsumexp(z, axis=axis)
        lse_k = logsumexp(z, axis=axis, keepdims=True)
        sm = softmax(z, axis=axis)
        lsm = log_softmax(z, axis=axis)
    np.testing.assert_allclose(lse, scipy.special.logsumexp(z, axis=axis), rtol=1e-12, atol=0)
    np.testing.assert_allclose(lse_k, scipy.special.logsumexp(z, axis=axis, keepdims=True), rtol=1e-12, atol=0)
    # probabilities far below 1e-300 are subnormal/zero in both; compare the rest relatively
    ref_sm = scipy.special.softmax(z, axis=axis)
    np.testing.assert_allclose(sm, ref_sm, rtol=1e-12, atol=1e-300)
    # log-probabilities: scipy's log(sum) form has an absolute error of ~eps near 0, so the
    # relative comparison gets an absolute floor of a few eps (lib is the more accurate one there)
    np.testing.assert_allclose(lsm, scipy.special.log_softmax(z, axis=axis), rtol=1e-12, atol=4 * EPS)


def test_matches_scipy_with_masked_classes():
    z = np.array([[0.0, -np.inf, 2.0], [-np.inf, -np.inf, 1.0], [5.0, 5.0, -np.inf]])
    np.testing.assert_allclose(softmax(z), scipy.special.softmax(z, axis=-1), rtol=1e-15, atol=0)
    np.testing.assert_allclose(log_softmax(z), scipy.special.log_softmax(z, axis=-1), rtol=1e-15, atol=0)
    np.testing.assert_allclose(logsumexp(z), scipy.special.logsumexp(z, axis=-1), rtol=1e-15, atol=0)
    assert np.array_equal(np.isneginf(log_softmax(z)), np.isneginf(z))


# --------------------------------------------------------------------------- hard cases vs mpmath


def test_confident_correct_prediction_exact():
    """logits [1e4, 1e4 - 40, 0, -1e4]: log p_0 = -4.248e-18 (scipy and the textbook give 0)."""
    with strict():
        lsm = log_softmax(CONFIDENT)
        lse = logsumexp(CONFIDENT)
        sm = softmax(CONFIDENT)
    ref0 = exact.log_softmax(CONFIDENT, 0)
    assert float(ref0) == pytest.approx(-4.248354255291589e-18, rel=1e-15, abs=0)
    assert exact.rel_err(lsm[0], ref0) <= 1e-14
    for i in range(3):
        assert exact.rel_err(lsm[i], exact.log_softmax(CONFIDENT, i)) <= 1e-14
    assert lsm[3] == -2e4  # exact to double precision
    assert exact.rel_err(lse, exact.lse(CONFIDENT)) <= 1e-15
    assert exact.rel_err(sm[1], mpmath.exp(exact.log_softmax(CONFIDENT, 1))) <= 1e-14
    # the reference library loses it: scipy returns exactly -0.0, i.e. a loss of 0
    scipy_val = scipy.special.log_softmax(CONFIDENT)[0]
    assert scipy_val == 0.0
    # and so does the textbook z - log(sum(exp(z - m))) - m
    m = CONFIDENT.max()
    assert (CONFIDENT - m - np.log(np.sum(np.exp(CONFIDENT - m))))[0] == 0.0


def test_logits_spread_over_1e4_exact():
    """linspace(-5000, 5000, 7): exp overflows for the textbook formula; lib is exact."""
    with strict():
        lsm = log_softmax(SPREAD)
        lse = logsumexp(SPREAD)
        sm = softmax(SPREAD)
    assert exact.rel_err(lse, exact.lse(SPREAD)) <= 1e-15
    for i in range(6):  # the last entry's exact value is -1e-724, below float64's range
        assert exact.rel_err(lsm[i], exact.log_softmax(SPREAD, i)) <= 1e-14
    assert lsm[6] == 0.0 and sm[6] == 1.0
    assert lsm[0] == -10000.0
    # textbook softmax-then-log: p_0 underflows to 0, so -log p_0 is inf instead of 10000
    with np.errstate(divide="ignore"):
        assert -np.log(scipy.special.softmax(SPREAD)[0]) == np.inf
    # and the unshifted textbook formula overflows: exp(5000) = inf, inf/inf = nan
    with np.errstate(all="ignore"):
        naive = np.exp(SPREAD) / np.exp(SPREAD).sum()
    assert np.isnan(naive[-1])


def test_logsumexp_ties_and_near_cancellation():
    cases = [
        np.array([-0.5, -0.5]),
        np.array([math.log(0.5), math.log(0.5)]),  # lse ~ 0
        np.array([1e-20, -50.0, -60.0]),
        np.array([-745.0, -745.0, -746.0]),  # subnormal exponentials
        np.array([709.0, 709.5, 710.0]),  # exp would overflow
    ]
    for z in cases:
        with strict():
            got = float(logsumexp(z))
        ref = exact.lse(z)
        # absolute error a few ulps of max|z| (the addition m + log1p(rest))
        assert abs(got - float(ref)) <= 4 * EPS * max(1.0, float(np.max(np.abs(z)))), z


# --------------------------------------------------------------------------- properties (hypothesis)


@given(logit_vectors())
def test_prop_softmax_is_distribution(z):
    p = softmax(z)
    assert p.shape == z.shape
    assert np.all((p >= 0) & (p <= 1))
    assert abs(p.sum() - 1.0) <= z.size * EPS
    assert np.all(p[np.isneginf(z)] == 0.0)
    assert p[np.argmax(z)] == p.max()


@given(
    st.lists(st.integers(-(2**20), 2**20), min_size=1, max_size=10),
    st.integers(-(2**20), 2**20),
)
def test_prop_softmax_shift_invariance_exact(zi, ci):
    """Dyadic logits and shift (multiples of 1/64): z + c is exact, so the results must be identical."""
    z = np.array(zi, dtype=np.float64) / 64
    c = ci / 64
    np.testing.assert_array_equal(softmax(z + c), softmax(z))
    np.testing.assert_array_equal(log_softmax(z + c), log_softmax(z))
    assert logsumexp(z + c) == pytest.approx(float(logsumexp(z)) + c, rel=0, abs=4 * EPS * (abs(c) + np.abs(z).max() + 1))


@given(logit_vectors(allow_neg_inf=False), st.floats(min_value=-1e4, max_value=1e4))
def test_prop_softmax_shift_invariance(z, c):
    """General shift: z + c rounds, by at most ulp(|z| + |c|)/2 per entry, which moves each
    log-probability by at most ~2 of those; so compare log_softmax with that absolute tolerance."""
    tol = 4 * EPS * (np.abs(z).max() + abs(c) + 1)
    np.testing.assert_allclose(log_softmax(z + c), log_softmax(z), rtol=0, atol=tol)
    np.testing.assert_allclose(softmax(z + c), softmax(z), rtol=0, atol=tol)


@given(logit_vectors())
def test_prop_log_softmax_is_log_of_softmax(z):
    lsm = log_softmax(z)
    p = softmax(z)
    assert np.all(lsm <= 0.0)
    # where log(softmax) is finite and not subnormal, the two agree: log(p) has an absolute
    # error of ~eps (p is within 2 ulps), hence the absolute floor
    ok = p > 1e-300
    assert ok.any()
    np.testing.assert_allclose(lsm[ok], np.log(p[ok]), rtol=1e-12, atol=4 * EPS)
    # where p underflows to 0 the log-softmax is still finite unless the logit is -inf
    assert np.all(np.isfinite(lsm[~np.isneginf(z)]))
    assert np.all(np.isneginf(lsm[np.isneginf(z)]))


@given(logit_vectors())
def test_prop_logsumexp_bounds(z):
    lse = logsumexp(z)
    m = z.max()
    n_finite = int(np.sum(~np.isneginf(z)))
    assert lse >= m
    assert lse <= m + math.log(n_finite) + 4 * EPS * max(1.0, abs(m))
    scale = np.abs(z[np.isfinite(z)]).max() + abs(lse) + 1.0
    np.testing.assert_allclose(log_softmax(z), z - lse, rtol=0, atol=4 * EPS * scale)


@settings(max_examples=100)  # each example evaluates a 50-digit mpmath reference
@given(logit_vectors(min_n=2))
def test_prop_log_softmax_accurate_vs_mpmath(z):
    lsm = log_softmax(z)
    for i in np.flatnonzero(~np.isneginf(z)):
        ref = float(exact.log_softmax(z, int(i)))
        # (z_i - m) is exact (Sterbenz / same binade) or one rounding; log1p(rest) is ~1 ulp.  The rest
        # r = sum_j exp(s_j), s_j = z_j - m, also inherits the rounding of each s_j (at most EPS/2 * |s_j|,
        # amplified by exp into a relative error of r): |d log1p(r)| <= EPS/2 * sum_j |s_j| e^{s_j} / (1 + r).
        # For z = (18, 1.1) that bound is about 8 ulp of the answer (lib is off by 6): rounding 1.1 - 18.
        s = z[np.isfinite(z)] - z.max()
        rounding_of_shifts = EPS / 2 * float(np.sum(np.abs(s) * np.exp(s))) / float(np.sum(np.exp(s)))
        assert abs(lsm[i] - ref) <= 4 * EPS * abs(ref) + rounding_of_shifts + 1e-300


@given(logit_vectors(allow_neg_inf=False), st.floats(min_value=1e-2, max_value=1e2))
def test_prop_temperature_equals_scaling(z, t):
    zt = z / t
    if np.all(np.isfinite(zt)):
        np.testing.assert_array_equal(softmax(z, temperature=t), softmax(zt))
        np.testing.assert_array_equal(log_softmax(z, temperature=t), log_softmax(zt))


def test_axis_none_is_the_whole_array_as_scipy():
    z = np.random.default_rng(3).normal(scale=4.0, size=(3, 4, 5))
    with strict():
        got = (softmax(z, axis=None), log_softmax(z, axis=None), logsumexp(z, axis=None),
               logsumexp(z, axis=None, keepdims=True), logsumexp(z, axis=1, keepdims=True))
    np.testing.assert_allclose(got[0], scipy.special.softmax(z), rtol=1e-14, atol=0)
    np.testing.assert_allclose(got[1], scipy.special.log_softmax(z), rtol=1e-14, atol=0)
    assert got[2] == pytest.approx(scipy.special.logsumexp(z), rel=1e-15) and np.ndim(got[2]) == 0
    assert got[3].shape == (1, 1, 1) and got[4].shape == (3, 1, 5)
    np.testing.assert_allclose(got[4], scipy.special.logsumexp(z, axis=1, keepdims=True), rtol=1e-15, atol=0)
    with strict():
        assert logsumexp(np.full((2, 2), -np.inf), axis=None) == -np.inf


def test_large_inputs_are_worked_in_pieces_like_small_ones():
    """Above 2**17 elements (lib._pieces.WHOLE) in_pieces works through blocks of whole slices: same answers, every layout."""
    rng = np.random.default_rng(8)
    for shape, axis in [((140_000,), -1), ((50_000, 3), 0), ((5, 30_000), 1), ((3, 25_000, 2), 1), ((400, 400), None)]:
        assert math.prod(shape) > lib._pieces.WHOLE
        z = rng.normal(scale=5.0, size=shape)
        z.flat[::7] = -np.inf
        with strict():
            got = (softmax(z, axis=axis), log_softmax(z, axis=axis), logsumexp(z, axis=axis),
                   log_softmax(z, axis=axis, temperature=2.5), logsumexp(z, axis=axis, keepdims=True))
        with np.errstate(divide="ignore", invalid="ignore"):
            np.testing.assert_allclose(got[0], scipy.special.softmax(z, axis=axis), rtol=1e-13, atol=1e-300)
            np.testing.assert_allclose(got[1], scipy.special.log_softmax(z, axis=axis), rtol=1e-13, atol=1e-13)
            np.testing.assert_allclose(got[2], scipy.special.logsumexp(z, axis=axis), rtol=1e-14, atol=0)
            np.testing.assert_allclose(got[3], scipy.special.log_softmax(z / 2.5, axis=axis), rtol=1e-13, atol=1e-13)
            np.testing.assert_allclose(got[4], scipy.special.logsumexp(z, axis=axis, keepdims=True), rtol=1e-14, atol=0)
        assert got[0].shape == got[1].shape == z.shape
    bad = np.zeros((50_000, 3))
    bad[45_000, 1] = np.nan
    with pytest.raises(ValueError, match="^z contains NaN"):
        softmax(bad)
    bad[45_000] = -np.inf
    with pytest.raises(ValueError, match="whole|all -inf"):
        log_softmax(bad)
