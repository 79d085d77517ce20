"""The book's running examples, defined once so every chapter uses the same table.

Each is plain data (labels and probabilities); the chapters compute everything
else from it with ``lib``.

* :data:`WEATHER` -- the weather station of Part I: one report a day, eight
  kinds of weather (chapters 2, 3, 4 and 9).
* :data:`DOG_PHOTO` -- the four-class image classifier of Part II and its output
  for a photo of a dog (chapters 5 and 6).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["Example", "WEATHER", "DOG_PHOTO"]


class Example(NamedTuple):
    """Outcome labels and a probability for each, in the same order."""

    labels: tuple[str, ...]
    p: np.ndarray


def _example(labels, p) -> Example:
    p = np.array(p, dtype=float)
    p.setflags(write=False)  # shared by every chapter: nobody may change it in place
    return Example(tuple(labels), p)


#: The daily weather report: the two common weathers, two occasional, two rare, two very rare.
WEATHER = _example(
    ["sunny", "cloudy", "rainy", "windy", "foggy", "stormy", "snowy", "hail"],
    [0.35, 0.35, 0.10, 0.10, 0.04, 0.04, 0.01, 0.01],
)

#: A partly trained classifier's probabilities for a photo of a dog.
DOG_PHOTO = _example(["dog", "cat", "horse", "cheetah"], [0.775, 0.116, 0.039, 0.070])
