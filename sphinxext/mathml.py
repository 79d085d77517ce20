"""The book's math as MathML, written at build time: nothing typesets it in the reader's browser.

Every ``$...$`` and ``$$...$$`` of the chapters (and of the Markdown their code cells print) becomes
MathML here, which every current browser lays out natively.  A page therefore shows its math with
its text, with no script to load, no typesetting task on the phone's CPU and no text moving when
the math appears; screen readers read MathML as math.  (Until this extension, MathJax 3 typeset
about 3,400 formulas in the reader's browser: its start-up alone was a 0.3-0.9 s task on a phone,
and inline math replacing its TeX moved the first paragraphs.)

The TeX is converted by docutils' own converter (:mod:`docutils.utils.math.latex2mathml`, part
of docutils, which Sphinx already needs).  A few small passes adapt it:

* :func:`normalise` rewrites the few commands the book uses that docutils does not know into ones
  it does, with the same meaning (``\\big(`` is ``\\bigl(``, ``\\dots`` is ``\\ldots`` or
  ``\\cdots`` as amsmath would choose, ``\\iff`` is ``\\;\\Longleftrightarrow\\;``, ...).
* :func:`space_functions` gives function names (``log``, ``ln``, ``max``, ``softmax``, ...) TeX's
  thin spaces, which MathML leaves to the renderer and browsers do not add: ``p \\log p`` must
  not read "plogp"; :func:`fix_scripts` and :func:`fix_operators` set scripts, primes, accents, bars
  and slashes (``1/T``) as TeX does where browsers differ.
* :func:`fix_scripts` and :func:`fix_operators` mend what docutils or the browsers get wrong:
  ``\\hat p_i`` with its ``i`` under the ``p``, an ``\\underbrace`` label beside the brace, a bar
  spaced as an operator or a ``‖`` stretched to a ``∑``, spaces around ``=`` in ``\\sum_{i=1}``,
  ``aligned`` out of display style.  (:func:`normalise` also makes primes superscripts and sizes
  each ``\\bigl``/``\\bigr`` alone, as TeX does.)

A formula the converter cannot read is a build warning (so an error under ``-W``), never raw TeX
on the page.  ``lib-pages.css`` holds the styles (math font, aligned environments, narrow screens).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from docutils import nodes
from docutils.utils.math import MathError
from docutils.utils.math.latex2mathml import tex2mathml
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
THIN = "0.1667em"  # TeX's \, (3 mu)
ET.register_namespace("", MATHML_NS)

_OPEN = r"\(|\[|\\\{|\\langle|\\lvert|\\lVert|\\lceil|\\lfloor"
_SIZES = r"big|Big|bigg|Bigg"
_DELIM = r"\\[A-Za-z]+|\\.|[^\s\\]"


def normalise(tex: str) -> str:
    """``tex`` with the commands docutils does not know rewritten into ones it does (same meaning)."""
    tex = tex.replace("½", r"\tfrac{1}{2}")
    tex = re.sub(r"\\iff(?![A-Za-z])", r"\\;\\Longleftrightarrow\\;", tex)
    tex = re.sub(r"\\([td]?frac)\s*(\d)\s*(\d)", r"\\\1{\2}{\3}", tex)           # \tfrac16
    # A sized slash keeps its usual size (docutils has no sized ordinary symbol).
    tex = re.sub(rf"\\(?:{_SIZES})(?![A-Za-z])\s*/", "/", tex)
    tex = re.sub(rf"\\({_SIZES})(?![A-Za-z])\s*(?={_OPEN})", r"\\\1l", tex)         # \big( -> \bigl(
    tex = re.sub(rf"\\({_SIZES})(?![A-Za-z])", r"\\\1r", tex)                       # \big) \big| -> \bigr
    # TeX's \bigl and \bigr only size a delimiter; docutils pairs them like \left ... \right into one
    # group, which breaks across the cells of an aligned (a \Bigl[ on one line, its \Bigr] on the next)
    # and takes a script after \bigr) onto the whole group.  Each gets an empty partner: alone, as in TeX.
    tex = re.sub(rf"\\({_SIZES})([lr])\s*({_DELIM})",
                 lambda m: (f"\\{m[1]}l{m[3]}\\{m[1]}r." if m[2] == "l" else f"\\{m[1]}l.\\{m[1]}r{m[3]}"), tex)
    # \bigm| between two parts: a big bar, spaced as a relation.
    tex = re.sub(rf"\\({_SIZES})m\s*\|", r"\\;\\\1l.\\\1r|\\;", tex)
    # amsmath's \dots: centred between binary operators and relations, on the line otherwise.
    tex = re.sub(r"([+\-=<>]|\\cdot|\\times|\\le|\\ge)\s*\\dots(?![A-Za-z])", r"\1 \\cdots", tex)
    tex = re.sub(r"\\dots(?![A-Za-z])(?=\s*([+\-=<>]|\\cdot|\\times))", r"\\cdots", tex)
    tex = re.sub(r"\\dots(?![A-Za-z])", r"\\ldots", tex)
    # A prime is a superscript (p' is p^{\prime}); docutils leaves an apostrophe on the baseline.
    parts = re.split(r"(\\text\{(?:[^{}]|\{[^{}]*\})*\})", tex)
    parts[::2] = [re.sub(r"'+", lambda m: "^{" + r"\prime" * len(m[0]) + "}", part) for part in parts[::2]]
    return "".join(parts)


def _tag(el) -> str:
    return el.tag.split("}")[-1]


def _m(tag: str, *kids, **attrs):
    el = ET.Element(f"{{{MATHML_NS}}}{tag}", **attrs)
    el.extend(kids)
    return el


def _text(el) -> str:
    return (el.text or "").strip()


_SCRIPTED = ("msub", "msup", "msubsup", "munder", "mover", "munderover")


def _is_function(el) -> bool:
    """A function name (``log``, ``max``, ``softmax``, ...), possibly with a sub- or superscript."""
    tag = _tag(el)
    if tag in _SCRIPTED and len(el):
        return _is_function(el[0])
    return tag in ("mi", "mo") and len(_text(el)) > 1 and _text(el).isalpha()


def _is_open(el) -> bool:
    """An opening bracket; a plain ``|`` is an ordinary symbol in TeX (``\\log |S|`` has a thin space)."""
    return _tag(el) == "mo" and (_text(el) in ("(", "[", "{", "⟨", "⌈", "⌊")
                                       or _text(el) in ("|", "‖") and "mathopen" in el.get("class", ""))


def _is_ordinary(el) -> bool:
    """A letter, number, closing bracket or a group ending in one: TeX puts a thin space between it and a function."""
    tag = _tag(el)
    if tag in ("mi", "mn", "mfrac", "msqrt", "mtext"):
        return True
    if tag in _SCRIPTED + ("mrow",) and len(el):
        return _is_ordinary(el[-1] if tag == "mrow" else el[0])
    return tag == "mo" and _text(el) in (")", "]", "}", "⟩")


def space_functions(root) -> None:
    """TeX's spacing around function names, which MathML renderers leave out.

    TeX puts a thin space between a function name and what follows, unless that is an opening
    bracket (``\\log p`` but ``\\log(p)``), and between a preceding letter, number or closing bracket
    and the name (``p \\log p``).  A multi-letter ``<mo>`` (``max``) is not in the browsers'
    operator dictionary, which would give it thick spaces: it gets TeX's instead.
    """
    for parent in root.iter():
        if _tag(parent) in _SCRIPTED:  # a name and its script, not a row
            continue
        kids = list(parent)
        for i, el in enumerate(kids):
            if not _is_function(el):
                continue
            name = el if _tag(el) in ("mi", "mo") else el[0]
            if _tag(name) == "mo":
                name.set("lspace", "0")
                name.set("rspace", "0")
            j = i + 1
            if j < len(kids) and _text(kids[j]) == "\u2061":  # the invisible "function application"
                j += 1
            if j < len(kids) and not _is_open(kids[j]) and (_tag(kids[j]) != "mo"
                                                              or _text(kids[j]) in ("|", "‖")):
                _insert_space(parent, kids[j])
            if i > 0 and _is_ordinary(kids[i - 1]):
                _insert_space(parent, el)


_ACCENTS = ("\u02c6", "\u02c9", "~", "\u02dc", "\u02c7", "\u02d9", "\u00a8", "\u2192", "\u00af", "^")


def fix_scripts(root) -> None:
    """Scripts docutils attaches to the wrong thing.

    A prime (``p'``, which :func:`normalise` made ``p^{\\prime}``) is the font's prime after the letter:
    as a superscript the already raised glyph comes out tiny and too high.
    ``\\hat p_i`` becomes a ``munderover`` that sets ``i`` *under* the ``p``: it is a subscript of the
    accented letter, ``msub(mover(p, ^), i)``.  ``\\underbrace{x}_{label}`` becomes a subscript to the
    right of the brace: in TeX the label goes under the brace (and ``\\overbrace{x}^{label}`` over it).
    """
    for parent in root.iter():
        for i, el in enumerate(list(parent)):
            tag = _tag(el)
            primes = _primes(el[-1]) if tag in ("msup", "msubsup") and len(el) >= 2 else 0
            if primes:  # the font's prime is already raised: after the letter, not as a (tiny) superscript
                prime = _m("mo", lspace="0", rspace="0")
                prime.text = "\u2032\u2033\u2034"[min(primes, 3) - 1]
                new = _m("mrow", el[0], prime)
                if tag == "msubsup":
                    new = _m("msub", new, el[1])
                new.tail = el.tail
                parent[i] = new
            elif (tag == "munderover" and len(el) == 3 and _tag(el[2]) == "mo" and _text(el[2]) in _ACCENTS
                    and _tag(el[0]) != "mo"):
                base, sub, accent = list(el)
                new = _m("msub", _m("mover", base, accent, accent="true"), sub)
                new.tail = el.tail
                parent[i] = new
            elif (tag, len(el)) in (("msub", 2), ("msup", 2)) and len(el[0]) == 2:
                brace = {"msub": ("munder", "\u23df"), "msup": ("mover", "\u23de")}[tag]
                if _tag(el[0]) == brace[0] and _text(el[0][1]) == brace[1]:
                    el.tag = f"{{{MATHML_NS}}}{brace[0]}"


def _primes(script) -> int:
    """How many primes a superscript is made of (0 if it is anything else)."""
    kids = list(script) if _tag(script) == "mrow" else [script]
    return len(kids) if kids and all(_tag(k) in ("mi", "mo") and _text(k) == "\u2032" for k in kids) else 0


_UPRIGHT_GREEK = "\u0393\u0394\u0398\u039b\u039e\u03a0\u03a3\u03a5\u03a6\u03a8\u03a9"


def fix_operators(root) -> None:
    """Spacing and stretching of a few symbols as TeX sets them.

    * ``a/b``: TeX sets the slash as an ordinary symbol, with no space; browsers space it as an operator.
    * ``|`` and ``\\|`` are ordinary symbols in TeX (no space around ``|S|`` or ``\\|p - q\\|``) and keep
      their size unless ``\\left``/``\\big`` sizes them; browsers space a bar inside a row as an
      operator, stretch ``‖`` to the height of the row (a ``∑`` with limits beside it) and leave a
      ``\\big|`` between two parts (not a fence) at its usual size.
    * In sub- and superscripts TeX puts no space around relations and binary operators
      (``\\sum_{i=1}``, ``e^{-|z|}``); browsers keep the full spaces.
    * ``\\ldots`` has TeX's thin space on each side (``x_1 \\ldots x_N`` is not "x₁…x_N").
    * Capital Greek letters are upright (``\\Delta``); a formula ending in ``=`` has no space after it
      (nor one starting with ``=`` before it).
    * AMS ``aligned`` is set in display style (fractions and limits as in a display); a MathML table
      is not, unless told.
    """
    for el in root.iter(f"{{{MATHML_NS}}}mi"):
        if _text(el) == "\u2026":  # docutils' \ldots is a letter; it is spaced as an operator below
            el.tag = f"{{{MATHML_NS}}}mo"
        elif _text(el) in _UPRIGHT_GREEK and "mathvariant" not in el.attrib:  # TeX: upright (browsers: italic)
            el.set("mathvariant", "normal")
    for el in root.iter(f"{{{MATHML_NS}}}mo"):
        if _text(el) == "/" or _text(el) in ("|", "\u2016") and "lspace" not in el.attrib:
            el.set("lspace", "0")
            el.set("rspace", "0")
        if "maxsize" in el.attrib:  # \big: a bar between two parts is not stretchy unless told
            el.set("stretchy", "true")
    for parent in root.iter():
        for i, el in enumerate(parent):
            if (_tag(el) == "mo" and _text(el) in ("|", "\u2016") and "maxsize" not in el.attrib
                    and "stretchy" not in el.attrib
                    and not (_tag(parent) == "mrow" and len(parent) > 1 and i in (0, len(parent) - 1))):
                el.set("stretchy", "false")
    for el in root.iter():
        if _tag(el) in _SCRIPTED:
            if _tag(el[0]) == "mo" and "maxsize" in el[0].attrib:  # \bigr)^2: Chromium sizes it only in a row
                el[0] = _m("mrow", el[0])
            for script in el[1:]:
                for op in script.iter(f"{{{MATHML_NS}}}mo"):
                    if "lspace" not in op.attrib:
                        op.set("lspace", "0")
                        op.set("rspace", "0")
    for el in root.iter(f"{{{MATHML_NS}}}mo"):  # \ldots is an "inner" atom: thin spaces (x_1 \ldots x_N)
        if _text(el) == "\u2026" and "lspace" not in el.attrib:
            el.set("lspace", THIN)
            el.set("rspace", THIN)
    kids = list(root)  # "$x =$ {eval}`n`" or "{eval}`n` $= y$": no space on the text's side, as in TeX
    if kids and _tag(kids[-1]) == "mo" and "rspace" not in kids[-1].attrib:
        kids[-1].set("rspace", "0")
    if kids and _tag(kids[0]) == "mo" and "lspace" not in kids[0].attrib:
        kids[0].set("lspace", "0")
    for table in root.iter(f"{{{MATHML_NS}}}mtable"):
        if "ams-align" in table.get("class", ""):
            table.set("displaystyle", "true")


def _insert_space(parent, before) -> None:
    parent.insert(list(parent).index(before), _m("mspace", width=THIN))


def tex_to_mathml(tex: str, display: bool) -> str:
    """One formula as a ``<math>`` element (``display="block"`` for a display equation)."""
    xml = tex2mathml(normalise(tex), as_block=display).replace("&ApplyFunction;", "&#x2061;")
    root = ET.fromstring(xml)
    for el in root.iter():  # drop the pretty-printer's indentation
        if el.text is not None and not el.text.strip():
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    fix_scripts(root)
    space_functions(root)
    fix_operators(root)
    return ET.tostring(root, encoding="unicode", short_empty_elements=False)


def display_tex(text: str) -> str:
    """A display equation's TeX as one formula: several lines (or blank-line parts) become ``aligned``."""
    parts = [part for part in text.split("\n\n") if part.strip()]
    tex = parts[0] if len(parts) == 1 else r" \\ ".join(parts)
    if (len(parts) > 1 or r"\\" in tex) and r"\begin{" not in tex:
        tex = r"\begin{aligned}" + tex + r"\end{aligned}"
    return tex


def _convert(self, node, tex: str, display: bool) -> str:
    try:
        return tex_to_mathml(tex, display)
    except (MathError, ET.ParseError) as err:
        logger.warning("math not converted to MathML (%s): %s", err, tex.strip()[:80],
                       location=node, type="mathml")
        return self.encode(tex)


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_convert(self, node, node.astext(), display=False) + "</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    """As Sphinx's MathJax renderer writes a display equation (number, permalink), with MathML inside."""
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_convert(self, node, display_tex(node.astext()), display=True) + "</div>\n")
    raise nodes.SkipNode


_PUNCT = re.compile(r"[.,;:!?)\]]+")


def keep_punctuation_with_math(app, doctree, docname) -> None:
    """``$x$.``: the full stop stays on the line of the formula.

    A ``<math>`` is one box to the line breaker, which may break between it and the punctuation that
    follows (a line then starts with "."); MathJax kept them together.  The two go in one span that
    does not wrap (``math-nowrap`` in ``lib-pages.css``).
    """
    for math in list(doctree.findall(nodes.math)):
        parent = math.parent
        if parent is None:
            continue
        i = parent.index(math)
        after = parent[i + 1] if i + 1 < len(parent) else None
        match = _PUNCT.match(str(after)) if isinstance(after, nodes.Text) else None
        if not match:
            continue
        wrapper = nodes.inline(classes=["math-nowrap"])
        parent.replace(math, wrapper)
        wrapper += math
        wrapper += nodes.Text(match.group(0))
        rest = str(after)[match.end():]
        if rest:
            parent.replace(after, nodes.Text(rest))
        else:
            parent.remove(after)


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    app.connect("doctree-resolved", keep_punctuation_with_math)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
