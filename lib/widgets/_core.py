"""Interactive figures that work with or without a Python kernel.

How it works
------------
At execution time a widget draws its figure once per position of its
controls (one matplotlib figure, artists updated between frames) and keeps
every frame as an ``<img>`` (a data-URI PNG with real ``alt`` text: the widget's
description of the figure followed by the frame's own numbers) in an
:class:`ipywidgets.HTML`, since an :class:`ipywidgets.Image` cannot carry
``alt``.  The frames sit in an
:class:`ipywidgets.Stack`, and each control's ``index`` is tied to the stack's
``selected_index`` with :func:`ipywidgets.jslink`, which runs in the browser.
So moving a slider changes the figure on the static HTML site (no kernel, no
network), in JupyterLab and on Binder alike.  A second stack of small HTML
readouts, tied to the same controls, shows the numbers of the current frame as
text; those numbers come from :mod:`lib`.

Two controls become a stack of stacks: the first control selects an inner
stack, the second control selects the frame inside every inner stack.

Every builder returns a :class:`FrameWidget`, whose ``records`` list the
control values and numbers of each frame (used by the tests), and whose
``repr`` is short and deterministic (so notebooks stay stable under nbval).
"""

from __future__ import annotations

import base64
import functools
import html as html_lib
import io
import itertools
import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

import ipywidgets as W
import matplotlib as mpl
import numpy as np

from .. import plots

__all__ = ["Control", "FrameWidget", "frame_widget", "register", "REGISTRY"]


@dataclass
class Control:
    """One control of a :class:`FrameWidget`.

    Parameters
    ----------
    name : str
        Keyword under which the value is passed to the widget's ``update``.
    values : sequence
        The positions of the control (numbers for a slider, names for buttons).
    label : str
        Text shown next to the control.
    fmt : str
        Format of a value in the control's readout, e.g. ``"{:.2f}"``.
    initial : int
        Index of the starting position.
    kind : {"slider", "buttons"}
        A :class:`~ipywidgets.SelectionSlider` or :class:`~ipywidgets.ToggleButtons`.
    """

    name: str
    values: Sequence
    label: str
    fmt: str = "{}"
    initial: int = 0
    kind: str = "slider"
    labels: list = field(init=False)

    def __post_init__(self):
        if len(self.values) == 0:
            raise ValueError(f"control {self.name!r} needs at least one value")
        if not 0 <= self.initial < len(self.values):
            raise ValueError(f"initial index {self.initial} is out of range for control {self.name!r}")
        if self.kind not in ("slider", "buttons"):
            raise ValueError(f"kind must be 'slider' or 'buttons', got {self.kind!r}")
        self.labels = [self.fmt.format(v) for v in self.values]
        if len(set(self.labels)) != len(self.labels):
            raise ValueError(f"control {self.name!r}: two values format to the same label; refine fmt")

    def make(self) -> W.ValueWidget:
        options = list(zip(self.labels, range(len(self.values))))
        style = {"description_width": "initial"}
        if self.kind == "buttons":
            return W.ToggleButtons(options=options, value=self.initial, description=self.label, style=style)
        return W.SelectionSlider(
            options=options,
            value=self.initial,
            description=self.label,
            continuous_update=True,
            style=style,
            layout=W.Layout(width="min(100%, 520px)"),
        )


class FrameWidget(W.VBox):
    """A VBox of controls, a stack of precomputed figures and a stack of readouts."""

    def __init__(self, *, alt, controls, control_widgets, image_stack, readout_stack, records, links, title=None):
        # The text alternative is on each frame's <img> (see frame_widget), so it is hidden on
        # screen everywhere (static site, JupyterLab) without any CSS class, and read with the frame.
        super().__init__(
            children=[*control_widgets, image_stack, readout_stack],
            layout=W.Layout(align_items="flex-start"),
        )
        self.add_class("lib-frame-widget")
        self.title = None
        if title is not None:
            self._set_title(title)
        self.alt = alt
        self.controls = controls
        self.control_widgets = control_widgets
        self.image_stack = image_stack
        self.readout_stack = readout_stack
        self.records = records
        #: The browser-side links (``ipywidgets.jslink``) from controls to stacks.
        self.links = links

    def _set_title(self, title: str) -> None:
        """Name the widget: its ``repr`` and the CSS class ``lib-widget-<title>`` the browser tests find it by."""
        self.title = title
        self.add_class(f"lib-widget-{title}")

    def __repr__(self) -> str:
        names = ", ".join(f"{c.name} ({len(c.values)})" for c in self.controls)
        return f"<interactive figure '{self.title}': {len(self.records)} frames over {names}>"

    def frame_index(self, **values) -> int:
        """Index in ``records`` of the frame for the given control values."""
        for i, rec in enumerate(self.records):
            if all(rec[k] == v for k, v in values.items()):
                return i
        raise KeyError(values)


#: Every widget builder of the book, by title: ``title -> builder``.  The
#: browser tests rebuild a page's widgets from here (called with their default
#: arguments, as the chapters call them) to know what each frame must show.
REGISTRY: dict[str, Callable[[], "FrameWidget"]] = {}


