"""Calibration: does a predicted 80% come true 80% of the time?

* :func:`brier_score`: the mean squared error of probabilities, a proper
  scoring rule like the log loss.
* :func:`reliability_curve`: observed frequency against predicted
  probability, bin by bin (the data of a reliability diagram).
* :func:`expected_calibration_error`: the bin-weighted average gap between
  confidence and accuracy (Guo et al., 2017).
* :func:`brier_decomposition`: Murphy's (1973) reliability, resolution and
  uncertainty parts of the Brier score, binned (plus the binning residual).
* :func:`fit_temperature`: the one number ``T`` by which to divide a model's
  logits so that its held-out cross-entropy is smallest (temperature scaling).
* :func:`expected_binary_scores`: what a forecaster who believes ``p``
  expects to score by reporting ``r`` (log score, Brier score, absolute
  error): the first two are smallest only at ``r = p``.
* :func:`overconfidence_data`: the book's seeded data set (few points, many
  features) on which an unrestrained softmax regression becomes
  overconfident; :data:`OVERCONFIDENCE_RUN` is its training run.

Conventions shared by every function:

* ``y_true`` holds integer class labels ``0 .. C-1`` (booleans count as 0/1).
* ``y_prob`` is either 1-D, the probability of class 1 of a **binary**
  problem, or 2-D ``(N, C)``, one probability distribution per row
  (**multiclass**; rows must sum to 1 within :data:`lib._validate.SUM_ATOL`).
* Bins are equal-width with edges ``np.linspace(0, 1, n_bins + 1)``
  (``strategy="uniform"``, the default) or equal-mass with edges at the
  quantiles of the binned values (``strategy="quantile"``): bin ``b`` holds
  the values ``v`` with ``edge[b] < v <= edge[b + 1]`` (the first bin also
  holds its lower edge), exactly scikit-learn's ``calibration_curve(...,
  strategy=strategy)``.
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np

from . import _validate as V

__all__ = [
    "brier_score",
    "ReliabilityCurve",
    "reliability_curve",
    "expected_calibration_error",
    "BrierDecomposition",
    "brier_decomposition",
    "fit_temperature",
    "ExpectedScores",
    "expected_binary_scores",
    "OVERCONFIDENCE_FEATURES",
    "OVERCONFIDENCE_CLASSES",
    "OVERCONFIDENCE_SEPARATION",
    "OVERCONFIDENCE_SPLITS",
    "OVERCONFIDENCE_RUN",
    "overconfidence_data",
]


# --------------------------------------------------------------------------- validation


def _labels(y_true, n: int | None, n_classes: int, other: str = "y_prob") -> np.ndarray:
    """1-D integer labels in ``[0, n_classes)``, ``n`` of them (if given)."""
    arr = np.asarray(y_true)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"y_true must be a non-empty 1-D array of class labels, got shape {arr.shape}")
    if arr.dtype.kind == "b":
        arr = arr.astype(np.int64)
    if arr.dtype.kind not in "iu":
        raise ValueError(f"y_true must hold integer class labels 0..{n_classes - 1}, got dtype {arr.dtype}")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"y_true has {arr.shape[0]} labels but {other} has {n} rows")
    if arr.min() < 0 or arr.max() >= n_classes:
        bad = arr[(arr < 0) | (arr >= n_classes)][0]
        raise ValueError(f"y_true contains label {bad}, outside [0, {n_classes - 1}]")
    return arr.astype(np.int64, copy=False)


def _probs(y_prob) -> np.ndarray:
    """1-D probabilities of class 1, or 2-D rows of distributions."""
    arr = V.probabilities(y_prob, "y_prob")  # real, not empty, no NaN, each in [0, 1]
    if arr.ndim == 1:
        return arr
    if arr.ndim == 2:
        if arr.shape[1] < 2:
            raise ValueError(f"y_prob must have at least 2 columns (classes), got shape {arr.shape}")
        return V.distribution(arr, "y_prob", axis=1)[0]
    raise ValueError(f"y_prob must be 1-D (binary) or 2-D (samples, classes), got shape {arr.shape}")


def _n_bins(n_bins) -> int:
    if isinstance(n_bins, (bool, np.bool_)) or not isinstance(n_bins, numbers.Integral) or n_bins < 1:
        raise ValueError(f"n_bins must be an integer >= 1, got {n_bins!r}")
    return int(n_bins)


def _top_class(y_true, y_prob):
    """(confidence, correct) of the most probable class (first one on ties) of each row."""
    q = _probs(y_prob)
    if q.ndim == 1:
        q = np.column_stack([1.0 - q, q])
    y = _labels(y_true, q.shape[0], q.shape[1])
    pred = np.argmax(q, axis=1)
    return q[np.arange(q.shape[0]), pred], (pred == y).astype(np.float64)


# --------------------------------------------------------------------------- Brier score


def brier_score(y_true, y_prob):
    """Brier score: the mean squared difference between predicted probabilities and outcomes.

    Parameters
    ----------
    y_true : array_like of int, shape (N,)
        Class labels: 0/1 for binary ``y_prob``, ``0..C-1`` for ``(N, C)``.
    y_prob : array_like of float, shape (N,) or (N, C)
        Binary: the probability of class 1.  Multiclass: one distribution
        per row.

    Returns
    -------
    numpy.float64
        Binary: ``mean_i (q_i - y_i)^2``, between 0 and 1 (scikit-learn's
        ``brier_score_loss``).  Multiclass: ``mean_i sum_c (q_ic - [y_i = c])^2``,
        between 0 and 2 (Brier's 1950 definition, also scikit-learn's for
        more than two classes).  Lower is better; 0 only for certain, correct
        predictions.  For two classes the multiclass form is twice the binary
        one.

    Raises
    ------
    ValueError
        If ``y_prob`` holds NaN, values outside [0, 1] or rows not summing to
        1, if ``y_true`` has labels out of range or a length different from
        ``y_prob``'s.

    Notes
    -----
    .. math:: \\mathrm{BS} = \\frac{1}{N} \\sum_{i=1}^{N} \\sum_{c} (q_{ic} - y_{ic})^2

    A *proper* scoring rule: if outcomes really have probabilities ``p``,
    the expected score is smallest when you report ``q = p`` (the expected
    score is ``sum_c (q_c - p_c)^2`` plus a term that does not depend on
    ``q``).

    Examples
    --------
    >>> from lib import brier_score
    >>> round(float(brier_score([1, 0, 1], [0.9, 0.2, 0.6])), 4)
    0.07
    >>> round(float(brier_score([0, 2], [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])), 4)
    0.1
    """
    q = _probs(y_prob)
    if q.ndim == 1:
        y = _labels(y_true, q.shape[0], 2)
        return np.float64(np.mean((q - y) ** 2))
    y = _labels(y_true, q.shape[0], q.shape[1])
    d = q.copy()
    d[np.arange(q.shape[0]), y] -= 1.0
    return np.float64(np.mean(np.sum(d * d, axis=1)))


# --------------------------------------------------------------------------- reliability


class ReliabilityCurve(NamedTuple):
    """Per non-empty bin, in increasing order of predicted probability (see :func:`reliability_curve`)."""

    #: Observed frequency in the bin: fraction of positives (binary) or accuracy (multiclass).
    prob_true: np.ndarray
    #: Mean predicted probability in the bin: of class 1 (binary) or of the top class (multiclass).
    prob_pred: np.ndarray
    #: Number of predictions in the bin.
    counts: np.ndarray
    #: Index (0 .. n_bins-1) of the bin.
    bins: np.ndarray
    #: All ``n_bins + 1`` edges: ``np.linspace(0, 1, n_bins + 1)``, or the quantiles for ``strategy="quantile"``.
    edges: np.ndarray


def _strategy(strategy) -> str:
    if strategy not in ("uniform", "quantile"):
        raise ValueError(f"strategy must be 'uniform' or 'quantile', got {strategy!r}")
    return strategy


def _binned(values, hits, n_bins, strategy="uniform"):
    if strategy == "quantile":  # equal-mass: edges at the quantiles of the values themselves
        edges = np.percentile(values, np.linspace(0.0, 100.0, n_bins + 1))
    else:
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(edges[1:-1], values)  # edge[b] < v <= edge[b+1]; 0 goes to bin 0
    total = np.bincount(ids, minlength=n_bins)
    sum_pred = np.bincount(ids, weights=values, minlength=n_bins)
    sum_true = np.bincount(ids, weights=hits, minlength=n_bins)
    nz = np.flatnonzero(total)
    return ReliabilityCurve(sum_true[nz] / total[nz], sum_pred[nz] / total[nz], total[nz], nz, edges)


def reliability_curve(y_true, y_prob, *, n_bins=10, strategy="uniform"):
    """Observed frequency against predicted probability, bin by bin.

    Parameters
    ----------
    y_true : array_like of int, shape (N,)
        Class labels.
    y_prob : array_like of float, shape (N,) or (N, C)
        Binary (1-D): the probability of class 1.  Multiclass (2-D): one
        distribution per row; the curve is then the *top-label* one.
    n_bins : int, optional
        Number of bins (default 10).
    strategy : {"uniform", "quantile"}, optional
        ``"uniform"`` (default): equal-width bins, edges
        ``np.linspace(0, 1, n_bins + 1)``.  ``"quantile"``: equal-mass bins,
        edges at the ``0, 1/n_bins, ..., 1`` quantiles of the binned values
        (``np.percentile``), so each bin holds about ``N / n_bins`` of them.

    Returns
    -------
    ReliabilityCurve
        ``(prob_true, prob_pred, counts, bins, edges)`` for the non-empty bins.
        Binary: in each bin, the fraction of examples of class 1 against the
        mean predicted probability of class 1 -- identical to scikit-learn's
        ``calibration_curve(y_true, y_prob, n_bins=n_bins,
        strategy=strategy)``.  Multiclass: the accuracy of the top
        (most probable; the first on ties) class against its mean probability,
        binned by that probability.  A calibrated model lies on the diagonal.

    Raises
    ------
    ValueError
        On bad ``y_true`` / ``y_prob`` (see :func:`brier_score`), ``n_bins``
        or ``strategy``.

    Notes
    -----
    Bin ``b`` holds the predictions ``v`` with ``edges[b] < v <= edges[b+1]``
    (bin 0 also holds ``v = 0``).

    Examples
    --------
    >>> from lib import reliability_curve
    >>> r = reliability_curve([0, 0, 1, 1, 1], [0.1, 0.2, 0.7, 0.8, 0.9], n_bins=2)
    >>> r.prob_true.tolist(), r.prob_pred.round(3).tolist(), r.counts.tolist()
    ([0.0, 1.0], [0.15, 0.8], [2, 3])
    """
    n_bins, strategy = _n_bins(n_bins), _strategy(strategy)
    q = _probs(y_prob)
    if q.ndim == 1:
        y = _labels(y_true, q.shape[0], 2)
        return _binned(q, y.astype(np.float64), n_bins, strategy)
    return _binned(*_top_class(y_true, q), n_bins, strategy)


def expected_calibration_error(y_true, y_prob, *, n_bins=10, strategy="uniform"):
    """Expected calibration error (ECE) of the top-class confidence.

    Parameters
    ----------
    y_true : array_like of int, shape (N,)
        Class labels.
    y_prob : array_like of float, shape (N,) or (N, C)
        Binary (1-D, the probability of class 1, read as the two columns
        ``(1 - q, q)``) or multiclass (one distribution per row).
    n_bins : int, optional
        Number of bins (default 10).
    strategy : {"uniform", "quantile"}, optional
        Equal-width bins on [0, 1] (default) or equal-mass bins with edges at
        the quantiles of the confidences (see :func:`reliability_curve`).

    Returns
    -------
    numpy.float64
        Between 0 and 1: ``sum_b (n_b / N) |acc_b - conf_b|``.

    Raises
    ------
    ValueError
        On bad ``y_true`` / ``y_prob`` (see :func:`brier_score`), ``n_bins``
        or ``strategy``.

    Notes
    -----
    Each prediction's *confidence* is the largest probability in its row and
    it is *correct* when that class (the first one on ties) is the label.
    Predictions are binned by confidence (the bins of
    :func:`reliability_curve`); in bin ``b`` with ``n_b`` predictions,
    ``acc_b`` is the fraction correct and ``conf_b`` the mean confidence:

    .. math:: \\mathrm{ECE} = \\sum_b \\frac{n_b}{N}\\,\\lvert \\mathrm{acc}_b - \\mathrm{conf}_b \\rvert

    (Guo et al., 2017).  It is the count-weighted gap of the multiclass
    :func:`reliability_curve`.  For a binary 1-D ``y_prob`` this is *not* the
    gap of the binary (class-1) curve: pass ``np.column_stack([1 - q, q])``
    to the curve to see the bins used here.  ECE depends on ``n_bins`` and
    is not a scoring rule at all (it scores a set of predictions, not one):
    the constant prediction of the class frequencies reaches 0.

    Examples
    --------
    >>> from lib import expected_calibration_error
    >>> ece = expected_calibration_error([1, 1, 0, 0], [0.9, 0.9, 0.1, 0.1], n_bins=5)   # 90% sure, always right
    >>> round(float(ece), 12)
    0.1
    """
    n_bins, strategy = _n_bins(n_bins), _strategy(strategy)
    conf, correct = _top_class(y_true, y_prob)
    r = _binned(conf, correct, n_bins, strategy)
    return np.float64(np.sum(r.counts * np.abs(r.prob_true - r.prob_pred)) / conf.shape[0])


class BrierDecomposition(NamedTuple):
    """Murphy's (1973) parts of the Brier score (see :func:`brier_decomposition`)."""

    #: Count-weighted squared gap between each bin's mean forecast and its observed frequency.
    reliability: np.float64
    #: Count-weighted squared spread of the bins' observed frequencies around the overall frequency.
    resolution: np.float64
    #: ``sum_c f_c (1 - f_c)`` with ``f_c`` the overall frequency of class ``c``: the Brier score of always forecasting ``f``.
    uncertainty: np.float64
    #: What binning leaves over: within-bin forecast variance minus twice the within-bin covariance.
    residual: np.float64
    #: :func:`brier_score` itself, ``reliability - resolution + uncertainty + residual``.
    brier: np.float64


