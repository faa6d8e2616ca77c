"""Year-over-year change between two snapshots in one frame (``snapshot_year`` tells them apart).

The scope's year (or the latest year of the frame) is the current snapshot; the previous one is
the year before. The rest of the scope applies to both snapshots, so a city is compared with
itself. Firm counts by identity attributes are never withheld.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.metrics.columns import snapshot_years
from srdi_report.metrics.dimensions import KEY_COLUMNS
from srdi_report.metrics.key_codes import counts_series
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.suppression import Disclosure

GROWTH_DIMENSIONS: dict[str, tuple[str, ...]] = {"level": (), "province": (), "city": ()}


def snapshot_counts(
    firms: pd.DataFrame, context: MetricContext, dimension: str
) -> tuple[int | None, pd.Series, pd.Series]:
    """(current year, firms per key now, firms per key in the previous year's snapshot).

    Without a year in the scope its firms hold every snapshot already; with one, the previous
    snapshot is read from the whole frame (one more filter). Only key codes are split by year,
    never the whole frame.
    """
    codes = context.key_codes(firms, dimension)
    years = context.cached(firms, "snapshot_years", lambda: _years(firms, context))
    current = context.scope.year
    if current is None:
        present = years[~np.isnan(years)]
        current = int(present.max()) if present.size else None
    if current is None:
        none = np.zeros(len(years), dtype=bool)
        return None, counts_series(codes, none), counts_series(codes, none)
    now = counts_series(codes, years == current)
    if context.scope.year is None:
        return current, now, counts_series(codes, years == current - 1)
    whole = context.firms
    previous = context.scope.with_(year=current - 1).mask(whole, context.geography)
    return current, now, counts_series(context.key_codes(whole, dimension), previous)


def _years(firms: pd.DataFrame, context: MetricContext) -> np.ndarray:
    """Snapshot years of a frame, taken from the frame it was cut from when known."""
    origin = context.origin(firms)
    if origin is None:
        return snapshot_years(firms)
    parent, positions = origin
    years: np.ndarray = context.cached(parent, "snapshot_years", lambda: _years(parent, context))
    taken: np.ndarray = years[positions]
    return taken


def growth_table(firms: pd.DataFrame, context: MetricContext, dimension: str) -> pd.DataFrame:
    """``<key>, firms_previous, firms_current, change, growth, n`` per key of the dimension."""
    year, now, before = snapshot_counts(firms, context, dimension)
    # the union of the keys, sorted, through dicts: aligning Series costs more than the counts
    counts_now = dict(zip(now.index, now.to_numpy().tolist(), strict=True))
    counts_before = dict(zip(before.index, before.to_numpy().tolist(), strict=True))
    keys = sorted(counts_now.keys() | counts_before.keys())
    current = np.array([counts_now.get(k, 0) for k in keys], dtype=np.int64)
    previous = np.array([counts_before.get(k, 0) for k in keys], dtype=np.int64)
    prior = previous.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(prior > 0, current / prior - 1.0, np.nan)
    return pd.DataFrame(
        {
            KEY_COLUMNS[dimension]: np.array(keys, dtype=object),
            "year": year,
            "firms_previous": previous,
            "firms_current": current,
            "change": current - previous,
            "growth": growth,
            N_COLUMN: current,
        }
    )


def _register_growth(dimension: str) -> None:
    def firms_growth_by(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
        return growth_table(firms, context, dimension)

    firms_growth_by.__doc__ = f"Firms per {dimension} in two snapshots and the growth (fraction)."
    firms_growth_by.__module__ = __name__
    metric(
        f"firms_growth_by_{dimension}",
        Unit.SHARE,
        keys=(KEY_COLUMNS[dimension],),
        chart_ids=GROWTH_DIMENSIONS[dimension],
        disclosure=Disclosure.IDENTITY,
    )(firms_growth_by)


for _dimension in GROWTH_DIMENSIONS:
    _register_growth(_dimension)
