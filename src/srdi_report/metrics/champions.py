"""National Little Giants against national single champions (charts 40 and 41).

Groups: LG = ``level = national``; SC = ``single_champion_level = national`` at any level (the
scope's population is widened to firms with ``level = none`` for this family). Per-firm means of
each count column; the grant rate and citations per invention are ratios of sums (chart 40
rule). The radar (chart 41, national_report.md §3.5) averages ``100 × LG / SC`` over each
dimension's indicators.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.metrics.columns import codes, numeric
from srdi_report.metrics.levels import NATIONAL
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit

MEAN, RATE = "mean", "ratio_of_sums"
# chart 40 in the order of tables/c40_champion_indicators.csv: (dimension, indicator, kind,
# numerator columns (summed per firm), denominator column of a ratio of sums)
INDICATORS: tuple[tuple[str, str, str, tuple[str, ...], str], ...] = (
    ("tech", "patents_total", MEAN, ("patents_total",), ""),
    ("tech", "invention_applications", MEAN, ("invention_applications",), ""),
    ("tech", "pct_applications", MEAN, ("pct_applications",), ""),
    ("tech", "foreign_patents", MEAN, ("foreign_patents",), ""),
    ("quality", "invention_grants", MEAN, ("invention_grants",), ""),
    ("quality", "invention_grant_rate", RATE, ("invention_grants",), "invention_decided"),
    ("quality", "high_value_inventions_valid", MEAN, ("high_value_inventions_valid",), ""),
    ("quality", "citations_per_invention", RATE, ("invention_citations",), "invention_grants"),
    ("quality", "award_inventions", MEAN, ("award_inventions",), ""),
    ("quality", "standard_inventions", MEAN, ("standard_inventions",), ""),
    ("scale", "insured_employees", MEAN, ("insured_employees",), ""),
    ("scale", "patent_inventors", MEAN, ("patent_inventors",), ""),
    ("scale", "univ_coop_patents", MEAN, ("univ_coop_patents",), ""),
    ("capital_operation", "registered_capital", MEAN, ("registered_capital",), ""),
    ("capital_operation", "pledged_patents", MEAN, ("pledged_patents",), ""),
    ("capital_operation", "licensed_patents", MEAN, ("licensed_patents",), ""),
    ("capital_operation", "litigated_patents", MEAN, ("litigated_patents",), ""),
    ("capital_operation", "std_national", MEAN, ("std_national",), ""),
    ("capital_operation", "std_local_industry", MEAN, ("std_local", "std_industry"), ""),
    ("capital_operation", "std_group", MEAN, ("std_group",), ""),
    ("digital", "software_copyrights", MEAN, ("software_copyrights",), ""),
    ("digital", "digital_tech_patents_valid", MEAN, ("digital_tech_patents_valid",), ""),
)
FULL_SCORE = 100.0  # the champions' value on every radar axis


USED_COLUMNS = tuple(
    dict.fromkeys(c for *_, columns, below in INDICATORS for c in (*columns, below) if c)
)


def _groups(firms: pd.DataFrame, context: MetricContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(Little Giants, national single champions) of the scope, champions at any level.

    Only the indicator columns are sliced: copying every column of 17,000 rows costs more than
    the means.
    """
    columns = list(USED_COLUMNS)
    giant = (codes(firms, "level") == NATIONAL).to_numpy(dtype=bool, na_value=False)
    everyone = context.firms
    outside = context.cached(
        everyone, "non_srdi", lambda: bool((everyone["level"] == "none").any())
    )
    pool = firms
    if outside or context.scope.level is not None:  # champions beyond the scope's firms
        widened = context.scope.with_(include_non_srdi=True, level=None)
        pool = everyone.loc[widened.mask(everyone, context.geography)]
    champion = (codes(pool, "single_champion_level") == NATIONAL).to_numpy(
        dtype=bool, na_value=False
    )
    return _take(firms, giant, columns), _take(pool, champion, columns)


def _take(frame: pd.DataFrame, rows: np.ndarray, columns: list[str]) -> pd.DataFrame:
    """``frame.loc[rows, columns]`` column by column.

    ``.loc`` takes the rows of all ~100 columns before it picks the indicator columns: on the
    10x frame a transient of several hundred MB, and a tenth of chart 40's time per city.
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"{missing} not in index")  # the message .loc gives
    positions = np.flatnonzero(rows)
    return pd.DataFrame({c: frame[c].iloc[positions] for c in columns}, columns=columns)


def _matrix(group: pd.DataFrame) -> dict[str, np.ndarray]:
    """The indicator columns of a group as float arrays (null → NaN), converted once."""
    return {column: numeric(group, column) for column in USED_COLUMNS}


def _indicator(
    values: dict[str, np.ndarray], kind: str, columns: tuple[str, ...], denominator: str
) -> float:
    stacked = np.column_stack([values[c] for c in columns])
    per_firm = np.where(np.isnan(stacked).all(axis=1), np.nan, np.nansum(stacked, axis=1))
    present = per_firm[~np.isnan(per_firm)]
    if kind == MEAN:
        return float(present.mean()) if present.size else float("nan")
    below = values[denominator]
    both = ~np.isnan(per_firm) & ~np.isnan(below)
    total = below[both].sum()
    return float(per_firm[both].sum() / total) if total > 0 else float("nan")


@metric(
    "champion_comparison",
    Unit.VALUE,
    keys=("dimension", "indicator"),
    chart_ids=("c40",),
)
def champion_comparison(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 40: per indicator the LG and champion values and the multiple champion / LG.

    Money in CNY 10,000, rates as fractions; ``n`` = the smaller group, ``n_champions`` the
    champions.
    """
    return context.cached(firms, "champion_comparison", lambda: _comparison(firms, context))  # type: ignore[no-any-return]


def _comparison(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    giants, champions = _groups(firms, context)
    giant_values, champion_values = _matrix(giants), _matrix(champions)
    rows = []
    for dimension, indicator, kind, columns, denominator in INDICATORS:
        lg = _indicator(giant_values, kind, columns, denominator)
        sc = _indicator(champion_values, kind, columns, denominator)
        multiple = sc / lg if lg and np.isfinite(lg) and lg != 0 else np.nan
        rows.append((dimension, indicator, lg, sc, multiple))
    table = pd.DataFrame(
        rows, columns=["dimension", "indicator", "little_giant", "champion", "multiple"]
    )
    table["n_little_giants"] = len(giants)
    table["n_champions"] = len(champions)
    table[N_COLUMN] = min(len(giants), len(champions))
    return table


@metric(
    "champion_radar",
    Unit.SCORE,
    keys=("dimension",),
    chart_ids=("c41",),
)
def champion_radar(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 41: per dimension the mean of ``100 × LG / champion`` over its indicators.

    Champions score 100 on every axis.
    """
    table = champion_comparison(firms, context).copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        table["score"] = FULL_SCORE * table["little_giant"] / table["champion"]
    order = list(dict.fromkeys(d for d, *_ in INDICATORS))
    radar = table.groupby("dimension", sort=False).agg(score=("score", "mean"), n=(N_COLUMN, "min"))
    return radar.reindex(order).rename_axis("dimension").reset_index()
