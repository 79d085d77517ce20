"""Tests of lib.train: maximum likelihood by minimising cross-entropy, softmax regression."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize, minimize_scalar

import exact
import lib
from lib import train as T


@pytest.fixture(scope="module")
def demo():
    return T.make_blobs(T.DEMO_CENTERS, T.DEMO_N_PER_CLASS, scale=T.DEMO_SCALE, seed=T.DEMO_SEED)


@pytest.fixture(scope="module")
def floor(demo):
    """The minimum of the demo training loss, found independently by scipy's BFGS."""
    X, y = demo
    shape = (X.shape[1] + 1, 4)

    def fun(theta):
        loss, grad = T.loss_and_grad(theta.reshape(shape), X, y)
        return float(loss), grad.ravel()

    res = minimize(fun, np.zeros(np.prod(shape)), jac=True, method="BFGS", options={"gtol": 1e-9})
    assert np.abs(res.jac).max() < 1e-7  # a stationary point of a convex loss: the minimum
    return res.fun


# ---------------------------------------------------------------- maximum likelihood


@settings(max_examples=60)  # each example runs scipy's minimize_scalar and a 1001-point grid
@given(st.lists(st.integers(0, 1), min_size=1, max_size=200))
def test_bernoulli_mle_is_the_empirical_frequency(flips):
    """The q minimising the mean NLL of coin flips is the fraction of heads."""
    x = np.array(flips)
    freq = x.mean()
    if 0 < freq < 1:
        res = minimize_scalar(
            lambda q: float(T.mean_nll([1 - q, q], x)), bounds=(1e-9, 1 - 1e-9), method="bounded",
            options={"xatol": 1e-12},
        )
        assert res.x == pytest.approx(freq, abs=1e-6)
    grid = np.linspace(0, 1, 1001)
    q = np.stack([1 - grid, grid], axis=-1)
    best = grid[np.argmin(T.mean_nll(q, x))]
    assert best == pytest.approx(freq, abs=0.5e-3 + 1e-12)


@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=60),
    st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4),
)
def test_mean_nll_is_cross_entropy_of_the_empirical_distribution(samples, weights):
    """-(1/N) log likelihood = H(p_hat, q) = H(p_hat) + D(p_hat || q)."""
    q = np.array(weights) / np.sum(weights)
    p_hat = T.empirical_distribution(samples, 4)
    nll = T.mean_nll(q, samples, base=2)
    assert nll == pytest.approx(lib.cross_entropy(p_hat, q), rel=1e-12)
    assert nll == pytest.approx(lib.entropy(p_hat) + lib.kl_divergence(p_hat, q), rel=1e-12)
    assert nll >= lib.entropy(p_hat) - 1e-12
    assert T.mean_nll(p_hat, samples, base=2) == pytest.approx(lib.entropy(p_hat), rel=1e-12, abs=1e-15)


def test_mean_nll_exact_values_and_infinity():
    assert T.mean_nll([0.5, 0.5], [0, 1, 1], base=2) == 1.0
    assert T.mean_nll([0.25, 0.75], [0, 0], base=2) == 2.0
    assert T.mean_nll([1.0, 0.0], [0, 1]) == np.inf
    assert T.mean_nll([1.0, 0.0], [0, 0]) == 0.0
    stack = T.mean_nll([[0.5, 0.5], [0.25, 0.75]], [0], base=2)
    assert stack.tolist() == [1.0, 2.0]


def test_empirical_distribution():
    assert T.empirical_distribution([2, 2, 0, 2], 4).tolist() == [0.25, 0.0, 0.75, 0.0]


# ---------------------------------------------------------------- the classifier


def test_blobs_are_seeded_and_shaped():
    X1, y1 = T.make_blobs([[0, 0], [1, 1], [2, 2]], 5, scale=0.5, seed=3)
    X2, y2 = T.make_blobs([[0, 0], [1, 1], [2, 2]], 5, scale=0.5, seed=3)
    assert X1.shape == (15, 2) and y1.tolist() == [0] * 5 + [1] * 5 + [2] * 5
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    X3, _ = T.make_blobs([[0, 0], [1, 1], [2, 2]], 5, scale=0.5, seed=4)
    assert not np.array_equal(X1, X3)


