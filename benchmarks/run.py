#!/usr/bin/env python
"""Benchmarks of the book: how fast and exact ``lib`` is, how fast the book builds, what its widgets cost.

    python benchmarks/run.py                           # sizes, lib, accuracy, profile, widgets, build
    python benchmarks/run.py --only lib,accuracy       # some parts
    python benchmarks/run.py --only tests              # the slow split of `make test`
    python benchmarks/run.py --skip build --quick      # no 10^5 x 1000 matrix, no build

Prints one markdown report (tables with ratios and the issue's targets) and
writes it to ``benchmarks/results-<machine>.md``; a run of some parts replaces
only those parts' sections of an existing results file.  These are
benchmarks, not tests: nothing here asserts a time.  See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in benchmarks/
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("MPLBACKEND", "Agg")

from common import BENCH, loadavg, log, machine_info, md_table, versions_table  # noqa: E402

PARTS = ["sizes", "lib", "accuracy", "profile", "widgets", "build", "tests"]
DEFAULT = ["sizes", "lib", "accuracy", "profile", "widgets", "build"]
TITLES = {
    "sizes": "0. lib at every size: against its scipy/scikit-learn call, the bare formula and one log/exp pass",
    "lib": "1. lib vs peers vs the read floor (float64)",
    "accuracy": "2. Accuracy against mpmath (50 digits)",
    "profile": "3. Where lib's time goes (line profile, 10^7 elements)",
    "widgets": "4. Widgets",
    "build": "5. Book build",
    "tests": "6. Tests (`make test`, split)",
}


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help=f"comma-separated parts to run, from {','.join(PARTS)}")
    ap.add_argument("--skip", default="", help="comma-separated parts to leave out of the default set")
    ap.add_argument("--quick", action="store_true", help="lib part: 10^6 and 10^7 only (no 10^5 x 1000 matrix)")
    ap.add_argument("--repeats", type=int, default=5, help="minimum timed runs per candidate (default 5)")
    ap.add_argument("--machine", default=socket.gethostname(), help="name in results-<machine>.md (default: hostname)")
    ap.add_argument("--no-write", action="store_true", help="print only; do not update the results file")
    ap.add_argument("--keep-build", action="store_true", help="build part: keep the temporary build directories")
    ap.add_argument("--allow-main-build", action="store_true",
                    help="tests part: time `make book` itself (rewrites the repository's _build)")
    a = ap.parse_args(argv)
    if a.only:
        parts = [p.strip() for p in a.only.split(",") if p.strip()]
    else:
        skip = {p.strip() for p in a.skip.split(",") if p.strip()}
        parts = [p for p in DEFAULT if p not in skip]
    bad = [p for p in parts if p not in PARTS]
    if bad:
        ap.error(f"unknown part(s) {bad}; choose from {PARTS}")
    a.parts = [p for p in PARTS if p in parts]
    return a


def run_part(part: str, a) -> tuple[str, list[str]]:
    if part == "sizes":
        import sizes
        return sizes.report(sizes.run(), plot=BENCH / "sizes.png")
    if part == "lib":
        import perf
        sizes = perf.SIZES[:2] if a.quick else perf.SIZES
        return perf.report(perf.run(sizes=sizes, repeats=max(5, a.repeats)))
    if part == "accuracy":
        import accuracy
        return accuracy.report(accuracy.run())
    if part == "profile":
        import lineprof
        return lineprof.report(lineprof.run())
    if part == "widgets":
        import widgets_part
        return widgets_part.report(widgets_part.run())
    if part == "build":
        import build_part
        return build_part.report(build_part.run(keep=a.keep_build))
    if part == "tests":
        import tests_part
        return tests_part.report(tests_part.run(allow_main_build=a.allow_main_build))
    raise ValueError(part)


def header(info: dict, parts: list[str]) -> str:
    rows = [[k, v] for k, v in info.items()]
    rows.append(["load average at end", loadavg()])
    rows.append(["parts in this run", ", ".join(parts)])
    return md_table(["", ""], rows)


def update_results(path: Path, sections: dict[str, str]) -> None:
    """Replace the given parts' sections of ``path`` (keeping the others), or create it."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = {}
    for m in re.finditer(r"<!-- part:(\w+) -->\n(.*?)<!-- /part:\1 -->", old, re.S):
        kept[m.group(1)] = m.group(2)
    for part, body in sections.items():
        kept[part] = body
    out = [f"# Benchmark results: {path.stem.removeprefix('results-')}",
           "",
           "Written by `python benchmarks/run.py` (see `benchmarks/README.md`). Each section carries the date and "
           "machine state of the run that produced it. Timings on a shared machine are noisy: compare ratios "
           "measured in the same run, not absolute times across runs.",
           ""]
    for part in ["machine", *PARTS]:
        if part in kept:
            out.append(f"<!-- part:{part} -->\n{kept[part]}<!-- /part:{part} -->")
            out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def main(argv=None) -> int:
    a = parse_args(argv)
    info = machine_info()
    log(f"benchmarks: parts {', '.join(a.parts)}; load average {info['load average (1, 5, 15 min) at start']}")
    results: dict[str, tuple[str, list[str], float]] = {}
    for part in a.parts:
        log(f"== part {part}")
        t0 = time.perf_counter()
        try:
            text, misses = run_part(part, a)
        except Exception as exc:  # one broken part must not lose the others
            import traceback
            text, misses = f"part failed:\n\n```\n{traceback.format_exc()}```", [f"part {part} failed: {exc}"]
        results[part] = (text, misses, time.perf_counter() - t0)

    machine_md = header(info, a.parts)
    versions_md = versions_table()
    all_misses = [m for _, ms, _ in results.values() for m in ms]
    report = [f"# Benchmarks ({info['date']}, {info['cpu']}, {info['cores']} cores)", "", machine_md, ""]
    sections = {}
    for part, (text, misses, secs) in results.items():
        body = (f"## {TITLES[part]}\n\n_Run {info['date']} on {info['host']} ({info['cpu']}, {info['cores']} cores, "
                f"load {info['load average (1, 5, 15 min) at start']}); part took {secs:.0f} s._\n\n{text}\n")
        if misses:
            body += "\n**Targets missed:**\n\n" + "\n".join(f"- {m}" for m in misses) + "\n"
        sections[part] = body
        report += [body]
    report += ["## Targets missed in this run", ""]
    report += [f"- {m}" for m in all_misses] or ["- none"]
    report += ["", "## Package versions", "", versions_md, ""]
    text = "\n".join(report)
    print(text)
    if not a.no_write:
        path = BENCH / f"results-{a.machine}.md"
        sections["machine"] = f"## Machine and versions (last run)\n\n{machine_md}\n\n{versions_md}\n"
        update_results(path, sections)
        log(f"results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