def brier_decomposition(y_true, y_prob, *, n_bins=10):
    """Murphy's (1973) decomposition of the Brier score, binned, one class column at a time.

    Parameters
    ----------
    y_true, y_prob, n_bins
        As in :func:`brier_score` and :func:`reliability_curve`.

    Returns
    -------
    BrierDecomposition
        ``(reliability, resolution, uncertainty, residual, brier)`` with
        ``brier == reliability - resolution + uncertainty + residual`` (up to
        rounding) and ``brier`` equal to :func:`brier_score`.  Each class
        column ``c`` of ``y_prob`` (binary 1-D: the one column, class 1) is a
        yes/no forecast of ``[y = c]``; its values are put in the equal-width
        bins of :func:`reliability_curve` and the parts are summed over the
        columns.  Lower reliability is better calibration, higher resolution
        is sharper, useful forecasts; uncertainty depends only on the labels.

    Raises
    ------
    ValueError
        On bad ``y_true`` / ``y_prob`` (see :func:`brier_score`) or ``n_bins``.

    Notes
    -----
    For one column, with ``n_b`` forecasts ``v`` in bin ``b``, mean forecast
    ``v_b``, observed frequency ``o_b`` and overall frequency ``o``:

    .. math:: \\mathrm{BS} = \\underbrace{\\sum_b \\tfrac{n_b}{N} (v_b - o_b)^2}_{\\text{reliability}}
              - \\underbrace{\\sum_b \\tfrac{n_b}{N} (o_b - o)^2}_{\\text{resolution}}
              + \\underbrace{o (1 - o)}_{\\text{uncertainty}}
              + \\underbrace{\\tfrac{1}{N} \\sum_b \\sum_{m \\in b} (v_m - v_b)^2 - 2 (v_m - v_b)(o_m - o_b)}_{\\text{residual}}

    The residual is exactly 0 when every bin holds a single forecast value.

    Examples
    --------
    >>> from lib.calibration import brier_decomposition
    >>> d = brier_decomposition([1, 0, 1, 1], [0.75, 0.75, 0.75, 0.75])
    >>> [round(float(x), 4) for x in d]
    [0.0, 0.0, 0.1875, 0.0, 0.1875]
    """
    n_bins = _n_bins(n_bins)
    q = _probs(y_prob)
    if q.ndim == 1:
        y = _labels(y_true, q.shape[0], 2)
        v, o = q[:, None], y[:, None].astype(np.float64)
    else:
        v, o = q, np.eye(q.shape[1])[_labels(y_true, q.shape[0], q.shape[1])]
    n = v.shape[0]
    ids = np.searchsorted(np.linspace(0.0, 1.0, n_bins + 1)[1:-1], v)  # bins of reliability_curve
    rel = res = unc = resid = 0.0
    for c in range(v.shape[1]):
        b, vc, oc = ids[:, c], v[:, c], o[:, c]
        n_b = np.bincount(b, minlength=n_bins)
        safe = np.maximum(n_b, 1)
        v_b = np.bincount(b, weights=vc, minlength=n_bins) / safe
        o_b = np.bincount(b, weights=oc, minlength=n_bins) / safe
        o_all = oc.mean()
        rel += np.sum(n_b * (v_b - o_b) ** 2) / n
        res += np.sum(n_b * (o_b - o_all) ** 2) / n
        unc += o_all * (1.0 - o_all)
        dv, do = vc - v_b[b], oc - o_b[b]
        resid += np.mean(dv * dv - 2.0 * dv * do)
    brier = brier_score(y_true, y_prob)
    return BrierDecomposition(*(np.float64(x) for x in (rel, res, unc, resid)), brier)


