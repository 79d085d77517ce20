"""Tests of lib.losses: cross_entropy_loss, binary_cross_entropy(_with_logits), log_loss.

PyTorch is not a test dependency: its documented rules are stated once, in
:mod:`lib.frameworks` (``torch_*``), and the tests compare against those; one
test compares with real PyTorch when it is installed.  scikit-learn's log_loss is called directly, on
inputs where its clipping to [eps, 1 - eps] does not bite.  Hard cases are
compared with mpmath at 50 digits.
"""

from __future__ import annotations

import math
import zlib

import numpy as np
import pytest
import scipy.special
import sklearn.metrics
from hypothesis import given
from hypothesis import strategies as st

import exact
from lib import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_loss,
    entropy,
    log_loss,
    softmax,
)
from lib.frameworks import torch_binary_cross_entropy as torch_bce
from lib.frameworks import torch_binary_cross_entropy_with_logits as torch_bce_with_logits
from lib.frameworks import torch_cross_entropy
from numerics_support import strict

EPS = np.finfo(np.float64).eps
CONFIDENT = np.array([1e4, 1e4 - 40, 0.0, -1e4])
SPREAD = np.linspace(-5000.0, 5000.0, 7)


# --------------------------------------------------------------------------- cross_entropy_loss


def test_cross_entropy_loss_pytorch_documented_values():
    with strict():
        # F.cross_entropy(tensor([[1., 2., 3.]]), tensor([0])) == log(e + e^2 + e^3) - 1
        a = cross_entropy_loss(np.array([[1.0, 2.0, 3.0]]), [0])
        b = cross_entropy_loss(np.log([[0.775, 0.116, 0.039, 0.070]]), [0])
        c = cross_entropy_loss(np.log([[0.775, 0.116, 0.039, 0.070]]), [0], base=2)
        uniform = cross_entropy_loss(np.zeros((5, 4)), np.arange(5) % 4)
    assert a == pytest.approx(2.4076059644443806, rel=1e-15, abs=0)
    assert b == pytest.approx(-math.log(0.775), rel=1e-13, abs=0)
    assert c == pytest.approx(-math.log2(0.775), rel=1e-13, abs=0)
    assert uniform == pytest.approx(math.log(4), rel=1e-15, abs=0)
    assert isinstance(a, np.floating)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1, 1.0])
