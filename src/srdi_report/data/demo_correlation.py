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
_PENDING_WEIGHT = 0.3  # the ordering key leans on pending applications ...
_GRANT_WEIGHT = 0.6  # ... and away from grants (c25: r with scale is lowest for grants)


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
    driver = (
        _rank(other)
        + _PENDING_WEIGHT
        * _rank(np.asarray(columns["invention_applications_pending"], dtype=float))
        - _GRANT_WEIGHT * _rank(np.asarray(columns["invention_grants"], dtype=float))
    )
    cap = np.asarray(columns["registered_capital"], dtype=float)
    columns["registered_capital"] = _tune(
        cap, _strata_cap(cap, national, champs), p, targets("c25_r_patents_cap"), rng, driver
    )
    emp = np.asarray(columns["insured_employees"], dtype=float)
    columns["insured_employees"] = _tune(
        emp, _strata_emp(emp, national, champs), p, targets("c25_r_patents_emp"), rng, driver
    )
