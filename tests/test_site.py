"""The built static site in a real browser (Chromium, headless, no network beyond 127.0.0.1).

For every page: math is typeset, every image loads, no console error, no failed
request, no request leaves 127.0.0.1, axe-core finds no WCAG 2.1 A/AA violation
(light theme at 1280 px, dark theme at 390 px), no code cell or output scrolls
sideways at 1280 px, no display equation is clipped or runs into its number at
390 px, and in dark mode no figure or widget sits in a light box.  Widgets load
only when one nears the viewport (a static preview shows the first frame before).
For every widget: each control is moved by keyboard to at least two positions
and the visible figure, its alt text and the numbers must follow, the numbers
being exactly those the widget's frame records (which tests/test_widgets*.py
check against lib); each control is named by its visible label, a slider
announces the value shown, toggle buttons expose aria-pressed, the readout is a
live region and the focused control has a visible outline.  Page weights and
slider-to-figure times are reported at the end of the run (figures, not assertions).
"""

from __future__ import annotations

import functools
import re
import statistics
import time
from pathlib import Path

import pytest

from browser_support import REPORT, ROOT, SITE, PageWatch, axe_violations, launch, need_chromium, serve, text_of

PAGES = sorted(p.relative_to(SITE).as_posix() for p in (SITE / "book").glob("*.html")) if SITE.exists() else []
SLIDER_TIMES: list[float] = []


@pytest.fixture(scope="module")
def site():
    if not (SITE / "book").exists():
        pytest.fail("the book is not built: run `make book` (make test does it first)")
    need_chromium()
    from playwright.sync_api import sync_playwright

    base, server = serve(SITE)
    t0 = time.perf_counter()
    with sync_playwright() as p:
        browser = launch(p)
        yield base, browser
        browser.close()
    server.shutdown()
    REPORT.append(f"browser suite (static site): {time.perf_counter() - t0:.1f} s for {len(PAGES)} pages")
    if SLIDER_TIMES:
        REPORT.append(
            f"slider key press -> new figure painted: median {statistics.median(SLIDER_TIMES):.1f} ms, "
            f"max {max(SLIDER_TIMES):.1f} ms over {len(SLIDER_TIMES)} moves (target <= 50 ms)"
        )


@functools.lru_cache(maxsize=None)
def rebuilt(title: str):
    """The widget as the chapter built it (chapters call builders with their defaults)."""
    from lib.widgets import REGISTRY

    return REGISTRY[title]()


def page_weight(rel: str) -> tuple[int, int]:
    """(HTML bytes incl. embedded widget state, bytes of the page's own images)."""
    path = SITE / rel
    html = path.read_text(encoding="utf-8")
    images = 0
    for src in set(re.findall(r'<img[^>]+src="([^"]+)"', html)):
        if not src.startswith(("data:", "http")):
            f = (path.parent / src).resolve()
            if f.exists() and "_static" not in f.parts:
                images += f.stat().st_size
    return path.stat().st_size, images


def test_every_chapter_was_built():
    expected = {Path(line.split("file:")[1].strip()).name for line in (ROOT / "_toc.yml").read_text().splitlines() if "file:" in line}
    built = {Path(p).stem for p in PAGES}
    assert expected <= built, f"pages missing from the site: {sorted(expected - built)}"


