"""Band distributions: chart 5 employees, chart 4 capital ≥ CNY 100 million, chart 28 R&D.

Band shares keep firms with a null value in the denominator (national_report.md §0); they get
the band ``unknown`` here, so the bands of a group partition it and sum to 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.data.derive_params import EMP_BAND_CODES
from srdi_report.metrics.columns import fin_year, flag, numeric
from srdi_report.metrics.key_codes import code_counts, key_index, key_mask
from srdi_report.metrics.levels import LEVEL, PP_DIFF, compare_columns, table_of
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit

UNKNOWN = "unknown"  # no value: kept in the denominator of band shares
RD_BANDS = ("high", "mid", "low")  # chart 28 row order
ALL_BANDS = "all"


@metric(
    "employee_bands_by_level",
    Unit.SHARE,
    keys=("emp_band", LEVEL),
    chart_ids=("c05",),
)
def employee_bands_by_level(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Share of each insured-employee band per level (+ all), nat − prov rows; bands in order."""
    band_codes = context.key_codes(firms, "emp_band")
    at = [key_index(band_codes, b) for b in EMP_BAND_CODES]  # -1: no firm in the band
    null = band_codes[0] < 0
    order = (*EMP_BAND_CODES, UNKNOWN)
    rows = []
    for label, mask in context.level_masks(firms, with_all=True):
        counted = code_counts(band_codes, mask)
        counts = [int(counted[a]) if a >= 0 else 0 for a in at] + [int((null & mask).sum())]
        total = int(mask.sum())
        for band, count in zip(order, counts, strict=True):
            rows.append((band, label, count, count / total if total else np.nan, total))
    table = table_of(rows, ["emp_band", LEVEL, "firms", "share", N_COLUMN])
    table = compare_columns(table, PP_DIFF, ["share"], keys=["emp_band"])
    band_rank = {band: i for i, band in enumerate(order)}
    ranks = np.array([band_rank[b] for b in table["emp_band"]])
    by_band = np.argsort(ranks, kind="stable")
    return pd.DataFrame({column: values[by_band] for column, values in table.items()})


@metric(
    "capital_ge_1yi_by_level",
    Unit.SHARE,
    keys=(LEVEL,),
    chart_ids=("c04",),
)
def capital_ge_1yi_by_level(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Share of firms with registered capital ≥ CNY 100 million per level, and nat − prov."""
    at_least = flag(firms, "capital_ge_1yi")
    rows = []
    for label, mask in context.level_masks(firms, with_all=True):
        total = int(mask.sum())
        hits = int(at_least[mask].sum())
        rows.append((label, hits, hits / total if total else np.nan, total))
    table = table_of(rows, [LEVEL, "firms", "share", N_COLUMN])
    return pd.DataFrame(compare_columns(table, PP_DIFF, ["share"]))


@metric(
    "rd_bands",
    Unit.SHARE,
    keys=("rd_band",),
    chart_ids=("c28", "c29"),
    n_disclosed=False,  # firms per R&D band
)
def rd_bands(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 28: firms, patents and national share per R&D band of the financial year.

    Sample: firms with a value that year (no 0–30% window). Per band: share of the sample,
    median patents and invention grants, national-level share; an ``all`` row for the sample.
    """
    year = fin_year(firms)
    band_column = f"rd_band_{year}"
    if year is None or band_column not in firms.columns:
        raise KeyError(band_column)
    band = context.key_codes(firms, band_column)
    in_sample = band[0] >= 0
    national = context.level_masks(firms)[0][1]
    patents, grants = numeric(firms, "patents_total"), numeric(firms, "invention_grants")
    sample = int(in_sample.sum())
    rows = []
    for name in (*RD_BANDS, ALL_BANDS):
        mask = in_sample if name == ALL_BANDS else key_mask(band, name)
        n = int(mask.sum())
        rows.append(
            (
                name,
                n,
                n / sample if sample else np.nan,
                _median(patents[mask]),
                _median(grants[mask]),
                national[mask].sum() / n if n else np.nan,
                n,
            )
        )
    columns = [
        "rd_band",
        "firms",
        "share",
        "patents_median",
        "invention_grants_median",
        "national_share",
        N_COLUMN,
    ]
    return pd.DataFrame(table_of(rows, columns))


def _median(values: np.ndarray) -> float:
    present = values[~np.isnan(values)]
    return float(np.median(present)) if present.size else float("nan")