# --------------------------------------------------------------------------- temperature scaling


def _nll_slope(beta: float, zc: np.ndarray, gap: np.ndarray):
    """Derivative and second derivative in ``beta = 1/T`` of the mean NLL of ``softmax(beta * z)``.

    ``zc = z - max(z)`` per row (all <= 0, so exp never overflows) and
    ``gap = z - z_true`` per row.  ``d/dbeta mean_i[lse(beta z_i) - beta z_iy]
    = mean_i E_q[z - z_y]`` and its derivative is ``mean_i Var_q(z) >= 0``.
    """
    with np.errstate(under="ignore"):  # tiny probabilities rounding to 0 are harmless here
        w = np.exp(beta * zc)
        q = w / w.sum(axis=1, keepdims=True)
        mean_gap = np.sum(q * gap, axis=1)
        var = np.sum(q * (gap - mean_gap[:, None]) ** 2, axis=1)
    return float(mean_gap.mean()), float(var.mean())


def fit_temperature(logits, y_true, *, max_iter=200):
    """The temperature ``T > 0`` that minimises the mean cross-entropy of ``softmax(logits / T)``.

    Parameters
    ----------
    logits : array_like of float, shape (N, C)
        A model's scores on held-out data, one row per example, ``C >= 2``,
        all finite.
    y_true : array_like of int, shape (N,)
        The true classes, ``0..C-1``.
    max_iter : int, optional
        Cap on Newton/bisection iterations (default 200; a few are typical).

    Returns
    -------
    float
        The minimising ``T``.  ``T > 1`` softens an overconfident model,
        ``T < 1`` sharpens an underconfident one; ``math.inf`` (exactly) if
        the loss is smallest for the uniform prediction (the logits are, on
        average, no better than chance).  Dividing logits by ``T`` never
        changes the predicted class, so accuracy is unchanged.

    Raises
    ------
    ValueError
        On bad input (NaN, infinite logits, fewer than 2 classes, labels out
        of range), or if every example's true class already has the largest
        logit: the loss then falls forever as ``T -> 0`` and no ``T``
        minimises it.

    Notes
    -----
    With ``beta = 1/T`` the loss
    ``L(beta) = mean_i [log sum_c e^{beta z_ic} - beta z_iy]`` is convex
    (a log-sum-exp of linear functions), with

    .. math:: L'(\\beta) = \\frac{1}{N}\\sum_i \\mathbb{E}_{q_i}[z_i] - z_{iy_i}, \\qquad
              L''(\\beta) = \\frac{1}{N}\\sum_i \\mathrm{Var}_{q_i}(z_i) \\ge 0,

    so ``L'`` increases from ``mean_i(mean_c z_ic - z_iy)`` at ``beta = 0`` to
    ``mean_i(max_c z_ic - z_iy) >= 0`` as ``beta -> inf``, and there is one
    root when the first is negative and the second positive.  We bracket it
    (doubling ``beta`` from 1) and run Newton's method on ``L'`` inside the
    bracket, bisecting whenever a step would leave it, until the step or the
    bracket is below ``1e-14`` relative.  No scipy needed.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> from lib import fit_temperature
    >>> z = np.array([[4.0, 0.0], [4.0, 0.0], [4.0, 0.0], [0.0, 4.0]])
    >>> T = fit_temperature(z, [0, 0, 1, 1])   # right 3 times in 4: the best confidence is 0.75
    >>> round(T, 4), round(float(1 / (1 + np.exp(-4.0 / T))), 4), round(4 / math.log(3), 4)
    (3.641, 0.75, 3.641)
    """
    z = V.logits(logits, "logits")
    if z.ndim != 2 or z.shape[1] < 2:
        raise ValueError(f"logits must be 2-D (samples, classes) with at least 2 classes, got shape {z.shape}")
    if not np.isfinite(z).all():
        raise ValueError("logits must be finite (no -inf) to fit a temperature")
    y = _labels(y_true, z.shape[0], z.shape[1], "logits")
    if isinstance(max_iter, (bool, np.bool_)) or not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise ValueError(f"max_iter must be an integer >= 1, got {max_iter!r}")
    rows = np.arange(z.shape[0])
    zc = z - z.max(axis=1, keepdims=True)
    gap = z - z[rows, y][:, None]
    if (zc[rows, y] == 0).all():
        raise ValueError(
            "logits: every example's true class has the largest logit, so the cross-entropy keeps falling "
            "as T -> 0 and no temperature minimises it"
        )
    if float(np.mean(gap.mean(axis=1))) >= 0:
        return math.inf  # L'(0) >= 0: L increases with beta, the best beta is 0
    lo, hi = 0.0, math.inf
    beta = 1.0
    for _ in range(max_iter):
        g, h = _nll_slope(beta, zc, gap)
        if g == 0:
            return 1.0 / beta
        if g < 0:
            lo = beta
        else:
            hi = beta
        newton = beta - g / h if h > 0 else math.nan
        if hi == math.inf:  # no upper end yet: Newton (it moves right, since g < 0) or doubling
            beta_next = newton if newton > beta else 2.0 * beta
        elif lo < newton < hi:
            beta_next = newton
        else:  # Newton would leave the bracket: bisect (geometrically once lo > 0)
            beta_next = math.sqrt(lo * hi) if lo > 0 else hi / 2
        if abs(beta_next - beta) <= 1e-14 * beta or (hi < math.inf and hi - lo <= 1e-14 * hi):
            beta = beta_next
            break
        beta = beta_next
    return 1.0 / beta


