"""The bibliography: every citation resolves, every entry is cited, labels match the text.

Static checks (no build): the chapters and pages cite with ``{cite:t}`Key``` or
``{cite:p}`Key```; the keys live in ``book/references.bib`` (sphinxcontrib-bibtex
generates the list on the References page).  The strict build would also fail on
an unknown key; this test says which file and key in a second.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
from pybtex.database import parse_file

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sphinxext"))
from author_year_labels import author_year_label  # noqa: E402

BIB = parse_file(str(ROOT / "book" / "references.bib"))
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`([^`]+)`")


def _markdown(path: Path) -> str:
    if path.suffix == ".md":
        return path.read_text()
    cells = nbformat.read(path, as_version=4).cells
    return "\n".join(c.source for c in cells if c.cell_type == "markdown")


CITED = {
    path.name: [key.strip() for keys in CITE.findall(_markdown(path)) for key in keys.split(",")]
    for path in sorted((ROOT / "book").glob("*.*"))
    if path.suffix in {".md", ".ipynb"}
}


@pytest.mark.parametrize("page", sorted(CITED))
def test_every_citation_has_an_entry(page):
    missing = sorted(set(CITED[page]) - set(BIB.entries))
    assert not missing, f"{page} cites keys that are not in book/references.bib: {missing}"


def test_every_entry_is_cited():
    cited = {key for keys in CITED.values() for key in keys}
    assert not sorted(set(BIB.entries) - cited), "entries nobody cites: drop them or cite them"


@pytest.mark.parametrize("key", sorted(BIB.entries))
def test_entry_has_authors_title_year(key):
    entry = BIB.entries[key]
    assert entry.persons.get("author") or entry.persons.get("editor"), key
    assert {"title", "year"} <= set(entry.fields), key


def test_labels_are_author_year_as_in_the_text():
    labels = {key: author_year_label(BIB.entries[key]) for key in ("Shannon1948", "CoverThomas2006", "Guo2017")}
    assert labels == {
        "Shannon1948": "Shannon 1948",
        "CoverThomas2006": "Cover and Thomas 2006",
        "Guo2017": "Guo et al. 2017",
    }
    assert author_year_label(BIB.entries["Geron2018"]) == "Géron 2018"  # LaTeX accents rendered


def test_keys_read_as_citations():
    """Keys are AuthorYear: JupyterLab shows the key itself where the site shows the citation."""
    bad = [key for key in BIB.entries if not re.fullmatch(r"[A-Z][A-Za-z]+(19|20)\d\d", key)]
    assert not bad, bad
