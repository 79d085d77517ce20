#!/usr/bin/env python
"""Build a subset of the book's pages, strictly, in a scratch folder (for authors checking a chapter).

Usage: python scripts/build_pages.py book/02_entropy.ipynb [...] [--out DIR]

Copies the repository's configuration and the given pages (plus intro, notation
and glossary) into DIR (default: a temporary folder), writes a table of
contents with just those pages, and runs ``jupyter-book build -W -n --keep-going``
there.  The full book is built by ``make book``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALWAYS = ["book/intro.md", "book/notation.ipynb", "book/glossary.md"]
ASSETS = ["book/favicon.png"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("pages", nargs="+")
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="pages-"))
    if out.exists():
        shutil.rmtree(out)
    (out / "book").mkdir(parents=True)
    shutil.copy(ROOT / "_config.yml", out / "_config.yml")
    for folder in ("vendor", "sphinxext"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, out / folder, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    pages = ALWAYS + [str(Path(p).resolve().relative_to(ROOT)) for p in args.pages]
    for page in pages + ASSETS:
        shutil.copy(ROOT / page, out / page)
    chapters = "".join(f"      - file: {Path(p).with_suffix('')}\n" for p in pages[1:])
    (out / "_toc.yml").write_text(
        f"format: jb-book\nroot: book/intro\nparts:\n  - caption: Pages\n    numbered: true\n    chapters:\n{chapters}"
    )
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"])
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(out), "-W", "-n", "--keep-going"]
    rc = subprocess.call(cmd, env=env)
    print(f"built into {out / '_build' / 'html'} (exit {rc})")
    return rc


if __name__ == "__main__":
    sys.exit(main())
