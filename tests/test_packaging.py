"""A regular (non-editable) install of lib has everything: every module, every data file.

Binder runs ``pip install .`` after ``pip install -r requirements.txt``, which replaces the editable install
with a wheel.  The editable install maps the whole folder, so a subpackage or style sheet the wheel leaves
out is invisible to every other test.  These tests build the wheel from a clean copy of the repository,
compare its contents with the source tree, install it into a fresh venv and import what the notebooks
import from there.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from packaging_support import ROOT, clean_copy, fresh_venv, notebook_imports, pip


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = clean_copy(tmp / "src")
    pip(Path(sys.executable), "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp / "dist"), str(src))
    (whl,) = (tmp / "dist").glob("entropy_book_lib-*.whl")
    return whl


def _source_files() -> set[str]:
    """lib's files as git tracks them (modules and data), as paths inside the wheel."""
    out = subprocess.run(["git", "ls-files", "lib"], cwd=ROOT, capture_output=True, text=True, check=True)
    return {f for f in out.stdout.split() if (ROOT / f).is_file()}


def test_wheel_holds_every_module_and_data_file_of_lib(wheel):
    with zipfile.ZipFile(wheel) as z:
        shipped = {n for n in z.namelist() if not n.split("/")[0].endswith(".dist-info")}
    source = _source_files()
    assert any(f.startswith("lib/widgets/") for f in source) and "lib/book.mplstyle" in source
    missing, extra = sorted(source - shipped), sorted(shipped - source)
    assert not missing, f"the wheel leaves out {missing}: check [tool.setuptools] in pyproject.toml"
    assert not extra, f"the wheel ships files git does not track: {extra}"


def test_wheel_installed_in_a_fresh_venv_imports_what_the_notebooks_import(wheel, tmp_path):
    mods = notebook_imports()
    assert {"lib", "lib.widgets", "lib.book", "lib.plots"} <= set(mods), mods
    py = fresh_venv(sys.executable, tmp_path / "venv")
    pins = tmp_path / "pins.txt"  # requirements.txt's pins, without its `-e .`, as constraints
    pins.write_text("\n".join(l for l in (ROOT / "requirements.txt").read_text().splitlines() if l.strip() != "-e ."))
    pip(py, "install", "--quiet", f"{wheel}[book]", "-c", str(pins))
    code = f"""
import importlib, pkgutil, sysconfig
from pathlib import Path
site = Path(sysconfig.get_paths()["purelib"]).resolve()
for m in {mods!r}:
    importlib.import_module(m)
import lib, lib.plots
assert Path(lib.__file__).resolve().is_relative_to(site), lib.__file__   # the wheel, not a source folder
for info in pkgutil.walk_packages(lib.__path__, "lib."):                   # every module of lib imports
    importlib.import_module(info.name)
lib.plots.use_book_style()                                                 # the style sheet is there
print(lib.entropy([0.5, 0.5]))
"""
    out = subprocess.run([str(py), "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-4000:]
    assert out.stdout.strip() == "1.0"
