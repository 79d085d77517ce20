"""The training widget's numbers, recomputed independently with lib."""

from __future__ import annotations

import numpy as np
import pytest

import lib
from lib import train as T
from lib.plots import region_image
from lib.train import FLOOR_RUN, demo_data
from lib.widgets.maximum_likelihood import TRAINING_RATES, TRAINING_STEPS
from widgets_support import build_once


@pytest.fixture(scope="module")
def widget():
    return build_once("training")


def _plain_gd(X, y, lr, n):
    """Gradient descent written out with lib's softmax and cross_entropy_loss only."""
    W, b = np.zeros((2, 4)), np.zeros(4)
    losses, params = [], []
    onehot = np.eye(4)[y]
    for _ in range(n + 1):
        z = X @ W + b
        losses.append(float(lib.cross_entropy_loss(z, y)))
        params.append(np.vstack([W, b]))
        g = (lib.softmax(z) - onehot) / len(y)
        W, b = W - lr * X.T @ g, b - lr * g.sum(axis=0)
    return losses, params


def test_every_frame_shows_the_loss_and_accuracy_of_that_step(widget):
    X, y = demo_data()
    assert len(widget.records) == len(TRAINING_RATES) * len(TRAINING_STEPS) <= 40
    for lr in TRAINING_RATES:
        losses, params = _plain_gd(X, y, lr, max(TRAINING_STEPS))
        for step in TRAINING_STEPS:
            rec = widget.records[widget.frame_index(learning_rate=lr, step=step)]
            assert rec["loss"] == pytest.approx(losses[step], rel=1e-9, abs=1e-12)
            acc = np.mean(np.argmax(X @ params[step][:2] + params[step][2], axis=1) == y)
            assert rec["accuracy"] == acc
            assert f"{rec['loss']:.4f} nats" in rec["readout"]
            assert f"{rec['accuracy']:.1%}" in rec["readout"]


def test_floor_is_the_minimum_and_every_frame_is_above_it(widget):
    X, y = demo_data()
    floor = widget.records[0]["floor"]
    assert all(rec["floor"] == floor for rec in widget.records)
    assert f"floor {floor:.4f}" in widget.records[0]["readout"]
    best, _ = _plain_gd(X, y, FLOOR_RUN["learning_rate"], FLOOR_RUN["n_steps"])
    assert floor == pytest.approx(best[-1], rel=1e-12)
    assert all(rec["loss"] >= floor - 1e-12 for rec in widget.records)


def test_the_floor_on_new_data_is_the_conditional_entropy_above_the_training_floor(widget):
    """The dotted line: H(Y|X) in nats, -E[sum_y p(y|x) ln p(y|x)] over the chapter's 100 000 fresh points."""
    X_new, _ = T.make_blobs(T.DEMO_CENTERS, 25_000, scale=T.DEMO_SCALE, seed=1)
    P = T.blobs_posterior(X_new, T.DEMO_CENTERS, scale=T.DEMO_SCALE)
    h_cond = -np.mean(np.sum(P * np.log(P), axis=1))
    assert all(rec["h_cond"] == pytest.approx(h_cond, rel=1e-12) for rec in widget.records)
    assert widget.records[0]["floor"] < h_cond < np.log(4)
    assert f"H(Y|X) = {h_cond:.3f} nats" in widget.alt


def test_the_start_is_uniform_and_a_good_rate_reaches_the_floor(widget):
    start = widget.records[widget.frame_index(learning_rate=1.0, step=0)]
    assert start["loss"] == pytest.approx(np.log(4), rel=1e-15)
    end = widget.records[widget.frame_index(learning_rate=3.0, step=500)]
    assert end["loss"] - end["floor"] < 1e-6
    too_large = widget.records[widget.frame_index(learning_rate=10.0, step=500)]
    assert too_large["loss"] - too_large["floor"] > 0.05  # bounces between two values above the floor


def test_the_slow_and_the_too_large_rate_both_stop_short_but_differently():
    """The chapter's reading of the widget: 0.1 is still falling smoothly, 10 alternates between two values."""
    X, y = demo_data()
    floor = T.gradient_descent(X, y, **FLOOR_RUN).losses[-1]
    slow = T.gradient_descent(X, y, learning_rate=0.1, n_steps=500).losses
    assert slow[500] - floor > 1e-3 and np.all(np.diff(slow) < 0)
    fast = T.gradient_descent(X, y, learning_rate=10.0, n_steps=500).losses
    tail = fast[400:]
    assert np.allclose(tail[::2], tail[0], atol=1e-9) and np.allclose(tail[1::2], tail[1], atol=1e-9)
    assert abs(tail[1] - tail[0]) > 0.01 and min(tail[0], tail[1]) - floor > 0.05


def test_region_image_is_white_for_a_uniform_model_and_tinted_otherwise():
    img = region_image(np.zeros((3, 4)), (-1, 1, -1, 1), 5)
    assert img.shape == (5, 5, 3) and np.all(img == 1.0)
    params = np.vstack([np.array(T.DEMO_CENTERS).T, np.zeros(4)]) * 10
    img = region_image(params, (-5, 5, -5, 5), 9)
    assert img.min() >= 0.0 and img.max() <= 1.0 and img.min() < 0.9
