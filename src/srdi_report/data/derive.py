"""Derived firm columns (data_schema.md §2.9 and the D columns of §2), added in one vectorised pass.

``X`` columns (region, city_cluster, has_standard, has_tech_eval, emp_band, capital_ge_1yi,
quadrant, rd_band_<YYYY>, kcl_score, firm_age_years and the city-edition bands age_band,
capital_band, patent_band) are always computed. ``D`` columns
(gbt_section/major/middle, field_domain, industry_type4, key_field10, is_listed,
hon_single_champion, discloses_financials) keep an input value where one is given and are
filled from the derivation elsewhere (the validator checks given values against it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from srdi_report.data.derive_lookups import DeriveLookups, lookups_from
from srdi_report.data.derive_params import DeriveParameters
from srdi_report.data.geography import Geography
from srdi_report.data.industry import IndustryReference

EVAL_FLAGS = ("eval_intl_adv_or_lead", "eval_dom_adv_or_lead", "eval_reach_intl", "eval_reach_dom")
RD_RATIO_COLUMN = re.compile(r"^rd_ratio_(\d{4})$")
OTHER = "other"  # data_schema.md §2.3/§2.4: the key of everything outside the named classes
QUADRANT_CODES = {  # national_report.md chart 13: (scale high, innovation high) -> code
    (True, True): "head",
    (False, True): "startup",
    (True, False): "scale",
    (False, False): "incubating",
}
RD_BAND_CODES = ("low", "mid", "high")

INDUSTRY_LEVELS = ("gbt_section", "gbt_major", "gbt_middle", "gbt_minor")
FIELD_COLUMNS = ("field_domain", "industry_type4", "key_field10")


def add_derived(
    frame: pd.DataFrame,
    *,
    geography: Geography,
    industry: IndustryReference,
    snapshot_date: date,
    params: DeriveParameters | None = None,
) -> pd.DataFrame:
    """Return a new frame with every derived column of data_schema.md §2.9.

    Args:
        frame: Canonical typed firm frame (docs/architecture.md); it is not changed.
        geography: ``data.geography.Geography`` (regions, cluster schemes).
        industry: ``data.industry.IndustryReference`` (sections, field-domain map).
        snapshot_date: The snapshot date (firm ages are counted to it).
        params: Rule parameters; the spec's values when None.

    Returns:
        A copy of ``frame`` with the derived columns added or filled.
    """
    parameters = params or DeriveParameters()
    lookups = lookups_from(geography, industry, parameters.cluster_scheme)
    return derive_with(frame, lookups, snapshot_date, parameters)


def derive_with(
    frame: pd.DataFrame,
    lookups: DeriveLookups,
    snapshot_date: date,
    params: DeriveParameters | None = None,
) -> pd.DataFrame:
    """``add_derived`` with the look-ups given directly (tests, and callers that cache them)."""
    p = params or DeriveParameters()
    out = frame.copy()
    _geography(out, lookups)
    _industry(out, lookups)
    out["has_standard"] = _fill_false(_numeric(out, "std_total") > 0, out)
    out["has_tech_eval"] = _any_flag(out, EVAL_FLAGS)
    out["emp_band"] = emp_band(_numeric(out, "insured_employees"), p)
    capital = _numeric(out, "registered_capital")
    at_least = pd.Series(pd.array(capital >= p.capital_1yi_wan, dtype="boolean"), index=out.index)
    out["capital_ge_1yi"] = at_least.mask(np.isnan(capital))
    out["quadrant"] = quadrant(
        _numeric(out, "insured_employees"), _numeric(out, "patents_total"), p
    )
    rd_years = sorted(c for c in out.columns if RD_RATIO_COLUMN.match(str(c)))
    for column in rd_years:
        out[f"rd_band_{column.removeprefix('rd_ratio_')}"] = rd_band(_numeric(out, column), p)
    out["kcl_score"] = kcl_score(out, p)
    out["firm_age_years"] = firm_age_years(out, snapshot_date)
    age = out["firm_age_years"].astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
    out["age_band"] = band_codes(age, p.age_band_upper_edges, p.age_band_codes, upper_closed=True)
    out["capital_band"] = band_codes(
        capital, p.capital_band_lower_edges, p.capital_band_codes, upper_closed=False
    )
    out["patent_band"] = band_codes(
        _numeric(out, "patents_total"),
        p.patent_band_lower_edges,
        p.patent_band_codes,
        upper_closed=False,
    )
    _keep_given(out, "is_listed", _listed(out, p))
    single = _text(out, "single_champion_level")
    if single is not None:
        _keep_given(out, "hon_single_champion", (single.fillna("none") != "none").to_numpy())
    elif "hon_single_champion" not in out.columns:
        out["hon_single_champion"] = pd.array(np.zeros(len(out), dtype=bool), dtype="boolean")
    if rd_years:
        disclosed = out[rd_years].notna().any(axis=1).to_numpy()
        _keep_given(out, "discloses_financials", disclosed)
    elif "discloses_financials" not in out.columns:
        out["discloses_financials"] = pd.array(np.zeros(len(out), dtype=bool), dtype="boolean")
    return out


def band_codes(
    values: np.ndarray, edges: tuple[float, ...], codes: tuple[str, ...], *, upper_closed: bool
) -> pd.arrays.StringArray:
    """Band code of each value; null values get no band.

    Args:
        values: The numbers (NaN = null).
        edges: Ascending cut points between consecutive bands (one fewer than ``codes``).
        codes: Band codes, lowest band first.
        upper_closed: True when a value equal to a cut point stays in the lower band
            (``0–50`` holds 50); False when it opens the next band (``mid`` starts at 15).
    """
    index = np.searchsorted(
        np.asarray(edges, dtype=np.float64), values, "left" if upper_closed else "right"
    )
    labels = np.asarray(codes, dtype=object)[np.minimum(index, len(edges))]
    labels[np.isnan(values)] = None
    return pd.array(labels, dtype="string")  # type: ignore[return-value]


def emp_band(employees: np.ndarray, params: DeriveParameters) -> pd.arrays.StringArray:
    """Insured-employee band codes (``0–50`` … ``>1000``); null employees get no band."""
    edges = tuple(float(e) for e in params.emp_band_upper_edges)
    return band_codes(employees, edges, params.emp_band_codes, upper_closed=True)


def quadrant(
    employees: np.ndarray, patents: np.ndarray, params: DeriveParameters
) -> pd.arrays.StringArray:
    """Scale × innovation quadrant (head/startup/scale/incubating); null inputs → null."""
    scale_high = employees > params.quadrant_employees_above
    innovation_high = patents > params.quadrant_patents_above
    codes = np.empty(len(employees), dtype=object)
    for (scale, innovation), code in QUADRANT_CODES.items():
        codes[(scale_high == scale) & (innovation_high == innovation)] = code
    codes[np.isnan(employees) | np.isnan(patents)] = None
    return pd.array(codes, dtype="string")  # type: ignore[return-value]


def rd_band(ratio: np.ndarray, params: DeriveParameters) -> pd.arrays.StringArray:
    """R&D-intensity band: high ≥ 25, mid [15, 25), low < 15 (percent); null → null."""
    edges = (params.rd_band_mid_from, params.rd_band_high_from)
    return band_codes(ratio, edges, RD_BAND_CODES, upper_closed=False)


def kcl_score(frame: pd.DataFrame, params: DeriveParameters) -> pd.Series:
    """Firm-level innovation-capability score of national_report.md §3.4 (0–100, 1 dp).

    ``s_d = min(cap, 100 · x_d / median(x_d | national))``; the score is the weighted mean of
    the present indicators, null with fewer than ``kcl_min_indicators``. An indicator whose
    national median is 0 or absent is left out for every firm (its score is undefined).
    The benchmark is the national firms of ``frame``: derive on a whole snapshot, then take
    subsets (a city's firms scored against their own medians would all look national). The
    score is rounded half up to 1 dp, so the band edges of charts 29 and 35 apply to the
    printed value.
    """
    level = _text(frame, "level")
    national = (
        np.zeros(len(frame), dtype=bool)
        if level is None
        else (level == "national").fillna(False).to_numpy(dtype=bool)
    )
    weighted = np.zeros(len(frame))
    weights = np.zeros(len(frame))
    present = np.zeros(len(frame), dtype=np.int64)
    for column, weight in params.kcl_indicators:
        x = _numeric(frame, column)
        benchmark = x[national & np.isfinite(x)]
        if benchmark.size == 0 or np.median(benchmark) <= 0:
            continue
        score = np.minimum(params.kcl_cap, 100.0 * x / float(np.median(benchmark)))
        has = np.isfinite(score)
        weighted[has] += weight * score[has]
        weights[has] += weight
        present += has
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = weighted / weights
    scale = 10.0**params.kcl_decimals
    # half up on the decimal value: drop binary noise (84.95 * 10 = 849.4999…) before flooring
    rounded = np.floor(np.round(raw * scale, 6) + 0.5) / scale
    rounded[present < params.kcl_min_indicators] = np.nan
    return pd.Series(rounded, index=frame.index, dtype="float64")


def firm_age_years(frame: pd.DataFrame, snapshot_date: date) -> pd.Series:
    """Whole years from founded_date to the snapshot date (completed birthdays); null → null."""
    if "founded_date" not in frame.columns:
        return pd.Series(pd.array([None] * len(frame), dtype="Int64"), index=frame.index)
    founded = pd.to_datetime(frame["founded_date"], errors="coerce")
    years = snapshot_date.year - founded.dt.year
    before_birthday = (founded.dt.month > snapshot_date.month) | (
        (founded.dt.month == snapshot_date.month) & (founded.dt.day > snapshot_date.day)
    )
    return (years - before_birthday.astype("Int64")).astype("Int64")


def _geography(out: pd.DataFrame, lookups: DeriveLookups) -> None:
    province = _text(out, "province")
    city = _text(out, "city")
    if province is None:
        out["region"] = pd.array([None] * len(out), dtype="string")
        out["city_cluster"] = pd.array([OTHER] * len(out), dtype="string")
        return
    out["region"] = _string(_per_unique(province, lookups.region_by_province.get), out.index)
    cluster = _per_unique(province, lookups.cluster_by_province.get)
    if lookups.cluster_by_city and city is not None:
        by_city = _per_unique_pair(province, city, lookups.cluster_by_city)
        cluster = np.where(pd.isna(by_city), cluster, by_city)
    cluster[pd.isna(cluster)] = OTHER
    out["city_cluster"] = _string(cluster, out.index)


def _industry(out: pd.DataFrame, lookups: DeriveLookups) -> None:
    given = {level: _text(out, level) for level in INDUSTRY_LEVELS}
    if all(v is None for v in given.values()):
        for name in (*INDUSTRY_LEVELS[:-1], *FIELD_COLUMNS):
            if name not in out.columns:
                out[name] = pd.array([None] * len(out), dtype="string")
        return
    derived = lookups.industry(
        minor=given["gbt_minor"],
        middle=given["gbt_middle"],
        major=given["gbt_major"],
        section=given["gbt_section"],
    )
    for name in (*INDUSTRY_LEVELS, *FIELD_COLUMNS):
        if name in derived.columns and (name != "gbt_minor" or name in out.columns):
            column = derived[name].astype("string")
            out[name] = _combine(_text(out, name), column).set_axis(out.index)


def _listed(out: pd.DataFrame, params: DeriveParameters) -> np.ndarray:
    boards = _text(out, "listing_board")
    if boards is None:
        given = out["is_listed"] if "is_listed" in out.columns else None
        if given is None:
            return np.zeros(len(out), dtype=bool)
        return given.astype("boolean").fillna(False).to_numpy(dtype=bool)

    def on_exchange(value: str) -> bool:
        return any(part.strip() in params.exchange_boards for part in value.split(";"))

    flags = _per_unique(boards, on_exchange)
    return np.asarray([bool(f) if f is not None else False for f in flags], dtype=bool)


def _per_unique(series: pd.Series, fn: Callable[[str], Any]) -> np.ndarray:
    """Apply ``fn`` once per distinct non-null value; null rows get None (object array)."""
    codes, uniques = pd.factorize(series, sort=False)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    mapped[:-1] = [fn(str(u)) for u in uniques]
    mapped[-1] = None
    return mapped[codes]  # code -1 (null) picks the trailing None


def _per_unique_pair(
    first: pd.Series, second: pd.Series, table: Mapping[tuple[str, str], str]
) -> np.ndarray:
    """Look up (first, second) pairs once per distinct pair; a null or unknown pair → None."""
    a, a_values = pd.factorize(first, sort=False)
    b, b_values = pd.factorize(second, sort=False)
    combined = np.where((a < 0) | (b < 0), -1, a * (len(b_values) + 1) + b)
    uniques, inverse = np.unique(combined, return_inverse=True)
    mapped = np.empty(len(uniques), dtype=object)
    for i, key in enumerate(uniques):
        if key < 0:
            mapped[i] = None
            continue
        x, y = divmod(int(key), len(b_values) + 1)
        mapped[i] = table.get((str(a_values[x]), str(b_values[y])))
    return mapped[inverse.ravel()]


def _string(values: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(pd.array(values, dtype="string"), index=index)


def _keep_given(out: pd.DataFrame, column: str, derived: np.ndarray) -> None:
    """A D column: keep given values, fill the rest from the derivation."""
    values = pd.Series(pd.array(derived, dtype="boolean"), index=out.index)
    if column in out.columns:
        values = out[column].astype("boolean").fillna(values)
    out[column] = values.astype("boolean")


def _combine(given: pd.Series | None, derived: pd.Series) -> pd.Series:
    """Given values where present (the loader turns empty cells into nulls), else derived."""
    if given is None:
        return derived.astype("string")
    missing = given.isna().to_numpy(dtype=bool)
    if not missing.any():
        return given.astype("string")
    return given.astype("string").where(~missing, derived.astype("string"))


def _text(frame: pd.DataFrame, column: str) -> pd.Series | None:
    if column not in frame.columns:
        return None
    return frame[column].astype("string")


def _numeric(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), np.nan)
    series = frame[column]
    if pd.api.types.is_bool_dtype(series.dtype):
        series = series.astype("Float64")
    return pd.to_numeric(series, errors="coerce").astype("float64").to_numpy(na_value=np.nan)


def _fill_false(values: np.ndarray, frame: pd.DataFrame) -> pd.Series:
    return pd.Series(pd.array(values, dtype="boolean"), index=frame.index)


def _any_flag(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    result = np.zeros(len(frame), dtype=bool)
    for column in columns:
        if column in frame.columns:
            result |= frame[column].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return pd.Series(pd.array(result, dtype="boolean"), index=frame.index)
