"""Year-over-year change between two snapshots in one frame (``snapshot_year`` tells them apart).

The scope's year (or the latest year of the frame) is the current snapshot; the previous one is
the year before. The rest of the scope applies to both snapshots, so a city is compared with
itself. Firm counts by identity attributes are never withheld.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.metrics.columns import snapshot_years
from srdi_report.metrics.dimensions import KEY_COLUMNS, counts_by, dimension_keys
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.suppression import Disclosure

GROWTH_DIMENSIONS: dict[str, tuple[str, ...]] = {"level": (), "province": (), "city": ()}


def snapshots(context: MetricContext) -> tuple[int | None, pd.DataFrame, pd.DataFrame]:
    """(current year, current firms, previous-year firms) of the scope."""
    years = snapshot_years(context.firms)
    current = context.scope.year
    if current is None:
        present = years[~np.isnan(years)]
        current = int(present.max()) if present.size else None
    if current is None:
        empty = context.firms.iloc[:0]
        return None, empty, empty
    frames = []
    for year in (current, current - 1):
        scope = context.scope.with_(year=year)
        mask = scope.mask(context.firms, context.geography)
        frames.append(context.firms if mask.all() else context.firms.loc[mask])
    return current, frames[0], frames[1]


def growth_table(context: MetricContext, dimension: str) -> pd.DataFrame:
    """``<key>, firms_previous, firms_current, change, growth, n`` per key of the dimension."""
    year, current, previous = snapshots(context)
    now = counts_by(dimension_keys(current, dimension, context.geography))
    before = counts_by(dimension_keys(previous, dimension, context.geography))
    keys = now.index.union(before.index).sort_values()
    now, before = now.reindex(keys, fill_value=0), before.reindex(keys, fill_value=0)
    prior = before.to_numpy(dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(prior > 0, now.to_numpy() / prior - 1.0, np.nan)
    return pd.DataFrame(
        {
            KEY_COLUMNS[dimension]: keys.to_numpy(dtype=object),
            "year": year,
            "firms_previous": before.to_numpy(),
            "firms_current": now.to_numpy(),
            "change": now.to_numpy() - before.to_numpy(),
            "growth": growth,
            N_COLUMN: now.to_numpy(),
        }
    )


def _register_growth(dimension: str) -> None:
    def firms_growth_by(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
        del firms  # both snapshots come from the whole frame
        return growth_table(context, dimension)

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