@pytest.mark.parametrize("shape", [(8, 5), (4, 3, 6), (5,)], ids=["NC", "NCd", "C"])
def test_cross_entropy_loss_matches_pytorch_class_indices(shape, reduction, weighted, label_smoothing):
    rng = np.random.default_rng(zlib.crc32(repr((shape, reduction, weighted, label_smoothing)).encode()))
    z = rng.normal(scale=3.0, size=shape)
    n_classes = shape[0] if len(shape) == 1 else shape[1]
    target_shape = () if len(shape) == 1 else shape[:1] + shape[2:]
    t = rng.integers(0, n_classes, size=target_shape)
    w = rng.uniform(0.2, 3.0, size=n_classes) if weighted else None
    with strict():
        got = cross_entropy_loss(z, t, reduction=reduction, weight=w, label_smoothing=label_smoothing)
    ref = torch_cross_entropy(z, t, weight=w, reduction=reduction, label_smoothing=label_smoothing)
    assert np.shape(got) == np.shape(ref)
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=0)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.25])
@pytest.mark.parametrize("shape", [(8, 5), (4, 3, 6), (5,)], ids=["NC", "NCd", "C"])
def test_cross_entropy_loss_matches_pytorch_probabilities(shape, reduction, weighted, label_smoothing):
    rng = np.random.default_rng(zlib.crc32(repr((shape, reduction, weighted, label_smoothing, "p")).encode()))
    z = rng.normal(scale=3.0, size=shape)
    cax = 0 if len(shape) == 1 else 1
    n_classes = shape[cax]
    t = rng.dirichlet(np.ones(n_classes), size=int(np.prod(shape)) // n_classes)
    t = np.moveaxis(t.reshape(np.moveaxis(np.empty(shape), cax, -1).shape), -1, cax)
    w = rng.uniform(0.2, 3.0, size=n_classes) if weighted else None
    with strict():
        got = cross_entropy_loss(z, t, reduction=reduction, weight=w, label_smoothing=label_smoothing)
    ref = torch_cross_entropy(z, t, weight=w, reduction=reduction, label_smoothing=label_smoothing)
    assert np.shape(got) == np.shape(ref)
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=0)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("label_smoothing", [0.0, 0.1])
@pytest.mark.parametrize("ignore_index", [-100, 2])
@pytest.mark.parametrize("shape", [(9, 5), (4, 3, 6)], ids=["NC", "NCd"])
def test_cross_entropy_loss_ignore_index_matches_pytorch_rule(shape, ignore_index, label_smoothing, weighted,
                                                               reduction):
    rng = np.random.default_rng(zlib.crc32(repr((shape, ignore_index, label_smoothing, weighted, reduction)).encode()))
    z = rng.normal(scale=3.0, size=shape)
    n_classes = shape[1]
    t = rng.integers(0, n_classes, size=shape[:1] + shape[2:])
    t[rng.random(t.shape) < 0.4] = ignore_index
    t.flat[0] = ignore_index
    t.flat[-1] = (ignore_index + 1) % n_classes  # at least one target counts
    w = rng.uniform(0.2, 3.0, size=n_classes) if weighted else None
    kw = dict(reduction=reduction, weight=w, label_smoothing=label_smoothing)
    with strict():
        got = cross_entropy_loss(z, t, ignore_index=ignore_index, **kw)
        kept = t != ignore_index
    ref = torch_cross_entropy(z, t, ignore_index=ignore_index, **kw)
    assert np.shape(got) == np.shape(ref)
    np.testing.assert_allclose(got, ref, rtol=1e-12, atol=4 * EPS)  # the reference rounds tiny losses
    if reduction == "none":
        assert np.all(got[~kept] == 0.0) and np.all(got[kept] > 0)
    # Ignoring a target is the same as leaving its example out (for "sum" and "mean").
    if reduction != "none" and len(shape) == 2:
        with strict():
            assert cross_entropy_loss(z[kept], t[kept], **kw) == pytest.approx(got, rel=1e-13)


def test_cross_entropy_loss_ignore_index_edges():
    z = np.array([[2.0, 0.5, -1.0], [0.0, 1.0, 3.0]])
    with strict():
        all_ignored = cross_entropy_loss(z, [-100, -100])
        all_ignored_sum = cross_entropy_loss(z, [-100, -100], reduction="sum")
        all_ignored_none = cross_entropy_loss(z, [-100, -100], reduction="none", weight=[1.0, 2.0, 3.0])
        one = cross_entropy_loss(z, [-100, 2])
        unbatched = cross_entropy_loss(z[0], np.int64(-100), reduction="none")
        ignore_a_class = cross_entropy_loss(z, [1, 2], ignore_index=1)
        probs = cross_entropy_loss(z, np.full((2, 3), 1 / 3), ignore_index=0)
    assert math.isnan(all_ignored)  # 0 / 0, exactly as PyTorch
    assert all_ignored_sum == 0.0 and all_ignored_none.tolist() == [0.0, 0.0]
    assert one == cross_entropy_loss(z[1:], [2]) and ignore_a_class == one
    assert unbatched == 0.0
    assert probs == cross_entropy_loss(z, np.full((2, 3), 1 / 3))  # no effect on probability targets
    with pytest.raises(ValueError, match="weights of the target classes sum to 0"):
        cross_entropy_loss(z, [-100, 2], weight=[1.0, 1.0, 0.0])


