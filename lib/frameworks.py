"""What PyTorch and scikit-learn return, reproduced in numpy from their documented rules.

Chapter 6 compares :mod:`lib.losses` (exact, no clamping) with the
frameworks without needing them installed, and ``tests/test_losses.py``
checks :mod:`lib.losses` against these functions: this module is the one
statement of the frameworks' rules in the project.  Each function applies one
framework's rule and nothing else; all results are in nats.

* ``torch.nn.functional.binary_cross_entropy`` clamps each ``log`` at
  :data:`TORCH_LOG_CLAMP` (-100), so no loss term exceeds 100 nats; it takes
  ``log1p(-p)`` for the negative class (ATen's CPU kernel).
* ``torch.nn.functional.binary_cross_entropy_with_logits`` evaluates
  ``max(x, 0) - x y + log1p(exp(-|x|))``.
* ``sklearn.metrics.log_loss`` clips the probabilities to
  ``[eps, 1 - eps]`` with ``eps`` = :data:`SKLEARN_EPS` (machine epsilon of
  float64, 2.22e-16), so no loss exceeds ``-ln(eps)`` = 36.04 nats.
* ``torch.nn.functional.cross_entropy`` evaluates log-softmax as
  ``(z - max z) - ln(sum exp(z - max z))``: the sum is rounded to 1 for a
  confident prediction, whose loss then becomes exactly 0.  Its class
  weights, label smoothing, ``ignore_index`` and reductions follow PyTorch's
  documentation (see :func:`torch_cross_entropy`).
"""

from __future__ import annotations

import numpy as np

from . import _validate as V

__all__ = [
    "TORCH_LOG_CLAMP",
    "SKLEARN_EPS",
    "torch_binary_cross_entropy",
    "torch_binary_cross_entropy_with_logits",
    "sklearn_log_loss",
    "torch_cross_entropy",
]

#: PyTorch's ``BCELoss`` clamps its log outputs to be >= -100.
TORCH_LOG_CLAMP = -100.0

#: scikit-learn's ``log_loss`` clips probabilities to ``[eps, 1 - eps]`` with the dtype's machine epsilon.
SKLEARN_EPS = float(np.finfo(np.float64).eps)


REDUCTIONS = ("none", "mean", "sum")


def _reduce(per, reduction):
    """PyTorch's ``reduction`` of per-element losses: themselves, their mean or their sum."""
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")
    return per if reduction == "none" else np.float64(np.mean(per) if reduction == "mean" else np.sum(per))


def torch_binary_cross_entropy(y_prob, y_true, *, reduction="mean"):
    """Binary cross-entropy (nats) with PyTorch's clamp of ``log`` at -100.

    Parameters
    ----------
    y_prob : array_like of float
        Predicted probabilities of the positive class, in [0, 1].
    y_true : array_like of float
        Targets in [0, 1], the same shape.
    reduction : {"mean", "sum", "none"}, optional
        As PyTorch's: the mean (default), the sum, or the per-element losses.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``-[y max(ln p, -100) + (1 - y) max(log1p(-p), -100)]`` reduced, as
        ``torch.nn.functional.binary_cross_entropy`` (float64, CPU).

    Raises
    ------
    ValueError
        On values outside [0, 1], NaN, different shapes or an unknown reduction.

    Examples
    --------
    >>> from lib.frameworks import torch_binary_cross_entropy
    >>> float(torch_binary_cross_entropy([0.0], [1.0]))
    100.0
    """
    p = V.probabilities(y_prob, "y_prob")
    y = V.probabilities(y_true, "y_true")
    V.same_shape(p, y, "y_prob", "y_true")
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), TORCH_LOG_CLAMP)
        log_not_p = np.maximum(np.log1p(-p), TORCH_LOG_CLAMP)
    per = -(y * log_p + (1.0 - y) * log_not_p)
    return _reduce(per, reduction)


def torch_binary_cross_entropy_with_logits(logits, y_true, *, reduction="mean"):
    """Binary cross-entropy (nats) from logits, with PyTorch's formula.

    Parameters
    ----------
    logits : array_like of float
        Finite logits ``x``.
    y_true : array_like of float
        Targets in [0, 1], the same shape.
    reduction : {"mean", "sum", "none"}, optional
        As PyTorch's: the mean (default), the sum, or the per-element losses.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``max(x, 0) - x y + log1p(exp(-|x|))`` reduced, as
        ``torch.nn.functional.binary_cross_entropy_with_logits``.  For a soft
        ``y`` the first two terms cancel: the absolute error is about
        ``eps |x|``.

    Raises
    ------
    ValueError
        On non-finite logits, targets outside [0, 1], different shapes or an
        unknown reduction.

    Examples
    --------
    >>> from lib.frameworks import torch_binary_cross_entropy_with_logits
    >>> round(float(torch_binary_cross_entropy_with_logits([0.0], [1.0])), 4)   # ln 2
    0.6931
    """
    x = V.logits(logits, "logits")
    y = V.probabilities(y_true, "y_true")
    V.same_shape(x, y, "logits", "y_true")
    if not np.isfinite(x).all():
        raise ValueError("logits must be finite")
    per = np.maximum(x, 0.0) - x * y + np.log1p(np.exp(-np.abs(x)))
    return _reduce(per, reduction)


