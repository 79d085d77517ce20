"""Part ``accuracy``: lib and its peers against mpmath (50 digits) on the hard cases.

The reference of every case is computed with mpmath from the *exact binary
values* of the float64 inputs, so an implementation is judged on the floats it
was actually given.  Relative error = |got - exact| / max(|exact|, 2^-1022): an
exact value below the smallest normal float64 (e.g. a loss of 1e-724, whose
correctly rounded float64 is 0) is not held against anyone.
"""

from __future__ import annotations

import math
import sys
import warnings
from dataclasses import dataclass
from typing import Callable

import mpmath
import numpy as np

from common import ROOT, TORCH_HINT, log, md_table

sys.path.insert(0, str(ROOT / "tests"))
import exact  # noqa: E402  (the tests' mpmath references: one statement of each exact value)

LIB_TOL = 1e-14


@dataclass
class Case:
    name: str
    exact: mpmath.mpf
    impls: dict[str, Callable[[], float]]
    note: str = ""


def cases() -> list[Case]:
    import scipy.special as sps
    import scipy.stats as st
    import sklearn.metrics as skm

    import lib

    try:
        import torch
        import torch.nn.functional as F
    except ImportError:
        torch = F = None
        log(TORCH_HINT)

    out: list[Case] = []

    # 1. log loss with a true-class probability of 1e-300
    P = np.array([[1e-300, 1.0]])
    y = np.array([0])
    impls = {
        "lib.log_loss": lambda: lib.log_loss(y, P, labels=[0, 1]),
        "sklearn log_loss": lambda: skm.log_loss(y, P, labels=[0, 1]),
    }
    if torch:
        impls["torch F.nll_loss(log P)"] = lambda: F.nll_loss(torch.log(torch.from_numpy(P)), torch.from_numpy(y)).item()
    out.append(Case("log_loss, p(true) = 1e-300", -exact.ln(1e-300), impls, "sklearn clips at eps"))

    # 2./3. cross-entropy loss of logits far apart
    def ce_impls(z, k):
        zz = z[None, :]
        tgt = np.array([k])
        d = {
            "lib.cross_entropy_loss": lambda: float(lib.cross_entropy_loss(zz, tgt)),
            "scipy -log_softmax(z)[k]": lambda: float(-sps.log_softmax(z)[k]),
            "sklearn log_loss(softmax(z))": lambda: skm.log_loss(tgt, sps.softmax(zz, axis=1),
                                                                 labels=list(range(len(z)))),
        }
        if torch:
            d["torch F.cross_entropy"] = lambda: F.cross_entropy(torch.from_numpy(zz), torch.from_numpy(tgt)).item()
        return d

    z = np.array([1e4, 1e4 - 40, 0.0, -1e4])
    out.append(Case("cross_entropy_loss, z = [1e4, 1e4-40, 0, -1e4], target 0", -exact.log_softmax(z, 0), ce_impls(z, 0),
                    "the true loss is exp(-40) ≈ 4.25e-18"))
    z = np.linspace(-5000.0, 5000.0, 7)
    for k in range(7):
        out.append(Case(f"cross_entropy_loss, z = linspace(-5000, 5000, 7), target {k}", -exact.log_softmax(z, k),
                        ce_impls(z, k)))

    # 4. KL divergence of nearby distributions (KL ≈ 1e-12)
    def kl_impls(p, q):
        d = {
            "lib.kl_divergence": lambda: float(lib.kl_divergence(p, q, base=np.e)),
            "scipy.stats.entropy(p, q)": lambda: float(st.entropy(p, q)),
            "scipy rel_entr(p, q).sum()": lambda: float(sps.rel_entr(p, q).sum()),
            "lib.cross_entropy - lib.entropy": lambda: float(lib.cross_entropy(p, q, base=np.e)
                                                            - lib.entropy(p, base=np.e)),
        }
        if torch:
            d["torch F.kl_div(log q, p)"] = lambda: F.kl_div(torch.log(torch.from_numpy(q)), torch.from_numpy(p),
                                                             reduction="sum").item()
        return d

    d = math.sqrt(2e-12) / 2      # two coins: KL ≈ 2 d^2 = 1e-12
    p = np.array([0.5 + d, 0.5 - d])
    q = np.array([0.5, 0.5])
    out.append(Case("kl_divergence, two coins 0.5±7.07e-7 vs 0.5 (KL ≈ 1e-12)", exact.kl(p, q, base=math.e), kl_impls(p, q)))
    rng = np.random.default_rng(1)
    p = rng.random(1000)
    p /= p.sum()
    q = p * (1.0 + math.sqrt(2e-12) * rng.standard_normal(1000))
    q /= q.sum()
    out.append(Case("kl_divergence, 1000 outcomes, q = p·(1 + 1.4e-6·N(0,1)) (KL ≈ 1e-12)", exact.kl(p, q, base=math.e),
                    kl_impls(p, q)))

    # 5. binary cross-entropy at p = 1e-300
    def bce_impls(pv, yv):
        pa, ya = np.array([pv]), np.array([yv])
        d = {
            "lib.binary_cross_entropy": lambda: float(lib.binary_cross_entropy(pa, ya)),
            "scipy -(xlogy + xlog1py)": lambda: float(-(sps.xlogy(ya, pa) + sps.xlog1py(1 - ya, -pa))[0]),
            "sklearn log_loss": lambda: skm.log_loss(ya.astype(int), pa, labels=[0, 1]),
        }
        if torch:
            d["torch F.binary_cross_entropy"] = lambda: F.binary_cross_entropy(torch.from_numpy(pa),
                                                                               torch.from_numpy(ya)).item()
        return d

    out.append(Case("binary_cross_entropy, p = 1e-300, y = 1", -exact.ln(1e-300),
                    bce_impls(1e-300, 1.0), "torch clamps log at -100"))
    out.append(Case("binary_cross_entropy, p = 1e-300, y = 0", -exact.ln1p(-1e-300),
                    bce_impls(1e-300, 0.0), "needs log1p(-p)"))
    return out