def test_cross_entropy_loss_ignore_index_against_torch():
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    rng = np.random.default_rng(5)
    z = rng.normal(scale=3.0, size=(7, 4))
    t = np.array([0, -100, 3, 1, -100, 2, 2])
    w = rng.uniform(0.2, 3.0, size=4)
    for kw in [dict(), dict(weight=w), dict(label_smoothing=0.2), dict(weight=w, label_smoothing=0.2)]:
        for reduction in ["mean", "sum", "none"]:
            tkw = {k: (torch.from_numpy(v) if isinstance(v, np.ndarray) else v) for k, v in kw.items()}
            ref = F.cross_entropy(torch.from_numpy(z), torch.from_numpy(t), reduction=reduction, **tkw).numpy()
            with strict():
                got = cross_entropy_loss(z, t, reduction=reduction, **kw)
            np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-15)
    all_ignored = F.cross_entropy(torch.from_numpy(z[:2]), torch.tensor([-100, -100])).item()
    assert math.isnan(all_ignored) and math.isnan(cross_entropy_loss(z[:2], [-100, -100]))


def test_float_target_is_probabilities_int_target_is_indices():
    z = np.array([[2.0, -1.0, 0.5], [0.0, 3.0, -2.0]])
    idx = np.array([0, 1])
    onehot = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    with strict():
        a = cross_entropy_loss(z, idx, reduction="none")
        b = cross_entropy_loss(z, onehot, reduction="none")
        c = cross_entropy_loss(z, idx.astype(np.int32), reduction="none")
        d = cross_entropy_loss(z, idx.astype(np.uint8), reduction="none")
        e = cross_entropy_loss(z, [0, 1], reduction="none")
    np.testing.assert_allclose(a, b, rtol=1e-15)
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(a, d)
    np.testing.assert_array_equal(a, e)
    # a float array of whole numbers with the logits' shape is read as probabilities, not indices
    with strict():
        probs = cross_entropy_loss(np.zeros((2, 2)), np.array([[0.0, 1.0], [1.0, 0.0]]), reduction="none")
    np.testing.assert_allclose(probs, [math.log(2)] * 2, rtol=1e-15)


def test_cross_entropy_loss_is_cross_entropy_of_softmax():
    rng = np.random.default_rng(7)
    z = rng.normal(size=(6, 4))
    t = rng.dirichlet(np.ones(4), size=6)
    with strict():
        per = cross_entropy_loss(z, t, reduction="none")
        h = cross_entropy(t, softmax(z, axis=1), base=math.e)
        bits = cross_entropy_loss(z, t, reduction="none", base=2)
    np.testing.assert_allclose(per, h, rtol=1e-12)
    np.testing.assert_allclose(bits, per / math.log(2), rtol=1e-15)


def test_masked_classes_and_infinite_loss():
    z = np.array([[0.0, -np.inf, 1.0], [2.0, 0.0, -np.inf]])
    with strict():
        fine = cross_entropy_loss(z, [0, 1], reduction="none")
        hit = cross_entropy_loss(z, [1, 0], reduction="none")
        smooth = cross_entropy_loss(z, [0, 1], reduction="none", label_smoothing=0.1)
        probs = cross_entropy_loss(z, np.array([[0.5, 0.0, 0.5], [0.5, 0.5, 0.0]]), reduction="none")
        w0 = cross_entropy_loss(z, [1, 0], reduction="sum", weight=[1.0, 0.0, 1.0])
    assert np.all(np.isfinite(fine))
    assert hit[0] == np.inf and np.isfinite(hit[1])
    assert np.all(smooth == np.inf)  # smoothing puts mass on the masked class
    assert np.all(np.isfinite(probs))  # 0 * log 0 = 0 (PyTorch would give nan here)
    assert w0 == pytest.approx(-float(scipy.special.log_softmax(z[1])[0]), rel=1e-15, abs=0)  # 0 * inf = 0


