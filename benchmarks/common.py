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
VENV_BIN = ROOT / ".venv" / "bin"
TORCH_HINT = "torch not installed: pip install -r benchmarks/requirements.txt"


# --------------------------------------------------------------------------- timing

def time_interleaved(candidates: dict[str, Callable[[], object]], *, repeats: int = 5,
                     min_seconds: float = 0.3, max_repeats: int = 50) -> dict[str, dict]:
    """Median and best wall time (``time.perf_counter``) of every candidate, runs interleaved.

    Every candidate is called once as a warm-up, then the candidates are called
    in turn (lib, peer, floor, lib, peer, floor, ...) so that a burst of load on
    a shared machine hits all of them alike.  At least ``repeats`` timed runs
    each; cheap candidates get more (until ``min_seconds`` of total timed work
    per round set, at most ``max_repeats``).  The results are discarded at once
    so that at most one result array is alive at a time.
    """
    names = list(candidates)
    warm = 0.0
    for name in names:
        t0 = time.perf_counter()
        r = candidates[name]()
        warm += time.perf_counter() - t0
        del r
    n = max(repeats, min(max_repeats, int(min_seconds / warm) + 1)) if warm > 0 else repeats
    times: dict[str, list[float]] = {name: [] for name in names}
    gc_was = gc.isenabled()
    gc.disable()
    try:
        for i in range(n):
            for name in names[i % len(names):] + names[:i % len(names)]:
                t0 = time.perf_counter()
                r = candidates[name]()
                times[name].append(time.perf_counter() - t0)
                del r
    finally:
        if gc_was:
            gc.enable()
    return {name: {"median": statistics.median(ts), "min": min(ts), "runs": len(ts)} for name, ts in times.items()}


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


def run_cmd(cmd: list[str], cwd: Path, timeout: float, env_extra: dict | None = None) -> tuple[str, int | str, float]:
    """Run ``cmd`` with ``.venv/bin`` first on PATH (the notebooks' kernel); its output, exit code and wall time."""
    env = dict(os.environ, PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
               PYDEVD_DISABLE_FILE_VALIDATION="1", **(env_extra or {}))
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
        out, rc = proc.stdout + proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        rc = f"timeout after {timeout} s"
    return out, rc, time.perf_counter() - t0


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
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    return next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("model name")), platform.machine())


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


PACKAGES = ["numpy", "scipy", "scikit-learn", "torch", "mpmath", "matplotlib", "ipywidgets", "pillow",
            "jupyter-book", "myst-nb", "sphinx", "nbclient", "ipykernel", "pytest", "nbval", "playwright",
            "line-profiler"]


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
        "memory": fmt_bytes(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")),
        "load average (1, 5, 15 min) at start": loadavg(),
        "python": platform.python_version(),
        "os": platform.platform(),
        "git": git_state(),
    }


def versions_table() -> str:
    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"
    return md_table(["package", "version"], [[p, version(p)] for p in PACKAGES])


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)