def register(title: str):
    """Decorator: record a widget builder under ``title`` and give every widget it builds that title.

    The title is written here only: the builder's :func:`frame_widget` call
    leaves it out.
    """

    def deco(builder):
        if title in REGISTRY:
            raise ValueError(f"a widget titled {title!r} is already registered")

        @functools.wraps(builder)
        def build(*args, **kwargs) -> FrameWidget:
            widget = builder(*args, **kwargs)
            widget._set_title(title)
            return widget

        REGISTRY[title] = build
        return build

    return deco


def _png(fig) -> bytes:
    """Render ``fig`` (at its own dpi) as a small palette PNG.

    Draws once on an Agg canvas and reads its pixels directly (``savefig``
    would draw twice and encode a PNG only to decode it again); 64 colours
    make the file about a quarter of its RGBA size.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image  # Pillow is a dependency of matplotlib

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    width, height = canvas.get_width_height(physical=True)
    img = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    out = io.BytesIO()
    img.quantize(colors=64, method=Image.Quantize.FASTOCTREE).save(out, format="png", optimize=True)
    return out.getvalue()


def _plain(fragment: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def _frame_html(png: bytes, alt: str) -> str:
    """An ``<img>`` of ``png`` (a data URI) with ``alt``, its pixel size and a fluid width.

    The size attributes (read from the PNG header) let the page reserve the
    frame's box before it is decoded; the inline style travels with the widget.
    """
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    return (
        f'<img class="lib-frame" src="{src}" width="{width}" height="{height}" '
        f'alt="{html_lib.escape(alt, quote=True)}" style="max-width:100%;height:auto">'
    )


def _nest(flat: list, sizes: list[int], control_widgets, links: list) -> W.Stack:
    """Group ``flat`` (row-major over the controls) into nested Stacks linked to the controls.

    The first control selects among the outer stack's children, the next one
    inside each of them, and so on; every stack starts at its control's
    position.  Every ``jslink`` made is appended to ``links``.
    """
    if len(sizes) > 1:
        inner = int(np.prod(sizes[1:]))
        flat = [_nest(flat[k * inner:(k + 1) * inner], sizes[1:], control_widgets[1:], links) for k in range(sizes[0])]
    stack = W.Stack(children=flat, selected_index=control_widgets[0].index)
    links.append(W.jslink((control_widgets[0], "index"), (stack, "selected_index")))
    return stack


def frame_widget(
    fig,
    update: Callable[..., dict],
    controls: Sequence[Control],
    *,
    readout: str,
    alt: str,
    title: str | None = None,
    dpi: int = 80,
) -> FrameWidget:
    """Precompute ``fig`` for every combination of ``controls`` and wire it to them.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, drawn once; ``update`` changes its artists in place.
    update : callable
        ``update(**values) -> dict`` moves the artists to the given control
        values and returns the frame's numbers (computed with :mod:`lib`).
    controls : sequence of Control
        One or two (at most three) controls; frames are the product of their values.
    title : str, optional
        Short name, used in the ``repr`` and the CSS class ``lib-widget-<title>``.
        A builder decorated with :func:`register` leaves it out: ``register``
        gives the widget its title.
    readout : str
        A ``str.format`` template filled with the control values and the
        numbers ``update`` returned, shown as HTML under the figure.
    alt : str
        What the figure shows, in words.  Each frame's ``alt`` is this text
        followed by the frame's own readout as plain text (its numbers, from
        :mod:`lib`); it is kept in the frame's record under ``"alt"``.
    dpi : int
        Resolution of the frames (80 keeps a 20-frame widget near 200 KB).

    Returns
    -------
    FrameWidget
    """
    if not 1 <= len(controls) <= 3:
        raise ValueError("a frame widget takes one to three controls")
    control_widgets = [c.make() for c in controls]
    records, images, readouts = [], [], []
    fig.set_dpi(dpi)
    with mpl.rc_context(fname=str(plots.STYLE)):
        for combo in itertools.product(*[range(len(c.values)) for c in controls]):
            values = {c.name: c.values[i] for c, i in zip(controls, combo)}
            numbers = update(**values)
            record = {**values, **numbers}
            records.append(record)
            html = readout.format(**record)
            record["readout"] = html
            record["alt"] = f"{alt.rstrip()} Shown: {_plain(html)}"
            images.append(W.HTML(value=_frame_html(_png(fig), record["alt"])))
            if len(images) == 1 and fig.get_layout_engine() is not None:
                # The layout is solved on the first frame; later frames only move artists,
                # so freeze it (constrained layout would otherwise be re-solved per frame).
                fig.set_layout_engine("none")
            readouts.append(W.HTML(value=f'<div class="lib-readout">{html}</div>'))
    sizes = [len(c.values) for c in controls]
    links: list = []
    img_stack = _nest(images, sizes, control_widgets, links)
    txt_stack = _nest(readouts, sizes, control_widgets, links)
    img_stack.add_class("lib-frames")
    for w in control_widgets:
        w.add_class("lib-control")
    txt_stack.add_class("lib-readouts")
    return FrameWidget(
        title=title,
        alt=alt,
        controls=list(controls),
        control_widgets=control_widgets,
        image_stack=img_stack,
        readout_stack=txt_stack,
        records=records,
        links=links,
    )


