"""lib.gradients: closed forms against central finite differences of the losses themselves."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lib
from lib.gradients import cross_entropy_gradient, logits_for_true_class, squared_error_gradient
from numerics_support import strict


def _ce(z, p):
    return float(lib.cross_entropy_loss(z, p))  # one example, float target: nats


def _se(z, p):
    return float(np.sum((lib.softmax(z) - p) ** 2))


def _finite_difference(f, z, p, h=1e-6):
    g = np.zeros_like(z)
    for i in range(z.size):
        e = np.zeros_like(z)
        e[i] = h
        g[i] = (f(z + e, p) - f(z - e, p)) / (2 * h)
    return g


CASES = [
    (np.log([0.775, 0.116, 0.039, 0.070]), np.array([1.0, 0.0, 0.0, 0.0])),
    (np.array([2.0, -1.0, 0.5]), np.array([0.0, 0.0, 1.0])),
    (np.array([0.3, 0.1, -2.0, 4.0, 1.0]), np.array([0.1, 0.2, 0.3, 0.25, 0.15])),
    (np.array([0.0, 0.0]), np.array([0.5, 0.5])),
]


@pytest.mark.parametrize("z, p", CASES)
def test_cross_entropy_gradient_matches_finite_differences(z, p):
    with strict():
        g = cross_entropy_gradient(z, p)
    np.testing.assert_allclose(g, _finite_difference(_ce, z, p), atol=1e-8)


@pytest.mark.parametrize("z, p", CASES)
def test_squared_error_gradient_matches_finite_differences(z, p):
    with strict():
        g = squared_error_gradient(z, p)
    np.testing.assert_allclose(g, _finite_difference(_se, z, p), atol=1e-8)


def test_batches_are_row_by_row():
    z = np.stack([c[0] for c in CASES[:1]] + [np.array([1.0, 2.0, 3.0, 4.0])])
    p = np.stack([CASES[0][1], np.array([0.0, 1.0, 0.0, 0.0])])
    for fn in (cross_entropy_gradient, squared_error_gradient):
        g = fn(z, p)
        for row in range(2):
            np.testing.assert_array_equal(g[row], fn(z[row], p[row]))
        np.testing.assert_allclose(fn(z.T, p.T, axis=0), g.T)


def test_dog_example_is_q_minus_p():
    z, p = CASES[0]
    np.testing.assert_allclose(cross_entropy_gradient(z, p), [-0.225, 0.116, 0.039, 0.070], atol=1e-12)


@given(
    hnp.arrays(np.float64, st.integers(2, 6), elements=st.floats(-30, 30)),
    st.floats(-50, 50),
)
def test_gradients_sum_to_zero_and_ignore_shifts(z, c):
    p = np.zeros_like(z)
    p[0] = 1.0
    for fn in (cross_entropy_gradient, squared_error_gradient):
        g = fn(z, p)
        assert abs(g.sum()) < 1e-12
        np.testing.assert_allclose(fn(z + c, p), g, atol=1e-12)


@pytest.mark.parametrize("n_classes", [2, 4, 10])
def test_true_class_components_have_closed_forms(n_classes):
    q = np.linspace(0.01, 1.0, 50)
    z, p = logits_for_true_class(q, n_classes)
    np.testing.assert_allclose(lib.softmax(z)[:, 0], q, rtol=1e-12)
    np.testing.assert_allclose(cross_entropy_gradient(z, p)[:, 0], q - 1.0, atol=1e-12)
    expected = -2.0 * q * (1.0 - q) ** 2 * n_classes / (n_classes - 1)
    np.testing.assert_allclose(squared_error_gradient(z, p)[:, 0], expected, atol=1e-12)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="target"):
        cross_entropy_gradient([0.0, 1.0], [0.5, 0.6])
    with pytest.raises(ValueError, match="same shape"):
        squared_error_gradient([0.0, 1.0, 2.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="logits"):
        cross_entropy_gradient([np.nan, 1.0], [0.5, 0.5])
    with pytest.raises(ValueError, match="q_true"):
        logits_for_true_class([0.0, 0.5], 3)
    with pytest.raises(ValueError, match="n_classes"):
        logits_for_true_class(0.5, 1)
