"""Tests of lib.language: perplexity, text normalisation, character n-gram models, the book's prose.

Worked perplexities of the curriculum; add-k probabilities against a hand
count (exact fractions); counting against a dictionary count; k = 0 and an
unseen character (exactly inf); reproducible sampling; held-out bits per
character falling with the order on the book's own text; the held-out
cross-entropy as the text's own conditional entropy plus an average KL,
checked term by term with lib.entropy and lib.kl_divergence.
"""

from __future__ import annotations

import collections
import json
import math
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib import (
    ALPHABET,
    ALPHABET_PUNCTUATION,
    SHANNON_1951,
    book_prose_snapshot,
    NgramModel,
    BOOK_HELD_OUT,
    BOOK_TRAIN,
    book_corpus,
    book_prose,
    char_surprisals,
    conditional_entropy,
    cross_entropy_loss,
    cross_entropy_per_char,
    entropy,
    fit_ngram,
    kl_divergence,
    normalise_text,
    perplexity,
    sample_text,
)
from numerics_support import strict

ROOT_BOOK = Path(__file__).resolve().parents[1] / "book"
WEATHER = [0.35, 0.35, 0.10, 0.10, 0.04, 0.04, 0.01, 0.01]
TRAIN_CHAPTERS = ["01_surprisal", "02_entropy", "03_cross_entropy", "04_kl_divergence", "05_softmax", "06_cross_entropy_loss"]
HELD_OUT = "07_maximum_likelihood"


@pytest.fixture(scope="module")
def book():
    _, prose = book_prose_snapshot()  # the frozen corpus chapter 9 uses
    train = normalise_text(" ".join(prose[c] for c in TRAIN_CHAPTERS))
    test = normalise_text(prose[HELD_OUT])
    return train, test


# --------------------------------------------------------------------------- perplexity


def test_perplexity_worked_values():
    with strict():
        assert round(float(perplexity(entropy(WEATHER))), 2) == 4.69  # the 8-weather station
        assert perplexity(math.log2(6)) == pytest.approx(6.0, rel=1e-15)  # a fair die
        assert perplexity(entropy([1 / 6] * 6)) == pytest.approx(6.0, rel=1e-15)
        dog_bits = cross_entropy_loss(np.log([0.775, 0.116, 0.039, 0.070]), 0, base=2)
        assert round(float(dog_bits), 3) == 0.368
        assert round(float(perplexity(dog_bits)), 2) == 1.29
        dog_nats = cross_entropy_loss(np.log([0.775, 0.116, 0.039, 0.070]), 0)
        assert perplexity(dog_nats, base=math.e) == pytest.approx(1 / 0.775, rel=1e-14)
        assert round(float(perplexity(0.368)), 2) == 1.29


def test_perplexity_exact_and_special_values():
    with strict():
        for n in [1, 2, 4, 8, 1024]:
            assert perplexity(entropy([1 / n] * n)) == n  # exact for powers of 2
        assert perplexity(0.0) == 1.0 and perplexity(0.0, base=math.e) == 1.0
        assert perplexity(math.inf) == math.inf
        assert perplexity(2.0, base=10) == pytest.approx(100.0, rel=1e-15)
        np.testing.assert_array_equal(perplexity([0.0, 1.0, 3.0]), [1.0, 2.0, 8.0])
        assert perplexity(3.0).shape == ()
    with np.errstate(all="ignore"):
        assert perplexity(5000.0) == math.inf  # overflow of float64, not an error


@given(st.floats(min_value=0.0, max_value=50.0))
def test_perplexity_units_agree(h_bits):
    assert perplexity(h_bits * math.log(2), base=math.e) == pytest.approx(perplexity(h_bits), rel=1e-13)


# --------------------------------------------------------------------------- normalisation


def test_normalise_text_examples():
    assert normalise_text("Don't panic: 42 bits, café!") == "dont panic bits cafe"
    assert normalise_text("  Two\n\nlines\t and   tabs ") == "two lines and tabs"
    assert normalise_text("It’s Shannon's (1951).", alphabet=ALPHABET_PUNCTUATION) == "it's shannon's ( )."
    assert normalise_text("") == ""
    assert len(ALPHABET) == 27 and ALPHABET[0] == " "


@given(st.text(max_size=200))
def test_normalised_text_uses_only_the_alphabet(text):
    t = normalise_text(text)
    assert set(t) <= set(ALPHABET)
    assert "  " not in t and t == t.strip()
    assert normalise_text(t) == t  # idempotent


