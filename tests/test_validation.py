"""Bad input: every public function of lib raises ValueError naming the argument.

Each case is one ``pytest.param(function, args, kwargs, match)``; ``match`` is a
regular expression that must find the argument's name (and, where useful,
what is wrong) in the message.  Calls run under ``strict()`` so a case also
fails if a warning is emitted on the way to the error (never a silent nan).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lib import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_loss,
    entropy,
    kl_divergence,
    log_loss,
    log_softmax,
    logsumexp,
    softmax,
    surprisal,
)
from lib import _validate as V
from numerics_support import strict

NAN, INF = math.nan, math.inf
Z2 = np.array([[2.0, 0.5, -1.0, 0.0], [0.0, 1.0, 3.0, -2.0], [1.0, 1.0, 1.0, 1.0]])  # (N=3, C=4)
T2 = np.array([0, 3, 1])
P2 = np.full((3, 4), 0.25)
LOG_LOSS_P = [[0.2, 0.8], [0.6, 0.4], [0.5, 0.5]]
U = [0.5, 0.5]

CASES = []


def case(fn, args, match, id, **kwargs):
    CASES.append(pytest.param(fn, args, kwargs, match, id=id))


# --- probabilities: negative, NaN, above 1 ------------------------------------------------------------------
for name, bad in [("negative", -0.1), ("nan", NAN), ("above1", 1.0 + 1e-9), ("above1-big", 2.0), ("neg-inf", -INF)]:
    what = {"negative": "negative", "nan": "NaN", "above1": "above 1", "above1-big": "above 1", "neg-inf": "negative"}[name]
    case(surprisal, ([0.5, bad],), rf"^p contains .*{what}", f"surprisal-p-{name}")
    case(entropy, ([1.0 - 0.0, bad],), rf"^p contains .*{what}", f"entropy-p-{name}")
    case(cross_entropy, ([1.0, bad], U), rf"^p contains .*{what}", f"cross_entropy-p-{name}")
    case(cross_entropy, (U, [1.0, bad]), rf"^q contains .*{what}", f"cross_entropy-q-{name}")
    case(kl_divergence, ([1.0, bad], U), rf"^p contains .*{what}", f"kl-p-{name}")
    case(kl_divergence, (U, [1.0, bad]), rf"^q contains .*{what}", f"kl-q-{name}")
    case(binary_cross_entropy, ([0.5, bad], [1.0, 0.0]), rf"^y_prob contains .*{what}", f"bce-y_prob-{name}")
    case(binary_cross_entropy, ([0.5, 0.5], [1.0, bad]), rf"^y_true contains .*{what}", f"bce-y_true-{name}")
    case(binary_cross_entropy_with_logits, ([0.5, 0.5], [1.0, bad]), rf"^y_true contains .*{what}", f"bcel-y_true-{name}")
    case(log_loss, ([0, 1], [[0.5, 0.5], [1.0, bad]]), rf"^y_prob contains .*{what}", f"log_loss-y_prob-{name}")
    case(cross_entropy_loss, (Z2[:1], np.array([[1.0, 0.0, 0.0, bad]])), rf"^target contains .*{what}", f"ce_loss-target-{name}")

# The offending value reads as a plain number in the message, not as a NumPy repr such as np.float64(1.5).
case(surprisal, (np.array([0.5, 1.5]),), r"^p contains a probability above 1 \(1\.5\)$", "surprisal-value-plain")
case(entropy, (np.array([1.5, -0.5]),), r"^p contains a negative probability \(-0\.5\);", "entropy-value-plain")

# --- distributions whose sums miss 1 by more than SUM_ATOL (1e-9) ---------------------------------------------
case(entropy, ([0.5, 0.4],), r"^p must sum to 1", "entropy-sum-low")
case(entropy, ([0.5, 0.5 + 2e-9],), r"^p must sum to 1", "entropy-sum-just-above-tolerance")
case(entropy, ([0.5, 0.5 - 2e-9],), r"^p must sum to 1", "entropy-sum-just-below-tolerance")
case(entropy, ([0.0, 0.0],), r"^p must sum to 1", "entropy-all-zero")
case(entropy, (P2,), r"^p must sum to 1 along axis 0", "entropy-sum-axis0", axis=0)
case(entropy, ([[0.5, 0.5], [0.5, 0.6]],), r"^p must sum to 1", "entropy-one-bad-row")
case(cross_entropy, (U, [0.3, 0.3]), r"^q must sum to 1", "cross_entropy-q-sum")
case(cross_entropy, ([0.3, 0.3], U), r"^p must sum to 1", "cross_entropy-p-sum")
case(kl_divergence, (U, [0.9, 0.9]), r"^q must sum to 1", "kl-q-sum")
case(kl_divergence, ([0.1, 0.1], U), r"^p must sum to 1", "kl-p-sum")
case(log_loss, ([0, 1, 1], [[0.2, 0.7], [0.6, 0.4], [0.5, 0.5]]), r"^y_prob must sum to 1", "log_loss-rows-sum")
case(cross_entropy_loss, (Z2, np.full((3, 4), 0.3)), r"^target must sum to 1", "ce_loss-prob-target-sum")

# --- shape mismatch, no silent broadcasting ----------------------------------------------------------------------
for fn, fname in [(cross_entropy, "cross_entropy"), (kl_divergence, "kl")]:
    case(fn, (np.full(3, 1 / 3), np.full((1, 3), 1 / 3)), r"p and q must have the same shape", f"{fname}-(3,)vs(1,3)")
    case(fn, (np.full((2, 3), 1 / 3), np.full(3, 1 / 3)), r"p and q must have the same shape", f"{fname}-(2,3)vs(3,)")
    case(fn, (np.full(3, 1 / 3), np.full(2, 1 / 2)), r"p and q must have the same shape", f"{fname}-(3,)vs(2,)")
case(binary_cross_entropy, ([0.5, 0.5, 0.5], [[1.0, 0.0, 1.0]]), r"y_prob and y_true must have the same shape", "bce-shape")
case(binary_cross_entropy, ([[0.5] * 3] * 2, [1.0, 0.0, 1.0]), r"y_prob and y_true must have the same shape", "bce-(2,3)vs(3,)")
case(binary_cross_entropy_with_logits, ([0.5, 0.5, 0.5], [[1.0, 0.0, 1.0]]), r"logits and y_true must have the same shape", "bcel-shape")
case(cross_entropy_loss, (Z2, T2[:, None]), r"^target of class indices must have shape \(3,\)", "ce_loss-index-target-(3,1)")
case(cross_entropy_loss, (Z2, T2[:2]), r"^target of class indices must have shape", "ce_loss-index-target-short")
case(cross_entropy_loss, (Z2[0], T2), r"^target of class indices must have shape \(\)", "ce_loss-unbatched-vector-target")
case(cross_entropy_loss, (Z2, P2[:2]), r"^target of class probabilities .* must have the logits' shape", "ce_loss-prob-target-shape")
case(log_loss, ([0, 1], LOG_LOSS_P), r"y_true has 2 samples but y_prob has 3", "log_loss-n-samples")
case(log_loss, ([0, 1, 2], [0.2, 0.4, 0.5]), r"1-D y_prob .* 3 classes", "log_loss-1d-multiclass")
case(log_loss, ([0, 1, 2], [[0.2, 0.8]] * 3), r"y_prob has 2 columns but there are 3 classes", "log_loss-columns")
case(log_loss, ([0, 1], np.full((2, 2, 1), 0.5)), r"y_prob must be 1-D or 2-D", "log_loss-3d-y_prob")

# --- empty input ---------------------------------------------------------------------------------------------------
case(surprisal, ([],), r"^p must not be empty", "surprisal-empty")
case(entropy, ([],), r"^p must not be empty", "entropy-empty")
case(entropy, (np.empty((3, 0)),), r"^p must not be empty", "entropy-empty-2d")
case(cross_entropy, ([], []), r"^p must not be empty", "cross_entropy-empty")
case(kl_divergence, (U, []), r"^q must not be empty", "kl-empty-q")
case(logsumexp, ([],), r"^x must not be empty", "logsumexp-empty")
case(softmax, ([],), r"^z must not be empty", "softmax-empty")
case(log_softmax, (np.empty((2, 0)),), r"^z must not be empty", "log_softmax-empty")
case(cross_entropy_loss, (np.empty((0, 3)), np.empty(0, dtype=int)), r"^logits must not be empty", "ce_loss-empty")
case(binary_cross_entropy, ([], []), r"^y_prob must not be empty", "bce-empty")
case(binary_cross_entropy_with_logits, ([], []), r"^logits must not be empty", "bcel-empty")
case(log_loss, ([], []), r"^y_true must be a non-empty 1-D array", "log_loss-empty")

# --- scalars / non-numeric / bad axis ----------------------------------------------------------------------------
case(entropy, (0.5,), r"^p must have at least one dimension", "entropy-scalar")
case(softmax, (3.0,), r"^z must have at least one dimension", "softmax-scalar")
case(cross_entropy_loss, (5.0, 0), r"^logits must have a class axis", "ce_loss-scalar-logits")
case(entropy, (["a", "b"],), r"^p must contain real numbers", "entropy-strings")
case(surprisal, ([0.5 + 0.1j],), r"^p must contain real numbers", "surprisal-complex")
case(softmax, ([None, 1.0],), r"^z must contain real numbers", "softmax-object")
case(entropy, (U,), r"^axis 1 is out of range for p", "entropy-axis-out-of-range", axis=1)
case(entropy, (U,), r"^axis must be an integer", "entropy-axis-float", axis=0.0)
case(kl_divergence, (U, U), r"^axis -2 is out of range for p", "kl-axis-out-of-range", axis=-2)
case(logsumexp, ([1.0, 2.0],), r"^axis 1 is out of range for x", "logsumexp-axis", axis=1)
case(softmax, ([1.0, 2.0],), r"^axis must be an integer", "softmax-axis-float", axis=1.5)

# --- bad base -----------------------------------------------------------------------------------------------------
BASE_FUNCS = [
    (surprisal, ([0.5],), "surprisal"),
    (entropy, (U,), "entropy"),
    (cross_entropy, (U, U), "cross_entropy"),
    (kl_divergence, (U, U), "kl"),
    (cross_entropy_loss, (Z2, T2), "ce_loss"),
    (binary_cross_entropy, ([0.5], [1.0]), "bce"),
    (binary_cross_entropy_with_logits, ([0.5], [1.0]), "bcel"),
]
for fn, args, fname in BASE_FUNCS:
    for bad in [0, 1, -2, NAN, INF, "2", True, 1.0, -INF, None]:
        case(fn, args, r"^base must be a", f"{fname}-base={bad!r}", base=bad)

# --- logits: NaN, +inf, all -inf; temperature -------------------------------------------------------------------
for fn, fname, argname in [(logsumexp, "logsumexp", "x"), (softmax, "softmax", "z"), (log_softmax, "log_softmax", "z")]:
    case(fn, ([1.0, NAN],), rf"^{argname} contains NaN", f"{fname}-nan")
    case(fn, ([1.0, INF],), rf"^{argname} contains \+inf", f"{fname}-posinf")
for fn, fname in [(softmax, "softmax"), (log_softmax, "log_softmax")]:
    case(fn, ([[0.0, 1.0], [-INF, -INF]],), r"^z has a slice along axis -1 whose logits are all -inf", f"{fname}-all-neginf")
    for bad in [0, -1.0, NAN, INF, "1", True, None]:
        case(fn, ([1.0, 2.0],), r"^temperature must be a", f"{fname}-temperature={bad!r}", temperature=bad)
    case(fn, ([1e300, 0.0],), r"^z / temperature overflows", f"{fname}-temperature-overflow", temperature=1e-10)
case(cross_entropy_loss, (np.array([[1.0, NAN]]), [0]), r"^logits contains NaN", "ce_loss-logits-nan")
case(cross_entropy_loss, (np.array([[1.0, INF]]), [0]), r"^logits contains \+inf", "ce_loss-logits-posinf")
case(cross_entropy_loss, (np.array([[0.0, 1.0], [-INF, -INF]]), [0, 1]), r"^logits has an example whose logits are all -inf", "ce_loss-logits-all-neginf")
case(binary_cross_entropy_with_logits, ([NAN], [1.0]), r"^logits contains NaN", "bcel-logits-nan")

# --- class indices: out of range, wrong dtype -------------------------------------------------------------------
case(cross_entropy_loss, (Z2, np.array([0, -1, 2])), r"^target contains class index -1, outside \[0, 3\]", "ce_loss-index-negative")
case(cross_entropy_loss, (Z2, np.array([0, 4, 2])), r"^target contains class index 4, outside \[0, 3\]", "ce_loss-index-equals-C")
case(cross_entropy_loss, (Z2, np.array([0, -100, 2])), r"^target contains class index -100", "ce_loss-index--100-not-ignored", ignore_index=-1)
for bad in [1.5, True, "-100"]:
    case(cross_entropy_loss, (Z2, T2), r"^ignore_index must be an integer", f"ce_loss-ignore_index={bad!r}", ignore_index=bad)
case(cross_entropy_loss, (Z2[0], 4), r"^target contains class index 4", "ce_loss-unbatched-index-equals-C")
case(cross_entropy_loss, (Z2, np.array([0.0, 3.0, 1.0])), r"^target of class probabilities \(a float array\)", "ce_loss-float-indices")
case(cross_entropy_loss, (Z2, np.array([[0.0], [3.0], [1.0]])), r"^target of class probabilities \(a float array\)", "ce_loss-float-indices-2d")
case(cross_entropy_loss, (Z2, np.array([True, False, True])), r"^target must be integer class indices or float", "ce_loss-bool-target")
case(cross_entropy_loss, (Z2, np.array(["a", "b", "c"])), r"^target must be integer class indices or float", "ce_loss-str-target")

# --- label_smoothing, reduction, weight ---------------------------------------------------------------------------
for bad in [-0.1, 1.0 + 1e-12, 2.0, NAN, INF, -INF, "0.1", True, None]:
    case(cross_entropy_loss, (Z2, T2), r"^label_smoothing must be", f"ce_loss-label_smoothing={bad!r}", label_smoothing=bad)
    if bad == -0.1:
        case(cross_entropy_loss, (Z2, P2), r"^label_smoothing must be", "ce_loss-probs-label_smoothing=-0.1", label_smoothing=bad)
for fn, args, fname in [
    (cross_entropy_loss, (Z2, T2), "ce_loss"),
    (binary_cross_entropy, ([0.5], [1.0]), "bce"),
    (binary_cross_entropy_with_logits, ([0.5], [1.0]), "bcel"),
]:
    for bad in ["avg", "MEAN", "", None, "elementwise_mean"]:
        case(fn, args, r"^reduction must be one of", f"{fname}-reduction={bad!r}", reduction=bad)
for bad, m, wid in [
    ([1.0, 1.0, 1.0], r"^weight must have shape \(4,\)", "short"),
    ([1.0] * 5, r"^weight must have shape \(4,\)", "long"),
    ([[1.0] * 4], r"^weight must have shape \(4,\)", "2d"),
    ([], r"^weight must not be empty", "empty"),
    ([1.0, -1.0, 1.0, 1.0], r"^weight must contain finite numbers >= 0", "negative"),
    ([1.0, NAN, 1.0, 1.0], r"^weight must contain finite numbers >= 0", "nan"),
    ([1.0, INF, 1.0, 1.0], r"^weight must contain finite numbers >= 0", "inf"),
    (["a", "b", "c", "d"], r"^weight must contain real numbers", "strings"),
    ([0.0, 0.0, 1.0, 0.0], r"weights of the target classes sum to 0", "target-weights-sum-0"),  # T2 = 0, 3, 1
]:
    case(cross_entropy_loss, (Z2, T2), m, f"ce_loss-weight-{wid}", weight=bad)
case(cross_entropy_loss, (Z2, P2), r"^weight must contain finite", "ce_loss-probs-weight-negative", weight=[1, 1, -1, 1])

# --- log_loss labels and weights ---------------------------------------------------------------------------------
case(log_loss, ([1, 1, 1], LOG_LOSS_P), r"only one label .*labels", "log_loss-one-label")
case(log_loss, ([1, 1, 1], LOG_LOSS_P), r"only one label .*labels", "log_loss-labels-one-class", labels=[1])
case(log_loss, ([0, 1, 2], LOG_LOSS_P), r"y_true contains labels that are not in labels", "log_loss-label-not-in-labels", labels=[0, 1])
case(log_loss, (["a", "b", "c"], LOG_LOSS_P), r"y_true contains labels that are not in labels", "log_loss-str-label-not-in-labels", labels=["a", "b"])
case(log_loss, ([[0, 1], [1, 0], [0, 1]], LOG_LOSS_P), r"^y_true must be a non-empty 1-D array", "log_loss-y_true-2d")
case(log_loss, (0, [0.5]), r"^y_true must be a non-empty 1-D array", "log_loss-y_true-scalar")
case(log_loss, ([0, 1, 1], LOG_LOSS_P), r"^sample_weight must contain finite numbers >= 0", "log_loss-sw-negative", sample_weight=[1, -1, 1])
case(log_loss, ([0, 1, 1], LOG_LOSS_P), r"^sample_weight must contain finite numbers >= 0", "log_loss-sw-nan", sample_weight=[1, NAN, 1])
case(log_loss, ([0, 1, 1], LOG_LOSS_P), r"^sample_weight must have shape \(3,\)", "log_loss-sw-shape", sample_weight=[1, 1])
case(log_loss, ([0, 1, 1], LOG_LOSS_P), r"^sample_weight sums to 0", "log_loss-sw-all-zero", sample_weight=[0, 0, 0])
case(log_loss, ([0, 1, 1], [0.5, NAN, 0.5]), r"^y_prob contains NaN", "log_loss-1d-y_prob-nan")


N_BAD_INPUT_CASES = len(CASES)


@pytest.mark.parametrize("fn, args, kwargs, match", CASES)
def test_bad_input_raises_value_error_naming_the_argument(fn, args, kwargs, match):
    with strict():
        with pytest.raises(ValueError, match=match):
            fn(*args, **kwargs)


def test_case_count():
    """Documented in the closing note; update it there when cases are added."""
    assert N_BAD_INPUT_CASES == len({p.id for p in CASES}), "case ids must be unique"
    assert N_BAD_INPUT_CASES >= 200


# --------------------------------------------------------------------------- the tolerances themselves (valid input)


def test_sum_tolerance_boundary_is_accepted():
    assert V.SUM_ATOL == 1e-9 and V.PROB_ATOL == 1e-12
    with strict():
        assert np.isfinite(entropy([0.5, 0.5 + 5e-10]))
        assert np.isfinite(entropy([0.5, 0.5 - 5e-10]))
        assert np.isfinite(kl_divergence([0.5, 0.5 + 5e-10], [0.5 - 5e-10, 0.5]))
        assert surprisal(1.0 + 1e-13) == 0.0  # rounding noise above 1 is accepted
        assert cross_entropy_loss(Z2, P2, label_smoothing=1.0) == pytest.approx(cross_entropy_loss(Z2, P2), rel=1e-15, abs=0)
        assert cross_entropy_loss(Z2, T2, label_smoothing=0) == cross_entropy_loss(Z2, T2)


def test_valid_bases_are_accepted():
    with strict():
        for b in [2, 2.0, np.float64(2.0), np.int64(2), math.e, 10, 0.5, 1e-300, 1e300]:
            assert np.isfinite(entropy(U, base=b))
        assert entropy(U, base=0.5) == -1.0  # a base below 1 flips the sign; allowed (positive, != 1)


def test_sum_error_shows_the_sum_as_a_plain_number():
    """The message a reader sees (chapter 3 prints it) says 0.9375, not np.float64(0.9375)."""
    q = np.array([0.25, 0.25, 0.125, 0.125, 0.0625, 0.0625, 0.03125, 0.03125])
    with pytest.raises(ValueError, match=r"^q must sum to 1 along axis -1 \(within 1e-09\); found a sum of 0\.9375$"):
        cross_entropy(np.full(8, 1 / 8), q)


def test_large_inputs_are_checked_in_every_piece():
    """Above 4 * PIECE elements V.min_max reads an array piece by piece: a bad value in any piece is found."""
    import lib._pieces
    n = 5 * lib._pieces.PIECE + 3
    y = np.full(n, 0.5)
    for where in [0, n // 2, n - 1]:
        for bad, match in [(NAN, "NaN"), (-0.5, "a negative"), (1.5, "a probability above 1")]:
            p = np.full(n, 0.5)
            p[where] = bad
            with strict(), pytest.raises(ValueError, match=f"^y_prob contains {match}"):
                binary_cross_entropy(p, y)
        x = np.zeros(n)
        x[where] = NAN
        with strict(), pytest.raises(ValueError, match="^logits contains NaN"):
            binary_cross_entropy_with_logits(x, y)
    ramp = np.arange(n, dtype=float)
    assert V.min_max(ramp[::-1].copy()) == (0.0, n - 1.0) and V.min_max(ramp[::2]) == (0.0, 2.0 * ((n - 1) // 2))


def test_fast_paths_agree_with_the_general_checks():
    """The shortcuts of lib._validate (usual bases, small ints, one sum, the bounds) answer as the general code."""
    for b in [2, 2.0, math.e, 10, 10.0]:
        assert V.log_base(b) == math.log(float(b)) and V.log_base(np.float64(b)) == math.log(float(b))
    assert V.number(3, "n", 1, integer=True) == 3 and type(V.number(np.int64(3), "n", 1, integer=True)) is int
    with pytest.raises(ValueError, match="^n must be an integer >= 4"):
        V.number(3, "n", 4, integer=True)
    p, ax, lo, hi = V.distribution([[0.25, 0.75]], "p", bounds=True)
    assert (ax, lo, hi) == (1, 0.25, 1.0)
    with pytest.raises(ValueError, match="^p must sum to 1"):
        V.distribution([[0.25, 0.5]], "p")
    assert V.probabilities([0.0, 1.0], "p", bounds=True)[1:] == (0.0, 1.0)
    assert V.all_finite(np.array([1.0, 2.0])) and not V.all_finite(np.array([1.0, -INF]))
    with strict():
        assert V.all_finite(np.array([1e308, 1e308])) and V.all_finite(np.array([[-1e308]]))
        huge = np.array([[1e308, 0.0], [1e308, 1.0]])  # row maxima whose sum overflows: no warning, no error
        assert softmax(huge)[:, 0].tolist() == [1.0, 1.0] and logsumexp(huge).tolist() == [1e308, 1e308]


SMALL_INPUTS = [
    [0.5, 0.5], [1.0, NAN], [NAN, 1.0], [0.5, NAN, 0.5], [INF, -INF], [-INF, INF], [1.0, INF], [0.0, -0.0, 1.0],
    [1e308, 1e308], [-1e308, -1e308], [-0.0, 1.0], [1.0 + 1e-12, 0.0], [0.5, 0.5 + 2e-9], [0.25] * 4, [1 / 3] * 3,
    [0.0625] * 16, [0.0625] * 15 + [NAN], [0.1] * 10,
]


@pytest.mark.filterwarnings("ignore:.*encountered in reduce:RuntimeWarning")  # numpy's sum of [inf, -inf] or [1e308, 1e308]
@pytest.mark.parametrize("values", SMALL_INPUTS, ids=range(len(SMALL_INPUTS)))
def test_small_inputs_are_checked_as_by_numpy(values, monkeypatch):
    """Up to V.SMALL elements the checks first try a Python list; they accept, return and refuse exactly what numpy does."""
    x = np.array(values)

    def plain(result):  # np.float64 and float alike, -0.0 as 0.0; arrays as lists; NaN as "nan" (by repr)
        if isinstance(result, tuple):
            return tuple(plain(r) for r in result)
        if isinstance(result, np.ndarray):
            return result.tolist()
        return float(result) + 0.0 if isinstance(result, (float, np.floating)) else result  # (the sign of a 0 aside)

    def outcome(check, *args):
        try:
            return repr(plain(check(x.copy(), *args)))
        except ValueError as error:
            return f"ValueError: {error}"

    checks = [(V.min_max,), (V.probabilities, "p"), (V.distribution, "p"), (V.distribution, "p", None), (V.logits, "z")]
    assert x.size <= V.SMALL
    listed = [outcome(*check) for check in checks]
    monkeypatch.setattr(V, "SMALL", 0)
    assert listed == [outcome(*check) for check in checks]