def test_blobs_posterior_is_bayes_rule():
    centers = np.array([[2.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])
    x = np.array([[0.3, -0.7], [5.0, 1.0], [-2.0, 0.5]])
    scale = 1.7
    dens = np.exp(-((x[:, None, :] - centers[None]) ** 2).sum(-1) / (2 * scale**2))
    expected = dens / dens.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(T.blobs_posterior(x, centers, scale=scale), expected, rtol=1e-12)


def test_forward_and_predict_proba_agree_with_lib():
    rng = np.random.default_rng(0)
    params, X = rng.normal(size=(3, 4)), rng.normal(size=(6, 2))
    z = X @ params[:2] + params[2]
    np.testing.assert_allclose(T.logits(params, X), z, rtol=1e-15)
    np.testing.assert_allclose(T.forward(params, X), lib.log_softmax(z), rtol=1e-15)
    np.testing.assert_allclose(T.predict_proba(params, X), lib.softmax(z), rtol=1e-15)


def test_loss_is_lib_cross_entropy_loss():
    rng = np.random.default_rng(1)
    params, X, y = rng.normal(size=(3, 3)), rng.normal(size=(8, 2)), rng.integers(0, 3, 8)
    loss, _ = T.loss_and_grad(params, X, y)
    q = T.predict_proba(params, X)
    assert loss == pytest.approx(np.mean(-np.log(q[np.arange(8), y])), rel=1e-13)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_matches_central_finite_differences(seed):
    rng = np.random.default_rng(seed)
    params, X, y = rng.normal(size=(4, 3)), rng.normal(size=(10, 3)), rng.integers(0, 3, 10)
    _, grad = T.loss_and_grad(params, X, y)
    h = 1e-5
    numeric = np.zeros_like(params)
    for idx in np.ndindex(params.shape):
        step = np.zeros_like(params)
        step[idx] = h
        numeric[idx] = (T.loss_and_grad(params + step, X, y)[0] - T.loss_and_grad(params - step, X, y)[0]) / (2 * h)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)


def test_gradient_is_q_minus_p_for_one_example():
    params = np.array([[0.0, 0.0], [1.0, -1.0]])  # one feature x = 0: logits are the biases
    _, grad = T.loss_and_grad(params, [[0.0]], [0])
    q = lib.softmax([1.0, -1.0])
    np.testing.assert_allclose(grad[1], q - [1.0, 0.0], rtol=1e-15)
    assert grad[0].tolist() == [0.0, 0.0]


def test_loss_decreases_monotonically_for_a_small_learning_rate(demo):
    X, y = demo
    run = T.gradient_descent(X, y, learning_rate=0.1, n_steps=300)
    assert np.all(np.diff(run.losses) < 0)
    assert run.losses[0] == pytest.approx(np.log(4), rel=1e-15)  # zero parameters: uniform prediction


def test_training_reaches_its_floor(demo, floor):
    """The book's run (learning rate 3, 2000 steps) ends within 1e-9 nats of the minimum found by BFGS."""
    X, y = demo
    run = T.gradient_descent(X, y, learning_rate=3.0, n_steps=2000)
    assert run.losses[-1] >= floor - 1e-12
    assert run.losses[-1] - floor < 1e-9
    # 300 steps at learning rate 1 (the chapter's run) are within 1e-3 nats
    assert T.gradient_descent(X, y, learning_rate=1.0, n_steps=300).losses[-1] - floor < 1e-3


def test_floor_is_near_the_bayes_model_on_the_training_data(demo, floor):
    """The model family contains the truth, so the fitted loss is at most the true model's loss."""
    X, y = demo
    post = T.blobs_posterior(X, T.DEMO_CENTERS, scale=T.DEMO_SCALE)
    true_loss = lib.cross_entropy_loss(np.log(post), y)
    assert floor <= true_loss
    assert true_loss - floor < 0.05


def test_gradient_descent_snapshots_and_history(demo):
    X, y = demo
    run = T.gradient_descent(X, y, learning_rate=1.0, n_steps=5, keep=(0, 2, 5))
    assert sorted(run.snapshots) == [0, 2, 5] and run.losses.shape == (6,)
    assert np.array_equal(run.snapshots[5], run.params)
    assert not run.snapshots[0].any()
    for k, p in run.snapshots.items():
        assert run.losses[k] == T.loss_and_grad(p, X, y)[0]
    again = T.gradient_descent(X, y, learning_rate=1.0, n_steps=3, params=run.snapshots[2])
    assert again.losses[-1] == run.losses[5]


def test_accuracy():
    params = np.array([[1.0, -1.0], [0.0, 0.0]])  # class 0 when x > 0, tie (-> class 0) at 0
    assert T.accuracy(params, [[1.0], [-1.0], [2.0], [0.0]], [0, 1, 1, 1]) == 0.5


def test_demo_data_is_the_documented_blobs(demo):
    X, y = T.demo_data()
    np.testing.assert_array_equal(X, demo[0])
    np.testing.assert_array_equal(y, demo[1])
    assert T.gradient_descent(X, y, **T.FLOOR_RUN).losses[-1] > 0


def test_shift_leaves_the_loss_unchanged_and_descent_from_zero_keeps_rows_summing_to_zero(demo):
    X, y = demo
    run = T.gradient_descent(X, y, learning_rate=1.0, n_steps=50)
    shift = np.array([[5.0], [-3.0], [1.0]])
    assert T.loss_and_grad(run.params + shift, X, y)[0] == pytest.approx(run.losses[-1], rel=1e-12)
    assert np.abs(run.params.sum(axis=1)).max() < 1e-12


