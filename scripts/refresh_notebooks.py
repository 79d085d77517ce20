#!/usr/bin/env python
"""Re-execute the book's notebooks in place so their stored outputs equal a fresh run.

Usage: python scripts/refresh_notebooks.py [NOTEBOOK ...]   (default: every book/*.ipynb)

Each notebook is executed top to bottom with this interpreter's kernel, then
volatile metadata is stripped: widget state (the build re-creates it),
execution timings and kernel details.  Outputs are kept: nbval compares them.

Two things are derived, so that they are written once by the author:

* a figure shown with ``lib.book.figure`` records its name, caption and alt
  text in its output; they are copied into the cell's ``mystnb`` metadata,
  from which the site draws a numbered figure with alt text, and the caption
  into a markdown cell right after it, tagged ``remove-cell``, which only
  JupyterLab shows (it does not read cell metadata);
* a cell the site hides (tags ``remove-input`` / ``remove-cell`` /
  ``hide-input``) gets ``jupyter.source_hidden``, so JupyterLab collapses its
  code too and the notebook reads as prose there as well.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lib.book import FIGURE_KEY  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
HIDDEN_ON_SITE = {"remove-input", "remove-cell", "hide-input"}


def figure_metadata(cell: nbformat.NotebookNode) -> dict | None:
    """The ``mystnb`` metadata a figure cell needs, from what ``lib.book.figure`` recorded."""
    records = [o["metadata"][FIGURE_KEY] for o in cell.get("outputs", []) if FIGURE_KEY in o.get("metadata", {})]
    if not records:
        return None
    if len(records) > 1:
        raise SystemExit(f"one figure per cell, found {len(records)}: {cell.source[:60]!r}")
    rec = records[0]
    return {"figure": {"caption": rec["caption"], "name": rec["name"]}, "image": {"alt": rec["alt"]}}


CAPTION_KEY = "lib.book/caption"


def caption_cell(name: str, caption: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(f"**Figure.** {caption}")
    cell.metadata = {"tags": ["remove-cell"], CAPTION_KEY: True}
    cell.id = f"caption-{name}"[:64]  # stable, so a refresh changes nothing in git
    return cell


def derive(nb: nbformat.NotebookNode) -> None:
    """Write the derived cells and cell metadata (see the module docstring)."""
    nb.cells = [c for c in nb.cells if not c.metadata.get(CAPTION_KEY)]
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type != "code":
            continue
        meta = figure_metadata(cell)
        if meta is not None:
            cell.metadata["mystnb"] = meta
            cells.append(caption_cell(meta["figure"]["name"], meta["figure"]["caption"]))
        else:
            cell.metadata.pop("mystnb", None)
        if HIDDEN_ON_SITE & set(cell.metadata.get("tags", [])):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        elif "jupyter" in cell.metadata:
            cell.metadata["jupyter"].pop("source_hidden", None)
            if not cell.metadata["jupyter"]:
                del cell.metadata["jupyter"]
    nb.cells = cells


def strip(nb: nbformat.NotebookNode) -> None:
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                out.get("metadata", {}).pop("execution", None)


def refresh(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    strip(nb)
    derive(nb)
    nbformat.write(nb, path)
    print(f"refreshed {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    # Make the kernel the one of this interpreter's environment.
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    paths = [Path(a).resolve() for a in argv] or sorted((ROOT / "book").glob("*.ipynb"))
    for path in paths:
        refresh(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
