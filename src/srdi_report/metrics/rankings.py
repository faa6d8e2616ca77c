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

from srdi_report.metrics.columns import codes, numeric
from srdi_report.metrics.dimensions import KEY_COLUMNS, counts_by
from srdi_report.metrics.levels import NATIONAL
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
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
    series = pd.Series(values)
    return (series.duplicated(keep=False) & series.notna()).to_numpy()


def ranking_table(firms: pd.DataFrame, dimension: str, context: MetricContext) -> pd.DataFrame:
    """``<key>, rank, firms, share, national, national_ratio, tied, n`` in rank order."""
    keys = context.keys(firms, dimension)
    national = (codes(firms, "level") == NATIONAL).to_numpy(dtype=bool, na_value=False)
    totals = counts_by(keys)
    nat = counts_by(keys[national]).reindex(totals.index, fill_value=0)
    count = totals.to_numpy(dtype=np.float64)
    key_values = totals.index.to_numpy(dtype=str)
    table = pd.DataFrame(
        {
            KEY_COLUMNS[dimension]: key_values.astype(object),
            "rank": ordinal_ranks(key_values, count, count),
            "firms": totals.to_numpy(),
            "share": count / len(firms) if len(firms) else np.nan,
            "national": nat.to_numpy(),
            "national_ratio": nat.to_numpy(dtype=np.float64) / count,
            "tied": tied_flags(count),
            N_COLUMN: totals.to_numpy(),
        }
    )
    return table.sort_values("rank", kind="stable").reset_index(drop=True)


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
    keys = context.keys(firms, "city")
    patents = pd.Series(numeric(firms, "patents_total"), index=firms.index)
    grouped = patents.groupby(keys.astype(object).where(keys.notna(), None), sort=True, dropna=True)
    median, size = grouped.median(), grouped.size()
    eligible = size.to_numpy() >= context.config.min_cell
    values = np.where(eligible, median.to_numpy(dtype=np.float64), np.nan)
    key_values = median.index.to_numpy(dtype=str)
    ranks = ordinal_ranks(key_values, values, size.to_numpy(dtype=np.float64))
    table = pd.DataFrame(
        {
            "city_code": key_values.astype(object),
            "rank": np.where(ranks > 0, ranks, np.nan),
            "median": median.to_numpy(dtype=np.float64),
            "ranked_of": float(eligible.sum()),
            "tied": tied_flags(values),
            N_COLUMN: size.to_numpy(),
        }
    )
    return table.sort_values(["rank", "city_code"], kind="stable").reset_index(drop=True)
