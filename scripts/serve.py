#!/usr/bin/env python
"""Serve the built book as a static host does: gzip for text, the right MIME types.  Standard library only.

    python scripts/serve.py                       # _build/html on http://127.0.0.1:8000 (what `make serve` runs)
    python scripts/serve.py --port 0 DIR          # any directory, on a free port

Text files (HTML, CSS, JavaScript, JSON, SVG, ...) are sent gzip-compressed (level 6, like nginx's default,
cached per file) with ``Content-Encoding: gzip`` and ``Vary: Accept-Encoding`` when the client accepts gzip
and gzip makes them smaller; images and fonts that are compressed already are sent as they are.  MIME types come from one table below, not
from the machine's ``/etc/mime.types``, so every machine serves the same headers.

The one server of the project: ``make serve``, the browser tests (``tests/browser_support.py``) and the
Lighthouse benchmark (``benchmarks/pages.py``) all use :func:`serve`, so what an author sees locally, what the
tests check and what the benchmark measures is what readers get.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Extension -> MIME type, for every kind of file a Jupyter Book site ships.
MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".ipynb": "application/x-ipynb+json",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".eot": "application/vnd.ms-fontobject",
    ".wasm": "application/wasm",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}

#: MIME types sent gzip-compressed (before any ``; charset``): text, and fonts stored uncompressed.
COMPRESSED_TYPES = {
    "text/html", "text/css", "text/javascript", "text/plain", "text/markdown", "application/json",
    "application/x-ipynb+json", "application/xml", "image/svg+xml", "font/ttf", "font/otf",
    "application/vnd.ms-fontobject",
}


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Files of ``directory`` with :data:`MIME_TYPES`, text gzip-compressed when the client accepts it."""

    extensions_map = {"": "application/octet-stream", **MIME_TYPES}
    _gzipped: dict = {}  # (path, mtime) -> compressed bytes, shared by all requests
    _lock = threading.Lock()

    def log_message(self, *args):  # quiet: the tests and the benchmark print their own lines
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        ctype = self.guess_type(str(path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts_gzip and ctype.split(";")[0] in COMPRESSED_TYPES):
            return super().send_head()  # directories (redirect to "dir/"), 404s, images, fonts
        stat = path.stat()
        key = (path, stat.st_mtime_ns)
        with self._lock:
            body = self._gzipped.get(key)
            if body is None:
                body = self._gzipped[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        if len(body) >= stat.st_size:  # a tiny file gzip would only grow
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.end_headers()
        return io.BytesIO(body)


def serve(directory: Path, *, host: str = "127.0.0.1", port: int = 0):
    """Serve ``directory`` in a background thread; returns ``(base_url, server)`` (stop with ``server.shutdown()``).

    ``port=0`` picks a free port.
    """
    handler = functools.partial(StaticHostHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://{host}:{server.server_address[1]}", server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    handler = functools.partial(StaticHostHandler, directory=args.directory)
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(f"Serving {args.directory} (gzip) on http://{args.bind}:{server.server_address[1]}/", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
