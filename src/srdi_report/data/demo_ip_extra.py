"""The c40 indicator columns, software copyrights and standards of the demo firms.

Each count is drawn around a firm weight (patents, grants or size) and then set to the exact
national and national-champion means of c40: champions first, then the other national
firms, so that the two overlapping groups both hold. Upper bounds keep every X rule.
"""

from __future__ import annotations

import numpy as np

from srdi_report.data.demo_raking import MedianGroup, pin_groups, rake
from srdi_report.data.demo_targets import Targets
from srdi_report.data.demo_util import (
    BoolArray,
    FloatArray,
    IntArray,
    fix_integer_sum,
    intersect,
    setdiff,
    union,
)

_PROV_FACTOR = 0.35  # provincial firms hold these rarer items at this fraction of nat rates
_STD_PROV_MEAN_SHARE = 0.69  # provincial holders' mean standards relative to national (45% gap)
_SW_SIGMA = 1.15
_SW_SOFTWARE_LIFT = 2.5


def exact_means(
    weight: FloatArray,
    nat: IntArray,
    champs: IntArray,
    lg_mean: float,
    champ_mean: float,
    rng: np.random.Generator,
    upper: FloatArray | None = None,
    prov_factor: float = _PROV_FACTOR,
) -> FloatArray:
    """Counts with the national and champion means exact (integers, within ``upper``)."""
    n = weight.size
    out = np.zeros(n)
    w = np.maximum(weight, 1e-9)
    both = intersect(nat, champs)
    groups = (
        (champs, round(champ_mean * champs.size)),
        (setdiff(nat, champs), None),
    )
    for members, total in groups:
        if total is None:
            total = round(lg_mean * nat.size) - out[both].sum()
        lam = w[members] * total / w[members].sum()
        vals = rng.poisson(lam).astype(float)
        if upper is not None:
            vals = np.minimum(vals, upper[members])
        out[members] = vals
        fix_integer_sum(out, members, int(total), rng, upper=upper)
    rest = setdiff(np.arange(n), union(nat, champs))
    nat_rate = lg_mean / max(w[nat].mean(), 1e-9)
    vals = rng.poisson(w[rest] * nat_rate * prov_factor).astype(float)
    if upper is not None:
        vals = np.minimum(vals, upper[rest])
    out[rest] = vals
    return out


def pooled_ratio(
    base: FloatArray,
    weight: FloatArray,
    nat: IntArray,
    champs: IntArray,
    lg_ratio: float,
    champ_ratio: float,
    rng: np.random.Generator,
) -> FloatArray:
    """Counts whose pooled ratio to ``base`` is exact for nat and champions (citations)."""
    return exact_means(
        weight,
        nat,
        champs,
        lg_ratio * base[nat].sum() / nat.size,
        champ_ratio * base[champs].sum() / champs.size,
        rng,
    )


def software(
    t: Targets,
    national: BoolArray,
    minor: np.ndarray,
    champs: IntArray,
    z: FloatArray,
    rng: np.random.Generator,
) -> FloatArray:
    """software_copyrights: level medians, the 6560 median and the c40 means."""
    n = national.size
    codes = minor.astype(str)
    software = np.char.startswith(codes.astype("U4"), "65") | np.char.startswith(
        codes.astype("U4"), "64"
    )
    log_s = (
        np.log(3.0)
        + _SW_SIGMA * (0.6 * z + 0.8 * rng.normal(0, 1, n))
        + np.where(software, np.log(_SW_SOFTWARE_LIFT), 0)
    )
    groups = [
        MedianGroup("sw nat", np.flatnonzero(national), t("c26_sw_median_nat")),
        MedianGroup("sw prov", np.flatnonzero(~national), t("c26_sw_median_prov")),
        MedianGroup(
            "sw 6560",
            np.flatnonzero(codes == t.scope_value("c33_sw_median_6560", "gbt_minor")),
            t("c33_sw_median_6560"),
        ),
    ]
    s = rake(log_s, groups, 40)
    nat = np.flatnonzero(national)
    _stretch_mean(s, champs, t("c40_sw_champ"), rng)
    free = setdiff(nat, champs)
    want = t("c40_sw_lg") * nat.size - s[intersect(nat, champs)].sum()
    _stretch_mean(s, free, want / free.size, rng)
    pin_groups(s, groups)
    # Pinning moves a few central values; the national sum is restored in the tail.
    want = round(t("c40_sw_lg") * nat.size) - s[intersect(nat, champs)].sum()
    top = free[s[free] > np.quantile(s[free], 0.95)]
    fix_integer_sum(s, top, int(want - s[setdiff(free, top)].sum()), rng)
    return s


