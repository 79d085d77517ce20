"""Gradients of two classification losses with respect to the logits, through the softmax.

Chapter 6 compares them: the cross-entropy loss has the gradient ``q - p``
(predicted minus target distribution), while the Brier score -- the squared
error ``sum_i (q_i - p_i)^2`` of the same softmax output -- has a gradient that
fades away exactly when the model is confidently wrong.  Both losses are
strictly proper scoring rules; the difference is in training through a
softmax, not in what they reward.

Both functions work example by example: each row (slice along ``axis``) gets
the gradient of *its own* loss; for the mean over a batch of ``N`` examples,
divide by ``N``.  The cross-entropy is in nats (natural log), as in every ML
framework.
"""

from __future__ import annotations

import numpy as np

from . import _validate as V
from .softmax import softmax

__all__ = ["cross_entropy_gradient", "squared_error_gradient", "logits_for_true_class"]


def _logits_and_target(logits, target, axis):
    z = V.logits(logits, "logits")
    p, ax = V.distribution(target, "target", axis)
    V.same_shape(z, p, "logits", "target")
    return softmax(z, axis=ax), p, ax


def cross_entropy_gradient(logits, target, *, axis=-1):
    """Gradient of the cross-entropy loss (nats) with respect to the logits: ``softmax(z) - p``.

    Parameters
    ----------
    logits : array_like of float
        Logits ``z``; NaN and ``+inf`` are rejected, ``-inf`` is a class of
        probability 0.
    target : array_like of float
        Target distribution(s) ``p`` (one-hot or soft), the same shape as
        ``logits``; each slice along ``axis`` must sum to 1.
    axis : int, optional
        The class axis (default: the last).

    Returns
    -------
    numpy.ndarray
        ``d/dz [-sum_i p_i ln softmax(z)_i] = softmax(z) - p``, the shape of
        ``logits``.  Each slice sums to 0 (up to rounding).

    Raises
    ------
    ValueError
        On invalid logits, a target that is not a distribution along
        ``axis``, or different shapes.

    Examples
    --------
    >>> import numpy as np
    >>> from lib.gradients import cross_entropy_gradient
    >>> g = cross_entropy_gradient(np.log([0.775, 0.116, 0.039, 0.070]), [1.0, 0.0, 0.0, 0.0])
    >>> [round(float(v), 3) for v in g]
    [-0.225, 0.116, 0.039, 0.07]
    """
    q, p, _ = _logits_and_target(logits, target, axis)
    return q - p


def squared_error_gradient(logits, target, *, axis=-1):
    """Gradient of the Brier score ``sum_i (softmax(z)_i - p_i)^2`` with respect to the logits.

    Parameters
    ----------
    logits, target, axis
        As for :func:`cross_entropy_gradient`.

    Returns
    -------
    numpy.ndarray
        ``q * (g - sum_j q_j g_j)`` with ``q = softmax(z)`` and
        ``g = 2 (q - p)``, the shape of ``logits``.

    Raises
    ------
    ValueError
        As for :func:`cross_entropy_gradient`.

    Notes
    -----
    The softmax's Jacobian is ``J = diag(q) - q q^T`` (symmetric), so the
    chain rule gives ``J g``.  Every entry carries a factor ``q_i``: when the
    true class's probability is tiny, its gradient is tiny too, although the
    prediction is as wrong as it can be.

    Examples
    --------
    >>> import numpy as np
    >>> from lib.gradients import squared_error_gradient
    >>> [round(float(v), 4) for v in squared_error_gradient([0.0, 0.0], [1.0, 0.0])]
    [-0.5, 0.5]
    """
    q, p, ax = _logits_and_target(logits, target, axis)
    g = 2.0 * (q - p)
    return q * (g - np.sum(q * g, axis=ax, keepdims=True))


def logits_for_true_class(q_true, n_classes: int):
    """Logits whose softmax gives class 0 probability ``q_true`` and shares the rest equally.

    Parameters
    ----------
    q_true : float or array_like of float, shape (N,)
        Probabilities of the true class (class 0), each in (0, 1].
    n_classes : int
        Number of classes ``C >= 2``.

    Returns
    -------
    logits : numpy.ndarray, shape (N, C)
        ``ln`` of ``(q, (1 - q)/(C - 1), ..., (1 - q)/(C - 1))``, one row per
        value of ``q_true`` (``-inf`` for the other classes when ``q = 1``).
    target : numpy.ndarray, shape (N, C)
        The one-hot target of class 0 for every row.

    Raises
    ------
    ValueError
        If a ``q_true`` is not in (0, 1] or ``n_classes`` is not an integer >= 2.

    Examples
    --------
    >>> from lib import softmax
    >>> from lib.gradients import logits_for_true_class
    >>> z, p = logits_for_true_class([0.7], 4)
    >>> [round(float(v), 2) for v in softmax(z)[0]], p[0].tolist()
    ([0.7, 0.1, 0.1, 0.1], [1.0, 0.0, 0.0, 0.0])
    """
    q = np.atleast_1d(V.probabilities(q_true, "q_true"))
    if q.ndim != 1 or (q == 0).any():
        raise ValueError("q_true must be a number or a 1-D array of probabilities in (0, 1]")
    n_classes = V.number(n_classes, "n_classes", 2, integer=True)
    probs = np.repeat(((1.0 - np.minimum(q, 1.0)) / (n_classes - 1))[:, None], n_classes, axis=1)
    probs[:, 0] = q
    with np.errstate(divide="ignore"):
        logits = np.log(probs)
    target = np.zeros_like(probs)
    target[:, 0] = 1.0
    return logits, target
