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

Frame cache
-----------
Drawing the frames is most of a chapter's execution time, and the frames are
a pure function of :mod:`lib`'s files, the builder's arguments and the
drawing stack.  So :func:`frame_widget` keeps each widget's PNG frames in a
cache directory under a content hash of exactly those inputs (see
:func:`frame_cache_key`): on a hit it still calls ``update`` for every frame
(records, readouts and alt text are always computed) but reads the PNG bytes
instead of drawing them, and the widget is byte-for-byte the one a miss
draws.  Any change to a file of :mod:`lib`, to an argument, to matplotlib,
Pillow or numpy, or to matplotlib's settings misses.  The directory is
``_build/.frame-cache`` of the source checkout :mod:`lib` is imported from
(an installed copy has no cache), or the ``LIB_FRAME_CACHE`` environment
variable (``off`` disables the cache).
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
import html as html_lib
import itertools
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import ipywidgets as W
import matplotlib as mpl
import numpy as np

from .. import plots
from . import _drawing

__all__ = ["Control", "FrameWidget", "frame_widget", "register", "REGISTRY", "frame_cache_dir", "frame_cache_key"]


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
        #: True when :func:`frame_widget` read the frames from the frame cache instead of drawing them.
        self.frames_cached = False

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


# --- Frame cache (see the module docstring) -------------------------------------------------------

#: The :mod:`lib` package directory: every file under it is part of every cache key.
LIB_DIR = Path(__file__).resolve().parents[1]
#: Bump when the cache file format or the meaning of a key changes.
CACHE_FORMAT = b"lib-frames 1\n"
#: matplotlib settings that do not reach the pixels (and differ between a kernel and a script).
_RC_IGNORED = frozenset({"backend", "backend_fallback", "interactive"})


def frame_cache_dir() -> Path | None:
    """Where :func:`frame_widget` keeps frames, or ``None`` (no cache).

    ``$LIB_FRAME_CACHE`` if set (``""``, ``0`` or ``off``: no cache); otherwise
    ``_build/.frame-cache`` of the source checkout that :mod:`lib` is imported
    from; ``None`` for an installed copy of :mod:`lib` (no checkout around it).
    """
    env = os.environ.get("LIB_FRAME_CACHE")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off") else Path(env)
    root = LIB_DIR.parent
    return root / "_build" / ".frame-cache" if (root / "_toc.yml").is_file() else None


@functools.lru_cache(maxsize=None)
def _environment_digest() -> str:
    """Hash of every file of :mod:`lib` (code, style sheet, data) and the drawing stack's versions."""
    import PIL
    from matplotlib import ft2font

    h = hashlib.sha256(CACHE_FORMAT)
    for name, version in [("python", sys.version_info[:2]), ("numpy", np.__version__),
                          ("matplotlib", mpl.__version__), ("freetype", ft2font.__freetype_version__),
                          ("pillow", PIL.__version__)]:
        h.update(f"{name}={version}\n".encode())
    for path in sorted(LIB_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(LIB_DIR).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _feed(h, obj) -> None:
    """Feed a canonical encoding of ``obj`` to the hash ``h``; TypeError if there is none."""
    if obj is None or isinstance(obj, (bool, int, float, complex, str)):
        h.update(f"{type(obj).__name__}:{obj!r};".encode())
    elif isinstance(obj, bytes):
        h.update(b"bytes:%d;" % len(obj) + obj)
    elif isinstance(obj, (np.ndarray, np.generic)):
        arr = np.asarray(obj)
        if arr.dtype.hasobject:
            raise TypeError("object array")
        h.update(f"ndarray:{arr.dtype.str}:{arr.shape};".encode() + np.ascontiguousarray(arr).tobytes())
    elif isinstance(obj, (tuple, list)):
        h.update(f"{type(obj).__qualname__}:{len(obj)}(".encode())
        for item in obj:
            _feed(h, item)
        h.update(b")")
    elif isinstance(obj, dict):
        h.update(f"dict:{len(obj)}(".encode())
        for key, value in obj.items():  # insertion order: it is the order of buttons and bars
            _feed(h, key)
            _feed(h, value)
        h.update(b")")
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        h.update(f"{type(obj).__module__}.{type(obj).__qualname__}(".encode())
        _feed(h, {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)})
        h.update(b")")
    else:
        raise TypeError(f"no canonical encoding for {type(obj).__name__}")


def _in_lib(code) -> bool:
    return Path(code.co_filename).resolve().is_relative_to(LIB_DIR)


