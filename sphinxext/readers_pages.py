"""Sphinx extension: make the book's HTML pages light, accessible and quick to show.

What it does to each HTML page (Jupyter Book 1 / myst-nb build, nothing in the notebooks changes):

* **Meta description** from the page's first paragraph of prose (search engines show it).
* **Widget state out of the page.** myst-nb inlines every widget's state (all the PNG frames) in a
  ``<script>`` in ``<head>`` and loads require.js and the 3.5 MB widget manager render-blocking on
  every widget page.  Here the state goes to ``_static/widgets/<page>.js`` and those three scripts are
  replaced by ``lib-widgets.js`` (deferred, a few KB), which loads them only when a widget comes near
  the viewport.
* **A preview in place of each widget**, built from the widget's own state: its controls' labels and
  values, the initial frame (an ``<img>`` with its alt text and size) and the readout.  The text,
  math and figure show before any widget script; the live widget then replaces the preview in the
  same box (see ``lib-widgets.js``).
* **Bibliography entries as list items** (``role="listitem"``, not the deprecated
  ``doc-biblioentry`` that breaks the list's ARIA structure).
* **Search buttons named as they read** ("Search Ctrl+K", WCAG 2.5.3 label in name).
* **A smaller theme stylesheet.** pydata-sphinx-theme.css (400 KB, all of Bootstrap) blocks every page's first
  paint; the rules that can match nothing on this site are dropped (``unused_css.py``).
* **Nothing render-blocking but CSS**: every script file of ``<head>`` is deferred, and Sphinx's
  ``documentation_options.js`` (12 lines an inline script needs at once) is written into the page.
* **No theme icon script.** pydata-sphinx-theme's ``fontawesome.js`` (1.4 MB, it turns ``<i>`` tags
  into SVG) is dropped; the few icons the pages use become CSS masks in ``_static/lib-icons.css``,
  with their SVG paths taken from that same file at build time; the icons the theme's CSS still draws
  with the solid icon font get a subset of that font (the glyphs it names, a few KB instead of 150).
"""

from __future__ import annotations

import html as html_lib
import json
import os
import re
from pathlib import Path

from docutils import nodes

import unused_css

STATE_TYPE = "application/vnd.jupyter.widget-state+json"
VIEW_RE = re.compile(r'<script type="application/vnd\.jupyter\.widget-view\+json">(.*?)</script>', re.S)
DESCRIPTION_CHARS = 155


