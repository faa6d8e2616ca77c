"""Honours, standards, technology evaluations and single champions of the demo firms.

Every published holding rate is an exact count per level. Holders are drawn with a
probability that rises with firm size (tech-based SME status falls with it), so honours
correlate with scale as data_schema.md §6.2 asks.
"""

from __future__ import annotations

import numpy as np

from srdi_report.data.demo_targets import Targets
from srdi_report.data.demo_util import (
    BoolArray,
    FloatArray,
    IntArray,
    count_for_share,
    setdiff,
    weighted_choose,
)

HONOURS = ("high_tech", "tech_center", "tech_sme", "eng_research_center", "gazelle", "unicorn")
EVALS = ("intl_adv", "dom_adv", "reach_intl", "reach_dom")
EVAL_COLUMNS = {
    "intl_adv": "eval_intl_adv_or_lead",
    "dom_adv": "eval_dom_adv_or_lead",
    "reach_intl": "eval_reach_intl",
    "reach_dom": "eval_reach_dom",
}
_SIZE_TILT = {"tech_sme": -0.6, "gazelle": 0.3, "unicorn": 0.5}
_GREEN_POOLED_MARGIN = 1.7  # green factories: this many pp above the CNAS floor (pooled)
_CNAS_NAT_LIFT = 2.2  # national firms hold CNAS and green-factory titles more often
_KEY_LG_SHARE = 0.06  # key Little Giants among national firms (project choice)
_QUALITY_CERT = {"national": 0.82, "provincial": 0.63}
_TECH_CENTER_LEVELS = (("national", 0.08), ("provincial", 0.52), ("municipal", 0.40))


def _short(level: str) -> str:
    return "nat" if level == "national" else "prov"


def _weights(z: FloatArray, tilt: float) -> FloatArray:
    return np.exp(tilt * z)


def honour_flags(
    targets: Targets,
    levels: dict[str, IntArray],
    z: FloatArray,
    rng: np.random.Generator,
    n: int,
) -> dict[str, BoolArray]:
    """The hon_* flags (except single champions) with exact per-level counts."""
    flags: dict[str, BoolArray] = {}
    lg = np.zeros(n, dtype=bool)
    lg[levels["national"]] = True
    prov = levels["provincial"]
    k = count_for_share(targets("c06_little_giant_prov"), prov.size)
    lg[weighted_choose(rng, prov, k, _weights(z[prov], 0.8))] = True
    flags["hon_little_giant"] = lg
    for honour in HONOURS:
        flag = np.zeros(n, dtype=bool)
        for level, members in levels.items():
            k = count_for_share(targets(f"c06_{honour}_{_short(level)}"), members.size)
            tilt = _SIZE_TILT.get(honour, 0.6)
            flag[weighted_choose(rng, members, k, _weights(z[members], tilt))] = True
        column = "hon_eng_research_center" if honour == "eng_research_center" else f"hon_{honour}"
        flags[column] = flag
    # Green factory and CNAS: pooled rates; the smaller one is c39's floor.
    total = sum(m.size for m in levels.values())
    floor = targets("c39_supp_rate_low")
    for column, rate in (("hon_cnas", floor), ("hon_green_factory", floor + _GREEN_POOLED_MARGIN)):
        want = count_for_share(rate, total)
        nat = levels["national"]
        k_nat = min(nat.size, round(want * _CNAS_NAT_LIFT * nat.size / total))
        flag = np.zeros(n, dtype=bool)
        flag[weighted_choose(rng, nat, k_nat, _weights(z[nat], 0.5))] = True
        flag[weighted_choose(rng, prov, want - k_nat, _weights(z[prov], 0.5))] = True
        flags[column] = flag
    quality = np.zeros(n, dtype=bool)
    for level, members in levels.items():
        k = round(_QUALITY_CERT[level] * members.size)
        quality[weighted_choose(rng, members, k, _weights(z[members], 0.4))] = True
    flags["hon_quality_cert"] = quality
    return flags


