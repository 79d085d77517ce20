"""What PyTorch and scikit-learn return, reproduced in numpy from their documented rules.

Chapter 6 compares :mod:`lib.losses` (exact, no clamping) with the
frameworks without needing them installed.  Each function here applies one
framework's rule and nothing else; all results are in nats.

* ``torch.nn.functional.binary_cross_entropy`` clamps each ``log`` at
  :data:`TORCH_LOG_CLAMP` (-100), so no loss term exceeds 100 nats.
* ``sklearn.metrics.log_loss`` clips the probabilities to
  ``[eps, 1 - eps]`` with ``eps`` = :data:`SKLEARN_EPS` (machine epsilon of
  float64, 2.22e-16), so no loss exceeds ``-ln(eps)`` = 36.04 nats.
* ``torch.nn.functional.cross_entropy`` evaluates log-softmax as
  ``(z - max z) - ln(sum exp(z - max z))``: the sum is rounded to 1 for a
  confident prediction, whose loss then becomes exactly 0.
"""

from __future__ import annotations

import numpy as np

from . import _validate as V

__all__ = [
    "TORCH_LOG_CLAMP",
    "SKLEARN_EPS",
    "torch_binary_cross_entropy",
    "sklearn_log_loss",
    "torch_cross_entropy",
]

#: PyTorch's ``BCELoss`` clamps its log outputs to be >= -100.
TORCH_LOG_CLAMP = -100.0

#: scikit-learn's ``log_loss`` clips probabilities to ``[eps, 1 - eps]`` with the dtype's machine epsilon.
SKLEARN_EPS = float(np.finfo(np.float64).eps)


def torch_binary_cross_entropy(y_prob, y_true):
    """Mean binary cross-entropy (nats) with PyTorch's clamp of ``log`` at -100.

    Parameters
    ----------
    y_prob : array_like of float
        Predicted probabilities of the positive class, in [0, 1].
    y_true : array_like of float
        Targets in [0, 1], the same shape.

    Returns
    -------
    numpy.float64
        ``mean(-[y max(ln p, -100) + (1 - y) max(ln(1 - p), -100)])``, as
        ``torch.nn.functional.binary_cross_entropy(..., reduction="mean")``.

    Raises
    ------
    ValueError
        On values outside [0, 1], NaN, or different shapes.

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
        log_not_p = np.maximum(np.log1p(-np.minimum(p, 1.0)), TORCH_LOG_CLAMP)
    return np.float64(np.mean(-(y * log_p + (1.0 - y) * log_not_p)))


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


def torch_cross_entropy(logits, target, *, ignore_index=-100):
    """Mean cross-entropy (nats) from logits, with PyTorch's ``log_softmax`` formula.

    Parameters
    ----------
    logits : array_like of float, shape (N, C) or (C,)
        Finite logits.
    target : array_like of int, shape (N,) or scalar
        True class indices, or ``ignore_index``.
    ignore_index : int, optional
        Targets equal to it (default -100) are left out of the mean, as in
        PyTorch; if all are, the result is ``nan`` (0/0), as in PyTorch.

    Returns
    -------
    numpy.float64
        ``mean(-[(z_y - m) - ln sum_j exp(z_j - m)])`` with ``m = max_j z_j``
        over the targets that are not ignored.  The sum is rounded before its
        log is taken, so a loss below about 1.1e-16 nats comes out as exactly 0.

    Raises
    ------
    ValueError
        On non-finite logits, or targets of the wrong shape or out of range.

    See Also
    --------
    lib.cross_entropy_loss : the exact loss, with PyTorch's full interface.

    Examples
    --------
    >>> from lib.frameworks import torch_cross_entropy
    >>> float(torch_cross_entropy([1e4, 1e4 - 40, 0, -1e4], 0))
    0.0
    """
    z = np.atleast_2d(V.logits(logits, "logits"))
    y = np.atleast_1d(np.asarray(target))
    if not np.isfinite(z).all():
        raise ValueError("logits must be finite")
    if z.ndim != 2 or y.shape != (z.shape[0],) or y.dtype.kind not in "iu":
        raise ValueError(f"target must hold one integer class index per row of logits, got shape {y.shape}")
    kept = y != ignore_index
    if ((y[kept] < 0) | (y[kept] >= z.shape[1])).any():
        raise ValueError(f"target has a class index outside [0, {z.shape[1] - 1}]")
    if not kept.any():
        return np.float64(np.nan)
    z, y = z[kept], y[kept]
    shifted = z - z.max(axis=1, keepdims=True)
    with np.errstate(under="ignore"):
        lsm = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return np.float64(np.mean(-lsm[np.arange(y.size), y]))
