"""Chapter 9 widget: a character model of order nu of the book's prose, and its add-alpha smoothing."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from .. import plots
from ..language import (
    ALPHABET,
    SHANNON_1951,
    book_corpus,
    cross_entropy_per_char,
    fit_ngram,
    perplexity,
    sample_text,
)
from ._core import Control, FrameWidget, frame_widget, register

__all__ = ["ngram_widget", "NGRAM_ORDERS", "NGRAM_ALPHAS", "SAMPLE_CHARS", "SAMPLE_SEED", "bits_text"]

#: Orders nu offered: 0 (letter frequencies, the unigram model) to 5 (the 6-gram model).
NGRAM_ORDERS = (0, 1, 2, 3, 4, 5)
#: Add-alpha pseudo-counts offered: none, small, medium, Laplace (add-one).
NGRAM_ALPHAS = (0.0, 0.01, 0.1, 1.0)
#: Length and seed of the sample drawn in every frame (the same random draws at every setting).
SAMPLE_CHARS = 180
SAMPLE_SEED = 0
_YMAX = 6.0


def bits_text(h: float, digits: int = 2) -> str:
    """``h`` to ``digits`` decimals, or the infinity sign."""
    return "∞" if math.isinf(h) else f"{h:.{digits}f}"


def _name(order: int) -> str:
    return {0: "unigram", 1: "bigram", 2: "trigram"}.get(order, f"{order + 1}-gram")


@register("ngram")
def ngram_widget(
    orders: Sequence[int] = NGRAM_ORDERS, alphas: Sequence[float] = NGRAM_ALPHAS, *, initial_order: int = 2,
    initial_alpha: float = 0.1,
) -> FrameWidget:
    """A slider for the model's order nu and buttons for add-alpha; held-out bits per character and a sample.

    Every model is :func:`lib.fit_ngram` on the book's chapters 1-6
    (:func:`lib.book_corpus`) and is scored on chapter 7 with
    :func:`lib.cross_entropy_per_char`; perplexity is :func:`lib.perplexity`
    of the held-out bits per character.  The top panel shows held-out and
    training bits per character at every order for the chosen ``alpha``, next to
    Shannon's 1951 figures for English; the readout adds
    :data:`SAMPLE_CHARS` characters drawn with :func:`lib.sample_text`, seed
    :data:`SAMPLE_SEED`.
    """
    orders, alphas = tuple(int(o) for o in orders), tuple(float(a) for a in alphas)
    train, test = book_corpus()
    results = {}
    for a in alphas:
        for o in orders:
            model = fit_ngram(train, o, alpha=a)
            results[o, a] = (
                cross_entropy_per_char(model, test),
                cross_entropy_per_char(model, train),
                sample_text(model, SAMPLE_CHARS, seed=SAMPLE_SEED),
            )

    fig, ax = plots.new_figure(figsize=(7.0, 3.3))
    x = np.array(orders)
    uniform = math.log2(len(ALPHABET))
    ax.axhline(uniform, color=plots.COLORS["grey"], lw=1, ls=":")
    ax.text(x[0] - 0.1, uniform + 0.05, "uniform over 27 symbols", ha="left", va="bottom", fontsize=8,
            color=plots.COLORS["grey"])
    lo, hi = SHANNON_1951["human"]
    ax.axhspan(lo, hi, color=plots.COLORS["grey"], alpha=0.15, lw=0)
    ax.text(x[0] - 0.1, (lo + hi) / 2, f"Shannon: human prediction, {lo}-{hi}", ha="left", va="center",
            fontsize=8, color="#555555")
    ax.plot([0, 1, 2], [SHANNON_1951[f"F{n}"] for n in (1, 2, 3)], "x", color=plots.COLORS["black"],
            ms=8, label="Shannon 1951: $F_1, F_2, F_3$")
    (held_line,) = ax.plot(x, x * 0.0, "o-", color=plots.COLORS["blue"], label="held-out (chapter 7)")
    (train_line,) = ax.plot(x, x * 0.0, "s--", color=plots.COLORS["orange"], ms=4, label="training (chapters 1-6)")
    (inf_marks,) = ax.plot([], [], "^", color=plots.COLORS["blue"], ms=8)
    inf_note = ax.text(x[-1], _YMAX - 0.7, "▲ held-out = ∞: a character of chapter 7 has probability 0",
                       ha="right", va="center", fontsize=8, color=plots.COLORS["blue"])
    (current,) = ax.plot([0], [0], "o", ms=13, mfc="none", mec=plots.COLORS["vermillion"], mew=2)
    ax.set(xlabel="order ν (characters of context)", ylabel="bits per character", ylim=(0, _YMAX))
    ax.set_xticks(x)
    ax.legend(loc="upper right", bbox_to_anchor=(1.0, 0.8), fontsize=8)

    def update(order, alpha):
        held = np.array([results[o, alpha][0] for o in orders])
        finite = np.isfinite(held)
        held_line.set_data(x[finite], held[finite])
        inf_marks.set_data(x[~finite], np.full((~finite).sum(), _YMAX - 0.25))
        inf_note.set_visible(not finite.all())
        train_line.set_ydata([results[o, alpha][1] for o in orders])
        h, h_train, text = results[order, alpha]
        current.set_data([order], [h if math.isfinite(h) else _YMAX - 0.25])
        pp = float(perplexity(h))
        return {
            "held_out": h,
            "train": h_train,
            "pp": pp,
            "name": _name(order),
            "held_text": bits_text(h),
            "pp_text": bits_text(pp),
            "train_text": bits_text(h_train),
            "sample": text,
        }

    return frame_widget(
        fig,
        update,
        [
            Control("order", orders, "order ν", "{}", initial=orders.index(initial_order)),
            Control("alpha", alphas, "add-α", "{:g}", initial=alphas.index(initial_alpha), kind="buttons"),
        ],
        readout="order ν = {order} ({name}), α = {alpha:g}: held-out <b>{held_text} bits/char</b>, "
        "<b>PP = {pp_text}</b>; training {train_text} bits/char <br>"
        f"{SAMPLE_CHARS} characters sampled from it (seed {SAMPLE_SEED}): "
        '<span style="font-family: monospace">{sample}</span>',
        alt="Top: bits per character against the model's order, 0 to 5, for the chosen add-alpha smoothing: "
        "held-out (chapter 7) as a solid line, training (chapters 1 to 6) as a dashed line, Shannon's 1951 "
        "figures for English as crosses, a dotted line for the uniform model and a grey band for human "
        "prediction; a circle marks the chosen order, and triangles at the top mark infinite held-out values. "
        "The text under the figure is sampled from the chosen model.",
    )