def tech_center_levels(flag: BoolArray, z: FloatArray, rng: np.random.Generator) -> np.ndarray:
    """tech_center_level for holders (bigger firms hold higher-level centres); none otherwise."""
    out = np.full(flag.size, "none", dtype=object)
    holders = np.flatnonzero(flag)
    order = holders[np.argsort(-(z[holders] + rng.normal(0, 0.8, holders.size)), kind="stable")]
    start = 0
    for name, share in _TECH_CENTER_LEVELS:
        k = round(share * holders.size) if name != "municipal" else holders.size - start
        out[order[start : start + k]] = name
        start += k
    return out


def key_little_giants(
    national: IntArray, z: FloatArray, rng: np.random.Generator, n: int
) -> BoolArray:
    """is_key_little_giant: a size-weighted share of national firms."""
    flag = np.zeros(n, dtype=bool)
    k = round(_KEY_LG_SHARE * national.size)
    flag[weighted_choose(rng, national, k, _weights(z[national], 0.9))] = True
    return flag


def standards_flags(
    targets: Targets,
    levels: dict[str, IntArray],
    z: FloatArray,
    rng: np.random.Generator,
    n: int,
    force: IntArray,
) -> BoolArray:
    """has_standard (std_total > 0) with the exact c07 holding counts per level.

    ``force`` (the national champions, whose typed standards c40 counts) always hold some.
    """
    flag = np.zeros(n, dtype=bool)
    flag[force] = True
    for level, members in levels.items():
        k = count_for_share(targets(f"c07_std_rate_{_short(level)}"), members.size)
        rest = members[~flag[members]]
        k -= int(flag[members].sum())
        flag[weighted_choose(rng, rest, k, _weights(z[rest], 0.5))] = True
    return flag


def eval_flags(
    targets: Targets, levels: dict[str, IntArray], z: FloatArray, rng: np.random.Generator, n: int
) -> dict[str, BoolArray]:
    """The four S&T evaluation flags with exact per-level counts (c09)."""
    out: dict[str, BoolArray] = {}
    for key, column in EVAL_COLUMNS.items():
        flag = np.zeros(n, dtype=bool)
        for level, members in levels.items():
            k = count_for_share(targets(f"c09_{key}_{_short(level)}"), members.size)
            flag[weighted_choose(rng, members, k, _weights(z[members], 0.5))] = True
        out[column] = flag
    return out


def champions(
    targets: Targets,
    levels: dict[str, IntArray],
    emp: FloatArray,
    z: FloatArray,
    in_section_c: BoolArray,
    plan: dict[str, tuple[int, int]],
    rng: np.random.Generator,
    n: int,
) -> tuple[np.ndarray, IntArray]:
    """single_champion_level for every firm and the national-champion group.

    Args:
        targets: Published values.
        levels: Member indices per level.
        emp: Insured employees (NaN = not reported).
        z: Size latent.
        in_section_c: Firms in manufacturing (every champion is).
        plan: Per level, national champions from the >1000 band and from the 501-1000 band.
        rng: Random stream.
        n: Firms.

    Returns:
        The enum array and the sorted indices of national champions.
    """
    out = np.full(n, "none", dtype=object)
    national_group: list[IntArray] = []
    for level, members in levels.items():
        pool = members[in_section_c[members]]
        e = np.nan_to_num(emp[pool], nan=0.0)
        top, second = plan[level]
        big = pool[e > 1000]
        mid = pool[(e > 500) & (e <= 1000)]
        chosen = np.concatenate(
            [
                weighted_choose(rng, big, top, _weights(z[big], 0.5)),
                weighted_choose(rng, mid, second, _weights(z[mid], 0.5)),
            ]
        )
        out[chosen] = "national"
        national_group.append(chosen)
        k = count_for_share(targets(f"c06_single_champion_{_short(level)}"), members.size)
        rest = setdiff(pool, chosen)
        provincial = weighted_choose(rng, rest, k - chosen.size, _weights(z[rest], 0.7))
        out[provincial] = "provincial"
    return out, np.sort(np.concatenate(national_group))