def sklearn_log_loss(y_true, y_prob):
    """Mean log loss (nats) with scikit-learn's clipping of probabilities to ``[eps, 1 - eps]``.

    Parameters
    ----------
    y_true : array_like of int, shape (N,)
        True class indices ``0 .. C-1`` (the sorted labels' positions).
    y_prob : array_like of float, shape (N, C) or (N,)
        Predicted distributions, or for two classes the probability of class 1.

    Returns
    -------
    float
        ``mean(-ln clip(q_true, eps, 1 - eps))`` with ``eps = 2.22e-16``, as
        ``sklearn.metrics.log_loss(y_true, y_prob)`` (version 1.5 and later;
        no renormalisation after clipping).

    Raises
    ------
    ValueError
        If the shapes disagree, a class index is out of range, or a
        probability is invalid.

    Examples
    --------
    >>> from lib.frameworks import sklearn_log_loss
    >>> round(sklearn_log_loss([1], [1e-300]), 2)
    36.04
    """
    p = V.probabilities(y_prob, "y_prob")
    if p.ndim == 1:
        p = np.stack([1.0 - p, p], axis=1)
    y = np.asarray(y_true)
    if p.ndim != 2 or y.shape != (p.shape[0],) or y.dtype.kind not in "iu":
        raise ValueError(f"y_true must be N integer class indices for y_prob of shape (N, C), got {y.shape}, {p.shape}")
    if y.min() < 0 or y.max() >= p.shape[1]:
        raise ValueError(f"y_true has a class index outside [0, {p.shape[1] - 1}]")
    q = np.clip(p[np.arange(y.size), y], SKLEARN_EPS, 1.0 - SKLEARN_EPS)
    return float(np.mean(-np.log(q)))


def torch_cross_entropy(logits, target, *, weight=None, reduction="mean", label_smoothing=0.0, ignore_index=-100):
    """Cross-entropy (nats) from logits, with PyTorch's ``log_softmax`` formula and rules.

    Parameters
    ----------
    logits : array_like of float, shape (C,), (N, C) or (N, C, d1, ...)
        Finite logits; the class axis is 0 for (C,) and 1 otherwise.
    target : array_like
        Integer class indices (shape ``()``, ``(N,)`` or ``(N, d1, ...)``),
        or float class probabilities with the logits' shape.
    weight : array_like of float, shape (C,), optional
        Class weights ``w`` (default all 1).
    reduction : {"mean", "sum", "none"}, optional
        The reduction; see Returns.
    label_smoothing : float, optional
        ``eps`` in [0, 1]: the target becomes ``(1 - eps) t + eps / C``.
    ignore_index : int, optional
        Class-index targets equal to it (default -100) contribute 0 and are
        left out of the mean's denominator; if all are, the mean is ``nan``
        (0/0), as in PyTorch.  No effect on probability targets.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        With ``lsm = (z - m) - ln sum_j exp(z_j - m)``, ``m = max_j z_j``
        (the sum is rounded before its log is taken, so a loss below about
        1.1e-16 nats comes out as exactly 0):

        * class indices: ``l_n = (1 - eps) (-w_{y_n} lsm_{n, y_n}) + eps / C
          (-sum_c w_c lsm_{n, c})``; ``"mean"`` divides the sum by
          ``sum_n w_{y_n}`` over the targets not ignored;
        * probabilities: ``l_n = -sum_c w_c t'_{n, c} lsm_{n, c}`` with the
          smoothed ``t'``; ``"mean"`` divides by the number of examples.

    Raises
    ------
    ValueError
        On non-finite logits, targets of the wrong shape or out of range, or an
        unknown reduction.

    See Also
    --------
    lib.cross_entropy_loss : the exact loss, with PyTorch's full interface.

    Examples
    --------
    >>> from lib.frameworks import torch_cross_entropy
    >>> float(torch_cross_entropy([1e4, 1e4 - 40, 0, -1e4], 0))
    0.0
    """
    z = V.logits(logits, "logits")
    if not np.isfinite(z).all():
        raise ValueError("logits must be finite")
    if reduction not in REDUCTIONS:
        raise ValueError(f"reduction must be one of {REDUCTIONS}, got {reduction!r}")
    cax = 0 if z.ndim == 1 else 1
    n_classes = z.shape[cax]
    shifted = z - z.max(axis=cax, keepdims=True)
    with np.errstate(under="ignore"):
        lsm = np.moveaxis(shifted - np.log(np.exp(shifted).sum(axis=cax, keepdims=True)), cax, -1)  # (..., C)
    w = np.ones(n_classes) if weight is None else np.asarray(weight, dtype=np.float64)
    t = np.asarray(target)
    if t.dtype.kind == "f":  # probabilities
        if t.shape != z.shape:
            raise ValueError(f"probability target must have the logits' shape {z.shape}, got {t.shape}")
        t = np.moveaxis(t, cax, -1) * (1 - label_smoothing) + label_smoothing / n_classes
        per = -(lsm * t * w).sum(axis=-1)
        return per if reduction == "none" else np.float64(per.sum() / (per.size if reduction == "mean" else 1))
    if t.dtype.kind not in "iu" or t.shape != lsm.shape[:-1]:
        raise ValueError(f"target must hold one integer class index per row of logits, got shape {t.shape}")
    kept = t != ignore_index
    if ((t[kept] < 0) | (t[kept] >= n_classes)).any():
        raise ValueError(f"target has a class index outside [0, {n_classes - 1}]")
    tk = np.where(kept, t, 0)
    w_y = w[tk] * kept
    nll = -np.take_along_axis(lsm, tk[..., None], axis=-1)[..., 0] * w_y
    smooth = -(lsm * w).sum(axis=-1) * kept
    per = (1 - label_smoothing) * nll + label_smoothing / n_classes * smooth
    if reduction == "none":
        return per
    with np.errstate(invalid="ignore"):  # every target ignored: 0/0 = nan, as PyTorch
        return np.float64(per.sum() / (w_y.sum() if reduction == "mean" else 1))
