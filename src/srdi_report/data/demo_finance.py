"""R&D intensity, revenue growth and listing of the demo firms (c11, 12, 27, 28, 33, B11a).

The 2024 R&D sample is built by construction: band counts and national shares per band exact,
the 0-30 window with exact per-level percentiles and means, a tail above 30 that makes the
window matter, and class means of c33 set by swapping values between firms of one level
(which leaves every level statistic unchanged).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from srdi_report.data.demo_targets import Targets
from srdi_report.data.demo_util import (
    BoolArray,
    FloatArray,
    IntArray,
    setdiff,
    weighted_choose,
)

_WINDOW_HI = 30.0  # footnote 2 of the seed: the 0-30 percentile window
_BAND_MID = 15.0
_BAND_HIGH = 25.0
_LOW_FLOOR = 2.0
_TAIL_SCALE = 7.0
_TAIL_MAX = 75.0
_SAMPLE_NEAR = 1150  # the published "1059/1150" reading; used only as a search centre
_SHARE_TOL = 0.0004  # inside 0.05 pp for a 1-dp share
_CLASS_PREF = (
    ("651", 2.4),
    ("6560", 2.2),
    ("7320", 0.8),
    ("398", 0.6),
    ("397", 0.3),
    ("382", 0.0),
    ("346", -0.6),
    ("33", -1.6),
)
_CLASS_QUOTA = (
    ("651", 30),
    ("6560", 22),
    ("7320", 20),
    ("398", 24),
    ("397", 34),
    ("382", 22),
    ("346", 22),
    ("33", 40),
)
_NAT_QUOTA_SHARE = {"651": 0.75, "6560": 0.8}
_OTHER_YEAR_TAIL = 0.07  # share of an earlier year's sample above the window
_LISTED = {"national": 0.07, "provincial": 0.0105}
_NEEQ = {"national": 0.06, "provincial": 0.03}
_BOARDS = (
    ("chinext", 0.38),
    ("star", 0.30),
    ("main", 0.20),
    ("bse", 0.10),
    ("main;hkex", 0.01),
    ("hkex", 0.007),
    ("us", 0.003),
)


@dataclass(frozen=True)
class RdPlan:
    """Integer structure of the latest-year R&D sample."""

    size: int
    band: dict[str, int]  # firms per band
    band_nat: dict[str, int]  # national firms per band
    above_nat: int  # national firms above the window
    above_prov: int


def _fits(k: int, n: int, pct: float) -> bool:
    return abs(k / n - pct / 100) <= _SHARE_TOL


def solve_rd_plan(targets: Targets) -> RdPlan:
    """The sample size nearest the published one for which all c28 shares are exact."""
    shares = {b: targets(f"c28_share_{b}") for b in ("high", "mid", "low")}
    nat = {b: targets(f"c28_natshare_{b}") for b in ("high", "mid", "low")}
    window = int(targets("c11_rd_n_2024_window"))
    for size in sorted(
        range(_SAMPLE_NEAR - 150, _SAMPLE_NEAR + 150), key=lambda s: abs(s - _SAMPLE_NEAR)
    ):
        band = {b: round(shares[b] / 100 * size) for b in shares}
        if sum(band.values()) != size or not all(_fits(band[b], size, shares[b]) for b in band):
            continue
        band_nat = {b: round(nat[b] / 100 * band[b]) for b in band}
        if not all(_fits(band_nat[b], band[b], nat[b]) for b in band):
            continue
        above = max(size - window, 1)
        n_nat = sum(band_nat.values())
        # National P75 below 25: the national firms at >= 25 inside the window stay < 25%.
        for above_nat in range(0, min(above, band_nat["high"]) + 1):
            inside = n_nat - above_nat
            hi_in = band_nat["high"] - above_nat
            if hi_in < 0.235 * inside:
                above_prov = above - above_nat
                prov_inside = size - n_nat - above_prov
                prov_hi = band["high"] - band_nat["high"] - above_prov
                if 0 <= prov_hi < 0.235 * prov_inside:
                    return RdPlan(size, band, band_nat, above_nat, above_prov)
    raise ValueError("no R&D sample satisfies the c28 shares")


def _pieces(
    n: int, segs: list[tuple[int, int, float, float]], pins: dict[int, float], gamma: float
) -> FloatArray:
    """Sorted values: each segment [start, stop) rises from lo to hi; pinned positions fixed."""
    out = np.empty(n)
    for start, stop, lo, hi in segs:
        if stop <= start:
            continue
        cuts = [start, *sorted(p for p in pins if start <= p < stop), stop]
        bounds = [lo] + [pins[p] for p in sorted(p for p in pins if start <= p < stop)] + [hi]
        for i in range(len(cuts) - 1):
            a, b = cuts[i], cuts[i + 1]
            if i > 0:
                out[a] = bounds[i]
                a += 1
            m = b - a
            if m > 0:
                t = (np.arange(m) + 0.5) / m
                out[a:b] = bounds[i] + (bounds[i + 1] - bounds[i]) * t**gamma
    for p, v in pins.items():
        out[p] = v
    return out


def window_values(
    n: int, n_low: int, n_mid: int, pct: dict[float, float], mean: float
) -> FloatArray:
    """Sorted window values with exact linear percentiles and mean (within 0.01)."""
    pins: dict[int, float] = {}
    for q, v in pct.items():
        h = (n - 1) * q
        for p in (int(np.floor(h)) - 1, int(np.floor(h)), int(np.ceil(h)), int(np.ceil(h)) + 1):
            if 0 <= p < n:
                pins[p] = v
    segs = [
        (0, n_low, _LOW_FLOOR, _BAND_MID - 0.01),
        (n_low, n_low + n_mid, _BAND_MID, _BAND_HIGH - 0.01),
        (n_low + n_mid, n, _BAND_HIGH, _WINDOW_HI),
    ]
    lo, hi = 0.05, 20.0
    for _ in range(60):
        g = np.sqrt(lo * hi)
        if _pieces(n, segs, pins, g).mean() > mean:
            lo = g
        else:
            hi = g
    return np.round(_pieces(n, segs, pins, np.sqrt(lo * hi)), 2)


def rd_samples(
    targets: Targets,
    national: BoolArray,
    minor: np.ndarray,
    listed: BoolArray,
    z: FloatArray,
    rng: np.random.Generator,
    fin_year: int,
) -> dict[int, FloatArray]:
    """rd_ratio_<YYYY> for fin_year - 2 ... fin_year (NaN = not disclosed)."""
    n = national.size
    plan = solve_rd_plan(targets)
    classes = class_keys(minor)
    values: dict[int, FloatArray] = {}
    latest = np.full(n, np.nan)
    for level_flag, short in ((True, "nat"), (False, "prov")):
        members = np.flatnonzero(national == level_flag)
        k = sum(plan.band_nat.values()) if level_flag else plan.size - sum(plan.band_nat.values())
        above = plan.above_nat if level_flag else plan.above_prov
        band = {
            b: (plan.band_nat[b] if level_flag else plan.band[b] - plan.band_nat[b])
            for b in plan.band
        }
        sample = _pick_sample(members, k, classes, listed, z, rng, level_flag)
        pct = {q: targets(f"c12_rd_p{int(q * 100)}_{short}") for q in (0.5, 0.75, 0.9)}
        inside = window_values(
            k - above, band["low"], band["mid"], pct, targets(f"c11_rd_mean_{fin_year}_{short}")
        )
        tail = np.round(
            np.minimum(_WINDOW_HI + 0.5 + rng.exponential(_TAIL_SCALE, above), _TAIL_MAX), 2
        )
        pool = np.sort(np.concatenate([inside, tail]))
        pref = np.array([dict(_CLASS_PREF).get(c, 0.0) for c in classes[sample]]) + rng.normal(
            0, 1.0, k
        )
        firm_order = sample[np.argsort(pref, kind="stable")]
        latest[firm_order] = pool
    fix_class_means_all(targets, latest, national, minor)
    values[fin_year] = latest
    for year in (fin_year - 1, fin_year - 2):
        values[year] = _earlier_year(targets, year, national, latest, rng)
    return values


def class_keys(minor: np.ndarray) -> np.ndarray:
    """The c33 class key of every firm ("" outside them)."""
    uniq, inverse = np.unique(minor.astype(str), return_inverse=True)
    keys = np.array([_class_key(u) for u in uniq], dtype=object)
    return keys[inverse]


def _class_key(code: str) -> str:
    for key, _ in _CLASS_PREF:
        if code.startswith(key) and (len(key) != 2 or code[:2] == key):
            return key
    return ""


def _pick_sample(
    members: IntArray,
    k: int,
    classes: np.ndarray,
    listed: BoolArray,
    z: FloatArray,
    rng: np.random.Generator,
    national: bool,
) -> IntArray:
    chosen: list[IntArray] = []
    for key, quota in _CLASS_QUOTA:
        # Software disclosers above the window are mostly national (the tail above 30 is).
        share = _NAT_QUOTA_SHARE.get(key, 0.4)
        share = share if national else 1.0 - share
        pool = members[classes[members] == key]
        q = round(quota * share)
        chosen.append(weighted_choose(rng, pool, q, np.where(listed[pool], 8.0, 1.0)))
    taken = np.concatenate(chosen)
    rest = setdiff(members, taken)
    rest = rest[classes[rest] == ""]
    w = np.where(listed[rest], 30.0, 1.0) * np.exp(0.3 * z[rest])
    more = weighted_choose(rng, rest, k - taken.size, w)
    return np.sort(np.concatenate([taken, more]))


def fix_class_means_all(
    targets: Targets,
    values: FloatArray,
    national: BoolArray,
    minor: np.ndarray,
) -> None:
    """Class means of c33 (both levels pooled) by swaps within a level."""
    classes = class_keys(minor)
    has = np.isfinite(values)
    for key, _ in _CLASS_PREF:
        number_id = f"c33_rd_mean_{key}"
        if number_id not in targets.values:
            continue
        target = targets(number_id)
        for _ in range(30):
            cls = np.flatnonzero(has & (classes == key))
            if cls.size == 0:
                break
            delta = target * cls.size - float(values[cls].sum())
            if abs(delta) <= 0.02 * cls.size:
                break
            free = np.flatnonzero(has & (classes == ""))
            best = None
            for flag in (True, False):
                a = cls[national[cls] == flag]
                b = free[national[free] == flag]
                if a.size == 0 or b.size == 0:
                    continue
                b_sorted = b[np.argsort(values[b], kind="stable")]
                bv = values[b_sorted]
                want = values[a] + delta
                pos = np.clip(np.searchsorted(bv, want), 0, bv.size - 1)
                for cand in (pos, np.maximum(pos - 1, 0)):
                    gain = np.abs(delta - (bv[cand] - values[a]))
                    i = int(np.argmin(gain))
                    if best is None or gain[i] < best[0]:
                        best = (float(gain[i]), int(a[i]), int(b_sorted[cand[i]]))
            if best is None:
                break
            _, i, j = best
            values[i], values[j] = values[j], values[i]


def _earlier_year(
    targets: Targets, year: int, national: BoolArray, latest: FloatArray, rng: np.random.Generator
) -> FloatArray:
    out = np.full(national.size, np.nan)
    n_window = int(targets(f"c11_rd_n_{year}"))
    base = np.flatnonzero(np.isfinite(latest))
    n_tail = round(n_window * _OTHER_YEAR_TAIL)
    total = min(base.size, n_window + n_tail)
    firms = np.sort(rng.choice(base, size=total, replace=False))
    vals = latest[firms] + rng.normal(0.0, 1.8, total)
    tail = np.argsort(-vals, kind="stable")[:n_tail]
    is_tail = np.zeros(total, dtype=bool)
    is_tail[tail] = True
    vals[is_tail] = np.maximum(vals[is_tail], _WINDOW_HI + 0.5)
    vals[~is_tail] = np.clip(vals[~is_tail], _LOW_FLOOR, _WINDOW_HI - 0.5)
    for flag, short in ((True, "nat"), (False, "prov")):
        m = ~is_tail & (national[firms] == flag)
        target = targets(f"c11_rd_mean_{year}_{short}")
        for _ in range(20):
            vals[m] = np.clip(vals[m] + (target - vals[m].mean()), _LOW_FLOOR, _WINDOW_HI - 0.5)
    out[firms] = np.round(vals, 2)
    return out


def listing(
    levels: dict[str, IntArray], z: FloatArray, rng: np.random.Generator, n: int
) -> np.ndarray:
    """listing_board per firm (``none`` for most)."""
    out = np.full(n, "none", dtype=object)
    for level, members in levels.items():
        k = round(_LISTED[level] * members.size)
        listed = weighted_choose(rng, members, k, np.exp(0.9 * z[members]))
        names = [b for b, _ in _BOARDS]
        p = np.array([w for _, w in _BOARDS])
        out[listed] = rng.choice(names, size=listed.size, p=p / p.sum())
        rest = setdiff(members, listed)
        k2 = round(_NEEQ[level] * members.size)
        out[weighted_choose(rng, rest, k2, np.exp(0.5 * z[rest]))] = "neeq"
    return out


def is_exchange_listed(boards: np.ndarray) -> BoolArray:
    """True where the board string names an exchange."""
    return np.array([b not in ("none", "neeq") for b in boards], dtype=bool)


def revenue_growth(
    targets: Targets,
    national: BoolArray,
    listed: BoolArray,
    rng: np.random.Generator,
    years: list[int],
) -> dict[int, FloatArray]:
    """revenue_growth_<YYYY> for listed firms with the B11a medians exact."""
    from srdi_report.data.demo_util import pin_median

    out: dict[int, FloatArray] = {}
    for year in years:
        vals = np.full(national.size, np.nan)
        for flag, short in ((True, "nat"), (False, "prov")):
            members = np.flatnonzero(listed & (national == flag))
            med = targets(f"b11a_growth_{year}_{short}")
            vals[members] = np.round(med + 14.0 * rng.standard_t(4, members.size), 2)
            vals[members] = np.maximum(vals[members], -80.0)
            pin_median(vals, members, med)
        out[year] = vals
    return out
