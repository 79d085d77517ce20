"""Chapter 5 widgets: the dog photo with one logit moved, softmax under a temperature slider, and both at once."""

from __future__ import annotations

import numpy as np

from .. import plots
from ..examples import DOG_PHOTO
from ..information import entropy
from ..softmax import log_softmax, softmax
from ._core import Control, FrameWidget, frame_widget, register

__all__ = [
    "softmax_widget",
    "dog_logit_widget",
    "cat_logit_temperature_widget",
    "SOFTMAX_CLASSES",
    "SOFTMAX_PRESETS",
    "SOFTMAX_TEMPERATURES",
    "DOG_LOGIT_SHIFTS",
    "CAT_LOGIT_SHIFTS",
    "CAT_LOGIT_TIE",
]

#: The four classes of the chapter's image classifier (those of :data:`lib.examples.DOG_PHOTO`).
SOFTMAX_CLASSES = DOG_PHOTO.labels

#: Logit vectors offered as presets.  "dog photo" is ln of :data:`lib.examples.DOG_PHOTO`'s
#: probabilities and "dog +1" the same with the dog's logit one unit higher (chapter 5 raises it so);
#: "close call" has two top logits only 0.2 apart, so even T = 0.1 leaves it far from one-hot;
#: "huge logits" is "clear winner" plus 995, to show that only differences matter.
SOFTMAX_PRESETS = {
    "dog photo": tuple(float(v) for v in np.log(DOG_PHOTO.p)),
    "dog +1": tuple(float(v) for v in np.log(DOG_PHOTO.p) + np.array([1.0, 0.0, 0.0, 0.0])),
    "close call": (2.0, 1.8, 0.5, 0.0),
    "clear winner": (5.0, 4.0, 3.0, 0.0),
    "huge logits": (1000.0, 999.0, 998.0, 995.0),
}

#: Temperatures offered by the slider (T = 1 is the plain softmax).
SOFTMAX_TEMPERATURES = (0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 4.0, 10.0)

#: Amounts added to the dog's logit by :func:`dog_logit_widget`'s slider: -3 to 3 in steps of 0.5.
DOG_LOGIT_SHIFTS = tuple(float(v) for v in np.arange(-6, 7) / 2)

#: Amounts added to the cat's logit by :func:`cat_logit_temperature_widget`: 0 to 3 in steps of 0.5, and
#: ``ln(q_dog / q_cat)`` (about 1.9), which ties the cat with the dog.
CAT_LOGIT_TIE = float(np.log(DOG_PHOTO.q[0] / DOG_PHOTO.q[1]))
CAT_LOGIT_SHIFTS = tuple(sorted({float(v) for v in np.arange(0, 7) / 2} | {CAT_LOGIT_TIE}))


def _uniform_line(ax, n: int) -> None:
    """A dashed line at ``1/n``, labelled "uniform"."""
    ax.axhline(1.0 / n, ls="--", lw=1.2, color=plots.COLORS["grey"])
    ax.text(n - 0.5, 1.0 / n + 0.02, "uniform", ha="right", va="bottom", color=plots.COLORS["grey"], fontsize=10)


def _labelled_bars(ax, bars):
    """A value label over each of the classes' ``bars``; returns ``show(q)``.

    ``show(q)`` sets the bars to ``q``, writes each value over its bar
    (:func:`lib.plots.labelled_bars`) and returns ``{"q_dog": ..., "q_cat":
    ..., ...}`` for the widget's record.
    """
    label = plots.labelled_bars(ax, bars)

    def show(q):
        label(q)
        return {f"q_{c}": float(qi) for c, qi in zip(SOFTMAX_CLASSES, q)}

    return show


@register("softmax-dog-logit")
def dog_logit_widget(shifts=DOG_LOGIT_SHIFTS) -> FrameWidget:
    """A slider that adds ``shift`` to the dog's logit of the dog photo; bars of the four probabilities.

    The logits are ``z = ln(DOG_PHOTO.p)`` (the classifier's prediction for the
    photo, :data:`lib.examples.DOG_PHOTO`) with ``z_dog`` raised by ``shift``;
    the other three logits stay put.  Each frame reports the four probabilities
    ``softmax(z)``, the odds dog : cat ``q_dog / q_cat = exp(z_dog - z_cat)``
    and the loss the photo will cost if it is a dog, ``-ln q_dog`` in nats
    (chapter 6's cross-entropy loss), from :func:`lib.log_softmax`.
    """
    shifts = tuple(float(v) for v in shifts)
    if 0.0 not in shifts:
        raise ValueError(f"shifts must include 0.0 (the photo as predicted), got {shifts}")
    z_photo = np.log(DOG_PHOTO.p)
    n = len(SOFTMAX_CLASSES)
    fig, ax = plots.new_figure(figsize=(6.4, 3.6))
    bars = plots.distribution_bars(ax, SOFTMAX_CLASSES, DOG_PHOTO.p)
    ax.set(ylim=(0, 1.12), ylabel="predicted probability $q_i$")
    ghosts = ax.scatter(range(n), DOG_PHOTO.p, marker="_", s=900, color=plots.COLORS["grey"], zorder=3)
    ghosts.set_label("as predicted ($\\Delta = 0$)")
    ax.legend(loc="upper right")
    show = _labelled_bars(ax, bars)
    title = ax.set_title("")

    def update(shift):
        z = z_photo + np.array([shift, 0.0, 0.0, 0.0])
        q = softmax(z)
        numbers = show(q)
        title.set_text(f"dog logit raised by \u0394 = {shift:+g}: z_dog = {z[0]:.3f}")
        return numbers | {"z_dog": float(z[0]), "odds": float(np.exp(z[0] - z[1])), "loss": float(-log_softmax(z)[0])}

    return frame_widget(
        fig,
        update,
        [Control("shift", shifts, "dog logit raised by", "{:+g}", initial=shifts.index(0.0))],
        readout="dog logit {z_dog:.3f}: dog <b>{q_dog:.3f}</b>, cat {q_cat:.3f}, horse {q_horse:.3f}, "
        "cheetah {q_cheetah:.3f}; odds dog : cat {odds:.2f}; loss if it is a dog "
        "<b>&#8722;ln q_dog = {loss:.3f} nats</b>",
        alt="Four bars give the classifier's predicted probabilities of dog, cat, horse and cheetah for the "
        "dog photo with the dog's logit raised by the chosen amount; grey ticks mark the prediction as made.",
    )


