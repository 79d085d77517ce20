"""Classification losses with the semantics of PyTorch and scikit-learn, computed exactly.

The losses default to **nats** (natural log), like every ML framework; pass
``base=2`` for bits.  Unlike the frameworks, nothing here clamps or clips:
a predicted probability of 1e-300 for the true class costs 690.78 nats (not
PyTorch's 100 or scikit-learn's 36.04), and a confident correct prediction
costs its true tiny loss instead of 0.
"""

from __future__ import annotations

import math

import numpy as np

from . import _validate as V
from ._pieces import PIECE, in_pieces, quiet
from .softmax import _largest, _log1p_rest, _row_starts

__all__ = [
    "cross_entropy_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "log_loss",
]

# References (cited by the docstrings below):
#
# [PT] PyTorch documentation, torch.nn.functional.cross_entropy, binary_cross_entropy(_with_logits),
#      https://pytorch.org/docs/stable/nn.functional.html
# [SK] scikit-learn documentation, sklearn.metrics.log_loss.
# [GBC] I. Goodfellow, Y. Bengio and A. Courville, *Deep Learning*, MIT Press, 2016, sections 5.5 and 6.2.2.


def _times(weight, value):
    """``weight * value`` with the convention ``0 * inf = 0``."""
    with np.errstate(invalid="ignore"):
        return np.where(weight == 0, 0.0, weight * value)


def _reduce(per_sample: np.ndarray, reduction: str, denominator=None, ln_base=1.0):
    """``"none"``: the per-sample losses; ``"sum"``; ``"mean"``: the sum over ``denominator`` (default: the count).

    The losses are first divided by ``ln_base`` (the unit), a no-op skipped for nats.
    """
    if ln_base != 1.0:
        per_sample = per_sample / ln_base
    if reduction == "none":
        return V.scalar_or_array(per_sample)
    total = np.add.reduce(per_sample, axis=None)
    if reduction == "sum":
        return np.float64(total)
    return np.float64(total / (per_sample.size if denominator is None else denominator))


def _reduce_terms(terms, arrays, reduction: str, ln_base: float):
    """``_reduce(terms(*arrays), reduction, ln_base=ln_base)``, large inputs in cache-sized pieces (:mod:`lib._pieces`)."""
    if reduction == "none":
        return _reduce(in_pieces(lambda *blocks, axis: terms(*blocks), arrays, None), "none", ln_base=ln_base)
    if arrays[0].size <= PIECE:
        return _reduce(terms(*arrays), reduction, ln_base=ln_base)
    def piece_sum(*blocks, axis):
        per = terms(*blocks)
        return np.add.reduce(per if ln_base == 1.0 else per / ln_base, axis=axis, keepdims=True)
    total = in_pieces(piece_sum, arrays, None, additive=True).reshape(())
    return np.float64(total if reduction == "sum" else total / arrays[0].size)


def _class_indices(target: np.ndarray, shape: tuple, n_classes: int, ignore_index: int):
    """Checked class indices; returns the mask of the targets that count (``target != ignore_index``).

    ``None`` means that every target counts (all in range, and ``ignore_index`` is not a class).
    """
    if target.shape != shape:
        raise ValueError(
            f"target of class indices must have shape {shape} (logits without the class axis), got {target.shape}"
        )
    in_range = 0 <= np.minimum.reduce(target, axis=None) and np.maximum.reduce(target, axis=None) < n_classes
    if in_range and not 0 <= ignore_index < n_classes:
        return None
    counted = target != ignore_index
    if not in_range:  # slow path only for ignored or bad indices
        bad = counted & ((target < 0) | (target >= n_classes))
        if bad.any():
            raise ValueError(f"target contains class index {int(target[bad].flat[0])}, outside [0, {n_classes - 1}]"
                             f" (and not ignore_index={ignore_index})")
    return counted


