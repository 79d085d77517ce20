"""Printed cell output on the site is exactly the text the cell printed.

With ``nb_merge_streams: true`` myst-nb (1.4) merges the stream chunks a cell
printed into one block, but it strips the right end of every chunk and adds a
newline.  The kernel may flush between a line's text and its newline (it does
on a loaded machine), and then the next chunk starts with ``\\n`` and the page
shows a blank line the notebook does not have (seen in chapters 2, 3, 6 and 9);
a blank line printed on purpose at a chunk's end is lost.  nbval, whose code
myst-nb adapted, joins the chunks unchanged.

This extension gives myst-nb's renderer a ``coalesce_streams`` that first
joins each stream's chunks as printed, then hands the result to myst-nb's own
function, which still trims the end of the whole text, applies ``\\r`` and
``\\b`` and puts stdout before stderr.  Remove it once myst-nb joins chunks
without stripping them.
"""

from __future__ import annotations

import myst_nb.core.render as render
from myst_nb.core.utils import coalesce_streams as _myst_nb_coalesce


def coalesce_streams(outputs):
    """``outputs`` with each stream's chunks joined, as printed, into its first chunk; then myst-nb's merge."""
    first, kept = {}, []
    for output in outputs or []:
        if output["output_type"] != "stream":
            kept.append(output)
        elif output["name"] in first:
            first[output["name"]]["text"] += output["text"]
        else:
            first[output["name"]] = output
            kept.append(output)
    return _myst_nb_coalesce(kept)


def setup(app):
    render.coalesce_streams = coalesce_streams
    return {"parallel_read_safe": True, "parallel_write_safe": True}
