"""Driving a real JupyterLab: start and stop a server, open a chapter, Run All, and check what a reader sees.

Used by tests/test_jupyterlab.py (every chapter) and tests/test_binder_env.py (chapter 1 in the rehearsed
Binder environment), through the ``lab`` fixture of tests/conftest.py.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from browser_support import REPORT, ROOT, free_port

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
CHAPTERS = [
    entry["file"].split("/", 1)[1] + ".ipynb"
    for part in TOC["parts"]
    for entry in part["chapters"]
    if (ROOT / f"{entry['file']}.ipynb").exists()
]
SHOTS = ROOT / "_build" / "jupyterlab"
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook on show, not a hidden tab
RAW_MARKUP = re.compile(r"\{(?:glue|eq|term|numref|eval|ref|doc)[:}]|^```|^:::|^:(?:label|class|alt|name):", re.M)
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    # Render every cell, not only those near the viewport, so the whole chapter can be checked.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def start_lab(tmp: Path, root_dir: Path, python: str = sys.executable):
    """Start ``python -m jupyterlab`` on a free loopback port; returns (process, base URL, token)."""
    for rel, value in SETTINGS.items():
        path = tmp / "settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    token, port = secrets.token_hex(16), free_port()
    env = dict(
        os.environ,
        PATH=str(Path(python).parent) + os.pathsep + os.environ.get("PATH", ""),
        JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
    )
    cmd = [
        python, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--ServerApp.token={token}", f"--ServerApp.root_dir={root_dir}", "--ServerApp.open_browser=False",
    ]
    if hasattr(os, "getuid") and os.getuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp / "lab.log", "wb")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1):
                return proc, base, token
        except Exception:
            if proc.poll() is not None:
                break
            time.sleep(0.25)
    stop_lab(proc)
    pytest.fail(f"jupyter lab did not start:\n{(tmp / 'lab.log').read_text()[-3000:]}")


def stop_lab(proc) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def open_and_run_all(page, base: str, token: str, name: str) -> None:
    """Open a notebook, Run All, and wait until every code cell has run."""
    # A workspace of its own, reset, so that no other chapter's tab is restored beside it.
    page.goto(f"{base}/lab/workspaces/{Path(name).stem}/tree/{name}?reset&token={token}")
    page.wait_for_selector(f"{PANEL} .jp-Cell", timeout=60000)
    try:  # JupyterLab may ask which kernel to start: accept its preselected "Python 3 (ipykernel)"
        page.locator(".jp-Dialog .jp-mod-accept").click(timeout=3000)
    except Exception:
        pass
    page.wait_for_selector(f"{PANEL} [data-status='idle']", timeout=60000)
    # Clear the stored outputs first, so that what is checked is what Run All made.
    _menu(page, "Edit", "Clear Outputs of All Cells")
    page.wait_for_function(
        "() => document.querySelectorAll('{PANEL} .jp-OutputArea-output').length === 0".replace("{PANEL}", PANEL),
        timeout=30000,
    )
    _menu(page, "Run", "Run All Cells")
    page.wait_for_function(
        """() => {
          const prompts = [...document.querySelectorAll('{PANEL} .jp-CodeCell .jp-InputPrompt')]
            .map(p => p.textContent.trim());
          return prompts.some(t => /^\\[\\d+\\]:?$/.test(t)) && !prompts.some(t => /^\\[[ *]\\]:?$/.test(t));
        }""".replace("{PANEL}", PANEL),
        timeout=240000,
    )
    page.wait_for_selector(f"{PANEL} [data-status='idle']", timeout=60000)


def check_reads_as_prose(page) -> None:
    errors = page.locator(f"{PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert errors.count() == 0, f"error output: {errors.first.inner_text()[:500]}"
    texts = page.locator(f"{PANEL} .jp-MarkdownCell .myst")  # jupyterlab-myst's rendered markdown
    assert texts.count() > 0
    for i in range(texts.count()):
        text = texts.nth(i).inner_text()
        raw = RAW_MARKUP.findall(text)
        assert not raw, f"raw markup {raw} in: {text[:300]!r}"
    # every figure loaded
    broken = page.evaluate(
        f"[...document.querySelectorAll('{PANEL} img')]"
        ".filter(i => i.offsetParent !== null && !(i.complete && i.naturalWidth > 0)).length"
    )
    assert broken == 0, f"{broken} figure(s) did not load"
    # visually hidden text must stay hidden: nothing marked for screen readers takes up space
    shown = page.evaluate(
        f"[...document.querySelectorAll('{PANEL} .visually-hidden, {PANEL} .lib-sr-only')]"
        ".filter(e => { const r = e.getBoundingClientRect(); return r.width > 1 && r.height > 1; }).length"
    )
    assert shown == 0, f"{shown} screen-reader-only text(s) visible"


def check_figures_have_captions(page, name: str) -> None:
    import nbformat

    from lib.book import FIGURE_KEY

    nb = nbformat.read(ROOT / "book" / name, as_version=4)
    captions = [
        o.metadata[FIGURE_KEY]["caption"] for c in nb.cells if c.cell_type == "code"
        for o in c.get("outputs", []) if FIGURE_KEY in o.get("metadata", {})
    ]
    text = page.locator(f"{PANEL} .jp-Notebook").inner_text()
    assert text.count("Figure.") >= len(captions), "a figure's caption is missing"


def check_solutions_collapsed(page) -> None:
    """A solution's body is hidden until its summary is clicked (jupyterlab-myst renders a <details>)."""
    sols = page.locator(f"{PANEL} .jp-MarkdownCell details")
    for i in range(sols.count()):
        assert sols.nth(i).get_attribute("open") is None, "a solution is open before the reader asks for it"
    if sols.count():
        first = sols.first
        first.locator("summary").first.click()
        page.wait_for_function("(d) => d.open", arg=first.element_handle(), timeout=5000)