def _at_class(z, y, axis):
    """``z``'s entry at class ``y`` of each slice along ``axis`` (kept as a length-1 axis)."""
    if axis == z.ndim - 1:  # rows: one flat index per row, cheaper than take_along_axis
        return z.take(y + _row_starts(z))[..., None]
    return np.take_along_axis(z, np.expand_dims(y, axis), axis=axis)


def cross_entropy_loss(logits, target, *, reduction="mean", weight=None, label_smoothing=0.0,
                       ignore_index=-100, base=math.e):
    """Cross-entropy loss between logits and targets, as ``torch.nn.functional.cross_entropy``.

    Parameters
    ----------
    logits : array_like of float
        Unnormalised scores, shape ``(C,)`` (one example) or ``(N, C)`` or
        ``(N, C, d1, ..., dk)``: the class axis is axis 0 for 1-D input and
        axis 1 otherwise, as in PyTorch.  NaN and ``+inf`` are rejected.
    target : array_like
        Decided by **dtype**, as in PyTorch:

        * an *integer* array of class indices in ``[0, C)`` (or equal to
          ``ignore_index``), of the logits' shape without the class axis (a
          scalar for 1-D logits);
        * a *floating* array of class probabilities with the logits' exact
          shape, each slice along the class axis a distribution.

        A float array of whole numbers is therefore *not* read as indices:
        pass ``np.asarray(target, dtype=int)``.
    reduction : {"mean", "sum", "none"}, optional
        ``"none"`` returns the per-example losses.  ``"mean"`` with class
        indices is the weighted mean ``sum_n w[y_n] l_n / sum_n w[y_n]`` over
        the targets that are not ignored; with probabilities it divides by the
        number of examples (PyTorch's rule).
    weight : array_like of float, shape (C,), optional
        Non-negative per-class weights (default: all 1).
    label_smoothing : float in [0, 1], optional
        Mixes the target with the uniform distribution:
        ``(1 - eps) * target + eps / C``.  The loss then cannot fall below
        the entropy of the smoothed target.
    ignore_index : int, optional
        A class-index target equal to it (default -100, as PyTorch) is left
        out: its loss is 0 (also under ``"none"``) and it is not counted in
        the denominator of ``"mean"``.  If every target is ignored, ``"mean"``
        is ``nan`` (0/0), exactly as in PyTorch.  Has no effect on
        probability targets.
    base : float, optional
        Logarithm base of the result: ``e`` (default, nats) or 2 (bits), ...

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The loss; ``inf`` exactly when a class of positive target weight has
        logit ``-inf``.

    Raises
    ------
    ValueError
        On NaN or ``+inf`` logits; a target of the wrong dtype or shape; a
        class index out of range (other than ``ignore_index``); probability
        targets that are not distributions; a bad ``weight``,
        ``label_smoothing``, ``ignore_index``, ``reduction`` or ``base``; or a
        weighted mean over targets whose weights sum to 0 (some not ignored).

    See Also
    --------
    lib.log_softmax : ``-log_softmax(z)[y]`` is the loss of one example.
    lib.cross_entropy : the cross-entropy of two distributions, in bits by default.
    lib.frameworks.torch_cross_entropy : PyTorch's own (rounding) formula, for comparison.

    Notes
    -----
    Per example, with ``t`` the target distribution (one-hot for an index ``y``),

    .. math:: \\ell = -\\sum_c w_c t_c \\log \\operatorname{softmax}(z)_c,
              \\qquad \\ell_y = -w_y \\log \\operatorname{softmax}(z)_y
              = w_y \\bigl[(m - z_y) + \\log(1 + r)\\bigr],

    with ``m = max_c z_c``, ``r`` the sum of ``exp(z_c - m)`` over the other
    classes and ``0 * (-inf) = 0``.  As in :func:`lib.log_softmax`, ``log1p``
    keeps a confident correct prediction's loss exact.  With label smoothing
    and class indices the loss is ``(1 - eps) * nll + eps / C * sum_c w_c
    (-log_softmax(z)_c)``, reduced with the same weighted denominator, exactly
    as PyTorch does.

    References
    ----------
    [PT] ``torch.nn.functional.cross_entropy``; Goodfellow, Bengio and
    Courville, *Deep Learning* (2016), section 6.2.2.3.

    Examples
    --------
    >>> import numpy as np
    >>> from lib import cross_entropy_loss
    >>> z = np.log([[0.775, 0.116, 0.039, 0.070]])
    >>> round(float(cross_entropy_loss(z, [0])), 4)          # nats
    0.2549
    >>> round(float(cross_entropy_loss(z, [0], base=2)), 4)  # bits
    0.3677
    >>> cross_entropy_loss(np.zeros((3, 2)), [0, -100, 1], reduction="none").tolist()  # -100 is ignored
    [0.6931471805599453, 0.0, 0.6931471805599453]

    A confident, correct prediction: the textbook formula (PyTorch's) rounds its loss to 0.

    >>> z = np.array([[1e4, 1e4 - 40, 0.0, -1e4]])
    >>> float(cross_entropy_loss(z, [0])), float(np.log(np.exp(z - z.max()).sum()) - (z[0, 0] - z.max()))
    (4.248354255291589e-18, 0.0)
    """
    z = V.as_float_array(logits, "logits")
    cax = 0 if z.ndim == 1 else 1
    if z.ndim:
        k, m = _largest(z, cax, "logits", all_neg_inf_ok=True, index=True)  # the one pass also checks the logits
    eps = V.number(label_smoothing, "label_smoothing", 0.0, 1.0)
    ignore_index = V.number(ignore_index, "ignore_index", integer=True)
    red = V.reduction(reduction)
    ln_base = V.log_base(base)
    if z.ndim == 0:
        V.logits(z, "logits")
        raise ValueError("logits must have a class axis: shape (C,), (N, C) or (N, C, d1, ...), got a scalar")
    n_classes = z.shape[cax]
    w = None if weight is None else V.weights(weight, "weight", n_classes)
    if not V.all_finite(m) and np.isneginf(m).any():
        raise ValueError("logits has an example whose logits are all -inf; its softmax is undefined")
    log_sum = _log1p_rest(z - m, k, cax, overwrite=True)  # log(sum_c exp(z_c - m)): log_softmax(z) = z - m - log_sum
    along_classes = [1] * z.ndim       # shape that broadcasts a per-class vector along the class axis
    along_classes[cax] = n_classes

    t = np.asarray(target)
    if t.dtype.kind in "iu":
        counted = _class_indices(t, z.shape[:cax] + z.shape[cax + 1:], n_classes, ignore_index)  # None: all
        y = t if counted is None else np.where(counted, t, 0)
        nll = (log_sum - (_at_class(z, y, cax) - m)).squeeze(cax)  # -log_softmax(z)_y
        if counted is None:
            counted = True
            wy = None if w is None else w[y]                    # each target's weight (None: all 1)
        else:
            wy = counted * 1.0 if w is None else counted * w[y]  # each target's weight, 0 if ignored
        per = nll if wy is None else _times(wy, nll)
        if eps > 0:
            lsm = (z - m) - log_sum
            smooth = _times(np.ones(along_classes) if w is None else w.reshape(along_classes), -lsm).sum(axis=cax)
            per = _times(1.0 - eps, per) + _times(counted * (eps / n_classes), smooth)
        denom = nll.size if wy is None else np.add.reduce(wy, axis=None)
        if red == "mean" and denom == 0:
            if not np.any(counted):
                return np.float64(np.nan)  # every target ignored: 0/0, as in PyTorch
            raise ValueError("the weights of the target classes sum to 0: the weighted mean is undefined")
        return _reduce(per, red, denom, ln_base)
    if t.dtype.kind == "f":
        if t.shape != z.shape:  # checked first: float class indices get this message, not "above 1"
            raise ValueError(
                f"target of class probabilities (a float array) must have the logits' shape {z.shape}, "
                f"got {t.shape}; for class indices pass an integer array"
            )
        probs, _ = V.distribution(t, "target", cax)
        if eps > 0:
            probs = (1.0 - eps) * probs + eps / n_classes
        if w is not None:
            probs = probs * w.reshape(along_classes)
        return _reduce(_times(probs, log_sum - (z - m)).sum(axis=cax), red, ln_base=ln_base)
    raise ValueError(f"target must be integer class indices or float class probabilities, got dtype {t.dtype}")


