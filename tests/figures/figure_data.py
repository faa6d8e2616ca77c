"""Hand-made metric results and figure specs for the figure tests (no demo data needed)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from srdi_report.figures.spec import DataView, FigureSpec
from srdi_report.metrics.result import MetricResult, Provenance, Suppression, Unit
from srdi_report.metrics.scope import Scope

REASON = "n < min_cell (5)"

# Top provinces (admin codes) with made-up shares; Xinjiang has 3 firms and a withheld value.
PROVINCE_CODES = (
    "320000", "440000", "330000", "370000", "310000",
    "110000", "340000", "420000", "430000", "510000", "650000",
)  # fmt: skip
PROVINCE_SHARES = (0.1442, 0.1352, 0.1135, 0.0717, 0.0627, 0.0585, 0.0418, 0.0388, 0.037, 0.0358)
CITY_CODES = (
    "110000", "310000", "440300", "320500", "330100", "440100", "320100", "510100",
    "420100", "330200", "370200", "340100", "120000", "500000", "610100", "430100",
    "320200", "410100", "350200", "440600",
)  # fmt: skip
CITY_MEDIANS = (14, 13, 12, 16, 15, 11, 17, 12, 13, 18, 14, 19, 11, 10, 12, 13, 20, 9, 15, 16)
BANDS = ("b1", "b2", "b3", "b4", "b5")
BAND_LABELS = ("Under 50", "50-99", "100-299", "300-999", "1,000 and more")


def make_result(
    metric: str,
    table: pd.DataFrame,
    unit: Unit = Unit.SHARE,
    suppressed: Iterable[str] = (),
    physical_unit: str = "",
) -> MetricResult:
    """A MetricResult around a hand-made table; ``suppressed`` are ``k=v`` row keys."""
    n = table["n"] if "n" in table.columns else pd.Series([0])
    return MetricResult(
        metric_id=metric,
        scope=Scope(),
        benchmark=None,
        table=table,
        unit=unit,
        physical_unit=physical_unit,
        label_key=metric,
        family="test",
        chart_ids=(),
        n_firms=int(n.fillna(0).sum()),
        suppressed=tuple(Suppression(key, 3, REASON) for key in suppressed),
        provenance=Provenance(metric, "all", "", "all", 0, "0" * 64),
    )


def province_result() -> MetricResult:
    """firms_by_province-like: 10 provinces plus Xinjiang withheld (NaN share, 3 firms)."""
    shares = (*PROVINCE_SHARES, np.nan)
    firms = [round(s * 167_000) if s == s else 3 for s in shares]
    table = pd.DataFrame(
        {"province_code": PROVINCE_CODES, "firms": firms, "share": shares, "n": firms}
    )
    return make_result("firms_by_province", table, suppressed=["province_code=650000"])


def city_result() -> MetricResult:
    """20 cities: share (identity, never withheld) and median patents (Foshan withheld)."""
    shares = np.round(np.linspace(0.062, 0.0105, len(CITY_CODES)), 4)
    medians = np.array(CITY_MEDIANS, dtype=float)
    medians[-1] = np.nan
    n = (shares * 167_000).astype(int)
    n[-1] = 3
    table = pd.DataFrame({"city_code": CITY_CODES, "share": shares, "median": medians, "n": n})
    return make_result("city_quality", table, suppressed=["city_code=440600"])


def band_result(withheld_level: str | None = None) -> MetricResult:
    """employee_bands_by_level-like: five bands per level; one level may be withheld."""
    rows = []
    shares = {
        "national": (0.28, 0.27, 0.30, 0.12, 0.03),
        "provincial": (0.45, 0.25, 0.2, 0.08, 0.02),
    }
    for level, values in shares.items():
        for band, share in zip(BANDS, values, strict=True):
            hidden = level == withheld_level
            rows.append(
                {
                    "level": level,
                    "emp_band": band,
                    "share": np.nan if hidden else share,
                    "n": 3 if hidden else 900,
                }
            )
    keys = [f"emp_band={b};level={withheld_level}" for b in BANDS] if withheld_level else []
    return make_result("employee_bands_by_level", pd.DataFrame(rows), suppressed=keys)


def cluster_result() -> MetricResult:
    """Three clusters: national-level ratio and firm count."""
    table = pd.DataFrame(
        {
            "city_cluster": ["jjj", "yrd", "prd"],
            "ratio": [0.13, 0.121, 0.105],
            "firms": [19_000, 52_000, 22_600],
            "n": [19_000, 52_000, 22_600],
        }
    )
    return make_result("cluster_ratio", table)


BAND_MSGIDS = dict(zip(BANDS, BAND_LABELS, strict=True))


def msgid_gettext(message: str) -> str:
    """The catalog stand-in: band keys to their English labels, everything else unchanged."""
    return BAND_MSGIDS.get(message, message)


def results_of(*results: MetricResult, keys: Sequence[str] = ()) -> Mapping[str, MetricResult]:
    """Results by metric id (or by the given keys, in order)."""
    names = keys or [r.metric_id for r in results]
    return dict(zip(names, results, strict=True))


PROVINCES = DataView(
    "firms_by_province",
    {"category": "province_code", "value": "share"},
    labels={"category": "province"},
    sort="value",
    top=5,
)
C15 = FigureSpec("c15", "hbar", "Top provinces", {"main": PROVINCES}, size=(6.3, 2.6))

CITIES = DataView(
    "city_quality",
    {"category": "city_code", "value": "share", "line": "median"},
    labels={"category": "city"},
)
C19 = FigureSpec(
    "c19",
    "bar_line",
    "Cities: firm share vs median patents",
    {"main": CITIES},
    options={"value_label": "Share of all firms", "line_label": "Median patents (items)"},
    size=(6.3, 3.4),
)
EMPLOYEE_BANDS = DataView(
    "employee_bands_by_level",
    {"category": "level", "series": "emp_band", "value": "share"},
    labels={"category": "level_short", "series": "msgid"},
)
C05 = FigureSpec(
    "c05",
    "stacked_bar",
    "Employee bands by level",
    {"main": EMPLOYEE_BANDS},
    options={"percent": True, "ordered": True},
    size=(6.3, 2.2),
)
CLUSTERS = DataView(
    "cluster_ratio",
    {"category": "city_cluster", "value": "ratio", "note": "firms"},
    labels={"category": "cluster"},
)
B17A = FigureSpec(
    "b17a",
    "bar",
    "National-level share in the three city clusters",
    {"main": CLUSTERS},
    options={
        "reference": 0.1057,
        "reference_label": "National average",
        "note_unit": "approx_count",
        "note_msgid": "%(value)s firms",
    },
    size=(6.3, 2.8),
)
TOP10 = DataView(
    "firms_by_province",
    {"category": "province_code", "value": "share"},
    labels={"category": "province"},
    sort="value",
)
C15_FULL = FigureSpec(
    "c15",
    "hbar",
    "Top-10 provinces by number of SRDI firms",
    {"main": TOP10},
    options={"highlight": "320000", "reference": 1 / 31, "reference_label": "Equal share"},
    size=(6.3, 3.4),
)

HONOURS = ("Manufacturing single champion", "Famous trademark", "Provincial technology centre")


def honour_result() -> MetricResult:
    """Three honours by level: the holding rate per level (a grouped bar)."""
    rows = [
        {"honour": honour, "level": level, "rate": rate, "n": 900}
        for honour, rates in zip(HONOURS, ((0.12, 0.04), (0.3, 0.2), (0.45, 0.31)), strict=True)
        for level, rate in zip(("national", "provincial"), rates, strict=True)
    ]
    return make_result("honours_by_level", pd.DataFrame(rows))


C29 = FigureSpec(
    "c29",
    "hbar",
    "Honours by level",
    {
        "main": DataView(
            "honours_by_level",
            {"category": "honour", "series": "level", "value": "rate"},
            labels={"category": "msgid", "series": "level_short"},
        )
    },
    size=(6.3, 2.6),
)
MINOR_CLASSES = ("3562", "3985", "6513", "7320", "3399")  # long and short English names


def middle_class_result() -> MetricResult:
    """Five GB/T minor classes with made-up shares (long names wrap)."""
    shares = (0.05, 0.04, 0.03, 0.02, 0.01)
    table = pd.DataFrame({"gbt_minor": MINOR_CLASSES, "share": shares, "n": [900] * 5})
    return make_result("firms_by_gbt_minor", table)


C23 = FigureSpec(
    "c23",
    "hbar",
    "Minor classes",
    {
        "main": DataView(
            "firms_by_gbt_minor",
            {"category": "gbt_minor", "value": "share"},
            labels={"category": "gbt_minor"},
            sort="value",
        )
    },
    options={"value_noun": "of firms"},
    size=(6.3, 2.6),
)
