"""Geography allocation of the demo: firms and national firms per province and city.

Province shares, within-province national ratios and the c19 city shares come from
``numbers.csv``; the rest of the map follows ``demo_province_plan.csv`` and
``demo_city_plan.csv`` (project choices), with every city-level unit holding at least one firm
and a tail of small units (small-cell suppression is exercised).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from srdi_report.data.demo_targets import Targets
from srdi_report.data.demo_util import IntArray
from srdi_report.data.reference_files import read_reference_csv

_HALF = 0.0049  # stay inside the 0.005 reproduce tolerance of a 2-dp share
_SMALL_UNITS = 40  # city-level units forced to 1-5 firms
_CITY_CAP_MARGIN = 0.04  # unplanned cities stay this many pp below the rank-20 city


@dataclass(frozen=True)
class GeoPlan:
    """Firms and national firms per city (admin code), and the frames they came from."""

    cities: pd.DataFrame  # admin_code, name, province_code, province, total, national
    counties: pd.DataFrame


def _exact_pair(share: float, ratio: float, n_all: int) -> tuple[int, int]:
    """A (count, national) pair whose share of ``n_all`` and national ratio both round right."""
    centre = round(share / 100 * n_all)
    best: tuple[int, int] | None = None
    for delta in sorted(range(-12, 13), key=abs):
        count = centre + delta
        if abs(count / n_all * 100 - share) > _HALF:
            continue
        nat = round(ratio / 100 * count)
        if abs(nat / count * 100 - ratio) <= _HALF:
            best = (count, nat)
            break
    if best is None:
        raise ValueError(f"no exact count for share {share} and ratio {ratio}")
    return best


def _largest_remainder(weights: np.ndarray, total: int, cap: np.ndarray | None = None) -> IntArray:
    """Integers proportional to ``weights`` summing to ``total`` (optionally capped)."""
    w = np.asarray(weights, dtype=float)
    out = np.zeros(w.size, dtype=np.int64)
    remaining = total
    free = np.ones(w.size, dtype=bool)
    for _ in range(20):
        if remaining <= 0 or not free.any():
            break
        share = np.where(free, w, 0.0)
        if share.sum() <= 0:
            break
        raw = share / share.sum() * remaining
        base = np.floor(raw).astype(np.int64)
        if cap is not None:
            room = cap - out
            base = np.minimum(base, room)
        out += base
        remaining = total - int(out.sum())
        if cap is not None:
            free &= out < cap
        if remaining <= 0:
            break
        frac = np.where(free & (w > 0), raw - np.floor(raw), -1.0)
        order = np.argsort(-frac, kind="stable")
        for i in order[:remaining]:
            if frac[i] < 0:
                break
            out[i] += 1
        remaining = total - int(out.sum())
    if remaining != 0:
        raise ValueError(
            f"cannot allocate {total} under the caps {cap if cap is None else cap.sum()}"
        )
    return out


def plan_geography(targets: Targets, rng: np.random.Generator, n_all: int, n_nat: int) -> GeoPlan:
    """Decide firms and national firms per city-level unit.

    Args:
        targets: Published values.
        rng: The generator's random stream.
        n_all: Population size.
        n_nat: National firms.

    Returns:
        The per-city plan.
    """
    provinces = read_reference_csv("provinces")
    cities = read_reference_csv("cities")
    counties = read_reference_csv("counties")
    prov_plan = read_reference_csv("demo_province_plan").set_index("province")
    city_plan = read_reference_csv("demo_city_plan").set_index("city")
    name_of = dict(zip(provinces["name_zh_full"], provinces["admin_code"], strict=True))

    total: dict[str, int] = {}
    nat: dict[str, int] = {}
    for key in targets.ids("c16_share_"):
        prov = targets.scope_value(key, "province")
        ratio_id = key.replace("c16_share_", "c16_natratio_")
        total[prov], nat[prov] = _exact_pair(targets(key), targets(ratio_id), n_all)

    # Cities fixed by c19 / B19a (municipalities are their own province).
    city_total: dict[str, int] = {}
    for key in targets.ids("b19a_share_"):
        city_total[targets.scope_value(key, "city")] = round(targets(key) / 100 * n_all)
    city_prov = dict(zip(cities["name_zh_full"], cities["province_code"], strict=False))
    code_prov = {code: name for name, code in name_of.items()}
    yrd_provs = _cluster_provinces(provinces, "yrd")
    prd_provs = _cluster_provinces(provinces, "prd")

    # The yrd fill city (rank 17): the yrd TOP20 sum minus the other yrd cities of the table.
    for city, row in city_plan.iterrows():
        if row["role"] == "yrd_fill":
            named = sum(
                targets(k)
                for k in targets.ids("b19a_share_")
                if code_prov[city_prov[targets.scope_value(k, "city")]] in yrd_provs
            )
            share = targets("b19a_yrd_sum") - named
            city_total[str(city)] = round(share / 100 * n_all)
        else:
            city_total[str(city)] = round(float(row["share_pct"]) / 100 * n_all)
    for city, count in city_total.items():
        prov = code_prov[city_prov[city]]
        if city == prov or prov in ("",):
            total[prov] = count

    # Anhui: yrd national ratio exact and yrd / prd multiple.
    prd_count = sum(total[p] for p in prd_provs)
    yrd_known = [p for p in yrd_provs if p in total]
    fill = [str(p) for p, r in prov_plan.iterrows() if r["role"] == "yrd_fill"]
    if fill:
        known_count = sum(total[p] for p in yrd_known)
        known_nat = sum(nat[p] for p in yrd_known)
        want = targets("c17_yrd_over_prd") * prd_count
        ratio = targets("c17_natratio_yrd")
        best = None
        for count in sorted(range(int(want) - 150, int(want) + 150), key=lambda c: abs(c - want)):
            cnt = count - known_count
            k = round(ratio / 100 * count) - known_nat
            if abs((known_nat + k) / count * 100 - ratio) <= _HALF and 0 < k < cnt:
                best = (cnt, k)
                break
        if best is None:
            raise ValueError("cannot place the yrd fill province")
        total[fill[0]], nat[fill[0]] = best

    # Other provinces: planned shares scaled to the remainder.
    rest = [p for p in provinces["name_zh_full"] if p not in total]
    remainder = n_all - sum(total.values())
    weights = np.array([float(prov_plan.loc[p, "share_pct"] or 0) for p in rest])
    counts = _largest_remainder(weights, remainder)
    for p, c in zip(rest, counts, strict=True):
        total[p] = int(c)
    # National firms in provinces without a published ratio.
    free = [p for p in provinces["name_zh_full"] if p not in nat]
    nat_rem = n_nat - sum(nat.values())
    w = np.array([total[p] * float(prov_plan.loc[p, "nat_ratio_pct"]) for p in free])
    for p, k in zip(free, _largest_remainder(w, nat_rem), strict=True):
        nat[p] = int(k)

    table = _split_cities(cities, provinces, counties, total, nat, city_total, rng, n_all)
    return GeoPlan(cities=table, counties=counties)


def _cluster_provinces(provinces: pd.DataFrame, key: str) -> list[str]:
    clusters = read_reference_csv("city_clusters")
    codes = clusters.loc[
        (clusters["scheme"] == "report")
        & (clusters["cluster_key"] == key)
        & (clusters["member_level"] == "province"),
        "member_code",
    ]
    names = provinces.set_index("admin_code")["name_zh_full"]
    return [str(names[c]) for c in codes]


def _split_cities(
    cities: pd.DataFrame,
    provinces: pd.DataFrame,
    counties: pd.DataFrame,
    total: dict[str, int],
    nat: dict[str, int],
    fixed: dict[str, int],
    rng: np.random.Generator,
    n_all: int,
) -> pd.DataFrame:
    prov_name = provinces.set_index("admin_code")["name_zh_full"]
    frame = cities[["admin_code", "name_zh_full", "province_code", "kind", "is_capital"]].copy()
    frame["province"] = frame["province_code"].map(prov_name)
    kind_weight = {
        "municipality": 1.0,
        "prefecture_city": 1.0,
        "autonomous_prefecture": 0.35,
        "prefecture": 0.3,
        "league": 0.35,
        "direct_county": 0.12,
    }
    weight = frame["kind"].map(kind_weight).to_numpy(dtype=float)
    weight *= np.where(frame["is_capital"] == "true", 4.0, 1.0)
    weight *= np.exp(rng.normal(0.0, 0.45, len(frame)))
    frame["weight"] = weight
    is_fixed = frame["name_zh_full"].isin(list(fixed))
    # The smallest units of the map (never a capital or a fixed city) get 1-5 firms.
    candidates = frame.loc[~is_fixed & (frame["is_capital"] != "true")]
    small = candidates.sort_values("weight", kind="stable").index[:_SMALL_UNITS]
    small_sizes = (np.arange(_SMALL_UNITS) % 5) + 1
    frame["total"] = 0
    frame.loc[small, "total"] = small_sizes
    for city, count in fixed.items():
        frame.loc[frame["name_zh_full"] == city, "total"] = count
    cap_share = min(c for c in fixed.values()) / n_all * 100 - _CITY_CAP_MARGIN
    cap = int(cap_share / 100 * n_all)
    for prov, count in total.items():
        rows = frame.index[frame["province"] == prov]
        open_rows = [i for i in rows if i not in set(small) and not is_fixed[i]]
        remaining = count - int(frame.loc[rows, "total"].sum())
        if not open_rows:
            if remaining != 0:
                raise ValueError(f"{prov}: fixed cities do not add up")
            continue
        alloc = _largest_remainder(
            frame.loc[open_rows, "weight"].to_numpy(), remaining, np.full(len(open_rows), cap)
        )
        frame.loc[open_rows, "total"] = np.maximum(alloc, 1)
        # A unit raised to 1 takes its firm from the largest open unit.
        excess = int(frame.loc[rows, "total"].sum()) - count
        if excess:
            biggest = frame.loc[open_rows, "total"].idxmax()
            frame.loc[biggest, "total"] -= excess
    frame["national"] = 0
    for prov, k in nat.items():
        rows = frame.index[frame["province"] == prov]
        tot = frame.loc[rows, "total"].to_numpy()
        w = tot * np.where(frame.loc[rows, "is_capital"] == "true", 1.6, 1.0)
        w = w * np.exp(rng.normal(0.0, 0.25, len(rows)))
        frame.loc[rows, "national"] = _largest_remainder(w, k, tot.astype(np.int64))
    frame = frame.rename(columns={"name_zh_full": "city"})
    return frame[["admin_code", "city", "province_code", "province", "kind", "total", "national"]]
