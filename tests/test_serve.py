"""`make serve` (scripts/serve.py) serves like a static host: gzip for text, the right MIME types."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from browser_support import ROOT

FILES = {
    "index.html": b"<!doctype html><title>t</title>" + b"<p>surprisal entropy cross-entropy</p>" * 200,
    "book/01_surprisal.html": b"<!doctype html><p>chapter 1</p>" * 100,
    "_static/app.js": b"const x = 1; console.log('widget');\n" * 200,
    "_static/style.css": b"body { color: #000; }\n" * 200,
    "_images/frame.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
    "_static/tiny.css": b"p{}\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """``make serve``'s command on a scratch site, on a free port (read from its first line), stopped by its PID."""
    root = tmp_path_factory.mktemp("site")
    for rel, data in FILES.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts" / "serve.py"), "--port", "0", str(root)],
                            stdout=subprocess.PIPE, text=True)
    try:
        base = re.search(r"http://[\d.]+:\d+", proc.stdout.readline()).group(0)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def get(url, gzip_ok=True):
    req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip, deflate, br"} if gzip_ok else {})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.headers, resp.read()


@pytest.mark.parametrize("rel, mime", [
    ("index.html", "text/html; charset=utf-8"),
    ("book/01_surprisal.html", "text/html; charset=utf-8"),
    ("_static/app.js", "text/javascript; charset=utf-8"),
    ("_static/style.css", "text/css; charset=utf-8"),
])
def test_text_is_gzipped_with_its_mime_type(site, rel, mime):
    headers, body = get(f"{site}/{rel}")
    assert headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"] == mime
    assert headers["Vary"] == "Accept-Encoding"
    assert int(headers["Content-Length"]) == len(body) < len(FILES[rel])
    assert gzip.decompress(body) == FILES[rel]


def test_a_directory_is_its_index_and_a_missing_file_is_404(site):
    headers, body = get(f"{site}/")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == FILES["index.html"]
    with pytest.raises(urllib.error.HTTPError, match="404"):
        get(f"{site}/missing.html")


def test_no_gzip_unless_asked_and_images_as_they_are(site):
    headers, body = get(f"{site}/_static/app.js", gzip_ok=False)
    assert headers["Content-Encoding"] is None and body == FILES["_static/app.js"]
    headers, body = get(f"{site}/_images/frame.png")
    assert headers["Content-Encoding"] is None and headers["Content-Type"] == "image/png"
    assert body == FILES["_images/frame.png"]
    headers, body = get(f"{site}/_static/tiny.css")  # gzip would make it larger
    assert headers["Content-Encoding"] is None and body == FILES["_static/tiny.css"]
