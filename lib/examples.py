"""The book's running examples, defined once so every chapter uses the same table.

Each is plain data (labels and probabilities); the chapters compute everything
else from it with ``lib``.

* :data:`WEATHER` -- the weather station of Part I: one report a day, eight
  kinds of weather (chapters 2, 3, 4 and 9).
* :data:`DOG_PHOTO` -- the four-class image classifier of Part II and its
  prediction for a photo of a dog (chapters 5, 6 and 9).  Its ``p`` field, also
  readable as ``q``, holds the model's output ``q``, not the true distribution (which
  is one-hot on dog).
* :data:`DOG_PHOTO_TRAINED` -- the same classifier's prediction for the same
  photo after more training (chapter 6).
* :func:`iid_blocks` -- the probabilities of all blocks of ``k`` independent
  reports from a distribution (chapter 2's block codes).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["Example", "WEATHER", "DOG_PHOTO", "DOG_PHOTO_TRAINED", "iid_blocks"]


class Example(NamedTuple):
    """Outcome labels and a probability for each, in the same order."""

    labels: tuple[str, ...]
    p: np.ndarray

    @property
    def q(self) -> np.ndarray:
        """The same array as ``p``, under the name a model's *prediction* has.

        :data:`DOG_PHOTO` and :data:`DOG_PHOTO_TRAINED` hold a classifier's predicted
        distribution, which the book writes ``q``; chapters read them as ``DOG_PHOTO.q``.
        """
        return self.p


def _example(labels, p) -> Example:
    p = np.array(p, dtype=float)
    p.setflags(write=False)  # shared by every chapter: nobody may change it in place
    return Example(tuple(labels), p)


#: The daily weather report: the two common weathers, two occasional, two rare, two very rare.
WEATHER = _example(
    ["sunny", "cloudy", "rainy", "windy", "foggy", "stormy", "snowy", "hail"],
    [0.35, 0.35, 0.10, 0.10, 0.04, 0.04, 0.01, 0.01],
)

#: A partly trained classifier's *predicted* probabilities for a photo of a dog: the model's output
#: ``q`` (read it as ``DOG_PHOTO.q``, an alias of the field ``p`` that every :class:`Example` has),
#: not the truth.  The photo is a dog, so the true distribution is the one-hot ``(1, 0, 0, 0)``.
DOG_PHOTO = _example(["dog", "cat", "horse", "cheetah"], [0.775, 0.116, 0.039, 0.070])

#: The same classifier after more training, on the same photo of a dog: more confident and still
#: right (classes in :data:`DOG_PHOTO`'s order). Chapter 6 follows the loss from a uniform guess
#: (``ln 4`` nats) through :data:`DOG_PHOTO` (0.255 nats) to this prediction (0.0640 nats).
DOG_PHOTO_TRAINED = _example(DOG_PHOTO.labels, [0.938, 0.032, 0.010, 0.020])


def iid_blocks(p, k: int) -> np.ndarray:
    """Probabilities of the ``n**k`` blocks of ``k`` independent draws from ``p``.

    A block is a sequence ``(x_1, ..., x_k)`` of outcomes drawn independently
    from the same distribution ``p``, so its probability is the product
    ``p[x_1] * ... * p[x_k]``.

    Parameters
    ----------
    p : array_like of float, shape (n,)
        A distribution: entries in [0, 1] adding up to 1.
    k : int
        Block length, at least 1.

    Returns
    -------
    numpy.ndarray of float64, shape (n**k,)
        The block probabilities, blocks in lexicographic order of their outcome
        indices (the order of ``itertools.product(range(n), repeat=k)``).

    Raises
    ------
    ValueError
        If ``p`` is not a one-dimensional distribution or ``k`` is not an
        integer >= 1.

    Notes
    -----
    The entropy of the blocks is ``k * H(p)``: surprisals of independent
    draws add, so their averages do too.

    Examples
    --------
    >>> iid_blocks([0.75, 0.25], 2)
    array([0.5625, 0.1875, 0.1875, 0.0625])
    """
    p = np.asarray(p, dtype=float)
    if p.ndim != 1 or p.size == 0 or np.any(~np.isfinite(p)) or np.any(p < 0) or np.any(p > 1):
        raise ValueError(f"p must be a one-dimensional array of probabilities, got {p!r}")
    if not np.isclose(p.sum(), 1.0, rtol=0, atol=1e-9):
        raise ValueError(f"p must add up to 1, got a sum of {p.sum()!r}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be an integer >= 1, got {k!r}")
    block = p
    for _ in range(k - 1):
        block = np.outer(block, p).ravel()  # every block so far, followed by every outcome
    return block.copy()
