"""Perplexity and character n-gram models of text.

* :func:`perplexity` turns an entropy, a cross-entropy or a mean loss into
  "the number of equally likely choices" it is worth.
* :func:`normalise_text` reduces text to a small alphabet (by default
  Shannon's 27 symbols: the letters a-z and the space).
* :func:`fit_ngram` counts the characters that follow every context of
  ``order`` characters and smooths the counts (add-alpha);
  :func:`cross_entropy_per_char` scores held-out text in bits per character
  (:func:`char_surprisals` gives the per-character terms);
  :func:`sample_text` generates text from the model with a seeded generator.
* :func:`book_prose` extracts the prose of the book's own notebooks, so the
  models can be trained on some chapters and tested on another;
  :func:`book_corpus` gives chapter 9's split (:data:`BOOK_TRAIN`,
  :data:`BOOK_HELD_OUT`), normalised.
* :data:`SHANNON_1951` quotes Shannon's estimates for English, to compare with.

Orders: a model of **order nu** predicts each character from the ``nu``
characters before it (the usual "n-gram model" with ``n = nu + 1``).  Order 0 is the unigram model (character frequencies,
no context), order 1 the bigram model, and so on.  Shannon's ``F_N`` (1951)
conditions on ``N - 1`` letters, so our order ``nu`` corresponds to his
``F_{nu+1}``; his ``F_0 = log2 27`` is the uniform model, which no amount of
counting gives (it is the limit of add-alpha smoothing as ``alpha -> inf``).

Text is treated as if preceded by ``order`` spaces, so the first characters
have a (blank) context too and every character of a held-out text is scored
at every order.
"""

from __future__ import annotations

import json
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _validate as V
from .information import log_in_base

__all__ = [
    "ALPHABET",
    "ALPHABET_PUNCTUATION",
    "perplexity",
    "normalise_text",
    "NgramModel",
    "fit_ngram",
    "char_surprisals",
    "cross_entropy_per_char",
    "sample_text",
    "book_prose",
    "book_corpus",
    "BOOK_TRAIN",
    "BOOK_HELD_OUT",
    "SHANNON_1951",
    "DAI_2019_TEXT8",
]

#: Shannon's 27 symbols: the space and the 26 lower-case letters.
ALPHABET = " abcdefghijklmnopqrstuvwxyz"
#: The same with the commonest punctuation kept (37 symbols).
ALPHABET_PUNCTUATION = ALPHABET + ".,;:!?'-()"

#: Shannon's estimates of the entropy of printed English, quoted (not computed) from
#: C. E. Shannon, "Prediction and Entropy of Printed English", Bell System Technical
#: Journal 30 (1951) 50-64, for the 27-symbol alphabet (a-z and the space), in bits per
#: letter.  ``"F1"``, ``"F2"``, ``"F3"`` are his N-gram entropies: the entropy of the next
#: letter given the ``N - 1`` letters before it, from counts of English text (so his
#: ``F_N`` sits next to our order ``N - 1``).  ``"human"`` is the range, lower and upper
#: bound, he inferred from people guessing the next letter with about 100 letters of
#: context.  ``"F0"`` is his figure for the uniform model, ``log2 27 = 4.755``, as the
#: paper prints it (rounded up).
SHANNON_1951 = {"F0": 4.76, "F1": 4.03, "F2": 3.32, "F3": 3.1, "human": (0.6, 1.3)}

#: The upper bound on the entropy of English, in bits per character, quoted from P. F. Brown,
#: S. A. Della Pietra, V. J. Della Pietra, J. C. Lai and R. L. Mercer, "An Estimate of an
#: Upper Bound for the Entropy of English", Computational Linguistics 18 (1992) 31-40: the
#: cross-entropy of a word-trigram model, trained on about 583 million words, on a held-out
#: sample of English (the 5.96 million characters of the Brown Corpus), predicting all printable ASCII
#: characters.
BROWN_1992_UPPER_BOUND = 1.75

#: Dai et al. (2019), "Transformer-XL: Attentive Language Models beyond a Fixed-Length Context", Table 3:
#: bits per character of their 24-layer Transformer-XL on the test part of text8 (the last 5 million of
#: 100 million characters of Wikipedia, reduced to the 26 letters and the space).
DAI_2019_TEXT8 = 1.08


