"""Part ``build``: cold book build against its imports-only floor, and a warm one-chapter rebuild.

    python benchmarks/build_part.py [--runs 3] [--chapter 02_entropy]    # or: make bench-build

Every build is ``jupyter-book build <copy> -W -n --keep-going`` (the flags of ``make book``) in a
temporary copy of ``_config.yml``, ``_toc.yml``, ``book/``, ``sphinxext/`` and ``vendor/`` (never the
repository's ``_build``); the kernels import ``lib`` from this checkout.  Builds, each run in this order,
back to back so that the machine's load hits them alike:

* **floor**: the same book with every code cell reduced to its ``import`` lines and its outputs cleared:
  Sphinx, one kernel per notebook, the imports, and no work.  Its ``{eval}`` names are undefined, so
  it logs warnings (and exits non-zero); the time is what counts.
* **cold**: the book as it is, ``_build`` removed and an empty frame cache (``LIB_FRAME_CACHE`` set
  to an empty directory): what a fresh clone or CI pays.
* **cold, frame cache filled**: ``_build`` removed again, the frame cache as the previous build left
  it: every notebook executed, every page written, widget frames read instead of drawn.  This is
  ``make clean book`` after the first build, and every build after an edit that leaves ``lib`` alone.

Then, on the last full copy, **warm one-chapter rebuilds**: a sentence is added to a markdown cell
of ``--chapter`` and the book rebuilt (``_build`` kept), once per run.  The report lists which
notebooks each rebuild executed: Sphinx re-reads only the changed file, so that should be the
edited chapter alone.

Per-notebook execution times are myst-nb's "Executed notebook in X seconds" log lines.  Figures are
medians over the runs (min-max beside them); the ratio is taken run by run, then its median.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, VENV_BIN, log, md_table, run_cmd

FLAGS = ["-W", "-n", "--keep-going"]
COPIED = ["book", "sphinxext", "vendor"]
TIMEOUT = 1800
TARGET_RATIO = 2.0
EXEC_RE = re.compile(r"([^\s:]+\.(?:ipynb|md))\s*:?\s*Executed notebook in ([\d.]+) seconds")
FAIL_RE = re.compile(r"([^\s:]+\.(?:ipynb|md)).*Executing notebook failed")


def import_lines(source: str) -> str:
    """Only the top-level import statements of a code cell (multi-line imports kept whole)."""
    # IPython magics and shell escapes become blank lines (same line numbers) so that ast can parse the rest.
    source = "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.splitlines())
    try:
        tree = ast.parse(source)
    except SyntaxError:  # anything else ast cannot read: fall back to a line filter
        keep = [ln for ln in source.splitlines() if re.match(r"(import\s|from\s+\S+\s+import\s)", ln)]
        return "\n".join(keep)
    lines = source.splitlines()
    keep = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            keep.extend(lines[node.lineno - 1:node.end_lineno])
    return "\n".join(keep)


def make_copy(dest: Path, floor: bool) -> None:
    """Copy what the build reads into ``dest``; for the floor, reduce every code cell to its imports."""
    import nbformat

    dest.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, dest / name)
    for name in COPIED:
        shutil.copytree(ROOT / name, dest / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_build", "__pycache__"))
    if not floor:
        return
    for path in (dest / "book").rglob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.source = import_lines(cell.source)
                cell.outputs = []
                cell.execution_count = None
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, path)


def edit_prose(book: Path, chapter: str, n: int) -> None:
    """Add a sentence (the ``n``-th) to the last markdown cell of ``book/<chapter>.ipynb``: a prose-only edit."""
    import nbformat

    path = book / "book" / f"{chapter}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = [c for c in nb.cells if c.cell_type == "markdown" and not c.metadata.get("tags")][-1]
    cell.source += f"\n\nA sentence added by the build benchmark, edit {n}."
    nbformat.write(nb, path)


def jb_build(book: Path, label: str, env_extra: dict | None = None) -> dict:
    """Run the build in ``book``; wall time, exit code, per-notebook execution times, warning lines."""
    env = {"MPLBACKEND": os.environ.get("MPLBACKEND", "Agg"), **(env_extra or {})}
    out, rc, wall = run_cmd([str(VENV_BIN / "jupyter-book"), "build", str(book), *FLAGS], book, TIMEOUT, env)
    execs = {Path(m.group(1)).stem: float(m.group(2)) for m in EXEC_RE.finditer(out)}
    failed = sorted({Path(m.group(1)).stem for m in FAIL_RE.finditer(out)})
    # Sphinx / myst-nb warnings and errors (the kernels' own "[IPKernelApp] WARNING" chatter is not counted).
    warnings = [ln for ln in out.splitlines() if re.search(r"(WARNING|ERROR|CRITICAL):", ln)
                and not ln.lstrip().startswith("[IPKernelApp]")]
    (book / f"build-{label}.log").write_text(out)
    log(f"  {label}: {wall:.1f} s, exit {rc}, {len(execs)} notebooks executed, {len(warnings)} warning lines")
    return {"label": label, "wall": wall, "rc": rc, "execs": execs, "failed": failed, "warnings": warnings}


def run(runs: int = 3, chapter: str = "02_entropy", keep: bool = False) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-build-"))
    log(f"build part: {runs} runs in {tmp}")
    frames = tmp / "frame-cache"
    res: dict = {"floor": [], "cold": [], "cached": [], "warm": [], "chapter": chapter, "tmp": str(tmp), "kept": keep}
    try:
        # Warm the OS file cache and .pyc files so that no build pays for it alone.
        subprocess.run([str(VENV_BIN / "python"), "-c",
                        "import sphinx, myst_nb, jupyter_book, matplotlib.pyplot, ipywidgets, ipykernel, lib.widgets"],
                       capture_output=True, timeout=600)
        make_copy(tmp / "floor", floor=True)
        make_copy(tmp / "full", floor=False)
        for i in range(runs):
            log(f"run {i + 1}/{runs}")
            shutil.rmtree(tmp / "floor" / "_build", ignore_errors=True)
            res["floor"].append(jb_build(tmp / "floor", "floor", {"LIB_FRAME_CACHE": "off"}))
            shutil.rmtree(tmp / "full" / "_build", ignore_errors=True)
            shutil.rmtree(frames, ignore_errors=True)
            res["cold"].append(jb_build(tmp / "full", "cold", {"LIB_FRAME_CACHE": str(frames)}))
            shutil.rmtree(tmp / "full" / "_build", ignore_errors=True)
            res["cached"].append(jb_build(tmp / "full", "cached", {"LIB_FRAME_CACHE": str(frames)}))
        for i in range(runs):
            edit_prose(tmp / "full", chapter, i + 1)
            res["warm"].append(jb_build(tmp / "full", "warm", {"LIB_FRAME_CACHE": str(frames)}))
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return res


def _med(builds: list[dict]) -> str:
    walls = [b["wall"] for b in builds]
    return f"{statistics.median(walls):.1f} s ({min(walls):.1f}–{max(walls):.1f})"


def report(res: dict) -> tuple[str, list[str]]:
    floor, cold, cached, warm = res["floor"], res["cold"], res["cached"], res["warm"]
    misses = []
    ratio = statistics.median(c["wall"] / f["wall"] for c, f in zip(cold, floor))
    ratio_cached = statistics.median(c["wall"] / f["wall"] for c, f in zip(cached, floor))
    warm_execs = sorted({n for b in warm for n in b["execs"]})

    def status(builds):
        rcs = sorted({str(b["rc"]) for b in builds})
        return ", ".join(rcs), max(len(b["warnings"]) for b in builds)

    rows = []
    for label, builds, note in [
        ("floor: imports only", floor, "warnings expected (undefined `{eval}` names)"),
        ("cold, empty frame cache", cold, f"**{ratio:.2f}× floor** (target ≤ {TARGET_RATIO:.0f}×)"),
        ("cold, frame cache filled", cached, f"**{ratio_cached:.2f}× floor** (target ≤ {TARGET_RATIO:.0f}×)"),
        (f"warm: prose edit in {res['chapter']}", warm, f"executed: {', '.join(warm_execs) or 'nothing'}"),
    ]:
        rc, n_warn = status(builds)
        rows.append([label, _med(builds), f"{statistics.median(sum(b['execs'].values()) for b in builds):.1f} s",
                     statistics.median(len(b["execs"]) for b in builds), rc, n_warn, note])
    text = md_table([f"build (`jupyter-book build {' '.join(FLAGS)}`), {len(floor)} runs", "wall: median (min–max)",
                     "notebook execution (sum)", "notebooks executed", "exit code", "warning lines", ""], rows)
    for name, r in (("cold, empty frame cache", ratio), ("cold, frame cache filled", ratio_cached)):
        if r > TARGET_RATIO:
            misses.append(f"{name}: {r:.2f}× its imports-only floor > {TARGET_RATIO:.0f}×")
    if warm_execs != [res["chapter"]]:
        misses.append(f"a prose edit in {res['chapter']} executed {warm_execs}")
    for b in cold + cached + warm:
        if b["rc"] != 0 or b["warnings"] or b["failed"]:
            misses.append(f"{b['label']} build: exit {b['rc']}, {len(b['warnings'])} warning lines, "
                          f"failed notebooks {b['failed']}")
            break

    names = sorted(set().union(*(b["execs"] for b in cold + floor)))

    def med(builds, n):
        xs = [b["execs"][n] for b in builds if n in b["execs"]]
        return statistics.median(xs) if xs else None

    nb_rows = []
    for n in sorted(names, key=lambda k: -(med(cold, k) or 0.0)):
        f, c, k = med(floor, n), med(cold, n), med(cached, n)
        nb_rows.append([n, *("-" if x is None else f"{x:.1f} s" for x in (f, c, k)),
                        "-" if k is None or f is None else f"{k - f:+.1f} s"])
    text += "\n\n" + md_table(["notebook (median execution)", "floor", "cold", "cold, frames cached",
                               "cached − floor"], nb_rows)
    text += (f"\n\nTemporary copies ({'kept at ' + res['tmp'] if res['kept'] else 'deleted afterwards'}); "
             "the floor's copy has every code cell cut to its import lines (see `benchmarks/build_part.py`).")
    return text, misses


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3, help="builds of each kind (default 3)")
    ap.add_argument("--chapter", default="02_entropy", help="notebook (stem) whose prose the warm rebuild edits")
    ap.add_argument("--keep", action="store_true", help="keep the temporary copies and their build logs")
    a = ap.parse_args(argv)
    text, misses = report(run(runs=a.runs, chapter=a.chapter, keep=a.keep))
    print(text)
    print("\nTargets missed:" if misses else "\nTargets missed: none")
    for m in misses:
        print(f"- {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
