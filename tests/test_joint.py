"""Tests of lib.joint: joint and conditional entropy, mutual information, PMI.

The curriculum's weather-and-umbrella values; agreement with scikit-learn's
``mutual_info_score`` (nats, on contingency tables) and ``scipy.stats.entropy``
of flattened tables; nearly independent tables against mpmath at 50 digits
(where the difference of entropies loses the answer); hypothesis properties
(chain rule, symmetry, bounds, independence, I(X;X) = H(X)).  Every lib call
runs under ``strict()``.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.stats
import sklearn.metrics
from hypothesis import assume, given
from hypothesis import strategies as st

import exact
from lib import (
    conditional_entropy,
    entropy,
    joint_entropy,
    marginal,
    mutual_information,
    pointwise_mutual_information,
)
from numerics_support import strict

#: rows: weather (sun, rain); columns: umbrella (no, yes)
WEATHER_UMBRELLA = np.array([[0.60, 0.10], [0.05, 0.25]])


def r3(x):
    return round(float(x), 3)


# --------------------------------------------------------------------------- strategies

_weight = st.one_of(st.just(0.0), st.floats(min_value=1e-9, max_value=1.0), st.floats(min_value=1e-3, max_value=1.0))


@st.composite
def tables(draw, max_side=5, ndim=2):
    """A joint table (float64, sums to 1) of ``ndim`` axes of 1..max_side values, with some zeros."""
    shape = tuple(draw(st.integers(min_value=1, max_value=max_side)) for _ in range(ndim))
    ws = np.array(draw(st.lists(_weight, min_size=math.prod(shape), max_size=math.prod(shape))))
    assume(ws.sum() > 0)
    return (ws / ws.sum()).reshape(shape)


@st.composite
def distributions(draw, max_n=6):
    n = draw(st.integers(min_value=1, max_value=max_n))
    ws = np.array(draw(st.lists(_weight, min_size=n, max_size=n)))
    assume(ws.sum() > 0)
    return ws / ws.sum()


# --------------------------------------------------------------------------- the worked example


def test_weather_and_umbrella_worked_values():
    p = WEATHER_UMBRELLA
    with strict():
        assert r3(entropy(marginal(p, keep=0))) == 0.881  # H(X), weather
        assert r3(entropy(marginal(p, keep=1))) == 0.934  # H(Y), umbrella
        assert r3(joint_entropy(p)) == 1.490
        assert r3(conditional_entropy(p, given=0)) == 0.609  # H(Y | X)
        assert r3(conditional_entropy(p, given=1)) == 0.556  # H(X | Y)
        assert r3(mutual_information(p)) == 0.325
        pmi = pointwise_mutual_information(p)
    assert round(float(pmi[1, 1]), 2) == 1.25  # PMI(rain, umbrella)
    assert round(float(pmi[0, 1]), 2) == -1.29  # PMI(sun, umbrella)


def test_weather_and_umbrella_against_exact_values():
    p = WEATHER_UMBRELLA
    mi = exact.mutual_information(p)
    with mpmath.workdps(exact.DPS):
        P = [[exact.mpf(v) for v in row] for row in p]
        px = [mpmath.fsum(r) for r in P]
        py = [mpmath.fsum(c) for c in zip(*P)]
        l2 = mpmath.log(2)
        hy_x = mpmath.fsum(P[i][j] * mpmath.log(px[i] / P[i][j]) for i in range(2) for j in range(2)) / l2
        pmi = [[mpmath.log(P[i][j] / (px[i] * py[j])) / l2 for j in range(2)] for i in range(2)]
    with strict():
        assert exact.rel_err(mutual_information(p), mi) < 1e-14
        assert exact.rel_err(conditional_entropy(p), hy_x) < 1e-14
        assert exact.rel_err(joint_entropy(p), exact.entropy(p)) < 1e-14
        got = pointwise_mutual_information(p)
    for i in range(2):
        for j in range(2):
            assert exact.rel_err(got[i, j], pmi[i][j]) < 1e-14


# --------------------------------------------------------------------------- references: scikit-learn, scipy


@pytest.mark.parametrize("seed", range(20))
def test_mutual_information_matches_sklearn_on_contingency_tables(seed):
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 30, size=(rng.integers(2, 7), rng.integers(2, 7)))
    counts[0, 0] += 1
    want = sklearn.metrics.mutual_info_score(None, None, contingency=counts)  # nats
    with strict():
        got = mutual_information(counts / counts.sum(), base=math.e)
    assert got == pytest.approx(max(want, 0.0), rel=1e-12, abs=1e-15)


def test_mutual_information_matches_sklearn_on_labels():
    rng = np.random.default_rng(7)
    a = rng.integers(0, 4, size=500)
    b = (a + rng.integers(0, 2, size=500)) % 5
    counts = np.zeros((4, 5))
    np.add.at(counts, (a, b), 1)
    with strict():
        got = mutual_information(counts / 500, base=math.e)
    assert got == pytest.approx(sklearn.metrics.mutual_info_score(a, b), rel=1e-12)


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("base", [2, math.e, 10])
def test_entropies_match_scipy_on_flattened_tables(seed, base):
    rng = np.random.default_rng(seed)
    p = rng.gamma(0.5, size=(3, 4, 2))
    p[rng.random(p.shape) < 0.2] = 0.0
    p[0, 0, 0] += 0.1
    p /= p.sum()
    with strict():
        h = joint_entropy(p, base=base)
        hx = entropy(marginal(p, keep=0), base=base)
        h_rest_given_x = conditional_entropy(p, given=0, base=base)
        h_given_12 = conditional_entropy(p, given=(1, 2), base=base)
        mi = mutual_information(p, x=0, base=base)
    assert h == pytest.approx(scipy.stats.entropy(p.ravel(), base=base), rel=1e-13)
    # H(Y1, Y2 | X) = sum_x p(x) H(p(y1, y2 | x)), the scipy way
    px = p.sum(axis=(1, 2))
    ref = sum(px[i] * scipy.stats.entropy(p[i].ravel(), base=base) for i in range(3))
    assert h_rest_given_x == pytest.approx(ref, rel=1e-13)
    pyz = p.sum(axis=0)
    ref = sum(pyz[j, k] * scipy.stats.entropy(p[:, j, k], base=base) for j in range(4) for k in range(2) if pyz[j, k] > 0)
    assert h_given_12 == pytest.approx(ref, rel=1e-13)
    # I(X; (Y1, Y2)) = scipy's KL between the joint and the product of the marginals
    q = np.einsum("i,jk->ijk", px, pyz)
    assert mi == pytest.approx(scipy.stats.entropy(p.ravel(), q.ravel(), base=base), rel=1e-12)
    hy = entropy(pyz.ravel(), base=base)
    assert mi == pytest.approx(hy - h_rest_given_x, rel=1e-10)
    assert mi == pytest.approx(hx + hy - h, rel=1e-10)


def test_axes_choose_the_variables():
    rng = np.random.default_rng(3)
    p = rng.random((2, 3, 4))
    p /= p.sum()
    with strict():
        # x=(1,) and x=(0, 2) split the axes the same way: I is symmetric
        assert mutual_information(p, x=1) == pytest.approx(mutual_information(p, x=(0, 2)), rel=1e-13)
        assert mutual_information(p, x=-1) == pytest.approx(mutual_information(p, x=2), rel=0)
        # a 2-D view of the same split gives the same numbers
        m = np.moveaxis(p, 1, 0).reshape(3, 8)
        assert mutual_information(p, x=1) == pytest.approx(mutual_information(m), rel=1e-13)
        assert conditional_entropy(p, given=(0, 2)) == pytest.approx(conditional_entropy(m, given=1), rel=1e-13)
        assert marginal(p, keep=(0, 2)).shape == (2, 4)
        pmi = pointwise_mutual_information(p, x=1)
        pmi2 = pointwise_mutual_information(m)
    assert pmi.shape == p.shape
    np.testing.assert_allclose(np.moveaxis(pmi, 1, 0).reshape(3, 8), pmi2, rtol=1e-13)


# --------------------------------------------------------------------------- exactness


@pytest.mark.parametrize(
    "a, b",
    [
        ([0.3, 0.7], [0.2, 0.5, 0.3]),
        ([0.1] * 10, [1 / 3] * 3),
        ([1.0, 0.0], [0.25, 0.75]),
        ([0.999999, 1e-6], [1e-12, 1 - 1e-12]),
    ],
)
def test_outer_products_are_exactly_independent(a, b):
    p = np.outer(a, b)
    with strict():
        assert mutual_information(p) == 0.0
        assert mutual_information(p, base=math.e) == 0.0
        assert conditional_entropy(p, given=0) == pytest.approx(entropy(b), rel=1e-13, abs=1e-15)


def test_outer_products_random_are_exactly_independent():
    rng = np.random.default_rng(11)
    for _ in range(200):
        a = rng.dirichlet(np.ones(rng.integers(1, 8)))
        b = rng.dirichlet(np.full(rng.integers(1, 8), 0.3))
        c = rng.dirichlet(np.ones(3))
        with strict():
            assert mutual_information(np.outer(a, b)) == 0.0
            assert mutual_information(np.einsum("i,j,k->ijk", a, b, c), x=(0, 2)) == 0.0


@pytest.mark.parametrize("eps, rtol", [(1e-2, 1e-12), (1e-4, 1e-10), (1e-6, 1e-8)])
def test_nearly_independent_tables_against_mpmath(eps, rtol):
    """I ~ eps^2: the divergence keeps its digits (error ~1e-15/sqrt(I)); H(X)+H(Y)-H(X,Y) does not."""
    rng = np.random.default_rng(5)
    worst_difference_form = 0.0
    for _ in range(30):
        a, b = rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(5))
        d = rng.normal(size=(4, 5))
        d -= d.mean(axis=0)
        d -= d.mean(axis=1, keepdims=True)
        p = np.outer(a, b) * (1 + eps * d)
        p /= p.sum()
        want = exact.mutual_information(p, base=math.e)
        with strict():
            got = mutual_information(p, base=math.e)
            diff = entropy(p.sum(1), base=math.e) + entropy(p.sum(0), base=math.e) - joint_entropy(p, base=math.e)
        assert exact.rel_err(got, want) < rtol
        worst_difference_form = max(worst_difference_form, exact.rel_err(diff, want))
    if eps <= 1e-4:
        assert worst_difference_form > 100 * rtol  # why I is computed as a divergence


def test_tiny_probabilities_do_not_overflow():
    p = np.array([[1e-200, 0.0], [0.0, 1.0]])  # q(0, 0) = 1e-400 underflows to 0
    with strict():
        got = mutual_information(p, base=math.e)
    assert math.isfinite(got) and got == pytest.approx(float(exact.mutual_information(p, base=math.e)), rel=1e-12)


@pytest.mark.parametrize("tiny", [1e-99, 9.9e-100, 1e-160, 1e-250])
def test_tiny_cells_on_both_sides_of_the_plain_path(tiny):
    """Every cell >= 1e-99 (lib.joint._PLAIN_CELL) skips the checks for underflow; below, they run.

    Under ``strict()`` a product of marginals that underflowed on the plain path would raise.
    """
    p = np.array([[tiny, tiny, 0.3], [tiny, 0.2, 0.5 - 3 * tiny]])
    want = float(exact.mutual_information(p, base=math.e))
    with strict():
        got = mutual_information(p, base=math.e)
    assert got == pytest.approx(want, rel=1e-13)


# --------------------------------------------------------------------------- properties


@given(tables())
def test_chain_rule(p):
    hx = entropy(marginal(p, keep=0))
    hy = entropy(marginal(p, keep=1))
    h = joint_entropy(p)
    assert h == pytest.approx(hx + conditional_entropy(p, given=0), rel=1e-12, abs=1e-12)
    assert h == pytest.approx(hy + conditional_entropy(p, given=1), rel=1e-12, abs=1e-12)


@given(tables())
def test_mutual_information_is_symmetric_and_bounded(p):
    mi = mutual_information(p)
    assert mutual_information(p.T) == pytest.approx(mi, rel=1e-13, abs=1e-15)
    assert mutual_information(p, x=1) == pytest.approx(mi, rel=1e-13, abs=1e-15)
    hx, hy = entropy(marginal(p, keep=0)), entropy(marginal(p, keep=1))
    assert 0.0 <= mi <= min(hx, hy) + 1e-12
    # the three ways to write it agree
    assert mi == pytest.approx(hx - conditional_entropy(p, given=1), abs=1e-12)
    assert mi == pytest.approx(hx + hy - joint_entropy(p), abs=1e-12)
    assert 0.0 <= conditional_entropy(p, given=0) <= hy + 1e-12


@given(tables(ndim=3, max_side=3))
def test_three_axes_chain_rule(p):
    h = joint_entropy(p)
    h0 = entropy(marginal(p, keep=0))
    h01 = joint_entropy(marginal(p, keep=(0, 1)))
    # H(X0, X1, X2) = H(X0) + H(X1 | X0) + H(X2 | X0, X1)
    h1_0 = conditional_entropy(marginal(p, keep=(0, 1)), given=0)
    h2_01 = conditional_entropy(p, given=(0, 1))
    assert h == pytest.approx(h0 + h1_0 + h2_01, rel=1e-12, abs=1e-12)
    assert h01 == pytest.approx(h0 + h1_0, rel=1e-12, abs=1e-12)


@given(distributions(), distributions())
def test_independent_tables_have_zero_information(a, b):
    p = np.outer(a, b)
    assert mutual_information(p) == 0.0
    pmi = pointwise_mutual_information(p)
    seen = p > 0
    np.testing.assert_allclose(pmi[seen], 0.0, atol=1e-13)


@given(distributions())
def test_information_of_a_variable_with_itself_is_its_entropy(a):
    p = np.diag(a)
    h = entropy(a)
    assert mutual_information(p) == pytest.approx(h, rel=1e-13, abs=1e-15)
    assert conditional_entropy(p, given=0) == 0.0
    assert joint_entropy(p) == pytest.approx(h, rel=1e-13, abs=1e-15)


@given(tables())
def test_mutual_information_is_the_average_pmi(p):
    pmi = pointwise_mutual_information(p)
    seen = p > 0
    assert np.isfinite(pmi[seen]).all()
    assert float((p[seen] * pmi[seen]).sum()) == pytest.approx(mutual_information(p), abs=1e-12)


def test_pmi_special_values():
    p = np.array([[0.5, 0.0, 0.0], [0.25, 0.25, 0.0]])  # column 2 never occurs
    with strict():
        pmi = pointwise_mutual_information(p)
    assert pmi[0, 1] == -math.inf  # p(x, y) = 0 with both marginals > 0
    assert np.isnan(pmi[:, 2]).all()  # p(y) = 0: undefined
    assert pmi[1, 1] == 1.0  # p(y|x) = 0.5 against p(y) = 0.25: exactly one bit


def test_bases():
    p = WEATHER_UMBRELLA
    with strict():
        for fn in (joint_entropy, conditional_entropy, mutual_information):
            bits = fn(p)
            assert fn(p, base=math.e) == pytest.approx(bits * math.log(2), rel=1e-14)
            assert fn(p, base=10) == pytest.approx(bits * math.log10(2), rel=1e-14)
        assert joint_entropy(np.full((2, 2), 0.25)) == 2.0
        assert mutual_information(np.eye(4) / 4) == pytest.approx(2.0, rel=1e-15)


# --------------------------------------------------------------------------- bad input

NAN, INF = math.nan, math.inf
T = [[0.5, 0.25], [0.25, 0.0]]
BAD = []
for fname, fn in [
    ("marginal", marginal),
    ("joint_entropy", joint_entropy),
    ("conditional_entropy", conditional_entropy),
    ("mutual_information", mutual_information),
    ("pmi", pointwise_mutual_information),
]:
    for bid, table, match in [
        ("negative", [[0.5, 0.6], [-0.1, 0.0]], r"^pxy contains a negative probability"),
        ("nan", [[0.5, 0.5], [NAN, 0.0]], r"^pxy contains NaN"),
        ("above1", [[1.5, 0.0], [0.0, -0.5]], r"^pxy contains a negative|^pxy contains a probability above 1"),
        ("neg-inf", [[1.0, 0.0], [0.0, -INF]], r"^pxy contains a negative"),
        ("sum-low", [[0.5, 0.2], [0.2, 0.0]], r"^pxy must sum to 1 \(within 1e-09\); found a sum of 0\.89"),
        ("sum-just-above", [[0.5, 0.25], [0.25, 2e-9]], r"^pxy must sum to 1"),
        ("all-zero", [[0.0, 0.0], [0.0, 0.0]], r"^pxy must sum to 1"),
        ("1d", [0.5, 0.5], r"^pxy must be a joint table with at least 2 dimensions"),
        ("scalar", 1.0, r"^pxy must be a joint table with at least 2 dimensions"),
        ("empty", np.empty((2, 0)), r"^pxy must not be empty"),
        ("strings", [["a", "b"], ["c", "d"]], r"^pxy must contain real numbers"),
    ]:
        BAD.append(pytest.param(fn, (table,), {}, match, id=f"{fname}-{bid}"))
    if fn is not joint_entropy:
        kw = {marginal: "keep", conditional_entropy: "given"}.get(fn, "x")
        for bid, axes, match in [
            ("out-of-range", 2, rf"^{kw}: axis 2 is out of range for pxy with 2 dimensions"),
            ("out-of-range-neg", -3, rf"^{kw}: axis -3 is out of range"),
            ("every-axis", (0, 1), rf"^{kw} takes every axis of pxy"),
            ("twice", (0, 0), rf"^{kw} names the same axis twice"),
            ("empty", (), rf"^{kw} must name at least one axis"),
            ("float", 0.0, rf"^{kw} must be an integer axis or a tuple of them"),
            ("list", [0], rf"^{kw} must be an integer axis or a tuple of them"),
            ("bool", True, rf"^{kw} must be an integer axis"),
            ("none", None, rf"^{kw} must be an integer axis"),
        ]:
            BAD.append(pytest.param(fn, (T,), {kw: axes}, match, id=f"{fname}-{kw}-{bid}"))
    if fn is not marginal:
        for b in [0, 1, -2, NAN, INF, "2", True, None]:
            BAD.append(pytest.param(fn, (T,), {"base": b}, r"^base must be a", id=f"{fname}-base={b!r}"))


@pytest.mark.parametrize("fn, args, kwargs, match", BAD)
def test_bad_input_raises_value_error_naming_the_argument(fn, args, kwargs, match):
    with strict():
        with pytest.raises(ValueError, match=match):
            fn(*args, **kwargs)


def test_sum_tolerance_boundary_is_accepted():
    with strict():
        assert math.isfinite(mutual_information([[0.5, 0.25], [0.25, 5e-10]]))
        assert math.isfinite(joint_entropy([[0.5, 0.25], [0.25, -0.0]]))


# --------------------------------------------------------------------------- from data


def test_joint_distribution_counts_pairs():
    from lib import joint_distribution

    t = joint_distribution(["sun", "sun", "rain", "sun", "rain"], ["no", "yes", "yes", "no", "yes"])
    assert t.x_values.tolist() == ["rain", "sun"] and t.y_values.tolist() == ["no", "yes"]
    assert t.pxy.tolist() == [[0.0, 0.4], [0.4, 0.2]]
    assert t.pxy.sum() == 1.0


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 4)), min_size=1, max_size=60))
def test_plug_in_mutual_information_matches_sklearn(pairs):
    """I of the empirical table is scikit-learn's mutual_info_score (nats) and the information gain."""
    from lib import joint_distribution

    x, y = (np.array(v) for v in zip(*pairs))
    pxy = joint_distribution(x, y).pxy
    expected = sklearn.metrics.mutual_info_score(x, y)
    assert mutual_information(pxy, base=math.e) == pytest.approx(expected, rel=1e-9, abs=1e-13)
    # information gain as a decision tree computes it: H(label) minus the weighted entropy of the children
    gain = entropy(np.bincount(y) / y.size) - sum(
        (x == v).mean() * entropy(np.bincount(y[x == v], minlength=y.max() + 1) / (x == v).sum()) for v in np.unique(x)
    )
    assert mutual_information(pxy) == pytest.approx(gain, abs=1e-12)


@pytest.mark.parametrize(
    "x, y, match",
    [([], [], "x must be a non-empty 1-D"), ([[1, 2]], [1], "x must be a non-empty 1-D"),
     ([1, 2], [1], "same length"), ([1], [[1]], "y must be a non-empty 1-D")],
)
def test_joint_distribution_rejects_bad_input(x, y, match):
    from lib import joint_distribution

    with pytest.raises(ValueError, match=match):
        joint_distribution(x, y)
