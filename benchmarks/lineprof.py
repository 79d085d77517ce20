"""Part ``profile``: where lib's time goes, line by line, at 10^7 elements.

``line_profiler`` times every line of lib's numerics modules (``MODULES``).  A line's time includes the calls it
makes, so a line that calls another lib function includes that call, and the callee's lines are
listed too (functions in order of their total).  Each call runs once unprofiled (a warm-up), then
3 times under the profiler; the figures are per call.  Lines under 1% of the call are hidden.
"""

from __future__ import annotations

import linecache
import time
import timeit
from pathlib import Path

import numpy as np
from line_profiler import LineProfiler

from common import ROOT, fmt_time, log
import lib
from lib import _pieces, _validate, information, losses, softmax

MODULES = (information, softmax, losses, _validate, _pieces)
RUNS = 3


def render(title: str, fn, *args, threshold: float = 0.01, **kwargs) -> str:
    log(f"  profile {title}")
    fn(*args, **kwargs)
    prof = LineProfiler()
    for module in MODULES:
        prof.add_module(module)
    t0 = time.perf_counter()
    for _ in range(RUNS):
        prof.runcall(fn, *args, **kwargs)
    total = (time.perf_counter() - t0) / RUNS
    stats = prof.get_stats()
    funcs = {key: [(ln, t * stats.unit / RUNS) for ln, _, t in lines] for key, lines in stats.timings.items()}
    out = [f"{title}: {fmt_time(total)} per profiled call"]
    for (file, _, name), lines in sorted(funcs.items(), key=lambda kv: -sum(t for _, t in kv[1])):
        shown = [(ln, t) for ln, t in lines if t >= threshold * total]
        if shown:
            out.append(f"{Path(file).relative_to(ROOT)}::{name}")
            out += [f"  {100 * t / total:5.1f}%  {fmt_time(t):>9}  L{ln:<4} {linecache.getline(file, ln).strip()[:110]}"
                    for ln, t in shown]
    return "\n".join(out)


def run(n: int = 10**7, seed: int = 0) -> str:
    rng = np.random.default_rng(seed)
    p = rng.random(n)
    p /= p.sum()
    q = rng.random(n)
    q /= q.sum()
    out = [f"floor: p.sum() at n = {n:.0e}: {fmt_time(min(timeit.repeat(p.sum, number=1, repeat=5)))} (best of 5)",
           render("lib.kl_divergence(p, q, base=e), 1-D", lib.kl_divergence, p, q, base=np.e),
           render("lib.entropy(p, base=e), 1-D", lib.entropy, p, base=np.e),
           render("lib.cross_entropy(p, q, base=e), 1-D", lib.cross_entropy, p, q, base=np.e)]
    del p, q
    z = rng.standard_normal((n // 1000, 1000)) * 3.0
    y = rng.integers(0, 1000, n // 1000)
    out.append(render("lib.cross_entropy_loss(z, y), (10^4 × 1000)", lib.cross_entropy_loss, z, y))
    out.append(render("lib.log_softmax(z, axis=1), (10^4 × 1000)", lib.log_softmax, z, axis=1))
    return "\n\n".join(out)


def report(text: str) -> tuple[str, list[str]]:
    head = (f"Line profile (`line_profiler`, `benchmarks/lineprof.py`): time per line of `lib/` including the calls "
            f"it makes, per call over {RUNS} profiled calls after a warm-up; lines under 1% hidden.\n\n")
    return head + "```\n" + text + "\n```", []
