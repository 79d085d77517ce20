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
    (r"\big(a\big)", r"\bigl(\bigr.a\bigl.\bigr)"),
    (r"\Big[a\Big]", r"\Bigl[\Bigr.a\Bigl.\Bigr]"),
    (r"\big\{ a \big\}", r"\bigl\{\bigr. a \bigl.\bigr\}"),
    (r"1 \big/ 2", "1 / 2"),
    (r"P\bigl(Y \bigm| X\bigr)", r"P\bigl(\bigr.Y \;\bigl.\bigr|\; X\bigl.\bigr)"),
    ("p' + p''_i", r"p^{\prime} + p^{\prime\prime}_i"),
    (r"\text{($\bar{l}$ of Huffman's code)} E'", r"\text{($\bar{l}$ of Huffman's code)} E^{\prime}"),
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


def test_an_accented_letter_takes_its_subscript_beside_not_under_it():
    # \hat p_i is p-hat with subscript i (docutils set the i under the p, as a limit).
    root = ET.fromstring(mathml.tex_to_mathml(r"\hat p_i + \bar{y}_{ib}", display=False))
    assert root.find(".//m:munderover", NS) is None
    subs = root.findall("m:msub", NS)
    assert [s[0].tag.split("}")[-1] for s in subs] == ["mover", "mover"]
    assert [s[0][0].text for s in subs] == ["p", "y"] and subs[0][1].text == "i"


def test_a_prime_is_the_fonts_raised_prime_after_the_letter():
    # Not an apostrophe on the baseline (docutils), nor a superscript prime (tiny and too high).
    root = ET.fromstring(mathml.tex_to_mathml(r"f(p') + p'_i + a''", display=False))
    assert "'" not in "".join(root.itertext())
    assert [mo.text for mo in root.iter(f"{{{mathml.MATHML_NS}}}mo") if mo.text in "\u2032\u2033"] == [
        "\u2032", "\u2032", "\u2033"]
    assert root.find(".//m:msup", NS) is None
    sub = root.find("m:msub", NS)
    assert [el.text for el in sub[0]] == ["p", "\u2032"] and sub[1].text == "i"


def test_an_underbrace_label_goes_under_the_brace():
    root = ET.fromstring(mathml.tex_to_mathml(r"\underbrace{a + b}_{\text{sum}}", display=True))
    outer = root[0]
    assert outer.tag.endswith("}munder") and outer[1].text == "sum"
    assert outer[0].tag.endswith("}munder") and outer[0][1].text == "\u23df"


def test_bars_are_ordinary_and_do_not_stretch_unless_sized():
    root = ET.fromstring(mathml.tex_to_mathml(r"D(p \,\|\, q) = \sum_i |S| \big| x \big|", display=True))
    bars = [mo for mo in root.iter(f"{{{mathml.MATHML_NS}}}mo") if mo.text in ("|", "\u2016")]
    assert len(bars) == 5 and all(b.get("lspace") == b.get("rspace") == "0" for b in bars)
    assert [b.get("stretchy") for b in bars] == ["false"] * 3 + ["true"] * 2
    assert bars[-1].get("maxsize") == "1.2em"


def test_big_delimiters_are_sized_alone_as_in_tex():
    # A \Bigl[ on one line of an aligned, its \Bigr] on the next: each is a sized bracket.
    xml = mathml.tex_to_mathml(r"\begin{aligned} a &= \Bigl[ b \\ &\quad + c \Bigr]^2 \end{aligned}", display=True)
    rows = ET.fromstring(xml).findall(".//m:mtr", NS)
    assert len(rows) == 2
    assert any(mo.text == "[" and mo.get("minsize") for mo in rows[0].iter(f"{{{mathml.MATHML_NS}}}mo"))
    close = rows[1].find(".//m:msup/m:mrow/m:mo", NS)  # the square is the bracket's, not the line's
    assert close.text == "]" and close.get("minsize")


def test_no_spaces_around_relations_in_scripts():
    root = ET.fromstring(mathml.tex_to_mathml(r"\sum_{i=1}^{n} e^{-|z|}", display=True))
    eq = root.find(".//m:munderover/m:mrow/m:mo", NS)
    assert eq.text == "=" and eq.get("lspace") == eq.get("rspace") == "0"


def test_aligned_is_in_display_style():
    root = ET.fromstring(mathml.tex_to_mathml(r"\begin{aligned} a &= \frac{1}{2} \end{aligned}", display=True))
    assert root.find(".//m:mtable", NS).get("displaystyle") == "true"


def test_a_function_name_is_spaced_from_a_bar_but_not_from_an_opening_one():
    kids = children(mathml.tex_to_mathml(r"\log_2 |S|", display=False))
    assert [k[0] for k in kids[:3]] == ["msub", "mspace", "mo"]
    kids = children(mathml.tex_to_mathml(r"\log \lvert x \rvert", display=False))
    assert [k[0] for k in kids[:3]] == ["mi", "mo", "mo"] and kids[2][1] == "|"


def test_capital_greek_is_upright_and_a_trailing_relation_has_no_space_after():
    root = ET.fromstring(mathml.tex_to_mathml(r"\Delta_i + \delta = x =", display=False))
    assert root.find(".//m:mi", NS).text == "\u0394" and root.find(".//m:mi", NS).get("mathvariant") == "normal"
    assert [mi.get("mathvariant") for mi in root.iter(f"{{{mathml.MATHML_NS}}}mi") if mi.text == "\u03b4"] == [None]
    assert root[-1].text == "=" and root[-1].get("rspace") == "0"
    first = ET.fromstring(mathml.tex_to_mathml(r"= 0.325", display=False))[0]
    assert first.text == "=" and first.get("lspace") == "0" and first.get("rspace") is None


def test_punctuation_after_inline_math_stays_on_its_line():
    from docutils import nodes
    para = nodes.paragraph("", "", nodes.Text("so "), nodes.math("", "x"), nodes.Text(". Then "),
                           nodes.math("", "y"), nodes.Text(" and"))
    doc = nodes.document(None, None)
    doc += para
    mathml.keep_punctuation_with_math(None, doc, "page")
    wrap = para[1]
    assert isinstance(wrap, nodes.inline) and wrap["classes"] == ["math-nowrap"]
    assert isinstance(wrap[0], nodes.math) and wrap.astext() == "x."
    assert para.astext() == "so x. Then y and" and isinstance(para[3], nodes.math)


def test_low_dots_have_thin_spaces_except_in_scripts():
    root = ET.fromstring(mathml.tex_to_mathml(r"x_1 \dots x_{1 \dots N}", display=False))
    dots = [mo for mo in root.iter(f"{{{mathml.MATHML_NS}}}mo") if mo.text == "\u2026"]
    assert [(d.get("lspace"), d.get("rspace")) for d in dots] == [(mathml.THIN, mathml.THIN), ("0", "0")]
