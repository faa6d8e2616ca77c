"""Rankings of provinces, cities and classes (charts 15, 16, 19, 20, 21, 54, B19a).

national_report.md §0 and §6.3: descending by the ranked value, ties broken by firm count
(descending), then by code (ascending); ranks are ordinal (1, 2, 3 …). ``tied`` marks a row
whose ranked value equals another row's (narrated as joint; tables keep the ordinal order).
Ranks on an attribute statistic include only keys with at least ``min_cell`` firms
(city_edition.md §5 rule 5).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.metrics.columns import numeric
from srdi_report.metrics.dimensions import KEY_COLUMNS
from srdi_report.metrics.key_codes import group_medians
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.shares import national_counts
from srdi_report.metrics.suppression import Disclosure

RANKED_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "province": ("c15", "c16"),
    "city": ("c19", "b19a", "c54"),
    "gbt_major": ("c20",),
    "gbt_middle": ("c21",),
}


def ordinal_ranks(keys: np.ndarray, values: np.ndarray, firms: np.ndarray) -> np.ndarray:
    """Ordinal rank (1 = first) of each row: value desc, firms desc, key asc.

    A NaN value is not ranked (rank 0).
    """
    missing = np.isnan(values)
    order = np.lexsort((keys.astype(str), -firms, -np.where(missing, -np.inf, values)))
    ranks = np.empty(len(keys), dtype=np.int64)
    ranks[order] = np.arange(1, len(keys) + 1)
    ranks[missing] = 0
    return ranks


def tied_flags(values: np.ndarray) -> np.ndarray:
    """True where the value (not NaN) occurs more than once."""
    present = ~np.isnan(values)
    _unique, inverse, counts = np.unique(values[present], return_inverse=True, return_counts=True)
    tied = np.zeros(len(values), dtype=bool)
    tied[present] = counts[inverse] > 1
    return tied


def _in_order(columns: dict[str, np.ndarray], order: np.ndarray) -> pd.DataFrame:
    """One frame of the columns' rows in ``order`` (sorting a built frame costs more)."""
    return pd.DataFrame({name: np.asarray(values)[order] for name, values in columns.items()})


def ranking_table(firms: pd.DataFrame, dimension: str, context: MetricContext) -> pd.DataFrame:
    """``<key>, rank, firms, share, national, national_ratio, tied, n`` in rank order."""
    keys, totals, nat = national_counts(firms, dimension, context)
    count = totals.astype(np.float64)
    key_values = keys.astype(str)
    ranks = ordinal_ranks(key_values, count, count)
    columns = {
        KEY_COLUMNS[dimension]: key_values.astype(object),
        "rank": ranks,
        "firms": totals,
        "share": count / len(firms) if len(firms) else np.full(len(count), np.nan),
        "national": nat,
        "national_ratio": nat.astype(np.float64) / count,
        "tied": tied_flags(count),
        N_COLUMN: totals,
    }
    return _in_order(columns, np.argsort(ranks, kind="stable"))


def _register_ranking(dimension: str) -> None:
    def ranking(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
        return ranking_table(firms, dimension, context)

    ranking.__doc__ = f"Every {dimension} ranked by firm count, with shares and national ratio."
    ranking.__module__ = __name__
    metric(
        f"{dimension}_ranking",
        Unit.RANK,
        keys=(KEY_COLUMNS[dimension],),
        chart_ids=RANKED_DIMENSIONS[dimension],
        disclosure=Disclosure.IDENTITY,
    )(ranking)


for _dimension in RANKED_DIMENSIONS:
    _register_ranking(_dimension)


@metric(
    "city_patent_median_ranking",
    Unit.RANK,
    keys=("city_code",),
    chart_ids=("c19", "b19a"),
)
def city_patent_median_ranking(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Cities ranked by median total patents.

    Only those with at least ``min_cell`` firms (``ranked_of`` = how many); smaller cities get no
    rank and their median is withheld.
    """
    keys, median, _count, size = group_medians(
        context.key_codes(firms, "city"), numeric(firms, "patents_total")
    )
    eligible = size >= context.config.min_cell
    values = np.where(eligible, median, np.nan)
    key_values = keys.astype(str)
    ranks = ordinal_ranks(key_values, values, size.astype(np.float64))
    rank = np.where(ranks > 0, ranks, np.nan)
    columns = {
        "city_code": key_values.astype(object),
        "rank": rank,
        "median": median,
        "ranked_of": np.full(len(rank), float(eligible.sum())),
        "tied": tied_flags(values),
        N_COLUMN: size,
    }
    # by rank, unranked (NaN) last, then by code
    return _in_order(columns, np.lexsort((key_values, rank)))
