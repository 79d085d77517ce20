"""Author-year citations in round brackets, and bibliography labels that match them.

The chapters cite with ``{cite:t}`Shannon1948``` ("Shannon [1948]"); pybtex's stock
styles would label the list entries ``[1]``, ``[2]`` ... or ``[Sha48]``, which the
reader then has to match by hand. This registers the pybtex formatting style
``author_year`` (``bibtex_default_style`` in ``_config.yml``): the stock "plain"
entries with labels "Shannon 1948", "Cover and Thomas 2006", "Guo et al. 2017".

It also registers the referencing style ``author_year_round``
(``bibtex_reference_style``): sphinxcontrib-bibtex's author-year style with the
round brackets of the book's prose, "Shannon (1948)" and "(Shannon, 1948)",
instead of its default square ones.
"""

from dataclasses import dataclass, field

import sphinxcontrib.bibtex.plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle


def _surname(person) -> str:
    return Text.from_latex(" ".join(person.prelast_names + person.last_names)).render_as("text")


def author_year_label(entry) -> str:
    """'Shannon 1948', 'Cover and Thomas 2006' or 'Guo et al. 2017' for one BibTeX entry."""
    names = [_surname(p) for p in entry.persons.get("author") or entry.persons.get("editor")]
    who = names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else f"{names[0]} et al."
    return f"{who} {entry.fields['year']}"


class AuthorYearLabels(BaseLabelStyle):
    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield author_year_label(entry)


class AuthorYearStyle(PlainStyle):
    default_label_style = AuthorYearLabels


def _round() -> BracketStyle:
    return BracketStyle(left="(", right=")")


@dataclass
class RoundAuthorYearReferenceStyle(AuthorYearReferenceStyle):
    bracket_parenthetical: BracketStyle = field(default_factory=_round)
    bracket_textual: BracketStyle = field(default_factory=_round)
    bracket_author: BracketStyle = field(default_factory=_round)
    bracket_label: BracketStyle = field(default_factory=_round)
    bracket_year: BracketStyle = field(default_factory=_round)


def setup(app):
    register_plugin("pybtex.style.formatting", "author_year", AuthorYearStyle)
    sphinxcontrib.bibtex.plugin.register_plugin(
        "sphinxcontrib.bibtex.style.referencing", "author_year_round", RoundAuthorYearReferenceStyle
    )
    return {"parallel_read_safe": True, "parallel_write_safe": True}