@given(
    st.lists(st.floats(min_value=-30, max_value=30), min_size=2, max_size=8),
    st.floats(min_value=0.0, max_value=1.0),
    st.data(),
)
def test_prop_label_smoothing_loss_at_least_smoothed_entropy(zl, eps, data):
    z = np.array(zl)
    c = z.size
    y = data.draw(st.integers(0, c - 1))
    loss = float(cross_entropy_loss(z, np.int64(y), label_smoothing=eps))
    smoothed = np.full(c, eps / c)
    smoothed[y] += 1 - eps
    h = float(entropy(smoothed, base=math.e))
    assert loss >= h - 1e-12 * max(1.0, loss)
    # and equals H(smoothed) + KL(smoothed || softmax(z)): check against the probability-target path
    loss_p = float(cross_entropy_loss(z, smoothed))
    assert loss == pytest.approx(loss_p, rel=1e-12, abs=1e-14)


# --------------------------------------------------------------------------- binary cross-entropy


def test_bce_documented_values():
    with strict():
        a = binary_cross_entropy([0.9, 0.2], [1.0, 0.0])
        b = binary_cross_entropy_with_logits([2.0, -1.0], [1.0, 0.0])
        c = binary_cross_entropy([0.5], [1.0], base=2)
        zero = binary_cross_entropy([1.0, 0.0], [1.0, 0.0])
        soft = binary_cross_entropy([0.0, 1.0], [0.5, 0.5], reduction="none")
    assert a == pytest.approx((-math.log(0.9) - math.log(0.8)) / 2, rel=1e-15, abs=0)
    assert b == pytest.approx((math.log1p(math.exp(-2.0)) + math.log1p(math.exp(-1.0))) / 2, rel=1e-15, abs=0)
    assert c == 1.0
    assert zero == 0.0  # 0 log 0 = 0
    np.testing.assert_array_equal(soft, [np.inf, np.inf])


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_bce_matches_pytorch(reduction):
    rng = np.random.default_rng(50)
    p = rng.uniform(0.01, 0.99, size=(7, 3))
    y = np.where(rng.random((7, 3)) < 0.5, rng.integers(0, 2, (7, 3)).astype(float), rng.random((7, 3)))
    with strict():
        got = binary_cross_entropy(p, y, reduction=reduction)
        bits = binary_cross_entropy(p, y, reduction=reduction, base=2)
    np.testing.assert_allclose(got, torch_bce(p, y, reduction=reduction), rtol=1e-12, atol=0)
    np.testing.assert_allclose(bits, np.asarray(got) / math.log(2), rtol=1e-15)


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_bce_with_logits_matches_pytorch(reduction):
    rng = np.random.default_rng(51)
    x = rng.normal(scale=4.0, size=(9, 4))
    y = np.where(rng.random((9, 4)) < 0.5, rng.integers(0, 2, (9, 4)).astype(float), rng.random((9, 4)))
    with strict():
        got = binary_cross_entropy_with_logits(x, y, reduction=reduction)
    # the reference's max(x,0) - x*y cancels for soft y: absolute error ~ eps * |x|
    np.testing.assert_allclose(got, torch_bce_with_logits(x, y, reduction=reduction), rtol=1e-12, atol=4 * EPS * 20)


def test_bce_with_logits_extremes():
    with strict():
        per = binary_cross_entropy_with_logits(
            [np.inf, -np.inf, np.inf, -800.0, 800.0, 40.0], [1.0, 0.0, 0.5, 1.0, 0.0, 1.0], reduction="none"
        )
    assert per[0] == 0.0 and per[1] == 0.0
    assert per[2] == np.inf
    assert per[3] == 800.0 and per[4] == 800.0
    assert per[5] == pytest.approx(4.248354255291589e-18, rel=1e-15, abs=0)


