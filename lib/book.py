"""Small helpers for the chapters themselves: set-up and gluing numbers into prose.

A value quoted in the prose is glued from the cell that computed it (myst-nb's
``{glue:text}`` role), already rounded to the digits the prose needs, so the
prose and the computation cannot disagree and the stored outputs stay
identical from one machine to the next (nbval compares them as text).
"""

from __future__ import annotations

import numpy as np

from .plots import use_book_style

__all__ = ["setup", "glue", "glue_figure"]


def glue(name: str, value, fmt: str = "{:.3f}"):
    """Glue ``fmt.format(value)`` under ``name`` for ``{glue:text}`name``` in the prose.

    The text is glued (not the float), so the page shows exactly the digits
    of ``fmt``, trailing zeros included, and the stored output is the same on
    every machine.  The glue output is invisible in JupyterLab, as in the
    book.  Returns the formatted text (``glue("h", 2.22897, "{:.3f}")`` glues
    and returns ``'2.229'``).
    """
    text = fmt.format(value)
    try:
        from myst_nb import glue as _glue
    except ImportError:  # pragma: no cover - myst-nb is in requirements.txt
        return text
    _glue(name, text, display=False)
    return text


def glue_figure(name: str, fig) -> None:
    """Glue a matplotlib figure for a ``{glue:figure}`` directive (caption and alt text live there).

    The figure is rendered to PNG here (``savefig``), so it does not depend on
    which matplotlib backend the kernel happens to have activated.
    """
    import io

    from IPython.display import Image
    from myst_nb import glue as _glue

    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    _glue(name, Image(data=buf.getvalue(), format="png"), display=False)


def setup(seed: int = 0) -> np.random.Generator:
    """The set-up every chapter runs first: book plot style, short printing, a seeded RNG.

    Arrays print with 4 significant decimals so that stored outputs do not
    depend on the last bit of a platform's ``log`` or ``exp``.
    """
    use_book_style()
    np.set_printoptions(precision=4, suppress=True, floatmode="maxprec")
    return np.random.default_rng(seed)