def _stretch_mean(
    values: FloatArray, members: IntArray, mean: float, rng: np.random.Generator
) -> None:
    """Scale the members' values above their 75th percentile so their mean is exact."""
    from srdi_report.data.demo_util import affine_to_mean

    floor = float(np.quantile(values[members], 0.75))
    above = members[values[members] > floor]
    target = mean * members.size - values[setdiff(members, above)].sum()
    affine_to_mean(values, above, floor, target)
    values[above] = np.floor(values[above] + 0.5)
    fix_integer_sum(values, above, round(target), rng)


def standards(
    t: Targets,
    has_standard: BoolArray,
    national: BoolArray,
    champs: IntArray,
    z: FloatArray,
    rng: np.random.Generator,
) -> dict[str, FloatArray]:
    """std_total and its four typed parts (typed parts never exceed the total)."""
    n = national.size
    holders = np.flatnonzero(has_standard)
    nat_mean = t("c07_std_mean_nat")
    prov_mean = nat_mean * _STD_PROV_MEAN_SHARE
    total = np.zeros(n)
    lam = np.exp(0.45 * z[holders] + rng.normal(0, 0.5, holders.size))
    for flag, mean in ((True, nat_mean), (False, prov_mean)):
        m = holders[national[holders] == flag]
        lm = np.exp(0.45 * z[m] + rng.normal(0, 0.5, m.size))
        lm = (mean - 1) * lm / lm.mean()
        total[m] = 1 + rng.poisson(lm)
    del lam
    champ_floor = 30.0
    total[champs] = np.maximum(total[champs], champ_floor + rng.poisson(10, champs.size))
    # The holders' mean of c07 after the champions' floor: the other national holders give way.
    nat_holders = holders[national[holders]]
    free = np.setdiff1d(nat_holders, champs)
    want = round(nat_mean * nat_holders.size - total[np.intersect1d(nat_holders, champs)].sum())
    fix_integer_sum(total, free, want, rng, lower=np.ones(n))
    nat = np.flatnonzero(national)
    out: dict[str, FloatArray] = {"std_total": total}
    room = total.copy()
    parts = (
        ("std_national", t("c40_std_nat_lg"), t("c40_std_nat_champ"), 1.0),
        ("std_group", t("c40_std_group_lg"), t("c40_std_group_champ"), 1.0),
        ("std_industry", t("c40_std_ind_local_lg") * 0.7, t("c40_std_ind_local_champ") * 0.7, 1.0),
        ("std_local", t("c40_std_ind_local_lg") * 0.3, t("c40_std_ind_local_champ") * 0.3, 1.0),
    )
    for column, lg, ch, _ in parts:
        vals = exact_means(total, nat, champs, lg, ch, rng, upper=room)
        out[column] = vals
        room = room - vals
    # Local and industry standards are split 70/30 of their joint c40 mean, so the sum is exact.
    return out


_LAPSE = 0.04  # granted inventions no longer in force
_VALID_OTHER = 0.55  # utility models and designs still in force
_YEAR_SHARE = 0.45  # of all filings, those filed in the trend window (2020 on)


