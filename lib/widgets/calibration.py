"""Chapter 10 widgets: temperature scaling of an overconfident model, and proper scoring rules.

* ``temperature-scaling``: the book's overconfident softmax regression
  (:func:`lib.calibration.overconfidence_data`, trained by
  :data:`lib.calibration.OVERCONFIDENCE_RUN`); a temperature slider shows its
  reliability diagram on the test set and its ECE, NLL and Brier score.
* ``proper-scores``: a forecaster who believes an event has probability ``p``
  and reports ``r``; the expected log score, Brier score and absolute error
  against ``r`` (:func:`lib.calibration.expected_binary_scores`), each marked
  at its minimum.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .. import calibration as cal
from .. import plots
from .. import train
from ..losses import cross_entropy_loss
from ..softmax import softmax
from ._core import Control, FrameWidget, frame_widget, register

__all__ = [
    "temperature_scaling_widget",
    "proper_scores_widget",
    "reliability_diagram",
    "overconfident_model",
    "TEMPERATURES",
    "BELIEFS",
    "REPORTS",
    "N_BINS",
]

#: Temperatures offered by the temperature-scaling widget (the fitted one is added).
TEMPERATURES = (0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 20.0)
#: The forecaster's beliefs ``p`` offered by the proper-scores widget.
BELIEFS = tuple(round(0.05 * k, 2) for k in range(1, 20))
#: The grid of reports ``r`` on which the expected scores are drawn and minimised.
REPORTS = np.linspace(0.0, 1.0, 201)
#: Number of equal-width confidence bins of the reliability diagrams (lib's default).
N_BINS = 10


def overconfident_model():
    """The chapter's model: ``(logits_validation, y_validation, logits_test, y_test, T_fit)``.

    Softmax regression trained on the training split of
    :func:`lib.calibration.overconfidence_data` by
    :data:`lib.calibration.OVERCONFIDENCE_RUN`; ``T_fit`` is
    :func:`lib.calibration.fit_temperature` on the validation split.
    """
    _, splits = cal.overconfidence_data()
    run = train.gradient_descent(*splits["train"], **cal.OVERCONFIDENCE_RUN)
    (X_val, y_val), (X_test, y_test) = splits["validation"], splits["test"]
    z_val, z_test = train.logits(run.params, X_val), train.logits(run.params, X_test)
    return z_val, y_val, z_test, y_test, cal.fit_temperature(z_val, y_val)


def reliability_diagram(ax, n_bins: int = N_BINS):
    """Draw an empty reliability diagram on ``ax``; return ``set_probs(y_true, q) -> ece``.

    Bars: the accuracy in each equal-width confidence bin (from
    :func:`lib.reliability_curve`); hatched bars: the gap up or down to the
    bin's mean confidence; dashed diagonal: perfect calibration; the small
    number at the foot of each bar is how many predictions fall in the bin.
    The caller shows the returned ECE (:func:`lib.expected_calibration_error`).
    """
    width = 1.0 / n_bins
    centres = (np.arange(n_bins) + 0.5) * width
    ax.plot([0, 1], [0, 1], ls="--", color=plots.COLORS["grey"], lw=1.5, label="calibrated")
    acc_bars = ax.bar(centres, np.zeros(n_bins), width=width * 0.92, color=plots.COLORS["blue"], label="accuracy")
    gap_bars = ax.bar(
        centres, np.zeros(n_bins), width=width * 0.92, fill=False, hatch="///", lw=0.8,
        edgecolor=plots.COLORS["vermillion"], label="gap to confidence",
    )
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="confidence (top-class probability)", ylabel="accuracy in the bin")
    ax.set_aspect("equal")
    ax.legend(loc="upper left", fontsize=9)
    counts = [ax.text(x, 0.015, "", ha="center", va="bottom", fontsize=7) for x in centres]

    def set_probs(y_true, q):
        curve = cal.reliability_curve(y_true, q, n_bins=n_bins)
        acc, conf = np.zeros(n_bins), np.zeros(n_bins)
        acc[curve.bins], conf[curve.bins] = curve.prob_true, curve.prob_pred
        for b in range(n_bins):
            acc_bars[b].set_height(acc[b])
            gap_bars[b].set_y(min(acc[b], conf[b]))
            gap_bars[b].set_height(abs(conf[b] - acc[b]))
            counts[b].set_text("")
        for b, n in zip(curve.bins, curve.counts):
            counts[b].set_text(f"{n}")
            counts[b].set_color("white" if acc[b] > 0.06 else plots.COLORS["black"])
        return float(cal.expected_calibration_error(y_true, q, n_bins=n_bins))

    return set_probs


@register("temperature-scaling")
def temperature_scaling_widget(temperatures: Sequence[float] = TEMPERATURES) -> FrameWidget:
    """Temperature ``T`` -> the test-set reliability diagram of ``softmax(z / T)`` and its scores.

    The temperature fitted on the validation set is inserted among
    ``temperatures`` (and is the starting frame).  The readout gives the ECE,
    the mean cross-entropy (NLL, nats), the Brier score (summed over classes)
    and the accuracy, all on the test set and all from :mod:`lib`.
    """
    _, _, z_test, y_test, t_fit = overconfident_model()
    temps = sorted({float(t) for t in temperatures} | {t_fit})
    fig, ax = plots.new_figure(figsize=(4.6, 4.4))
    set_probs = reliability_diagram(ax)
    title = ax.set_title("")

    def update(temperature):
        q = softmax(z_test / temperature)
        ece = set_probs(y_test, q)
        fitted = " (fitted)" if temperature == t_fit else ""
        title.set_text(f"T = {temperature:.2f}{fitted}: ECE {ece:.3f}")
        return {
            "ece": ece,
            "nll": float(cross_entropy_loss(z_test / temperature, y_test)),
            "brier": float(cal.brier_score(y_test, q)),
            "accuracy": float(np.mean(q.argmax(axis=1) == y_test)),
            "confidence": float(q.max(axis=1).mean()),
            "fitted": fitted,
        }

    return frame_widget(
        fig,
        update,
        [Control("temperature", tuple(temps), "temperature T", "{:.2f}", initial=temps.index(t_fit))],
        readout="T = {temperature:.2f}{fitted}: <b>ECE {ece:.3f}</b>, <b>NLL {nll:.3f} nats</b>, "
        "<b>Brier {brier:.3f}</b>; mean confidence {confidence:.1%}, accuracy {accuracy:.1%} (the same at every T)",
        alt="A reliability diagram of the overconfident model on its test set: blue bars give the accuracy in ten "
        "confidence bins, hatched bars the gap to the bins' mean confidence, a dashed diagonal marks perfect "
        "calibration; the slider changes the temperature that divides the logits.",
    )


@register("proper-scores")
def proper_scores_widget(beliefs: Sequence[float] = BELIEFS, *, initial: float = 0.7) -> FrameWidget:
    """A forecaster's belief ``p`` -> expected log score, Brier score and absolute error against the report ``r``.

    Curves from :func:`lib.calibration.expected_binary_scores` on
    :data:`REPORTS`; each is marked at its smallest value on that grid.  The
    log and Brier curves bottom out at ``r = p``; the absolute error at
    ``r = 0`` or ``1`` (and is flat at ``p = 1/2``).
    """
    beliefs = tuple(float(b) for b in beliefs)
    fig, ax = plots.new_figure(figsize=(6.4, 3.8))
    names = (("log", "log score (nats)", "blue"), ("brier", "Brier score", "orange"),
             ("absolute", "absolute error", "green"))
    curves = {}
    for key, label, color in names:
        line, marker = plots.curve_with_marker(ax, REPORTS, REPORTS, color=plots.COLORS[color],
                                               marker_color=plots.COLORS[color], label=label)
        marker.set_markersize(9)
        marker.set_markeredgecolor("black")
        curves[key] = (line, marker)
    belief_line = ax.axvline(0.5, ls=":", color=plots.COLORS["black"], lw=1.5)
    ax.set(xlim=(0, 1), ylim=(0, 2.2), xlabel="reported probability $r$",
           ylabel="expected score (lower is better)")
    ax.legend(loc="upper center", ncols=3, fontsize=9)

    def update(p):
        scores = cal.expected_binary_scores(p, REPORTS)
        belief_line.set_xdata([p, p])
        out = {}
        for key, _, _ in names:
            values = getattr(scores, key)
            line, marker = curves[key]
            line.set_ydata(values)
            if np.ptp(values) <= 1e-12:  # flat: every report ties (the absolute error at p = 1/2)
                marker.set_data([], [])
                out[f"{key}_at"], out[f"{key}_best"] = "every r ties", float(values[0])
                continue
            i = int(np.argmin(values))
            marker.set_data([REPORTS[i]], [values[i]])
            out[f"{key}_at"], out[f"{key}_best"] = f"r = {REPORTS[i]:.2f}", float(values[i])
        return out

    return frame_widget(
        fig,
        update,
        [Control("p", beliefs, "true belief p", "{:.2f}", initial=beliefs.index(initial))],
        readout="belief p = {p:.2f}. Best report: log score {log_at} ({log_best:.4f} nats), "
        "Brier {brier_at} ({brier_best:.4f}), <b>absolute error {absolute_at}</b> ({absolute_best:.4f})",
        alt="Three curves of a forecaster's expected score against the probability r she reports, for the belief p "
        "set by the slider (dotted line): the log score and the Brier score are lowest at r = p, the absolute "
        "error is a straight line lowest at r = 0 or r = 1.",
    )
