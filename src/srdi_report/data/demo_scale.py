"""Scale of the demo firms: insured employees (bands, nulls, medians, means) and capital.

Values are assigned by rank of a size latent within each level, through a quantile function
that puts the published band shares, medians and threshold shares exactly; means are then set
by stretching the upper tail above a threshold, which leaves every count and median in place.
"""

from __future__ import annotations

import numpy as np

from srdi_report.data.demo_targets import Targets
from srdi_report.data.demo_util import (
    BoolArray,
    FloatArray,
    IntArray,
    affine_to_mean,
    count_for_share,
    fix_integer_sum,
    intersect,
    pin_median,
    setdiff,
)

EMP_BANDS = (
    ("0-50", 0, 50),
    ("51-100", 51, 100),
    ("101-200", 101, 200),
    ("201-500", 201, 500),
    ("501-1000", 501, 1000),
    ("gt1000", 1001, 1_000_000),
)
_EMP_IDS = ("0-50", "51-100", "101-200", "201-500", "501-1000", "gt1000")
_EMP_MIN = 3.0  # the smallest workforce in the demo
_EMP_TAIL_ALPHA = 2.4  # Pareto tail of the >1000 band
_EMP_MAX = 60_000.0
_CAP_MIN = {"national": 500.0, "provincial": 50.0}
_CAP_TAIL_ALPHA = 1.7
_CAP_MAX = 2_000_000.0
_ROUND_HEAP = 0.45  # share of firms whose capital sits on a round value
_ONE_YI = 10_000.0  # CNY 100 million in CNY 10k (the c04 threshold)


def _ranks(z: FloatArray) -> FloatArray:
    """Mid-ranks of ``z`` scaled to (0, 1)."""
    order = np.argsort(z, kind="stable")
    u = np.empty(z.size)
    u[order] = (np.arange(z.size) + 0.5) / z.size
    return u


def employees(
    targets: Targets,
    level: str,
    members: IntArray,
    z: FloatArray,
    rng: np.random.Generator,
    out: FloatArray,
) -> IntArray:
    """Fill ``out[members]`` (one level) with insured employees; returns the null members."""
    short = "nat" if level == "national" else "prov"
    n = members.size
    counts = [count_for_share(targets(f"c05_emp_{b}_{short}"), n) for b in _EMP_IDS]
    n_null = n - sum(counts)
    nulls = np.sort(rng.choice(members, size=n_null, replace=False))
    rest = setdiff(members, nulls)
    order = rest[np.argsort(z[rest], kind="stable")]
    start = 0
    for (_, lo, hi), count in zip(EMP_BANDS, counts, strict=True):
        idx = order[start : start + count]
        u = (np.arange(count) + rng.random(count)) / max(count, 1)
        if hi >= 1_000_000:
            vals = lo * (1.0 - u * 0.999) ** (-1.0 / _EMP_TAIL_ALPHA)
            vals = np.minimum(vals, _EMP_MAX)
        else:
            low = max(float(lo), _EMP_MIN)
            vals = np.exp(np.log(low) + u * (np.log(hi + 0.49) - np.log(low)))
        out[idx] = np.clip(np.floor(vals), lo if lo > 0 else _EMP_MIN, hi)
        start += count
    out[nulls] = np.nan
    pin_median(out, rest, targets(f"c26_emp_median_{short}"))
    return nulls


