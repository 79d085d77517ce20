"""Chapter 1 widget: the surprisal curve with a probability slider."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from .. import plots
from ..information import surprisal
from ._core import Control, FrameWidget, frame_widget, register

__all__ = ["surprisal_widget", "SURPRISAL_PROBS", "RUN", "run_length"]


#: Probabilities offered by the surprisal slider: 0.05, 0.10, ..., 1.00.
SURPRISAL_PROBS = tuple(round(0.05 * k, 2) for k in range(1, 21))


#: The readout adds up at least this many independent events, and enough of them for at least this many bits.
RUN = 10


def run_length(bits: float) -> int:
    """How many events of ``bits`` surprisal the readout adds up: ``max(RUN, ceil(RUN / bits))``.

    At least ``RUN`` events, and enough that their total is at least ``RUN``
    bits, so that rounding the total to whole coin flips is a small change.
    ``bits`` must be positive.
    """
    if not bits > 0:
        raise ValueError(f"bits must be positive, got {bits!r}")
    return max(RUN, math.ceil(RUN / bits))


def _reading(p: float, bits: float) -> str:
    """What ``bits`` of surprisal means for an event of probability ``p`` (readout text)."""
    if bits == 0.0:
        return "a certain event: nothing learned"
    questions = round(bits)
    if p == 2.0**-questions:  # p is a power of 1/2: a whole number of yes/no questions
        word = "question" if questions == 1 else "questions"
        return f"as surprising as one of {2**questions} equally likely outcomes, named with {questions} yes/no {word}"
    n = round(1 / p)
    count = ""
    if abs(n * p - 1) < 1e-9:  # p = 1/n: a whole number of equally likely outcomes, not of questions
        count = f"as surprising as one of {n} equally likely outcomes; "
    events = run_length(bits)
    total = events * bits
    if abs(total - round(total)) <= 0.1:  # close to a whole number of fair heads
        heads = f"about as surprising as {round(total)} fair coin flips all landing heads"
    else:
        heads = f"between {math.floor(total)} and {math.ceil(total)} fair coin flips all landing heads"
    return f"{count}{events} such independent events in a row: {total:.2f} bits, {heads}"


@register("surprisal")
def surprisal_widget(probs: Sequence[float] = SURPRISAL_PROBS, *, initial: float = 0.25) -> FrameWidget:
    """Slider over an event's probability ``p``; the surprisal curve with a moving marker.

    The readout shows ``s(p)`` in bits and in nats.  When ``p = 2**-k`` it adds
    the literal reading (as surprising as one of ``2**k`` equally likely
    outcomes, named with ``k`` yes/no questions).  For any other ``p`` a
    surprisal is not a whole number of questions: when ``p = 1/n`` for a whole
    ``n`` the readout names the ``n`` equally likely outcomes, and for every
    such ``p`` below 1 it shows what the surprisal adds up to over
    :func:`run_length` independent events of the same probability (at least
    ten, totalling at least ten bits), compared with a run of fair coin flips
    all landing heads.  All numbers come from :func:`lib.surprisal`.
    """
    probs = tuple(float(p) for p in probs)
    fig, ax = plots.new_figure(figsize=(6.4, 3.4))
    grid = np.linspace(0.01, 1.0, 400)
    _, marker = plots.curve_with_marker(ax, grid, surprisal(grid), label="surprisal in bits")
    ax.set_xlabel("probability of the event, $p$")
    ax.set_ylabel("surprisal $-\\log_2 p$ (bits)")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 7)
    note = ax.text(0.97, 0.92, "", transform=ax.transAxes, ha="right", va="top", fontsize=13)

    def update(p):
        bits, nats = float(surprisal(p)), float(surprisal(p, base=np.e))
        marker.set_data([p], [bits])
        note.set_text(f"p = {p:.2f}:  {bits:.3f} bits")
        return {"bits": bits, "nats": nats, "reading": _reading(p, bits)}

    return frame_widget(
        fig,
        update,
        [Control("p", probs, "probability p", "{:.2f}", initial=probs.index(initial))],
        readout="p = {p:.2f}: surprisal <b>{bits:.3f} bits</b> = {nats:.3f} nats; {reading}",
        alt="The surprisal curve -log2(p), falling from about 6.6 bits near p = 0.01 to 0 bits at p = 1, "
        "with a dot at the selected probability.",
    )
