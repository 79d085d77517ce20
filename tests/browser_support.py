"""Shared machinery for the browser tests: Chromium via Playwright, a loopback server, a report.

The tests use Debian's Chromium (``/usr/bin/chromium``) driven by Playwright's
Python package; they never download a browser.  Without Chromium they skip
with a message saying how to get it.
"""

from __future__ import annotations

import functools
import html as html_lib
import os
import re
import shutil
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

sys.path.insert(0, str(ROOT / "scripts"))
from serve import serve  # noqa: E402,F401  (make serve's server: the tests see the site as readers get it, gzipped)
SITE = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]

#: Lines collected by the tests and printed at the end of the run (see conftest.py).
REPORT: list[str] = []


def need_chromium():
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        pytest.skip(
            "browser tests skipped: Chromium not found at /usr/bin/chromium. "
            "Install it with `sudo apt-get install chromium` (Debian/Ubuntu) or set CHROMIUM=/path/to/chromium."
        )
    try:
        import playwright  # noqa: F401
    except ImportError:
        pytest.skip("browser tests skipped: the playwright package is missing (make test installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(playwright):
    exe = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    return playwright.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, headless=True)


def text_of(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed (for comparing readouts)."""
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


class PageWatch:
    """Collects a page's console errors, failed requests and requests that leave 127.0.0.1."""

    def __init__(self, page, allowed_prefix: str):
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        self.bytes: int = 0
        self._allowed = allowed_prefix
        self._stopped = False
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self._stopped or self.errors.append(f"pageerror: {exc}"))
        page.on("requestfailed", lambda req: self._stopped or self.failed.append(f"{req.url} ({req.failure})"))
        page.on("response", self._response)
        page.on("request", self._request)

    def stop(self):
        """Ignore what happens from now on (e.g. the requests axe-core makes for its own analysis)."""
        self._stopped = True

    def _console(self, msg):
        if self._stopped:
            return
        if msg.type == "error":
            self.errors.append(msg.text)

    def _request(self, req):
        if self._stopped:
            return
        url = req.url
        if url.startswith("data:") or url.startswith("blob:") or url.startswith("about:"):
            return
        if not url.startswith(self._allowed):
            self.external.append(url)

    def _response(self, resp):
        if self._stopped:
            return
        if resp.status >= 400:
            self.failed.append(f"{resp.url} (HTTP {resp.status})")


#: The WCAG 2.1 A/AA rule sets of axe-core (the pinned axe-playwright-python wheel ships axe.min.js),
#: plus the rule for WCAG 2.5.3 "label in name", which axe marks experimental and leaves off by default.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@functools.lru_cache(maxsize=1)
def _axe_source() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """Run axe-core (WCAG 2.1 A/AA) on the page as it is now; one line per violating node."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules: {'label-content-name-mismatch': {enabled: true}}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    lines = []
    for v in result["violations"]:
        for node in v["nodes"]:
            lines.append(f"{v['id']} ({v['impact']}): {' '.join(map(str, node['target']))} -- {node['failureSummary'][:200]!r}")
    return lines