def set_employee_means(
    targets: Targets,
    emp: FloatArray,
    national: IntArray,
    champions: IntArray,
    rng: np.random.Generator,
) -> None:
    """Stretch upper-band workforces so the champion and national means are the published ones."""
    champ_ok = champions[np.isfinite(emp[champions])]
    want = targets("c40_emp_champ") * champ_ok.size
    big = champ_ok[emp[champ_ok] > 1000]
    affine_to_mean(emp, big, 1001.0, want - float(emp[setdiff(champ_ok, big)].sum()), _EMP_MAX)
    emp[big] = np.floor(emp[big])
    fix_integer_sum(emp, big, round(want - emp[setdiff(champ_ok, big)].sum()), rng)
    nat_ok = national[np.isfinite(emp[national])]
    want_nat = targets("c40_emp_lg") * nat_ok.size
    fixed = intersect(nat_ok, champ_ok)
    free = setdiff(nat_ok, fixed)
    # Bands 201-500, 501-1000 and >1000 are stretched within themselves.
    target_free = want_nat - float(emp[fixed].sum())
    bands = [(201.0, 500.0), (501.0, 1000.0), (1001.0, _EMP_MAX)]
    lo_f, hi_f = 0.2, 3.0
    base = emp.copy()
    for _ in range(60):
        f = (lo_f + hi_f) / 2
        trial = base[free].copy()
        for lo, hi in bands:
            m = (trial >= lo) & (trial <= hi)
            trial[m] = np.clip(lo + f * (trial[m] - lo), lo, hi)
        if trial.sum() < target_free:
            lo_f = f
        else:
            hi_f = f
    trial = base[free].copy()
    for lo, hi in bands:
        m = (trial >= lo) & (trial <= hi)
        trial[m] = np.clip(lo + lo_f * (trial[m] - lo), lo, hi)
    emp[free] = np.floor(trial)
    upper = free[emp[free] > 250]
    fix_integer_sum(
        emp,
        upper,
        round(target_free - emp[setdiff(free, upper)].sum()),
        rng,
        lower=np.full(emp.size, 251.0),
    )


def capital(
    targets: Targets,
    level: str,
    members: IntArray,
    z: FloatArray,
    rng: np.random.Generator,
    out: FloatArray,
) -> None:
    """Fill ``out[members]`` with registered capital (CNY 10k) for one level."""
    short = "nat" if level == "national" else "prov"
    n = members.size
    median = targets(f"c04_cap_median_{short}")
    n_big = count_for_share(targets(f"c04_cap_ge1yi_{short}"), n)
    q_hi = 1.0 - n_big / n
    u = _ranks(z[members])
    vmin = _CAP_MIN[level]
    low = u < 0.5
    mid = (u >= 0.5) & (u < q_hi)
    high = u >= q_hi
    vals = np.empty(n)
    t = u[low] / 0.5
    vals[low] = np.exp(np.log(vmin) + (np.log(median) - np.log(vmin)) * t**0.55)
    t = (u[mid] - 0.5) / (q_hi - 0.5)
    vals[mid] = np.exp(np.log(median) + (np.log(_ONE_YI - 1) - np.log(median)) * t)
    t = (u[high] - q_hi) / (1.0 - q_hi)
    vals[high] = np.minimum(_ONE_YI * (1.0 - t * 0.9995) ** (-1.0 / _CAP_TAIL_ALPHA), _CAP_MAX)
    # Heaping at round values, never across the CNY 100 million line.
    heap = rng.random(n) < _ROUND_HEAP
    grid = np.where(vals < 1000, 100.0, np.where(vals < _ONE_YI, 500.0, 5000.0))
    rounded = np.maximum(np.round(vals / grid) * grid, grid)
    cross = (vals < _ONE_YI) != (rounded < _ONE_YI)
    vals = np.where(heap & ~cross, rounded, np.round(vals))
    out[members] = vals
    pin_median(out, members, median)


def set_capital_means(
    targets: Targets,
    cap: FloatArray,
    levels: dict[str, IntArray],
    champions: IntArray,
) -> None:
    """Champion mean first, then each level's mean, by stretching values above CNY 100 million."""
    want = targets("c40_capital_champ") * champions.size
    big = champions[cap[champions] >= _ONE_YI]
    affine_to_mean(cap, big, _ONE_YI, want - float(cap[setdiff(champions, big)].sum()), _CAP_MAX)
    cap[big] = np.round(cap[big], 2)
    for level, members in levels.items():
        short = "nat" if level == "national" else "prov"
        want = targets(f"c04_cap_mean_{short}") * members.size
        free = setdiff(members, champions)
        big = free[cap[free] >= _ONE_YI]
        rest = float(cap[members].sum() - cap[big].sum())
        affine_to_mean(cap, big, _ONE_YI, want - rest, _CAP_MAX)
        cap[big] = np.round(cap[big], 2)


def mask_of(indices: IntArray, n: int) -> BoolArray:
    """Boolean mask of ``indices`` in ``range(n)``."""
    m = np.zeros(n, dtype=bool)
    m[indices] = True
    return m
