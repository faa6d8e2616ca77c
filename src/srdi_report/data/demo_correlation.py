"""c25: Pearson correlations of patents with capital and employees, set by reordering.

Values of registered capital (or insured employees) are exchanged only among firms of one
stratum that no published statistic tells apart: same level, same side of CNY 100 million (same
employee band), champions only among champions. Level medians, means, threshold shares and
band shares are therefore unchanged; only which firm holds which value moves, so the
correlation with patents can be set by a one-parameter search.
"""

from __future__ import annotations

import numpy as np

from srdi_report.data.demo_targets import Targets
from srdi_report.data.demo_util import BoolArray, FloatArray, IntArray

_ONE_YI = 10_000.0
_STEPS = 30
_PENDING_WEIGHT = 1.5  # the ordering key leans on pending applications ...
_GRANT_WEIGHT = 0.9  # ... and away from grants (c25: r with scale is lowest for grants)


def _rank(x: FloatArray) -> FloatArray:
    return np.argsort(np.argsort(x, kind="stable"), kind="stable") / max(x.size, 1)


def _pearson(x: FloatArray, y: FloatArray) -> float:
    ok = np.isfinite(x) & np.isfinite(y)
    return float(np.corrcoef(x[ok], y[ok])[0, 1])


def _strata_cap(cap: FloatArray, national: BoolArray, champs: IntArray) -> list[IntArray]:
    is_champ = np.zeros(cap.size, dtype=bool)
    is_champ[champs] = True
    out = []
    for flag in (True, False):
        for champ in (True, False):
            out.append(np.flatnonzero((national == flag) & (is_champ == champ) & (cap >= _ONE_YI)))
    return out


def _strata_emp(emp: FloatArray, national: BoolArray, champs: IntArray) -> list[IntArray]:
    is_champ = np.zeros(emp.size, dtype=bool)
    is_champ[champs] = True
    out = []
    for flag in (True, False):
        for champ in (True, False):
            for lo, hi in ((501, 1000), (1001, np.inf)):
                band = (emp >= lo) & (emp <= hi)
                out.append(np.flatnonzero((national == flag) & (is_champ == champ) & band))
    return out


def _reorder(
    values: FloatArray, strata: list[IntArray], key: FloatArray, noise: FloatArray, rho: float
) -> FloatArray:
    out = values.copy()
    for members in strata:
        if members.size < 2:
            continue
        mix = rho * key[members] + np.sqrt(max(1 - rho * rho, 0.0)) * noise[members]
        order = members[np.argsort(mix, kind="stable")]
        out[order] = np.sort(values[members])
    return out


def _tune(
    values: FloatArray,
    strata: list[IntArray],
    patents: FloatArray,
    target: float,
    rng: np.random.Generator,
    driver: FloatArray,
) -> FloatArray:
    ranks = np.argsort(np.argsort(driver, kind="stable"), kind="stable") / driver.size
    key = (ranks - ranks.mean()) / ranks.std()
    noise = rng.normal(0.0, 1.0, values.size)
    lo, hi = -1.0, 1.0
    best = values
    for _ in range(_STEPS):
        mid = (lo + hi) / 2
        trial = _reorder(values, strata, key, noise, mid)
        r = _pearson(patents, trial)
        best = trial
        if r < target:
            lo = mid
        else:
            hi = mid
    return best


def tune_scale(
    targets: Targets,
    columns: dict[str, np.ndarray],
    national: BoolArray,
    champs: IntArray,
    rng: np.random.Generator,
) -> None:
    """Set r(patents, capital) and r(patents, employees) to the c25 values (in place)."""
    p = np.asarray(columns["patents_total"], dtype=float)
    # Scale goes with utility models and designs more than with inventions (c25: patents
    # correlate with scale more than grants or pending applications do).
    other = np.asarray(columns["utility_models"], dtype=float) + np.asarray(
        columns["designs"], dtype=float
    )
    pending = _rank(np.asarray(columns["invention_applications_pending"], dtype=float))
    grants = _rank(np.asarray(columns["invention_grants"], dtype=float))
    # Capital leans towards pending applications, employees away from grants (c25 pattern).
    driver_cap = _rank(other) + _PENDING_WEIGHT * pending
    driver_emp = _rank(other) - _GRANT_WEIGHT * grants
    cap = np.asarray(columns["registered_capital"], dtype=float)
    columns["registered_capital"] = _tune(
        cap, _strata_cap(cap, national, champs), p, targets("c25_r_patents_cap"), rng, driver_cap
    )
    emp = np.asarray(columns["insured_employees"], dtype=float)
    columns["insured_employees"] = _tune(
        emp, _strata_emp(emp, national, champs), p, targets("c25_r_patents_emp"), rng, driver_emp
    )


_TAIL_QUANTILE = 0.98  # provincial firms above this patent quantile form the tuned tail
_GRANT_CAP = 0.75


