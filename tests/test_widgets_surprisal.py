"""The surprisal chapter's widget shows lib's surprisal, in bits and nats, with a fair-coin comparison."""

from __future__ import annotations

import math

import numpy as np
import pytest

import lib
from lib.widgets.surprisal import RUN, run_length
from widgets_support import build_once


@pytest.fixture(scope="module")
def widget():
    return build_once("surprisal")


def test_surprisal_frames_show_lib_values(widget):
    w = widget
    for rec in w.records:
        assert rec["bits"] == lib.surprisal(rec["p"])
        assert rec["nats"] == lib.surprisal(rec["p"], base=np.e)
        assert f"{rec['bits']:.3f} bits" in rec["readout"]
        assert "among" not in rec["readout"]  # 1/p is a count of outcomes only for p = 1/2, 1/4, ...
    assert w.records[w.frame_index(p=0.25)]["bits"] == 2.0
    quarter, half = w.records[w.frame_index(p=0.25)]["readout"], w.records[w.frame_index(p=0.5)]["readout"]
    assert "as surprising as one of 4 equally likely outcomes, named with 2 yes/no questions" in quarter
    assert "as surprising as one of 2 equally likely outcomes, named with 1 yes/no question" in half
    assert "in a row" not in quarter and "in a row" not in half
    for p, n in [(0.05, 20), (0.1, 10), (0.2, 5)]:  # p = 1/n: a count of outcomes, and a run of events
        readout = w.records[w.frame_index(p=p)]["readout"]
        assert f"as surprising as one of {n} equally likely outcomes; " in readout and "in a row" in readout
        assert "yes/no" not in readout
    assert "nothing learned" in w.records[w.frame_index(p=1.0)]["readout"]
    sun = w.records[w.frame_index(p=0.75)]
    assert "equally likely" not in sun["readout"]
    events = max(RUN, math.ceil(RUN / lib.surprisal(0.75)))  # 25 days, at least 10 bits
    total = events * lib.surprisal(0.75)
    assert f"{events} such independent events in a row: {total:.2f} bits" in sun["readout"]
    assert f"between {math.floor(total)} and {math.ceil(total)} fair coin flips" in sun["readout"]
    for rec in w.records:  # every fractional surprisal is compared with at least RUN fair heads
        if "in a row" in rec["readout"]:
            events = max(RUN, math.ceil(RUN / lib.surprisal(rec["p"])))
            total = events * lib.surprisal(rec["p"])
            assert total >= RUN and f"{events} such independent events" in rec["readout"]
            if abs(total - round(total)) <= 0.1:
                assert f"{total:.2f} bits, about as surprising as {round(total)} fair" in rec["readout"]
            else:
                assert f"between {math.floor(total)} and {math.ceil(total)} fair" in rec["readout"]
    with pytest.raises(ValueError, match="bits"):
        run_length(0.0)
