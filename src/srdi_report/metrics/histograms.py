"""Binned distributions: histograms on fixed bins, their percentiles, and a 2-D scale grid.

The distribution charts (issue 5 §1: histogram with P50/P75/P90 markers, log scale for heavy
tails) and the scale × innovation density of chart 13 draw from these tables, never from the
firm frame. Bin edges are fixed per indicator (never taken from the data: a data-driven edge
would disclose the smallest or largest firm), and every bin carries ``n`` = the firms in it, so
a bin over 1 to ``min_cell`` − 1 firms is withheld like any other small cell.

Heavy-tailed indicators use log-spaced edges (:data:`PER_DECADE` per decade) after a first bin
``[0, 1)`` for zeros; values above the top edge fall in the top bin. R&D intensity uses linear
one-point bins over the window of charts 11–12 (0–30%), as fractions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from srdi_report.metrics.columns import PERCENT, fin_year, numeric
from srdi_report.metrics.levels import LEVEL, group_rows, table_of
from srdi_report.metrics.quantiles import RD_WINDOW_PERCENT
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit

PER_DECADE = 5  # log bins per decade: fine enough for a shape, coarse enough for a city
# indicator -> decades above 1 covered by log bins (the top bin also takes larger values)
LOG_INDICATORS: dict[str, int] = {
    "registered_capital": 6,  # CNY 10,000: 1 to 10^6 (10 billion yuan)
    "insured_employees": 5,
    "patents_total": 4,
    "invention_grants": 4,
}
RD_INDICATOR = "rd_ratio"  # the fin year's rd_ratio_<YYYY>, in the 0–30% window
RD_BIN_PERCENT = 1.0
PERCENTILE_STATISTICS = ("p10", "p25", "p50", "p75", "p90", "mean")
# chart 13 grid: insured employees (x) × total patents (y), four bins per decade
GRID_PER_DECADE = 4
GRID_DECADES = {"insured_employees": 4, "patents_total": 4}
HISTOGRAM_COLUMNS = ["indicator", LEVEL, "bin_lower", "bin_upper", "firms", "share", N_COLUMN]


def log_edges(decades: int, per_decade: int = PER_DECADE) -> np.ndarray:
    """``[0, 1, 10^(1/k), …, 10^decades]``: a zero bin, then log-spaced bins from 1."""
    steps = np.arange(decades * per_decade + 1, dtype=np.float64) / per_decade
    return np.concatenate(([0.0], np.round(10.0**steps, 6)))


def rd_edges() -> np.ndarray:
    """One-point bins over the R&D window, as fractions (0, 0.01, …, 0.30)."""
    low, high = RD_WINDOW_PERCENT
    count = round((high - low) / RD_BIN_PERCENT)
    return np.round(np.linspace(low, high, count + 1) / PERCENT, 6)


def bin_counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Firms per bin ``[edge_i, edge_i+1)``; the top bin also takes values at or above its top.

    NaN and values below the first edge are not counted.
    """
    known = values[~np.isnan(values) & (values >= edges[0])]
    index = np.clip(np.searchsorted(edges, known, side="right") - 1, 0, len(edges) - 2)
    return np.bincount(index, minlength=len(edges) - 1).astype(np.int64)


def _indicator_values(firms: pd.DataFrame) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(indicator, values, edges) for every indicator the frame has."""
    out = [
        (name, numeric(firms, name), log_edges(decades))
        for name, decades in LOG_INDICATORS.items()
        if name in firms.columns
    ]
    year = fin_year(firms)
    column = f"{RD_INDICATOR}_{year}"
    if year is not None and column in firms.columns:
        ratio = numeric(firms, column)
        low, high = RD_WINDOW_PERCENT
        windowed = np.where((ratio >= low) & (ratio <= high), ratio / PERCENT, np.nan)
        out.append((RD_INDICATOR, windowed, rd_edges()))
    return out


@metric(
    "value_histogram",
    Unit.SHARE,
    keys=("indicator", LEVEL, "bin_lower", "bin_upper"),
    chart_ids=("c12",),
    n_disclosed=False,
)
def value_histogram(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Firms per fixed bin of each indicator, per level (+ all).

    Columns: ``firms`` in the bin, ``share`` of the group's firms with a value (in the R&D
    window for ``rd_ratio``), ``n`` = firms in the bin (a sparse bin is withheld). Edges are in
    the indicator's unit (CNY 10,000, persons, items; R&D intensity as a fraction).
    """
    rows: list[tuple[object, ...]] = []
    masks = context.level_masks(firms, with_all=True)
    for indicator, values, edges in _indicator_values(firms):
        for label, mask in masks:
            counts = bin_counts(values[mask], edges)
            total = int(counts.sum())
            for i, count in enumerate(counts):
                share = count / total if total else np.nan
                rows.append(
                    (indicator, label, edges[i], edges[i + 1], int(count), share, int(count))
                )
    return pd.DataFrame(table_of(rows, HISTOGRAM_COLUMNS), columns=HISTOGRAM_COLUMNS)


