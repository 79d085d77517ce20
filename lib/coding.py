"""Prefix codes: Huffman codes, Kraft's inequality, encoding and decoding.

A binary *prefix code* gives symbol ``i`` (an integer index ``0 .. n-1``) a
codeword, a string of ``'0'`` and ``'1'``, such that no codeword is the
beginning of another; a concatenation of codewords then decodes without
separators.  Codes are plain Python lists of codeword strings: ``code[i]`` is
the codeword of symbol ``i``.

The coding view of cross-entropy, in the functions below:

* a code with codeword lengths ``l_i`` acts as if it believed the
  :func:`implied_distribution` ``q_i = 2**-l_i``;
* its :func:`expected_length` under the true distribution ``p`` is
  ``sum_i p_i l_i = sum_i p_i log2(1/q_i)``, the cross-entropy ``H(p, q)`` in
  bits when the code is complete (its :func:`kraft_sum` ``K`` is 1); otherwise
  ``q`` is no distribution and the sum is ``H(p, q / K) + log2(1/K)``;
* :func:`simulate_code_rate` checks this by encoding random symbols.

Every codeword has at least one bit (so a one-symbol alphabet gets the code
``['0']``).  Lengths are positive integers throughout.  Bad input raises
:class:`ValueError` naming the argument.
"""

from __future__ import annotations

import heapq
import math

import numpy as np

from . import _validate as V

__all__ = [
    "huffman_code",
    "canonical_code",
    "code_lengths",
    "kraft_sum",
    "implied_distribution",
    "expected_length",
    "is_prefix_free",
    "encode",
    "decode",
    "simulate_code_rate",
]


# --------------------------------------------------------------------------- checks


def _distribution_1d(p, name: str) -> np.ndarray:
    arr, _ = V.distribution(p, name)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one distribution (1-D), got shape {arr.shape}")
    return arr


def _lengths(lengths, name: str = "lengths") -> np.ndarray:
    """Check codeword lengths: a non-empty 1-D sequence of integers >= 1."""
    arr = np.asarray(lengths)
    if arr.dtype == object or arr.dtype.kind not in "biuf" or arr.dtype.kind == "b":
        raise ValueError(f"{name} must contain integers, got dtype {arr.dtype}")
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sequence, got shape {arr.shape}")
    if arr.dtype.kind == "f" and not (np.isfinite(arr).all() and (arr == np.round(arr)).all()):
        raise ValueError(f"{name} must contain whole numbers, got {arr.tolist()}")
    if (arr < 1).any():
        raise ValueError(f"{name} must be >= 1 (every codeword has at least one bit), got {arr.tolist()}")
    return arr.astype(np.int64)


def _code(code, name: str = "code") -> list[str]:
    """Check a code: a non-empty list of distinct, non-empty strings of '0'/'1'."""
    if isinstance(code, str) or not hasattr(code, "__len__") or len(code) == 0:
        raise ValueError(f"{name} must be a non-empty list of codeword strings, got {code!r}")
    words = list(code)
    for i, w in enumerate(words):
        if not isinstance(w, str) or w == "" or set(w) - {"0", "1"}:
            raise ValueError(f"{name}[{i}] must be a non-empty string of '0' and '1', got {w!r}")
    seen: dict[str, int] = {}
    for i, w in enumerate(words):
        if w in seen:
            raise ValueError(f"{name} gives the same codeword {w!r} to symbols {seen[w]} and {i}")
        seen[w] = i
    return words


def _prefix_violation(words: list[str]):
    """A pair ``(i, j)`` with ``words[i]`` a proper prefix of ``words[j]``, or None."""
    order = sorted(range(len(words)), key=lambda k: words[k])
    # In sorted order, a word that is a prefix of others is immediately followed by one of them.
    for a, b in zip(order, order[1:]):
        if words[b].startswith(words[a]):
            return a, b
    return None


def _prefix_code(code, name: str = "code") -> list[str]:
    words = _code(code, name)
    bad = _prefix_violation(words)
    if bad is not None:
        i, j = bad
        raise ValueError(
            f"{name} is not prefix-free: codeword {words[i]!r} of symbol {i} begins "
            f"codeword {words[j]!r} of symbol {j}"
        )
    return words


# --------------------------------------------------------------------------- lengths