def binary_cross_entropy(y_prob, y_true, *, reduction="mean", base=math.e):
    """Binary cross-entropy ``-[y log p + (1 - y) log(1 - p)]``, as ``F.binary_cross_entropy``.

    Parameters
    ----------
    y_prob : array_like of float
        Predicted probabilities of the positive class, each in [0, 1].
    y_true : array_like of float
        Targets in [0, 1] (hard 0/1 labels or soft labels); same shape as
        ``y_prob`` (no broadcasting).
    reduction : {"mean", "sum", "none"}, optional
        How to combine the element-wise losses (default ``"mean"``).
    base : float, optional
        ``e`` (default, nats), 2 (bits), ...

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The loss.  Exact: no clamping of ``log`` at -100 as PyTorch does, so
        ``y_prob = 0`` with ``y_true = 1`` gives ``inf`` and ``y_prob = 1e-300``
        gives 690.78 nats.  ``0 * log 0 = 0``.

    Raises
    ------
    ValueError
        On NaN or out-of-[0, 1] values, empty input, different shapes, a bad
        ``reduction`` or ``base``.

    Notes
    -----
    ``log(1 - p)`` is evaluated as ``log1p(-p)``, exact for tiny ``p``.

    Examples
    --------
    >>> from lib import binary_cross_entropy
    >>> round(float(binary_cross_entropy([0.9, 0.2], [1.0, 0.0])), 4)
    0.1643

    A tiny ``p`` for a true 0: the bare ``-log(1 - p)`` rounds ``1 - p`` to 1
    and the loss to 0; ``-log1p(-p)`` keeps it.

    >>> import numpy as np
    >>> float(binary_cross_entropy([1e-20], [0.0])), float(-np.log(1.0 - 1e-20))
    (1e-20, -0.0)
    """
    p, p_min, p_max = V.probabilities(y_prob, "y_prob", bounds=True)
    y = V.probabilities(y_true, "y_true")
    V.same_shape(p, y, "y_prob", "y_true")
    red = V.reduction(reduction)
    ln_base = V.log_base(base)
    edge = p_min == 0.0 or p_max >= 1.0  # log(0) = -inf somewhere, and 0 * -inf = nan to make 0

    def terms(p, y):
        if p_max > 1.0:
            p = np.minimum(p, 1.0)  # values in (1, 1 + PROB_ATOL] are rounding noise
        # loss = -[y log p + (1 - y) log(1 - p)], built in place; log1p(-p) is exact for tiny p
        loss = np.log1p(-p)
        loss *= y - 1.0
        loss -= y * np.log(p)
        return _zero_nan(loss, edge)

    with quiet(edge, divide="ignore", invalid="ignore"):
        return _reduce_terms(terms, [p, y], red, ln_base)


