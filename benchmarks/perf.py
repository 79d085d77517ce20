"""Part ``lib``: speed of lib against its peers and against the read floor (float64)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from common import TORCH_HINT, fmt_bytes, fmt_ratio, fmt_time, log, md_table, peak_bytes, time_interleaved

N_CLASSES = 1000
#: (label, number of elements).  The information measures get 1-D arrays at 10^6 and 10^7 and rows of a
#: (10^5 x 1000) matrix at 10^8; the logit functions get (n / 1000 x 1000) matrices.
SIZES = [("10^6", 10**6), ("10^7", 10**7), ("10^5×1000", 10**8)]
FLOOR_TARGET = 10.0          # lib <= 10x the read floor at 10^7


@dataclass
class Row:
    function: str
    size: str
    shape: tuple
    lib: dict
    floor: dict
    peers: dict = field(default_factory=dict)   # name -> timing dict
    kinds: dict = field(default_factory=dict)   # name -> "scipy" | "torch" | "sklearn" | "numpy"
    lib_peak: int | None = None
    input_bytes: int = 0


def _torch():
    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        return None, None
    return torch, F


def _softmax_inplace(z: np.ndarray) -> np.ndarray:
    """Row softmax of ``z`` computed in place (no 800 MB temporaries)."""
    z -= z.max(axis=1, keepdims=True)
    np.exp(z, out=z)
    z /= z.sum(axis=1, keepdims=True)
    return z


def _measure(rows, function, size_label, arrays, lib_fn, floor_fn, peers, repeats, measure_memory):
    cands = {"lib": lib_fn, "floor": floor_fn, **{name: fn for name, (kind, fn) in peers.items()}}
    log(f"  {function:<20} {size_label:<10} ({len(cands)} candidates)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = time_interleaved(cands, repeats=repeats, min_seconds=1.0)
    row = Row(function, size_label, arrays[0].shape, res.pop("lib"), res.pop("floor"), res,
              {name: kind for name, (kind, _) in peers.items()},
              input_bytes=sum(a.nbytes for a in arrays))
    if measure_memory:
        row.lib_peak = peak_bytes(lib_fn)
    rows.append(row)


def run(sizes=SIZES, repeats: int = 5, torch_threads_one: bool = True, measure_memory: bool = True,
        seed: int = 0) -> list[Row]:
    import scipy.special as sps
    import scipy.stats as st
    import sklearn.metrics as skm

    import lib

    torch, F = _torch()
    if torch is None:
        log(TORCH_HINT)
    rng = np.random.default_rng(seed)
    rows: list[Row] = []
    e = np.e

    def torch_one_thread(fn):
        def call():
            n0 = torch.get_num_threads()
            torch.set_num_threads(1)
            try:
                return fn()
            finally:
                torch.set_num_threads(n0)
        return call

    for label, n in sizes:
        n_rows = n // N_CLASSES
        log(f"size {label}")
        # ---------------------------------------------------------------- logits: log_softmax, loss
        z = rng.standard_normal((n_rows, N_CLASSES)) * 3.0
        y = rng.integers(0, N_CLASSES, n_rows)
        peers = {"scipy.special.log_softmax": ("scipy", lambda: sps.log_softmax(z, axis=1))}
        if torch is not None:
            zt = torch.from_numpy(z)
            yt = torch.from_numpy(y)
            peers["torch F.log_softmax"] = ("torch", lambda: F.log_softmax(zt, dim=1))
            if torch_threads_one:
                peers["torch F.log_softmax (1 thread)"] = ("torch1", torch_one_thread(lambda: F.log_softmax(zt, dim=1)))
        _measure(rows, "log_softmax", label, [z], lambda: lib.log_softmax(z, axis=1), lambda: z.sum(), peers,
                 repeats, measure_memory)

        idx = np.arange(n_rows)
        peers = {"scipy log_softmax[y].mean()": ("scipy", lambda: -sps.log_softmax(z, axis=1)[idx, y].mean())}
        if torch is not None:
            peers["torch F.cross_entropy"] = ("torch", lambda: F.cross_entropy(zt, yt))
            if torch_threads_one:
                peers["torch F.cross_entropy (1 thread)"] = ("torch1", torch_one_thread(lambda: F.cross_entropy(zt, yt)))
        _measure(rows, "cross_entropy_loss", label, [z], lambda: lib.cross_entropy_loss(z, y), lambda: z.sum(),
                 peers, repeats, measure_memory)
        if torch is not None:
            del zt, yt

        # ---------------------------------------------------------------- log_loss on probabilities
        p = _softmax_inplace(z)          # z is consumed: p is the row-softmax of the logits
        del z
        labels = np.arange(N_CLASSES)
        peers = {"sklearn.metrics.log_loss": ("sklearn", lambda: skm.log_loss(y, p, labels=labels))}
        _measure(rows, "log_loss", label, [p], lambda: lib.log_loss(y, p, labels=labels), lambda: p.sum(), peers,
                 repeats, measure_memory)

        # ---------------------------------------------------------------- information measures
        if n < 10**8:
            p = rng.random(n)
            p /= p.sum()
            q = rng.random(n)
            q /= q.sum()
        else:
            q = _softmax_inplace(rng.standard_normal((n_rows, N_CLASSES)) * 3.0)
        floor1 = lambda: p.sum()  # noqa: E731
        floor2 = lambda: p.sum() + q.sum()  # noqa: E731  one read of each input
        peers = {
            "scipy.stats.entropy": ("scipy", lambda: st.entropy(p, axis=-1)),
            "scipy.special.entr().sum()": ("scipy", lambda: sps.entr(p).sum(axis=-1)),
            "numpy -(p*log p).sum()": ("numpy", lambda: -(p * np.log(p)).sum(axis=-1)),
        }
        _measure(rows, "entropy", label, [p], lambda: lib.entropy(p, base=e), floor1, peers, repeats, measure_memory)
        peers = {
            "scipy -xlogy(p, q).sum()": ("scipy", lambda: -sps.xlogy(p, q).sum(axis=-1)),
            "numpy -(p*log q).sum()": ("numpy", lambda: -(p * np.log(q)).sum(axis=-1)),
        }
        _measure(rows, "cross_entropy", label, [p, q], lambda: lib.cross_entropy(p, q, base=e), floor2, peers,
                 repeats, measure_memory)
        peers = {
            "scipy.stats.entropy(p, q)": ("scipy", lambda: st.entropy(p, q, axis=-1)),
            "scipy.special.rel_entr().sum()": ("scipy", lambda: sps.rel_entr(p, q).sum(axis=-1)),
        }
        if torch is not None:
            pt, qt = torch.from_numpy(p), torch.from_numpy(q)
            peers["torch F.kl_div(log q, p)"] = ("torch", lambda: F.kl_div(torch.log(qt), pt, reduction="sum")
                                                 if p.ndim == 1 else
                                                 F.kl_div(torch.log(qt), pt, reduction="none").sum(dim=-1))
        _measure(rows, "kl_divergence", label, [p, q], lambda: lib.kl_divergence(p, q, base=e), floor2, peers,
                 repeats, measure_memory)
        if torch is not None:
            del pt, qt
        del p, q
    return rows


def verdicts(row: Row) -> dict[str, str]:
    """Per peer: whether the issue's target for that comparison is met."""
    out = {}
    for name, t in row.peers.items():
        kind = row.kinds[name]
        ratio = row.lib["median"] / t["median"]
        if kind == "scipy" or (kind == "torch" and row.function == "cross_entropy_loss"):
            ok = ratio <= 1.0
            out[name] = "✓" if ok else ("✗ (within 10%: noise?)" if ratio <= 1.1 else "✗")
        else:
            out[name] = ""
    return out


