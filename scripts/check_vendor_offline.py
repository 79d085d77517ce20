#!/usr/bin/env python3
"""Check that a built Jupyter Book works with no third-party requests.

Usage::

    python scripts/check_vendor_offline.py book/_build/html [--page sub/page.html ...] [--chromium PATH]

Serves the HTML directory on 127.0.0.1 (random free port), opens every page (or the given ones) in
headless Chromium through Playwright, and fails (exit 1) on any of:

* a console error or uncaught page exception;
* a failed request (network error) or a response with status >= 400;
* a request to any host other than 127.0.0.1 (such requests are blocked and reported);
* no declared favicon (browsers then request /favicon.ico: a 404), or a declared one that 404s
  (``--allow-no-favicon`` skips the first);
* a page with math (``class="math..."``) where MathJax produced no ``mjx-container``, or an
  ``mjx-merror``;
* a page with embedded widget views where no widget rendered;
* a page with a ``.widget-slider``: after ``focus()`` on its ``.noUi-handle`` and ArrowRight, the
  readout must change, and if the slider's cell output also holds a Stack (``.widget-stack``) or other
  content, the visible content of that output must change (a jslinked Stack switched child).

Needs the ``playwright`` Python package and a Chromium binary (Debian's /usr/bin/chromium); never
runs ``playwright install``.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync",
]

# Text + images visible inside an element, ignoring slider readouts (which change by themselves).
VISIBLE_CONTENT_JS = """
(root) => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const parts = [];
  for (const el of root.querySelectorAll('*')) {
    if (el.closest('.widget-readout') || el.closest('.widget-slider')) continue;
    if (!visible(el)) continue;
    if (el.tagName === 'IMG') parts.push('img:' + el.getAttribute('src').slice(-120));
    for (const n of el.childNodes) {
      if (n.nodeType === Node.TEXT_NODE && n.textContent.trim()) parts.push(n.textContent.trim());
    }
  }
  return parts.join('|');
}
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the output readable
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, httpd.server_address[1]


def check_page(context, base: str, rel: str, html: str, allow_no_favicon: bool) -> list[str]:
    problems: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page exception: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))

    def route(r):
        url = r.request.url
        if urlsplit(url).scheme in ("data", "blob") or urlsplit(url).hostname == "127.0.0.1":
            r.continue_()
        else:
            problems.append(f"external request (blocked): {url}")
            r.abort()

    page.route("**/*", route)
    page.goto(f"{base}/{rel}", wait_until="load")
    page.wait_for_load_state("networkidle")

    has_math = 'class="math' in html
    has_widgets = "application/vnd.jupyter.widget-view+json" in html
    if has_math:
        try:
            page.wait_for_selector("mjx-container", state="attached", timeout=15000)
        except Exception:
            problems.append("math on page but no mjx-container (MathJax did not typeset)")
        if page.locator("mjx-merror").count():
            problems.append("MathJax error node (mjx-merror) on page")
    if has_widgets:
        try:
            # The book's widgets load when one nears the viewport (lib-widgets.js): bring it there.
            if page.locator(".lib-preview").count():
                page.locator(".lib-preview").first.scroll_into_view_if_needed()
            page.wait_for_selector(".jupyter-widgets", timeout=15000)
        except Exception:
            problems.append("widget views embedded but no widget rendered")
    sliders = page.locator(".widget-slider")
    for i in range(sliders.count()):
        slider = sliders.nth(i)
        handle = slider.locator(".noUi-handle")
        if not handle.count():
            continue
        output = slider.locator("xpath=ancestor::div[contains(@class,'cell_output')][1]")
        if not output.count():
            output = slider.locator("xpath=ancestor::div[contains(@class,'jupyter-widgets')][last()]")
        readout = slider.locator(".widget-readout")
        before_readout = readout.first.inner_text() if readout.count() else None
        before = output.first.evaluate(VISIBLE_CONTENT_JS)
        handle.first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(400)
        if readout.count() and readout.first.inner_text() == before_readout:
            # Maybe the slider was at its maximum: try the other way.
            handle.first.focus()
            page.keyboard.press("ArrowLeft")
            page.wait_for_timeout(400)
        after = output.first.evaluate(VISIBLE_CONTENT_JS)
        if readout.count() and readout.first.inner_text() == before_readout:
            problems.append(f"slider {i}: readout did not change on ArrowRight/ArrowLeft")
        has_other = output.first.locator(".widget-stack, img, .widget-html").count() > 0
        if has_other and after == before:
            problems.append(f"slider {i}: visible output did not change (jslinked Stack not switching?)")
        else:
            print(f"  {rel}: slider {i}: readout {before_readout!r} -> "
                  f"{readout.first.inner_text() if readout.count() else None!r}; "
                  f"content {before[:60]!r} -> {after[:60]!r}")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    # Browsers fetch /favicon.ico when a page declares no icon (a 404 in every reader's console);
    # Playwright's fresh contexts skip that fetch, so check the declared icon explicitly.
    icon = page.locator("link[rel~='icon']")
    if not icon.count():
        if not allow_no_favicon:
            problems.append("no <link rel=icon>: browsers will request /favicon.ico and get a 404 "
                            "(set `html: favicon:` in _config.yml)")
    else:
        href = page.evaluate("(l) => l.href", icon.first.element_handle())
        status = page.request.get(href).status
        if status >= 400:
            problems.append(f"favicon {href}: HTTP {status}")
    page.wait_for_timeout(300)
    n_mjx = page.locator("mjx-container").count()
    n_widgets = page.locator(".jupyter-widgets").count()
    print(f"  {rel}: mjx-container={n_mjx} widgets={n_widgets} problems={len(problems)}")
    page.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", type=Path, help="the built site, e.g. book/_build/html")
    parser.add_argument("--page", action="append", default=[],
                        help="page path relative to html_dir (repeatable); default: every .html page")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--allow-no-favicon", action="store_true",
                        help="do not fail pages that declare no favicon")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    root = args.html_dir.resolve()
    pages = args.page or sorted(
        p.relative_to(root).as_posix() for p in root.rglob("*.html")
        if not p.relative_to(root).as_posix().startswith(("_static/", "_sources/", "_images/"))
    )
    httpd, port = serve(root)
    base = f"http://127.0.0.1:{port}"
    failures = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            for rel in pages:
                # A fresh context per page: every page is checked as a first visit (empty
                # localStorage and cache), as a reader arriving from a search engine sees it.
                context = browser.new_context()
                html = (root / rel).read_text(encoding="utf-8", errors="replace")
                problems = check_page(context, base, rel, html, args.allow_no_favicon)
                context.close()
                for prob in problems:
                    print(f"FAIL {rel}: {prob}")
                failures += len(problems)
            browser.close()
    finally:
        httpd.shutdown()
    print(f"{len(pages)} pages checked, {failures} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