def _zero_nan(per, needed=True):
    """Replace ``nan`` by 0 (if ``needed``): in the losses it arises only from ``0 * inf``, which the convention makes 0."""
    return np.where(np.isnan(per), 0.0, per) if needed else per


def binary_cross_entropy_with_logits(logits, y_true, *, reduction="mean", base=math.e):
    """Binary cross-entropy from a logit ``x`` (``p = sigmoid(x)``), computed stably.

    Parameters
    ----------
    logits : array_like of float
        Logits ``x``; NaN is rejected, ``+inf``/``-inf`` mean ``p = 1``/``p = 0``.
    y_true : array_like of float
        Targets in [0, 1]; same shape as ``logits`` (no broadcasting).
    reduction : {"mean", "sum", "none"}, optional
        How to combine the element-wise losses (default ``"mean"``).
    base : float, optional
        ``e`` (default, nats), 2 (bits), ...

    Returns
    -------
    numpy.float64 or numpy.ndarray
        The loss, equal to PyTorch's ``F.binary_cross_entropy_with_logits``.

    Raises
    ------
    ValueError
        On NaN logits, targets outside [0, 1], different shapes, a bad
        ``reduction`` or ``base``.

    Notes
    -----
    Algebraically the loss is ``max(x, 0) - x y + log1p(e^{-|x|})``.  We
    evaluate the equal form ``y softplus(-x) + (1 - y) softplus(x)``
    ``= log1p(e^{-|x|}) + y max(-x, 0) + (1 - y) max(x, 0)``, whose terms are
    non-negative (no cancellation for soft targets) and which is exact for
    infinite logits (``0 * inf = 0``).

    Examples
    --------
    >>> from lib import binary_cross_entropy_with_logits
    >>> round(float(binary_cross_entropy_with_logits([2.0, -1.0], [1.0, 0.0])), 4)
    0.2201
    """
    x = V.as_float_array(logits, "logits")
    lo, hi = V.min_max(x)
    if hi != hi:  # NaN propagates into the max
        raise ValueError("logits contains NaN")
    y = V.probabilities(y_true, "y_true")
    V.same_shape(x, y, "logits", "y_true")
    red = V.reduction(reduction)
    ln_base = V.log_base(base)
    edge = not -math.inf < lo <= hi < math.inf  # an infinite x can give 0 * inf = nan

    def terms(x, y):
        # log1p(e^{-|x|}) + y max(-x, 0) + (1 - y) max(x, 0), where the last two terms are
        # x ((x >= 0) - y): (1 - y) x where x >= 0, y |x| where x < 0 (both >= 0, no cancellation)
        return _zero_nan(np.log1p(np.exp(-np.abs(x))) + x * ((x >= 0) - y), edge)

    with np.errstate(under="ignore", invalid="ignore"):  # e^{-|x|} and x ((x >= 0) - y) may underflow
        return _reduce_terms(terms, [x, y], red, ln_base)


