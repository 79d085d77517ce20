"""Tests of lib.calibration: Brier score, reliability curve, ECE, temperature scaling.

scikit-learn's ``brier_score_loss`` and ``calibration_curve`` are the references
(including predictions exactly on bin edges); ECE against a loop written from
its definition; the fitted temperature recovers a known one on synthetic data,
sits where the loss's derivative vanishes and agrees with scipy's scalar
minimiser; propriety of the log and Brier scores (and the lack of it for the
absolute error and the linear score) is checked numerically.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.optimize
import sklearn.calibration
import sklearn.metrics
from hypothesis import given
from hypothesis import strategies as st

from lib import (
    ReliabilityCurve,
    expected_binary_scores,
    brier_score,
    cross_entropy,
    cross_entropy_loss,
    expected_calibration_error,
    fit_temperature,
    reliability_curve,
    softmax,
)
from lib.calibration import (
    OVERCONFIDENCE_CLASSES,
    OVERCONFIDENCE_FEATURES,
    OVERCONFIDENCE_RUN,
    OVERCONFIDENCE_SPLITS,
    brier_decomposition,
    overconfidence_data,
)
from lib.train import gradient_descent, logits
from numerics_support import strict



def _binary(seed, n=500):
    rng = np.random.default_rng(seed)
    q = rng.random(n)
    q[:40] = np.round(q[:40], 1)  # values exactly on the edges of 10 (and 5, 2) bins, including 0 and 1
    q[40], q[41] = 0.0, 1.0
    y = (rng.random(n) < q**1.5).astype(int)
    return y, q


def _multiclass(seed, n=400, c=4):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, c)) * 2
    q = softmax(z)
    y = np.array([rng.choice(c, p=row) for row in softmax(z / 1.5)])
    return y, q


# --------------------------------------------------------------------------- Brier score


@pytest.mark.parametrize("seed", range(5))
def test_brier_binary_matches_sklearn(seed):
    y, q = _binary(seed)
    with strict():
        got = brier_score(y, q)
        two_columns = brier_score(y, np.column_stack([1 - q, q]))
        as_bool = brier_score(y.astype(bool), q)
    assert got == pytest.approx(sklearn.metrics.brier_score_loss(y, q), rel=1e-14)
    assert two_columns == pytest.approx(2 * got, rel=1e-14)  # Brier's original sum over both classes
    assert as_bool == got


@pytest.mark.parametrize("seed", range(5))
def test_brier_multiclass_matches_sklearn(seed):
    y, q = _multiclass(seed)
    with strict():
        got = brier_score(y, q)
    want = sklearn.metrics.brier_score_loss(y, q, labels=np.arange(4))
    assert got == pytest.approx(want, rel=1e-14)
    assert got == pytest.approx(np.mean(np.sum((q - np.eye(4)[y]) ** 2, axis=1)), rel=1e-14)


def test_brier_exact_values():
    with strict():
        assert brier_score([1, 0], [1.0, 0.0]) == 0.0
        assert brier_score([1, 0], [0.0, 1.0]) == 1.0
        assert brier_score([0, 1], [[0.0, 1.0], [1.0, 0.0]]) == 2.0
        assert brier_score([1, 1, 0, 0], [0.5] * 4) == 0.25
        assert brier_score([2], [[0.25, 0.25, 0.5]]) == 0.375


# --------------------------------------------------------------------------- reliability curve and ECE


@pytest.mark.parametrize("n_bins", [1, 2, 3, 5, 10, 15])
@pytest.mark.parametrize("seed", range(3))
def test_reliability_curve_matches_sklearn(n_bins, seed):
    y, q = _binary(seed)
    with strict():
        r = reliability_curve(y, q, n_bins=n_bins)
    prob_true, prob_pred = sklearn.calibration.calibration_curve(y, q, n_bins=n_bins, strategy="uniform")
    np.testing.assert_array_equal(r.prob_true, prob_true)
    np.testing.assert_array_equal(r.prob_pred, prob_pred)
    assert isinstance(r, ReliabilityCurve)
    assert r.counts.sum() == len(q) and (r.counts > 0).all()
    np.testing.assert_array_equal(r.edges, np.linspace(0, 1, n_bins + 1))
    assert (np.diff(r.bins) > 0).all()
    lo, hi = r.edges[r.bins], r.edges[r.bins + 1]
    assert (r.prob_pred >= lo).all() and (r.prob_pred <= hi).all()


@pytest.mark.parametrize("n_bins", [1, 2, 3, 5, 10, 15])
@pytest.mark.parametrize("seed", range(3))
def test_quantile_reliability_curve_matches_sklearn(n_bins, seed):
    y, q = _binary(seed)
    with strict():
        r = reliability_curve(y, q, n_bins=n_bins, strategy="quantile")
    prob_true, prob_pred = sklearn.calibration.calibration_curve(y, q, n_bins=n_bins, strategy="quantile")
    np.testing.assert_array_equal(r.prob_true, prob_true)
    np.testing.assert_array_equal(r.prob_pred, prob_pred)
    np.testing.assert_array_equal(r.edges, np.percentile(q, np.linspace(0, 100, n_bins + 1)))
    assert r.counts.sum() == len(q)
    untied = np.random.default_rng(seed).random(600)  # no ties: every bin holds 600 / n_bins (+-1)
    with strict():
        counts = reliability_curve([0] * 600, untied, n_bins=n_bins, strategy="quantile").counts
    assert len(counts) == n_bins and counts.max() - counts.min() <= 1


def test_quantile_ece_exact_value():
    # confidences 0.6, 0.7 | 0.8, 0.9 (median edge 0.75); correct: yes, no | yes, yes
    y, q = [0, 1, 0, 0], [[0.6, 0.4], [0.7, 0.3], [0.8, 0.2], [0.9, 0.1]]
    with strict():
        ece = expected_calibration_error(y, q, n_bins=2, strategy="quantile")
        ece_uniform = expected_calibration_error(y, q, n_bins=2)
    # bin 1: acc 1/2, conf 0.65; bin 2: acc 1, conf 0.85 -> (2/4)(0.15) + (2/4)(0.15)
    assert ece == pytest.approx(0.15, abs=1e-15)
    # uniform, 2 bins: all four in (0.5, 1]: acc 3/4, conf 0.75 -> 0
    assert ece_uniform == pytest.approx(0.0, abs=1e-15)


def test_bin_edges_belong_to_the_lower_bin():
    with strict():
        r = reliability_curve([0, 1, 1, 0], [0.0, 0.5, 1.0, 0.25], n_bins=2)
    assert r.bins.tolist() == [0, 1] and r.counts.tolist() == [3, 1]  # 0.5 lies in (0, 0.5]
    assert r.prob_true.tolist() == [1 / 3, 1.0]


def _ece_loop(y, q, n_bins):
    """ECE from its definition, one prediction at a time."""
    q = np.asarray(q)
    if q.ndim == 1:
        q = np.column_stack([1 - q, q])
    edges = np.linspace(0, 1, n_bins + 1)
    bins = [[] for _ in range(n_bins)]
    for yi, row in zip(y, q):
        k = int(np.argmax(row))
        conf = row[k]
        b = next(b for b in range(n_bins) if conf <= edges[b + 1])
        bins[b].append((conf, float(k == yi)))
    return sum(len(b) / len(y) * abs(np.mean([c for _, c in b]) - np.mean([f for f, _ in b])) for b in bins if b)


@pytest.mark.parametrize("n_bins", [1, 5, 10, 15])
@pytest.mark.parametrize("seed", range(3))
def test_ece_matches_its_definition(n_bins, seed):
    y, q = _multiclass(seed)
    yb, qb = _binary(seed)
    with strict():
        ece = expected_calibration_error(y, q, n_bins=n_bins)
        ece_b = expected_calibration_error(yb, qb, n_bins=n_bins)
        r = reliability_curve(y, q, n_bins=n_bins)
        ece_2col = expected_calibration_error(yb, np.column_stack([1 - qb, qb]), n_bins=n_bins)
    assert ece == pytest.approx(_ece_loop(y, q, n_bins), rel=1e-12)
    assert ece_b == pytest.approx(_ece_loop(yb, qb, n_bins), rel=1e-12)
    assert ece == pytest.approx(np.sum(r.counts * np.abs(r.prob_true - r.prob_pred)) / len(y), rel=1e-14)
    assert ece_b == pytest.approx(ece_2col, rel=1e-14)
    assert 0 <= ece <= 1


def test_ece_of_calibrated_and_overconfident_predictions():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(50_000, 3)) * 2
    q = softmax(z)
    y = (rng.random(50_000)[:, None] > np.cumsum(q, axis=1)).sum(axis=1)  # drawn from q itself
    with strict():
        calibrated = expected_calibration_error(y, q, n_bins=10)
        overconfident = expected_calibration_error(y, softmax(z * 3), n_bins=10)
    assert calibrated < 0.01 < 0.1 < overconfident


# --------------------------------------------------------------------------- temperature scaling


@pytest.mark.parametrize("T0", [0.5, 1.0, 2.0, 3.7])
def test_fit_temperature_recovers_a_known_temperature(T0):
    rng = np.random.default_rng(int(T0 * 10))
    z = rng.normal(size=(20_000, 5)) * 3
    y = (rng.random(20_000)[:, None] > np.cumsum(softmax(z / T0), axis=1)).sum(axis=1)
    with strict():
        T = fit_temperature(z, y)
    assert T == pytest.approx(T0, rel=0.05)


@pytest.mark.parametrize("seed", range(4))
def test_fitted_temperature_minimises_the_loss(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(300, 4)) * 4
    y = rng.integers(0, 4, size=300)
    y[:150] = np.argmax(z[:150], axis=1)  # half right: an overconfident model

    def nll(T):
        return float(cross_entropy_loss(z / T, y))

    with strict():
        T = fit_temperature(z, y)
    assert 1.0 < T < math.inf
    for f in [1 - 1e-4, 1 + 1e-4, 0.5, 2.0]:
        assert nll(T) < nll(T * f)
    ref = scipy.optimize.minimize_scalar(lambda s: nll(math.exp(s)), bracket=(-2.0, 2.0), tol=1e-12)
    assert T == pytest.approx(math.exp(ref.x), rel=1e-6)
    h = 1e-5 * T  # the derivative vanishes at T (central difference)
    assert abs(nll(T + h) - nll(T - h)) / (2 * h) < 1e-8
    assert (np.argmax(z / T, axis=1) == np.argmax(z, axis=1)).all()  # accuracy unchanged


def test_fit_temperature_exact_two_class_case():
    # every prediction has the same logit gap 4 and is right 3 times in 4: sigmoid(4 / T) = 3/4
    z = np.array([[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    with strict():
        T = fit_temperature(z, [0, 0, 1, 1])
        assert T == pytest.approx(4 / math.log(3), rel=1e-14)
        assert fit_temperature(z * 1e3, [0, 0, 1, 1]) == pytest.approx(4e3 / math.log(3), rel=1e-14)
        assert fit_temperature(z * 1e-3, [0, 0, 1, 1]) == pytest.approx(4e-3 / math.log(3), rel=1e-14)


def test_fit_temperature_limits():
    z = np.array([[2.0, 0.0], [0.0, 2.0]])
    with strict():
        assert fit_temperature(z, [1, 0]) == math.inf  # always wrong: the uniform prediction is best
        assert fit_temperature(np.zeros((3, 3)) + [1.0, 0.0, 0.0], [1, 2, 1]) == math.inf
        with pytest.raises(ValueError, match=r"^logits: every example's true class has the largest logit"):
            fit_temperature(z, [0, 1])


# --------------------------------------------------------------------------- propriety

R = np.linspace(0.001, 0.999, 999)  # reports on a grid of step 0.001


def _expected(score, p):
    """Expected score of each report r in R when the event has probability p."""
    return np.array([p * score(1, r) + (1 - p) * score(0, r) for r in R])


def _log_score(y, r):
    return float(cross_entropy([y, 1 - y], [r, 1 - r]))


def _brier(y, r):
    return float(brier_score([y], [r]))


@pytest.mark.parametrize("p", [0.05, 0.2, 0.5, 0.731, 0.9])
def test_log_and_brier_scores_are_proper(p):
    for score in (_log_score, _brier):
        e = _expected(score, p)
        best = R[np.argmin(e)]
        assert best == pytest.approx(p, abs=0.0006)  # the grid point nearest p
        i = int(np.argmin(e))
        assert (np.delete(e, i) > e[i]).all()  # strictly: only the truth is optimal


@pytest.mark.parametrize("p", [0.05, 0.2, 0.731, 0.9])
def test_absolute_error_and_linear_score_are_not_proper(p):
    absolute = _expected(lambda y, r: abs(y - r), p)  # a loss: smaller is better
    linear = _expected(lambda y, r: r if y else 1 - r, p)  # a reward: larger is better
    extreme = R[-1] if p > 0.5 else R[0]
    assert R[np.argmin(absolute)] == extreme
    assert R[np.argmax(linear)] == extreme
    truth = int(np.argmin(np.abs(R - p)))
    assert absolute.min() < absolute[truth]  # exaggerating beats honesty


@given(st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=2, max_size=6), st.integers(0, 2**32 - 1))
def test_multiclass_brier_and_log_scores_are_proper(ws, seed):
    p = np.array(ws) / sum(ws)
    c = len(p)
    rng = np.random.default_rng(seed)
    labels = np.arange(c)

    def expected_brier(q):
        return sum(p[k] * brier_score([k], [q]) for k in labels)

    def expected_log(q):
        return float(cross_entropy(p, q))

    for q in rng.dirichlet(np.ones(c), size=20):
        if np.abs(q - p).max() < 1e-6:
            continue
        assert expected_brier(q) > expected_brier(p)
        assert expected_log(q) > expected_log(p)


# --------------------------------------------------------------------------- bad input

NAN, INF = math.nan, math.inf
Q2 = [[0.5, 0.5], [0.2, 0.8]]
Z = [[1.0, 0.0], [0.0, 1.0], [2.0, 1.0]]
BAD = []
for name, fn in [("brier", brier_score), ("curve", reliability_curve), ("ece", expected_calibration_error)]:
    for bid, args, match in [
        ("y_prob-nan", ([0, 1], [0.5, NAN]), r"^y_prob contains NaN"),
        ("y_prob-negative", ([0, 1], [0.5, -0.1]), r"^y_prob contains a negative"),
        ("y_prob-above-1", ([0, 1], [0.5, 1.5]), r"^y_prob contains a probability above 1"),
        ("y_prob-rows", ([0, 1], [[0.5, 0.6], [0.2, 0.8]]), r"^y_prob must sum to 1"),
        ("y_prob-3d", ([0], np.full((1, 2, 2), 0.5)), r"^y_prob must be 1-D \(binary\) or 2-D"),
        ("y_prob-1-column", ([0], [[1.0]]), r"^y_prob must have at least 2 columns"),
        ("y_prob-empty", ([], []), r"^y_prob must not be empty"),
        ("y_prob-strings", ([0], ["a"]), r"^y_prob must contain real numbers"),
        ("y_true-float", ([0.0, 1.0], [0.5, 0.5]), r"^y_true must hold integer class labels"),
        ("y_true-binary-2", ([0, 2], [0.5, 0.5]), r"^y_true contains label 2, outside \[0, 1\]"),
        ("y_true-negative", ([0, -1], Q2), r"^y_true contains label -1"),
        ("y_true-too-big", ([0, 2], Q2), r"^y_true contains label 2"),
        ("y_true-length", ([0, 1, 1], [0.5, 0.5]), r"^y_true has 3 labels but y_prob has 2 rows"),
        ("y_true-2d", ([[0, 1]], [0.5, 0.5]), r"^y_true must be a non-empty 1-D array"),
        ("y_true-strings", (["a", "b"], [0.5, 0.5]), r"^y_true must hold integer class labels"),
    ]:
        BAD.append(pytest.param(fn, args, {}, match, id=f"{name}-{bid}"))
    if fn is not brier_score:
        for b in [0, -1, 2.0, True, None]:
            BAD.append(pytest.param(fn, ([0, 1], [0.5, 0.5]), {"n_bins": b}, r"^n_bins must be an integer >= 1", id=f"{name}-n_bins={b!r}"))
    if fn in (reliability_curve, expected_calibration_error):
        for st in ["equal-mass", "Uniform", None]:
            BAD.append(pytest.param(fn, ([0, 1], [0.5, 0.5]), {"strategy": st}, r"^strategy must be 'uniform' or 'quantile'", id=f"{name}-strategy={st!r}"))
for bid, args, kwargs, match in [
    ("nan", ([[1.0, NAN]], [0]), {}, r"^logits contains NaN"),
    ("posinf", ([[1.0, INF]], [0]), {}, r"^logits contains \+inf"),
    ("neginf", ([[1.0, -INF], [0.0, 1.0]], [1, 0]), {}, r"^logits must be finite"),
    ("1d", ([1.0, 0.0], [0]), {}, r"^logits must be 2-D \(samples, classes\)"),
    ("1-class", ([[1.0], [2.0]], [0, 0]), {}, r"^logits must be 2-D .* at least 2 classes"),
    ("empty", (np.empty((0, 2)), []), {}, r"^logits must not be empty"),
    ("y_true-range", (Z, [0, 1, 2]), {}, r"^y_true contains label 2"),
    ("y_true-length", (Z, [0, 1]), {}, r"^y_true has 2 labels but logits has 3 rows"),
    ("max_iter-0", (Z, [0, 0, 1]), {"max_iter": 0}, r"^max_iter must be an integer >= 1"),
    ("max_iter-float", (Z, [0, 0, 1]), {"max_iter": 5.0}, r"^max_iter must be an integer >= 1"),
]:
    BAD.append(pytest.param(fit_temperature, args, kwargs, match, id=f"fit_temperature-{bid}"))


@pytest.mark.parametrize("fn, args, kwargs, match", BAD)
def test_bad_input_raises_value_error_naming_the_argument(fn, args, kwargs, match):
    with strict():
        with pytest.raises(ValueError, match=match):
            fn(*args, **kwargs)


# --------------------------------------------------------------------------- expected_binary_scores

R_GRID = np.linspace(0.0, 1.0, 1001)


@pytest.mark.parametrize("p", [0.0, 0.05, 0.3, 0.5, 0.731, 1.0])
def test_expected_binary_scores_match_the_scores_of_each_outcome(p):
    with strict():
        s = expected_binary_scores(p, R_GRID)
    q = np.column_stack([1 - R_GRID, R_GRID])
    with np.errstate(divide="ignore"):
        log_q = np.log(q)
    assert np.isfinite(s.log[1:-1]).all()
    brier = [p * brier_score([1], [row]) + (1 - p) * brier_score([0], [row]) for row in q]
    np.testing.assert_allclose(s.brier, brier, rtol=1e-13, atol=1e-15)
    absolute = p * np.abs(q - [0, 1]).sum(axis=1) + (1 - p) * np.abs(q - [1, 0]).sum(axis=1)
    np.testing.assert_allclose(s.absolute, absolute, rtol=1e-13, atol=1e-15)
    inner = slice(1, -1)  # r = 0 and r = 1 are checked in the exact test below
    want = -(p * log_q[inner, 1] + (1 - p) * log_q[inner, 0])
    np.testing.assert_allclose(s.log[inner], want, rtol=1e-13)
    if 0 < p < 1:  # the log score is the cross-entropy H(p, r) in nats
        np.testing.assert_allclose(
            s.log[inner], [cross_entropy([1 - p, p], row, base=math.e) for row in q[inner]], rtol=1e-13
        )


def test_expected_binary_scores_exact_values_and_infinities():
    with strict():
        s = expected_binary_scores(0.25, [0.0, 0.25, 1.0])
        sure = expected_binary_scores(1.0, [0.0, 1.0])
    assert s.log[0] == math.inf and s.log[2] == math.inf
    assert s.log[1] == pytest.approx(-(0.25 * math.log(0.25) + 0.75 * math.log(0.75)), rel=1e-15)
    assert s.brier.tolist() == [0.5, 0.375, 1.5]  # 2 (r - p)^2 + 2 p (1 - p)
    assert s.absolute.tolist() == [0.5, 0.75, 1.5]
    assert sure.log.tolist() == [math.inf, 0.0] and sure.brier.tolist() == [2.0, 0.0]


@pytest.mark.parametrize("p", [0.05, 0.2, 0.5, 0.731, 0.9])
def test_expected_binary_scores_log_and_brier_proper_absolute_not(p):
    s = expected_binary_scores(p, R_GRID)
    honest = int(np.argmin(np.abs(R_GRID - p)))
    for e in (s.log, s.brier):
        i = int(np.argmin(e))
        assert i == honest and (np.delete(e, i) > e[i]).all()
    if p != 0.5:
        assert int(np.argmin(s.absolute)) == (len(R_GRID) - 1 if p > 0.5 else 0)
        assert s.absolute.min() < s.absolute[honest]
    else:
        np.testing.assert_allclose(s.absolute, 1.0, rtol=0, atol=1e-15)  # every report ties


@pytest.mark.parametrize(
    "args, match",
    [((1.5, [0.5]), "p contains a probability above 1"), (([0.2, 0.3], [0.5]), "p must be a single"),
     ((0.5, [0.5, np.nan]), "r contains NaN"), ((0.5, [-0.1]), "r contains a negative")],
)
def test_expected_binary_scores_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        expected_binary_scores(*args)


# --------------------------------------------------------------------------- the overconfidence data


def test_overconfidence_data_is_seeded_and_shaped():
    centers, splits = overconfidence_data()
    again = overconfidence_data()[1]
    assert centers.shape == (OVERCONFIDENCE_CLASSES, OVERCONFIDENCE_FEATURES)
    for name, (n, _) in OVERCONFIDENCE_SPLITS.items():
        X, y = splits[name]
        assert X.shape == (n * OVERCONFIDENCE_CLASSES, OVERCONFIDENCE_FEATURES)
        assert np.bincount(y).tolist() == [n] * OVERCONFIDENCE_CLASSES
        np.testing.assert_array_equal(X, again[name][0])
    # independent draws: no point is shared between splits
    assert not np.isin(splits["train"][0][:, 0], splits["test"][0][:, 0]).any()


def test_the_unrestrained_model_is_overconfident_and_temperature_scaling_helps():
    _, splits = overconfidence_data()
    run = gradient_descent(*splits["train"], **OVERCONFIDENCE_RUN)
    z_val, z_test = (logits(run.params, splits[k][0]) for k in ("validation", "test"))
    y_val, y_test = splits["validation"][1], splits["test"][1]
    T = fit_temperature(z_val, y_val)
    assert T > 2  # overconfident: the logits must be divided down
    before, after = softmax(z_test), softmax(z_test / T)
    assert (before.argmax(axis=1) == after.argmax(axis=1)).all()  # accuracy unchanged
    assert before.max(axis=1).mean() > np.mean(before.argmax(axis=1) == y_test) + 0.1
    for score in (expected_calibration_error, brier_score):
        assert score(y_test, after) < score(y_test, before)
    assert cross_entropy_loss(z_test / T, y_test) < cross_entropy_loss(z_test, y_test)


# --------------------------------------------------------------------------- Brier decomposition


def _decomposition_by_loops(y, q, n_bins):
    """Murphy's parts written out with Python loops, column by column and bin by bin."""
    q = np.column_stack([1 - q, q])[:, 1:] if q.ndim == 1 else q
    onehot = (y[:, None] == (np.arange(q.shape[1]) if q.shape[1] > 1 else np.array([1]))).astype(float)
    edges = np.linspace(0, 1, n_bins + 1)
    rel = res = unc = 0.0
    for c in range(q.shape[1]):
        v, o = q[:, c], onehot[:, c]
        unc += o.mean() * (1 - o.mean())
        for b in range(n_bins):
            inside = (v > edges[b]) & (v <= edges[b + 1]) | ((b == 0) & (v == 0))
            if inside.any():
                rel += inside.mean() * (v[inside].mean() - o[inside].mean()) ** 2
                res += inside.mean() * (o[inside].mean() - o.mean()) ** 2
    return rel, res, unc


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("n_bins", [1, 5, 10])
def test_brier_decomposition_adds_up_and_matches_loops(seed, n_bins):
    for y, q in (_binary(seed), _multiclass(seed)):
        d = brier_decomposition(y, q, n_bins=n_bins)
        assert d.brier == brier_score(y, q)
        assert d.reliability - d.resolution + d.uncertainty + d.residual == pytest.approx(d.brier, abs=1e-12)
        assert [d.reliability, d.resolution, d.uncertainty] == pytest.approx(
            _decomposition_by_loops(y, q, n_bins), abs=1e-12)


def test_brier_decomposition_residual_vanishes_with_one_value_per_bin():
    rng = np.random.default_rng(7)
    q = rng.choice([0.05, 0.35, 0.65, 0.95], size=400)  # one value in each of these bins
    y = (rng.random(400) < q).astype(int)
    d = brier_decomposition(y, q, n_bins=10)
    assert d.residual == pytest.approx(0.0, abs=1e-15)
    assert d.reliability - d.resolution + d.uncertainty == pytest.approx(brier_score(y, q), abs=1e-14)
    uniform = brier_decomposition(y % 3, np.full((400, 3), 1 / 3))  # no information: no resolution
    assert uniform.resolution == 0.0 and uniform.residual == pytest.approx(0.0, abs=1e-15)
