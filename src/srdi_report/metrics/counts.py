"""Counts and shares of firms by identity dimensions (charts 3, 15–17, 19–23, B17a, B19a).

Identity counts and shares are never withheld (city_edition.md §5). A share is the fraction of
all firms of the scope (firms with a null key stay in the denominator, national_report.md §0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.metrics.columns import flag
from srdi_report.metrics.dimensions import KEY_COLUMNS
from srdi_report.metrics.levels import table_of
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.suppression import Disclosure

# dimension -> charts printing its counts or shares
COUNT_CHARTS: dict[str, tuple[str, ...]] = {
    "level": ("c03",),
    "province": ("c15", "c16"),
    "city": ("c19", "b19a", "c54"),
    "cluster": ("b17a", "c17"),
    "region": (),
    "gbt_section": (),
    "gbt_major": ("c20", "c18"),
    "gbt_middle": ("c21", "c22"),
    "gbt_minor": ("c23",),
    "field_domain": ("c22", "c35"),
    "industry_type4": (),
}
DISTINCT_CLASS_COLUMNS = ("gbt_major", "gbt_middle", "gbt_minor")


@metric(
    "firm_count",
    Unit.COUNT,
    chart_ids=("c03", "c54"),
    disclosure=Disclosure.IDENTITY,
)
def firm_count(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Firms in the scope: one row, ``firms`` (= ``n``)."""
    del context
    return pd.DataFrame({"firms": [len(firms)], N_COLUMN: [len(firms)]})


def share_table(firms: pd.DataFrame, dimension: str, context: MetricContext) -> pd.DataFrame:
    """``<key>, firms, share, n`` per key of a dimension, keys ascending."""
    counts = context.counts(firms, dimension)
    total = len(firms)
    share = counts.to_numpy(dtype=np.float64) / total if total else np.full(len(counts), np.nan)
    return pd.DataFrame(
        {
            KEY_COLUMNS[dimension]: counts.index.to_numpy(dtype=object),
            "firms": counts.to_numpy(),
            "share": share,
            N_COLUMN: np.full(len(counts), total),
        }
    )


def _register_share_metric(dimension: str) -> None:
    def firms_by(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
        return share_table(firms, dimension, context)

    firms_by.__doc__ = f"Firms and their share of the scope by {dimension}."
    firms_by.__module__ = __name__
    metric(
        f"firms_by_{dimension}",
        Unit.SHARE,
        keys=(KEY_COLUMNS[dimension],),
        chart_ids=COUNT_CHARTS[dimension],
        disclosure=Disclosure.IDENTITY,
    )(firms_by)


for _dimension in COUNT_CHARTS:
    _register_share_metric(_dimension)


@metric(
    "distinct_classes",
    Unit.COUNT,
    keys=("column",),
    chart_ids=("c21", "c23"),
    disclosure=Disclosure.IDENTITY,
)
def distinct_classes(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Number of distinct GB/T major, middle and minor classes present among the firms."""
    rows = [(c, len(context.counts(firms, c)), len(firms)) for c in DISTINCT_CLASS_COLUMNS]
    return pd.DataFrame(table_of(rows, ["column", "classes", N_COLUMN]))


TIERS = ("growth", "breakthrough", "leading")  # national_report.md §4 tiers 2, 3, 4


@metric(
    "tier_pyramid",
    Unit.SHARE,
    keys=("tier",),
    chart_ids=("c03", "c48"),
    disclosure=Disclosure.IDENTITY,  # levels, key Little Giants and champions are public lists
)
def tier_pyramid(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Firms and share of the scope per pyramid tier (§4): provincial, national, leading.

    ``leading`` = national firms that are key Little Giants or national single champions, a
    subset of ``breakthrough``; it is left out when the data has neither column.
    """
    level = context.level_masks(firms)
    national, provincial = level[0][1], level[1][1]
    rows = [("growth", int(provincial.sum())), ("breakthrough", int(national.sum()))]
    leading = np.zeros(len(firms), dtype=bool)
    present = False
    if "is_key_little_giant" in firms.columns:
        leading |= flag(firms, "is_key_little_giant")
        present = True
    if "single_champion_level" in firms.columns:
        champion = firms["single_champion_level"] == "national"
        leading |= champion.to_numpy(dtype=bool, na_value=False)
        present = True
    if present:
        rows.append(("leading", int((leading & national).sum())))
    total = len(firms)
    return pd.DataFrame(
        {
            "tier": [t for t, _ in rows],
            "firms": [n for _, n in rows],
            "share": [n / total if total else np.nan for _, n in rows],
            N_COLUMN: total,
        }
    )
