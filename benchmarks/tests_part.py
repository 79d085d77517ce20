"""Part ``tests`` (slow, optional): wall time of the README's ``make test``, split in four.

1. lib tests  ``pytest tests/ -k 'not site and not jupyterlab and not binder'``
2. nbval      ``pytest book/``
3. build      ``make book`` — only with ``--allow-main-build`` (it rewrites the
   repository's ``_build``); otherwise the same ``jupyter-book build`` in a
   temporary copy of the book (see ``build_part``), and the browser tests then
   run against the existing ``_build/html``.
4. browser    ``pytest tests/test_site.py tests/test_jupyterlab.py``

The browser tests' report lines (slider key press -> new figure painted, page
weights) are captured from their output.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from common import ROOT, VENV_BIN, log, md_table, run_cmd

PY = str(VENV_BIN / "python")
TIMEOUT = 3600


def _run(label: str, cmd: list[str], cwd: Path) -> dict:
    log(f"  {label}: {' '.join(cmd)}")
    out, rc, wall = run_cmd(cmd, cwd, TIMEOUT)
    summary = ""
    for ln in reversed(out.splitlines()):
        if re.search(r"\d+ (passed|failed|error|skipped)", ln) or "no tests ran" in ln:
            summary = ln.strip("= ").strip()
            break
    return {"label": label, "cmd": " ".join(cmd), "wall": wall, "rc": rc, "summary": summary, "out": out}


def run(allow_main_build: bool = False) -> dict:
    common = ["-p", "no:cacheprovider", "-q"]
    parts = [_run("lib tests", [PY, "-m", "pytest", "tests/", "-k", "not site and not jupyterlab and not binder",
                                *common], ROOT),
             _run("nbval", [PY, "-m", "pytest", "book/", *common], ROOT)]
    if allow_main_build:
        parts.append(_run("build (make book)", ["make", "book"], ROOT))
    else:
        from build_part import jb_build, make_copy
        tmp = Path(tempfile.mkdtemp(prefix="bench-tests-build-"))
        try:
            make_copy(tmp / "full", floor=False)
            r = jb_build(tmp / "full", "full")
            parts.append({"label": "build (jupyter-book build, temp copy)", "cmd": "jupyter-book build -W -n --keep-going",
                          "wall": r["wall"], "rc": r["rc"], "summary": f"{len(r['execs'])} notebooks executed",
                          "out": ""})
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    parts.append(_run("browser", [PY, "-m", "pytest", "tests/test_site.py", "tests/test_jupyterlab.py", *common], ROOT))
    browser_lines = [ln.strip() for ln in parts[-1]["out"].splitlines()
                     if ln.strip().startswith(("slider key press", "browser suite", "page weight"))]
    return {"parts": parts, "browser_lines": browser_lines, "main_build": allow_main_build}


def report(res: dict) -> tuple[str, list[str]]:
    total = sum(p["wall"] for p in res["parts"])
    rows = [[p["label"], f"`{p['cmd'].replace(PY, 'python')}`", f"{p['wall']:.1f} s",
             f"{100 * p['wall'] / total:.0f}%", p["rc"], p["summary"]] for p in res["parts"]]
    rows.append(["**total**", "", f"{total:.1f} s", "100%", "", ""])
    text = md_table(["step", "command", "wall", "share", "exit code", "pytest summary"], rows)
    if not res["main_build"]:
        text += ("\n\nThe build step ran in a temporary copy (pass `--allow-main-build` to time `make book` itself); "
                 "the browser tests used the existing `_build/html`.")
    if res["browser_lines"]:
        text += "\n\nFrom the browser tests' report:\n\n" + "\n".join(f"    {ln}" for ln in res["browser_lines"])
    return text, []
