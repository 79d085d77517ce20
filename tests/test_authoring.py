"""The chapters follow the authoring rules that make them read the same on the site and in JupyterLab.

These are static checks of the committed notebooks (no execution), so they run
in a second.  The rules and their reasons are in CONTRIBUTING.md:

* numbers in prose are ``{eval}`name``` of a ``name = prose(...)`` made in an
  earlier code cell (jupyterlab-myst renders ``{eval}``, not myst-nb's glue);
* a code cell is never tagged ``remove-cell`` (in ``inline`` execution myst-nb
  does not run removed cells, so the names they define would be missing);
* a figure is one ``lib.book.figure`` output whose name, caption and alt text
  are mirrored in the cell's ``mystnb`` metadata and in a caption cell after it;
* what the site hides, JupyterLab collapses (``jupyter.source_hidden``);
* no ``{numref}``/``{glue`` markup, which JupyterLab cannot resolve.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import nbformat
import pytest
import yaml

from lib.book import FIGURE_KEY

ROOT = Path(__file__).resolve().parents[1]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
NOTEBOOKS = sorted(
    ROOT / f"{entry['file']}.ipynb"
    for part in TOC["parts"]
    for entry in part["chapters"]
    if (ROOT / f"{entry['file']}.ipynb").exists()
)
EVAL = re.compile(r"\{eval\}`([^`]+)`")
HIDDEN_ON_SITE = {"remove-input", "remove-cell", "hide-input"}


def _defined_names(source: str) -> set[str]:
    """Names bound by ``name = prose(...)`` or ``a, b = (prose(...) for ...)`` lines."""
    names = set()
    for line in source.splitlines():
        m = re.match(r"\s*([\w, ()]+?) = .*\bprose\(", line)
        if m:
            names.update(n.strip(" ()") for n in m.group(1).split(","))
    return names


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def nb(request):
    return nbformat.read(request.param, as_version=4)


def test_toc_lists_the_notebooks():
    assert len(NOTEBOOKS) >= 8


def test_what_a_chapter_imports_from_lib_is_in_its_modules_all(nb):
    """``from lib.x import name`` only for a name in ``lib.x.__all__`` (or a submodule): a chapter uses lib's API."""
    private = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code = "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(code)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "lib":
                module = importlib.import_module(node.module)
                for alias in node.names:
                    is_submodule = type(getattr(module, alias.name, None)) is type(module)
                    if not is_submodule and alias.name not in getattr(module, "__all__", ()):
                        private.append(f"from {node.module} import {alias.name}")
    assert not private, private


def test_numbers_in_prose_are_defined_before_use(nb):
    defined: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            defined |= _defined_names(cell.source)
        else:
            missing = [n for n in EVAL.findall(cell.source) if n not in defined]
            assert not missing, f"{{eval}} of names not made by prose() in an earlier cell: {missing}"


def test_no_markup_jupyterlab_cannot_render(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for bad in ("{glue", "{numref}", "```{glue"):
                assert bad not in cell.source, (bad, cell.source[:200])


def test_code_cells_are_never_removed_whole(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert "remove-cell" not in cell.metadata.get("tags", []), cell.source[:120]


def test_hidden_on_site_means_collapsed_in_jupyterlab(nb):
    for cell in nb.cells:
        if cell.cell_type == "code" and HIDDEN_ON_SITE & set(cell.metadata.get("tags", [])):
            assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, cell.source[:120]


def test_figures_carry_their_caption_and_alt_text_everywhere(nb):
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        records = [o.metadata[FIGURE_KEY] for o in cell.outputs if FIGURE_KEY in o.get("metadata", {})]
        if not records:
            assert "mystnb" not in cell.metadata
            continue
        (rec,) = records
        assert rec["alt"] and rec["caption"] and rec["name"].startswith("fig-")
        assert [o.output_type for o in cell.outputs] == ["display_data"], "a figure cell shows only its figure"
        assert cell.metadata["mystnb"] == {
            "figure": {"caption": rec["caption"], "name": rec["name"]},
            "image": {"alt": rec["alt"]},
        }, "run `make notebooks` to copy the figure's caption and alt text into the cell metadata"
        after = cells[i + 1]
        assert after.cell_type == "markdown" and "remove-cell" in after.metadata.get("tags", [])
        assert after.source == f"**Figure.** {rec['caption']}"
