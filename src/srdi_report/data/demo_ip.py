"""Patent, software-copyright and related counts of the demo firms.

Order: patents_total, invention_grants and pending applications are raked to their published
medians (levels, standards, evaluations, cities, R&D bands, classes); champion and national
means are then set by stretching upper tails; decided applications follow from the pooled
grant rates, applications from the c40 means, and utility models plus designs close the
X06 identity exactly. Every cross-field rule of data_schema.md §3.2 holds by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from srdi_report.data.demo_raking import MedianGroup, pin_groups, rake
from srdi_report.data.demo_targets import Targets
from srdi_report.data.demo_util import (
    BoolArray,
    FloatArray,
    IntArray,
    affine_to_mean,
    fix_integer_sum,
    intersect,
    pin_median_room,
    setdiff,
    union,
)

_RAKE_ITER = 40
_SIGMA_P = {"national": 0.62, "provincial": 0.95}
_PROV_TAIL_FROM = 2.2  # provincial latent above which the patent tail gets heavier
_PROV_TAIL_SLOPE = 0.5
_SIGMA_G = 0.08
_SIGMA_A = 0.06
_TILT_G = 0.23  # bigger firms file relatively more utility models: grants per patent fall with size
_TILT_A = 0.25  # and pending applications per patent too (c25: r with scale is highest for patents)
_AG_NOISE_LINK = -0.6  # pending and granted shares of a firm's filings move apart
_SIZE_LOADING = 0.12  # IP propensity loads on the size latent
_NAT_PENDING_MEAN_SHARE = 0.95  # of the room the c40 means leave for pending applications
_CHAMP_PENDING_SHARE = 0.7
_DESIGN_SHARE = 0.12
_CHAMP_SIGMA_P = 0.9  # spread of national champions' patent counts
_CHAMP_SIGMA_G = 0.03  # noise of their grants around their patents (tunes c25)
_CHAMP_SIGMA_A = 0.3  # noise of their pending applications
_CLASS_GRANT_SHARE = 0.33  # grants per patent in the invention-heavy classes of c33
_MEAN_DRIFT = 0.3  # per national firm: grant-mean drift left alone after re-pinning
_GRANT_CAP = 0.75  # grants never exceed this share of all filings


@dataclass(frozen=True)
class IpInputs:
    """What the patent counts depend on."""

    national: BoolArray
    has_standard: BoolArray
    has_eval: BoolArray
    city: np.ndarray
    rd_band: np.ndarray
    minor: np.ndarray
    z: FloatArray
    champions: IntArray
    shift: FloatArray  # log offset of patents and grants (weaker national firms of some fields)


def _groups_p(t: Targets, x: IpInputs) -> list[MedianGroup]:
    codes = x.minor.astype("U4")
    groups = []
    for lvl, flag in (("nat", True), ("prov", False)):
        for std, sflag in (("yes", True), ("no", False)):
            idx = np.flatnonzero((x.national == flag) & (x.has_standard == sflag))
            groups.append(MedianGroup(f"P {lvl} {std}", idx, t(f"c08_patents_median_{lvl}_{std}")))
    for key in t.ids("b19a_patents_median_"):
        city = t.scope_value(key, "city")
        groups.append(MedianGroup(key, np.flatnonzero(x.city == city), t(key)))
    for band in ("high", "mid", "low"):
        groups.append(
            MedianGroup(
                f"P rd {band}", np.flatnonzero(x.rd_band == band), t(f"c28_patents_median_{band}")
            )
        )
    # Invention-heavy classes: patents high enough for their grant medians (c33).
    for key in t.ids("c33_grants_median_"):
        col = t.scopes[key].split("=")[0].strip()
        code = t.scope_value(key, col)
        implied = round(t(key) / _CLASS_GRANT_SHARE)
        if implied > t("c26_patents_median_prov"):
            groups.append(MedianGroup(f"P {key}", _class_members(x, col, code, codes), implied))
    return groups


def _level_groups(t: Targets, x: IpInputs, stem: str) -> list[MedianGroup]:
    return [
        MedianGroup(f"{stem} nat", np.flatnonzero(x.national), t(f"c26_{stem}_median_nat")),
        MedianGroup(f"{stem} prov", np.flatnonzero(~x.national), t(f"c26_{stem}_median_prov")),
    ]


def _class_members(
    x: IpInputs, scope_key: str, code: str, codes: np.ndarray | None = None
) -> IntArray:
    width = {"gbt_minor": 4, "gbt_middle": 3, "gbt_major": 2}[scope_key]
    if len(code) != width:
        return np.zeros(0, dtype=np.int64)
    codes = x.minor.astype("U4") if codes is None else codes
    return np.flatnonzero(np.char.startswith(codes, code))


def _groups_g(t: Targets, x: IpInputs) -> list[MedianGroup]:
    codes = x.minor.astype("U4")
    groups = []
    for lvl, flag in (("nat", True), ("prov", False)):
        for std, sflag in (("yes", True), ("no", False)):
            idx = np.flatnonzero((x.national == flag) & (x.has_standard == sflag))
            groups.append(MedianGroup(f"G {lvl} {std}", idx, t(f"c08_grants_median_{lvl}_{std}")))
        for ev, eflag in (("eval", True), ("noeval", False)):
            idx = np.flatnonzero((x.national == flag) & (x.has_eval == eflag))
            groups.append(MedianGroup(f"G {lvl} {ev}", idx, t(f"c10_grants_median_{lvl}_{ev}")))
    for band in ("high", "mid", "low"):
        groups.append(
            MedianGroup(
                f"G rd {band}", np.flatnonzero(x.rd_band == band), t(f"c28_grants_median_{band}")
            )
        )
    for key in t.ids("c33_grants_median_"):
        scope = t.scopes[key]
        col = scope.split("=")[0].strip()
        code = t.scope_value(key, col)
        groups.append(MedianGroup(key, _class_members(x, col, code, codes), t(key)))
    return groups


def patent_counts(t: Targets, x: IpInputs, rng: np.random.Generator) -> dict[str, FloatArray]:
    """Every IP count column of data_schema.md §2.6 that the demo fills."""
    n = x.national.size
    nat = np.flatnonzero(x.national)
    champs = x.champions
    u = _SIZE_LOADING * x.z + np.sqrt(1 - _SIZE_LOADING**2) * rng.normal(0.0, 1.0, n)
    sigma = np.where(x.national, _SIGMA_P["national"], _SIGMA_P["provincial"])
    log_p = np.log(30.0) + sigma * u
    tail = (~x.national) & (u > _PROV_TAIL_FROM)
    log_p[tail] += _PROV_TAIL_SLOPE * (u[tail] - _PROV_TAIL_FROM) ** 1.5
    log_p += x.shift
    groups_p = _groups_p(t, x) + _level_groups(t, x, "patents")
    p = rake(log_p, groups_p, _RAKE_ITER, floor_value=1.0)
    # Champions: a log-normal block with the c40 mean; then the national mean without them.
    c_lat = 0.15 * x.z[champs] + 0.99 * rng.normal(0.0, 1.0, champs.size)
    p[champs] = _lognormal_block(c_lat, _CHAMP_SIGMA_P, t("c40_patents_champ"), 60.0, rng)
    _pin_national_mean(p, nat, champs, t("c40_patents_lg"), 0.55, rng)
    pin_groups(p, groups_p)

    # Grants follow patents with their own noise.
    e_g = rng.normal(0.0, 1.0, n)
    log_g = np.log(p) + np.log(0.2) + _SIGMA_G * e_g - _TILT_G * x.z + x.shift
    groups_g = _groups_g(t, x) + _level_groups(t, x, "grants")
    g = rake(log_g, groups_g, _RAKE_ITER, cap=np.floor(_GRANT_CAP * p))
    e_cg = rng.normal(0.0, 1.0, champs.size)
    share_g = np.exp(_CHAMP_SIGMA_G * e_cg)
    g[champs] = _share_block(p[champs], share_g, t("c40_inv_grants_champ"), _GRANT_CAP, rng)
    _pin_national_mean(
        g, nat, champs, t("c40_inv_grants_lg"), 0.8, rng, cap=np.floor(_GRANT_CAP * p)
    )
    pin_groups(g, groups_g)
    g = np.minimum(g, np.floor(_GRANT_CAP * p))

    # Decided applications: pooled grant rates of c40.
    rw = _rejected_withdrawn(t, g, p - g, nat, champs, rng)
    decided = g + rw

    # Pending applications: level medians; the c40 means bound their sum.
    e_a = _AG_NOISE_LINK * e_g + np.sqrt(1 - _AG_NOISE_LINK**2) * rng.normal(0.0, 1.0, n)
    log_a = np.log(p) + np.log(0.17) + _SIGMA_A * e_a - _TILT_A * x.z
    room = np.maximum(p - decided, 0.0)
    groups_a = _level_groups(t, x, "apps")
    a = rake(log_a, groups_a, _RAKE_ITER, cap=room)
    e_ca = _AG_NOISE_LINK * e_cg + np.sqrt(1 - _AG_NOISE_LINK**2) * rng.normal(
        0.0, 1.0, champs.size
    )
    share_a = np.exp(_CHAMP_SIGMA_A * e_ca - _TILT_A * x.z[champs])
    room_c = t("c40_inv_apps_champ") * champs.size - decided[champs].sum()
    a[champs] = _share_block(
        room[champs], share_a, _CHAMP_PENDING_SHARE * room_c / champs.size, 1.0, rng
    )
    _shrink_pending(t, a, nat, champs, decided)
    pin_groups(a, groups_a)
    a = np.minimum(a, room)

    apps = _applications(t, p, decided, a, nat, champs, rng)
    rest = p - apps
    designs = np.floor(rest * _DESIGN_SHARE * rng.random(n) * 2)
    designs = np.minimum(designs, rest)
    utility = rest - designs
    return {
        "patents_total": p,
        "invention_applications": apps,
        "invention_applications_pending": a,
        "invention_grants": g,
        "invention_decided": decided,
        "utility_models": utility,
        "designs": designs,
    }


def _lognormal_block(
    latent: FloatArray, sigma: float, mean: float, floor: float, rng: np.random.Generator
) -> FloatArray:
    """Counts ranked by ``latent``, log-normal with spread ``sigma`` and an exact mean."""
    raw = floor + np.exp(sigma * latent)
    vals: FloatArray = np.floor(floor + (raw - floor) * (mean - floor) / (raw - floor).mean() + 0.5)
    idx = np.arange(vals.size)
    fix_integer_sum(vals, idx, round(mean * vals.size), rng, lower=np.full(vals.size, floor))
    return vals


def _share_block(
    base: FloatArray, share: FloatArray, mean: float, cap_share: float, rng: np.random.Generator
) -> FloatArray:
    """``base`` times a noisy share, capped at ``cap_share * base``, with an exact mean."""
    cap = np.floor(cap_share * base)
    lo, hi = 0.0, 10.0
    for _ in range(60):
        f = (lo + hi) / 2
        if np.minimum(base * share * f, cap).mean() < mean:
            lo = f
        else:
            hi = f
    vals = np.floor(np.minimum(base * share * lo, cap) + 0.5)
    idx = np.arange(vals.size)
    fix_integer_sum(vals, idx, round(mean * vals.size), rng, upper=cap)
    return vals


def _pin_national_mean(
    values: FloatArray,
    nat: IntArray,
    champs: IntArray,
    mean: float,
    quantile: float,
    rng: np.random.Generator,
    cap: FloatArray | None = None,
) -> None:
    """Give the national firms the published mean, moving only non-champions above a quantile.

    Champions keep their block (their own published mean); the firms below the quantile keep
    their values so the level medians pinned earlier do not move.
    """
    free = setdiff(nat, champs)
    want = mean * nat.size - values[intersect(nat, champs)].sum()
    top = free[values[free] > np.quantile(values[free], quantile)]
    _set_mean(
        values,
        top,
        (want - values[setdiff(free, top)].sum()) / top.size,
        floor=float(values[top].min()),
        rng=rng,
        cap=cap,
    )


def _set_mean(
    values: FloatArray,
    members: IntArray,
    mean: float,
    *,
    floor: float,
    rng: np.random.Generator,
    cap: FloatArray | None = None,
) -> None:
    if members.size == 0:
        return
    above = members[values[members] > floor]
    fixed = float(values[setdiff(members, above)].sum())
    target = mean * members.size - fixed
    affine_to_mean(values, above, floor, target)
    if cap is not None:
        values[above] = np.minimum(values[above], cap[above])
    values[above] = np.floor(values[above] + 0.5)
    fix_integer_sum(values, above, round(target), rng, upper=cap)


def _rejected_withdrawn(
    t: Targets,
    g: FloatArray,
    room: FloatArray,
    nat: IntArray,
    champs: IntArray,
    rng: np.random.Generator,
) -> FloatArray:
    n = g.size
    share = np.exp(rng.normal(0.0, 0.35, n))
    rw = np.minimum(np.floor(g * 0.55 * share + 0.5), room)
    for members, rate_id in ((champs, "c40_grant_rate_champ"), (setdiff(nat, champs), None)):
        if rate_id is not None:
            target = g[members].sum() / (t(rate_id) / 100) - g[members].sum()
        else:
            nat_all = union(members, intersect(nat, champs))
            total_decided = g[nat_all].sum() / (t("c40_grant_rate_lg") / 100)
            target = total_decided - g[nat_all].sum() - rw[intersect(nat, champs)].sum()
        cur = rw[members].sum()
        if cur > 0:
            rw[members] = np.minimum(np.floor(rw[members] * target / cur), room[members])
        fix_integer_sum(rw, members, round(target), rng, upper=room)
    return rw


def _shrink_pending(
    t: Targets, a: FloatArray, nat: IntArray, champs: IntArray, decided: FloatArray
) -> None:
    """Compress pending applications so the c40 application means leave them room."""
    free = setdiff(nat, champs)
    room = t("c40_inv_apps_lg") * nat.size - decided[nat].sum() - a[intersect(nat, champs)].sum()
    want = _NAT_PENDING_MEAN_SHARE * room
    med = float(np.median(a[nat]))
    above = free[a[free] > med]
    lo, hi = 0.0, 1.0
    base = a.copy()
    for _ in range(40):
        f = (lo + hi) / 2
        total = base[free].sum() - base[above].sum() + (med + f * (base[above] - med)).sum()
        if total > want:
            hi = f
        else:
            lo = f
    a[above] = np.floor(med + lo * (base[above] - med))


def _applications(
    t: Targets,
    p: FloatArray,
    decided: FloatArray,
    a: FloatArray,
    nat: IntArray,
    champs: IntArray,
    rng: np.random.Generator,
) -> FloatArray:
    """Decided + pending + unknown-status filings, with the c40 means exact."""
    base = decided + a
    slack = np.zeros(p.size)
    room = np.maximum(p - base, 0.0)
    both = intersect(nat, champs)
    for members, mean_id in (
        (champs, "c40_inv_apps_champ"),
        (setdiff(nat, champs), "c40_inv_apps_lg"),
    ):
        if mean_id == "c40_inv_apps_lg":
            want = t(mean_id) * nat.size - base[nat].sum() - slack[both].sum()
        else:
            want = t(mean_id) * members.size - base[members].sum()
        r = room[members]
        if r.sum() > 0 and want > 0:
            slack[members] = np.floor(r * min(1.0, want / r.sum()))
        fix_integer_sum(slack, members, round(max(want, 0)), rng, upper=room)
    return base + slack


def repin_grants(
    t: Targets, x: IpInputs, columns: dict[str, FloatArray], rng: np.random.Generator
) -> None:
    """Put the grant medians back after class swaps, keeping patents_total fixed.

    A raised grant count raises decided applications by the same amount; the filings it
    needs come from utility models and designs (then pending applications), so X05/X06 hold
    and no patent median moves. The pooled grant rates of c40 are restored last through
    rejected/withdrawn counts of the upper tail.
    """
    g = columns["invention_grants"]
    before = g.copy()
    groups = _groups_g(t, x) + _level_groups(t, x, "grants")
    dec = columns["invention_decided"]
    apps = columns["invention_applications"]
    pend = columns["invention_applications_pending"]
    util = columns["utility_models"]
    des = columns["designs"]
    # A grant can rise by what the firm's other filings can give up.
    room = (dec - g) + pend + util + des
    for _ in range(3):
        for group in groups:
            pin_median_room(g, group.members, group.target, room + before - g)
    delta = g - before
    dec += delta
    # Lowered grants: their decided count falls with them (rejections unchanged).
    need = np.maximum(dec + pend - apps, 0.0)
    take_u = np.minimum(need, util)
    util -= take_u
    apps += take_u
    need -= take_u
    take_d = np.minimum(need, des)
    des -= take_d
    apps += take_d
    need -= take_d
    take_p = np.minimum(need, pend)
    pend -= take_p
    need -= take_p
    # Still short (a tiny firm pinned up): fewer rejections, then fewer grants.
    rw_now = dec - g
    cut = np.minimum(need, rw_now)
    dec -= cut
    need -= cut
    g -= need
    dec -= need
    nat = np.flatnonzero(x.national)
    is_champ = np.zeros(g.size, dtype=bool)
    is_champ[x.champions] = True
    # The national grant total (c40 mean) comes back in the upper tail, far above every
    # median; decided counts stay, so the rejections there grow by what grants lose.
    drift = float(g[nat].sum() - before[nat].sum())
    allowed = _MEAN_DRIFT * nat.size  # well inside the 0.5 tolerance of an integer mean
    excess = round(np.sign(drift) * max(abs(drift) - allowed, 0.0))
    if excess:
        tail = nat[~is_champ[nat] & (g[nat] >= np.quantile(g[nat], 0.95))]
        fix_integer_sum(
            g, tail, round(float(g[tail].sum())) - excess, rng, lower=np.zeros(g.size), upper=dec
        )
    for members, rate_id in ((x.champions, "c40_grant_rate_champ"), (nat, "c40_grant_rate_lg")):
        want = g[members].sum() / (t(rate_id) / 100)
        rw = dec - g
        top = members[g[members] > np.quantile(g[members], 0.5)]
        if rate_id == "c40_grant_rate_lg":
            top = top[~is_champ[top]]
        room = apps - pend - dec  # rejections can grow into unknown-status filings
        target_rw = round(want - g[members].sum() - rw[np.setdiff1d(members, top)].sum())
        fix_integer_sum(rw, top, target_rw, rng, lower=np.zeros(rw.size), upper=rw + room)
        dec[top] = g[top] + rw[top]