@given(st.floats(min_value=-30, max_value=30), st.floats(min_value=0, max_value=1))
def test_prop_bce_with_logits_equals_bce_of_sigmoid(x, y):
    a = float(binary_cross_entropy_with_logits([x], [y]))
    b = float(binary_cross_entropy([scipy.special.expit(x)], [y]))
    # sigmoid rounds to 1 ulp, log of it has absolute error ~eps / min(p, 1-p)
    assert a == pytest.approx(b, rel=1e-12, abs=1e-15 * (1 + math.exp(abs(x))))
    assert a >= 0.0


# --------------------------------------------------------------------------- log_loss vs scikit-learn


def _rows(rng, n, c, floor=0.01):
    p = rng.dirichlet(np.ones(c), size=n) + floor
    return p / p.sum(axis=1, keepdims=True)


def test_log_loss_matches_sklearn():
    rng = np.random.default_rng(60)
    # binary, 1-D probability of the positive class
    y = rng.integers(0, 2, 30)
    p1 = rng.uniform(0.01, 0.99, 30)
    # multi-class
    y3 = rng.integers(0, 4, 40)
    p3 = _rows(rng, 40, 4)
    w = rng.uniform(0.0, 2.0, 40)
    # labels=: y_true never contains class 1
    y_missing = np.array([0, 2, 2, 0, 2])
    p_missing = _rows(rng, 5, 3)
    # string labels, sorted alphabetically: "ham" < "spam"
    ys = ["spam", "ham", "ham", "spam"]
    ps = [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]
    cases = [
        ((y, p1), {}),
        ((y, p1[:, None]), {}),
        ((y, np.column_stack([1 - p1, p1])), {}),
        ((y3, p3), {}),
        ((y3, p3), {"sample_weight": w}),
        ((y3, p3), {"normalize": False}),
        ((y3, p3), {"sample_weight": w, "normalize": False}),
        ((y_missing, p_missing), {"labels": [0, 1, 2]}),
        ((ys, ps), {}),
        ((ys, ps), {"labels": ["ham", "spam"], "sample_weight": [1, 2, 3, 4]}),
    ]
    for args, kwargs in cases:
        with strict():
            got = log_loss(*args, **kwargs)
        ref = sklearn.metrics.log_loss(*args, **kwargs)
        assert got == pytest.approx(ref, rel=1e-12, abs=0), (args, kwargs)
    assert round(log_loss(ys, ps), 5) == 0.21616  # scikit-learn's docstring example


def test_log_loss_exact_edges():
    with strict():
        inf = log_loss([0, 1], [[0.0, 1.0], [0.5, 0.5]])
        zero_weight = log_loss([0, 1], [[0.0, 1.0], [0.5, 0.5]], sample_weight=[0.0, 1.0])
        perfect = log_loss([0, 1], [0.0, 1.0])
    assert inf == math.inf
    assert zero_weight == pytest.approx(math.log(2), rel=1e-15, abs=0)
    assert perfect == 0.0


# --------------------------------------------------------------------------- hard cases (mpmath, 50 digits)


def test_hard_log_loss_true_class_1e_300():
    with strict():
        ours = log_loss([0], [[1e-300, 1.0]], labels=[0, 1])
        ours_1d = log_loss([1], [1e-300], labels=[0, 1])
    ref = -exact.ln(1e-300)
    assert float(ref) == pytest.approx(690.7755278982137, rel=1e-15, abs=0)
    assert exact.rel_err(ours, ref) <= 1e-14
    assert exact.rel_err(ours_1d, ref) <= 1e-14
    # scikit-learn clips to eps = 2.22e-16: -log(eps) = 36.04 nats (relative error 0.948)
    sk = sklearn.metrics.log_loss([0], [[1e-300, 1.0]], labels=[0, 1])
    assert sk == pytest.approx(-math.log(EPS), rel=1e-12, abs=0)
    assert sk == pytest.approx(36.04365338911715, rel=1e-12, abs=0)
    assert exact.rel_err(sk, ref) > 0.9


