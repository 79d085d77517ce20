"""The book's math as MathML, written at build time: nothing typesets it in the reader's browser.

Every ``$...$`` and ``$$...$$`` of the chapters (and of the Markdown their code cells print) becomes
MathML here, which every current browser lays out natively.  A page therefore shows its math with
its text, with no script to load, no typesetting task on the phone's CPU and no text moving when
the math appears; screen readers read MathML as math.  (Until this extension, MathJax 3 typeset
about 3,400 formulas in the reader's browser: its start-up alone was a 0.3-0.9 s task on a phone,
and inline math replacing its TeX moved the first paragraphs.)

The TeX is converted by docutils' own converter (:mod:`docutils.utils.math.latex2mathml`, part
of docutils, which Sphinx already needs).  Two small passes adapt it:

* :func:`normalise` rewrites the few commands the book uses that docutils does not know into ones
  it does, with the same meaning (``\\big(`` is ``\\bigl(``, ``\\dots`` is ``\\ldots`` or
  ``\\cdots`` as amsmath would choose, ``\\iff`` is ``\\;\\Longleftrightarrow\\;``, ...).
* :func:`space_functions` gives function names (``log``, ``ln``, ``max``, ``softmax``, ...) TeX's
  thin spaces, which MathML leaves to the renderer and browsers do not add: ``p \\log p`` must
  not read "plogp"; :func:`unspace_slashes` sets ``1/T`` without the spaces browsers give ``/``.

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


def normalise(tex: str) -> str:
    """``tex`` with the commands docutils does not know rewritten into ones it does (same meaning)."""
    tex = tex.replace("½", r"\tfrac{1}{2}")
    tex = re.sub(r"\\iff(?![A-Za-z])", r"\\;\\Longleftrightarrow\\;", tex)
    tex = re.sub(r"\\([td]?frac)\s*(\d)\s*(\d)", r"\\\1{\2}{\3}", tex)           # \tfrac16
    # A sized bar or slash that does not open or close a pair (\bigm|, \big/) keeps its usual size:
    # docutils pairs every \bigl with a \bigr, as \left with \right.
    tex = re.sub(rf"\\(?:{_SIZES})m\s*\|(?=([A-Za-z]?))", lambda m: "\\mid" + (" " if m.group(1) else ""), tex)
    tex = re.sub(rf"\\(?:{_SIZES})(?![A-Za-z])\s*/", "/", tex)
    tex = re.sub(rf"\\({_SIZES})(?![A-Za-z])\s*(?={_OPEN})", r"\\\1l", tex)         # \big( -> \bigl(
    tex = re.sub(rf"\\({_SIZES})(?![A-Za-z])", r"\\\1r", tex)                       # \big) \big| -> \bigr
    # amsmath's \dots: centred between binary operators and relations, on the line otherwise.
    tex = re.sub(r"([+\-=<>]|\\cdot|\\times|\\le|\\ge)\s*\\dots(?![A-Za-z])", r"\1 \\cdots", tex)
    tex = re.sub(r"\\dots(?![A-Za-z])(?=\s*([+\-=<>]|\\cdot|\\times))", r"\\cdots", tex)
    tex = re.sub(r"\\dots(?![A-Za-z])", r"\\ldots", tex)
    return tex


def _text(el) -> str:
    return (el.text or "").strip()


_SCRIPTED = ("msub", "msup", "msubsup", "munder", "mover", "munderover")


def _is_function(el) -> bool:
    """A function name (``log``, ``max``, ``softmax``, ...), possibly with a sub- or superscript."""
    tag = el.tag.split("}")[-1]
    if tag in _SCRIPTED and len(el):
        return _is_function(el[0])
    return tag in ("mi", "mo") and len(_text(el)) > 1 and _text(el).isalpha()


def _is_open(el) -> bool:
    return el.tag.endswith("}mo") and _text(el) in ("(", "[", "{", "⟨", "|", "‖")


def _is_ordinary(el) -> bool:
    """A letter, number, closing bracket or a group ending in one: TeX puts a thin space between it and a function."""
    tag = el.tag.split("}")[-1]
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
        if parent.tag.split("}")[-1] in _SCRIPTED:  # a name and its script, not a row
            continue
        kids = list(parent)
        for i, el in enumerate(kids):
            if not _is_function(el):
                continue
            name = el if el.tag.endswith(("}mi", "}mo")) else el[0]
            if name.tag.endswith("}mo"):
                name.set("lspace", "0")
                name.set("rspace", "0")
            j = i + 1
            if j < len(kids) and _text(kids[j]) == "\u2061":  # the invisible "function application"
                j += 1
            if j < len(kids) and not _is_open(kids[j]) and not kids[j].tag.endswith("}mo"):
                _insert_space(parent, kids[j])
            if i > 0 and _is_ordinary(kids[i - 1]):
                _insert_space(parent, el)


def unspace_slashes(root) -> None:
    """``a/b``: TeX sets the slash as an ordinary symbol, with no space; browsers space it as an operator."""
    for el in root.iter(f"{{{MATHML_NS}}}mo"):
        if _text(el) == "/":
            el.set("lspace", "0")
            el.set("rspace", "0")


def _insert_space(parent, before) -> None:
    space = ET.Element(f"{{{MATHML_NS}}}mspace", width=THIN)
    parent.insert(list(parent).index(before), space)


def tex_to_mathml(tex: str, display: bool) -> str:
    """One formula as a ``<math>`` element (``display="block"`` for a display equation)."""
    xml = tex2mathml(normalise(tex), as_block=display).replace("&ApplyFunction;", "&#x2061;")
    root = ET.fromstring(xml)
    for el in root.iter():  # drop the pretty-printer's indentation
        if el.text is not None and not el.text.strip():
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    space_functions(root)
    unspace_slashes(root)
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


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