# --------------------------------------------------------------------------- n-gram models


def _hand_probability(text, order, k, alphabet, context, char):
    """q(char | context) by counting pairs in a Python loop, as an exact fraction."""
    padded = " " * order + text
    pairs = collections.Counter((padded[i : i + order], padded[i + order]) for i in range(len(text)))
    n_ctx = sum(v for (h, _), v in pairs.items() if h == context)
    if n_ctx == 0:
        return Fraction(1, len(alphabet))
    k = Fraction(k)
    return (pairs[(context, char)] + k) / (n_ctx + k * len(alphabet))


@pytest.mark.parametrize("order", [0, 1, 2, 3])
@pytest.mark.parametrize("k", [0, 0.5, 1, 2])
def test_add_k_probabilities_match_a_hand_count(order, k):
    text, alphabet = "abracadabra cab", " abcdr"
    model = fit_ngram(text, order, alpha=k, alphabet=alphabet)
    contexts = {text_pad[i : i + order] for text_pad in [" " * order + text] for i in range(len(text))} | {"zz"[:0]}
    contexts |= {"d" * order, "rc"[:order]}  # one that occurs, one unseen (for order >= 2)
    for h in sorted(contexts):
        if len(h) != order:
            continue
        got = model.probabilities(h)
        for c, p in zip(alphabet, got):
            want = _hand_probability(text, order, k, alphabet, h, c)
            assert p == pytest.approx(float(want), rel=1e-15, abs=0)


def test_cross_entropy_per_char_matches_a_hand_count():
    text, alphabet = "abracadabra", " abcdr"
    model = fit_ngram(text, 1, alpha=0.5, alphabet=alphabet)
    # held out "abra": a|' ' = 1.5/4, b|a = 2.5/7, r|b = 2.5/5, a|r = 2.5/5
    want = -(math.log2(1.5 / 4) + math.log2(2.5 / 7) + math.log2(0.5) + math.log2(0.5)) / 4
    with strict():
        assert cross_entropy_per_char(model, "abra") == pytest.approx(want, rel=1e-15)
        assert cross_entropy_per_char(model, "abra", base=math.e) == pytest.approx(want * math.log(2), rel=1e-15)


@pytest.mark.parametrize("order", [0, 1, 2, 5])
@pytest.mark.parametrize("k", [0.0, 0.01, 1.0])
def test_every_context_distribution_sums_to_one(order, k, book):
    train, _ = book
    model = fit_ngram(train, order, alpha=k)
    contexts, probs = model.table()
    assert probs.shape == (len(contexts), 27)
    assert all(len(h) == order and set(h) <= set(ALPHABET) for h in contexts)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=0, atol=1e-14)
    assert (probs >= 0).all()
    assert model.probabilities("qqqqq" if order else "").sum() == pytest.approx(1.0, abs=1e-14)


def test_counts_match_a_dictionary_count(book):
    train, _ = book
    order = 3
    model = fit_ngram(train, order, alpha=0)
    padded = "   " + train
    want = collections.Counter((padded[i : i + 3], padded[i + 3]) for i in range(len(train)))
    contexts, _ = model.table()
    got = {}
    for h, row in zip(contexts, model.counts):
        for c, n in zip(ALPHABET, row.tolist()):
            if n:
                got[(h, c)] = n
    assert got == dict(want)
    assert model.counts.sum() == len(train)


def test_unseen_context_is_uniform():
    model = fit_ngram("abab", 2, alpha=0, alphabet=" ab")
    np.testing.assert_array_equal(model.probabilities("bb"), [1 / 3] * 3)
    np.testing.assert_array_equal(model.probabilities("xab"[1:]), model.probabilities("ab"))
    np.testing.assert_array_equal(model.probabilities("aab"), model.probabilities("ab"))  # only the last 2 count


def test_an_unseen_character_costs_infinitely_many_bits_without_smoothing(book):
    train, test = book
    small = train[:2000]
    unseen = sorted(set(ALPHABET) - set(small))
    assert unseen, "the sample should miss some letter"
    with strict():
        assert cross_entropy_per_char(fit_ngram(small, 0, alpha=0), test + " " + unseen[0]) == math.inf
        assert math.isfinite(cross_entropy_per_char(fit_ngram(small, 0, alpha=0.01), test + " " + unseen[0]))
        assert cross_entropy_per_char(fit_ngram("abab", 1, alpha=0, alphabet=" ab"), "abba") == math.inf
        assert cross_entropy_per_char(fit_ngram(train, 2, alpha=0), test) == math.inf  # some held-out trigram is new