def test_hard_log_loss_negative_class_tiny_probability():
    """1-D y_prob = 1e-20 for a sample of the smaller label: loss -log1p(-1e-20) = 1e-20."""
    with strict():
        ours = log_loss([0], [1e-20], labels=[0, 1])
    ref = -exact.ln1p(-1e-20)
    assert exact.rel_err(ours, ref) <= 1e-14
    sk = sklearn.metrics.log_loss([0], [1e-20], labels=[0, 1])  # clipped at eps: -log(1 - eps)
    assert exact.rel_err(sk, ref) > 1e3


def test_hard_cross_entropy_loss_confident():
    with strict():
        ours = cross_entropy_loss(CONFIDENT, np.int64(0))
        ours_batched = cross_entropy_loss(CONFIDENT[None, :], [0])
    ref = -exact.log_softmax(CONFIDENT, 0)
    assert float(ref) == pytest.approx(4.248354255291589e-18, rel=1e-15, abs=0)
    assert exact.rel_err(ours, ref) <= 1e-14
    assert exact.rel_err(ours_batched, ref) <= 1e-14
    # PyTorch (float64) computes z - logsumexp and returns exactly 0.0
    assert torch_cross_entropy(CONFIDENT, np.int64(0)) == 0.0
    # scipy's log_softmax returns -0.0 for the true class, so its loss is 0 too
    assert -scipy.special.log_softmax(CONFIDENT)[0] == 0.0


@pytest.mark.parametrize("target", [0, 1, 2, 3, 4, 5])
def test_hard_cross_entropy_loss_spread_logits(target):
    """Logits linspace(-5000, 5000, 7): losses up to 10000 nats.  (Class 6's loss is e^-1666.7,
    below float64's range: both the exact value rounded and lib give 0.)"""
    with strict():
        ours = cross_entropy_loss(SPREAD, np.int64(target))
        ours_bits = cross_entropy_loss(SPREAD, np.int64(target), base=2)
        top = cross_entropy_loss(SPREAD, np.int64(6))
    ref = -exact.log_softmax(SPREAD, target)
    assert exact.rel_err(ours, ref) <= 1e-14
    assert exact.rel_err(ours_bits, ref / exact.ln(2)) <= 1e-14
    assert top == 0.0
    # PyTorch's z - logsumexp is fine here (it subtracts the max) ...
    assert exact.rel_err(torch_cross_entropy(SPREAD, np.int64(target)), ref) <= 1e-14
    # ... but the textbook -log(softmax) is not: p = e^-1666.7 or less underflows to 0 for classes 0..5
    with np.errstate(divide="ignore"):
        textbook = -np.log(scipy.special.softmax(SPREAD)[target])
    assert textbook == np.inf


def test_hard_binary_cross_entropy_1e_300():
    with strict():
        ours = binary_cross_entropy([1e-300], [1.0])
        ours_zero = binary_cross_entropy([0.0], [1.0])
    ref = -exact.ln(1e-300)
    assert exact.rel_err(ours, ref) <= 1e-14
    assert ours_zero == math.inf
    # PyTorch clamps log at -100: both give 100
    assert torch_bce(np.array([1e-300]), np.array([1.0])) == 100.0
    assert torch_bce(np.array([0.0]), np.array([1.0])) == 100.0
    assert exact.rel_err(100.0, ref) > 0.85


def test_hard_binary_cross_entropy_tiny_negative():
    """y = 0, p = 1e-20: the loss is -log1p(-1e-20) = 1e-20; PyTorch's CPU kernel takes log1p(-p) too."""
    with strict():
        ours = binary_cross_entropy([1e-20], [0.0])
    ref = -exact.ln1p(-1e-20)
    assert exact.rel_err(ours, ref) <= 1e-14
    assert exact.rel_err(torch_bce(np.array([1e-20]), np.array([0.0])), ref) <= 1e-14
    with np.errstate(divide="ignore"):
        assert -np.log(1 - 1e-20) == 0.0  # the textbook log(1 - p) loses it