# --------------------------------------------------------------------------- proper scores


class ExpectedScores(NamedTuple):
    """Expected scores of a yes/no forecast (see :func:`expected_binary_scores`); lower is better."""

    #: Expected log score ``-(p ln r + (1 - p) ln(1 - r))`` in nats: the cross-entropy ``H(p, r)``.
    log: np.ndarray
    #: Expected Brier score over both outcomes, ``2 (p (1 - r)^2 + (1 - p) r^2)``.
    brier: np.ndarray
    #: Expected absolute error over both outcomes, ``2 (p (1 - r) + (1 - p) r)``.
    absolute: np.ndarray


def expected_binary_scores(p, r) -> ExpectedScores:
    """What a forecaster who believes an event has probability ``p`` expects to score by reporting ``r``.

    Parameters
    ----------
    p : float
        The forecaster's true belief that the event happens, in [0, 1].
    r : array_like of float
        Reported probabilities of the event, each in [0, 1].

    Returns
    -------
    ExpectedScores
        ``(log, brier, absolute)``, each shaped like ``r``; the expectation is
        over the outcome ``y ~ Bernoulli(p)``, and each score compares the
        reported distribution ``q = (1 - r, r)`` with the one-hot outcome over
        **both** outcomes, as the book's multiclass scores do:

        * log score ``-ln q_y`` (nats): ``-(p ln r + (1 - p) ln(1 - r))``,
          exactly ``inf`` where a report of 0 meets an outcome of positive
          probability (``0 ln 0 = 0`` otherwise);
        * Brier score ``sum_i (q_i - [y = i])^2 = 2 (r - y)^2``:
          ``2 (p (1 - r)^2 + (1 - p) r^2)``;
        * absolute error ``sum_i |q_i - [y = i]| = 2 |r - y|``:
          ``2 (p (1 - r) + (1 - p) r)``.

    Raises
    ------
    ValueError
        If ``p`` is not a single probability or ``r`` holds NaN or values
        outside [0, 1].

    Notes
    -----
    The first two are *strictly proper*: for every ``p`` they are smallest
    only at ``r = p``, since ``log = H_e(p) + D_e(p || r)`` (entropy and KL in
    nats) and ``brier = 2 (r - p)^2 + 2 p (1 - p)``.  The absolute error is
    linear in ``r`` with slope ``2 (1 - 2p)``, so it is smallest at ``r = 1``
    when ``p > 1/2`` and at ``r = 0`` when ``p < 1/2``: it rewards exaggeration.

    Examples
    --------
    >>> from lib.calibration import expected_binary_scores
    >>> s = expected_binary_scores(0.7, [0.7, 1.0])
    >>> s.log.round(4).tolist(), s.brier.round(4).tolist(), s.absolute.round(4).tolist()
    ([0.6109, inf], [0.42, 0.6], [0.84, 0.6])
    """
    pb = V.probabilities(p, "p")
    if pb.ndim != 0:
        raise ValueError(f"p must be a single probability, got shape {pb.shape}")
    pv = float(pb)
    rv = np.minimum(V.probabilities(r, "r"), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):  # 0 * -inf is replaced by 0 below
        log_r, log_1r = np.log(rv), np.log1p(-rv)
        log = -(np.where(pv > 0, pv * log_r, 0.0) + np.where(pv < 1, (1 - pv) * log_1r, 0.0))
    brier = 2.0 * (pv * (1.0 - rv) ** 2 + (1.0 - pv) * rv**2)
    absolute = 2.0 * (pv * (1.0 - rv) + (1.0 - pv) * rv)
    return ExpectedScores(log + 0.0, brier, absolute)


