"""Tests of lib.coding: Huffman codes, Kraft's inequality, encoding and decoding."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import lib
from lib import coding as C
from numerics_support import strict

WEATHER = np.array([0.35, 0.35, 0.10, 0.10, 0.04, 0.04, 0.01, 0.01])
VARIABLE = [2, 2, 3, 3, 4, 4, 5, 5]



@st.composite
def distributions(draw, min_size=1, max_size=10, zeros=True):
    """Distributions built from integer weights (some may be 0), normalised."""
    lo = 0 if zeros else 1
    weights = draw(st.lists(st.integers(lo, 1000), min_size=min_size, max_size=max_size))
    if sum(weights) == 0:
        weights[0] = 1
    w = np.array(weights, dtype=float)
    return w / w.sum()


def _huffman_length(p):
    return C.expected_length(p, C.code_lengths(C.huffman_code(p)))


# --------------------------------------------------------------------------- values from the book


def test_weather_codes_match_the_curriculum():
    assert C.kraft_sum(VARIABLE) == 0.9375
    assert C.expected_length(WEATHER, VARIABLE) == pytest.approx(2.42, abs=1e-12)
    assert C.expected_length(WEATHER[::-1], VARIABLE) == pytest.approx(4.58, abs=1e-12)
    assert C.expected_length(WEATHER, [3] * 8) == pytest.approx(3.0, abs=1e-12)
    assert C.canonical_code(VARIABLE) == ["00", "01", "100", "101", "1100", "1101", "11100", "11101"]
    np.testing.assert_array_equal(C.implied_distribution(VARIABLE), [1 / 4, 1 / 4, 1 / 8, 1 / 8, 1 / 16, 1 / 16, 1 / 32, 1 / 32])


def test_weather_huffman_code():
    code = C.huffman_code(WEATHER)
    lengths = C.code_lengths(code)
    assert C.is_prefix_free(code)
    assert C.kraft_sum(lengths) == 1.0
    # Worked by hand: 0.01+0.01, +0.04, +0.04, then 0.1+0.1, +0.1, +0.35, +0.35.
    np.testing.assert_array_equal(lengths, [1, 2, 4, 4, 4, 5, 6, 6])
    assert C.expected_length(WEATHER, lengths) == pytest.approx(2.33, abs=1e-12)
    assert lib.entropy(WEATHER) <= C.expected_length(WEATHER, lengths) < lib.entropy(WEATHER) + 1


def test_known_small_codes():
    assert C.huffman_code([0.5, 0.25, 0.125, 0.125]) == ["0", "10", "110", "111"]
    assert C.huffman_code([1.0]) == ["0"]
    assert C.huffman_code([0.25] * 4) == ["00", "01", "10", "11"]
    # ties: the earlier of two equal symbols is never longer
    assert C.huffman_code([1 / 3, 1 / 3, 1 / 3]) == ["0", "10", "11"]
    # zero-probability symbols get (the longest) codewords and cost nothing
    code = C.huffman_code([0.5, 0.0, 0.5])
    assert C.code_lengths(code).tolist() == [1, 2, 2]
    assert C.canonical_code([3, 1, 3, 2]) == ["110", "0", "111", "10"]


def test_huffman_is_deterministic():
    p = np.full(7, 1 / 7)
    assert C.huffman_code(p) == C.huffman_code(p.copy()) == C.huffman_code(list(p))


# --------------------------------------------------------------------------- laws


@given(distributions())
def test_huffman_length_between_entropy_and_entropy_plus_one(p):
    code = C.huffman_code(p)
    assert C.is_prefix_free(code)
    L, H = _huffman_length(p), float(lib.entropy(p))
    assert H - 1e-12 <= L <= H + 1 + 1e-12
    if p.max() < 1 - 1e-9:
        assert L < H + 1
    if p.size >= 2:
        assert C.kraft_sum(C.code_lengths(code)) == 1.0


@given(st.lists(st.integers(1, 8), min_size=1, max_size=12))
def test_huffman_length_equals_entropy_for_dyadic_p(exponents):
    w = np.ldexp(1.0, -np.array(exponents))
    # complete the distribution with powers of 1/2 until it sums to exactly 1
    missing = 1.0 - w.sum()
    while missing < 0:
        w = w[:-1]
        missing = 1.0 - w.sum()
    extra = []
    k = 1
    while missing > 0:
        part = math.ldexp(1.0, -k)
        if part <= missing:
            extra.append(part)
            missing -= part
        k += 1
    p = np.concatenate([w, extra])
    assert p.sum() == 1.0
    lengths = C.code_lengths(C.huffman_code(p))
    assert _huffman_length(p) == pytest.approx(float(lib.entropy(p)), abs=1e-12)
    np.testing.assert_array_equal(lengths, -np.log2(p))
    np.testing.assert_array_equal(C.implied_distribution(lengths), p)


def _brute_force_minimum(p):
    """Smallest expected length over all length vectors with Kraft sum <= 1."""
    n = len(p)
    best = math.inf
    for lengths in itertools.product(range(1, n + 1), repeat=n):
        if C.kraft_sum(lengths) <= 1:
            best = min(best, C.expected_length(p, lengths))
    return best


@settings(max_examples=40)  # the brute force tries n^n length vectors (3125 for n = 5)
@given(distributions(min_size=1, max_size=5))
def test_huffman_is_optimal_against_brute_force(p):
    # every prefix code has lengths with Kraft sum <= 1 (and such lengths always have one):
    # no optimal code needs a codeword longer than n bits
    assert _huffman_length(p) == pytest.approx(_brute_force_minimum(p), abs=1e-12)


@given(distributions(min_size=1, max_size=9), st.data())
def test_encode_decode_round_trip(p, data):
    code = C.huffman_code(p)
    symbols = data.draw(st.lists(st.integers(0, len(code) - 1), max_size=50))
    bits = C.encode(symbols, code)
    assert set(bits) <= {"0", "1"}
    assert len(bits) == sum(len(code[s]) for s in symbols)
    np.testing.assert_array_equal(C.decode(bits, code), symbols)


@given(st.lists(st.integers(1, 7), min_size=1, max_size=10), st.data())
def test_canonical_code_round_trip_when_kraft_holds(lengths, data):
    if C.kraft_sum(lengths) > 1:
        with pytest.raises(ValueError, match="Kraft"):
            C.canonical_code(lengths)
        return
    code = C.canonical_code(lengths)
    assert C.is_prefix_free(code)
    assert C.code_lengths(code).tolist() == lengths
    symbols = data.draw(st.lists(st.integers(0, len(code) - 1), max_size=30))
    np.testing.assert_array_equal(C.decode(C.encode(symbols, code), code), symbols)


@given(distributions(min_size=2, max_size=8, zeros=False))
def test_expected_length_of_a_complete_code_is_a_cross_entropy(p):
    """For a complete code, sum p_i l_i = H(p, q) with q_i = 2^-l_i (and so >= H(p): Gibbs)."""
    lengths = C.code_lengths(C.huffman_code(p))
    q = C.implied_distribution(lengths)
    assert C.expected_length(p, lengths) == pytest.approx(float(lib.cross_entropy(p, q)), rel=1e-12)


# --------------------------------------------------------------------------- simulation


@pytest.mark.parametrize(
    "p, q",
    [
        (WEATHER, WEATHER),
        (WEATHER, WEATHER[::-1]),
        (WEATHER[::-1], WEATHER),
        ([0.8, 0.2], [0.2, 0.8]),
        ([0.5, 0.25, 0.125, 0.125], [0.125, 0.125, 0.25, 0.5]),
    ],
)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_simulated_rate_converges_to_expected_length(p, q, seed):
    """Law of large numbers: the rate is a mean of n i.i.d. codeword lengths.

    Its standard error is sd_p(l) / sqrt(n); a deviation above 5 standard errors
    has probability below 6e-7 under the normal approximation (and, by
    Chebyshev, below 1/25 whatever the shape), so with fixed seeds this test is
    deterministic and would only fail for a real bias.
    """
    p = np.asarray(p)
    n = 20_000
    lengths = C.code_lengths(C.huffman_code(q))
    mean = C.expected_length(p, lengths)
    sd = math.sqrt(C.expected_length(p, lengths**2) - mean**2)
    rate = C.simulate_code_rate(p, q, n, seed=seed)
    assert abs(rate - mean) <= 5 * sd / math.sqrt(n) + 1e-12


def test_simulated_rate_reaches_cross_entropy_for_dyadic_q():
    p = np.array([0.5, 0.25, 0.125, 0.125])
    q = p[::-1]
    target = float(lib.cross_entropy(p, q))  # 2.625 bits: exact for dyadic q
    lengths = C.code_lengths(C.huffman_code(q))
    assert C.expected_length(p, lengths) == target
    sd = math.sqrt(C.expected_length(p, lengths**2) - target**2)
    errors = [abs(C.simulate_code_rate(p, q, n, seed=0) - target) for n in (100, 10_000, 1_000_000)]
    assert errors[-1] <= 5 * sd / math.sqrt(1_000_000)
    assert errors[-1] < errors[0]


def test_simulation_with_a_given_code_and_seed():
    code = C.canonical_code(VARIABLE)
    a = C.simulate_code_rate(WEATHER, None, 5000, seed=3, code=code)
    b = C.simulate_code_rate(WEATHER, None, 5000, seed=3, code=code)
    assert a == b
    rng = np.random.default_rng(3)
    symbols = rng.choice(8, size=5000, p=WEATHER)
    assert a == len(C.encode(symbols, code)) / 5000
    assert C.simulate_code_rate([0.5, 0.5], [0.5, 0.5], 7, seed=0) == 1.0


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: C.huffman_code([0.5, 0.6]), "p must sum to 1"),
        (lambda: C.huffman_code([[0.5, 0.5], [0.5, 0.5]]), "p must be one distribution"),
        (lambda: C.huffman_code([-0.5, 1.5]), "p contains a negative"),
        (lambda: C.huffman_code([]), "p must not be empty"),
        (lambda: C.kraft_sum([0, 1]), "lengths must be >= 1"),
        (lambda: C.kraft_sum([1.5, 2]), "whole numbers"),
        (lambda: C.kraft_sum(["a"]), "lengths must contain integers"),
        (lambda: C.kraft_sum([]), "non-empty"),
        (lambda: C.implied_distribution([1, 1, 2]), "violate Kraft"),
        (lambda: C.canonical_code([1, 1, 1]), "violate Kraft"),
        (lambda: C.expected_length([0.5, 0.5], [1, 1, 1]), "same length"),
        (lambda: C.expected_length([0.5, 0.4], [1, 1]), "p must sum to 1"),
        (lambda: C.code_lengths([]), "code must be a non-empty list"),
        (lambda: C.code_lengths("0101"), "code must be a non-empty list"),
        (lambda: C.code_lengths(["0", "12"]), r"code\[1\]"),
        (lambda: C.code_lengths(["0", ""]), r"code\[1\]"),
        (lambda: C.code_lengths(["01", "01"]), "same codeword"),
        (lambda: C.encode([0, 1], ["0", "01"]), "not prefix-free"),
        (lambda: C.decode("0", ["1", "10"]), "not prefix-free"),
        (lambda: C.encode([0, 3], ["0", "10", "11"]), "symbols contains 3"),
        (lambda: C.encode([0, -1], ["0", "10", "11"]), "symbols contains -1"),
        (lambda: C.encode([0.0, 1.0], ["0", "1"]), "integer indices"),
        (lambda: C.decode("012", ["0", "1"]), "bits must be a string"),
        (lambda: C.decode([0, 1], ["0", "1"]), "bits must be a string"),
        (lambda: C.decode("1", ["0", "10", "11"]), "end in the middle"),
        (lambda: C.decode("0111", ["0", "10"]), "no codeword and begins none"),
        (lambda: C.simulate_code_rate([0.5, 0.5], [1.0], 10, seed=0), "same shape"),
        (lambda: C.simulate_code_rate([0.5, 0.5], [0.5, 0.5], 0, seed=0), "n must be an integer >= 1"),
        (lambda: C.simulate_code_rate([0.5, 0.5], [0.5, 0.5], 2.5, seed=0), "n must be an integer >= 1"),
        (lambda: C.simulate_code_rate([0.5, 0.5], None, 10, seed=0), "exactly one"),
        (lambda: C.simulate_code_rate([0.5, 0.5], [0.5, 0.5], 10, seed=0, code=["0", "1"]), "exactly one"),
        (lambda: C.simulate_code_rate([0.5, 0.5], None, 10, seed=0, code=["0", "10", "11"]), "one codeword per"),
        (lambda: C.simulate_code_rate([0.5, 0.5], [0.3, 0.3], 10, seed=0), "q must sum to 1"),
    ],
)
def test_bad_input_raises_a_clear_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_empty_message_round_trips():
    code = ["0", "1"]
    assert C.encode([], code) == ""
    assert C.decode("", code).tolist() == []


def test_is_prefix_free():
    assert C.is_prefix_free(["0", "10", "11"])
    assert not C.is_prefix_free(["1", "0", "10"])
    assert not C.is_prefix_free(["110", "11"])


def test_no_warnings_leak():
    with strict():
        C.huffman_code([0.5, 0.0, 0.5])
        C.simulate_code_rate(WEATHER, WEATHER, 1000, seed=0)
        C.implied_distribution([1, 2, 60])