def frame_cache_key(builder_frame, update: Callable, spec: dict) -> str | None:
    """The cache key of a widget's frames, or ``None`` if they cannot be cached.

    The key hashes (1) :func:`_environment_digest`: every file of :mod:`lib`
    and the versions of Python, numpy, matplotlib, FreeType and Pillow;
    (2) matplotlib's current settings (``rcParams``, which include any style
    in use); (3) the builder, by module and name, and the values of its
    arguments as they are when it calls :func:`frame_widget`; (4) ``spec``,
    :func:`frame_widget`'s own arguments (controls, texts, dpi).

    ``builder_frame`` is the Python frame of the function that called
    :func:`frame_widget`.  Frames are cached only when that function and
    ``update`` are code of :mod:`lib` (so their source is in the key) and
    every argument has a canonical encoding (numbers, strings, arrays, and
    tuples, lists, dicts and dataclasses of them); otherwise ``None``.
    """
    code = builder_frame.f_code
    update_code = getattr(update, "__code__", None)
    if update_code is None or not (_in_lib(code) and _in_lib(update_code)):
        return None
    n_args = code.co_argcount + code.co_kwonlyargcount
    n_args += bool(code.co_flags & 0x04) + bool(code.co_flags & 0x08)  # *args, **kwargs
    arguments = {name: builder_frame.f_locals[name] for name in code.co_varnames[:n_args]}
    rc = {k: repr(v) for k, v in sorted(mpl.rcParams.items()) if k not in _RC_IGNORED}
    h = hashlib.sha256(_environment_digest().encode())
    try:
        _feed(h, [rc, f"{builder_frame.f_globals.get('__name__')}.{code.co_qualname}", arguments, spec])
    except TypeError:
        return None
    return h.hexdigest()


def _cache_path(key: str) -> Path | None:
    """``<cache>/<lib digest>-<key>.frames``: the prefix tells which entries an edit of lib made stale."""
    directory = frame_cache_dir()
    return None if directory is None else directory / f"{_environment_digest()[:16]}-{key}.frames"


def _cache_read(key: str | None, n_frames: int) -> list[bytes] | None:
    """The ``n_frames`` PNGs stored under ``key``, or ``None`` (a miss, or an unreadable file)."""
    path = None if key is None else _cache_path(key)
    try:
        data = path.read_bytes() if path is not None else b""
    except OSError:
        return None
    if not data.startswith(CACHE_FORMAT):
        return None
    pngs, pos = [], len(CACHE_FORMAT)
    while pos + 4 <= len(data):
        size = int.from_bytes(data[pos:pos + 4], "big")
        pngs.append(data[pos + 4:pos + 4 + size])
        pos += 4 + size
    whole = [p.startswith(b"\x89PNG\r\n\x1a\n") and p.endswith(b"IEND\xaeB`\x82") for p in pngs]
    if pos != len(data) or len(pngs) != n_frames or not all(whole):
        return None
    return pngs


def _cache_write(key: str | None, pngs: list[bytes]) -> None:
    """Store ``pngs`` under ``key`` (atomically: write a temporary file, then rename it).

    Entries made with another version of :mod:`lib` (or of the drawing stack)
    are deleted, so the cache holds one version's frames.  A cache that cannot
    be written (read-only checkout, full disk) is skipped.
    """
    path = None if key is None else _cache_path(key)
    if path is None:
        return
    blob = CACHE_FORMAT + b"".join(len(p).to_bytes(4, "big") + p for p in pngs)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, path)
        prefix = path.name.split("-", 1)[0]
        for old in path.parent.glob("*.frames"):  # frames of another lib or stack can never hit again
            if not old.name.startswith(prefix + "-"):
                old.unlink(missing_ok=True)
    except OSError:
        return


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

    Notes
    -----
    When called from a builder in :mod:`lib`, the PNG frames are read from the
    frame cache if it holds them (``FrameWidget.frames_cached``) and stored
    there after drawing otherwise; see :func:`frame_cache_key`.  A miss draws
    the frames on every usable core (:mod:`lib.widgets._drawing`).
    """
    if not 1 <= len(controls) <= 3:
        raise ValueError("a frame widget takes one to three controls")
    control_widgets = [c.make() for c in controls]
    sizes = [len(c.values) for c in controls]
    spec = {"controls": [[c.name, c.values, c.label, c.fmt, c.initial, c.kind] for c in controls],
            "title": title, "readout": readout, "alt": alt, "dpi": dpi}
    key = frame_cache_key(sys._getframe(1), update, spec)
    cached = _cache_read(key, int(np.prod(sizes)))
    frames = [{c.name: c.values[i] for c, i in zip(controls, combo)}
              for combo in itertools.product(*[range(len(c.values)) for c in controls])]
    fig.set_dpi(dpi)
    with mpl.rc_context(fname=str(plots.STYLE)):
        numbers, drawn = _drawing.run(fig, update, frames, draw=cached is None)
    pngs = drawn if cached is None else cached
    records, images, readouts = [], [], []
    for values, numbers_, png in zip(frames, numbers, pngs):
        record = {**values, **numbers_}
        html = readout.format(**record)
        record["readout"] = html
        record["alt"] = f"{alt.rstrip()} Shown: {_plain(html)}"
        records.append(record)
        images.append(W.HTML(value=_frame_html(png, record["alt"])))
        readouts.append(W.HTML(value=f'<div class="lib-readout">{html}</div>'))
    if cached is None:
        _cache_write(key, pngs)
    links: list = []
    img_stack = _nest(images, sizes, control_widgets, links)
    txt_stack = _nest(readouts, sizes, control_widgets, links)
    img_stack.add_class("lib-frames")
    for w in control_widgets:
        w.add_class("lib-control")
    txt_stack.add_class("lib-readouts")
    widget = FrameWidget(
        title=title,
        alt=alt,
        controls=list(controls),
        control_widgets=control_widgets,
        image_stack=img_stack,
        readout_stack=txt_stack,
        records=records,
        links=links,
    )
    widget.frames_cached = cached is not None
    return widget