def test_training_cross_entropy_without_smoothing_is_the_conditional_entropy(book):
    """With k = 0 the model's cost on its own training text is H(next | context) of the counts."""
    train, _ = book
    for order in [0, 1, 2, 3]:
        model = fit_ngram(train, order, alpha=0)
        pxy = model.counts / model.counts.sum()
        with strict():
            h = cross_entropy_per_char(model, train)
            want = conditional_entropy(pxy, given=0) if order else entropy(pxy[0])
        assert h == pytest.approx(float(want), rel=1e-12)


def test_held_out_bits_per_char_fall_with_the_order(book):
    train, test = book
    held = [cross_entropy_per_char(fit_ngram(train, n, alpha=0.1), test) for n in range(4)]
    trained = [cross_entropy_per_char(fit_ngram(train, n, alpha=0.1), train) for n in range(4)]
    assert held[0] > held[1] > held[2] > held[3]
    assert held[0] < math.log2(27)  # letter frequencies already beat the uniform 4.75 bits
    assert all(t < h for t, h in zip(trained[1:], held[1:]))  # the train / held-out gap, from order 1 on
    assert abs(trained[0] - held[0]) < 0.01  # letter frequencies: the two texts hardly differ
    assert 3.5 < held[0] < 4.5 and 2.0 < held[2] < 3.0  # near Shannon's F1 = 4.03 and F3 = 3.1


def test_book_prose_is_deterministic_and_clean():
    a, b = book_prose(), book_prose()
    assert a == b and list(a) == sorted(a)
    text = " ".join(a.values())
    for trace in ["$", "```", "{glue", "{term}", "{eq}", ":label:", "import numpy", "(eq-"]:
        assert trace not in text, trace
    assert "entropy" in normalise_text(text).split()
    assert sum(len(t) for t in a.values()) > 40_000
    assert list(book_prose("02_entropy")) == ["02_entropy"]


def test_markdown_stripping_keeps_prose():
    from lib.language import _markdown_prose

    src = (
        "(sec-x)=\n# Title with $x^2$\n\nSee {term}`entropy <Entropy>` and {eq}`eq-a`, `code`, [a link](http://x).\n\n"
        "$$\nH = 1\n$$ (eq-a)\n\n```{note}\n:class: dropdown\nKept note text.\n```\n\n"
        "```{code-block} python\nprint('no')\n```\n\n````{exercise}\n:label: ex-1\nExercise text.\n```python\nx = 1\n```\n"
        "More exercise.\n````\n<div>html</div> end"
    )
    words = normalise_text(_markdown_prose(src)).split()
    assert words == ["title", "with", "see", "entropy", "and", "a", "link", "kept", "note", "text",
                     "exercise", "text", "more", "exercise", "html", "end"]


def test_sampling_is_reproducible(book):
    train, _ = book
    model = fit_ngram(train, 3, alpha=0.01)
    s1 = sample_text(model, 300, seed=42)
    assert s1 == sample_text(model, 300, seed=42)
    assert s1 != sample_text(model, 300, seed=43)
    assert len(s1) == 300 and set(s1) <= set(ALPHABET)
    assert sample_text(model, 0, seed=1) == ""
    rng = np.random.default_rng(42)
    assert sample_text(model, 300, seed=rng) == s1


def test_unsmoothed_samples_only_use_seen_ngrams(book):
    train, _ = book
    model = fit_ngram(train, 2, alpha=0)
    s = sample_text(model, 2000, seed=0)
    padded = "  " + train
    seen = {padded[i : i + 3] for i in range(len(train))}
    full = "  " + s
    assert all(full[i : i + 3] in seen for i in range(len(s)))
    assert sample_text(fit_ngram("abab", 1, alpha=0, alphabet=" ab"), 6, context="a") == "bababa"


def test_sample_follows_the_model_distribution():
    model = fit_ngram("aab", 0, alpha=0, alphabet=" ab")  # q = (0, 2/3, 1/3)
    s = sample_text(model, 30_000, seed=3)
    assert s.count(" ") == 0
    assert s.count("a") / len(s) == pytest.approx(2 / 3, abs=0.01)


# --------------------------------------------------------------------------- bad input

