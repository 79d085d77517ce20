"""Shared helpers of the benchmarks: timing, machine description, markdown tables."""

from __future__ import annotations

import gc
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"
TORCH_HINT = "torch not installed: pip install -r benchmarks/requirements.txt"


# --------------------------------------------------------------------------- timing

def time_interleaved(candidates: dict[str, Callable[[], object]], *, repeats: int = 5,
                     min_seconds: float = 0.3, max_repeats: int = 50) -> dict[str, dict]:
    """Median wall time (``time.perf_counter``) of every candidate, runs interleaved.

    Every candidate is called once as a warm-up, then the candidates are called
    in turn (lib, peer, floor, lib, peer, floor, ...) so that a burst of load on
    a shared machine hits all of them alike.  At least ``repeats`` timed runs
    each; cheap candidates get more (until ``min_seconds`` of total timed work
    per round set, at most ``max_repeats``).  The results are discarded at once
    so that at most one result array is alive at a time.
    """
    names = list(candidates)
    warm = {}
    for name in names:
        t0 = time.perf_counter()
        r = candidates[name]()
        warm[name] = time.perf_counter() - t0
        del r
    slowest = max(warm.values()) if warm else 0.0
    n = repeats
    total_round = sum(warm.values())
    if total_round > 0:
        n = max(repeats, min(max_repeats, int(min_seconds / total_round) + 1))
    times: dict[str, list[float]] = {name: [] for name in names}
    gc_was = gc.isenabled()
    gc.disable()
    try:
        for i in range(n):
            order = names[i % len(names):] + names[:i % len(names)]
            for name in order:
                fn = candidates[name]
                t0 = time.perf_counter()
                r = fn()
                times[name].append(time.perf_counter() - t0)
                del r
    finally:
        if gc_was:
            gc.enable()
    out = {}
    for name in names:
        ts = times[name]
        out[name] = {
            "median": statistics.median(ts),
            "min": min(ts),
            "max": max(ts),
            "runs": len(ts),
            "warmup": warm[name],
        }
    del slowest
    return out


def peak_bytes(fn: Callable[[], object]) -> int:
    """Peak memory allocated during one call of ``fn`` (tracemalloc sees numpy's buffers)."""
    import tracemalloc

    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        r = fn()
        del r
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return max(0, peak - base)


# --------------------------------------------------------------------------- formatting

def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1.0:
        return f"{seconds * 1e3:.2f} ms" if seconds < 0.1 else f"{seconds * 1e3:.0f} ms"
    return f"{seconds:.2f} s"


def fmt_ratio(x: float | None) -> str:
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:.0f}×"
    if x >= 10:
        return f"{x:.1f}×"
    return f"{x:.2f}×"


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return "-"
    for unit, k in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= k:
            return f"{n / k:.1f} {unit}"
    return f"{n:.0f} B"


def md_table(header: list[str], rows: list[list]) -> str:
    """A GitHub markdown table (cells converted with ``str``; ``|`` escaped)."""
    def cell(v):
        return str(v).replace("|", "\\|")
    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------- machine

def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def mem_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return fmt_bytes(int(line.split()[1]) * 1024)
    except OSError:
        pass
    return "?"


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


PACKAGES = ["numpy", "scipy", "scikit-learn", "torch", "mpmath", "matplotlib", "ipywidgets", "pillow",
            "jupyter-book", "myst-nb", "sphinx", "nbclient", "ipykernel", "pytest", "nbval", "playwright"]


def git_state() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "lib", "book", "_toc.yml", "_config.yml"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
        return f"{head}{' + uncommitted changes in lib/ or book/' if dirty else ''}"
    except Exception:  # pragma: no cover - git missing
        return "?"


def machine_info() -> dict[str, str]:
    return {
        "date": datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "host": socket.gethostname(),
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "memory": mem_total(),
        "load average (1, 5, 15 min) at start": loadavg(),
        "python": platform.python_version(),
        "os": platform.platform(),
        "git": git_state(),
    }


def versions_table() -> str:
    return md_table(["package", "version"], [[p, version(p)] for p in PACKAGES])


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