@pytest.mark.parametrize("rel", PAGES)
def test_page(site, rel):
    base, browser = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = PageWatch(page, base)
    page.goto(f"{base}/{rel}", wait_until="load")
    html = (SITE / rel).read_text(encoding="utf-8")

    _check_math(page, html)
    n_widgets = html.count('class="lib-preview"')
    if n_widgets:
        _hydrate(page, n_widgets)
    # Figures load lazily (as they near the viewport); ask for all of them now, then check each arrived.
    lazy = page.evaluate(
        "(() => { const l = document.querySelectorAll('img[loading=lazy]'); l.forEach(i => { i.loading = 'eager'; }); return l.length; })()"
    )
    if '_images/' in html:
        assert lazy, "figures of code cells should load lazily (sphinxext/readers_pages.py)"
    page.wait_for_load_state("networkidle")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=15000)
    broken = page.evaluate(
        "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 100))"
    )
    assert not broken, f"images that did not load: {broken}"
    for k in range(page.locator(".lib-frame-widget").count()):
        _exercise_widget(page, page.locator(".lib-frame-widget").nth(k))
    page.evaluate("window.scrollTo(0, 0)")
    assert not (wide := page.evaluate(_SIDEWAYS)), f"code cells or outputs that scroll sideways at 1280 px: {wide}"
    watch.stop()  # axe fetches the stylesheets itself (and resolves their @import its own way)
    assert not (bad := axe_violations(page)), "axe-core (WCAG 2.1 A/AA), light theme, 1280 px:\n" + "\n".join(bad)

    html_bytes, img_bytes = page_weight(rel)
    REPORT.append(
        f"page weight {rel}: {(html_bytes + img_bytes) / 1e6:.2f} MB "
        f"(HTML with widget state {html_bytes / 1e6:.2f} MB + images {img_bytes / 1e6:.2f} MB; "
        f"{n_widgets} widget(s); target <= 1.5 MB)"
    )
    page.close()
    assert not watch.external, f"requests that left 127.0.0.1: {watch.external}"
    assert not watch.failed, f"failed requests: {watch.failed}"
    assert not watch.errors, f"console errors: {watch.errors}"


_DESCRIBE = """(e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
  (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\\s+/).slice(0, 3).join('.') : '')"""

#: Code cells, outputs and anything inside them that is a sideways scroll container with overflow.
_SIDEWAYS = f"""() => {{
  const describe = {_DESCRIBE};
  const els = document.querySelectorAll('.bd-content div.cell, .bd-content div.cell *');
  return Array.from(els).filter(e => {{
    const ox = getComputedStyle(e).overflowX;
    return (ox === 'auto' || ox === 'scroll') && e.scrollWidth > e.clientWidth + 1;
  }}).map(describe).slice(0, 20);
}}"""

#: Display equations cut off by their column (wider, and not in a scroll box), or overlapping their number.
_EQUATIONS = f"""() => {{
  const describe = {_DESCRIBE};
  const bad = [];
  for (const box of document.querySelectorAll('.bd-content div.math')) {{
    const math = box.querySelector(':scope > math[display="block"]');
    if (!math) continue;
    const b = box.getBoundingClientRect(), c = math.getBoundingClientRect();
    const name = describe(box);
    // The formula's own extent: its rows, fractions and scripts (the <math> box may be a scroll box).
    let left = Infinity, right = -Infinity;
    for (const el of math.children) {{ const r = el.getBoundingClientRect(); left = Math.min(left, r.left); right = Math.max(right, r.right); }}
    const m = {{left, right, top: c.top, bottom: c.bottom, width: right - left}};
    // Wider than its column is allowed only inside a keyboard-focusable scroll box (nothing cut off).
    const ox = getComputedStyle(math).overflowX;
    const scrolls = (ox === 'auto' || ox === 'scroll') && math.tabIndex >= 0 && c.width <= b.width + 1;
    if ((m.left < b.left - 1 || m.right > b.right + 1) && !scrolls) bad.push(name + ': ' + Math.round(m.width) + ' px of math in ' + Math.round(b.width) + ' px');
    const no = box.querySelector('span.eqno');
    if (no) {{
      const n = no.getBoundingClientRect();
      if (n.width && !(n.right <= m.left || n.left >= m.right || n.bottom <= m.top || n.top >= m.bottom)) bad.push(name + ': equation number overlaps the math');
    }}
  }}
  return bad;
}}"""

#: In dark mode: light backgrounds, or images shown without the dark-mode filter, in outputs and widgets.
_LIGHT_BOXES = f"""() => {{
  const describe = {_DESCRIBE};
  const lum = (c) => {{
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(',').map(Number);
    return a < 0.1 ? null : (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  }};
  const bad = [];
  for (const el of document.querySelectorAll('.bd-content div.cell_output, .bd-content div.cell_output *')) {{
    if (!el.getClientRects().length) continue;
    const st = getComputedStyle(el);
    const l = lum(st.backgroundColor);
    if (l !== null && l > 0.5) bad.push(describe(el) + ' has a light background ' + st.backgroundColor);
    if (el.tagName === 'IMG' && !/invert/.test(st.filter)) bad.push(describe(el) + ' is shown without the dark-mode filter');
  }}
  return bad.slice(0, 20);
}}"""


