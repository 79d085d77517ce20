#!/usr/bin/env python3
"""Vendor the JavaScript the built book loads, so the static site makes no third-party requests.

The book's pages need two npm packages at run time (the math is MathML written at build time by
``sphinxext/mathml.py``: no script typesets it):

* ``requirejs``                       - AMD loader that ipywidgets' embed bundle expects;
* ``@jupyter-widgets/html-manager``   - renders the embedded widget state (the 1.0.x line matching
                                        ipywidgets 8.1.9 / jupyterlab_widgets 3.0.17 / controls 5.0.13).

Only the files the pages actually load are copied (plus licences) into ``vendor/static/``, which
``_config.yml`` lists in ``html_static_path``.  Every file is recorded with its sha256 in
``vendor/MANIFEST.json``.

Usage::

    python scripts/vendor_js.py            # (re)fetch from the npm registry via `npm pack`, rewrite MANIFEST
    python scripts/vendor_js.py --check    # verify vendor/ against MANIFEST.json; no network, no npm
    python scripts/vendor_js.py --local    # after editing a hand-written file: re-record its checksum

Only the standard library is used; fetching needs the ``npm`` client (Node is NOT needed to build the book).
To upgrade, edit ``PACKAGES`` below, run without flags, rebuild the book and run the browser suite on the
result (``pytest tests/test_site.py``: it fails on any request that leaves 127.0.0.1, console error or
widget that does not move).
"""

from __future__ import annotations

import argparse
import base64
import fnmatch
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "vendor"
STATIC = VENDOR / "static"  # this folder is what html_static_path points at
MANIFEST = VENDOR / "MANIFEST.json"

# package spec -> list of (glob inside the tarball's "package/" dir, destination under vendor/static/)
# A destination ending in "/" keeps the file name (for globs, the path below the glob's fixed prefix).
PACKAGES = [
    {
        "name": "requirejs",
        "version": "2.3.8",
        "licence": "MIT",
        "files": [("require.js", "requirejs/require.js")],
        # The npm tarball has no LICENSE file; the licence is in require.js's header (kept verbatim).
        "licence_text": "MIT-from-header",
        "licence_dest": "requirejs/LICENSE.txt",
    },
    {
        "name": "@jupyter-widgets/html-manager",
        "version": "1.0.15",
        "licence": "BSD-3-Clause",
        "files": [
            ("dist/embed-amd.js", "html-manager/dist/embed-amd.js"),
            # Font Awesome 5 webfonts, requested relative to the AMD module's URL (webpack publicPath).
            # Browsers that read woff2 never fetch the eot/ttf/svg variants; woff kept as a fallback.
            ("dist/*.woff2", "html-manager/dist/"),
            ("dist/*.woff", "html-manager/dist/"),
            # Licence notices of the libraries bundled into embed(-amd).js (jQuery, Lumino, ...).
            ("dist/embed.js.LICENSE.txt", "html-manager/THIRD-PARTY-NOTICES.txt"),
        ],
        # The npm tarball has no LICENSE file: take the ipywidgets monorepo's LICENSE, shipped in
        # the ipywidgets wheel (same repository, same licence).
        "licence_text": "ipywidgets-wheel",
        "licence_dest": "html-manager/LICENSE",
    },
    {
        # Only for the licence of the Font Awesome webfonts bundled in html-manager (version 5.15.4,
        # see the "Font Awesome Free 5.15.4" banner in embed-amd.js).
        "name": "@fortawesome/fontawesome-free",
        "version": "5.15.4",
        "licence": "(CC-BY-4.0 AND OFL-1.1 AND MIT)",
        "files": [],
        "licence_src": "LICENSE.txt",
        "licence_dest": "html-manager/FONTAWESOME-LICENSE.txt",
    },
]

# Hand-written files in vendor/static/ (not fetched; their checksums are recorded too).
LOCAL_FILES = ["require-config.js", "lib-widgets.js", "lib-pages.js", "lib-pages.css"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def npm_pack(spec: str, dest: Path) -> tuple[Path, dict]:
    """Download a package tarball with the npm client; return its path and npm's metadata."""
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(dest)],
        check=True, capture_output=True, text=True,
    ).stdout
    info = json.loads(out)[0]
    tgz = dest / info["filename"]
    # npm already checks the registry's integrity; double-check the sha512 here.
    algo, _, b64 = info["integrity"].partition("-")
    digest = base64.b64encode(hashlib.new(algo, tgz.read_bytes()).digest()).decode()
    if digest != b64:
        sys.exit(f"integrity mismatch for {spec}")
    return tgz, info


def extract(tf: tarfile.TarFile, pattern: str, dest: str) -> list[tuple[str, str]]:
    """Copy members matching package/<pattern> to STATIC/<dest>; return (source, dest) pairs."""
    members = [m for m in tf.getmembers() if m.isfile()]
    hits = [m for m in members if fnmatch.fnmatchcase(m.name, "package/" + pattern)]
    if not hits:
        sys.exit(f"nothing matches {pattern!r} in the tarball")
    pairs = []
    for m in sorted(hits, key=lambda m: m.name):
        src = m.name[len("package/"):]
        target = dest + Path(src).name if dest.endswith("/") else dest
        out = STATIC / target
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(tf.extractfile(m).read())
        pairs.append((src, target))
    return pairs


