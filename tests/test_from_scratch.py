"""Each chapter's from-scratch implementation agrees with lib on ordinary inputs.

A chapter shows its formula once as a few lines of plain numpy (the cell is
tagged ``from-scratch``, a tag readers never see), then uses ``lib``.  This test
runs those cells and compares every function they define with the ``lib``
function of the same name, on inputs where the plain formula is fine; the
chapters themselves show where it breaks (p = 0, huge logits) and why ``lib``
does not.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest

import lib

ROOT = Path(__file__).resolve().parents[1]

P = np.array([0.5, 0.25, 0.125, 0.125])
Q = np.array([0.25, 0.25, 0.25, 0.25])
Z = np.array([[2.0, 1.0, 0.1, -1.0], [0.0, 0.5, -0.5, 3.0]])
Y = np.array([0, 3])
PXY = np.array([[0.60, 0.10], [0.05, 0.25]])
#: Three-class predictions whose confidences lie inside bins (not on an edge), for the calibration chapter.
QC = np.array([[0.72, 0.18, 0.10], [0.05, 0.55, 0.40], [0.34, 0.33, 0.33], [0.15, 0.04, 0.81], [0.48, 0.47, 0.05]])
YC = np.array([0, 2, 0, 2, 1])

#: lib function name -> argument tuples on which the plain formula is exact enough.
ORDINARY = {
    "surprisal": [(0.25,), (0.75,), (np.array([0.5, 0.125]),)],
    "entropy": [(P,), (Q,), (np.array([0.75, 0.25]),)],
    "cross_entropy": [(P, Q), (Q, P), (np.array([0.5, 0.5]), np.array([0.25, 0.75]))],
    "kl_divergence": [(P, Q), (Q, P), (np.array([0.5, 0.5]), np.array([0.25, 0.75]))],
    "logsumexp": [(Z[0],), (Z[1],)],
    "softmax": [(Z[0],), (Z[1],)],
    "log_softmax": [(Z[0],), (Z[1],)],
    "cross_entropy_loss": [(Z, Y)],
    "binary_cross_entropy": [(np.array([0.9, 0.2]), np.array([1.0, 0.0]))],
    "joint_entropy": [(PXY,)],
    "conditional_entropy": [(PXY,)],
    "mutual_information": [(PXY,)],
    "pointwise_mutual_information": [(PXY,)],
    "perplexity": [(2.229,), (1.0,)],
    "brier_score": [(YC, QC), (Y, lib.softmax(Z))],
    "expected_calibration_error": [(YC, QC), (Y, lib.softmax(Z))],
}


def _scratch_cells():
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and "from-scratch" in cell.metadata.get("tags", []):
                yield pytest.param(cell.source, id=f"{path.stem}-cell{i}")


CELLS = list(_scratch_cells())


def test_every_chapter_of_part_one_and_two_has_a_from_scratch_cell():
    chapters = {c.id.split("-cell")[0] for c in CELLS}
    wanted = {"02_entropy", "03_cross_entropy", "04_kl_divergence", "05_softmax", "06_cross_entropy_loss"}
    assert wanted <= chapters, sorted(wanted - chapters)


@pytest.mark.parametrize("source", CELLS)
def test_from_scratch_functions_agree_with_lib(source):
    namespace = {"np": np}
    exec(compile(source, "<from-scratch cell>", "exec"), namespace)
    functions = {k: v for k, v in namespace.items() if callable(v) and k in ORDINARY}
    assert functions, "a from-scratch cell defines a function named like the lib function it mirrors"
    for name, fn in functions.items():
        for args in ORDINARY[name]:
            np.testing.assert_allclose(fn(*args), getattr(lib, name)(*args), rtol=1e-12, atol=1e-15, err_msg=name)