def kraft_sum(lengths) -> float:
    """Kraft's sum ``sum_i 2**-l_i`` of codeword lengths.

    Parameters
    ----------
    lengths : array_like of int, shape (n,)
        Codeword lengths, each >= 1.

    Returns
    -------
    float
        The sum, computed exactly (``math.fsum`` of powers of two) for lengths
        up to about 50 bits.  A prefix code with these lengths exists if and
        only if the sum is <= 1 (Kraft's inequality); ``1 - kraft_sum`` is the
        share of the bit strings the code leaves unused.

    Raises
    ------
    ValueError
        If ``lengths`` is empty, not 1-D, or holds a value that is not an
        integer >= 1.

    Examples
    --------
    >>> from lib.coding import kraft_sum
    >>> kraft_sum([2, 2, 3, 3, 4, 4, 5, 5])
    0.9375
    >>> kraft_sum([1, 1])
    1.0
    """
    arr = _lengths(lengths)
    return math.fsum(math.ldexp(1.0, -int(l)) for l in arr)


def _check_kraft(arr: np.ndarray, name: str = "lengths") -> None:
    s = kraft_sum(arr)
    if s > 1.0:
        raise ValueError(
            f"{name} violate Kraft's inequality: sum of 2**-l is {s!r} > 1, so no prefix code has them"
        )


def implied_distribution(lengths) -> np.ndarray:
    """The distribution ``q_i = 2**-l_i`` that codeword lengths ``l_i`` are optimal for.

    Parameters
    ----------
    lengths : array_like of int, shape (n,)
        Codeword lengths of a prefix code (each >= 1, Kraft sum <= 1).

    Returns
    -------
    numpy.ndarray of float64, shape (n,)
        ``2.0 ** -lengths``.  It sums to :func:`kraft_sum` ``(lengths)``: to 1
        for a complete code (every Huffman code with two or more symbols),
        to less than 1 when the code leaves bit strings unused.  Only in the
        first case is it a probability distribution that
        :func:`lib.cross_entropy` accepts.

    Raises
    ------
    ValueError
        If ``lengths`` is not valid (see :func:`kraft_sum`) or violates
        Kraft's inequality (sum of ``2**-l`` above 1).

    Examples
    --------
    >>> from lib.coding import implied_distribution
    >>> implied_distribution([1, 2, 3, 3])
    array([0.5  , 0.25 , 0.125, 0.125])
    """
    arr = _lengths(lengths)
    _check_kraft(arr)
    return np.ldexp(1.0, -arr)


def expected_length(p, lengths) -> float:
    """Average codeword length ``sum_i p_i l_i`` in bits per symbol.

    Parameters
    ----------
    p : array_like of float, shape (n,)
        Distribution of the symbols (sums to 1).
    lengths : array_like of int, shape (n,)
        Codeword lengths, each >= 1.  They need not satisfy Kraft's
        inequality (the number is then not reachable by any prefix code).

    Returns
    -------
    float
        ``sum_i p_i l_i``.  With ``q_i = 2**-l_i`` this is
        ``sum_i p_i log2(1/q_i)``: the cross-entropy ``H(p, q)`` in bits.

    Raises
    ------
    ValueError
        If ``p`` is not a 1-D distribution, ``lengths`` is not valid, or they
        differ in length.

    Examples
    --------
    >>> from lib.coding import expected_length
    >>> expected_length([0.5, 0.25, 0.25], [1, 2, 2])
    1.5
    """
    pa = _distribution_1d(p, "p")
    arr = _lengths(lengths)
    if pa.shape != arr.shape:
        raise ValueError(f"p and lengths must have the same length, got {pa.size} and {arr.size}")
    return math.fsum(float(a) * int(l) for a, l in zip(pa, arr))


def code_lengths(code) -> np.ndarray:
    """Lengths of the codewords of ``code``.

    Parameters
    ----------
    code : list of str
        Codewords (strings of ``'0'`` and ``'1'``), ``code[i]`` for symbol ``i``.

    Returns
    -------
    numpy.ndarray of int64, shape (n,)

    Raises
    ------
    ValueError
        If ``code`` is empty, holds something other than a non-empty string of
        ``'0'``/``'1'``, or gives two symbols the same codeword.

    Examples
    --------
    >>> from lib.coding import code_lengths
    >>> code_lengths(["0", "10", "11"])
    array([1, 2, 2])
    """
    return np.array([len(w) for w in _code(code)], dtype=np.int64)


def is_prefix_free(code) -> bool:
    """True if no codeword of ``code`` is the beginning of another.

    Raises
    ------
    ValueError
        If ``code`` is not a valid list of distinct codewords (see :func:`code_lengths`).

    Examples
    --------
    >>> from lib.coding import is_prefix_free
    >>> is_prefix_free(["0", "10", "11"]), is_prefix_free(["0", "01", "11"])
    (True, False)
    """
    return _prefix_violation(_code(code)) is None


# --------------------------------------------------------------------------- codes


