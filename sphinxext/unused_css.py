"""Drop the theme's style rules that no page can use, so the stylesheet that blocks the first paint is small.

pydata-sphinx-theme ships one stylesheet of about 400 KB (65 KB gzipped) with all of Bootstrap 5 in it, and
every page must download it before it shows anything.  Most of it styles classes that no page of this book
has (grid columns, utilities, components the theme never renders).  :func:`purge` keeps a selector unless
it names a class or id that appears nowhere: not in any built page, and not as a word in any script the
site serves (scripts add classes such as ``show`` or ``collapsing`` when a menu opens, so every word of
their source counts as used).  It is conservative where a name could match without being present:

* a selector with ``:not(``, ``:is(``, ``:where(``, ``:has(`` or ``:matches(`` is kept, as is one with an
  escaped character;
* at-rules other than ``@media``, ``@supports``, ``@layer`` and ``@container`` (``@font-face``,
  ``@keyframes``, ...) are kept whole; in those four, the rules inside are purged the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

NAME_RE = re.compile(r"[.#](-?[_a-zA-Z][_a-zA-Z0-9-]*)")
WORD_RE = re.compile(r"-?[_a-zA-Z][_a-zA-Z0-9-]*")
CLASS_ATTR_RE = re.compile(r'\b(?:class|id)="([^"]*)"')
GROUPING = ("@media", "@supports", "@layer", "@container")
FUZZY = (":not(", ":is(", ":where(", ":has(", ":matches(", "\\")


def used_names(site: Path) -> set[str]:
    """Every class and id of the built pages, and every word of the site's scripts."""
    used: set[str] = set()
    for page in site.rglob("*.html"):
        for value in CLASS_ATTR_RE.findall(page.read_text(encoding="utf-8")):
            used.update(value.split())
    for script in site.rglob("*.js"):
        words = WORD_RE.findall(script.read_text(encoding="utf-8", errors="replace"))
        if script.name == "embed-amd.js":
            # The widget manager bundles Font Awesome 5 with its own stylesheet: its icon names do not
            # make the theme's Font Awesome 6 rules (a thousand of them) used.
            words = [w for w in words if not w.startswith("fa-")]
        used.update(words)
    return used


def _keep_selector(selector: str, used: set[str]) -> bool:
    if any(f in selector for f in FUZZY):
        return True
    return all(name in used for name in NAME_RE.findall(re.sub(r'"[^"]*"|\'[^\']*\'', "", selector)))


def _block_end(css: str, start: int) -> int:
    """Index just after the ``}`` that closes the block whose ``{`` is at ``start`` (strings and comments skipped)."""
    depth, i = 0, start
    while i < len(css):
        c = css[i]
        if c in "\"'":
            i = css.index(c, i + 1)
        elif css.startswith("/*", i):
            i = css.index("*/", i) + 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced braces in the stylesheet")


def _split_selectors(prelude: str) -> list[str]:
    """A selector list split at its top-level commas (not inside brackets, parentheses or strings)."""
    parts, depth, quote, start = [], 0, "", 0
    for k, c in enumerate(prelude):
        if quote:
            quote = "" if c == quote else quote
        elif c in "\"'":
            quote = c
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(prelude[start:k].strip())
            start = k + 1
    parts.append(prelude[start:].strip())
    return [p for p in parts if p]


def purge(css: str, used: set[str]) -> str:
    """``css`` without the rules (and selectors of a rule) that can match no element (see the module)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out, i = [], 0
    while True:
        # statement at-rules (@charset, @import) end at a semicolon before any block
        semi, brace = css.find(";", i), css.find("{", i)
        if css[i:].lstrip().startswith("@") and 0 <= semi < (brace if brace >= 0 else len(css)):
            out.append(css[i:semi + 1].strip())
            i = semi + 1
            continue
        if brace < 0:
            break
        prelude = css[i:brace].strip()
        end = _block_end(css, brace)
        body = css[brace + 1:end - 1]
        if prelude.startswith("@"):
            if prelude.startswith(GROUPING):
                inner = purge(body, used)
                if inner.strip():
                    out.append(f"{prelude}{{{inner.strip()}}}")
            else:
                out.append(css[i:end].strip())
        else:
            kept = [s for s in _split_selectors(prelude) if _keep_selector(s, used)]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
        i = end
    return "\n".join(out) + "\n"
