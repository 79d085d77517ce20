"""Tests of lib.information: surprisal, entropy, cross_entropy, kl_divergence.

Exact values from the curriculum, agreement with scipy to rtol 1e-12 on random
valid input, the hard case p ~ q (compared with mpmath at 50 digits), and
hypothesis properties.  Every lib call runs under ``strict()`` (warnings are
errors and numpy raises on any floating-point event).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.special
import scipy.stats
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import exact
from lib import cross_entropy, entropy, kl_divergence, surprisal
from numerics_support import strict

BASES = [2, math.e, 10]
WEATHER = [0.35, 0.35, 0.10, 0.10, 0.04, 0.04, 0.01, 0.01]


# --------------------------------------------------------------------------- strategies

_weight = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-12, max_value=1.0),
    st.floats(min_value=1e-3, max_value=1.0),
)
_positive_weight = st.one_of(
    st.floats(min_value=1e-12, max_value=1.0),
    st.floats(min_value=1e-3, max_value=1.0),
)


def _normalise(ws):
    w = np.asarray(ws, dtype=np.float64)
    return w / w.sum()


@st.composite
def distributions(draw, n=None, zeros=True):
    """A float64 probability vector of length n (1..12 if not given), summing to 1."""
    if n is None:
        n = draw(st.integers(min_value=1, max_value=12))
    ws = draw(st.lists(_weight if zeros else _positive_weight, min_size=n, max_size=n))
    assume(sum(ws) > 0)
    return _normalise(ws)


@st.composite
def pairs(draw, q_zeros=False):
    """(p, q) of the same length; q strictly positive unless q_zeros."""
    n = draw(st.integers(min_value=1, max_value=12))
    return draw(distributions(n)), draw(distributions(n, zeros=q_zeros))


def _rng_dists(rng, shape, axis=-1, zero_frac=0.2):
    """Random distributions along ``axis`` with some exact zeros."""
    x = rng.gamma(0.5, size=shape)
    x[rng.random(shape) < zero_frac] = 0.0
    x = np.moveaxis(x, axis, -1)
    x[..., 0] += 1e-3  # every slice has some mass
    x = x / x.sum(axis=-1, keepdims=True)
    return np.moveaxis(x, -1, axis)


# --------------------------------------------------------------------------- surprisal


def test_surprisal_exact_values():
    with strict():
        assert surprisal(0.5) == 1.0
        assert surprisal(1 / 8) == 3.0
        assert surprisal(0.25) == 2.0
        zero = surprisal(1.0)
        inf = surprisal(0.0)
        tenth = surprisal(0.01, base=10)
        nat = surprisal(math.exp(-1), base=math.e)
    assert zero == 0.0 and not np.signbit(zero), "surprisal(1) must be +0.0, not -0.0"
    assert inf == math.inf and np.isposinf(inf)
    assert tenth == 2.0
    assert nat == pytest.approx(1.0, rel=1e-15, abs=0)


def test_surprisal_returns_numpy_scalar_and_keeps_shape():
    p = np.array([[1.0, 0.5], [0.25, 0.0]])
    with strict():
        s = surprisal(p)
        s0 = surprisal(0.5)
    assert isinstance(s0, np.floating) and np.ndim(s0) == 0
    assert s.shape == (2, 2)
    np.testing.assert_array_equal(s, [[0.0, 1.0], [2.0, np.inf]])
    assert not np.signbit(s[0, 0])


@pytest.mark.parametrize("base", [2, math.e, 10, 3, 0.5])
def test_surprisal_matches_log_in_any_base(base):
    p = np.random.default_rng(1).random(50)
    with strict():
        s = surprisal(p, base=base)
    for pi, si in zip(p, s):
        ref = -exact.ln(pi) / exact.ln(base)
        assert exact.rel_err(si, ref) < 1e-14


def test_surprisal_base_conversion():
    p = np.random.default_rng(2).random(20)
    np.testing.assert_allclose(surprisal(p, base=math.e), surprisal(p) * math.log(2), rtol=1e-14)
    np.testing.assert_allclose(surprisal(p, base=10), surprisal(p) * math.log10(2), rtol=1e-14)


# --------------------------------------------------------------------------- entropy: exact values


def test_entropy_curriculum_values():
    with strict():
        fair = entropy([0.5, 0.5])
        die8 = entropy([1 / 8] * 8)
        biased = entropy([0.75, 0.25])
        weather = entropy(WEATHER)
        certain = entropy([1.0, 0.0, 0.0])
    assert fair == 1.0
    assert die8 == 3.0
    assert certain == 0.0 and not np.signbit(certain)
    assert abs(biased - 0.8112781244591328) < 1e-12
    assert abs(float(biased) - float(exact.entropy([0.75, 0.25]))) < 1e-12
    assert round(float(weather), 3) == 2.229
    assert exact.rel_err(weather, exact.entropy(WEATHER)) < 1e-14


def test_entropy_zero_log_zero_is_zero():
    with strict():
        assert entropy([0.5, 0.5, 0.0, 0.0]) == 1.0
        assert entropy([0.0, 1.0]) == 0.0
        assert entropy([0.0, 0.25, 0.0, 0.25, 0.25, 0.25]) == 2.0


def test_entropy_bases_and_uniform():
    with strict():
        assert entropy([0.1] * 10, base=10) == pytest.approx(1.0, rel=1e-15, abs=0)
        assert entropy([0.25] * 4, base=math.e) == pytest.approx(math.log(4), rel=1e-15, abs=0)
        assert entropy([1 / 3] * 3, base=3) == pytest.approx(1.0, rel=1e-15, abs=0)
        nats = entropy(WEATHER, base=math.e)
        bits = entropy(WEATHER)
    assert nats == pytest.approx(bits * math.log(2), rel=1e-14, abs=0)


def test_entropy_axis_and_shape():
    p = np.array([[0.5, 0.5], [1.0, 0.0], [0.25, 0.75]])
    with strict():
        rows = entropy(p)
        cols = entropy(p.T, axis=0)
        one = entropy([0.5, 0.5])
    assert rows.shape == (3,)
    np.testing.assert_array_equal(rows, cols)
    assert rows[0] == 1.0 and rows[1] == 0.0
    assert isinstance(one, np.floating) and np.ndim(one) == 0


# --------------------------------------------------------------------------- cross-entropy and KL: exact values


def test_cross_entropy_and_kl_curriculum_values():
    p, q = [0.5, 0.5], [0.25, 0.75]
    with strict():
        h = cross_entropy(p, q)
        d_pq = kl_divergence(p, q)
        d_qp = kl_divergence(q, p)
    assert round(float(h), 4) == 1.2075
    assert round(float(d_pq), 4) == 0.2075
    assert round(float(d_qp), 4) == 0.1887
    assert exact.rel_err(h, exact.cross_entropy(p, q)) < 1e-14
    assert exact.rel_err(d_pq, exact.kl(p, q)) < 1e-14
    assert exact.rel_err(d_qp, exact.kl(q, p)) < 1e-14
    assert d_pq != d_qp  # not symmetric
    # H(p, q) = H(p) + D(p||q): 1.2075 = 1 + 0.2075
    assert h == pytest.approx(1.0 + d_pq, rel=1e-15, abs=0)


def test_zero_p_terms_contribute_nothing():
    with strict():
        # p_i = 0 with q_i = 0: 0 log 0 = 0, not nan
        assert cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
        assert kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0
        assert cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == 1.0
        # p_i = 0 with q_i > 0
        assert cross_entropy([1.0, 0.0], [0.5, 0.5]) == 1.0
        assert kl_divergence([0.5, 0.5, 0.0], [0.25, 0.25, 0.5]) == 1.0


def test_q_zero_where_p_positive_is_exactly_inf():
    with strict():
        h = cross_entropy([0.5, 0.5], [1.0, 0.0])
        d = kl_divergence([0.5, 0.5], [1.0, 0.0])
        d_e = kl_divergence([0.5, 0.5], [1.0, 0.0], base=math.e)
        rows = kl_divergence([[0.5, 0.5], [0.5, 0.5]], [[1.0, 0.0], [0.5, 0.5]])
        h_rows = cross_entropy([[0.5, 0.5], [0.5, 0.5]], [[1.0, 0.0], [0.5, 0.5]])
    assert h == math.inf and d == math.inf and d_e == math.inf
    np.testing.assert_array_equal(rows, [np.inf, 0.0])
    np.testing.assert_array_equal(h_rows, [np.inf, 1.0])


def test_kl_zero_for_identical_distributions():
    rng = np.random.default_rng(3)
    p = _rng_dists(rng, (20, 9))
    with strict():
        d = kl_divergence(p, p)
    np.testing.assert_array_equal(d, np.zeros(20))
    assert not np.signbit(d).any()


def test_no_warnings_on_edge_inputs():
    """Tiny, subnormal and zero probabilities: no warning, no FP exception, no nan."""
    p = [5e-324, 1e-310, 1e-300, 0.0, 1.0 - 1e-300 - 1e-310 - 5e-324]
    q = [0.25, 0.25, 0.25, 0.0, 0.25]
    with strict():
        vals = [
            surprisal(p),
            entropy(p),
            entropy(q, base=math.e),
            cross_entropy(p, q),
            cross_entropy(q, p),
            kl_divergence(p, q),
            kl_divergence(q, p),
            kl_divergence(p, p),
        ]
    for v in vals:
        assert not np.isnan(v).any()
    # q_3 = 0 = p_3 contributes nothing; every other p_i > 0 (even 5e-324), so H(q, p) is finite
    assert np.isfinite(vals[4]) and vals[4] > 700  # -0.25 log2(5e-324) alone is 268.7 bits
    assert np.isfinite(vals[6])
    assert vals[7] == 0.0


def test_entropy_never_negative_for_accepted_rounding_noise():
    # 1 + 1e-13 is accepted as rounding noise (PROB_ATOL = 1e-12); H must still be >= 0
    with strict():
        h = entropy([1.0 + 1e-13, 0.0])
        hq = cross_entropy([1.0, 0.0], [1.0 + 1e-13, 0.0])
    assert h == 0.0 and hq == 0.0


# --------------------------------------------------------------------------- agreement with scipy


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("axis", [-1, 0])
def test_entropy_matches_scipy_stats(base, axis):
    rng = np.random.default_rng(10 + axis)
    p = _rng_dists(rng, (40, 13), axis=axis)
    with strict():
        ours = entropy(p, base=base, axis=axis)
    ref = scipy.stats.entropy(p, base=base, axis=axis)
    assert ours.shape == ref.shape
    np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=0)


def test_entropy_matches_scipy_stats_1d_default_base():
    rng = np.random.default_rng(11)
    for n in (1, 2, 3, 10, 1000):
        p = _rng_dists(rng, (n,))
        ref = scipy.stats.entropy(p, base=2)
        if ref == 0:
            assert entropy(p) == 0
        else:
            assert entropy(p) == pytest.approx(ref, rel=1e-12, abs=0)


def test_entropy_matches_scipy_special_entr():
    rng = np.random.default_rng(12)
    p = _rng_dists(rng, (50, 8))
    np.testing.assert_allclose(entropy(p, base=math.e), scipy.special.entr(p).sum(axis=-1), rtol=1e-12, atol=0)


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("axis", [-1, 0])
def test_kl_matches_scipy(base, axis):
    rng = np.random.default_rng(20 + axis)
    p = _rng_dists(rng, (40, 11), axis=axis)
    q = _rng_dists(rng, (40, 11), axis=axis, zero_frac=0.0)
    with strict():
        ours = kl_divergence(p, q, base=base, axis=axis)
    ref_rel = scipy.special.rel_entr(p, q).sum(axis=axis) / math.log(base)
    ref_stats = scipy.stats.entropy(p, q, base=base, axis=axis)  # scipy.stats.entropy(p, q) is KL
    np.testing.assert_allclose(ours, ref_rel, rtol=1e-12, atol=0)
    np.testing.assert_allclose(ours, ref_stats, rtol=1e-12, atol=0)


def test_kl_matches_scipy_with_zeros_in_q():
    p = np.array([[0.5, 0.5, 0.0], [0.2, 0.3, 0.5]])
    q = np.array([[0.0, 0.5, 0.5], [0.5, 0.5, 0.0]])
    p2 = np.array([[0.0, 0.5, 0.5], [0.25, 0.75, 0.0]])
    np.testing.assert_array_equal(kl_divergence(p, q, base=math.e), scipy.special.rel_entr(p, q).sum(-1))
    np.testing.assert_allclose(kl_divergence(p2, q, base=math.e), scipy.special.rel_entr(p2, q).sum(-1), rtol=1e-12)


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("axis", [-1, 0])
def test_cross_entropy_matches_scipy_h_plus_kl_and_direct_sum(base, axis):
    rng = np.random.default_rng(30 + axis)
    p = _rng_dists(rng, (40, 7), axis=axis)
    q = _rng_dists(rng, (40, 7), axis=axis, zero_frac=0.0)
    ours = cross_entropy(p, q, base=base, axis=axis)
    via_scipy = scipy.stats.entropy(p, base=base, axis=axis) + scipy.stats.entropy(p, q, base=base, axis=axis)
    direct = -(p * np.log(q)).sum(axis=axis) / math.log(base)
    np.testing.assert_allclose(ours, via_scipy, rtol=1e-12, atol=0)
    np.testing.assert_allclose(ours, direct, rtol=1e-12, atol=0)


# --------------------------------------------------------------------------- hard case: p ~ q, KL ~ 1e-12


def _near_pairs():
    rng = np.random.default_rng(40)
    out = [(np.array([0.3 + 6.5e-7, 0.7 - 6.5e-7]), np.array([0.3, 0.7]))]
    while len(out) < 6:
        n = int(rng.integers(3, 12))
        q = rng.dirichlet(np.ones(n))
        p = q * (1 + 1e-6 * rng.standard_normal(n))
        p /= p.sum()
        out.append((p, q))
    return out


@pytest.mark.parametrize("case", range(6))
def test_kl_near_equal_distributions_exact(case):
    p, q = _near_pairs()[case]
    ref = exact.kl(p, q, base=math.e)
    assert 1e-14 < float(ref) < 1e-10  # really the p ~ q regime: KL ~ 1e-12 nats
    with strict():
        ours = kl_divergence(p, q, base=math.e)
        ours_bits = kl_divergence(p, q)
    assert exact.rel_err(ours, ref) <= 1e-14
    assert exact.rel_err(ours_bits, exact.kl(p, q, base=2)) <= 1e-14
    # the textbook difference H(p, q) - H(p) has no correct digit left ...
    diff = cross_entropy(p, q, base=math.e) - entropy(p, base=math.e)
    assert exact.rel_err(diff, ref) > 1e-6
    # ... and scipy.special.rel_entr(...).sum() loses several digits (scipy 1.17: ~1e-11 .. 1e-10)
    assert exact.rel_err(scipy.special.rel_entr(p, q).sum(), ref) > 1e-12


def test_kl_hard_case_table_row():
    """The row reported in the closing note: p = (0.3 + 6.5e-7, 0.7 - 6.5e-7), q = (0.3, 0.7).

    Exact (mpmath, on the float64 inputs): 1.00590e-12 nats.  lib: rel. error ~1e-16.
    scipy.special.rel_entr(p, q).sum(): ~5e-11 (scipy 1.17.1 keeps ~10 digits, not 16);
    scipy.stats.entropy(p, q), which renormalises p and q first: ~2e-4;
    textbook sum(p * log(p / q)): ~3e-5; H(p, q) - H(p): ~8e-5.
    """
    p, q = np.array([0.3 + 6.5e-7, 0.7 - 6.5e-7]), np.array([0.3, 0.7])
    ref = exact.kl(p, q, base=math.e)
    assert float(ref) == pytest.approx(1.0059e-12, rel=1e-4, abs=0)
    assert exact.rel_err(kl_divergence(p, q, base=math.e), ref) < 1e-14
    assert 1e-12 < exact.rel_err(scipy.special.rel_entr(p, q).sum(), ref) < 1e-8
    assert exact.rel_err(scipy.stats.entropy(p, q), ref) > 1e-5
    assert exact.rel_err(np.sum(p * np.log(p / q)), ref) > 1e-6
    assert exact.rel_err(cross_entropy(p, q, base=math.e) - entropy(p, base=math.e), ref) > 1e-6


# --------------------------------------------------------------------------- properties (hypothesis)


@given(distributions())
def test_prop_entropy_between_zero_and_log_n(p):
    h = entropy(p)
    assert h >= 0.0
    # H <= log2 n; each of the <= 12 terms is computed to a few ulps, so allow 1e-12
    assert h <= math.log2(p.size) + 1e-12


@given(pairs(q_zeros=True))
def test_prop_gibbs_inequality(pq):
    p, q = pq
    h_pq, h_p = cross_entropy(p, q), entropy(p)
    assert h_pq >= h_p - 1e-12 * max(1.0, h_pq if np.isfinite(h_pq) else 1.0)
    d = kl_divergence(p, q)
    assert d >= 0.0
    assert not np.isnan(h_pq) and not np.isnan(d)
    if np.any((q == 0) & (p > 0)):
        assert h_pq == math.inf and d == math.inf
    else:
        assert np.isfinite(h_pq) and np.isfinite(d)


@given(distributions())
def test_prop_kl_zero_iff_equal(p):
    assert kl_divergence(p, p) == 0.0
    assert cross_entropy(p, p) == pytest.approx(float(entropy(p)), rel=1e-13, abs=1e-15)
    # a clearly different q gives a clearly positive divergence
    q = np.full(p.size, 1.0 / p.size)
    if np.max(np.abs(p - q)) > 1e-6:
        assert kl_divergence(p, q) > 0.0
        assert kl_divergence(q, p) > 0.0


@given(pairs())
def test_prop_cross_entropy_is_entropy_plus_kl(pq):
    """H(p, q) = H(p) + D(p||q).

    Tolerance: each side is a sum of <= 12 terms, each evaluated to a few ulps of
    its own magnitude; every term is bounded by the cross-entropy term
    -p_i log q_i (which is >= the entropy and KL terms up to sign), so the
    absolute error is below ~ 12 * 4 * eps * sum_i |p_i log q_i| ~ 1e-14 * H(p, q).
    We allow 1e-12 * max(1, H(p, q)) on 2 <= n <= 12 outcomes.
    """
    p, q = pq
    h_pq = float(cross_entropy(p, q))
    rhs = float(entropy(p)) + float(kl_divergence(p, q))
    assert abs(h_pq - rhs) <= 1e-12 * max(1.0, h_pq)


@settings(max_examples=100)  # each example evaluates a 50-digit mpmath reference
@given(pairs())
def test_prop_kl_accurate_vs_mpmath(pq):
    """lib's KL is accurate to ~1e-14 relative, plus the rounding of sum(p - q) (a few ulps of sum|p - q|)."""
    p, q = pq
    ref = float(exact.kl(p, q, base=math.e))
    ours = float(kl_divergence(p, q, base=math.e))
    assert abs(ours - max(ref, 0.0)) <= 1e-14 * abs(ref) + 1e-15 * float(np.abs(p - q).sum())


