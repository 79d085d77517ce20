"""Tests of lib._pieces' reductions by columns: the same floats as numpy's own reduction, faster.

``sum_along`` and ``max_along`` reduce a short last axis column by column instead of row by row; they are
only worth having if they give exactly what ``np.add.reduce`` / ``np.maximum.reduce`` give (every bit,
the sign of zero, NaN and infinities included) and if the column path is really the one taken.
"""

from __future__ import annotations

import types

import numpy as np
import pytest

import lib._pieces as P


def _awkward(rng, shape):
    """Random floats over 600 orders of magnitude, both signs, with +0.0, -0.0, +-inf and NaN sprinkled in."""
    x = rng.random(shape) * 10.0 ** rng.integers(-300, 300, shape) * rng.choice([-1.0, 1.0], shape)
    for value, share in ((0.0, 0.2), (-0.0, 0.2), (np.inf, 0.01), (-np.inf, 0.01), (np.nan, 0.01)):
        x[rng.random(shape) < share] = value
    return x


def _same(a, b, sign_of_zero=True):
    a, b = np.asarray(a), np.asarray(b)
    same_signs = not sign_of_zero or np.array_equal(np.signbit(a), np.signbit(b))
    return a.shape == b.shape and np.array_equal(a, b, equal_nan=True) and same_signs


@pytest.mark.parametrize("columns", range(1, 10))
@pytest.mark.parametrize("rows", [1, P.MANY_ROWS - 1, P.MANY_ROWS, 1000])
def test_sum_along_gives_numpys_floats(columns, rows):
    rng = np.random.default_rng(columns * 1000 + rows)
    x = _awkward(rng, (rows, columns))
    with np.errstate(all="ignore"):
        for keepdims in (False, True):
            assert _same(P.sum_along(x, 1, keepdims), np.add.reduce(x, axis=1, keepdims=keepdims))
        y = _awkward(rng, (3, rows, columns))
        assert _same(P.sum_along(y, 2, True), np.add.reduce(y, axis=2, keepdims=True))
        assert _same(P.sum_along(y, 1), np.add.reduce(y, axis=1))  # not the last axis: numpy itself
        assert _same(P.sum_along(x, None), np.add.reduce(x, axis=None))


@pytest.mark.parametrize("columns", range(1, 10))
def test_max_along_gives_numpys_floats(columns):
    """The same maxima; of +0.0 and -0.0 either may come out (both are the maximum; it only shifts logits)."""
    rng = np.random.default_rng(columns)
    x = _awkward(rng, (500, columns))
    assert _same(P.max_along(x, 1), np.maximum.reduce(x, axis=1, keepdims=True), sign_of_zero=False)
    assert _same(P.max_along(x, 0), np.maximum.reduce(x, axis=0, keepdims=True))


def test_the_column_paths_are_taken(monkeypatch):
    """With numpy's reductions made to fail, many short rows still reduce: by columns, not by numpy's reduce."""
    def refuse(*args, **kwargs):
        raise AssertionError("numpy's reduction was called")

    no_reduce = types.SimpleNamespace(add=types.SimpleNamespace(reduce=refuse),
                                      maximum=_CallableReduce(np.maximum, refuse))
    monkeypatch.setattr(P, "np", no_reduce)
    x = np.arange(P.MANY_ROWS * 4, dtype=float).reshape(-1, 4)
    assert list(P.sum_along(x, 1)[:2]) == [6.0, 22.0]
    assert list(P.max_along(x, 1)[:2, 0]) == [3.0, 7.0]


class _CallableReduce:
    """``np.maximum`` whose ``reduce`` is replaced."""

    def __init__(self, ufunc, reduce):
        self._ufunc, self.reduce = ufunc, reduce

    def __call__(self, *args, **kwargs):
        return self._ufunc(*args, **kwargs)
