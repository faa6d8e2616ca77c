"""Industry allocation of the demo: firms and national firms per GB/T 4754-2017 minor class.

Targets (c20-c23): major shares and order, the numbers of middle and minor classes present,
the top-20 middle sum, the counts of two middles, national ratios of middles, minors and the
two report units, the national electronics-core total, and the c23 filter (exactly the
published units pass ``count >= 300 and ratio >= 15``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from srdi_report.data.demo_geo import _largest_remainder
from srdi_report.data.demo_targets import Targets
from srdi_report.data.reference_files import read_reference_csv

_SAFE_MARGIN = 0.8  # pp below the c23 ratio filter for big classes outside the table
_HALF1 = 0.045  # inside the 0.05 tolerance of a 1-dp share


@dataclass(frozen=True)
class IndustryPlan:
    """Firms and national firms per minor class (codes as strings)."""

    minors: pd.DataFrame  # code, middle, major, section, total, national


def _exact_ratio_size(ratio: float, lo: int, hi: int, rng: np.random.Generator) -> tuple[int, int]:
    start = int(rng.integers(lo, hi))
    for delta in sorted(range(-200, 200), key=abs):
        size = start + delta
        if size < lo:
            continue
        k = round(ratio / 100 * size)
        if abs(k / size * 100 - ratio) <= _HALF1:
            return size, k
    raise ValueError("no exact size")


def _exact_nat(ratio: float, size: int) -> int:
    k = round(ratio / 100 * size)
    if abs(k / size * 100 - ratio) > _HALF1:
        raise ValueError(f"ratio {ratio} not reachable with {size} firms")
    return k


def plan_industry(
    targets: Targets, rng: np.random.Generator, n_all: int, n_nat: int
) -> IndustryPlan:
    """Decide the firm and national counts of every minor class.

    Args:
        targets: Published values.
        rng: The generator's random stream.
        n_all: Population size.
        n_nat: National firms.

    Returns:
        The per-minor plan.
    """
    # The c23 selection rule (count and national ratio) is a row of numbers.csv.
    filter_count = int(targets("c23_filter_count"))
    safe_ratio = targets("c23_filter_ratio") - _SAFE_MARGIN
    gbt = read_reference_csv("gbt4754_2017")
    majors = gbt.loc[gbt["level"] == "major", ["code", "section"]].reset_index(drop=True)
    middles = gbt.loc[gbt["level"] == "middle", ["code", "parent", "section"]]
    minors = gbt.loc[gbt["level"] == "minor", ["code", "parent", "section"]].rename(
        columns={"parent": "middle"}
    )
    minors["major"] = minors["middle"].str[:2]
    minors = minors.reset_index(drop=True)

    minor_units: dict[str, float] = {}
    middle_units: dict[str, float] = {}
    group_units: dict[str, float] = {}
    for key in targets.ids("c23_natratio_"):
        scope = targets.scopes[key]
        if "gbt_minor=" in scope:
            minor_units[targets.scope_value(key, "gbt_minor")] = targets(key)
        elif "gbt_middle=" in scope:
            group_units["middle:" + targets.scope_value(key, "gbt_middle")] = targets(key)
        else:
            group_units[targets.scope_value(key, "report_industry_group")] = targets(key)
    for key in targets.ids("c22_natratio_"):
        middle_units[targets.scope_value(key, "gbt_middle")] = targets(key)
    middle_fixed_count = {
        targets.scope_value(k, "gbt_middle"): int(targets(k))
        for k in ("c22_count_397", "c22_count_749")
    }
    groups = read_reference_csv("report_industry_groups").set_index("group_id")
    group_members: dict[str, list[str]] = {}
    for unit in group_units:
        if unit.startswith("middle:"):
            code = unit.split(":", 1)[1]
            group_members[unit] = minors.loc[minors["middle"] == code, "code"].tolist()
        else:
            group_members[unit] = str(groups.loc[unit, "member_codes"]).split(";")

    total = pd.Series(0, index=minors["code"], dtype=np.int64)
    nat = pd.Series(0, index=minors["code"], dtype=np.int64)
    fixed = pd.Series(False, index=minors["code"])

    # Report units with a ratio (c23): sizes >= 300, exact ratios.
    for code, ratio in minor_units.items():
        size, k = _exact_ratio_size(ratio, 310, 480, rng)
        total[code], nat[code], fixed[code] = size, k, True
    for unit, ratio in group_units.items():
        members = group_members[unit]
        size, k = _exact_ratio_size(ratio, 360, 560, rng)
        parts = _largest_remainder(np.ones(len(members)), size)
        if parts.max() >= filter_count:
            raise ValueError(f"{unit}: a member would pass the filter on its own")
        total[members] = parts
        nat[members] = _largest_remainder(parts.astype(float), k, parts)
        fixed[members] = True

    elec = _electronics_minors(minors)
    # Middles with ratio targets. The electronics-core total ties 397, 398 and 3824 together.
    core_total = int(targets("c22_core_elec_nat_count"))
    mid_total: dict[str, int] = {}
    mid_nat: dict[str, int] = {}
    for code, ratio in middle_units.items():
        if code in middle_fixed_count:
            mid_total[code] = middle_fixed_count[code]
            mid_nat[code] = _exact_nat(ratio, mid_total[code])
    # Electronics-core nationals: whole electronics middles plus single electronics minors.
    by_mid = minors.groupby("middle")["code"].apply(list)
    full_mids = sorted(m for m in {c[:3] for c in elec} if set(by_mid[m]) <= set(elec))
    singles = [c for c in elec if c[:3] not in full_mids]
    if any(not fixed[c] for c in singles):
        raise ValueError("an electronics minor outside a whole middle has no ratio target")
    need = core_total - sum(int(nat[c]) for c in singles)
    need -= sum(mid_nat[m] for m in full_mids if m in mid_nat)
    open_mids = [m for m in full_mids if m not in mid_nat]
    if len(open_mids) != 1 or open_mids[0] not in middle_units:
        raise ValueError("the electronics-core total needs exactly one open middle with a ratio")
    m = open_mids[0]
    inside_fixed = int(total[[c for c in by_mid[m] if fixed[c]]].sum())
    size = round(need / (middle_units[m] / 100))
    for delta in sorted(range(-60, 60), key=abs):
        s = size + delta
        k = round(middle_units[m] / 100 * s)
        if k == need and abs(k / s * 100 - middle_units[m]) <= _HALF1 and s > inside_fixed + 50:
            mid_total[m], mid_nat[m] = s, k
            break
    else:
        raise ValueError(f"middle {m}: cannot meet the electronics-core total")
    for code, ratio in middle_units.items():
        if code not in mid_total:
            size, k = _exact_ratio_size(ratio, 1100, 1800, rng)
            mid_total[code], mid_nat[code] = size, k

    # Fill each ratio middle's non-fixed minors.
    for code in mid_total:
        codes = minors.loc[minors["middle"] == code, "code"].tolist()
        free = [c for c in codes if not fixed[c]]
        rest = mid_total[code] - int(total[codes].sum())
        rest_nat = mid_nat[code] - int(nat[codes].sum())
        w = np.exp(rng.normal(0.0, 0.3, len(free)))
        cap = None
        if rest_nat / max(rest, 1) * 100 >= safe_ratio:
            cap = np.full(len(free), filter_count - 10)
        sizes = _largest_remainder(w, rest, cap)
        total[free] = sizes
        ncap = sizes.copy()
        if cap is None:
            ncap = np.floor(sizes * safe_ratio / 100).astype(np.int64)
            ncap = np.where(sizes < filter_count, sizes, ncap)
        nat[free] = _largest_remainder(sizes.astype(float), rest_nat, ncap)
        fixed[free] = True

    # Major totals.
    major_fixed: dict[str, int] = {}
    for key in targets.ids("c20_share_"):
        major_fixed[targets.scope_value(key, "gbt_major")] = round(targets(key) / 100 * n_all)
    smallest = min(major_fixed.values())
    sec = majors.set_index("code")["section"]
    weights = np.array(
        [
            0.0
            if m in major_fixed
            else (1.0 if sec[m] == "C" else 0.35 if sec[m] in "IM" else 0.08)
            for m in majors["code"]
        ]
    ) * np.exp(rng.normal(0.0, 0.5, len(majors)))
    others = n_all - sum(major_fixed.values())
    major_total = dict(
        zip(
            majors["code"],
            _largest_remainder(weights, others, np.full(len(majors), smallest - 60)),
            strict=True,
        )
    )
    major_total.update(major_fixed)

    # Presence: the published numbers of middle and minor classes.
    n_mid = int(targets("c21_middle_classes"))
    n_min = int(targets("c23_minor_classes"))
    fixed_mids = set(minors.loc[fixed.to_numpy(), "middle"])
    mid_score = pd.Series(rng.random(len(middles)), index=middles["code"].to_numpy())
    mid_score[middles["section"].isin(["C", "I", "M"]).to_numpy()] += 1.0
    mid_score[list(fixed_mids)] += 10.0
    # Every major keeps its best middle.
    # Every major keeps a middle with open minors to absorb its remaining firms.
    open_mid = mid_score[~mid_score.index.isin(list(fixed_mids) + list(mid_total))]
    best_of_major = open_mid.groupby(open_mid.index.str[:2]).idxmax()
    mid_score[best_of_major.to_numpy()] += 5.0
    present_mid = set(mid_score.sort_values(ascending=False).index[:n_mid])
    in_present = minors["middle"].isin(present_mid).to_numpy()
    min_score = pd.Series(rng.random(len(minors)), index=minors["code"].to_numpy())
    min_score[~in_present] = -10.0
    min_score[fixed.to_numpy()] += 10.0
    first_of_mid = (
        min_score[in_present].groupby(minors.loc[in_present, "middle"].to_numpy()).idxmax()
    )
    min_score[first_of_mid.to_numpy()] += 5.0
    present_min = set(min_score.sort_values(ascending=False).index[:n_min])
    present = minors["code"].isin(present_min).to_numpy()

    # Sizes of the open middles and minors, tuned so the top-20 middles hold their share.
    target_top20 = targets("c21_top20_middle_sum") / 100 * n_all
    raw = np.exp(rng.normal(0.0, 1.0, len(minors)))
    lo_a, hi_a = 0.0, 4.0
    filled: pd.Series = total.copy()
    for _ in range(24):
        alpha = (lo_a + hi_a) / 2
        filled = _fill_open(minors, present, fixed, total, major_total, raw, alpha, mid_total)
        top20 = filled.groupby(minors["middle"].to_numpy()).sum().nlargest(20).sum()
        if top20 < target_top20:
            lo_a = alpha
        else:
            hi_a = alpha
    total = filled

    # National firms of the open minors: below the c23 filter where they are big.
    open_mask = present & ~fixed.to_numpy()
    rest_nat = n_nat - int(nat.sum())
    secs = minors["section"].to_numpy()
    propensity = np.where(secs == "C", 1.5, np.where(np.isin(secs, ["I", "M"]), 0.7, 0.35))
    # Software (64, 65) has many national firms (c35 needs its recognition rates).
    propensity = np.where(minors["major"].isin(["64", "65"]).to_numpy(), 2.2, propensity)
    sz = total.to_numpy()
    cap = np.where(sz >= filter_count, np.floor(sz * safe_ratio / 100), np.floor(sz * 0.4)).astype(
        np.int64
    )
    alloc = _largest_remainder((sz * propensity)[open_mask], rest_nat, cap[open_mask])
    nat_arr = nat.to_numpy().copy()
    nat_arr[open_mask] = alloc
    out = minors.assign(total=total.to_numpy(), national=nat_arr)
    if (out["total"] < 0).any():
        raise ValueError(f"negative class sizes: {out.loc[out['total'] < 0, 'code'].tolist()}")
    out = out.loc[out["total"] > 0].reset_index(drop=True)
    return IndustryPlan(minors=out)


def _fill_open(
    minors: pd.DataFrame,
    present: np.ndarray,
    fixed: pd.Series,
    total: pd.Series,
    major_total: dict[str, int],
    raw: np.ndarray,
    alpha: float,
    mid_total: dict[str, int],
) -> pd.Series:
    sizes = total.to_numpy().copy()
    fixed_arr = fixed.to_numpy()
    major_arr = minors["major"].to_numpy()
    mid_codes, mid_ids = np.unique(minors["middle"].to_numpy(), return_inverse=True)
    del mid_codes, mid_total
    for major, count in major_total.items():
        idx = np.flatnonzero((major_arr == major) & present)
        open_idx = idx[~fixed_arr[idx]]
        rest = count - int(sizes[idx].sum())
        if open_idx.size == 0:
            if rest:
                raise ValueError(f"major {major}: no open class for {rest} firms")
            continue
        ids = mid_ids[open_idx]
        # Concentration: a middle's weight is its raw weight to the power alpha.
        mid_w = np.bincount(ids, weights=raw[open_idx])[ids]
        w = raw[open_idx] * mid_w**alpha
        sizes[open_idx] = _largest_remainder(w, max(rest - open_idx.size, 0)) + 1
    return pd.Series(sizes, index=total.index)


def _electronics_minors(minors: pd.DataFrame) -> list[str]:
    """Minor codes whose field domain is electronics_core (the shipped map, most specific wins)."""
    domain = field_domains(minors["code"].tolist())
    return [c for c, d in zip(minors["code"], domain, strict=True) if d == "electronics_core"]


def field_domains(codes: list[str]) -> list[str]:
    """The field_domain of each minor code (the industry reference; most specific code wins)."""
    from srdi_report.data.industry import load_industry

    industry = load_industry()
    return [industry.field_class(code).field_domain for code in codes]


def assign_industry(
    plan: IndustryPlan, is_national: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Give every firm a minor class so that each class gets its planned firms and nationals."""
    codes = plan.minors["code"].to_numpy()
    out = np.empty(is_national.size, dtype=object)
    for flag, col in ((True, "national"), (False, "prov")):
        counts = (
            plan.minors["national"].to_numpy()
            if flag
            else (plan.minors["total"] - plan.minors["national"]).to_numpy()
        )
        pool = np.repeat(codes, counts)
        idx = np.flatnonzero(is_national == flag)
        if pool.size != idx.size:
            raise ValueError(f"industry plan has {pool.size} {col} slots for {idx.size} firms")
        out[idx] = rng.permutation(pool)
    return out