def report(rows: list[Row]) -> tuple[str, list[str]]:
    """The markdown table and the list of missed targets."""
    header = ["function", "size", "lib", "floor (x.sum())", "lib/floor", "lib peak mem / input", "peer", "peer time",
              "lib/peer", "lib/peer (best runs)", "target"]
    table, misses = [], []
    for r in rows:
        lf = r.lib["median"] / r.floor["median"]
        n_el = int(np.prod(r.shape))
        floor_target = ""
        if n_el == 10**7:
            floor_target = "✓ ≤10×" if lf <= FLOOR_TARGET else "✗ >10×"
            if lf > FLOOR_TARGET:
                misses.append(f"{r.function} at {r.size}: lib/floor = {lf:.1f}× (target ≤ 10×)")
        mem = "-" if r.lib_peak is None else f"{fmt_bytes(r.lib_peak)} ({r.lib_peak / r.input_bytes:.1f}×)"
        v = verdicts(r)
        first = True
        peers = list(r.peers.items()) or [("-", None)]
        for name, t in peers:
            ratio = None if t is None else r.lib["median"] / t["median"]
            target = v.get(name, "")
            if first and floor_target:
                target = f"floor {floor_target}" + (f"; {target}" if target else "")
            if target.startswith("✗") or "; ✗" in target:
                misses.append(f"{r.function} at {r.size}: lib {fmt_time(r.lib['median'])} vs {name} "
                              f"{fmt_time(t['median'])} ({ratio:.2f}×)")
            table.append([
                r.function if first else "", r.size if first else "",
                fmt_time(r.lib["median"]) if first else "", fmt_time(r.floor["median"]) if first else "",
                fmt_ratio(lf) if first else "", mem if first else "",
                name, fmt_time(None if t is None else t["median"]), fmt_ratio(ratio),
                fmt_ratio(None if t is None else r.lib["min"] / t["min"]), target,
            ])
            first = False
    runs = sorted({r.lib["runs"] for r in rows} | {t["runs"] for r in rows for t in r.peers.values()})
    text = md_table(header, table)
    text += (f"\n\nMedian of {runs[0]}–{runs[-1]} interleaved runs after one warm-up run (`time.perf_counter`). "
             "lib/peer < 1 means lib is faster; \"best runs\" is the ratio of the fastest runs, less sensitive to "
             "other load on the machine (the targets use the medians). Information measures in nats (`base=np.e`) like their peers; "
             "the floor of two-input functions reads both arrays once. numpy (and so lib and scipy) is "
             "single-threaded; torch uses its default thread count, and the `(1 thread)` rows pin it to one. "
             "\"lib peak mem / input\" is the peak of memory allocated during one lib call (tracemalloc), "
             "relative to the bytes of its inputs: the temporaries lib creates.")
    return text, misses
