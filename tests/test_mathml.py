"""The book's math is MathML written at build time (sphinxext/mathml.py): what the conversion must do.

The browser suite (tests/test_site.py) checks the built pages: every formula is MathML, laid out,
with no raw TeX and no MathJax.  These tests check the converter itself, fast and without a build.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sphinxext"))
import mathml  # noqa: E402

NS = {"m": mathml.MATHML_NS}


def tags(xml: str) -> list[str]:
    """The element names of a ``<math>``, in document order, without the namespace."""
    return [el.tag.split("}")[-1] for el in ET.fromstring(xml).iter()]


def children(xml: str) -> list[tuple[str, str]]:
    """(name, text) of the top-level children of a ``<math>``."""
    return [(el.tag.split("}")[-1], (el.text or "").strip()) for el in ET.fromstring(xml)]


@pytest.mark.parametrize("tex, expected", [
    (r"\big(a\big)", r"\bigl(a\bigr)"),
    (r"\Big[a\Big]", r"\Bigl[a\Bigr]"),
    (r"\big\{ a \big\}", r"\bigl\{ a \bigr\}"),
    (r"1 \big/ 2", "1 / 2"),
    (r"P\bigl(Y \bigm| X\bigr)", r"P\bigl(Y \mid X\bigr)"),
    (r"a_1 + \dots + a_n", r"a_1 + \cdots + a_n"),
    (r"a_1, \dots, a_n", r"a_1, \ldots, a_n"),
    (r"a \iff b", r"a \;\Longleftrightarrow\; b"),
    (r"\tfrac16 + \frac 1 2", r"\tfrac{1}{6} + \frac{1}{2}"),
    ("p = ½", r"p = \tfrac{1}{2}"),
])
def test_normalise_rewrites_what_docutils_does_not_know(tex, expected):
    assert mathml.normalise(tex) == expected


def test_function_names_get_tex_thin_spaces():
    # p log p: a thin space on each side of "log" (TeX: ordinary, operator, ordinary).
    kids = children(mathml.tex_to_mathml(r"p \log p", display=False))
    assert [k[0] for k in kids] == ["mi", "mspace", "mi", "mo", "mspace", "mi"]
    assert kids[2][1] == "log"
    # log(x): none before the bracket.
    kids = children(mathml.tex_to_mathml(r"\log(x)", display=False))
    assert [k[0] for k in kids[:3]] == ["mi", "mo", "mo"] and kids[2][1] == "("


def test_multi_letter_operators_lose_the_browsers_default_thick_spaces():
    root = ET.fromstring(mathml.tex_to_mathml(r"\max_i z_i", display=False))
    op = root.find(".//m:munder/m:mo", NS)
    assert op.text == "max" and op.get("lspace") == "0" and op.get("rspace") == "0"
    assert len(root.find(".//m:munder", NS)) == 2  # nothing inserted between a name and its script


def test_a_slash_is_set_without_spaces_as_in_tex():
    slash = ET.fromstring(mathml.tex_to_mathml(r"1/T", display=False)).find("m:mo", NS)
    assert slash.text == "/" and slash.get("lspace") == "0" and slash.get("rspace") == "0"


def test_aligned_becomes_a_table_with_alternating_alignment():
    xml = mathml.tex_to_mathml(r"\begin{aligned} a &= b \\ &= c \end{aligned}", display=True)
    root = ET.fromstring(xml)
    assert root.get("display") == "block"
    table = root.find(".//m:mtable", NS)
    assert table is not None and "ams-align" in table.get("class")
    assert len(table.findall("m:mtr", NS)) == 2
    assert "&" not in "".join(root.itertext())


def test_inline_math_is_inline_and_plain_text_free_of_tex():
    xml = mathml.tex_to_mathml(r"H(p) = -\sum_i p_i \log_2 p_i", display=False)
    assert ET.fromstring(xml).get("display") in (None, "inline")
    assert "\\" not in "".join(ET.fromstring(xml).itertext())
    assert {"msub", "munder"} <= set(tags(xml))


def test_an_unknown_command_is_an_error_not_raw_tex():
    with pytest.raises(mathml.MathError):
        mathml.tex_to_mathml(r"\notacommand{x}", display=False)


def test_every_formula_of_the_book_converts():
    """Every $...$ and $$...$$ in the notebooks' Markdown: the build would warn (an error under -W)."""
    book = Path(__file__).resolve().parents[1] / "book"
    import json
    found = 0
    for nb in sorted(book.glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        text = re.sub(r"```.*?```", "", text, flags=re.S)  # code blocks
        text = re.sub(r"`[^`\n]*`", "", text)               # inline code
        for display, tex in _formulas(text):
            found += 1
            mathml.tex_to_mathml(mathml.display_tex(tex) if display else tex, display=display)
    assert found > 1000


def _formulas(text: str):
    """(display?, TeX) of every $$...$$ and $...$ in MyST Markdown (labels after $$ dropped)."""
    for m in re.finditer(r"\$\$(.+?)\$\$|(?<![\\$])\$(?!\$)([^$\n]+?)(?<![\\ ])\$(?!\$)", text, flags=re.S):
        yield (True, m.group(1)) if m.group(1) is not None else (False, m.group(2))
