#!/usr/bin/env python
"""Lighthouse on every page of the built book, served gzip-compressed on 127.0.0.1 as a static host would.

    python benchmarks/pages.py                     # every page of _build/html/book
    python benchmarks/pages.py --site DIR --pages 01_surprisal,07_maximum_likelihood

Needs Node and the pinned Lighthouse of benchmarks/js (``npm ci --prefix benchmarks/js``, which
``make bench`` runs) and Debian's Chromium (``CHROME_PATH``, default /usr/bin/chromium).  The book's
build never needs Node; only this benchmark does.  Lighthouse runs its default mobile preset
(simulated throttling: slow 4G, 4x CPU slowdown), one run per page.

Prints one markdown table: the four category scores, LCP, TBT, CLS and the bytes transferred.
A benchmark, not a test: nothing here asserts a figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BENCH, ROOT, md_table

JS = BENCH / "js"
LIGHTHOUSE = JS / "node_modules" / ".bin" / "lighthouse"

sys.path.insert(0, str(ROOT / "scripts"))
from serve import serve  # noqa: E402  (make serve's static-host server: gzip for text, like the real host)


def lighthouse(url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    cmd = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    subprocess.run(cmd, env=env, check=True, timeout=300)
    return json.loads(out.read_text())


def row(name: str, lhr: dict) -> list[str]:
    cat = lhr["categories"]
    aud = lhr["audits"]

    def score(k):
        s = cat[k]["score"]
        return "–" if s is None else f"{round(100 * s)}"

    return [
        name,
        score("performance"),
        score("accessibility"),
        score("best-practices"),
        score("seo"),
        f"{aud['first-contentful-paint']['numericValue'] / 1000:.1f} s",
        f"{aud['largest-contentful-paint']['numericValue'] / 1000:.1f} s",
        f"{aud['total-blocking-time']['numericValue']:.0f} ms",
        f"{aud['cumulative-layout-shift']['numericValue']:.3f}",
        f"{aud['total-byte-weight']['numericValue'] / 1024:.0f} KiB",
    ]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", default=str(ROOT / "_build" / "html"))
    ap.add_argument("--pages", help="comma-separated page names under book/ (default: every page)")
    ap.add_argument("--json-dir", help="keep Lighthouse's JSON reports here")
    a = ap.parse_args(argv)
    site = Path(a.site)
    if not (site / "book").is_dir():
        sys.exit(f"no built book at {site}: run `make book` first")
    if not LIGHTHOUSE.exists():
        if not shutil.which("npm"):
            sys.exit("Lighthouse needs Node and npm (the book's build does not); then `npm ci --prefix benchmarks/js`")
        subprocess.run(["npm", "ci", "--prefix", str(JS), "--no-audit", "--no-fund"], check=True,
                       env=dict(os.environ, PUPPETEER_SKIP_DOWNLOAD="1"))
    names = a.pages.split(",") if a.pages else sorted(p.stem for p in (site / "book").glob("*.html"))
    out_dir = Path(a.json_dir) if a.json_dir else Path(tempfile.mkdtemp(prefix="lighthouse-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    base, server = serve(site)
    head = ["page", "perf", "a11y", "best pr.", "SEO", "FCP", "LCP", "TBT", "CLS", "transfer"]
    rows = []
    t0 = time.perf_counter()
    try:
        for name in names:
            lhr = lighthouse(f"{base}/book/{name}.html", out_dir / f"{name}.json")
            rows.append(row(name, lhr))
            print(" | ".join(rows[-1]), file=sys.stderr)
    finally:
        server.shutdown()
    print(f"Lighthouse {lhr['lighthouseVersion']}, mobile preset (simulated throttling), gzip-served, "
          f"{len(names)} pages in {time.perf_counter() - t0:.0f} s\n")
    print(md_table(head, rows))
    if not a.json_dir:
        shutil.rmtree(out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
