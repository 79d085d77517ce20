"""What a Binder (repo2docker) user gets: a fresh environment from requirements.txt alone.

repo2docker installs the root requirements.txt; its `-e .` line installs lib.
This test creates an empty virtual environment, installs requirements.txt and
nothing else, and imports everything the notebooks import.
"""

from __future__ import annotations

import re
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_IMPORTS = ["lib", "lib.widgets", "lib.plots", "lib.book", "ipywidgets", "matplotlib", "numpy", "myst_nb"]


def test_requirements_are_all_pinned():
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    pkgs = [l for l in lines if l and not l.startswith("#") and l != "-e ."]
    assert pkgs and all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.]+", l) for l in pkgs), pkgs
    assert "-e ." in lines, "requirements.txt must install lib (`-e .`) for Binder"
    assert "jupyter-book==1.0.4.post1" in pkgs


def test_fresh_environment_from_requirements_imports_what_notebooks_need(tmp_path):
    env_dir = tmp_path / "binder-env"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=ROOT, check=True, timeout=900,
    )
    code = "; ".join(f"import {m}" for m in NOTEBOOK_IMPORTS) + "; print(lib.entropy([0.5, 0.5]))"
    out = subprocess.run([str(py), "-c", code], cwd=tmp_path, check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "1.0"
    # the notebooks import nothing beyond these (numpy, matplotlib, ipywidgets, lib, myst-nb's glue)
    for nb in sorted((ROOT / "book").glob("*.ipynb")):
        src = nb.read_text()
        for mod in set(re.findall(r"(?:^|\\n)\s*(?:import|from) ([A-Za-z_][A-Za-z0-9_]*)", src)):
            assert mod in {"numpy", "matplotlib", "ipywidgets", "lib", "math", "itertools", "IPython"}, (nb.name, mod)