# --------------------------------------------------------------------------- the book's overconfident model

#: Number of features ``d`` of the overconfidence data set.
OVERCONFIDENCE_FEATURES = 40
#: Number of classes ``C``.
OVERCONFIDENCE_CLASSES = 3
#: Class ``c`` is centred at ``OVERCONFIDENCE_SEPARATION`` times the ``c``-th unit vector;
#: the other features are pure noise.
OVERCONFIDENCE_SEPARATION = 2.0
#: Points per class and seed of each split.
OVERCONFIDENCE_SPLITS = {"train": (50, 1), "validation": (100, 2), "test": (300, 3)}
#: Training without restraint: plain gradient descent, no penalty, many steps.
OVERCONFIDENCE_RUN = {"learning_rate": 1.0, "n_steps": 2000}


def overconfidence_data():
    """The book's overconfidence data set: few points, many features, three Gaussian classes.

    Returns
    -------
    centers : numpy.ndarray, shape (C, d)
        The class means (``OVERCONFIDENCE_SEPARATION`` on the ``c``-th axis for
        class ``c``, 0 elsewhere); every coordinate has standard deviation 1.
    splits : dict of str to (X, y)
        ``"train"``, ``"validation"`` and ``"test"``, each drawn by
        :func:`lib.train.make_blobs` with the sizes and seeds of
        :data:`OVERCONFIDENCE_SPLITS` (independent draws of the same classes).

    Notes
    -----
    With ``d = 40`` features and 150 training points, softmax regression
    trained by :data:`OVERCONFIDENCE_RUN` almost separates the training set,
    and its logits grow until it is far more confident on new points than it
    is accurate.  :func:`lib.train.blobs_posterior` gives the exact (Bayes)
    class probabilities for comparison.

    Examples
    --------
    >>> from lib.calibration import overconfidence_data
    >>> centers, splits = overconfidence_data()
    >>> centers.shape, {k: X.shape for k, (X, y) in splits.items()}
    ((3, 40), {'train': (150, 40), 'validation': (300, 40), 'test': (900, 40)})
    """
    from .train import make_blobs

    centers = np.zeros((OVERCONFIDENCE_CLASSES, OVERCONFIDENCE_FEATURES))
    centers[np.arange(OVERCONFIDENCE_CLASSES), np.arange(OVERCONFIDENCE_CLASSES)] = OVERCONFIDENCE_SEPARATION
    splits = {name: make_blobs(centers, n, seed=seed) for name, (n, seed) in OVERCONFIDENCE_SPLITS.items()}
    return centers, splits
