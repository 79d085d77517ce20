"""The speed machinery of :mod:`lib`, in one place: cache-sized pieces, no needless ``errstate``, short rows by columns.

A formula such as ``-sum(p * log(p))`` or ``z - m - log(sum(exp(z - m)))``
written with numpy makes temporary arrays as large as its input.  Above a few
hundred thousand elements they no longer fit in the CPU cache, and every pass
waits for memory.  :func:`in_pieces` runs the same formula on pieces of about
:data:`PIECE` elements instead, so that each piece's temporaries stay in the
cache.  Below :data:`PIECE` elements (:data:`WHOLE` for a map) it is exactly
one call of the formula.  :func:`sum_terms` is the same for a sum of
element-wise terms (the information measures).

At the other end, a call on a handful of numbers costs what its numpy calls
cost, about a microsecond each whatever the size, and ``np.errstate`` is one
of the dearest.  :func:`quiet` silences floating-point warnings only when the
caller's checks could not rule them out (a zero, an infinity).

In between, a matrix of many short rows (a batch of four-class predictions)
is where numpy's reductions are slowest, because it reduces each row by
itself.  :func:`max_along` and :func:`sum_along` reduce such rows column by
column instead, with the same results.
"""

from __future__ import annotations

import contextlib

import numpy as np

_NOTHING = contextlib.nullcontext()


def quiet(needed: bool, **kinds):
    """``np.errstate(**kinds)`` if ``needed``, otherwise a context that does nothing.

    ``with quiet(q_min == 0, divide="ignore"):`` silences ``log(0)`` only when
    a zero is present; entering ``np.errstate`` costs about as much as a small
    numpy reduction.
    """
    return np.errstate(**kinds) if needed else _NOTHING

#: Elements per piece: small enough that a piece's temporaries stay in the CPU
#: cache, large enough that the Python loop costs nothing next to the arithmetic.
PIECE = 1 << 15

#: Up to this many elements a map or a per-slice reduction (the softmax family)
#: is one call: its few temporaries still fit in the cache, and each piece would
#: add its fixed cost (checks, ``errstate``, the copy into the result).  Sums of
#: element-wise terms (the information measures, whose temporaries are many) are
#: cut from :data:`PIECE` on.
WHOLE = 1 << 17


#: Rows at most this long are reduced column by column (:func:`max_along`).
FEW = 8


def max_along(z, axis):
    """``np.maximum.reduce(z, axis=axis, keepdims=True)``, the same numbers, faster for short rows.

    numpy reduces a short last axis one row at a time (about 30 ns a row);
    when the rows have at most :data:`FEW` entries the running element-wise
    maximum of the columns does the same work in ``C - 1`` vectorised calls.
    (Of +0.0 and -0.0, both the maximum, either may come out.)
    """
    if axis is None or axis != z.ndim - 1 or z.ndim < 2 or z.shape[-1] > FEW:
        return np.maximum.reduce(z, axis=axis, keepdims=True)
    m = z[..., :1].copy()
    for j in range(1, z.shape[-1]):
        np.maximum(m, z[..., j:j + 1], out=m)
    return m


#: numpy adds fewer than this many numbers one after the other, in order (pairwise summation starts at 8).
SEQUENTIAL = 8

#: ... and :func:`sum_along` adds columns only from this many rows on (below, its calls cost more than the rows).
MANY_ROWS = 64


def sum_along(x, axis, keepdims=False):
    """``np.add.reduce(x, axis=axis, keepdims=keepdims)``, the same floats, faster for many short rows.

    numpy reduces a short last axis one row at a time (about 30 ns a row) and
    adds a row of fewer than :data:`SEQUENTIAL` numbers in order; adding the
    columns in that order gives the same floats in ``C`` vectorised calls
    (``tests/test_pieces.py`` checks that they are the same).
    """
    if (axis is None or axis != x.ndim - 1 or x.ndim < 2 or not 1 < x.shape[-1] < SEQUENTIAL
            or x.size < MANY_ROWS * x.shape[-1]):
        return np.add.reduce(x, axis=axis, keepdims=keepdims)
    total = x[..., 0] + 0.0  # numpy starts from 0: a row of -0.0 sums to +0.0
    for j in range(1, x.shape[-1]):
        total += x[..., j]
    return total[..., None] if keepdims else total


def in_pieces(fn, arrays, axis, *, additive=False):
    """``fn(*arrays, axis=axis)``, evaluated on cache-sized pieces of whole slices along ``axis``.

    ``fn`` works slice by slice along ``axis`` and returns, for each slice,
    either a slice of the same length (a map, such as log-softmax) or one
    number kept as a length-1 axis (a reduction with ``keepdims=True``).  The
    arrays (all of one shape) are viewed as rows, one slice per row (``axis``
    ``None``: one row), and ``fn`` gets blocks of whole rows with ``axis=1``;
    the blocks' results are put back in the input's layout.

    ``additive=True`` says that ``fn`` is a sum of element-wise terms: then a
    row longer than a piece is cut as well, and the pieces' sums are added.
    """
    a0 = arrays[0]
    if a0.size <= (PIECE if additive else WHOLE):
        return fn(*arrays, axis=axis)
    n = a0.size if axis is None else a0.shape[axis]
    n_rows = a0.size // n
    per_piece = max(1, PIECE // n)
    cols = min(n, PIECE) if additive else n
    if n_rows <= per_piece and cols == n:  # one piece: the whole input
        return fn(*arrays, axis=axis)
    if axis is None:
        rows = [a.reshape(1, -1) for a in arrays]
    else:
        rows = [np.moveaxis(a, axis, -1).reshape(-1, n) for a in arrays]
    out = None
    for r in range(0, n_rows, per_piece):
        for c in range(0, n, cols):
            part = fn(*(a[r:r + per_piece, c:c + cols] for a in rows), axis=1)
            if out is None:
                out = np.zeros((n_rows, part.shape[1])) if additive else np.empty((n_rows, part.shape[1]))
            if additive:
                out[r:r + per_piece] += part
            else:
                out[r:r + per_piece] = part
    if axis is None:
        return out.reshape(a0.shape if out.shape[1] == n else (1,) * a0.ndim)
    lead = tuple(np.delete(a0.shape, axis))
    return np.moveaxis(out.reshape(lead + (out.shape[1],)), -1, axis)


def sum_terms(terms, arrays, axis, keepdims=False):
    """``sum(terms(*arrays), axis)``: the sum over each slice of its element-wise terms.

    ``terms`` may return a tuple of arrays: then their sums are added.  Large
    inputs are summed piece by piece (:func:`in_pieces`); short rows by columns
    (:func:`sum_along`).
    """
    if arrays[0].size <= PIECE:
        return _summed(terms(*arrays), axis, keepdims)
    sums = in_pieces(lambda *blocks, axis: _summed(terms(*blocks), axis, True), arrays, axis, additive=True)
    return sums if keepdims else sums.reshape(()) if axis is None else np.squeeze(sums, axis=axis)


def _summed(parts, axis, keepdims):
    """The sum of ``parts`` along ``axis``; ``parts`` may be a tuple of arrays, whose sums are added."""
    if type(parts) is not tuple:
        return sum_along(parts, axis, keepdims)
    total = sum_along(parts[0], axis, keepdims)
    for part in parts[1:]:
        total = total + sum_along(part, axis, keepdims)
    return total
