"""Medians, means and percentiles by level and by class (charts 4, 11, 12, 19, 26, 27, 33, B11a).

Nulls are dropped (national_report.md §0); percentiles interpolate linearly. Percent inputs
(``rd_ratio_<YYYY>``, ``revenue_growth_<YYYY>``) come out as fractions.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.metrics.columns import PERCENT, flag, numeric, window_years
from srdi_report.metrics.key_codes import group_medians, key_mask
from srdi_report.metrics.levels import (
    LEVEL,
    PP_DIFF,
    RATIO,
    compare_columns,
    group_rows,
    table_of,
)
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.scope import industry_column

# chart 4 (capital) and chart 26 (six core indicators), in the chart's row order
CORE_INDICATORS = (
    "registered_capital",
    "insured_employees",
    "patents_total",
    "invention_applications_pending",
    "invention_grants",
    "software_copyrights",
)
CORE_STATISTICS = ("median", "mean")
# charts 11, 12, 27: the R&D sample window 0 <= rd_ratio <= 30 (percent, footnote 2)
RD_WINDOW_PERCENT = (0.0, 30.0)
RD_STATISTICS = ("mean", "p50", "p75", "p90")
# chart 33: representative classes (GB/T codes at their own level)
FIELD_CLASSES = ("397", "398", "382", "346", "6560", "651", "7320", "33")


@metric(
    "indicators_by_level",
    Unit.VALUE,
    keys=("indicator", "statistic", LEVEL),
    chart_ids=("c04", "c26", "c48"),
)
def indicators_by_level(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Median and mean of the core indicators per level (+ all), and the nat / prov ratio.

    Values are in the column's unit (registered capital in CNY 10,000, employees in persons, patents
    and copyrights in items); ``level = ratio`` rows hold the multiple national / provincial.
    """
    masks = context.level_masks(firms, with_all=True)
    rows = [
        (indicator, statistic, label, value, n)
        for indicator in CORE_INDICATORS
        for label, statistic, value, n in group_rows(
            numeric(firms, indicator), masks, CORE_STATISTICS
        )
    ]
    table = table_of(rows, ["indicator", "statistic", LEVEL, "value", N_COLUMN])
    return pd.DataFrame(compare_columns(table, RATIO, ["value"], keys=["indicator", "statistic"]))


@metric(
    "rd_intensity_by_level",
    Unit.SHARE,
    keys=("year", "statistic", LEVEL),
    chart_ids=("c11", "c12", "c27", "c48"),
)
def rd_intensity_by_level(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Mean and P50/P75/P90 R&D intensity per year and level, in the 0–30% window (fractions).

    ``n`` = firms in the window; ``firms_with_value`` = firms with any value that year (the
    window is visible next to it); ``level = pp_diff`` rows are national − provincial.
    """
    masks = context.level_masks(firms, with_all=True)
    low, high = RD_WINDOW_PERCENT
    rows: list[tuple[int, str, str, float, float, int]] = []
    for year in window_years(firms, "rd_ratio"):
        ratio = numeric(firms, f"rd_ratio_{year}")
        has_value = ~np.isnan(ratio)
        windowed = np.where(has_value & (ratio >= low) & (ratio <= high), ratio / PERCENT, np.nan)
        with_value = {label: float((has_value & mask).sum()) for label, mask in masks}
        rows += [
            (year, statistic, label, value, with_value[label], n)
            for label, statistic, value, n in group_rows(windowed, masks, RD_STATISTICS)
        ]
    columns = ["year", "statistic", LEVEL, "value", "firms_with_value", N_COLUMN]
    table = table_of(rows, columns)
    return pd.DataFrame(compare_columns(table, PP_DIFF, ["value"], keys=["year", "statistic"]))


@metric(
    "revenue_growth_by_level",
    Unit.SHARE,
    keys=("year", LEVEL),
    chart_ids=("b11a",),
)
def revenue_growth_by_level(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Median revenue growth of listed firms per year and level (fractions), nat − prov rows."""
    listed = flag(firms, "is_listed")
    masks = [(label, mask & listed) for label, mask in context.level_masks(firms, with_all=True)]
    rows: list[tuple[int, str, float, int]] = []
    for year in window_years(firms, "revenue_growth"):
        growth = numeric(firms, f"revenue_growth_{year}") / PERCENT
        rows += [(year, label, v, n) for label, _s, v, n in group_rows(growth, masks, ("median",))]
    table = table_of(rows, ["year", LEVEL, "value", N_COLUMN])
    return pd.DataFrame(compare_columns(table, PP_DIFF, ["value"], keys=["year"]))


@metric(
    "patents_median_by_city",
    Unit.VALUE,
    keys=("city_code",),
    chart_ids=("c19", "b19a"),
    physical_unit="items",
)
def patents_median_by_city(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Median total patents of each city's firms (one groupby); small cities are withheld."""
    keys, median, count, _size = group_medians(
        context.key_codes(firms, "city"), numeric(firms, "patents_total")
    )
    return pd.DataFrame({"city_code": keys, "value": median, N_COLUMN: count})


@metric(
    "field_class_indicators",
    Unit.VALUE,
    keys=("industry", "statistic"),
    chart_ids=("c33",),
)
def field_class_indicators(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 33: indicators of each representative class.

    Median invention grants and software copyrights, and the mean R&D intensity of the
    financial year without the 0–30% window (a fraction).
    """
    years = window_years(firms, "rd_ratio")
    rd = numeric(firms, f"rd_ratio_{years[-1]}") / PERCENT if years else np.full(len(firms), np.nan)
    grants, copyrights = numeric(firms, "invention_grants"), numeric(firms, "software_copyrights")
    rows = []
    for code in FIELD_CLASSES:
        mask = key_mask(context.key_codes(firms, industry_column(code)), code)
        for statistic, values, how in (
            ("invention_grants_median", grants, "median"),
            ("software_copyrights_median", copyrights, "median"),
            ("rd_intensity_mean", rd, "mean"),
        ):
            (_label, _how, value, n) = group_rows(values, [(code, mask)], (how,))[0]
            rows.append((code, statistic, value, n))
    return pd.DataFrame(table_of(rows, ["industry", "statistic", "value", N_COLUMN]))
