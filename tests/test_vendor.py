"""The third-party files the site serves are exactly the pinned, checksummed ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_vendored_files_match_their_manifest():
    out = subprocess.run([sys.executable, "scripts/vendor_js.py", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_vendored_package_has_a_licence():
    manifest = json.loads((ROOT / "vendor" / "MANIFEST.json").read_text())
    text = json.dumps(manifest)
    for name in ("requirejs", "@jupyter-widgets/html-manager"):
        assert name in text
    assert "LICENSE" in text or "licence" in text.lower()