def canonical_code(lengths) -> list[str]:
    """The canonical prefix code with the given codeword lengths.

    Symbols are taken in order of (length, index); each gets the next binary
    number of its length: the first gets all zeros, and a longer codeword
    continues, shifted left, from where the shorter ones stopped (the scheme
    of DEFLATE).  So ``[2, 2, 3, 3]`` gives ``['00', '01', '100', '101']``.

    Parameters
    ----------
    lengths : array_like of int, shape (n,)
        Codeword lengths, each >= 1, with Kraft sum <= 1.

    Returns
    -------
    list of str
        ``n`` codewords; ``len(code[i]) == lengths[i]``.  The code is prefix-free.
        When the Kraft sum is below 1 the unused bit strings are the ones that
        begin with the most ``1`` s.

    Raises
    ------
    ValueError
        If ``lengths`` is not valid (see :func:`kraft_sum`) or violates Kraft's
        inequality.

    Examples
    --------
    >>> from lib.coding import canonical_code
    >>> canonical_code([3, 1, 3, 2])
    ['110', '0', '111', '10']
    """
    arr = _lengths(lengths)
    _check_kraft(arr)
    code = [""] * arr.size
    value, prev = 0, int(arr.min())
    for i in sorted(range(arr.size), key=lambda k: (int(arr[k]), k)):
        value <<= int(arr[i]) - prev
        prev = int(arr[i])
        code[i] = format(value, f"0{prev}b")
        value += 1
    return code


def _huffman_lengths(p: np.ndarray) -> np.ndarray:
    """Codeword lengths of a Huffman code (deterministic ties; see huffman_code)."""
    n = p.size
    depth = np.zeros(n, dtype=np.int64)
    # (weight, order, symbols): among equal weights the smallest order is merged
    # first: leaves (order n-1-i, so the last symbol first), then merged nodes
    # (order n, n+1, ... in order of creation).
    heap = [(float(w), n - 1 - i, (i,)) for i, w in enumerate(p)]
    heapq.heapify(heap)
    order = n
    while len(heap) > 1:
        w1, _, s1 = heapq.heappop(heap)
        w2, _, s2 = heapq.heappop(heap)
        depth[list(s1 + s2)] += 1
        heapq.heappush(heap, (w1 + w2, order, s1 + s2))
        order += 1
    return np.maximum(depth, 1)


def huffman_code(p) -> list[str]:
    """An optimal binary prefix code for the distribution ``p`` (Huffman's algorithm).

    Parameters
    ----------
    p : array_like of float, shape (n,)
        Probabilities of the symbols ``0 .. n-1`` (non-negative, sum 1).

    Returns
    -------
    list of str
        ``code[i]`` is the codeword of symbol ``i``.  Its expected length
        ``lbar = sum_i p_i len(code[i])`` is the smallest of all prefix codes and
        satisfies ``H(p) <= lbar <= H(p) + 1``, with ``lbar < H(p) + 1`` unless some
        ``p_i = 1``, and ``lbar == H(p)`` exactly when every ``p_i`` is a power
        of 1/2.  For ``n >= 2`` the code is complete (Kraft sum 1).

    Raises
    ------
    ValueError
        If ``p`` is not a 1-D probability distribution.

    Notes
    -----
    Huffman's algorithm repeatedly merges the two least probable nodes; every
    merge adds one bit to the codewords of all symbols below the two nodes.
    Weights are the float64 sums of the inputs.  **Ties** (exactly equal
    weights) are broken deterministically: leaves are merged before merged
    nodes, leaves of equal weight from the *last* symbol backwards (so the
    earlier of two equally likely symbols is merged later and never sits
    deeper in the tree at that step), and merged nodes in the order they were
    made.  The codewords are then assigned by
    :func:`canonical_code` from the lengths, so the result depends only on
    ``p``.

    Symbols of probability 0 still get a codeword (they are merged first and
    so get the longest ones); they add nothing to ``lbar``.  A single symbol
    gets the one-bit code ``['0']``.

    Examples
    --------
    >>> from lib.coding import huffman_code
    >>> huffman_code([0.5, 0.25, 0.125, 0.125])
    ['0', '10', '110', '111']
    >>> huffman_code([1.0])
    ['0']
    """
    pa = _distribution_1d(p, "p")
    return canonical_code(_huffman_lengths(pa))


# --------------------------------------------------------------------------- encode / decode


