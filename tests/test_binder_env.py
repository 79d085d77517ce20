"""A rehearsal of Binder's build: what repo2docker would install, replayed in a fresh venv, then every notebook.

1. ``jupyter-repo2docker --no-build`` (a pinned test dependency; no Docker needed) renders the Dockerfile
   Binder would build from a clean copy of the repository (the files git tracks, no .venv or _build).
2. From the Dockerfile: the Python version (the conda lock file it copies, chosen by ``runtime.txt``) and the
   ``pip install`` steps it runs in the repository's folder.
3. A fresh venv of that Python version (from pyenv; a missing version fails, saying how to get it) gets the
   image's own Python packages at the lock file's versions (jupyterlab, notebook, ipykernel, ...; the
   non-Python conda packages such as nodejs are left out), then the Dockerfile's pip steps verbatim, except
   that ``--no-cache-dir`` is dropped so pip's cache is reused.  That includes the regular, non-editable
   ``pip install .`` after ``pip install -r requirements.txt``.
4. In that venv: ``pip check`` is clean, ``lib`` is the installed wheel, every notebook of ``_toc.yml`` runs
   from its own folder (``book/``, as JupyterLab on Binder runs it) with no error and no stderr, and
   JupyterLab opens chapter 1 with its widget working (tests/test_jupyterlab.py's check).

Tests marked ``binder``.  Run times are printed in the report at the end of the pytest run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from browser_support import REPORT
from packaging_support import ROOT, clean_copy, clean_env, fresh_venv, pip, toc_notebooks
from jupyterlab_support import check_chapter

binder = pytest.mark.binder

#: conda-forge names whose PyPI name differs (the rest are the same once normalised).
CONDA_TO_PYPI = {
    "brotli-python": "brotli",
    "python-fastjsonschema": "fastjsonschema",
    "jupyterhub-base": "jupyterhub",
    "nbconvert-core": "nbconvert",
}


def _pins(text: str) -> dict[str, str]:
    """``name==version`` lines of a requirements file, names normalised."""
    return {
        re.sub(r"[-_.]+", "-", m[1]).lower(): m[2]
        for m in re.finditer(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==(\S+)", text, re.M)
    }


@dataclass
class Plan:
    """What the rendered Dockerfile says Binder does."""

    src: Path  # the clean copy repo2docker was given
    dockerfile: str
    python: str  # "3.11"
    lock: Path  # the conda lock file of the image's environment
    pip_steps: list[str]  # the RUN commands that pip-install in the repository's folder, in order

    def image_packages(self) -> dict[str, str]:
        """The Python packages of the image's conda environment: PyPI name -> version."""
        out = {}
        for url in re.findall(r"^https://\S+", self.lock.read_text(), re.M):
            stem = re.sub(r"\.(conda|tar\.bz2)(#.*)?$", "", url.rsplit("/", 1)[1])
            name, version, build = stem.rsplit("-", 2)
            if build.startswith("py"):  # noarch python (pyh...) or compiled for this Python (py311h...)
                out[re.sub(r"[-_.]+", "-", CONDA_TO_PYPI.get(name, name)).lower()] = version
        return out


def render_dockerfile(src: Path, cwd: Path) -> str:
    exe = Path(sys.executable).parent / "jupyter-repo2docker"
    if not exe.exists():
        pytest.fail("jupyter-repo2docker is missing: `pip install -r requirements-test.txt` (make test does it)")
    cmd = [str(exe), "--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan", str(src)]
    res = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0 and "FROM " in res.stdout, res.stderr[-3000:]
    return res.stdout


def parse_dockerfile(text: str, src: Path) -> Plan:
    import escapism  # a dependency of repo2docker

    text = re.sub(r"\\\n", " ", text)
    copied = re.search(r"^COPY \S+ build_script_files/(\S+) /tmp/env/environment\.lock$", text, re.M)
    assert copied, "the Dockerfile copies no conda environment.lock: repo2docker's layout changed"
    # repo2docker names the copied file by its escaped absolute path, lower-cased: under a checkout whose path has
    # capitals (mktemp's /tmp/tmp.sq7MqEVDzv) the unescaped name is not a real path.  Match it, ignoring case,
    # against repo2docker's own lock files.
    import repo2docker

    wanted = escapism.unescape(re.sub(r"-[0-9a-f]{6}$", "", copied[1]), escape_char="-").lower()
    locks = [f for f in Path(repo2docker.__file__).parent.rglob("*.lock") if str(f).lower() == wanted]
    assert len(locks) == 1, (wanted, locks)
    lock = locks[0]
    python = re.fullmatch(r"environment\.py-(\d+\.\d+)-linux-64\.lock", lock.name)[1]
    # assemble steps: after the repository is copied in, up to the labels
    assemble = text.split("COPY --chown=1000:1000 src/ ${REPO_DIR}/", 1)[1].split("LABEL ", 1)[0]
    runs = re.findall(r"^RUN (.+)$", assemble, re.M)
    others = [r for r in runs if not re.match(r"\$\{(KERNEL|NB)_PYTHON_PREFIX\}/bin/pip install ", r)]
    assert not others, f"the rehearsal replays pip steps only, but the Dockerfile also runs {others}"
    return Plan(src=src, dockerfile=text, python=python, lock=lock, pip_steps=runs)


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Plan:
    tmp = tmp_path_factory.mktemp("binder")
    t0 = time.perf_counter()
    src = clean_copy(tmp / "repo")
    p = parse_dockerfile(render_dockerfile(src, tmp), src)
    REPORT.append(f"Binder rehearsal: Dockerfile rendered in {time.perf_counter() - t0:.1f} s: Python {p.python}")
    REPORT.extend(f"  RUN {s}" for s in p.pip_steps)
    return p