def test_separable_data_have_no_minimiser_the_weights_keep_growing():
    X, y = T.make_blobs(T.DEMO_CENTERS, 10, scale=0.3, seed=0)
    run = T.gradient_descent(X, y, learning_rate=1.0, n_steps=3000, keep=(30, 300, 3000))
    assert T.accuracy(run.params, X, y) == 1.0
    norms = [np.abs(run.snapshots[s]).max() for s in (30, 300, 3000)]
    assert norms[0] < norms[1] < norms[2]
    assert run.losses[3000] < run.losses[300] < run.losses[30] and run.losses[3000] < 1e-3


def test_gaussian_nll_matches_scipy_and_an_exact_value():
    from scipy.stats import norm

    rng = np.random.default_rng(4)
    y, mu = rng.normal(size=30), rng.normal(size=30)
    for v in (0.25, 1.0, 7.0):
        expected = -norm.logpdf(y, loc=mu, scale=np.sqrt(v)).mean()
        assert T.gaussian_nll(y, mu, variance=v) == pytest.approx(expected, rel=1e-13)
    # y = (1, 3), mean 2, v = 1: MSE 1, so the NLL is 1/2 + ln(2 pi)/2
    with mpmath.workdps(exact.DPS):
        nll = (1 + mpmath.log(2 * mpmath.pi)) / 2
    assert exact.rel_err(T.gaussian_nll([1.0, 3.0], 2.0), nll) <= 1e-15


def test_gaussian_nll_is_half_the_mse_plus_a_constant_and_smallest_at_the_mean():
    y = np.array([2.0, 3.5, 1.0, 4.0])
    for guess in (0.0, 1.5, 3.0):
        mse = np.mean((y - guess) ** 2)
        assert T.gaussian_nll(y, guess) - mse / 2 == pytest.approx(0.5 * np.log(2 * np.pi), rel=1e-14)
    res = minimize_scalar(lambda m: float(T.gaussian_nll(y, m)))
    assert res.x == pytest.approx(y.mean(), abs=1e-6)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: T.empirical_distribution([0, 2], 2), "samples"),
        (lambda: T.empirical_distribution([0.0, 1.0], 2), "samples"),
        (lambda: T.empirical_distribution([0, 1], 0), "n_outcomes"),
        (lambda: T.mean_nll([0.5, 0.6], [0]), "q"),
        (lambda: T.mean_nll([0.5, 0.5], []), "samples"),
        (lambda: T.make_blobs([0.0, 1.0], 3), "centers"),
        (lambda: T.make_blobs([[0.0, 1.0]], 0), "n_per_class"),
        (lambda: T.make_blobs([[0.0, 1.0]], 3, scale=0.0), "scale"),
        (lambda: T.logits(np.zeros((2, 3)), np.zeros((4, 2))), "params"),
        (lambda: T.logits(np.zeros((3, 3)), np.zeros(4)), "X"),
        (lambda: T.logits(np.zeros((3, 3)), [[np.nan, 0.0]]), "X"),
        (lambda: T.loss_and_grad(np.zeros((3, 3)), np.zeros((2, 2)), [0, 3]), "y"),
        (lambda: T.loss_and_grad(np.zeros((3, 3)), np.zeros((2, 2)), [0]), "labels"),
        (lambda: T.accuracy(np.zeros((3, 3)), np.zeros((2, 2)), [0]), "labels"),
        (lambda: T.gradient_descent(np.zeros((2, 2)), [0, 1], learning_rate=0.0, n_steps=1), "learning_rate"),
        (lambda: T.gradient_descent(np.zeros((2, 2)), [0, 1], learning_rate=1.0, n_steps=-1), "n_steps"),
        (lambda: T.gradient_descent(np.zeros((2, 2)), [0, 1], learning_rate=1.0, n_steps=2, keep=[3]), "keep"),
        (lambda: T.gaussian_nll([1.0, 2.0], [0.0, 0.0], variance=0.0), "variance"),
        (lambda: T.gaussian_nll([1.0, 2.0], [0.0, 0.0, 0.0]), "mean"),
        (lambda: T.gaussian_nll([[1.0, 2.0]], [0.0, 0.0]), "y"),
        (lambda: T.gaussian_nll([1.0, np.inf], 0.0), "y"),
        (lambda: T.gaussian_nll([1.0, 2.0], [0.0, np.nan]), "mean"),
        (lambda: T.gaussian_nll([], 0.0), "y"),
    ],
)
def test_bad_arguments_raise_value_errors_naming_them(call, match):
    with pytest.raises(ValueError, match=match):
        call()
