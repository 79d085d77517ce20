"""Chapter 5 widget: softmax probabilities of four classes under a temperature slider."""

from __future__ import annotations

import numpy as np

from .. import plots
from ..examples import DOG_PHOTO
from ..information import entropy
from ..softmax import softmax
from ._core import Control, FrameWidget, frame_widget, register

__all__ = ["softmax_widget", "SOFTMAX_CLASSES", "SOFTMAX_PRESETS", "SOFTMAX_TEMPERATURES"]

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
    ax.axhline(1.0 / n, ls="--", lw=1.2, color=plots.COLORS["grey"])
    ax.text(n - 0.5, 1.0 / n + 0.02, "uniform", ha="right", va="bottom", color=plots.COLORS["grey"], fontsize=10)
    ax.set_ylim(0, 1.12)
    labels = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=11) for i in range(n)]
    title = ax.set_title("")

    def update(preset, temperature):
        z = np.asarray(presets[preset])
        q = softmax(z, temperature=temperature)
        for bar, label, qi in zip(bars, labels, q):
            bar.set_height(qi)
            label.set_position((label.get_position()[0], qi + 0.01))
            label.set_text(f"{qi:.3f}")
        title.set_text(f"{preset}: z = ({', '.join(f'{v:.4g}' for v in z)}),  T = {temperature:g}")
        return {f"q_{c}": float(qi) for c, qi in zip(SOFTMAX_CLASSES, q)} | {"bits": float(entropy(q))}

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
