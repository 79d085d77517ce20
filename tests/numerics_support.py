"""``strict``: run lib under the strictest floating-point rules, so a test fails on any leaked warning.

``with strict(): ...`` turns every warning into an error and makes numpy raise on any floating-point event,
so a lib call that leaks a ``RuntimeWarning`` (``divide by zero``, ``invalid value``, ...) fails its test.
"""

from __future__ import annotations

import contextlib
import warnings

import numpy as np


@contextlib.contextmanager
def strict():
    """Warnings are errors and numpy raises on floating-point events inside the block."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise"):
            yield
