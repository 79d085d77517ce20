"""Printed output merged from several stream chunks reads as it was printed (sphinxext/merged_streams.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from nbformat.v4 import new_output

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sphinxext"))
import merged_streams  # noqa: E402


def _merged(*chunks):
    outputs = [new_output("stream", name=name, text=text) for name, text in chunks]
    return [(o["name"], o["text"]) for o in merged_streams.coalesce_streams(outputs)]


@pytest.mark.parametrize("chunks, shown", [
    # a flush between a line's text and its newline: myst-nb alone shows "H = 1.0\n\nD = 0.2\n"
    ((("stdout", "H = 1.0"), ("stdout", "\nD = 0.2\n")), "H = 1.0\nD = 0.2\n"),
    # a blank line printed on purpose at the end of a chunk: myst-nb alone drops it
    ((("stdout", "table\n\n"), ("stdout", "note\n")), "table\n\nnote\n"),
    ((("stdout", "one chunk\n"),), "one chunk\n"),
    ((("stdout", "50%\r100%\n"),), "100%\n"),  # carriage returns still applied by myst-nb
])
def test_chunks_are_joined_as_printed(chunks, shown):
    assert _merged(*chunks) == [("stdout", shown)]


def test_stdout_comes_before_stderr_and_other_outputs_stay():
    outputs = [new_output("stream", name="stderr", text="warn\n"), new_output("stream", name="stdout", text="a"),
               new_output("display_data", data={"text/plain": "fig"}), new_output("stream", name="stdout", text="\nb\n")]
    merged = merged_streams.coalesce_streams(outputs)
    assert [(o["output_type"], o.get("name")) for o in merged] == [
        ("stream", "stdout"), ("stream", "stderr"), ("display_data", None)]
    assert merged[0]["text"] == "a\nb\n"


def test_setup_gives_the_renderer_this_function():
    import myst_nb.core.render as render

    merged_streams.setup(None)
    assert render.coalesce_streams is merged_streams.coalesce_streams