def encode(symbols, code) -> str:
    """Concatenate the codewords of ``symbols``.

    Parameters
    ----------
    symbols : array_like of int, shape (m,)
        Symbol indices, each in ``0 .. len(code) - 1``.  May be empty.
    code : list of str
        A prefix code (see :func:`canonical_code`, :func:`huffman_code`).

    Returns
    -------
    str
        The bits, e.g. ``'0110'``; ``decode(encode(s, code), code)`` gives ``s`` back.

    Raises
    ------
    ValueError
        If ``code`` is not a prefix code, or ``symbols`` is not a 1-D sequence
        of integers in range.

    Examples
    --------
    >>> from lib.coding import encode
    >>> encode([0, 2, 1], ["0", "10", "11"])
    '01110'
    """
    words = _prefix_code(code)
    arr = np.asarray(symbols)
    if arr.size == 0:
        return ""
    if arr.ndim != 1 or arr.dtype.kind not in "iu":
        raise ValueError(f"symbols must be a 1-D sequence of integer indices, got {arr.dtype} of shape {arr.shape}")
    bad = (arr < 0) | (arr >= len(words))
    if bad.any():
        raise ValueError(
            f"symbols contains {int(arr[bad][0])}, but code has codewords only for symbols 0..{len(words) - 1}"
        )
    return "".join(words[int(s)] for s in arr)


def decode(bits, code) -> np.ndarray:
    """Split a bit string into codewords of ``code`` and return their symbols.

    Parameters
    ----------
    bits : str
        A string of ``'0'`` and ``'1'`` (may be empty).
    code : list of str
        A prefix code.

    Returns
    -------
    numpy.ndarray of int64, shape (m,)
        The symbols, read left to right (a prefix code needs no separators).

    Raises
    ------
    ValueError
        If ``code`` is not a prefix code, ``bits`` holds other characters, or
        ``bits`` does not decode: it runs into a bit string that is no
        codeword and begins none (possible when the code is incomplete), or
        it ends in the middle of a codeword.

    Examples
    --------
    >>> from lib.coding import decode
    >>> decode("01110", ["0", "10", "11"])
    array([0, 2, 1])
    """
    words = _prefix_code(code)
    if not isinstance(bits, str) or set(bits) - {"0", "1"}:
        raise ValueError(f"bits must be a string of '0' and '1', got {bits!r:.60}")
    symbol_of = {w: i for i, w in enumerate(words)}
    prefixes = {w[:k] for w in words for k in range(1, len(w))}
    out, start = [], 0
    for end in range(1, len(bits) + 1):
        piece = bits[start:end]
        if piece in symbol_of:
            out.append(symbol_of[piece])
            start = end
        elif piece not in prefixes:
            raise ValueError(f"bits do not decode: {piece!r} at position {start} is no codeword and begins none")
    if start != len(bits):
        raise ValueError(
            f"bits do not decode: they end in the middle of a codeword (left over: {bits[start:]!r})"
        )
    return np.array(out, dtype=np.int64)


# --------------------------------------------------------------------------- simulation


def simulate_code_rate(p, q, n, *, seed, code=None) -> float:
    """Bits per symbol when ``n`` symbols drawn from ``p`` are encoded with a code built for ``q``.

    Parameters
    ----------
    p : array_like of float, shape (k,)
        The true distribution the symbols are drawn from.
    q : array_like of float, shape (k,), or None
        The distribution the code is built for: the code is
        ``huffman_code(q)``.  Pass ``None`` together with ``code``.
    n : int
        Number of symbols, >= 1.
    seed : int
        Seed of :func:`numpy.random.default_rng`; the symbols are
        ``rng.choice(k, size=n, p=p)``.
    code : list of str, optional
        A prefix code with ``k`` codewords to use instead of ``huffman_code(q)``
        (then ``q`` must be ``None``).

    Returns
    -------
    float
        ``len(encode(symbols, code)) / n``.  By the law of large numbers it
        tends to ``expected_length(p, code_lengths(code))`` as ``n`` grows, with
        standard error ``std_p(l) / sqrt(n)``.  That limit is the cross-entropy
        ``H(p, q~)`` with the code's implied distribution ``q~ = 2**-l``, which
        is ``H(p, q)`` itself when every ``q_i`` is a power of 1/2.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a distribution, they differ in size, both or
        neither of ``q`` and ``code`` are given, ``code`` is not a prefix code
        of the right size, or ``n`` is not a positive integer.

    Examples
    --------
    >>> from lib.coding import simulate_code_rate
    >>> simulate_code_rate([0.5, 0.5], [0.5, 0.5], 1000, seed=0)
    1.0
    """
    pa = _distribution_1d(p, "p")
    if (q is None) == (code is None):
        raise ValueError("give exactly one of q (a distribution to build a Huffman code for) and code")
    if code is None:
        qa = _distribution_1d(q, "q")
        V.same_shape(pa, qa, "p", "q")
        code = huffman_code(qa)
    elif len(_prefix_code(code)) != pa.size:
        raise ValueError(f"code must have one codeword per outcome of p ({pa.size}), got {len(code)}")
    n = V.number(n, "n", 1, integer=True)
    rng = np.random.default_rng(seed)
    symbols = rng.choice(pa.size, size=n, p=pa)
    return len(encode(symbols, code)) / n