def indicator_columns(
    t: Targets,
    ip: dict[str, FloatArray],
    national: BoolArray,
    champs: IntArray,
    rng: np.random.Generator,
    years: list[int],
) -> dict[str, FloatArray]:
    """Every further IP column of data_schema.md §2.6, bounded by the counts it belongs to."""
    p = ip["patents_total"]
    g = ip["invention_grants"]
    apps = ip["invention_applications"]
    nat = np.flatnonzero(national)
    out: dict[str, FloatArray] = {}
    inv_valid = g - rng.binomial(g.astype(np.int64), _LAPSE).astype(float)
    out["inventions_valid"] = inv_valid
    others = p - apps
    out["patents_valid"] = inv_valid + np.floor(others * _VALID_OTHER + rng.random(p.size))
    out["high_value_inventions_valid"] = exact_means(
        inv_valid, nat, champs, t("c40_hv_inv_lg"), t("c40_hv_inv_champ"), rng, upper=inv_valid
    )
    out["digital_tech_patents_valid"] = exact_means(
        out["patents_valid"] ** 0.9,
        nat,
        champs,
        t("c40_digital_lg"),
        t("c40_digital_champ"),
        rng,
        upper=out["patents_valid"],
    )
    pct = exact_means(apps, nat, champs, t("c40_pct_lg"), t("c40_pct_champ"), rng, upper=apps)
    extra = exact_means(
        apps,
        nat,
        champs,
        t("c40_foreign_lg") - t("c40_pct_lg"),
        t("c40_foreign_champ") - t("c40_pct_champ"),
        rng,
    )
    out["pct_applications"] = pct
    out["foreign_patents"] = pct + extra
    foreign = pct + extra
    out["foreign_jurisdictions_count"] = np.where(
        foreign > 0, np.minimum(1 + rng.poisson(np.minimum(foreign, 40) * 0.15), 30), 0
    ).astype(float)
    cit = pooled_ratio(g, g, nat, champs, t("c40_citations_lg"), t("c40_citations_champ"), rng)
    out["invention_citations"] = cit
    out["patent_citations"] = cit + rng.poisson(others * 0.4).astype(float)
    out["award_inventions"] = exact_means(
        g, nat, champs, t("c40_award_inv_lg"), t("c40_award_inv_champ"), rng, upper=g
    )
    out["standard_inventions"] = exact_means(
        g, nat, champs, t("c40_std_inv_lg"), t("c40_std_inv_champ"), rng, upper=g
    )
    out["patent_inventors"] = exact_means(
        p**0.8, nat, champs, t("c40_inventors_lg"), t("c40_inventors_champ"), rng, prov_factor=0.8
    )
    for column, stem in (
        ("univ_coop_patents", "univ_coop"),
        ("pledged_patents", "pledged"),
        ("licensed_patents", "licensed"),
        ("litigated_patents", "litigated"),
    ):
        out[column] = exact_means(
            p, nat, champs, t(f"c40_{stem}_lg"), t(f"c40_{stem}_champ"), rng, upper=p
        )
    out["transferred_patents"] = np.minimum(rng.poisson(p * 0.004).astype(float), p)
    out["class1_ip"] = inv_valid + rng.poisson(0.3, p.size)
    # Filings by application year, within the total (X09).
    window = np.floor(p * _YEAR_SHARE * rng.uniform(0.6, 1.0, p.size))
    weights = np.linspace(1.0, 1.6, len(years))
    weights[-1] *= 0.45  # the latest year is incomplete (18-month publication lag)
    shares = rng.dirichlet(weights * 8, p.size)
    split = np.floor(window[:, None] * shares)
    for i, year in enumerate(years):
        out[f"patent_applications_{year}"] = split[:, i]
    return out


def repin_software(t: Targets, values: FloatArray, minor: np.ndarray) -> FloatArray:
    """The 6560 software-copyright median after class swaps (values above the benchmark)."""
    key = "c33_sw_median_6560"
    code = t.scope_value(key, "gbt_minor")
    members = np.flatnonzero(minor.astype(str) == code)
    out = values.copy()
    pin_groups(out, [MedianGroup(key, members, t(key))])
    return out