# --------------------------------------------------------------------------- perplexity


def perplexity(h, *, base=2):
    """Perplexity ``base ** h`` of an entropy, cross-entropy or mean loss ``h``.

    Parameters
    ----------
    h : float or array_like of float
        Entropy / cross-entropy / average negative log-likelihood per symbol,
        in units of ``log_base``: bits for ``base=2`` (default), nats for
        ``base=np.e`` (what a framework's loss prints).  ``inf`` is allowed.
    base : float, optional
        The base of the logarithm ``h`` was measured with.

    Returns
    -------
    numpy.float64 or numpy.ndarray
        ``base ** h >= 1``: the number of equally likely outcomes that would
        be exactly as hard to predict.  ``inf`` for ``h = inf`` (and when
        ``base ** h`` overflows float64, above about 1024 bits).

    Raises
    ------
    ValueError
        If ``h`` is empty, not real, NaN or of the wrong sign (an entropy is
        never negative), or if ``base`` is invalid.

    Notes
    -----
    .. math:: \\mathrm{PP} = 2^{H(p, q)} = e^{\\text{loss in nats}}

    A uniform distribution over ``n`` outcomes has perplexity ``n``.

    Examples
    --------
    >>> from lib import perplexity
    >>> float(perplexity(3.0)), float(perplexity(1.0))      # 8 and 2 equally likely outcomes
    (8.0, 2.0)
    >>> round(float(perplexity(0.2552, base=np.e)), 2)        # a loss of 0.2552 nats
    1.29
    """
    arr = np.asarray(h)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"h must contain real numbers, got dtype {arr.dtype}")
    if arr.size == 0:
        raise ValueError("h must not be empty")
    arr = arr.astype(np.float64)
    lb = V.log_base(base)
    if np.isnan(arr).any():
        raise ValueError("h contains NaN; an entropy must be a number >= 0")
    if (arr * lb < 0).any():
        raise ValueError(f"h must be >= 0 (an entropy or cross-entropy in units of log base {base!r}), got {arr.min()!r}")
    b = float(base)
    with np.errstate(over="ignore"):
        if b == 2.0:
            out = np.exp2(arr)
        elif b == math.e:
            out = np.exp(arr)
        else:
            out = np.power(b, arr)
    return out[()] if out.ndim == 0 else out


# --------------------------------------------------------------------------- text


def _alphabet(alphabet) -> str:
    if not isinstance(alphabet, str) or not alphabet:
        raise ValueError(f"alphabet must be a non-empty string of distinct characters, got {alphabet!r}")
    if len(set(alphabet)) != len(alphabet):
        raise ValueError(f"alphabet must not repeat a character, got {alphabet!r}")
    if " " not in alphabet:
        raise ValueError("alphabet must contain the space ' ' (it separates words and pads contexts)")
    return alphabet