def _sums(x: FloatArray, y: FloatArray) -> np.ndarray:
    return np.array([x.size, x.sum(), y.sum(), (x * x).sum(), (y * y).sum(), (x * y).sum()])


def _r_from(s: np.ndarray) -> float:
    n, sx, sy, sxx, syy, sxy = s
    cov = sxy - sx * sy / n
    return float(cov / np.sqrt((sxx - sx * sx / n) * (syy - sy * sy / n)))


def tune_ip_tail(
    targets: Targets,
    columns: dict[str, np.ndarray],
    national: BoolArray,
    frozen: BoolArray,
    rng: np.random.Generator,
) -> None:
    """Set r(patents, grants), r(patents, pending) and r(pending, grants) (c25) in the tail.

    Only provincial firms far above every published median take part (``frozen`` marks the
    others: champions, R&D disclosers, classes with published medians). Their grants and
    pending applications are redrawn as shares of their patents with a spread and a link
    found by search; decided, applications, utility models and designs follow, so every
    identity holds and no published statistic other than the three correlations moves.
    """
    p = np.asarray(columns["patents_total"], dtype=float)
    g0 = np.asarray(columns["invention_grants"], dtype=float)
    a0 = np.asarray(columns["invention_applications_pending"], dtype=float)
    prov = ~national & ~frozen
    cut = np.quantile(p[~national], _TAIL_QUANTILE)
    tail = np.flatnonzero(prov & (p >= cut))
    if tail.size < 20:
        return
    rest = np.setdiff1d(np.arange(p.size), tail)
    fixed = {
        "pg": _sums(p[rest], g0[rest]),
        "pa": _sums(p[rest], a0[rest]),
        "ag": _sums(a0[rest], g0[rest]),
    }
    pt = p[tail]
    g_ratio = float(np.median(g0[tail] / pt))
    a_ratio = float(np.median(a0[tail] / pt))
    eg = rng.normal(0.0, 1.0, tail.size)
    ea = rng.normal(0.0, 1.0, tail.size)
    want = np.array(
        [
            targets("c25_r_patents_grants"),
            targets("c25_r_patents_apps"),
            targets("c25_r_apps_grants"),
        ]
    )

    def draw(params: np.ndarray) -> tuple[FloatArray, FloatArray]:
        sg, sa, rho = params
        rho = float(np.clip(rho, -0.95, 0.95))
        g = np.minimum(
            np.floor(pt * g_ratio * np.exp(sg * eg - sg * sg / 2) + 0.5), _GRANT_CAP * pt
        )
        link = rho * eg + np.sqrt(1 - rho * rho) * ea
        a = np.floor(pt * a_ratio * np.exp(sa * link - sa * sa / 2) + 0.5)
        return g, a

    def loss(params: np.ndarray) -> float:
        g, a = draw(params)
        got = np.array(
            [
                _r_from(fixed["pg"] + _sums(pt, g)),
                _r_from(fixed["pa"] + _sums(pt, a)),
                _r_from(fixed["ag"] + _sums(a, g)),
            ]
        )
        return float(((got - want) ** 2).sum())

    best = np.array([0.3, 0.3, 0.0])
    best_loss = loss(best)
    step = np.array([0.2, 0.2, 0.4])
    for _ in range(12):
        improved = False
        for k in range(3):
            for sign in (1.0, -1.0):
                trial = best.copy()
                trial[k] = (
                    max(trial[k] + sign * step[k], 0.0) if k < 2 else trial[k] + sign * step[k]
                )
                value = loss(trial)
                if value < best_loss:
                    best, best_loss, improved = trial, value, True
        if not improved:
            step = step / 2
    g, a = draw(best)
    _apply_tail(columns, tail, g, a)


def _apply_tail(
    columns: dict[str, np.ndarray], tail: IntArray, g: FloatArray, a: FloatArray
) -> None:
    """Write new grants and pending counts for the tail and rebuild the dependent counts."""
    p = columns["patents_total"][tail]
    g_old = columns["invention_grants"][tail]
    rw_share = (columns["invention_decided"][tail] - g_old) / np.maximum(g_old, 1.0)
    rw = np.floor(g * rw_share + 0.5)
    decided = g + rw
    slack = (
        columns["invention_applications"][tail]
        - columns["invention_decided"][tail]
        - columns["invention_applications_pending"][tail]
    )
    a = np.minimum(a, np.maximum(p - decided - slack, 0.0))
    apps = np.minimum(decided + a + slack, p)
    others_old = columns["utility_models"][tail] + columns["designs"][tail]
    design_share = columns["designs"][tail] / np.maximum(others_old, 1.0)
    others = p - apps
    designs = np.floor(others * design_share)
    columns["invention_grants"][tail] = g
    columns["invention_decided"][tail] = decided
    columns["invention_applications_pending"][tail] = a
    columns["invention_applications"][tail] = apps
    columns["designs"][tail] = designs
    columns["utility_models"][tail] = others - designs
