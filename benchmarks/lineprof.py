"""Part ``profile``: where lib's time goes, line by line, at 10^7 elements.

A small line profiler built on ``sys.settrace`` (no extra package): the time
between two line events of the same frame is charged to the first line, so a
line that calls another lib function includes that call (inclusive time) and
the callee's lines are listed too, indented.  Tracing costs a few µs per line,
negligible next to a numpy pass over 10^7 elements (~10 ms).  Each call is
profiled 3 times and the per-line minimum is kept.
"""

from __future__ import annotations

import linecache
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from common import ROOT, fmt_time, log

LIB = str(ROOT / "lib")


def line_profile(fn, *args, **kwargs):
    """Run ``fn`` once under the tracer; return ({(file, line): seconds}, {code: depth}, total seconds)."""
    stats: dict = defaultdict(float)
    last: dict = {}
    depth: dict = {}
    stack: list = []
    perf = time.perf_counter

    def local(frame, event, arg):
        now = perf()
        fid = id(frame)
        prev = last.get(fid)
        if prev is not None:
            stats[prev[0]] += now - prev[1]
        if event == "line":
            last[fid] = ((frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name), perf())
        elif event == "return":
            last.pop(fid, None)
            if stack:
                stack.pop()
        return local

    def glob(frame, event, arg):
        if event != "call" or not frame.f_code.co_filename.startswith(LIB):
            return None
        depth.setdefault(frame.f_code.co_name, len(stack))
        stack.append(frame.f_code.co_name)
        return local

    t0 = perf()
    sys.settrace(glob)
    try:
        fn(*args, **kwargs)
    finally:
        sys.settrace(None)
    return stats, depth, perf() - t0


def profile(fn, *args, runs: int = 3, **kwargs):
    best: dict = {}
    totals = []
    depth = {}
    for _ in range(runs):
        stats, depth, total = line_profile(fn, *args, **kwargs)
        totals.append(total)
        for k, v in stats.items():
            best[k] = min(best.get(k, v), v)
    return best, depth, min(totals)


def render(title: str, fn, *args, threshold: float = 0.01, untraced: float | None = None, **kwargs) -> str:
    stats, depth, total = profile(fn, *args, **kwargs)
    lines = [f"{title}: {fmt_time(total)} traced" + (f" ({fmt_time(untraced)} untraced median)" if untraced else "")]
    # Group by function (in order of first appearance in depth), lines in source order.
    funcs: dict = defaultdict(list)
    for (file, line, name), t in stats.items():
        funcs[(file, name)].append((line, t))
    order = sorted(funcs, key=lambda k: depth.get(k[1], 99))
    for file, name in order:
        entries = [(ln, t) for ln, t in sorted(funcs[(file, name)]) if t >= threshold * total]
        if not entries:
            continue
        ind = "  " * depth.get(name, 0)
        lines.append(f"{ind}{Path(file).relative_to(ROOT)}::{name}")
        for ln, t in entries:
            src = linecache.getline(file, ln).strip()
            lines.append(f"{ind}  {100 * t / total:5.1f}%  {fmt_time(t):>9}  L{ln:<4} {src[:110]}")
    return "\n".join(lines)


def run(n: int = 10**7, seed: int = 0) -> str:
    import lib

    linecache.clearcache()
    rng = np.random.default_rng(seed)
    p = rng.random(n)
    p /= p.sum()
    q = rng.random(n)
    q /= q.sum()
    out = []
    floor = min(_t(lambda: p.sum()) for _ in range(5))
    out.append(f"floor: p.sum() at n = {n:.0e}: {fmt_time(floor)}")
    log("  profile kl_divergence")
    out.append(render("lib.kl_divergence(p, q, base=e), 1-D", lib.kl_divergence, p, q, base=np.e))
    log("  profile entropy")
    out.append(render("lib.entropy(p, base=e), 1-D", lib.entropy, p, base=np.e))
    log("  profile cross_entropy")
    out.append(render("lib.cross_entropy(p, q, base=e), 1-D", lib.cross_entropy, p, q, base=np.e))
    del p, q
    z = rng.standard_normal((n // 1000, 1000)) * 3.0
    y = rng.integers(0, 1000, n // 1000)
    log("  profile cross_entropy_loss")
    out.append(render("lib.cross_entropy_loss(z, y), (10^4 × 1000)", lib.cross_entropy_loss, z, y))
    log("  profile log_softmax")
    out.append(render("lib.log_softmax(z, axis=1), (10^4 × 1000)", lib.log_softmax, z, axis=1))
    return "\n\n".join(out)


def _t(fn):
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def report(text: str) -> tuple[str, list[str]]:
    head = ("Line profile (`benchmarks/lineprof.py`, inclusive time per line of `lib/`, best of 3 traced calls; "
            "lines under 1% hidden).\n\n")
    return head + "```\n" + text + "\n```", []