def normalise_text(text, *, alphabet=ALPHABET):
    """Reduce ``text`` to the characters of ``alphabet``, Shannon style.

    Parameters
    ----------
    text : str
        Any text.
    alphabet : str, optional
        The characters to keep; must contain the space.  Default
        :data:`ALPHABET`, the space and a-z; :data:`ALPHABET_PUNCTUATION`
        keeps ``. , ; : ! ? ' - ( )`` too.

    Returns
    -------
    str
        The text lower-cased, with accents removed (``é -> e``), apostrophes
        deleted unless the alphabet has ``'`` (``don't -> dont``), every other
        character outside the alphabet (digits, symbols, line breaks) turned
        into a space, runs of spaces collapsed to one, and no space at either
        end.

    Raises
    ------
    ValueError
        If ``text`` is not a string or ``alphabet`` is invalid.

    Examples
    --------
    >>> from lib import normalise_text
    >>> normalise_text("Don't panic: 42 bits, café!")
    'dont panic bits cafe'
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    alphabet = _alphabet(alphabet)
    t = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).lower()
    if "'" not in alphabet:
        t = t.replace("'", "")
    keep = set(alphabet)
    t = "".join(ch if ch in keep else " " for ch in t)
    return re.sub(r"\s+", " ", t).strip()


def _encode(text, alphabet: str, name: str = "text") -> np.ndarray:
    """Integer codes (index in ``alphabet``) of the characters of ``text``."""
    if not isinstance(text, str):
        raise ValueError(f"{name} must be a string, got {type(text).__name__}")
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    symbols = np.array([ord(c) for c in alphabet], dtype=np.uint32)
    order = np.argsort(symbols)
    pos = np.searchsorted(symbols[order], points)
    pos = np.minimum(pos, len(symbols) - 1)
    ok = symbols[order][pos] == points
    if not ok.all():
        bad = text[int(np.flatnonzero(~ok)[0])]
        raise ValueError(
            f"{name} contains {bad!r}, which is not in the alphabet; pass it through normalise_text first"
        )
    return order[pos].astype(np.int64)


def _context_codes(codes: np.ndarray, order: int, n_symbols: int, pad: int) -> np.ndarray:
    """For each position i, the integer code of the ``order`` characters before it (padded with ``pad``)."""
    padded = np.concatenate([np.full(order, pad, dtype=np.int64), codes])
    ctx = np.zeros(len(codes), dtype=np.int64)
    for j in range(order):  # most significant digit first: the character order - j before i
        ctx = ctx * n_symbols + padded[j : j + len(codes)]
    return ctx


# --------------------------------------------------------------------------- n-gram models


@dataclass(frozen=True, eq=False)
class NgramModel:
    """A character model of order ``order`` with add-``alpha`` smoothing (made by :func:`fit_ngram`).

    Attributes
    ----------
    order : int
        Number of preceding characters each prediction looks at.
    alpha : float
        The pseudo-count added to every (context, next character) count.
    alphabet : str
        The symbols, in code order (code ``i`` is ``alphabet[i]``).
    contexts : numpy.ndarray of int64
        Sorted integer codes of the contexts seen in training; the code of
        ``c_1 ... c_order`` is ``sum_j code(c_j) * V**(order - j)``.
    counts : numpy.ndarray of int64, shape (len(contexts), V)
        ``counts[r, c]``: how often character ``c`` followed context ``r``.

    Notes
    -----
    The probability of character ``x`` after context ``gamma`` (chapter 9's
    symbols) is

    .. math:: q(x \\mid \\gamma) = \\frac{\\#(\\gamma x) + \\alpha}{\\#(\\gamma) + \\alpha n},
              \\qquad \\#(\\gamma) = \\sum_x \\#(\\gamma x),

    with ``n = V = len(alphabet)`` and ``#(.)`` a count in the training text.  A context never seen in training gets the
    uniform distribution ``1/V`` (what the formula gives for any ``alpha > 0``,
    and its limit as ``alpha -> 0``).  With ``alpha = 0`` a character never seen after
    a seen context has probability exactly 0.
    """

    order: int
    alpha: float
    alphabet: str
    contexts: np.ndarray
    counts: np.ndarray

    def _rows(self, ctx: np.ndarray):
        """Row of ``counts`` for each context code, and whether it was seen."""
        rows = np.searchsorted(self.contexts, ctx)
        rows = np.minimum(rows, len(self.contexts) - 1)
        return rows, self.contexts[rows] == ctx

    def probabilities(self, context=""):
        """Distribution of the next character after ``context`` (array of length ``V``).

        Only the last ``order`` characters of ``context`` matter; a shorter
        context is padded with spaces on the left (like the start of a text).
        """
        codes = _encode(context, self.alphabet, "context")
        V_ = len(self.alphabet)
        padded = np.concatenate([np.full(self.order, self.alphabet.index(" "), dtype=np.int64), codes])
        ctx = 0
        for c in padded[len(padded) - self.order :]:
            ctx = ctx * V_ + int(c)
        rows, seen = self._rows(np.array([ctx], dtype=np.int64))
        if not seen[0]:
            return np.full(V_, 1.0 / V_)
        return self._smooth(self.counts[rows[0]])

    def table(self):
        """``(contexts, probs)``: every seen context as a string and its (len(contexts), V) distributions."""
        V_ = len(self.alphabet)
        strings = []
        for code in self.contexts.tolist():
            chars = []
            for _ in range(self.order):
                code, c = divmod(code, V_)
                chars.append(self.alphabet[c])
            strings.append("".join(reversed(chars)))
        return strings, self._smooth(self.counts)

    def _smooth(self, counts: np.ndarray) -> np.ndarray:
        n = counts.sum(axis=-1, keepdims=True)
        return (counts + self.alpha) / (n + self.alpha * len(self.alphabet))


def fit_ngram(text, order, *, alpha=1.0, alphabet=ALPHABET):
    """Count a character n-gram model of ``order`` on ``text``, smoothed by add-``alpha`` (Lidstone).

    Parameters
    ----------
    text : str
        Training text whose characters all belong to ``alphabet`` (see
        :func:`normalise_text`).  Treated as preceded by ``order`` spaces.
    order : int
        Characters of context, ``>= 0``: 0 is the unigram model, 1 the bigram...
    alpha : float, optional
        Add-alpha pseudo-count, finite and ``>= 0`` (default 1, Laplace's add-one).  ``alpha = 0``
        is the unsmoothed maximum-likelihood model.
    alphabet : str, optional
        The symbols (default :data:`ALPHABET`).

    Returns
    -------
    NgramModel
        The counts and the smoothing; see :class:`NgramModel` for the formula.

    Raises
    ------
    ValueError
        If ``text`` is empty or has a character outside ``alphabet``, if
        ``order`` is not an integer ``>= 0`` (or so large that the context
        codes overflow int64), or if ``alpha`` is negative, NaN or infinite.

    Notes
    -----
    Every n-gram is coded as one integer and counted with ``np.unique`` and
    ``np.bincount`` (no Python loop over the text): about 10 ms per order for
    100 000 characters.

    Examples
    --------
    >>> from lib import fit_ngram
    >>> m = fit_ngram("abab", 1, alpha=0, alphabet=" ab")
    >>> m.probabilities("a").tolist()    # after 'a' always 'b'
    [0.0, 0.0, 1.0]
    """
    alphabet = _alphabet(alphabet)
    V_ = len(alphabet)
    if isinstance(order, (bool, np.bool_)) or not isinstance(order, numbers.Integral) or order < 0:
        raise ValueError(f"order must be an integer >= 0, got {order!r}")
    order = int(order)
    if (order + 1) * math.log2(V_) >= 62:
        raise ValueError(f"order {order} is too large for an alphabet of {V_} symbols (context codes overflow)")
    a = alpha
    if isinstance(a, (bool, np.bool_)) or not isinstance(a, numbers.Real) or not (math.isfinite(a) and a >= 0):
        raise ValueError(f"alpha must be a finite number >= 0, got {alpha!r}")
    codes = _encode(text, alphabet)
    if codes.size == 0:
        raise ValueError("text must not be empty")
    ctx = _context_codes(codes, order, V_, alphabet.index(" "))
    contexts, row = np.unique(ctx, return_inverse=True)
    counts = np.bincount(row * V_ + codes, minlength=len(contexts) * V_).reshape(len(contexts), V_)
    return NgramModel(order=order, alpha=float(alpha), alphabet=alphabet, contexts=contexts, counts=counts.astype(np.int64))


def char_surprisals(model, text, *, base=2):
    """Surprisal of every character of ``text`` under ``model``: ``-log q(c_i | context_i)``.

    Parameters
    ----------
    model : NgramModel
        A model from :func:`fit_ngram`.
    text : str
        Text to score, characters in the model's alphabet, not empty.
        Preceded by ``order`` spaces, as in training, so every character is
        scored.
    base : float, optional
        2 (default, bits), ``np.e`` (nats), ...

    Returns
    -------
    numpy.ndarray of float64, shape (len(text),)
        Entry ``i`` is ``-log q(c_i | c_{i-order} ... c_{i-1})`` with ``q``
        from :class:`NgramModel`'s formula (``1/V`` after an unseen context);
        exactly ``inf`` where ``q = 0`` (only possible with ``alpha = 0``).  Its
        mean is :func:`cross_entropy_per_char`.

    Raises
    ------
    ValueError
        If ``model`` is not an :class:`NgramModel`, ``text`` is empty or has a
        character outside the alphabet, or ``base`` is invalid.

    Examples
    --------
    >>> from lib import fit_ngram, char_surprisals
    >>> char_surprisals(fit_ngram("abab", 1, alpha=0, alphabet=" ab"), "abba").tolist()
    [0.0, 0.0, inf, 0.0]
    """
    if not isinstance(model, NgramModel):
        raise ValueError(f"model must be an NgramModel (from fit_ngram), got {type(model).__name__}")
    V.log_base(base)
    codes = _encode(text, model.alphabet)
    if codes.size == 0:
        raise ValueError("text must not be empty")
    V_ = len(model.alphabet)
    ctx = _context_codes(codes, model.order, V_, model.alphabet.index(" "))
    rows, seen = model._rows(ctx)
    n_pair = np.where(seen, model.counts[rows, codes], 0)
    n_ctx = np.where(seen, model.counts.sum(axis=1)[rows], 0)
    kv = model.alpha * V_
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(seen, (n_pair + model.alpha) / (n_ctx + kv), 1.0 / V_)
        logs = log_in_base(q, base)  # -inf where q == 0
    return -logs + 0.0  # + 0.0 turns -0.0 into 0.0


def cross_entropy_per_char(model, text, *, base=2):
    """Average surprisal of the characters of ``text`` under ``model``: bits per character.

    Parameters
    ----------
    model : NgramModel
        A model from :func:`fit_ngram`.
    text : str
        Text to score (held-out, or the training text itself), characters in
        the model's alphabet, not empty.  Preceded by ``order`` spaces, as in
        training, so every character is scored.
    base : float, optional
        2 (default, bits per character), ``np.e`` (nats), ...

    Returns
    -------
    float
        ``-(1/N) sum_i log q(c_i | c_{i-order} ... c_{i-1})``; exactly ``inf``
        when some character has probability 0 under the model (only possible
        with ``alpha = 0``).

    Raises
    ------
    ValueError
        If ``model`` is not an :class:`NgramModel`, ``text`` is empty or has a
        character outside the alphabet, or ``base`` is invalid.

    Notes
    -----
    Grouping the positions of ``text`` by their context ``gamma`` splits the
    result exactly in two:

    .. math:: \\frac{1}{N}\\sum_m -\\log q(x_m \\mid \\gamma_m)
              = \\underbrace{\\sum_\\gamma \\hat p(\\gamma)\\, H(\\hat p(\\cdot \\mid \\gamma))}_{\\text{the text's own}}
              + \\sum_\\gamma \\hat p(\\gamma)\\, D(\\hat p(\\cdot \\mid \\gamma) \\,\\|\\, q(\\cdot \\mid \\gamma)),

    with ``p̂`` the frequencies in ``text`` itself.  The first term is what the
    unsmoothed model fitted to ``text`` itself scores on it,
    ``cross_entropy_per_char(fit_ngram(text, order, alpha=0), text)``; the second,
    an average KL divergence, is the excess the model pays for having been
    fitted elsewhere (or smoothed).

    Examples
    --------
    >>> from lib import fit_ngram, cross_entropy_per_char
    >>> m = fit_ngram("abab", 1, alpha=0, alphabet=" ab")
    >>> cross_entropy_per_char(m, "abab"), cross_entropy_per_char(m, "abba")
    (0.0, inf)
    """
    return float(char_surprisals(model, text, base=base).mean() + 0.0)


def sample_text(model, n, *, seed=0, context=""):
    """Generate ``n`` characters from ``model``, reproducibly.

    Parameters
    ----------
    model : NgramModel
        A model from :func:`fit_ngram`.
    n : int
        Number of characters to generate, ``>= 0``.
    seed : int or numpy.random.Generator, optional
        Seed of ``numpy.random.default_rng`` (default 0): the same seed gives
        the same text.
    context : str, optional
        Text to continue (default: none, i.e. spaces, like the start of a text).

    Returns
    -------
    str
        The ``n`` generated characters (without ``context``).  Each is drawn
        by inverting the cumulative distribution of the next character at one
        ``Generator.random()`` draw.

    Raises
    ------
    ValueError
        On a bad ``model``, ``n`` or ``context``.

    Examples
    --------
    >>> from lib import fit_ngram, sample_text
    >>> sample_text(fit_ngram("abab", 1, alpha=0, alphabet=" ab"), 6, context="a")
    'bababa'
    """
    if not isinstance(model, NgramModel):
        raise ValueError(f"model must be an NgramModel (from fit_ngram), got {type(model).__name__}")
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral) or n < 0:
        raise ValueError(f"n must be an integer >= 0, got {n!r}")
    _encode(context, model.alphabet, "context")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    out = []
    history = " " * model.order + context
    for _ in range(int(n)):
        cdf = np.cumsum(model.probabilities(history[len(history) - model.order :] if model.order else ""))
        i = int(np.searchsorted(cdf, rng.random() * cdf[-1], side="right"))
        ch = model.alphabet[min(i, len(cdf) - 1)]
        out.append(ch)
        history += ch
    return "".join(out)


# --------------------------------------------------------------------------- the book's own prose

#: Directives whose body is prose (kept, without their option lines); every other fenced block is dropped.
_PROSE_DIRECTIVES = {
    "note", "warning", "important", "tip", "hint", "caution", "attention", "danger", "error", "seealso",
    "admonition", "exercise", "solution", "dropdown", "topic", "sidebar", "epigraph", "glue:figure", "figure",
}
_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(?:\{([^}]*)\})?")
_KEEP_ROLES = {"term", "abbr", "sub", "sup", "strong", "emphasis"}


def _strip_inline(line: str) -> str:
    """Remove math, code, roles (keeping the text of {term}-like ones), links, images and HTML from text."""
    line = re.sub(r"\$[^$]*\$", " ", line)  # inline math
    line = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", line)  # images

    def role(m):
        name, body = m.group(1), m.group(2)
        if name not in _KEEP_ROLES:
            return " "
        return re.sub(r"\s*<[^>]*>$", "", body)  # {term}`text <target>` -> text

    line = re.sub(r"\{([a-zA-Z:-]+)\}`([^`]*)`", role, line)
    line = re.sub(r"`[^`]*`", " ", line)  # inline code
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)  # links -> their text
    line = re.sub(r"\[\^[^\]]*\]", " ", line)  # footnote references
    line = re.sub(r"<[^>]+>", " ", line)  # HTML tags
    return line


def _markdown_prose(source: str) -> str:
    """The prose of one markdown cell (MyST): see :func:`book_prose`."""
    source = re.sub(r"<!--.*?-->", " ", source, flags=re.S)
    source = re.sub(r"\$\$.*?\$\$(\s*\([^)]*\))?", " ", source, flags=re.S)  # display math and its label
    out = []
    stack = []  # open fences: (marker, keep_body)
    in_options = False
    for line in source.split("\n"):
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)
            if stack and m.group(2) is None and marker[0] == stack[-1][0][0] and len(marker) >= len(stack[-1][0]) \
                    and line.strip() == marker:
                stack.pop()  # closing fence
                in_options = False
                continue
            name = (m.group(2) or "").strip()
            stack.append((marker, name in _PROSE_DIRECTIVES))
            in_options = True
            continue
        if stack and not all(keep for _, keep in stack):
            continue  # inside code, math or another non-prose block
        if stack and in_options:
            if re.match(r"^\s*:[\w-]+:", line):
                continue  # directive options (:label:, :class:, :alt: ...)
            in_options = False
        if re.match(r"^\s*\([^)]*\)=\s*$", line) or re.match(r"^\s*\|?\s*:?-{3,}", line):
            continue  # MyST labels, table rules
        out.append(line)
    return _strip_inline("\n".join(out))  # inline math and roles may span lines


def _default_book_dir() -> Path:
    """``book/`` beside ``lib`` (source tree), else the working directory or its ``book/`` (installed ``lib``)."""
    for root in (Path(__file__).resolve().parent.parent / "book", Path.cwd(), Path.cwd() / "book"):
        if any(root.glob("*.ipynb")):
            return root
    return Path.cwd() / "book"


def book_prose(chapters=None, *, book_dir=None):
    """The prose of the book's notebooks: the text of their markdown cells.

    Parameters
    ----------
    chapters : iterable of str, optional
        Notebook names without ``.ipynb`` (e.g. ``"02_entropy"``); default:
        every ``*.ipynb`` of the book, in file-name order.
    book_dir : str or pathlib.Path, optional
        The folder of the notebooks; default ``book/`` next to the ``lib``
        package (the repository's own, when ``lib`` is installed editable or
        imported from the source tree), else the current directory if it
        holds notebooks (a chapter runs in ``book/``), else ``./book``.

    Returns
    -------
    dict of str to str
        ``{name: prose}`` in the order asked.  Code cells and outputs are
        skipped; from markdown cells we drop display and inline math, inline
        code, fenced code, MyST directives other than admonitions, exercises,
        solutions and figure captions (whose text is kept without its
        options), roles (keeping the text of ``{term}``), labels, HTML and
        link targets.  The result is deterministic (it depends only on the
        notebooks' sources); pass it to :func:`normalise_text` before
        counting.

    Raises
    ------
    ValueError
        If a named chapter does not exist or ``book_dir`` holds no notebook.

    Examples
    --------
    >>> from lib import book_prose
    >>> book_prose(["02_entropy"])["02_entropy"].split()[:3]
    ['#', 'Entropy', 'A']
    """
    root = Path(book_dir) if book_dir is not None else _default_book_dir()
    available = {p.stem: p for p in sorted(root.glob("*.ipynb"))}
    if not available:
        raise ValueError(f"book_dir {str(root)!r} holds no notebook")
    names = list(available) if chapters is None else [chapters] if isinstance(chapters, str) else list(chapters)
    missing = [c for c in names if c not in available]
    if missing:
        raise ValueError(f"chapters: no notebook named {missing[0]!r} in {str(root)!r} (have {sorted(available)})")
    out = {}
    for name in names:
        nb = json.loads(available[name].read_text(encoding="utf-8"))
        cells = [
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in nb["cells"]
            if c["cell_type"] == "markdown"
        ]
        out[name] = "\n\n".join(_markdown_prose(c) for c in cells)
    return out


#: The split of the book's prose that chapter 9 uses: train on chapters 1-6 ...
BOOK_TRAIN = (
    "01_surprisal",
    "02_entropy",
    "03_cross_entropy",
    "04_kl_divergence",
    "05_softmax",
    "06_cross_entropy_loss",
)
#: ... and score on chapter 7, which no model has seen.
BOOK_HELD_OUT = "07_maximum_likelihood"


#: The snapshot of the prose of chapters 1-7 that :func:`book_corpus` reads by default
#: (package data written by ``scripts/snapshot_prose.py``).
BOOK_PROSE_SNAPSHOT = Path(__file__).resolve().parent / "data" / "book_prose.json"


def book_prose_snapshot():
    """The stored snapshot of the book's prose: ``(date, {chapter: prose})``.

    Returns
    -------
    (str, dict of str to str)
        The UTC date (``YYYY-MM-DD``) on which ``scripts/snapshot_prose.py``
        took the snapshot, and :func:`book_prose` of chapters 1-7 as it was
        then (raw prose, not normalised).  Frozen so that chapter 9's numbers
        do not move when the other chapters are edited.
    """
    data = json.loads(BOOK_PROSE_SNAPSHOT.read_text(encoding="utf-8"))
    return data["date"], dict(data["chapters"])


def book_corpus(train=BOOK_TRAIN, held_out=BOOK_HELD_OUT, *, alphabet=ALPHABET, book_dir=None):
    """Training and held-out text from the book's own prose, normalised.

    Parameters
    ----------
    train : iterable of str, optional
        Chapters to train on (default :data:`BOOK_TRAIN`, chapters 1-6).
    held_out : str, optional
        The chapter to test on (default :data:`BOOK_HELD_OUT`, chapter 7).
    alphabet : str, optional
        Passed to :func:`normalise_text` (default :data:`ALPHABET`).
    book_dir : str or pathlib.Path, optional
        Default ``None``: read the frozen snapshot of chapters 1-7
        (:func:`book_prose_snapshot`), so the numbers do not move when a chapter
        is edited.  A folder of notebooks: read their live prose with
        :func:`book_prose` instead.

    Returns
    -------
    (str, str)
        The training chapters' prose joined by single spaces and normalised,
        and the held-out chapter's prose normalised.

    Raises
    ------
    ValueError
        If a chapter does not exist, or ``held_out`` is also a training chapter.
    """
    train = [train] if isinstance(train, str) else list(train)
    if held_out in train:
        raise ValueError(f"held_out {held_out!r} is also in train; a held-out chapter must be unseen")
    if book_dir is None:
        prose = book_prose_snapshot()[1]
        missing = [c for c in train + [held_out] if c not in prose]
        if missing:
            raise ValueError(f"chapters: {missing[0]!r} is not in the prose snapshot (have {sorted(prose)})")
    else:
        prose = book_prose(train + [held_out], book_dir=book_dir)
    return (
        normalise_text(" ".join(prose[c] for c in train), alphabet=alphabet),
        normalise_text(prose[held_out], alphabet=alphabet),
    )