def _description(doctree) -> str | None:
    """The first paragraph of prose (not in an admonition, exercise or table), cut to ~155 characters."""
    if doctree is None:
        return None
    for para in doctree.findall(nodes.paragraph):
        parent, skip = para.parent, False
        while parent is not None:
            if isinstance(parent, (nodes.Admonition, nodes.table, nodes.footnote, nodes.citation)) or (
                isinstance(parent, nodes.Element) and "cell_output" in parent.get("classes", [])
            ):
                skip = True
                break
            parent = parent.parent
        text = re.sub(r"\s+", " ", para.astext()).strip()
        if skip or len(text) < 40:
            continue
        if len(text) > DESCRIPTION_CHARS:
            text = text[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        return text
    return None


def _ref(value: str) -> str:
    return value[len("IPY_MODEL_"):] if isinstance(value, str) and value.startswith("IPY_MODEL_") else value


def _selected_leaf(models: dict, model_id: str) -> dict:
    """Follow a stack's ``selected_index`` down nested stacks to the shown leaf's state."""
    state = models[model_id]["state"]
    while models[model_id]["model_name"] == "StackModel":
        model_id = _ref(state["children"][state["selected_index"] or 0])
        state = models[model_id]["state"]
    return state


def _preview(models: dict, model_id: str) -> str | None:
    """Static HTML of a lib frame widget's initial state (None for any other widget)."""
    root = models.get(model_id)
    if root is None or "lib-frame-widget" not in root["state"].get("_dom_classes", []):
        return None
    rows, frame, readout = [], "", ""
    for ref in root["state"]["children"]:
        child = models[_ref(ref)]
        classes = child["state"].get("_dom_classes", [])
        if "lib-control" in classes:
            s = child["state"]
            kind = "slider" if child["model_name"] == "SelectionSliderModel" else "buttons"
            labels = s["_options_labels"]
            label = f'<span class="lib-preview-label">{html_lib.escape(s["description"])}</span>'
            if kind == "slider":
                shown = f'<span class="lib-preview-value">{html_lib.escape(labels[s["index"]])}</span>'
            else:
                shown = '<span class="lib-preview-options">' + "".join(
                    f'<span class="lib-preview-option{" lib-selected" if i == s["index"] else ""}">{html_lib.escape(v)}</span>'
                    for i, v in enumerate(labels)
                ) + "</span>"
            rows.append(f'<div class="lib-preview-control lib-preview-{kind}">{label}{shown}</div>')
        elif "lib-frames" in classes:
            frame = _selected_leaf(models, _ref(ref))["value"]
        elif "lib-readouts" in classes:
            readout = _selected_leaf(models, _ref(ref))["value"]
    return (
        f'<div class="lib-preview" data-model-id="{model_id}">{"".join(rows)}'
        f'<div class="lib-preview-frame">{frame}</div><div class="lib-preview-readout">{readout}</div></div>'
    )


# docutils writes each bibliography entry as role="doc-biblioentry" inside a role="list": the role is
# deprecated (DPUB-ARIA 1.1), and axe-core then finds a list whose children are not list items.
BIBLIOENTRY_ROLE = 'role="doc-biblioentry"'


def _page_context(app, pagename, templatename, context, doctree):
    if app.builder.format != "html":
        return
    if BIBLIOENTRY_ROLE in context.get("body", ""):
        context["body"] = context["body"].replace(BIBLIOENTRY_ROLE, 'role="listitem"')
    text = _description(doctree)
    if text:
        context["metatags"] = context.get("metatags", "") + (
            f'\n<meta name="description" content="{html_lib.escape(text, quote=True)}" />'
        )
    scripts = context.get("script_files")
    if not scripts:
        return
    # Scripts in <head> block the first paint: defer every file script (they keep their order, and
    # all run before DOMContentLoaded, which is what they wait for) except documentation_options.js,
    # which an inline script of the template uses at once.
    for k, js in enumerate(scripts):
        attrs = js.attributes
        name = os.fspath(js.filename or "")
        if name and "body" not in attrs and not {"defer", "async"} & set(attrs) and not name.endswith("documentation_options.js"):
            scripts[k] = type(js)(js.filename, priority=js.priority, **{**attrs, "defer": "defer"})
    state_js = next((js for js in scripts if js.attributes.get("type") == STATE_TYPE), None)
    if state_js is None:
        return
    # Sphinx stores a local script's name under "_static/".
    wanted = {f"_static/{name}" for name in app.config.nb_ipywidgets_js} | set(app.config.nb_ipywidgets_js)
    scripts[:] = [
        js for js in scripts
        if js is not state_js and os.fspath(js.filename or "").split("?")[0] not in wanted
    ]
    body = state_js.attributes["body"]
    # sanitize_script_content escaped "</" for the inline <script>; a .js file needs no such escape
    models = json.loads(body)["state"]
    out = Path(app.outdir) / "_static" / "widgets" / f"{pagename.replace('/', '__')}.js"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"window.libWidgetState = {body};\n", encoding="utf-8")
    state_url = context["pathto"](f"_static/widgets/{out.name}", 1)
    app.add_js_file("lib-widgets.js", loading_method="defer", **{"data-state": state_url})

    def add_preview(m):
        model_id = json.loads(m.group(1))["model_id"]
        preview = _preview(models, model_id)
        return (preview or "") + m.group(0)

    context["body"] = VIEW_RE.sub(add_preview, context["body"])


# --- Icons: the few Font Awesome icons of the theme, as CSS masks (no 1.4 MB script) -------------