@given(distributions(), st.sampled_from(BASES))
def test_prop_entropy_matches_scipy(p, base):
    ref = scipy.stats.entropy(p, base=base)
    assert entropy(p, base=base) == pytest.approx(ref, rel=1e-12, abs=1e-300)


@given(pairs(), st.sampled_from(BASES))
def test_prop_kl_matches_scipy_when_not_close(pq, base):
    p, q = pq
    ref = scipy.special.rel_entr(p, q).sum() / math.log(base)
    # rel_entr itself loses digits when p ~ q (see the hard case); compare where it is reliable:
    # the sum of the absolute terms bounds its rounding error
    scale = np.abs(scipy.special.rel_entr(p, q)).sum() / math.log(base)
    assert abs(kl_divergence(p, q, base=base) - ref) <= 1e-12 * abs(ref) + 1e-14 * scale


def test_axis_none_and_keepdims():
    rng = np.random.default_rng(4)
    p = rng.random((3, 5)) + 0.1
    q = rng.random((3, 5)) + 0.1
    rows_p, rows_q = p / p.sum(axis=1, keepdims=True), q / q.sum(axis=1, keepdims=True)
    whole_p, whole_q = p / p.sum(), q / q.sum()
    for f, args in [(entropy, (whole_p,)), (cross_entropy, (whole_p, whole_q)), (kl_divergence, (whole_p, whole_q))]:
        with strict():
            got = f(*args, axis=None, base=math.e)
            kept = f(*args, axis=None, keepdims=True)
        assert np.ndim(got) == 0 and kept.shape == (1, 1)
        assert got == pytest.approx(f(*(a.ravel() for a in args), base=math.e), rel=1e-14)
    assert entropy(whole_p, axis=None, base=math.e) == pytest.approx(scipy.stats.entropy(whole_p.ravel()), rel=1e-14)
    with strict():
        kd = kl_divergence(rows_p, rows_q, axis=1, keepdims=True)
        h = entropy(rows_p.T, axis=0, keepdims=True)
    assert kd.shape == (3, 1) and h.shape == (1, 3)
    np.testing.assert_allclose(kd[:, 0], scipy.stats.entropy(rows_p, rows_q, axis=1, base=2), rtol=1e-13)
    np.testing.assert_allclose(h[0], scipy.stats.entropy(rows_p, axis=1, base=2), rtol=1e-14)
    with pytest.raises(ValueError, match="p must sum to 1"):
        entropy(rows_p, axis=None)  # each row sums to 1, the whole array does not


def test_large_inputs_are_summed_in_pieces_exactly_like_small_ones():
    """Above 2**15 elements _pieces.sum_terms works piece by piece: same answers (to rounding) for every layout."""
    rng = np.random.default_rng(6)
    for shape, axis in [((70_000,), -1), ((5, 20_000), 1), ((20_000, 3), 0), ((3, 9_000, 2), 1)]:
        p = rng.random(shape) + 0.01
        q = rng.random(shape) + 0.01
        p, q = p / p.sum(axis=axis, keepdims=True), q / q.sum(axis=axis, keepdims=True)
        with strict():
            got = [f(p, q, axis=axis, base=math.e) for f in (cross_entropy, kl_divergence)] + [entropy(p, axis=axis, base=math.e)]
        ref = [-scipy.special.xlogy(p, q).sum(axis=axis), scipy.special.rel_entr(p, q).sum(axis=axis),
               scipy.special.entr(p).sum(axis=axis)]
        for g, r in zip(got, ref):
            assert g.shape == r.shape if np.ndim(r) else np.ndim(g) == 0
            np.testing.assert_allclose(g, r, rtol=1e-11, atol=0)