def _log_loss_probs(y_prob, n_classes: int, n_samples: int):
    """Return ``(matrix or None, positive column or None, smallest probability, bound on the largest)`` after checks."""
    p = V.as_float_array(y_prob, "y_prob")
    if p.shape == (n_samples, n_classes) and n_classes > 1:  # the usual case: one check of the rows
        p, _, p_min, sum_max = V.distribution(p, "y_prob", axis=1, bounds=True)
        return p, None, p_min, sum_max
    p, p_min, p_max = V.probabilities(p, "y_prob", bounds=True)
    if p.ndim == 2 and p.shape[1] == 1:
        p = p[:, 0]
    if p.ndim == 1:
        if p.shape[0] != n_samples:
            raise ValueError(f"y_true has {n_samples} samples but y_prob has {p.shape[0]}")
        if n_classes != 2:
            raise ValueError(f"a 1-D y_prob is the probability of the positive class, but there are {n_classes} classes")
        return None, p, p_min, p_max
    if p.ndim != 2:
        raise ValueError(f"y_prob must be 1-D or 2-D, got {p.ndim} dimensions")
    if p.shape[0] != n_samples:
        raise ValueError(f"y_true has {n_samples} samples but y_prob has {p.shape[0]}")
    if p.shape[1] != n_classes:
        raise ValueError(f"y_prob has {p.shape[1]} columns but there are {n_classes} classes")
    V.distribution(p, "y_prob", axis=1)
    return p, None, 0.0, 2.0


def _label_indices(yt, classes, check: bool):
    """Position of each label of ``yt`` in the sorted ``classes``; if ``check``, ValueError unless each is one of them.

    The check is the binary search itself (the class found must be the label)
    when the kinds match, which is much cheaper than ``np.isin``.
    """
    if check:
        if classes.size and yt.dtype.kind == classes.dtype.kind:
            idx = classes.searchsorted(yt)
            if (classes.take(idx, mode="clip") == yt).all():
                return idx
        if not np.isin(yt, classes).all():
            raise ValueError("y_true contains labels that are not in labels")
    return classes.searchsorted(yt)