ICON_CLASS_RE = re.compile(r'<(?:i|span) class="([^"]*\bfa(?:s|b|r|-solid|-brands|-regular)\b[^"]*)"')
NOT_ICONS = {"fa-solid", "fa-brands", "fa-regular", "fa-lg", "fa-xs", "fa-sm", "fa-fw", "fa-2x", "fa-xl"}
BRANDS = {"fab", "fa-brands"}
# The search scripts the theme writes into every page, synchronous (searchindex.js is 40 KB).
SEARCH_SCRIPTS_RE = re.compile(r'<script src=("[^"]*(?:searchtools|language_data|searchindex)\.js[^"]*")></script>')
SEARCH_BUTTON_RE = re.compile(r'(<button class="[^"]*search-button__button[^"]*" title="Search" )aria-label="Search"')
FA_SCRIPT_RE = re.compile(r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\s*')
DOC_OPTIONS_RE = re.compile(r'<script src="[^"]*_static/documentation_options\.js[^"]*"></script>')
OUTPUT_IMG_RE = re.compile(r'<img (?![^>]*\bwidth=)([^>]*?\bsrc="((?:\.\./)*_images/[^"]+\.png)")')
FA_PRELOAD_RE = re.compile(r'<link rel="preload" as="script" href="[^"]*_static/scripts/fontawesome\.js[^"]*" />\s*')


def _fa_paths(js: str, icons: set[tuple[bool, str]]) -> dict[str, tuple[int, int, str]]:
    """``name -> (width, height, path)`` read from fontawesome.js's icon tables.

    The bundle holds the brands table first and the solid one last, so a brand icon is its name's
    first entry and a solid icon its last.
    """
    found = {}
    for brand, name in sorted(icons):
        key = re.escape(name[len("fa-"):])
        hits = list(re.finditer(r'(?:"%s"|\b%s):\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]+","([^"]+)"\]' % (key, key), js))
        if hits:
            m = hits[0] if brand else hits[-1]
            found[name] = (int(m.group(1)), int(m.group(2)), m.group(3))
    return found


def _subset_solid_font(outdir: Path) -> bool:
    """Write ``_static/lib-fa-solid.woff``: the theme's solid icon font cut to the glyphs its CSS uses.

    The theme's stylesheets still draw a few icons with that font (admonition titles, external
    links, breadcrumbs), by code point (``"\\f35d"`` or the character itself) in rules outside
    Font Awesome's own ``.fa-*`` classes.  The whole font is 150 KB;
    the subset a few KB.  fontTools comes with matplotlib; without it the full font stays.
    """
    ttf = outdir / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.ttf"
    if not ttf.exists():
        return False
    try:
        from fontTools import subset
    except ImportError:
        return False
    codepoints = set()
    for css in (outdir / "_static").rglob("*.css"):
        for rule in re.finditer(r"([^{}]*)\{([^{}]*)\}", css.read_text(encoding="utf-8")):
            selector, body = rule.group(1), rule.group(2)
            if selector.strip().startswith(".fa") or re.search(r"\.fa-[a-z0-9-]+:{1,2}before", selector):
                continue  # Font Awesome's own icon classes: the pages use CSS masks for those
            codepoints |= {int(m.group(1), 16) for m in re.finditer(r"\\(f[0-9a-f]{3})\b", body)}
            codepoints |= {ord(ch) for ch in body if 0xF000 <= ord(ch) <= 0xF8FF}
    if not codepoints:
        return False
    options = subset.Options()
    options.flavor = "woff"
    font = subset.load_font(str(ttf), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    subset.save_font(font, str(outdir / "_static" / "lib-fa-solid.woff"), options)
    return True


def _png_size(path: Path) -> tuple[int, int] | None:
    """Width and height of a PNG, from its IHDR chunk (bytes 16-24)."""
    try:
        with path.open("rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _sized_lazy_images(text: str, page: Path) -> str:
    """Figures of code cells get their size (no layout shift when they arrive) and load lazily.

    The browser then fetches a figure only as it nears the viewport, so the first screen's text and
    styles do not share the connection with a chapter's dozen figures further down.
    """
    def add(m):
        size = _png_size((page.parent / m.group(2)).resolve())
        if size is None:
            return m.group(0)
        return f'<img width="{size[0]}" height="{size[1]}" loading="lazy" decoding="async" {m.group(1)}'
    return OUTPUT_IMG_RE.sub(add, text)


def _write_icon_css(outdir: Path, texts) -> None:
    """``_static/lib-icons.css``: the icons the pages use as CSS masks (nothing if the theme has no icon script)."""
    fa_js = outdir / "_static" / "scripts" / "fontawesome.js"
    if not fa_js.exists():
        return
    used = set()
    for text in texts:
        for m in ICON_CLASS_RE.finditer(text):
            classes = set(m.group(1).split())
            used |= {(bool(classes & BRANDS), c) for c in classes if c.startswith("fa-") and c not in NOT_ICONS}
    paths = _fa_paths(fa_js.read_text(encoding="utf-8"), used)
    rules = [
        ".fa-solid,.fa-brands,.fa-regular,.fas,.fab,.far{display:inline-block;width:1em;height:1em;vertical-align:-.125em;"
        "background-color:currentColor;-webkit-mask:var(--lib-icon) center/contain no-repeat;"
        "mask:var(--lib-icon) center/contain no-repeat}",
        # No glyph, so the theme's Font Awesome webfonts (270 KB) are never fetched.
        ".fa-solid::before,.fa-brands::before,.fa-regular::before,.fas::before,.fab::before,.far::before"
        "{content:none!important}",
    ]
    for name, (w, h, d) in sorted(paths.items()):
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {w} {h}'><path d='{d}'/></svg>"
        uri = "data:image/svg+xml," + svg.replace("#", "%23").replace('"', "'")
        rules.append(f'.{name}{{--lib-icon:url("{uri}")}}')
    rules.append(".fa-lg{width:1.25em;height:1.25em;vertical-align:-.2em}")
    if _subset_solid_font(outdir):
        # Same family and descriptors as the theme's @font-face, declared later: this one is used.
        rules.append(
            '@font-face{font-family:"Font Awesome 6 Free";font-style:normal;font-weight:900;font-display:block;'
            'src:url(lib-fa-solid.woff) format("woff")}'
        )
    (outdir / "_static" / "lib-icons.css").write_text("\n".join(rules) + "\n", encoding="utf-8")


def _build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = {page: page.read_text(encoding="utf-8") for page in outdir.rglob("*.html")}
    _write_icon_css(outdir, pages.values())
    theme_css = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    if theme_css.exists():
        # Render-blocking: every page waits for it.  Only the rules some page can use (unused_css.py).
        theme_css.write_text(unused_css.purge(theme_css.read_text(encoding="utf-8"), unused_css.used_names(outdir)),
                             encoding="utf-8")
    options = (outdir / "_static" / "documentation_options.js").read_text(encoding="utf-8").strip()
    for page, text in pages.items():
        new = FA_PRELOAD_RE.sub("", FA_SCRIPT_RE.sub("", text))
        # Sphinx's 12 lines of options are the one script an inline script needs at once: written into
        # the page, they cost no render-blocking request.
        new = DOC_OPTIONS_RE.sub(lambda m: f"<script>{options}</script>", new)
        # The theme's search buttons show "Search Ctrl+K" but are named "Search": a screen-reader
        # user who hears the name cannot match it to what a sighted user reads (WCAG 2.5.3).
        new = SEARCH_BUTTON_RE.sub(r'\1aria-label="Search Ctrl+K"', new)
        # myst-nb names the "Show code cell source" toggle of a hidden cell "Toggle hidden content":
        # again a name that does not contain the visible label (WCAG 2.5.3). Without the aria-label
        # the name is the visible text itself.
        new = new.replace('<summary aria-label="Toggle hidden content">', "<summary>")
        new = SEARCH_SCRIPTS_RE.sub(r'<script defer src=\1></script>', new)
        new = _sized_lazy_images(new, page)
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app):
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("build-finished", _build_finished)
    app.add_css_file("lib-pages.css")
    app.add_css_file("lib-icons.css")
    app.add_js_file("lib-pages.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