def licence_from_header(js: Path) -> str:
    head = js.read_text(encoding="utf-8").split("*/", 1)[0] + "*/"
    return (
        "requirejs 2.3.8 (npm) ships no separate LICENSE file. Its licence header, verbatim from\n"
        "require.js:\n\n" + head + "\n\n"
        "The MIT License text it refers to (https://github.com/requirejs/requirejs/blob/master/LICENSE):\n\n"
        "Copyright jQuery Foundation and other contributors, https://jquery.org/\n\n"
        "Permission is hereby granted, free of charge, to any person obtaining a copy of this software\n"
        "and associated documentation files (the \"Software\"), to deal in the Software without\n"
        "restriction, including without limitation the rights to use, copy, modify, merge, publish,\n"
        "distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the\n"
        "Software is furnished to do so, subject to the following conditions:\n\n"
        "The above copyright notice and this permission notice shall be included in all copies or\n"
        "substantial portions of the Software.\n\n"
        "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING\n"
        "BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND\n"
        "NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,\n"
        "DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
        "OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.\n"
    )


def licence_from_ipywidgets() -> str:
    dist = metadata.distribution("ipywidgets")
    for f in dist.files or []:
        if f.name == "LICENSE":
            text = f.read_text()
            return (
                "@jupyter-widgets/html-manager is developed in the jupyter-widgets/ipywidgets monorepo\n"
                "(https://github.com/jupyter-widgets/ipywidgets, packages/html-manager; licence\n"
                "BSD-3-Clause). Its npm tarball has no LICENSE file; this is the repository's LICENSE as\n"
                f"shipped in the ipywidgets {dist.version} wheel.\n\n" + text
            )
    sys.exit("LICENSE not found in the installed ipywidgets distribution")


def fetch() -> None:
    if STATIC.exists():
        # Keep the hand-written files, drop everything fetched earlier.
        keep = {name: (STATIC / name).read_bytes() for name in LOCAL_FILES if (STATIC / name).exists()}
        shutil.rmtree(STATIC)
        STATIC.mkdir(parents=True)
        for name, data in keep.items():
            (STATIC / name).write_bytes(data)
    STATIC.mkdir(parents=True, exist_ok=True)

    manifest = {"comment": "Generated by scripts/vendor_js.py; verify with --check.",
                "packages": [], "files": []}
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in PACKAGES:
            spec = f"{pkg['name']}@{pkg['version']}"
            print(f"fetching {spec}", file=sys.stderr)
            tgz, info = npm_pack(spec, Path(tmp))
            if info["version"] != pkg["version"]:
                sys.exit(f"npm returned {info['version']} for {spec}")
            manifest["packages"].append({
                "package": pkg["name"], "version": pkg["version"], "licence": pkg["licence"],
                "tarball_integrity": info["integrity"],
            })
            pairs = []
            with tarfile.open(tgz) as tf:
                for pattern, dest in pkg["files"]:
                    pairs += extract(tf, pattern, dest)
                if "licence_src" in pkg:
                    pairs += extract(tf, pkg["licence_src"], pkg["licence_dest"])
            if pkg.get("licence_text") == "MIT-from-header":
                (STATIC / pkg["licence_dest"]).write_text(licence_from_header(STATIC / pairs[0][1]))
                pairs.append(("(header of require.js)", pkg["licence_dest"]))
            elif pkg.get("licence_text") == "ipywidgets-wheel":
                (STATIC / pkg["licence_dest"]).write_text(licence_from_ipywidgets())
                pairs.append(("(ipywidgets wheel LICENSE)", pkg["licence_dest"]))
            for src, dest in pairs:
                path = STATIC / dest
                manifest["files"].append({
                    "package": pkg["name"], "version": pkg["version"], "licence": pkg["licence"],
                    "source": src, "file": f"static/{dest}", "bytes": path.stat().st_size,
                    "sha256": sha256(path),
                })
    for name in LOCAL_FILES:
        path = STATIC / name
        if not path.exists():
            sys.exit(f"missing hand-written file {path}")
        manifest["files"].append({
            "package": "(local)", "version": "", "licence": "same as the book's code",
            "source": "hand-written", "file": f"static/{name}", "bytes": path.stat().st_size,
            "sha256": sha256(path),
        })
    MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n")
    total = sum(f["bytes"] for f in manifest["files"])
    print(f"wrote {len(manifest['files'])} files, {total / 1e6:.2f} MB, and {MANIFEST}", file=sys.stderr)


def update_local() -> int:
    """Re-record the hand-written files' checksums in MANIFEST.json (no network)."""
    manifest = json.loads(MANIFEST.read_text())
    manifest["files"] = [f for f in manifest["files"] if f["package"] != "(local)"]
    for name in LOCAL_FILES:
        path = STATIC / name
        manifest["files"].append({
            "package": "(local)", "version": "", "licence": "same as the book's code",
            "source": "hand-written", "file": f"static/{name}", "bytes": path.stat().st_size,
            "sha256": sha256(path),
        })
    MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n")
    return check()


def check() -> int:
    manifest = json.loads(MANIFEST.read_text())
    problems = []
    listed = set()
    for entry in manifest["files"]:
        path = VENDOR / entry["file"]
        listed.add(path)
        if not path.is_file():
            problems.append(f"missing: {entry['file']}")
        elif sha256(path) != entry["sha256"]:
            problems.append(f"checksum mismatch: {entry['file']}")
    for path in sorted(STATIC.rglob("*")):
        if path.is_file() and path not in listed:
            problems.append(f"not in MANIFEST.json: {path.relative_to(VENDOR)}")
    for p in problems:
        print(p, file=sys.stderr)
    if not problems:
        n = len(manifest["files"])
        print(f"vendor/: {n} files match MANIFEST.json", file=sys.stderr)
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="verify vendor/ against MANIFEST.json without network")
    parser.add_argument("--local", action="store_true",
                        help="only re-record the hand-written files' checksums (no network)")
    args = parser.parse_args()
    if args.check:
        return check()
    if args.local:
        return update_local()
    fetch()
    return check()


if __name__ == "__main__":
    sys.exit(main())
