"""Build the calibrated 2026 demo frame (data_schema.md §6.1, §6.2)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from srdi_report.data import (
    demo_correlation,
    demo_finance,
    demo_honours,
    demo_identity,
    demo_ip_extra,
    demo_kcl,
    demo_scale,
)
from srdi_report.data.demo_ip import IpInputs, patent_counts, repin_grants
from srdi_report.data.demo_population import Population, build_population
from srdi_report.data.demo_targets import Targets
from srdi_report.data.demo_util import FloatArray, IntArray
from srdi_report.data.reference_files import read_reference_csv

# National champions (single_champion_level = national) per level: from the >1000 band and
# from the 501-1000 band ("a few hundred firms, mostly from the largest size band").
CHAMPION_PLAN = {"national": (150, 70), "provincial": (80, 20)}
SNAPSHOT_YEAR = 2026
# Size-latent offset of the national firms of the c35 fields (their patents and grants
# get _WEAK_IP times it as a log offset): the published rates need many low scores there.
_WEAK_FIELDS = {
    "electronics_core": 1.4,
    "software_it": 1.0,
    "high_end_equipment": 0.9,
    "basic_manufacturing": 0.75,
}
_WEAK_IP = 0.67
_KCL_PASSES = 7  # swaps, then grant medians put back, which moves a few scores: repeat


def _median_classes(targets: Targets, minor: np.ndarray) -> np.ndarray:
    """Firms of the classes with a published median (c33)."""
    codes = minor.astype("U4")
    out = np.zeros(minor.size, dtype=bool)
    for key in targets.ids("c33_"):
        if "_median_" in key:
            column = targets.scopes[key].split("=")[0].strip()
            out |= np.char.startswith(codes, targets.scope_value(key, column))
    return out


def _field_of(minor: np.ndarray) -> np.ndarray:
    from srdi_report.data.demo_industry import field_domains

    uniq, inverse = np.unique(minor.astype(str), return_inverse=True)
    return np.asarray(field_domains(list(uniq)), dtype=object)[inverse]


@dataclass
class Build:
    """Columns of the frame under construction (arrays in population order)."""

    pop: Population
    columns: dict[str, np.ndarray] = field(default_factory=dict)
    z: FloatArray = field(default_factory=lambda: np.zeros(0))
    champions: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    evals: dict[str, np.ndarray] = field(default_factory=dict)

    def levels(self) -> dict[str, IntArray]:
        """Member indices per level."""
        return {
            "national": self.pop.members("national"),
            "provincial": self.pop.members("provincial"),
        }


def build_core(
    targets: Targets, rng: np.random.Generator, snapshot_year: int = SNAPSHOT_YEAR
) -> Build:
    """Everything the published numbers of 2026 depend on.

    Each stage draws from its own child stream (``Generator.spawn``), so a change in one
    stage's draws leaves every other stage's values as they were.
    """
    (
        r_pop,
        r_size,
        r_emp,
        r_champ,
        r_cap,
        r_flags,
        r_dates,
        r_fin,
        r_ip,
        r_extra,
        r_tune,
        r_kcl,
    ) = rng.spawn(12)
    pop = build_population(targets, r_pop)
    n = pop.size
    b = Build(pop=pop)
    levels = b.levels()
    b.z = r_size.normal(0.0, 1.0, n)
    # c35: a third or more of the national firms of the electronics-core and software
    # fields score below 60; they are drawn smaller than other national firms.
    fields = _field_of(pop.minor)
    weak = np.where(pop.national, pd.Series(fields).map(_WEAK_FIELDS).fillna(0.0).to_numpy(), 0.0)
    b.z -= weak
    shift = -_WEAK_IP * weak
    emp = np.zeros(n)
    z_emp = b.z + 0.35 * r_emp.normal(0, 1, n)
    for level, members in levels.items():
        demo_scale.employees(targets, level, members, z_emp, r_emp, emp)
    section_c = np.array([str(c)[:2] for c in pop.minor], dtype=object)
    in_c = np.isin(section_c, [f"{m:02d}" for m in range(13, 44)])
    scl, champs = demo_honours.champions(targets, levels, emp, b.z, in_c, CHAMPION_PLAN, r_champ, n)
    b.champions = champs
    demo_scale.set_employee_means(targets, emp, levels["national"], champs, r_emp)
    cap = np.zeros(n)
    z_cap = 0.7 * b.z + 0.71 * r_cap.normal(0, 1, n)
    for level, members in levels.items():
        demo_scale.capital(targets, level, members, z_cap, r_cap, cap)
    demo_scale.set_capital_means(targets, cap, levels, champs)
    b.columns.update(insured_employees=emp, registered_capital=cap, single_champion_level=scl)
    has_std = demo_honours.standards_flags(targets, levels, b.z, r_flags, n, champs)
    evals = demo_honours.eval_flags(targets, levels, b.z, r_flags, n)
    has_eval = np.logical_or.reduce(list(evals.values()))
    b.columns.update(evals)
    b.columns.update(demo_honours.honour_flags(targets, levels, b.z, r_flags, n))
    snapshot = np.datetime64(f"{snapshot_year}-02-28")
    batch, recognised = demo_identity.batches(pop.national, r_dates, snapshot_year)
    founded_on = demo_identity.founded(pop.national, recognised, snapshot, r_dates)
    boards = demo_finance.listing(levels, b.z, r_dates, n)
    b.columns["listing_date"] = demo_identity.listing_dates(boards, founded_on, snapshot, r_dates)
    listed = demo_finance.is_exchange_listed(boards)
    b.columns.update(
        listing_board=boards,
        lg_batch=np.where(batch > 0, batch, np.nan),
        lg_recognition_date=recognised,
        founded_date=founded_on,
    )
    fin_year = snapshot_year - 2
    rd = demo_finance.rd_samples(targets, pop.national, pop.minor, listed, b.z, r_fin, fin_year)
    for year, vals in rd.items():
        b.columns[f"rd_ratio_{year}"] = vals
    growth = demo_finance.revenue_growth(targets, pop.national, listed, r_fin, sorted(rd))
    for year, vals in growth.items():
        b.columns[f"revenue_growth_{year}"] = vals
    latest = rd[fin_year]
    band = np.full(n, "", dtype=object)
    ok = np.isfinite(latest)
    band[ok] = np.where(latest[ok] >= 25, "high", np.where(latest[ok] >= 15, "mid", "low"))
    inputs = IpInputs(
        national=pop.national,
        has_standard=has_std,
        has_eval=has_eval,
        city=pop.city,
        rd_band=band,
        minor=pop.minor,
        z=b.z,
        champions=champs,
        shift=shift,
    )
    ip = patent_counts(targets, inputs, r_ip)
    b.columns.update(ip)
    # c25: the three patent correlations, set in the provincial tail that no published
    # statistic sees (champions, R&D disclosers and classes with a published median excluded).
    frozen = np.isfinite(latest) | (scl != "none") | _median_classes(targets, pop.minor)
    for k in range(fin_year - 2, fin_year):
        frozen |= np.isfinite(rd[k])
    demo_correlation.tune_ip_tail(targets, b.columns, pop.national, frozen, r_tune)
    b.columns["software_copyrights"] = demo_ip_extra.software(
        targets, pop.national, pop.minor, champs, b.z, r_extra
    )
    b.columns.update(demo_ip_extra.standards(targets, has_std, pop.national, champs, b.z, r_extra))
    # c25: scale correlations, by reordering values inside strata that no statistic sees.
    demo_correlation.tune_scale(targets, b.columns, pop.national, champs, r_tune)
    # c35: exact recognition rates by class swaps between same-level firms.
    movable = ~np.isfinite(latest)
    for k in range(fin_year - 2, fin_year):
        movable &= ~np.isfinite(rd[k])
    for _ in range(_KCL_PASSES):
        demo_kcl.calibrate_fields(
            targets, b.columns, pop.national, pop.minor, movable, r_kcl, champion=scl != "none"
        )
        repin_grants(targets, inputs, b.columns, r_kcl)
    # A last, small pass that keeps every class median where it is.
    demo_kcl.calibrate_fields(
        targets,
        b.columns,
        pop.national,
        pop.minor,
        movable,
        r_kcl,
        champion=scl != "none",
        keep_all_medians=True,
    )
    years = list(range(snapshot_year - 6, snapshot_year))
    b.columns.update(
        demo_ip_extra.indicator_columns(targets, ip, pop.national, champs, r_extra, years)
    )
    b.columns["software_copyrights"] = demo_ip_extra.repin_software(
        targets, b.columns["software_copyrights"], pop.minor
    )
    b.columns["_listed"] = listed
    b.evals = evals
    return b


def build_2026(
    targets: Targets, rng: np.random.Generator, snapshot_year: int = SNAPSHOT_YEAR
) -> dict[str, np.ndarray]:
    """Every input column of the calibrated snapshot (population order)."""
    b = build_core(targets, rng, snapshot_year)
    pop = b.pop
    n = pop.size
    c = b.columns
    listed = c.pop("_listed")
    snapshot = np.datetime64(f"{snapshot_year}-02-28")
    c["snapshot_date"] = np.full(n, snapshot)
    c["firm_id"] = demo_identity.firm_ids(n, rng)
    cities = read_reference_csv("cities").set_index("admin_code")["name_zh_short"]
    short = pd.Series(pop.city_code).map(cities).to_numpy(dtype=object)
    c["name_zh"], c["name_en"] = demo_identity.names(pop.province, short, listed, rng)
    c["level"] = np.where(pop.national, "national", "provincial")
    c["is_key_little_giant"] = demo_honours.key_little_giants(b.levels()["national"], b.z, rng, n)
    c["province"], c["city"], c["district"], c["city_code"] = (
        pop.province,
        pop.city,
        pop.district,
        pop.city_code,
    )
    c["gbt_minor"] = pop.minor.astype(str)
    c["gbt_major"] = np.array([m[:2] for m in c["gbt_minor"]], dtype=object)
    c["industry_track"] = demo_identity.tracks(pop.minor)
    events, last, rounds = demo_identity.financing(
        pop.national, listed, c["founded_date"], snapshot, b.z, rng
    )
    c["financing_events"], c["last_financing_date"], c["last_financing_round"] = (
        events,
        last,
        rounds,
    )
    c["tech_center_level"] = demo_honours.tech_center_levels(c["hon_tech_center"], b.z, rng)
    c["profile_text"] = demo_identity.profiles(b.evals, rng)
    disclosing = np.isfinite(c[f"rd_ratio_{snapshot_year - 2}"])
    c["rd_staff_ratio"], c["revenue"] = demo_identity.rd_staff_and_revenue(
        disclosing, listed, b.z, rng
    )
    return c
