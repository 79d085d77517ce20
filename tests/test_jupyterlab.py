"""Chapter 1 in a real JupyterLab: run all cells, move the slider, the figure follows.

Starts ``jupyter lab`` (from this environment) on a free loopback port with a
token, opens a scratch copy of the chapter, runs it through the Run menu, moves
the widget's slider with the keyboard and checks the visible figure and
readout change to the right frame.  The server is stopped by its PID.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser_support import CHROMIUM, REPORT, ROOT, free_port, launch, need_chromium, text_of

CHAPTER = ROOT / "book" / "01_surprisal.ipynb"


@pytest.fixture
def lab_python() -> str:
    """The Python whose JupyterLab and kernel are tested; another module may override this fixture."""
    return sys.executable


@pytest.fixture
def lab(tmp_path, lab_python):
    need_chromium()
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(CHAPTER, work / CHAPTER.name)
    settings = tmp_path / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    token, port = secrets.token_hex(16), free_port()
    bindir = str(Path(lab_python).parent)
    env = dict(
        os.environ,
        PATH=bindir + os.pathsep + os.environ.get("PATH", ""),
        JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
        JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
    )
    cmd = [
        str(lab_python), "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--ServerApp.token={token}", f"--ServerApp.root_dir={work}", "--ServerApp.open_browser=False",
    ]
    if hasattr(os, "getuid") and os.getuid() == 0:
        cmd.append("--allow-root")
    log = open(tmp_path / "lab.log", "wb")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1):
                break
        except Exception:
            if proc.poll() is not None:
                break
            time.sleep(0.25)
    else:
        pass
    if proc.poll() is not None:
        pytest.fail(f"jupyter lab did not start:\n{(tmp_path / 'lab.log').read_text()[-3000:]}")
    REPORT.append(f"JupyterLab server ready in {time.perf_counter() - t0:.1f} s")
    yield base, token, CHAPTER.name
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


def _menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def test_chapter_runs_and_slider_moves_figure_in_jupyterlab(lab):
    from playwright.sync_api import sync_playwright

    from lib.widgets import REGISTRY

    base, token, name = lab
    fw = REGISTRY["surprisal"]()
    t0 = time.perf_counter()
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{base}/lab/tree/{name}?token={token}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60000)
        # JupyterLab may ask which kernel to start: accept its preselected "Python 3 (ipykernel)".
        try:
            page.locator(".jp-Dialog .jp-mod-accept").click(timeout=5000)
        except Exception:
            pass
        page.wait_for_selector(".jp-NotebookPanel [data-status='idle']", timeout=60000)
        _menu(page, "Run", "Run All Cells")
        widget = page.locator(".jp-NotebookPanel .lib-widget-surprisal").first
        try:
            widget.wait_for(state="attached", timeout=90000)
        except Exception:
            page.screenshot(path=str(ROOT / "_build" / "jupyterlab-failure.png"))
            raise
        widget.scroll_into_view_if_needed()
        widget.locator(".lib-frames img >> visible=true").first.wait_for(timeout=30000)

        def shown():
            label = widget.locator(".widget-readout").inner_text().strip()
            rec = fw.records[fw.controls[0].labels.index(label)]
            text = widget.locator(".lib-readouts .lib-readout >> visible=true").first.inner_text()
            src = widget.locator(".lib-frames img >> visible=true").first.get_attribute("src")
            return rec, text, src

        rec0, text0, src0 = shown()
        assert text_of(text0) == text_of(rec0["readout"])
        widget.locator(".noUi-handle").focus()
        page.keyboard.press("ArrowRight")
        for _ in range(50):  # the frame switches in the browser (jslink); poll up to 5 s
            rec1, text1, src1 = shown()
            if src1 != src0:
                break
            page.wait_for_timeout(100)
        assert rec1["p"] > rec0["p"]
        assert text_of(text1) == text_of(rec1["readout"])
        assert src1 != src0, "the figure did not change when the slider moved"
        browser.close()
    REPORT.append(f"JupyterLab test (open, run all, move slider): {time.perf_counter() - t0:.1f} s")