@register("softmax-temperature")
def softmax_widget(presets: dict = SOFTMAX_PRESETS, temperatures=SOFTMAX_TEMPERATURES) -> FrameWidget:
    """Buttons for a logit vector and a temperature slider; bars of ``softmax(z / T)``.

    The readout gives the four probabilities and their entropy in bits (at
    most 2 bits, reached by the uniform distribution as ``T`` grows); all
    numbers come from :func:`lib.softmax` and :func:`lib.entropy`.
    """
    temperatures = tuple(float(t) for t in temperatures)
    n = len(SOFTMAX_CLASSES)
    fig, ax = plots.new_figure(figsize=(6.4, 3.6))
    bars = plots.distribution_bars(ax, SOFTMAX_CLASSES, np.full(n, 1.0 / n))
    _uniform_line(ax, n)
    ax.set_ylim(0, 1.12)
    show = _labelled_bars(ax, bars)
    title = ax.set_title("")

    def update(preset, temperature):
        z = np.asarray(presets[preset])
        q = softmax(z, temperature=temperature)
        numbers = show(q)
        title.set_text(f"{preset}: z = ({', '.join(f'{v:.4g}' for v in z)}),  T = {temperature:g}")
        return numbers | {"bits": float(entropy(q))}

    return frame_widget(
        fig,
        update,
        [
            Control("preset", list(presets), "logits", kind="buttons"),
            Control("temperature", temperatures, "temperature T", "{:g}", initial=temperatures.index(1.0)),
        ],
        readout="T = {temperature:g}: dog {q_dog:.3f}, cat {q_cat:.3f}, horse {q_horse:.3f}, "
        "cheetah {q_cheetah:.3f}; entropy <b>{bits:.3f} bits</b> (at most 2 bits)",
        alt="Four bars give the softmax probabilities of dog, cat, horse and cheetah for the chosen logits and "
        "temperature; a dashed line marks the uniform 0.25.",
    )


@register("softmax-cat-logit-temperature")
def cat_logit_temperature_widget(shifts=CAT_LOGIT_SHIFTS, temperatures=SOFTMAX_TEMPERATURES) -> FrameWidget:
    """Two sliders on the dog photo: the amount added to the cat's logit, and the temperature.

    The logits are ``z = ln(DOG_PHOTO.q)`` with ``z_cat`` raised by ``shift``;
    the bars are ``softmax(z / T)`` (:func:`lib.softmax`) and the readout gives
    the four probabilities, the gap ``z_dog - z_cat`` and the entropy in bits
    (:func:`lib.entropy`).  A shift of ``ln(q_dog / q_cat)`` ties the two
    classes, so they keep equal probabilities at every temperature.
    """
    shifts = tuple(float(v) for v in shifts)
    temperatures = tuple(float(t) for t in temperatures)
    if 0.0 not in shifts or 1.0 not in temperatures:
        raise ValueError(f"shifts must include 0.0 and temperatures 1.0, got {shifts} and {temperatures}")
    z_photo = np.log(DOG_PHOTO.q)
    n = len(SOFTMAX_CLASSES)
    fig, ax = plots.new_figure(figsize=(6.4, 3.6))
    bars = plots.distribution_bars(ax, SOFTMAX_CLASSES, DOG_PHOTO.q)
    _uniform_line(ax, n)
    ax.set(ylim=(0, 1.12), ylabel="probability $q_i$")
    show = _labelled_bars(ax, bars)
    title = ax.set_title("")

    def update(shift, temperature):
        z = z_photo + np.array([0.0, shift, 0.0, 0.0])
        if abs(z[1] - z[0]) < 1e-12:  # the tie shift, up to rounding: make it exact
            z[1] = z[0]
        q = softmax(z, temperature=temperature)
        numbers = show(q)
        title.set_text(f"cat logit raised by {shift:.2f}: z_dog \u2212 z_cat = {z[0] - z[1]:+.3f},  T = {temperature:g}")
        return numbers | {"gap": float(z[0] - z[1]), "bits": float(entropy(q))}

    return frame_widget(
        fig,
        update,
        [
            Control("shift", shifts, "cat logit raised by", "{:.2f}", initial=shifts.index(0.0)),
            Control("temperature", temperatures, "temperature T", "{:g}", initial=temperatures.index(1.0)),
        ],
        readout="z_dog &#8722; z_cat = {gap:+.3f}, T = {temperature:g}: dog {q_dog:.3f}, cat {q_cat:.3f}, "
        "horse {q_horse:.3f}, cheetah {q_cheetah:.3f}; entropy <b>{bits:.3f} bits</b>",
        alt="Four bars give the softmax probabilities of dog, cat, horse and cheetah for the dog photo's logits "
        "with the cat's logit raised by the chosen amount, at the chosen temperature; a dashed line marks the "
        "uniform 0.25.",
    )
