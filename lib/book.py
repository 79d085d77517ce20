"""Small helpers for the chapters themselves: set-up, numbers in prose, figures.

The chapters are read in three places: the static site (built by Jupyter Book
with myst-nb), JupyterLab and Binder (with ``jupyterlab-myst``).  Both render
the same markdown cells, so the helpers here use only what both understand:

* **A number in the prose** is a variable made by :func:`prose` in a code cell
  and written ``{eval}`name``` in the markdown.  myst-nb evaluates it while it
  executes the notebook (``execute_notebooks: inline``); jupyterlab-myst
  evaluates it when the markdown cell is run.  The value is formatted once,
  to the digits the prose needs, so both show the same text and the stored
  outputs are the same on every machine (nbval compares them).
* **A figure** is shown by :func:`figure`: one ordinary ``image/png`` output,
  which JupyterLab displays, carrying the figure's name, caption and alt text
  in its metadata.  ``make notebooks`` copies them into the cell's ``mystnb``
  metadata, from which the site draws a numbered figure with caption and alt
  text, and writes the caption into a markdown cell right after the figure,
  tagged ``remove-cell`` (so JupyterLab shows it and the site does not show it
  twice).  The caption is written once, in the call.
"""

from __future__ import annotations

import base64
import io

import numpy as np

from .plots import use_book_style

__all__ = ["setup", "prose", "Prose", "figure", "FIGURE_KEY"]

#: The key under which :func:`figure` records name, caption and alt text in the
#: output's metadata; ``scripts/refresh_notebooks.py`` copies them into the
#: cell's ``mystnb`` metadata for the site.
FIGURE_KEY = "lib.book/figure"


class Prose(str):
    """Text for the prose: its ``repr`` is the text itself.

    ``{eval}`name``` shows an object's ``repr``; a plain ``str`` would show with
    quotes (``'0.811'``), a ``Prose`` shows ``0.811``.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


def prose(value, fmt: str = "{:.3f}") -> Prose:
    """``fmt.format(value)`` as :class:`Prose`, for ``{eval}`name``` in the markdown.

    >>> h_sun = prose(0.8112781244591328, "{:.3f}")
    >>> h_sun
    0.811
    >>> prose(12345.678, "{:,.0f}")
    12,346
    """
    return Prose(fmt.format(value))


def figure(fig, *, name: str, caption: str, alt: str) -> None:
    """Show a matplotlib figure with its caption, in JupyterLab and on the site.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure; it is rendered to PNG here (so the output does not depend
        on the kernel's matplotlib backend) and closed.
    name : str
        The figure's label (``fig-...``), for ``{numref}`` on the site.
    caption : str
        One or two sentences of markdown (``$...$`` math allowed).
    alt : str
        What the figure shows, for screen readers (the ``alt`` attribute).
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    record = {"name": name, "caption": caption, "alt": alt}
    display({"image/png": png}, raw=True, metadata={"image/png": {"alt": alt}, FIGURE_KEY: record})


def setup(seed: int = 0) -> np.random.Generator:
    """The set-up every chapter runs first: book plot style, short printing, a seeded RNG.

    Arrays print with 4 significant decimals so that stored outputs do not
    depend on the last bit of a platform's ``log`` or ``exp``.
    """
    use_book_style()
    np.set_printoptions(precision=4, suppress=True, floatmode="maxprec")
    return np.random.default_rng(seed)