def check_widgets_move(page) -> int:
    widgets = page.locator(f"{PANEL} [class*='lib-widget-']")
    for w in range(widgets.count()):
        widget = widgets.nth(w)
        widget.scroll_into_view_if_needed()
        img = widget.locator(".lib-frames img >> visible=true").first
        img.wait_for(timeout=30000)
        controls = widget.locator(".lib-control")
        for c in range(controls.count()):
            src = img.get_attribute("src")
            ctrl = controls.nth(c)
            if ctrl.locator(".noUi-handle").count():
                ctrl.locator(".noUi-handle").focus()
                page.keyboard.press("ArrowRight")
                if _same(page, widget, src):
                    page.keyboard.press("ArrowLeft")
                    page.keyboard.press("ArrowLeft")
            else:
                buttons = ctrl.locator("button")
                active = [i for i in range(buttons.count()) if "mod-active" in (buttons.nth(i).get_attribute("class") or "")]
                buttons.nth((active[0] + 1) % buttons.count() if active else 1).click()
            assert not _same(page, widget, src), f"widget {w}, control {c}: the figure did not change"
    return widgets.count()


def _same(page, widget, src: str) -> bool:
    for _ in range(50):  # jslink switches the frame in the browser; poll up to 5 s
        if widget.locator(".lib-frames img >> visible=true").first.get_attribute("src") != src:
            return False
        page.wait_for_timeout(100)
    return True


def check_chapter(lab, name: str) -> None:
    """Open ``book/<name>`` in the ``lab`` fixture's JupyterLab, Run All, and check what a reader sees."""
    base, token, browser = lab
    t0 = time.perf_counter()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        open_and_run_all(page, base, token, name)
        check_reads_as_prose(page)
        check_figures_have_captions(page, name)
        n_widgets = check_widgets_move(page)
        check_solutions_collapsed(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1280, "height": 4000})
        page.screenshot(path=str(SHOTS / f"{Path(name).stem}.png"))
    except Exception:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{Path(name).stem}-failure.png"), full_page=True)
        raise
    finally:
        page.close()
    REPORT.append(f"JupyterLab {name}: Run All + checks in {time.perf_counter() - t0:.1f} s ({n_widgets} widget(s))")
