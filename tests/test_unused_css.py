"""The theme stylesheet is cut to the rules some page can use (sphinxext/unused_css.py): what may go, what must stay."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sphinxext"))
import unused_css  # noqa: E402

USED = {"bd-article", "active", "show"}


def purged(css: str) -> str:
    return unused_css.purge(css, USED)


def test_a_rule_for_an_unused_class_goes_and_one_for_a_used_class_stays():
    out = purged(".bd-article{color:red}.carousel{color:blue}")
    assert ".bd-article{color:red}" in out and "carousel" not in out


def test_only_the_unused_selectors_of_a_list_go():
    out = purged(".carousel,.bd-article>p,#nowhere{margin:0}")
    assert out.strip() == ".bd-article>p{margin:0}"


def test_elements_attributes_and_the_root_always_stay():
    css = 'html[data-theme=dark]{--x:1}:root{--y:2}p>a:hover{color:red}[class*=col-]{width:1px}'
    assert purged(css).replace("\n", "") == css


def test_selectors_that_can_match_without_the_class_stay():
    css = ".x:not(.carousel){a:b}.y:is(.carousel,.bd-article){a:b}.md\\:flex{a:b}"
    out = purged(css)
    assert ".x:not(.carousel)" in out and ".y:is(.carousel,.bd-article)" in out and ".md\\:flex" in out


def test_media_blocks_are_purged_inside_and_dropped_when_empty():
    out = purged("@media (min-width:960px){.carousel{a:b}}@media print{.bd-article{a:b}.toast{a:b}}")
    assert "960px" not in out and out.strip() == "@media print{.bd-article{a:b}}"


def test_other_at_rules_stay_whole_and_statements_are_kept():
    css = '@charset "UTF-8";@font-face{font-family:x;src:url(a.woff)}@keyframes spin{from{a:b}to{a:c}}.toast{a:b}'
    out = purged(css)
    assert out.startswith('@charset "UTF-8";') and "@font-face{font-family:x;src:url(a.woff)}" in out
    assert "@keyframes spin{from{a:b}to{a:c}}" in out and "toast" not in out


def test_braces_and_commas_inside_strings_do_not_confuse_the_parser():
    css = '.bd-article::after{content:"}{,"}.toast[title="a,b"]{a:b}/* .bd-article{ */.active{a:b}'
    out = purged(css)
    assert '.bd-article::after{content:"}{,"}' in out and ".active{a:b}" in out and "toast" not in out


def test_used_names_come_from_pages_and_scripts(tmp_path):
    (tmp_path / "page.html").write_text('<div class="bd-article lib-x" id="main"></div>', encoding="utf-8")
    (tmp_path / "menu.js").write_text('el.classList.add("show"); x.fa-solid', encoding="utf-8")
    (tmp_path / "embed-amd.js").write_text('"fa-check widget-slider"', encoding="utf-8")
    used = unused_css.used_names(tmp_path)
    assert {"bd-article", "lib-x", "main", "show", "widget-slider"} <= used
    assert "fa-check" not in used  # the widget manager's own Font Awesome 5 names