def run() -> list[dict]:
    results = []
    for case in cases():
        for name, fn in case.impls.items():
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                try:
                    got = float(fn())
                    err = exact.rel_err(got, case.exact)
                except Exception as exc:  # a peer refusing the input is a result too
                    got, err = None, None
                    name = f"{name} (raised {type(exc).__name__}: {str(exc)[:60]})"
            results.append({"case": case.name, "exact": case.exact, "impl": name, "value": got, "err": err,
                            "note": case.note})
    return results


def _fmt_err(e):
    if e is None:
        return "-"
    if e == 0:
        return "0"
    if math.isinf(e):
        return "inf"
    return f"{e:.1e}"


def report(results: list[dict]) -> tuple[str, list[str]]:
    rows, misses = [], []
    last = None
    # The seven linspace targets are summarised as the worst target per implementation.
    grouped: dict[tuple, dict] = {}
    order: list[tuple] = []
    for r in results:
        case = r["case"]
        if "linspace" in case:
            key = ("cross_entropy_loss, z = linspace(-5000, 5000, 7), worst of the 7 targets", r["impl"])
        else:
            key = (case, r["impl"])
        if key not in grouped:
            grouped[key] = r | {"case": key[0], "targets": []}
            order.append(key)
        g = grouped[key]
        g["targets"].append(r)
        worst = max(g["targets"], key=lambda t: -1 if t["err"] is None else t["err"])
        g["err"], g["value"], g["exact"] = worst["err"], worst["value"], worst["exact"]
        g["worst_case"] = worst["case"] if len(g["targets"]) > 1 else ""
    for key in order:
        g = grouped[key]
        is_lib = g["impl"].startswith("lib.") and " - " not in g["impl"]
        flag = ""
        if is_lib:
            ok = g["err"] is not None and g["err"] <= LIB_TOL
            flag = "✓" if ok else f"✗ > {LIB_TOL:g}"
            if not ok:
                misses.append(f"{g['case']}: {g['impl']} relative error {_fmt_err(g['err'])}")
        exact_text = mpmath.nstr(g["exact"], 17)
        where = f" (target {g['worst_case'].rsplit(' ', 1)[-1]})" if g.get("worst_case") else ""
        value = "-" if g["value"] is None else f"{g['value']:.17g}"
        show_exact = g["case"] != last or g.get("worst_case")
        rows.append([g["case"] if g["case"] != last else "", exact_text if show_exact else "", g["impl"],
                     value + where, _fmt_err(g["err"]), flag])
        last = g["case"]
    text = md_table(["case", "exact (mpmath, 50 digits)", "implementation", "float64 result", "relative error",
                     "lib ≤ 1e-14"], rows)
    text += ("\n\nExact values from the exact binary values of the float64 inputs. Relative error = "
             "|got − exact| / max(|exact|, 2^-1022). `lib.cross_entropy - lib.entropy` shows why KL is computed "
             "directly. For the linspace logits the row shows the worst of the seven targets.")
    return text, misses