def log_loss(y_true, y_prob, *, labels=None, sample_weight=None, normalize=True):
    """Log loss (cross-entropy, nats), as ``sklearn.metrics.log_loss`` but exact.

    Parameters
    ----------
    y_true : array_like, shape (n_samples,)
        True labels (numbers or strings).
    y_prob : array_like of float, shape (n_samples, n_classes) or (n_samples,)
        Predicted probabilities, columns in the sorted order of the labels.  A
        1-D array (or a single column) is the probability of the *larger*
        label of a two-class problem.
    labels : array_like, optional
        All class labels; required when ``y_true`` contains only one of them.
    sample_weight : array_like of float, shape (n_samples,), optional
        Non-negative weights per sample.
    normalize : bool, optional
        ``True`` (default): the weighted mean loss per sample;
        ``False``: the weighted sum.

    Returns
    -------
    float
        ``-sum_n w_n ln p_n[y_n]`` (divided by ``sum_n w_n`` if ``normalize``).

    Raises
    ------
    ValueError
        If the samples' counts disagree, ``y_true`` has a label outside
        ``labels``, fewer than two classes are known, probabilities are
        invalid or their rows do not sum to 1, or weights are negative,
        non-finite or all zero.

    Notes
    -----
    scikit-learn clips probabilities to ``[eps, 1 - eps]`` (``eps`` = 2.2e-16),
    so a true-class probability of 1e-300 costs it 36.04 nats; here it costs
    the exact ``-ln(1e-300) = 690.78`` nats, and 0 gives ``inf``.  For a
    1-D ``y_prob`` the loss of the smaller label is ``-log1p(-p)``, exact for
    tiny ``p``.

    Examples
    --------
    >>> from lib import log_loss
    >>> round(log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]), 4)
    0.2162

    A true class given probability 1e-300 costs 690.78 nats; clipping the
    probabilities to ``[eps, 1 - eps]``, as scikit-learn does, reports 36.04.

    >>> import numpy as np
    >>> eps = np.finfo(float).eps
    >>> clipped = np.clip([1e-300, 1.0], eps, 1 - eps)       # each sample's true-class probability
    >>> total = log_loss([0, 1], [[1e-300, 1.0], [0.0, 1.0]], normalize=False)
    >>> round(total, 2), round(float(-np.log(clipped).sum()), 2)
    (690.78, 36.04)
    """
    yt = np.asarray(y_true)
    if yt.ndim != 1 or yt.size == 0:
        raise ValueError(f"y_true must be a non-empty 1-D array of labels, got shape {yt.shape}")
    classes = np.unique(yt if labels is None else np.asarray(labels))
    idx = _label_indices(yt, classes, check=labels is not None)
    if classes.size < 2:
        raise ValueError(
            f"y_true contains only one label ({classes[0]!r}); pass all the class labels through labels"
        )
    n = yt.shape[0]
    matrix, positive, p_min, p_max = _log_loss_probs(y_prob, classes.size, n)
    # log(0) = -inf is the answer: for a zero in the matrix, or for p = 0 or 1 in the positive column (log1p(-1))
    with quiet(p_min == 0.0 or (matrix is None and p_max >= 1.0), divide="ignore"):
        if matrix is not None:
            picked = matrix[np.arange(n), idx]
            per = -np.log(picked if p_max <= 1.0 else np.minimum(picked, 1.0))  # 1 + tiny is rounding noise
        else:
            per = np.where(idx == 1, -np.log(positive), -np.log1p(-np.minimum(positive, 1.0)))
    if sample_weight is None:
        total, w_sum = float(np.add.reduce(per, axis=None)), float(n)
    else:
        w = V.weights(sample_weight, "sample_weight", n)
        total, w_sum = float(_times(w, per).sum()), float(w.sum())
    if not normalize:
        return total
    if w_sum == 0:
        raise ValueError("sample_weight sums to 0: the weighted mean is undefined")
    return total / w_sum
