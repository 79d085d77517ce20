"""lib.frameworks: the frameworks' documented clamping, checked against scikit-learn itself and exact values."""

from __future__ import annotations

import math

import numpy as np
import pytest

import exact
import lib
from lib.frameworks import (
    SKLEARN_EPS,
    TORCH_LOG_CLAMP,
    sklearn_log_loss,
    torch_binary_cross_entropy,
    torch_binary_cross_entropy_with_logits,
    torch_cross_entropy,
)
from numerics_support import strict


def test_torch_bce_clamps_each_log_at_minus_100():
    with strict():
        assert float(torch_binary_cross_entropy([1e-300], [1.0])) == 100.0
        assert float(torch_binary_cross_entropy([0.0], [1.0])) == -TORCH_LOG_CLAMP
        assert float(torch_binary_cross_entropy([1.0], [0.0])) == 100.0
        assert float(torch_binary_cross_entropy([0.0, 1.0], [0.0, 1.0])) == 0.0


def test_torch_bce_equals_exact_bce_away_from_the_clamp():
    p = np.array([0.9, 0.2, 0.5, 1e-30])
    y = np.array([1.0, 0.0, 0.3, 1.0])
    assert torch_binary_cross_entropy(p, y) == pytest.approx(lib.binary_cross_entropy(p, y), rel=1e-14)


def test_sklearn_clips_at_machine_epsilon():
    assert SKLEARN_EPS == 2.0**-52
    assert sklearn_log_loss([1], [1e-300]) == pytest.approx(-math.log(2.0**-52), rel=1e-15)
    assert round(sklearn_log_loss([1], [1e-300]), 2) == 36.04
    assert sklearn_log_loss([0], [[1.0, 0.0]]) == pytest.approx(-math.log1p(-(2.0**-52)), rel=1e-12)


@pytest.mark.parametrize(
    "y, prob",
    [
        ([0, 1, 1, 0], [0.1, 0.9, 1e-300, 0.0]),
        ([0, 2, 1], [[0.7, 0.2, 0.1], [1e-300, 0.0, 1.0], [0.3, 0.4, 0.3]]),
    ],
)
def test_sklearn_log_loss_matches_scikit_learn(y, prob):
    metrics = pytest.importorskip("sklearn.metrics")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        n_classes = np.shape(prob)[1] if np.ndim(prob) == 2 else 2
        ref = metrics.log_loss(y, prob, labels=list(range(n_classes)))
    assert sklearn_log_loss(y, prob) == pytest.approx(ref, rel=1e-12)


def test_torch_cross_entropy_rounds_a_confident_loss_to_zero():
    z = [1e4, 1e4 - 40, 0, -1e4]
    assert float(torch_cross_entropy(z, 0)) == 0.0
    true = -exact.log_softmax(z, 0)
    assert exact.rel_err(lib.cross_entropy_loss(np.array(z), 0), true) < 1e-14


def test_torch_cross_entropy_equals_exact_loss_for_ordinary_logits():
    z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0]])
    y = np.array([0, 2])
    assert torch_cross_entropy(z, y) == pytest.approx(lib.cross_entropy_loss(z, y), rel=1e-14)


def test_torch_cross_entropy_ignore_index_matches_lib():
    z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, -1.0], [0.0, 0.0, 3.0]])
    y = np.array([0, -100, 2])
    assert torch_cross_entropy(z, y) == pytest.approx(lib.cross_entropy_loss(z, y), rel=1e-14)
    assert torch_cross_entropy(z, y) == pytest.approx(torch_cross_entropy(z[[0, 2]], y[[0, 2]]), rel=1e-15)
    y2 = np.array([1, 2, 2])
    assert torch_cross_entropy(z, y2, ignore_index=1) == pytest.approx(torch_cross_entropy(z[1:], y2[1:]), rel=1e-15)
    assert np.isnan(torch_cross_entropy(z, np.array([-100, -100, -100])))


def test_bad_arguments():
    with pytest.raises(ValueError, match="y_prob"):
        torch_binary_cross_entropy([1.5], [1.0])
    with pytest.raises(ValueError, match="same shape"):
        torch_binary_cross_entropy([0.5, 0.5], [1.0])
    with pytest.raises(ValueError, match="y_true"):
        sklearn_log_loss([0.0, 1.0], [0.4, 0.6])
    with pytest.raises(ValueError, match="class index"):
        sklearn_log_loss([3], [[0.5, 0.5]])
    with pytest.raises(ValueError, match="finite"):
        torch_cross_entropy([0.0, -np.inf], 0)
    with pytest.raises(ValueError, match="target"):
        torch_cross_entropy([[0.0, 1.0]], [0, 1])


def test_bad_reduction_and_target_shape():
    with pytest.raises(ValueError, match="reduction"):
        torch_binary_cross_entropy([0.5], [1.0], reduction="avg")
    with pytest.raises(ValueError, match="reduction"):
        torch_cross_entropy([[0.0, 1.0]], [0], reduction="avg")
    with pytest.raises(ValueError, match="logits' shape"):
        torch_cross_entropy([[0.0, 1.0]], [[0.5, 0.25, 0.25]])
    with pytest.raises(ValueError, match="finite"):
        torch_binary_cross_entropy_with_logits([np.inf], [1.0])


def test_the_rules_against_pytorch_itself():
    """When PyTorch is installed, each function here is what PyTorch returns (float64, CPU)."""
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    t = torch.from_numpy
    rng = np.random.default_rng(8)
    p = np.array([1e-300, 0.0, 1e-20, 0.3, 1.0])
    y = np.array([1.0, 1.0, 0.0, 0.4, 0.0])
    x = rng.normal(scale=4.0, size=5)
    z = rng.normal(scale=3.0, size=(6, 4, 3))
    k = rng.integers(0, 4, size=(6, 3))
    k[0, 0] = -100
    w = rng.uniform(0.2, 3.0, size=4)
    for reduction in ["mean", "sum", "none"]:
        np.testing.assert_allclose(torch_binary_cross_entropy(p, y, reduction=reduction),
                                   F.binary_cross_entropy(t(p), t(y), reduction=reduction).numpy(), rtol=1e-15)
        np.testing.assert_allclose(torch_binary_cross_entropy_with_logits(x, y, reduction=reduction),
                                   F.binary_cross_entropy_with_logits(t(x), t(y), reduction=reduction).numpy(),
                                   rtol=1e-14)
        for kw in [dict(), dict(weight=w, label_smoothing=0.2)]:
            tkw = {a: (t(v) if isinstance(v, np.ndarray) else v) for a, v in kw.items()}
            np.testing.assert_allclose(torch_cross_entropy(z, k, reduction=reduction, **kw),
                                       F.cross_entropy(t(z), t(k), reduction=reduction, **tkw).numpy(), rtol=1e-13)
    assert F.cross_entropy(t(np.array([[1e4, 1e4 - 40, 0, -1e4]])), torch.tensor([0])).item() == 0.0
