"""Drawing a widget's frames as PNGs, on every core the process may use.

This is the one place where :mod:`lib.widgets` trades simplicity for speed.
Drawing is most of the time a chapter takes to execute (about 35 ms a frame
here, against well under 1 ms for ``update``), and while a chapter executes
(in a book build, under nbval, in JupyterLab) the other cores are idle.

:func:`run` calls ``update`` for every frame in order, in this process, so the
numbers of every frame are computed exactly as before.  It draws the first
frame here too (which solves the figure's layout, then freezes it).  The
remaining frames are cut into contiguous chunks, one per usable core: this
process draws the first chunk, and each other chunk is drawn by a forked copy
of the process, which inherits the figure as it stands (layout frozen) and
sends its PNGs back through a pipe.  Forking is used because ``update`` is
usually a closure over the figure's artists, which cannot be pickled.

Every frame is a pure function of the figure and its ``update`` call (each
``update`` sets every artist it moves), so a frame drawn in a child is the
same bytes as the frame drawn in order (``tests/test_frame_drawing.py``).

A child first re-opens the files it inherited read-only, so that it reads the
font files on offsets of its own (:func:`_own_file_offsets`).  It then only
runs ``update``, Agg and Pillow, writes to its pipe and leaves with
:func:`os._exit`: it touches no thread, socket or stream it inherited
(a Jupyter kernel's output streams among them); warnings it raises are sent
back and re-issued here.  If a child fails in any way, this process draws its
chunk itself, so an error surfaces here with its ordinary traceback.

Forking is used only on Linux (where it is the default way to start a
process); elsewhere, or with ``LIB_FRAME_WORKERS=1``, frames are drawn one
after another.  ``LIB_FRAME_WORKERS=n`` sets the number of processes.
"""

from __future__ import annotations

import io
import os
import pickle
import stat
import sys
import warnings
from typing import Callable

#: A forked child pays for itself only with a few frames to draw (a fork costs a few ms).
MIN_FRAMES_PER_PROCESS = 4


def png(fig) -> bytes:
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


def processes(n_frames: int) -> int:
    """How many processes draw ``n_frames`` frames: the usable cores, fewer for few frames, 1 off Linux."""
    setting = os.environ.get("LIB_FRAME_WORKERS", "")
    if setting:
        if not setting.isdigit() or int(setting) < 1:
            raise ValueError(f"LIB_FRAME_WORKERS must be a positive integer, got {setting!r}")
        wanted = int(setting)
    else:
        wanted = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if not sys.platform.startswith("linux"):
        return 1
    return max(1, min(wanted, (n_frames - 1) // MIN_FRAMES_PER_PROCESS))


def run(fig, update: Callable[..., dict], frames: list[dict], draw: bool = True):
    """Call ``update(**values)`` for each ``values`` in ``frames``, in order, drawing each frame if ``draw``.

    Returns the list of what ``update`` returned and the list of PNGs (``None`` if not ``draw``).
    """
    if not draw:
        return [update(**values) for values in frames], None
    numbers, pngs = [update(**frames[0])], [png(fig)]
    if fig.get_layout_engine() is not None:
        # Later frames only move artists: freeze the layout solved on the first one.
        fig.set_layout_engine("none")
    rest = list(range(1, len(frames)))
    k = processes(len(frames))
    chunks = [rest[j * len(rest) // k:(j + 1) * len(rest) // k] for j in range(k)]
    children = [_fork(fig, update, [frames[i] for i in chunk]) for chunk in chunks[1:]]
    for i in chunks[0]:
        numbers.append(update(**frames[i]))
        pngs.append(png(fig))
    numbers += [update(**frames[i]) for chunk in chunks[1:] for i in chunk]
    for child, chunk in zip(children, chunks[1:]):
        pngs += _collect(*child) or [_draw(fig, update, frames[i]) for i in chunk]
    return numbers, pngs


def _draw(fig, update, values) -> bytes:
    update(**values)
    return png(fig)


def _fork(fig, update, frames: list[dict]) -> tuple[int, int]:
    """Start a child drawing ``frames``; return its pid and the read end of its pipe."""
    read, write = os.pipe()
    with warnings.catch_warnings():
        # Python >= 3.12 warns that forking a process with threads may deadlock the child;
        # the child here takes no lock a thread could hold (see the module docstring).
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    status = 1
    try:
        os.close(read)
        _own_file_offsets()
        with warnings.catch_warnings(record=True) as caught:  # the parent's filters still apply
            pngs = [_draw(fig, update, values) for values in frames]
        raised = [(str(w.message), w.category, w.filename, w.lineno) for w in caught]
        with os.fdopen(write, "wb") as pipe:
            pipe.write(pickle.dumps((pngs, raised)))
        status = 0
    finally:
        os._exit(status)  # never return into the parent's code (or the kernel's) from the child


def _own_file_offsets() -> None:
    """In a child: give every regular file it inherited read-only an offset of its own.

    A forked child shares each open file, offset included, with its parent.
    FreeType reads glyphs lazily from the font files matplotlib keeps open
    (seek, then read), so a parent and a child drawing text at once would
    read each other's positions.  Re-opening each such file onto the same
    descriptor number keeps every inherited object working, on a private offset.
    """
    import fcntl

    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode) or fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE != os.O_RDONLY:
                continue
            fresh = os.open(f"/proc/self/fd/{fd}", os.O_RDONLY)
            os.lseek(fresh, os.lseek(fd, 0, os.SEEK_CUR), os.SEEK_SET)
            os.dup2(fresh, fd, inheritable=os.get_inheritable(fd))
            os.close(fresh)
        except OSError:  # closed meanwhile (the descriptor of os.listdir itself): nothing to share
            continue


def _collect(pid: int, read: int) -> list[bytes] | None:
    """The PNGs a child sent, or ``None`` if it failed; re-issue the warnings it caught."""
    with os.fdopen(read, "rb") as pipe:
        blob = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not blob:
        return None
    pngs, raised = pickle.loads(blob)
    for message, category, filename, lineno in raised:
        warnings.warn_explicit(message, category, filename, lineno)
    return pngs
