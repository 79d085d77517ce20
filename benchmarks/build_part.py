"""Part ``build``: cold book build vs its import-only floor, and a no-change rebuild.

Everything is built in temporary directories (never into the repository's
``_build``).  Each holds a copy of ``_config.yml``, ``_toc.yml``, ``book/`` and
``vendor/`` as they are when the benchmark runs:

* **full**: the book as it is; ``jupyter-book build`` with the flags of
  ``make book`` (``-W -n --keep-going``), every notebook executed
  (``execute_notebooks: force``), HTML written.
* **rebuild**: the same command again on the full copy, nothing changed.
* **floor**: every code cell reduced to its ``import`` / ``from ... import``
  lines and every output cleared: kernel start-up, imports and Sphinx, no work.

Per-notebook execution times come from myst-nb's "Executed notebook in X
seconds" log lines.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, fmt_bytes, log, md_table

VENV_BIN = ROOT / ".venv" / "bin"
FLAGS = ["-W", "-n", "--keep-going"]
TIMEOUT = 1800
TARGET_RATIO, TARGET_COLD, TARGET_REBUILD = 2.0, 60.0, 15.0
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
    import nbformat

    dest.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, dest / name)
    for name in ("book", "vendor"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_build"))
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


def jb_build(book: Path, label: str) -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"   # the notebooks' kernel is the .venv one
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.setdefault("MPLBACKEND", "Agg")
    cmd = [str(VENV_BIN / "jupyter-book"), "build", str(book), *FLAGS]
    log(f"  {label}: {' '.join(cmd)}")
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=book, env=env, capture_output=True, text=True, timeout=TIMEOUT)
        out, rc = proc.stdout + proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as exc:
        out = (exc.stdout or b"").decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        rc = f"timeout after {TIMEOUT} s"
    wall = time.perf_counter() - t0
    execs = {}
    for m in EXEC_RE.finditer(out):
        execs[Path(m.group(1)).stem] = float(m.group(2))
    failed = sorted({Path(m.group(1)).stem for m in FAIL_RE.finditer(out)})
    # Sphinx / myst-nb warnings and errors (the kernels' own "[IPKernelApp] WARNING" chatter is not counted).
    warnings = [ln for ln in out.splitlines() if re.search(r"(WARNING|ERROR|CRITICAL):", ln)
                and not ln.lstrip().startswith("[IPKernelApp]")]
    (book / f"build-{label}.log").write_text(out)
    pages = {}
    html = book / "_build" / "html" / "book"
    if html.exists():
        pages = {p.name: p.stat().st_size for p in sorted(html.glob("*.html"))}
    return {"label": label, "wall": wall, "rc": rc, "execs": execs, "failed": failed, "warnings": warnings,
            "pages": pages, "log": str(book / f"build-{label}.log")}


def run(keep: bool = False) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="bench-build-"))
    log(f"build part: temp dir {tmp}")
    try:
        # Warm the OS file cache and .pyc files so neither build pays for it alone.
        subprocess.run([str(VENV_BIN / "python"), "-c",
                        "import sphinx, myst_nb, jupyter_book, matplotlib.pyplot, ipywidgets, ipykernel, lib.widgets"],
                       capture_output=True, timeout=600)
        make_copy(tmp / "full", floor=False)
        make_copy(tmp / "floor", floor=True)
        floor = jb_build(tmp / "floor", "floor")
        full = jb_build(tmp / "full", "full")
        rebuild = jb_build(tmp / "full", "rebuild")
        res = {"floor": floor, "full": full, "rebuild": rebuild, "tmp": str(tmp), "kept": keep}
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return res


def report(res: dict) -> tuple[str, list[str]]:
    full, floor, rebuild = res["full"], res["floor"], res["rebuild"]
    misses = []
    ratio = full["wall"] / floor["wall"]

    def verdict(ok):
        return "✓" if ok else "✗"

    rows = [
        ["cold build, full book", f"{full['wall']:.1f} s", f"{sum(full['execs'].values()):.1f} s",
         len(full["execs"]), full["rc"], len(full["warnings"]),
         f"{verdict(full['wall'] <= TARGET_COLD)} ≤ {TARGET_COLD:.0f} s; {verdict(ratio <= TARGET_RATIO)} "
         f"{ratio:.2f}× floor (≤ {TARGET_RATIO:.0f}×)"],
        ["cold build, imports only (floor)", f"{floor['wall']:.1f} s", f"{sum(floor['execs'].values()):.1f} s",
         len(floor["execs"]), floor["rc"], len(floor["warnings"]), ""],
        ["rebuild, nothing changed", f"{rebuild['wall']:.1f} s", f"{sum(rebuild['execs'].values()):.1f} s",
         len(rebuild["execs"]), rebuild["rc"], len(rebuild["warnings"]),
         f"{verdict(rebuild['wall'] <= TARGET_REBUILD)} ≤ {TARGET_REBUILD:.0f} s"],
    ]
    if full["wall"] > TARGET_COLD:
        misses.append(f"cold build {full['wall']:.1f} s > {TARGET_COLD:.0f} s")
    if ratio > TARGET_RATIO:
        misses.append(f"cold build {ratio:.2f}× its import-only floor > {TARGET_RATIO:.0f}×")
    if rebuild["wall"] > TARGET_REBUILD:
        misses.append(f"no-change rebuild {rebuild['wall']:.1f} s > {TARGET_REBUILD:.0f} s")
    text = md_table(["build (`jupyter-book build " + " ".join(FLAGS) + "`)", "wall", "notebook execution (sum)",
                     "notebooks executed", "exit code", "warning/error lines", "target"], rows)
    names = sorted(set(full["execs"]) | set(floor["execs"]))
    nb_rows = []
    total = sum(full["execs"].values()) or 1.0
    for n in sorted(names, key=lambda k: -full["execs"].get(k, 0.0)):
        f, fl = full["execs"].get(n), floor["execs"].get(n)
        nb_rows.append([n, "-" if f is None else f"{f:.1f} s", "-" if fl is None else f"{fl:.1f} s",
                        "-" if f is None or fl is None else f"{f - fl:+.1f} s",
                        "-" if f is None else f"{100 * f / total:.0f}%",
                        fmt_bytes(full["pages"].get(f"{n}.html"))])
    text += "\n\n" + md_table(["notebook", "executed in (full)", "executed in (floor)", "full − floor",
                               "share of full execution", "page HTML bytes"], nb_rows)
    if full["failed"]:
        text += f"\n\nNotebooks whose execution failed: {', '.join(full['failed'])}."
        misses.append(f"notebooks failed to execute: {', '.join(full['failed'])}")
    if full["warnings"]:
        shown = "\n".join(f"    {w[:200]}" for w in full["warnings"][:15])
        text += f"\n\nWarnings/errors of the full build (first 15 of {len(full['warnings'])}):\n\n{shown}"
    text += ("\n\nBuilt in a temporary copy of `_config.yml`, `_toc.yml`, `book/`, `vendor/` (" +
             ("kept at " + res["tmp"] if res["kept"] else "deleted afterwards") + "). The floor's warnings are "
             "expected (its glue keys and figures are gone). A non-zero exit code with `-W --keep-going` means "
             "warnings, which `make book` would fail on.")
    return text, misses