def _hydrate(page, n_widgets: int) -> None:
    """Widgets load only near the viewport: nothing of the widget manager before; all of them after."""
    first_top = page.evaluate("document.querySelector('.lib-preview').getBoundingClientRect().top - innerHeight")
    if first_top > 700:
        loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name).filter(n => /embed-amd|require\\.js|_static\\/widgets\\//.test(n))")
        assert not loaded, f"widget scripts loaded before any widget neared the viewport: {loaded}"
    page.locator(".lib-preview").first.scroll_into_view_if_needed()
    page.wait_for_function(
        f"document.querySelectorAll('.lib-frame-widget').length >= {n_widgets} && !document.querySelector('.lib-preview')",
        timeout=30000,
    )


@pytest.mark.parametrize("rel", PAGES)
def test_page_phone_dark(site, rel):
    """390 px wide, dark theme: equations fit beside their numbers, no light boxes, axe finds nothing."""
    base, browser = site
    page = browser.new_page(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page.add_init_script("localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');")
    watch = PageWatch(page, base)
    page.goto(f"{base}/{rel}", wait_until="load")
    html = (SITE / rel).read_text(encoding="utf-8")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    _check_math(page, html)
    assert not (eq := page.evaluate(_EQUATIONS)), f"display equations clipped or colliding at 390 px: {eq}"
    n_widgets = html.count('class="lib-preview"')
    if n_widgets:
        _hydrate(page, n_widgets)
    page.wait_for_load_state("networkidle")
    assert not (light := page.evaluate(_LIGHT_BOXES)), f"light boxes in dark mode: {light}"
    page.evaluate("window.scrollTo(0, 0)")
    watch.stop()
    assert not (bad := axe_violations(page)), "axe-core (WCAG 2.1 A/AA), dark theme, 390 px:\n" + "\n".join(bad)
    page.close()
    assert not watch.failed and not watch.errors and not watch.external, (watch.failed, watch.errors, watch.external)


def _check_math(page, html: str) -> None:
    if 'class="math' not in html:
        return
    # Math is MathML from the build (sphinxext/mathml.py): present at once, no script to wait for.
    assert page.evaluate(
        "Array.from(document.querySelectorAll('.math')).every(e => e.querySelector('math'))"
    ), "a formula that is not MathML"
    assert page.evaluate("!('MathJax' in window)"), "MathJax loaded: the math should need no script"
    assert page.evaluate("document.querySelector('article .math math').getBoundingClientRect().width > 0"), \
        "MathML laid out with no width (the browser does not render it)"
    text = page.evaluate("document.querySelector('article') ? document.querySelector('article').innerText : document.body.innerText")
    assert "$$" not in text and "\\begin{" not in text, "raw LaTeX left on the page"


def _control_positions(widget_el, fw) -> list[int]:
    """Read each control's current index from the DOM."""
    idx = []
    controls = widget_el.locator(".lib-control")
    for ci, ctrl in enumerate(fw.controls):
        el = controls.nth(ci)
        if ctrl.kind == "slider":
            label = el.locator(".widget-readout").inner_text().strip()
        else:
            label = el.locator("button.mod-active").inner_text().strip()
        idx.append(ctrl.labels.index(label))
    return idx


def _flat_index(fw, positions: list[int]) -> int:
    flat = 0
    for ctrl, i in zip(fw.controls, positions):
        flat = flat * len(ctrl.values) + i
    return flat


def _visible(widget_el, selector: str):
    return widget_el.locator(f"{selector} >> visible=true").first


def _assert_shows(widget_el, fw) -> str:
    """The visible readout must be the frame's own; returns the visible image's src."""
    positions = _control_positions(widget_el, fw)
    record = fw.records[_flat_index(fw, positions)]
    shown = _visible(widget_el, ".lib-readouts .lib-readout").inner_text()
    assert text_of(shown) == text_of(record["readout"]), f"{fw.title} at {positions}"
    img = _visible(widget_el, ".lib-frames img")
    assert img.get_attribute("alt") == record["alt"], f"{fw.title} at {positions}: the frame's alt text is not its own"
    _assert_accessible(widget_el, fw, positions)
    return img.get_attribute("src")


def _assert_accessible(widget_el, fw, positions) -> None:
    """Each control is named by its visible label and exposes the value shown; the readout is live."""
    for ctrl, pos in zip(fw.controls, positions):
        if ctrl.kind == "slider":
            handle = widget_el.get_by_role("slider", name=ctrl.label, exact=True)
            assert handle.count() == 1, f"{fw.title}: no slider named {ctrl.label!r}"
            assert handle.get_attribute("aria-valuetext") == ctrl.labels[pos], f"{fw.title}: slider announces the wrong value"
            assert handle.get_attribute("tabindex") == "0"
        else:
            group = widget_el.get_by_role("group", name=ctrl.label, exact=True)
            assert group.count() == 1, f"{fw.title}: no button group named {ctrl.label!r}"
            pressed = [b.get_attribute("aria-pressed") for b in group.locator("button").all()]
            assert pressed == ["true" if i == pos else "false" for i in range(len(ctrl.values))], f"{fw.title}: aria-pressed {pressed}"
    live = widget_el.locator(".lib-readouts")
    assert live.get_attribute("aria-live") == "polite" and live.get_attribute("aria-atomic") == "true"


def _assert_focus_visible(page, el) -> None:
    outline = page.evaluate("(e) => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }", el.element_handle())
    assert outline[0] != "none" and outline[1] >= 2, f"no visible focus outline: {outline}"


_ARM_TIMER = """(el) => {
  window.__t = {};
  document.addEventListener('keydown', () => { window.__t.key = performance.now(); }, {capture: true, once: true});
  const obs = new MutationObserver(() => {
    obs.disconnect();
    requestAnimationFrame(() => { window.__t.paint = performance.now(); });
  });
  obs.observe(el, {attributes: true, childList: true, subtree: true});
}"""


def _exercise_widget(page, widget_el) -> None:
    title = re.search(r"lib-widget-(\S+)", widget_el.get_attribute("class")).group(1)
    fw = rebuilt(title)
    src = _assert_shows(widget_el, fw)
    controls = widget_el.locator(".lib-control")
    for ci, ctrl in enumerate(fw.controls):
        el = controls.nth(ci)
        n = len(ctrl.values)
        if n < 2:
            continue
        start = _control_positions(widget_el, fw)[ci]
        if ctrl.kind == "slider":
            key = "ArrowRight" if start < n - 1 else "ArrowLeft"
            back = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
            moves = [key, back, back] if 0 < start < n - 1 else [key, key if n > 2 else back]
            handle = el.locator(".noUi-handle")
            for k in moves:
                page.evaluate(_ARM_TIMER, widget_el.locator(".lib-frames").first.element_handle())
                handle.focus()
                _assert_focus_visible(page, handle)
                page.keyboard.press(k)
                page.wait_for_function("window.__t.paint !== undefined && window.__t.key !== undefined", timeout=5000)
                SLIDER_TIMES.append(page.evaluate("window.__t.paint - window.__t.key"))
                new_src = _assert_shows(widget_el, fw)
                assert new_src != src, f"{title}: the figure did not change after {k}"
                src = new_src
        else:
            for target in [(start + 1) % n, (start + 2) % n]:
                button = el.locator("button").nth(target)
                button.focus()
                _assert_focus_visible(page, button)
                page.keyboard.press("Enter")
                el.locator("button.mod-active", has_text=re.compile(rf"^\s*{re.escape(ctrl.labels[target])}\s*$")).wait_for(timeout=5000)
                new_src = _assert_shows(widget_el, fw)
                assert new_src != src, f"{title}: the figure did not change after choosing {ctrl.labels[target]}"
                src = new_src


@pytest.mark.parametrize("rel", [p for p in PAGES if (SITE / "_sources" / p).with_suffix(".ipynb").exists()])
def test_chapter_has_binder_and_download_buttons(rel):
    """Binder (JupyterLab) from repository.url in _config.yml, and the .ipynb download."""
    import yaml

    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())
    repo = cfg["repository"]["url"].rstrip("/").split("github.com/")[1]
    branch = cfg["repository"]["branch"]
    html = (SITE / rel).read_text(encoding="utf-8")
    nb = Path(rel).with_suffix(".ipynb").as_posix()
    assert f'href="{cfg["launch_buttons"]["binderhub_url"]}/v2/gh/{repo}/{branch}?urlpath=lab/tree/{nb}"' in html
    assert f'../_sources/{nb}"' in html and (SITE / "_sources" / nb).exists()
