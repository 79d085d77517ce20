"""Shared machinery for the packaging and Binder tests: a clean copy, fresh venvs, the notebooks' imports.

* ``clean_copy(dest)``: the files git tracks (as they are in the work tree), and nothing else: no .venv,
  _build, caches or untracked files, as a fresh clone (or Binder's checkout) has them.
* ``fresh_venv(python, dest)``: a new virtual environment made by ``python``; pip in it uses pip's
  ordinary cache (never ``--no-cache-dir``), so a second run downloads nothing.
* ``notebook_imports()``: every module the book's notebooks import, read from their code cells.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"


def clean_copy(dest: Path) -> Path:
    """Copy the files git tracks into ``dest`` (the work tree's content, so uncommitted edits are tested)."""
    out = subprocess.run(["git", "ls-files", "-z", "--cached"], cwd=ROOT, capture_output=True, check=True)
    dest.mkdir(parents=True, exist_ok=True)
    for rel in filter(None, out.stdout.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():  # a file deleted in the work tree but not yet in git is left out
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def clean_env(bindir: Path | None = None) -> dict[str, str]:
    """The environment for a subprocess in another venv: nothing of the test runner's venv leaks in."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and not Path(p, "activate").exists()]
    env["PATH"] = os.pathsep.join(([str(bindir)] if bindir else []) + path)
    env["PYTHONNOUSERSITE"] = "1"
    return env


def fresh_venv(python: str | Path, dest: Path) -> Path:
    """Create a venv at ``dest`` with ``python``; return the venv's python."""
    subprocess.run([str(python), "-m", "venv", str(dest)], check=True, env=clean_env(), timeout=300)
    return dest / "bin" / "python"


def pip(python: Path, *args: str, cwd: Path | None = None, timeout: int = 1800) -> subprocess.CompletedProcess:
    """Run ``python -m pip install ...`` quietly; on failure show pip's own output."""
    cmd = [str(python), "-m", "pip", *args]
    res = subprocess.run(cmd, cwd=cwd, env=clean_env(python.parent), capture_output=True, text=True, timeout=timeout)
    assert res.returncode == 0, f"{' '.join(cmd)} failed ({res.returncode}):\n{res.stdout[-4000:]}\n{res.stderr[-4000:]}"
    return res


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks (``.ipynb``) listed in ``_toc.yml``, in reading order (the root page included)."""
    files = re.findall(r"^\s*(?:-\s*file|root):\s*(\S+)", (root / "_toc.yml").read_text(), re.M)
    paths = [root / (f + ".ipynb") for f in files]
    return [p for p in paths if p.exists()]


def notebook_imports(notebooks: list[Path] | None = None) -> list[str]:
    """Every module imported by a code cell of ``notebooks`` (default: all of book/), sorted."""
    mods: set[str] = set()
    for nb in notebooks or sorted(BOOK.glob("*.ipynb")):
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            src = "".join(cell["source"])
            src = "\n".join("" if l.lstrip().startswith(("%", "!")) else l for l in src.splitlines())
            for node in ast.walk(ast.parse(src)):
                if isinstance(node, ast.Import):
                    mods.update(a.name for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    mods.add(node.module)
    return sorted(mods)