NAN, INF = math.nan, math.inf
M = fit_ngram("abab", 1, alphabet=" ab")
BAD = [
    (perplexity, (NAN,), {}, r"^h contains NaN"),
    (perplexity, (-0.5,), {}, r"^h must be >= 0"),
    (perplexity, ([1.0, -1e-300],), {}, r"^h must be >= 0"),
    (perplexity, ([],), {}, r"^h must not be empty"),
    (perplexity, ("2",), {}, r"^h must contain real numbers"),
    (perplexity, (1.0,), {"base": 1}, r"^base must be a"),
    (perplexity, (1.0,), {"base": 0}, r"^base must be a"),
    (perplexity, (1.0,), {"base": None}, r"^base must be a"),
    (normalise_text, (b"bytes",), {}, r"^text must be a string"),
    (normalise_text, ("x",), {"alphabet": "abc"}, r"^alphabet must contain the space"),
    (normalise_text, ("x",), {"alphabet": " aa"}, r"^alphabet must not repeat"),
    (normalise_text, ("x",), {"alphabet": ""}, r"^alphabet must be a non-empty string"),
    (fit_ngram, ("ab", -1), {}, r"^order must be an integer >= 0"),
    (fit_ngram, ("ab", 1.0), {}, r"^order must be an integer >= 0"),
    (fit_ngram, ("ab", True), {}, r"^order must be an integer >= 0"),
    (fit_ngram, ("ab", 20), {}, r"^order 20 is too large"),
    (fit_ngram, ("ab", 1), {"alpha": -0.1}, r"^alpha must be a finite number >= 0"),
    (fit_ngram, ("ab", 1), {"alpha": NAN}, r"^alpha must be a finite number >= 0"),
    (fit_ngram, ("ab", 1), {"alpha": INF}, r"^alpha must be a finite number >= 0"),
    (fit_ngram, ("ab", 1), {"alpha": "1"}, r"^alpha must be a finite number >= 0"),
    (fit_ngram, ("Ab", 1), {}, r"^text contains 'A', which is not in the alphabet"),
    (fit_ngram, ("a\nb", 1), {}, r"^text contains '\\n'"),
    (fit_ngram, ("", 1), {}, r"^text must not be empty"),
    (fit_ngram, (["ab"], 1), {}, r"^text must be a string"),
    (fit_ngram, ("ab", 1), {"alphabet": "ab"}, r"^alphabet must contain the space"),
    (cross_entropy_per_char, (M, ""), {}, r"^text must not be empty"),
    (cross_entropy_per_char, (M, "abc"), {}, r"^text contains 'c'"),
    (cross_entropy_per_char, ("model", "ab"), {}, r"^model must be an NgramModel"),
    (cross_entropy_per_char, (M, "ab"), {"base": -2}, r"^base must be a"),
    (sample_text, (M, -1), {}, r"^n must be an integer >= 0"),
    (sample_text, (M, 2.0), {}, r"^n must be an integer >= 0"),
    (sample_text, (None, 2), {}, r"^model must be an NgramModel"),
    (sample_text, (M, 2), {"context": "abc"}, r"^context contains 'c'"),
    (M.probabilities, ("z",), {}, r"^context contains 'z'"),
    (book_prose, (["no_such_chapter"],), {}, r"^chapters: no notebook named 'no_such_chapter'"),
    (book_prose, (), {"book_dir": "/nonexistent-dir"}, r"^book_dir '/nonexistent-dir' holds no notebook"),
]


@pytest.mark.parametrize("fn, args, kwargs, match", BAD, ids=[f"{b[0].__name__}-{i}" for i, b in enumerate(BAD)])
def test_bad_input_raises_value_error_naming_the_argument(fn, args, kwargs, match):
    with strict():
        with pytest.raises(ValueError, match=match):
            fn(*args, **kwargs)


def test_model_is_a_frozen_record():
    assert isinstance(M, NgramModel) and M.order == 1 and M.alpha == 1.0 and M.alphabet == " ab"
    with pytest.raises(AttributeError):
        M.alpha = 2.0


# --------------------------------------------------------------------------- per-character surprisals


def test_char_surprisals_by_hand_and_their_mean():
    m = fit_ngram("abab", 1, alpha=0.5, alphabet=" ab")
    s = char_surprisals(m, "abba")
    # contexts ' ', 'a', 'b', 'b'; counts after ' ': a 1; after 'a': b 2; after 'b': a 1
    expected = [-math.log2(1.5 / 2.5), -math.log2(2.5 / 3.5), -math.log2(0.5 / 2.5), -math.log2(1.5 / 2.5)]
    np.testing.assert_allclose(s, expected, rtol=1e-15)
    assert cross_entropy_per_char(m, "abba") == pytest.approx(float(np.mean(expected)), rel=1e-15)
    unsmoothed = char_surprisals(fit_ngram("abab", 1, alpha=0, alphabet=" ab"), "abba")
    assert unsmoothed.tolist() == [0.0, 0.0, math.inf, 0.0]
    with pytest.raises(ValueError, match="model"):
        char_surprisals("abab", "ab")