def pyenv_python(version: str) -> Path:
    """The newest pyenv Python ``version``.x (or $BINDER_PYTHON); fails saying how to get it."""
    if os.environ.get("BINDER_PYTHON"):
        return Path(os.environ["BINDER_PYTHON"])
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found = sorted(
        (p for p in root.glob(f"versions/{version}.*/bin/python") if re.fullmatch(rf"{version}\.\d+", p.parts[-3])),
        key=lambda p: int(p.parts[-3].rsplit(".", 1)[1]),
    )
    if not found:
        pytest.fail(
            f"Binder builds with Python {version} (runtime.txt), but {root}/versions has no {version}.x: "
            f"install it with `pyenv install {version}` (https://github.com/pyenv/pyenv), "
            f"or set BINDER_PYTHON=/path/to/python{version}"
        )
    return found[-1]


@dataclass
class Rehearsal:
    plan: Plan
    python: Path  # the rehearsed venv's python
    src: Path


@pytest.fixture(scope="module")
def rehearsal(plan, tmp_path_factory) -> Rehearsal:
    venv_dir = tmp_path_factory.mktemp("binder-venv") / "notebook"
    t0 = time.perf_counter()
    py = fresh_venv(pyenv_python(plan.python), venv_dir)
    version = subprocess.run([str(py), "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version.rsplit(".", 1)[0] == plan.python, (version, plan.python)
    image = [f"{n}=={v}" for n, v in sorted(plan.image_packages().items())]
    pip(py, "install", "--quiet", "--no-deps", *image)
    t1 = time.perf_counter()
    env = clean_env(venv_dir / "bin") | {"KERNEL_PYTHON_PREFIX": str(venv_dir), "NB_PYTHON_PREFIX": str(venv_dir)}
    for step in plan.pip_steps:
        cmd = step.replace(" --no-cache-dir", "") + " --quiet"
        res = subprocess.run(["bash", "-c", cmd], cwd=plan.src, env=env, capture_output=True, text=True, timeout=1800)
        assert res.returncode == 0, f"RUN {step} failed in the rehearsal:\n{res.stdout[-4000:]}\n{res.stderr[-4000:]}"
    t2 = time.perf_counter()
    REPORT.append(
        f"Binder rehearsal: venv of Python {version} with the image's {len(image)} Python packages "
        f"{t1 - t0:.1f} s, the Dockerfile's pip steps {t2 - t1:.1f} s"
    )
    return Rehearsal(plan=plan, python=py, src=plan.src)


def test_requirements_are_all_pinned():
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text().splitlines()]
    pkgs = [l for l in lines if l and not l.startswith("#") and l != "-e ."]
    assert pkgs and all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[A-Za-z0-9_.]+", l) for l in pkgs), pkgs
    assert "-e ." in lines, "requirements.txt must install lib (`-e .`) for Binder"
    assert "jupyter-book==1.0.4.post1" in pkgs


@binder
def test_binder_builds_with_runtime_txt_python_and_installs_lib_non_editable(plan):
    # Without runtime.txt repo2docker takes its default (3.10) or, when requires-python excludes that, its newest.
    assert (ROOT / "runtime.txt").exists(), f"runtime.txt is missing: Binder would build with Python {plan.python}"
    runtime = (ROOT / "runtime.txt").read_text().strip()
    assert runtime == f"python-{plan.python}", (runtime, plan.python)
    requires = re.search(r'^requires-python = ">=(\d+)\.(\d+)"$', (ROOT / "pyproject.toml").read_text(), re.M)
    assert requires and tuple(map(int, requires.groups())) <= tuple(map(int, plan.python.split("."))), requires
    assert plan.pip_steps == [
        '${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir -r "requirements.txt"',
        "${KERNEL_PYTHON_PREFIX}/bin/pip install --no-cache-dir .",
    ], plan.pip_steps


@binder
def test_requirements_pin_the_images_jupyterlab_and_notebook(plan):
    image, ours = plan.image_packages(), _pins((ROOT / "requirements.txt").read_text())
    for name in ("jupyterlab", "notebook"):
        assert ours.get(name) == image[name], (
            f"requirements.txt pins {name}=={ours.get(name)}, Binder's image has {image[name]} "
            f"({plan.lock.name}): pin the image's version (see the comment in requirements.txt)"
        )


@binder
def test_rehearsed_env_passes_pip_check(rehearsal):
    res = subprocess.run([str(rehearsal.python), "-m", "pip", "check"], capture_output=True, text=True,
                         env=clean_env(rehearsal.python.parent))
    assert res.returncode == 0, res.stdout + res.stderr


RUNNER = r"""
import json, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient

def run(nb, folder):
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(folder)}}).execute()

probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    "import json, os, sys, lib; print(json.dumps([sys.prefix, lib.__file__, os.getcwd()]))")])
probe.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
run(probe, Path.cwd())
results = {"probe": json.loads(probe.cells[0].outputs[0]["text"]), "notebooks": []}
for name in sys.argv[1:]:
    path = Path(name).resolve()
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    error = None
    try:
        run(nb, path.parent)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"[-3000:]
    outs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    results["notebooks"].append({
        "name": path.name, "seconds": time.perf_counter() - t0, "error": error,
        "stderr": [o["text"] for o in outs if o["output_type"] == "stream" and o["name"] == "stderr"],
        "cells": sum(c.cell_type == "code" for c in nb.cells),
    })
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def notebook_runs(rehearsal, tmp_path_factory):
    """Every notebook of the toc executed in the rehearsed env, from book/ (as JupyterLab on Binder runs it)."""
    tmp = tmp_path_factory.mktemp("binder-run")
    notebooks = toc_notebooks(rehearsal.src)
    (tmp / "run.py").write_text(RUNNER)
    # a private Jupyter data dir: no user-level kernelspec can stand in for the venv's own `python3`
    env = clean_env(rehearsal.python.parent) | {"JUPYTER_DATA_DIR": str(tmp / "data")}
    env.pop("MPLBACKEND", None)  # as on Binder: the kernel picks matplotlib's inline backend
    t0 = time.perf_counter()
    res = subprocess.run([str(rehearsal.python), str(tmp / "run.py"), *map(str, notebooks)],
                         cwd=rehearsal.src / "book", env=env, capture_output=True, text=True, timeout=3600)
    assert res.returncode == 0, res.stderr[-4000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    REPORT.append(f"Binder rehearsal: {len(notebooks)} notebooks executed in {time.perf_counter() - t0:.1f} s "
                  + ", ".join(f"{r['name']} {r['seconds']:.1f} s" for r in out["notebooks"]))
    return notebooks, out


@binder
def test_kernel_is_the_rehearsed_env_with_lib_from_the_wheel(rehearsal, notebook_runs):
    prefix, lib_file, cwd = notebook_runs[1]["probe"]
    venv = rehearsal.python.parent.parent
    assert Path(prefix) == venv, prefix
    assert Path(lib_file).is_relative_to(venv / "lib") and "site-packages" in lib_file, (
        f"lib is imported from {lib_file}, not from the wheel that `pip install .` put in the venv"
    )
    assert Path(cwd) == rehearsal.src / "book"


@binder
def test_every_toc_notebook_runs_in_the_rehearsed_env(notebook_runs):
    notebooks, out = notebook_runs
    assert notebooks, "_toc.yml lists no notebook"
    assert [r["name"] for r in out["notebooks"]] == [p.name for p in notebooks]
    failed = {r["name"]: r["error"] for r in out["notebooks"] if r["error"]}
    assert not failed, failed
    stderr = {r["name"]: r["stderr"] for r in out["notebooks"] if r["stderr"]}
    assert not stderr, stderr


@pytest.fixture(scope="module")
def lab_python(rehearsal):
    """conftest's ``lab`` fixture, run with the rehearsed env's JupyterLab and kernel."""
    return rehearsal.python


@binder
def test_jupyterlab_of_the_rehearsed_env_runs_chapter_1_and_its_widget(lab):
    t0 = time.perf_counter()
    check_chapter(lab, "01_surprisal.ipynb")
    REPORT.append(f"Binder rehearsal: JupyterLab of the rehearsed env, chapter 1 and its slider, {time.perf_counter() - t0:.1f} s")
