"""Part ``widgets``: what each widget costs at execution time and on the page.

For every builder in ``lib.widgets.REGISTRY`` (called with its defaults, as the
chapters call it): wall time to build (update + render + PNG-encode every
frame), how much of it is PNG encoding, number of frames, bytes of the frames
(PNG, and as base64 in the page's embedded widget state).  Then the bytes of
each built page in ``_build/html/book`` (if it exists), and the browser's
slider-to-figure time from the browser tests' report (if it exists).
"""

from __future__ import annotations

import os
import re
import time

from common import ROOT, fmt_bytes, fmt_time, log, md_table

os.environ.setdefault("MPLBACKEND", "Agg")
# Every frame is drawn here: the frame cache (lib/widgets/_core.py) would turn the build times into reads.
os.environ["LIB_FRAME_CACHE"] = "off"

SITE = ROOT / "_build" / "html"
BROWSER_REPORT = ROOT / "_build" / "reports" / "browser.txt"


def _leaves(widget):
    """Every leaf (non-Stack) child of nested ipywidgets Stacks."""
    import ipywidgets as W

    if isinstance(widget, W.Stack):
        for c in widget.children:
            yield from _leaves(c)
    else:
        yield widget


def run() -> dict:
    import matplotlib.pyplot as plt

    import lib.widgets as LW
    from lib.widgets import _core

    # Warm-up: fonts, style sheet, the PNG path (first savefig is slow).
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    fig.set_dpi(80)
    _core._png(fig)
    plt.close("all")

    png_time = [0.0]
    breakdown: dict = {}
    original = _core._png

    def split(fig) -> dict:
        """One frame's _png, in pieces: raw render, PNG encode, palette quantise + optimised save."""
        import io

        dpi = fig.dpi

        from PIL import Image

        tw = time.perf_counter()
        fig.savefig(io.BytesIO(), format="rgba", dpi=dpi)   # warm: first draw lays out text
        t0 = time.perf_counter()
        fig.savefig(io.BytesIO(), format="rgba", dpi=dpi)
        t1 = time.perf_counter()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
        t2 = time.perf_counter()
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
        q = img.quantize(colors=64, method=Image.Quantize.FASTOCTREE)
        t3 = time.perf_counter()
        q.save(io.BytesIO(), format="png", optimize=True)
        t4 = time.perf_counter()
        q.save(io.BytesIO(), format="png")
        t5 = time.perf_counter()
        return {"render": t1 - t0, "encode": max(0.0, (t2 - t1) - (t1 - t0)), "quantize": t3 - t2, "optimize_save": t4 - t3,
                "plain_save": t5 - t4, "extra": t5 - tw}

    def timed_png(fig):
        if not breakdown:
            breakdown.update(split(fig))
        t0 = time.perf_counter()
        try:
            return original(fig)
        finally:
            png_time[0] += time.perf_counter() - t0

    rows = []
    _core._png = timed_png  # benchmarks only: lib itself is not modified
    try:
        for title, builder in LW.REGISTRY.items():
            log(f"  widget {title}")
            png_time[0] = 0.0
            breakdown.clear()
            t0 = time.perf_counter()
            try:
                w = builder()
            except Exception as exc:
                rows.append({"title": title, "error": f"{type(exc).__name__}: {exc}"})
                continue
            total = time.perf_counter() - t0 - breakdown.get("extra", 0.0)
            images = [x for x in _leaves(w.image_stack)]
            png_bytes = sum(len(x.value) for x in images)
            readout_bytes = sum(len(x.value.encode()) for x in _leaves(w.readout_stack))
            rows.append({
                "title": title, "builder": builder.__name__, "seconds": total, "png_seconds": png_time[0],
                "frames": len(w.records), "png_bytes": png_bytes, "readout_bytes": readout_bytes,
                "controls": ", ".join(f"{c.name} ({len(c.values)})" for c in w.controls),
                "split": dict(breakdown),
            })
            plt.close("all")
            del w, images
    finally:
        _core._png = original

    pages = []
    if (SITE / "book").exists():
        for page in sorted((SITE / "book").glob("*.html")):
            html = page.read_text(encoding="utf-8", errors="replace")
            m = re.search(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', html, re.S)
            state = len(m.group(1).encode()) if m else 0
            n_views = len(re.findall(r'application/vnd\.jupyter\.widget-view\+json', html))
            pages.append({"page": page.relative_to(SITE).as_posix(), "bytes": page.stat().st_size,
                          "state": state, "views": n_views})
    browser = None
    if BROWSER_REPORT.exists():
        browser = BROWSER_REPORT.read_text(encoding="utf-8", errors="replace")
    return {"widgets": rows, "pages": pages, "browser": browser}


def _split(sp: dict) -> str:
    if not sp:
        return "-"
    return (f"{fmt_time(sp['render'])} / {fmt_time(sp['encode'])} / {fmt_time(sp['quantize'])} / "
            f"{fmt_time(sp['optimize_save'])} ({fmt_time(sp['plain_save'])})")


def report(res: dict) -> tuple[str, list[str]]:
    rows = []
    tot = {"seconds": 0.0, "frames": 0, "png_bytes": 0}
    for r in res["widgets"]:
        if "error" in r:
            rows.append([r["title"], "-", "-", "-", "-", "-", "-", f"error: {r['error']}"])
            continue
        for k in tot:
            tot[k] += r[k]
        rows.append([
            f"{r['title']} (`{r['builder']}`)", r["controls"], r["frames"], fmt_time(r["seconds"]),
            f"{fmt_time(r['seconds'] / max(r['frames'], 1))} ({100 * r['png_seconds'] / r['seconds']:.0f}%)",
            fmt_bytes(r["png_bytes"]), fmt_bytes(r["png_bytes"] / max(r["frames"], 1)),
            fmt_bytes(4 / 3 * r["png_bytes"] + r["readout_bytes"]),
            _split(r.get("split") or {}),
        ])
    rows.append(["**total**", "", tot["frames"], fmt_time(tot["seconds"]), "", fmt_bytes(tot["png_bytes"]), "", "", ""])
    text = "### Frame rendering at execution\n\n" + md_table(
        ["widget (builder)", "controls (positions)", "frames", "build time", "per frame (share in `_png`)",
         "PNG bytes", "per frame", "≈ in page (base64 + readouts)",
         "one frame: render / PNG encode / quantise / optimize=True save (plain save)"], rows)
    text += ("\n\nBuild time = the builder called with its defaults, as the chapter calls it: every frame's update, "
             "draw and PNG encoding (the share in `lib.widgets._core._png`: matplotlib drawing the frame, PNG encoding, palette quantisation). "
             "One run, after a matplotlib warm-up. The last column splits the first frame's `_png` "
             "(render = `savefig(format='rgba')`; PNG encode = PNG savefig minus that; then PIL's quantise and "
             "`save(optimize=True)`, with a plain `save` for comparison); it is measured outside the build time.")
    text += "\n\n### Page weight (`_build/html/book/*.html`)\n\n"
    if res["pages"]:
        text += md_table(["page", "HTML bytes", "of which embedded widget state", "widget views"],
                         [[p["page"], fmt_bytes(p["bytes"]), fmt_bytes(p["state"]), p["views"]] for p in res["pages"]])
        text += ("\n\nFrom the last `make book` in the working tree (may be older than the notebooks; "
                 "the `build` part reports the pages of its own fresh build).")
    else:
        text += "_build/html/book does not exist: run `make book` first."
    text += "\n\n### Slider key press → new figure painted (browser tests)\n\n"
    if res["browser"]:
        lines = [ln for ln in res["browser"].splitlines() if ln.startswith("slider key press")]
        text += "\n".join(f"    {ln}" for ln in (lines or res["browser"].splitlines()))
        text += f"\n\n(quoted from `{BROWSER_REPORT.relative_to(ROOT)}`)"
    else:
        text += (f"`{BROWSER_REPORT.relative_to(ROOT)}` does not exist: run make test first "
                 "(or `benchmarks/run.py --only tests`, which captures the browser tests' report).")
    return text, []
