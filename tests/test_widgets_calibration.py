"""The calibration chapter's widgets show lib's numbers in every frame."""

from __future__ import annotations

import numpy as np
import pytest

import lib
from lib.widgets.calibration import BELIEFS, REPORTS, TEMPERATURES, overconfident_model
from widgets_support import build_once


@pytest.fixture(scope="module")
def model():
    return overconfident_model()


@pytest.fixture(scope="module")
def temperature():
    return build_once("temperature-scaling")


@pytest.fixture(scope="module")
def scores():
    return build_once("proper-scores")


def test_temperature_frames_show_lib_scores(temperature, model):
    _, _, z_test, y_test, t_fit = model
    temps = [rec["temperature"] for rec in temperature.records]
    assert temps == sorted(set(TEMPERATURES) | {t_fit}) and len(temps) <= 25
    accuracy = np.mean(lib.softmax(z_test).argmax(axis=1) == y_test)
    for rec in temperature.records:
        q = lib.softmax(z_test / rec["temperature"])
        assert rec["ece"] == lib.expected_calibration_error(y_test, q)
        assert rec["brier"] == lib.brier_score(y_test, q)
        assert rec["nll"] == lib.cross_entropy_loss(z_test / rec["temperature"], y_test)
        assert rec["accuracy"] == accuracy  # dividing the logits never changes the argmax
        assert f"<b>ECE {rec['ece']:.3f}</b>" in rec["readout"]
        assert f"<b>NLL {rec['nll']:.3f} nats</b>" in rec["readout"]
        assert f"<b>Brier {rec['brier']:.3f}</b>" in rec["readout"]
        assert ("(fitted)" in rec["readout"]) == (rec["temperature"] == t_fit)


def test_the_fitted_temperature_is_the_start_and_beats_t_one(temperature, model):
    t_fit = model[4]
    start = temperature.records[temperature.control_widgets[0].index]
    assert start["temperature"] == t_fit
    one = temperature.records[temperature.frame_index(temperature=1.0)]
    assert start["nll"] < one["nll"] and start["ece"] < one["ece"] and start["brier"] < one["brier"]
    # the fitted T minimises the validation NLL, so on test data it beats T = 1 but need not beat every grid T
    assert one["ece"] > 0.15


def test_proper_scores_frames(scores):
    assert [rec["p"] for rec in scores.records] == list(BELIEFS) and len(scores.records) <= 20
    for rec in scores.records:
        p = rec["p"]
        s = lib.expected_binary_scores(p, REPORTS)
        for key in ("log", "brier"):
            i = int(np.argmin(getattr(s, key)))
            assert REPORTS[i] == pytest.approx(p, abs=1e-12)  # honesty is best
            assert rec[f"{key}_at"] == f"r = {p:.2f}" and rec[f"{key}_best"] == getattr(s, key)[i]
        if p == 0.5:
            assert rec["absolute_at"] == "every r ties"
        else:
            assert rec["absolute_at"] == ("r = 1.00" if p > 0.5 else "r = 0.00")  # exaggeration is best
            assert rec["absolute_best"] == 2 * min(p, 1 - p)
        assert f"log score {rec['log_at']} ({rec['log_best']:.4f} nats)" in rec["readout"]
        assert f"absolute error {rec['absolute_at']}</b>" in rec["readout"]
