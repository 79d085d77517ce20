"""Maximum likelihood by minimising cross-entropy: estimators and a softmax-regression classifier.

Everything here is plain numpy and measures losses in **nats** (natural log),
like the ML frameworks, unless a ``base`` says otherwise.

* :func:`empirical_distribution` and :func:`mean_nll`: the negative
  log-likelihood per example of a sample under a categorical model ``q``,
  which equals the cross-entropy ``H(p_hat, q)`` of the sample's own
  (empirical) distribution ``p_hat``.
* A softmax-regression classifier: parameters ``params`` of shape
  ``(n_features + 1, n_classes)`` (the last row holds the biases), logits
  ``X @ params[:-1] + params[-1]``; :func:`loss_and_grad` (mean
  cross-entropy loss and its gradient, ``X^T (q - p) / N``),
  :func:`gradient_descent`, :func:`predict_proba`, :func:`accuracy`.
* :func:`make_blobs` draws a seeded data set of isotropic Gaussian classes and
  :func:`blobs_posterior` gives its exact (Bayes) class probabilities;
  :func:`demo_data` is the book's four-class data set.
* :func:`gaussian_nll`: the negative log-likelihood per example under a
  Gaussian model, which is the mean squared error rescaled and shifted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import _validate as V
from .losses import cross_entropy_loss
from .softmax import log_softmax, softmax

__all__ = [
    "empirical_distribution",
    "mean_nll",
    "make_blobs",
    "blobs_posterior",
    "logits",
    "forward",
    "loss_and_grad",
    "Training",
    "gradient_descent",
    "predict_proba",
    "accuracy",
    "DEMO_CENTERS",
    "DEMO_N_PER_CLASS",
    "DEMO_SCALE",
    "DEMO_SEED",
    "FLOOR_RUN",
    "demo_data",
    "gaussian_nll",
]

#: The book's demonstration data set: four Gaussian classes centred on the axes.
DEMO_CENTERS = ((2.0, 0.0), (0.0, 2.0), (-2.0, 0.0), (0.0, -2.0))
#: Points per class in the demonstration data set.
DEMO_N_PER_CLASS = 75
#: Standard deviation of every coordinate of every class.
DEMO_SCALE = 1.0
#: Seed of the demonstration data set.
DEMO_SEED = 0
#: The long gradient-descent run on :func:`demo_data` whose final loss is taken
#: as the floor (the minimum) of the training loss; its gradient there is below 1e-10.
FLOOR_RUN = {"learning_rate": 3.0, "n_steps": 1000}


def _labels(y, n_classes: int | None = None, name: str = "y") -> np.ndarray:
    """A non-empty 1-D integer array of class indices in ``[0, n_classes)``."""
    arr = np.asarray(y)
    if arr.ndim != 1 or arr.size == 0 or arr.dtype.kind not in "iu":
        raise ValueError(f"{name} must be a non-empty 1-D array of integer class indices, got {arr.dtype} {arr.shape}")
    if arr.min() < 0 or (n_classes is not None and arr.max() >= n_classes):
        raise ValueError(f"{name} contains a class index outside [0, {n_classes})")
    return arr.astype(np.intp)


def _features(X, params=None, name: str = "X") -> np.ndarray:
    """A finite 2-D float array; with ``params``, one that matches their number of features."""
    arr = V.as_float_array(X, name)
    if arr.ndim != 2 or not np.isfinite(arr).all():
        raise ValueError(f"{name} must be a finite 2-D array (rows, n_features), got shape {arr.shape}")
    if params is not None and params.shape[0] != arr.shape[1] + 1:
        raise ValueError(f"params has {params.shape[0]} rows but X has {arr.shape[1]} features (+1 bias row expected)")
    return arr


def _params(params) -> np.ndarray:
    arr = V.as_float_array(params, "params")
    if arr.ndim != 2 or arr.shape[0] < 2 or not np.isfinite(arr).all():
        raise ValueError(f"params must be a finite 2-D array (n_features + 1, n_classes), got shape {arr.shape}")
    return arr


def empirical_distribution(samples, n_outcomes: int) -> np.ndarray:
    """The relative frequency of each outcome ``0 .. n_outcomes - 1`` in ``samples``.

    Parameters
    ----------
    samples : array_like of int, shape (N,)
        Observed outcomes, each in ``[0, n_outcomes)``.
    n_outcomes : int
        Number of possible outcomes (outcomes never observed get frequency 0).

    Returns
    -------
    numpy.ndarray, shape (n_outcomes,)
        ``counts / N``: a probability distribution.

    Raises
    ------
    ValueError
        If ``samples`` is empty, not 1-D integers, or has an outcome out of range,
        or if ``n_outcomes`` is not an integer >= 1.

    Examples
    --------
    >>> from lib.train import empirical_distribution
    >>> empirical_distribution([0, 0, 1, 0], 2).tolist()
    [0.75, 0.25]
    """
    n = V.number(n_outcomes, "n_outcomes", 1, integer=True)
    x = _labels(samples, n, "samples")
    return np.bincount(x, minlength=n) / x.size


def mean_nll(q, samples, *, base=math.e):
    """Negative log-likelihood per example, ``-(1/N) sum_n log q[x_n]``, of ``samples`` under ``q``.

    Parameters
    ----------
    q : array_like of float, shape (..., K)
        One categorical model, or a stack of them (e.g. a grid of candidate
        models); each slice along the last axis must be a distribution.
    samples : array_like of int, shape (N,)
        Observed outcomes, each in ``[0, K)``.
    base : float, optional
        ``e`` (default, nats) or 2 (bits), ...

    Returns
    -------
    numpy.float64 or numpy.ndarray, shape (...)
        The average surprisal of the samples under each model; ``inf`` where a
        model gives probability 0 to an observed outcome.  It equals the
        cross-entropy ``H(p_hat, q)`` of the empirical distribution ``p_hat``.

    Raises
    ------
    ValueError
        If ``q`` is not a distribution along its last axis, ``samples`` are not
        outcomes of ``q``, or ``base`` is invalid.

    Notes
    -----
    Summed sample by sample (no counting), so that the identity
    ``mean_nll(q, x) == cross_entropy(empirical_distribution(x, K), q)``
    is a check, not a definition.

    Examples
    --------
    >>> from lib.train import mean_nll
    >>> float(mean_nll([0.5, 0.5], [0, 1, 1], base=2))
    1.0
    """
    qa, _ = V.distribution(q, "q", -1)
    x = _labels(samples, qa.shape[-1], "samples")
    lb = V.log_base(base)
    with np.errstate(divide="ignore"):
        logs = np.log(np.minimum(qa, 1.0))
    return -np.take(logs, x, axis=-1).mean(axis=-1) / lb + 0.0


def make_blobs(centers, n_per_class: int, *, scale: float = 1.0, seed: int = 0):
    """A seeded data set of Gaussian classes: ``n_per_class`` points around each centre.

    Parameters
    ----------
    centers : array_like of float, shape (n_classes, n_features)
        The mean of each class.
    n_per_class : int
        Number of points drawn from each class.
    scale : float, optional
        Standard deviation of every coordinate (isotropic, the same for all classes).
    seed : int, optional
        Seed of :func:`numpy.random.default_rng`; the same seed gives the same data.

    Returns
    -------
    X : numpy.ndarray, shape (n_classes * n_per_class, n_features)
        The points, class by class.
    y : numpy.ndarray of int, shape (n_classes * n_per_class,)
        Their classes ``0, 0, ..., 1, 1, ...``.

    Raises
    ------
    ValueError
        If ``centers`` is not a finite 2-D array, ``n_per_class`` is not an
        integer >= 1 or ``scale`` is not a finite number > 0.

    Examples
    --------
    >>> from lib.train import make_blobs
    >>> X, y = make_blobs([[0.0, 0.0], [3.0, 3.0]], 2, seed=1)
    >>> X.shape, y.tolist()
    ((4, 2), [0, 0, 1, 1])
    """
    mu = _features(centers, name="centers")
    n = V.number(n_per_class, "n_per_class", 1, integer=True)
    s = V.number(scale, "scale", 0.0, low_open=True)
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(mu.shape[0]), n)
    return mu[y] + s * rng.standard_normal((y.size, mu.shape[1])), y


def blobs_posterior(X, centers, *, scale: float = 1.0) -> np.ndarray:
    """The exact class probabilities ``P(class | x)`` of :func:`make_blobs` data (the Bayes posterior).

    Parameters
    ----------
    X : array_like of float, shape (N, n_features)
        Points.
    centers : array_like of float, shape (n_classes, n_features)
        The class means used to draw the data (equal class sizes).
    scale : float, optional
        The classes' common standard deviation.

    Returns
    -------
    numpy.ndarray, shape (N, n_classes)
        ``softmax_k((mu_k . x - |mu_k|^2 / 2) / scale^2)``: rows are distributions.

    Raises
    ------
    ValueError
        On non-finite or mis-shaped ``X`` or ``centers``, or a bad ``scale``.

    Notes
    -----
    With equal priors and a shared covariance ``scale^2 I``, Bayes' rule gives
    ``P(k | x)`` proportional to ``exp(-|x - mu_k|^2 / (2 scale^2))``; the
    ``|x|^2`` term is common to all classes and cancels, leaving logits that
    are *linear* in ``x``.  So softmax regression contains the true model:
    parameters ``[centers.T; -|mu|^2 / 2] / scale^2``.
    """
    mu = _features(centers, name="centers")
    s2 = V.number(scale, "scale", 0.0, low_open=True) ** 2
    true_params = np.vstack([mu.T, -0.5 * (mu**2).sum(axis=1)]) / s2
    return predict_proba(true_params, X)


def logits(params, X) -> np.ndarray:
    """The classifier's scores ``X @ params[:-1] + params[-1]``, shape ``(N, n_classes)``.

    Raises
    ------
    ValueError
        If ``params`` is not a finite ``(n_features + 1, n_classes)`` array
        matching ``X``, or ``X`` is not a finite 2-D array.
    """
    w = _params(params)
    x = _features(X, w)
    return x @ w[:-1] + w[-1]


def forward(params, X) -> np.ndarray:
    """Log-probabilities (nats) of every class for every point: ``log_softmax(logits(params, X))``.

    Returns
    -------
    numpy.ndarray, shape (N, n_classes)
        Each row is ``ln q(. | x_n)``, computed with :func:`lib.log_softmax`.

    Raises
    ------
    ValueError
        As for :func:`logits`.
    """
    return log_softmax(logits(params, X), axis=1)


def predict_proba(params, X) -> np.ndarray:
    """The predicted distribution ``q(. | x)`` over the classes for every row of ``X``.

    Returns
    -------
    numpy.ndarray, shape (N, n_classes)
        Rows are distributions (:func:`lib.softmax` of the logits).

    Raises
    ------
    ValueError
        As for :func:`logits`.

    Examples
    --------
    >>> import numpy as np
    >>> from lib.train import predict_proba
    >>> predict_proba(np.zeros((3, 4)), [[1.0, 2.0]]).tolist()  # zero parameters: uniform
    [[0.25, 0.25, 0.25, 0.25]]
    """
    return softmax(logits(params, X), axis=1)


def accuracy(params, X, y) -> float:
    """Fraction of points whose most probable class (first one on ties) is their true class ``y``.

    Raises
    ------
    ValueError
        As for :func:`logits`, or if ``y`` is not one class index per row of ``X``.
    """
    z = logits(params, X)
    t = _labels(y, z.shape[1])
    if t.shape[0] != z.shape[0]:
        raise ValueError(f"X has {z.shape[0]} rows but y has {t.shape[0]} labels")
    return float(np.mean(np.argmax(z, axis=1) == t))


def loss_and_grad(params, X, y):
    """Mean cross-entropy loss (nats) of the classifier on ``(X, y)`` and its gradient.

    Parameters
    ----------
    params : array_like of float, shape (n_features + 1, n_classes)
        Weights, with the biases in the last row.
    X : array_like of float, shape (N, n_features)
        Points.
    y : array_like of int, shape (N,)
        True classes in ``[0, n_classes)``.

    Returns
    -------
    loss : numpy.float64
        ``lib.cross_entropy_loss(logits(params, X), y)``, the negative
        log-likelihood per example.
    grad : numpy.ndarray, same shape as ``params``
        ``[X, 1]^T (q - p) / N``, with ``q`` the predicted distributions and
        ``p`` the one-hot targets.

    Raises
    ------
    ValueError
        As for :func:`logits`, or if ``y`` does not match ``X``.

    Notes
    -----
    The gradient of ``-ln softmax(z)_y`` with respect to the logits ``z`` is
    ``softmax(z) - onehot(y)``; the chain rule through ``z = x W + b`` gives
    the formula above.
    """
    z = logits(params, X)
    t = _labels(y, z.shape[1])
    if t.shape[0] != z.shape[0]:
        raise ValueError(f"X has {z.shape[0]} rows but y has {t.shape[0]} labels")
    delta = softmax(z, axis=1)
    delta[np.arange(t.size), t] -= 1.0
    x1 = np.hstack([np.asarray(X, dtype=float), np.ones((t.size, 1))])
    return cross_entropy_loss(z, t), x1.T @ delta / t.size


@dataclass(frozen=True)
class Training:
    """What :func:`gradient_descent` returns.

    Attributes
    ----------
    params : numpy.ndarray
        The parameters after the last step.
    losses : numpy.ndarray, shape (n_steps + 1,)
        ``losses[k]`` is the training loss (nats) after ``k`` steps.
    snapshots : dict of int to numpy.ndarray
        Copies of the parameters after each step listed in ``keep``.
    """

    params: np.ndarray
    losses: np.ndarray
    snapshots: dict = field(default_factory=dict)


def gradient_descent(X, y, *, learning_rate: float, n_steps: int, params=None, n_classes=None, keep=()) -> Training:
    """Train the classifier by plain (full-batch) gradient descent on the mean cross-entropy loss.

    Parameters
    ----------
    X : array_like of float, shape (N, n_features)
        Points.
    y : array_like of int, shape (N,)
        True classes.
    learning_rate : float
        Step size ``eta > 0``: ``params <- params - eta * grad``.
    n_steps : int
        Number of steps (>= 0).
    params : array_like of float, optional
        Starting parameters; default all zeros (every class equally likely).
    n_classes : int, optional
        Number of classes for zero starting parameters; default ``max(y) + 1``.
    keep : iterable of int, optional
        Steps (0 .. n_steps) after which to keep a copy of the parameters.

    Returns
    -------
    Training
        Final parameters, the loss history (``n_steps + 1`` values) and the snapshots.

    Raises
    ------
    ValueError
        On a learning rate that is not a finite number > 0, a negative or
        non-integer ``n_steps``, a ``keep`` step outside ``[0, n_steps]``, or
        bad data/parameters (see :func:`loss_and_grad`).

    Examples
    --------
    >>> import numpy as np
    >>> from lib.train import gradient_descent
    >>> run = gradient_descent(np.array([[-1.0], [1.0]]), np.array([0, 1]), learning_rate=1.0, n_steps=2)
    >>> round(float(run.losses[0]), 4), bool(run.losses[2] < run.losses[1] < run.losses[0])
    (0.6931, True)
    """
    eta = V.number(learning_rate, "learning_rate", 0.0, low_open=True)
    n = V.number(n_steps, "n_steps", 0, integer=True)
    x = _features(X)
    if params is None:
        k = V.number(n_classes, "n_classes", 1, integer=True) if n_classes is not None else int(_labels(y).max()) + 1
        params = np.zeros((x.shape[1] + 1, k))
    w = _params(params).copy()
    keep = {V.number(s, "keep step", 0, integer=True) for s in keep}
    if keep and max(keep) > n:
        raise ValueError(f"keep asks for step {max(keep)} but there are only {n} steps")
    losses, snapshots = np.empty(n + 1), {}
    for step in range(n + 1):
        losses[step], grad = loss_and_grad(w, x, y)
        if step in keep:
            snapshots[step] = w.copy()
        if step < n:
            w -= eta * grad
    return Training(w, losses, snapshots)


def demo_data():
    """The book's four-class data set ``(X, y)``: :func:`make_blobs` with the ``DEMO_*`` settings.

    Returns
    -------
    X : numpy.ndarray, shape (300, 2)
        75 points around each of ``DEMO_CENTERS``, standard deviation ``DEMO_SCALE``.
    y : numpy.ndarray of int, shape (300,)
        Their classes 0 to 3.

    Examples
    --------
    >>> from lib.train import demo_data
    >>> X, y = demo_data()
    >>> X.shape, y[:3].tolist(), y[-1].item()
    ((300, 2), [0, 0, 0], 3)
    """
    return make_blobs(DEMO_CENTERS, DEMO_N_PER_CLASS, scale=DEMO_SCALE, seed=DEMO_SEED)


def gaussian_nll(y, mean, *, variance: float = 1.0):
    """Negative log-likelihood per example (nats) of real targets ``y`` under ``N(mean, variance)``.

    Parameters
    ----------
    y : array_like of float, shape (N,)
        Observed real values.
    mean : array_like of float, shape (N,) or scalar
        The model's mean (its prediction) for each example.
    variance : float, optional
        The model's variance ``v > 0``, the same for every example.

    Returns
    -------
    numpy.float64
        ``(1/N) sum_m [ (y_m - mean_m)^2 / (2 v) + ln(2 pi v) / 2 ]``: the mean
        squared error divided by ``2 v``, plus a constant that does not depend
        on the predictions.

    Raises
    ------
    ValueError
        If ``y`` or ``mean`` is not finite, they do not broadcast to one
        1-D array of at least one example, or ``variance`` is not a finite
        number > 0.

    Notes
    -----
    The density of ``N(mu, v)`` at ``y`` is ``exp(-(y - mu)^2 / (2 v)) / sqrt(2 pi v)``;
    the formula above is minus its natural log, averaged.  For a fixed ``v``,
    minimising it over the predictions is minimising the mean squared error.

    Examples
    --------
    >>> import math
    >>> from lib.train import gaussian_nll
    >>> float(gaussian_nll([1.0, 3.0], [2.0, 2.0])) == 0.5 + 0.5 * math.log(2 * math.pi)
    True
    """
    t = V.as_float_array(y, "y")
    mu = V.as_float_array(mean, "mean")
    v = V.number(variance, "variance", 0.0, low_open=True)
    if t.ndim != 1 or t.size == 0 or not np.isfinite(t).all():
        raise ValueError(f"y must be a finite non-empty 1-D array, got shape {t.shape}")
    if mu.ndim > 1 or (mu.ndim == 1 and mu.shape != t.shape) or not np.isfinite(mu).all():
        raise ValueError(f"mean must be finite and a scalar or of the shape of y {t.shape}, got shape {mu.shape}")
    return np.mean((t - mu) ** 2) / (2 * v) + 0.5 * math.log(2 * math.pi * v)
