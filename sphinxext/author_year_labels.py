"""Bibliography labels that match the author-year citations in the text.

The chapters cite with ``{cite:t}`Shannon1948``` ("Shannon [1948]"); pybtex's stock
styles would label the list entries ``[1]``, ``[2]`` ... or ``[Sha48]``, which the
reader then has to match by hand. This registers the pybtex formatting style
``author_year`` (``bibtex_default_style`` in ``_config.yml``): the stock "plain"
entries with labels "Shannon 1948", "Cover and Thomas 2006", "Guo et al. 2017".
"""

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


def setup(app):
    register_plugin("pybtex.style.formatting", "author_year", AuthorYearStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