@metric(
    "value_percentiles",
    Unit.VALUE,
    keys=("indicator", "statistic", LEVEL),
    chart_ids=("c12",),
)
def value_percentiles(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """P10/P25/P50/P75/P90 and mean of each :func:`value_histogram` indicator, per level (+ all).

    Values are in the indicator's unit (R&D intensity as a fraction, in the window);
    ``n`` = the group's firms with a value.
    """
    masks = context.level_masks(firms, with_all=True)
    rows = [
        (indicator, statistic, label, value, n)
        for indicator, values, _edges in _indicator_values(firms)
        for label, statistic, value, n in group_rows(values, masks, PERCENTILE_STATISTICS)
    ]
    columns = ["indicator", "statistic", LEVEL, "value", N_COLUMN]
    return pd.DataFrame(table_of(rows, columns), columns=columns)


def grid_counts(
    x: np.ndarray, y: np.ndarray, x_edges: np.ndarray, y_edges: np.ndarray
) -> np.ndarray:
    """Firms per (x bin, y bin), firms with both values only; top bins take larger values."""
    both = ~np.isnan(x) & ~np.isnan(y) & (x >= x_edges[0]) & (y >= y_edges[0])
    xi = np.clip(np.searchsorted(x_edges, x[both], side="right") - 1, 0, len(x_edges) - 2)
    yi = np.clip(np.searchsorted(y_edges, y[both], side="right") - 1, 0, len(y_edges) - 2)
    cells = (len(x_edges) - 1) * (len(y_edges) - 1)
    flat = np.bincount(xi * (len(y_edges) - 1) + yi, minlength=cells)
    return flat.reshape(len(x_edges) - 1, len(y_edges) - 1).astype(np.int64)


GRID_COLUMNS: Sequence[str] = (
    "x_lower",
    "x_upper",
    "y_lower",
    "y_upper",
    "firms",
    "share",
    N_COLUMN,
)


@metric(
    "scale_innovation_grid",
    Unit.SHARE,
    keys=("x_lower", "x_upper", "y_lower", "y_upper"),
    chart_ids=("c13",),
    n_disclosed=False,
)
def scale_innovation_grid(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 13's density: firms per cell of insured employees (x) × total patents (y).

    Fixed edges (a zero bin, then four log bins per decade); only firms with both values, as
    in ``quadrant_shares``; ``share`` of those firms; ``n`` = firms in the cell (sparse cells
    are withheld). Empty cells are left out.
    """
    x_edges = log_edges(GRID_DECADES["insured_employees"], GRID_PER_DECADE)
    y_edges = log_edges(GRID_DECADES["patents_total"], GRID_PER_DECADE)
    counts = grid_counts(
        numeric(firms, "insured_employees"), numeric(firms, "patents_total"), x_edges, y_edges
    )
    total = int(counts.sum())
    xi, yi = np.nonzero(counts)
    firms_in = counts[xi, yi]
    return pd.DataFrame(
        {
            "x_lower": x_edges[xi],
            "x_upper": x_edges[xi + 1],
            "y_lower": y_edges[yi],
            "y_upper": y_edges[yi + 1],
            "firms": firms_in,
            "share": firms_in / total if total else np.full(firms_in.size, np.nan),
            N_COLUMN: firms_in,
        },
        columns=list(GRID_COLUMNS),
    )