def test_cross_entropy_splits_into_own_entropy_plus_average_kl(book):
    """The held-out cross-entropy = the held-out text's own conditional entropy + an average KL (Notes)."""
    train, test = book
    test = test[:3000]
    for order, k in [(0, 0.0), (1, 0.1), (2, 0.01), (3, 1.0)]:
        model = fit_ngram(train, order, alpha=k)
        padded = " " * order + test
        follow = collections.defaultdict(collections.Counter)
        for i, c in enumerate(test):
            follow[padded[i : i + order]][c] += 1
        own, excess = 0.0, 0.0
        for h, counter in follow.items():
            n_h = sum(counter.values())
            p_hat = np.array([counter[c] / n_h for c in ALPHABET])
            own += n_h / len(test) * entropy(p_hat)
            excess += n_h / len(test) * kl_divergence(p_hat, model.probabilities(h))
        assert cross_entropy_per_char(fit_ngram(test, order, alpha=0), test) == pytest.approx(own, rel=1e-12)
        assert cross_entropy_per_char(model, test) == pytest.approx(own + excess, rel=1e-12)
        assert excess > 0


def test_shannon_1951_is_his_table():
    assert SHANNON_1951["F1"] == 4.03 and SHANNON_1951["F2"] == 3.32 and SHANNON_1951["F3"] == 3.1
    assert SHANNON_1951["human"] == (0.6, 1.3)
    # his F_0, the uniform model over 27 symbols, above his F_1
    assert math.log2(len(ALPHABET)) > SHANNON_1951["F1"] > SHANNON_1951["F2"] > SHANNON_1951["F3"]


def test_book_corpus_is_the_split_the_tests_use(book, tmp_path, monkeypatch):
    assert book_corpus() == book
    assert BOOK_TRAIN == tuple(TRAIN_CHAPTERS) and BOOK_HELD_OUT == HELD_OUT
    with pytest.raises(ValueError, match="held_out"):
        book_corpus(["01_surprisal", "02_entropy"], "02_entropy")
    # an installed lib (no book/ beside it) finds the notebooks in the working directory, as a chapter runs
    import lib.language as language

    monkeypatch.setattr(language, "__file__", str(tmp_path / "site" / "lib" / "language.py"))
    monkeypatch.chdir(ROOT_BOOK)
    assert book_corpus() == book


# --------------------------------------------------------------------------- the frozen corpus


def test_prose_snapshot_holds_chapters_1_to_7_and_book_corpus_reads_it():
    date, chapters = book_prose_snapshot()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", date)
    assert list(chapters) == TRAIN_CHAPTERS + [HELD_OUT]
    assert all(len(text) > 5_000 for text in chapters.values())
    train, test = book_corpus()
    assert train == normalise_text(" ".join(chapters[c] for c in TRAIN_CHAPTERS))
    assert test == normalise_text(chapters[HELD_OUT])
    # the live notebooks are still one argument away
    live_train, live_test = book_corpus(book_dir=ROOT_BOOK)
    assert live_test == normalise_text(book_prose(HELD_OUT, book_dir=ROOT_BOOK)[HELD_OUT])


def test_book_corpus_names_a_chapter_missing_from_the_snapshot():
    with pytest.raises(ValueError, match=r"^chapters: '08_mutual_information' is not in the prose snapshot"):
        book_corpus(held_out="08_mutual_information")


def test_book_corpus_reads_the_snapshot_not_the_notebooks(tmp_path, monkeypatch):
    import lib.language as language

    chapters = {c: f"Chapter {c}: words." for c in TRAIN_CHAPTERS + [HELD_OUT]}
    snapshot = tmp_path / "book_prose.json"
    snapshot.write_text(json.dumps({"date": "2000-01-01", "chapters": chapters}), encoding="utf-8")
    monkeypatch.setattr(language, "BOOK_PROSE_SNAPSHOT", snapshot)
    assert language.book_prose_snapshot() == ("2000-01-01", chapters)
    assert book_corpus()[1] == normalise_text(chapters[HELD_OUT]) == "chapter maximum likelihood words"
