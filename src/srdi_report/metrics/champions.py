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
from srdi_report.metrics.levels import NATIONAL, table_of
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


Group = tuple[dict[str, np.ndarray], int]  # indicator columns as floats, firms in the group


def _groups(firms: pd.DataFrame, context: MetricContext) -> tuple[Group, Group]:
    """(Little Giants, national single champions) of the scope, champions at any level.

    Only the indicator columns are read, as float arrays: copying every column of 17,000 rows
    costs more than the means.
    """
    giant = context.level_masks(firms)[0][1]
    everyone = context.firms
    outside = context.cached(
        everyone, "non_srdi", lambda: bool((everyone["level"] == "none").any())
    )
    if outside or context.scope.level is not None:  # champions beyond the scope's firms
        # The champions of the whole frame are cut and converted once; each scope then
        # filters those few rows instead of every row of the frame.
        widened = context.scope.with_(include_non_srdi=True, level=None)
        every_champion: pd.DataFrame = context.cached(
            everyone, "national_champions", lambda: _champions(everyone)
        )
        values = context.cached(every_champion, "matrix", lambda: _matrix(every_champion))
        in_scope = widened.mask(every_champion, context.geography)
        return _giants(firms, giant, context), _take(values, in_scope)
    origin = context.origin(firms)
    if origin is None:
        champion = _is_champion(firms)
        return _group(firms, giant), _group(firms, champion)
    # rows cut from a frame (a city of a batch): read both groups from that frame's arrays
    parent, positions = origin
    every_champion_row, index, values = _parent_rows(parent, context)
    champion = every_champion_row[positions]
    return _pick(values, index[positions[giant]]), _pick(values, index[positions[champion]])


def _giants(firms: pd.DataFrame, giant: np.ndarray, context: MetricContext) -> Group:
    origin = context.origin(firms)
    if origin is None:
        return _group(firms, giant)
    parent, positions = origin
    index, values = _parent_rows(parent, context)[1:]
    return _pick(values, index[positions[giant]])


def _parent_rows(
    parent: pd.DataFrame, context: MetricContext
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """(national champion per row, row → indicator row (-1: neither group), indicators).

    The indicators of a whole frame's Little Giants and champions, converted once for every
    scope cut from it (only those rows: the rest would cost 13 MB a column at 10x).
    """

    def build() -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        champion = _is_champion(parent)
        wanted = context.level_masks(parent)[0][1] | champion
        index = np.full(len(parent), -1, dtype=np.int64)
        index[wanted] = np.arange(int(wanted.sum()))
        return champion, index, _matrix(parent, np.flatnonzero(wanted))

    rows: tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]] = context.cached(
        parent, "champion_rows", build
    )
    return rows


def _pick(values: dict[str, np.ndarray], rows: np.ndarray) -> Group:
    return {column: array[rows] for column, array in values.items()}, len(rows)


def _is_champion(frame: pd.DataFrame) -> np.ndarray:
    champion: np.ndarray = (codes(frame, "single_champion_level") == NATIONAL).to_numpy(
        dtype=bool, na_value=False
    )
    return champion


def _champions(everyone: pd.DataFrame) -> pd.DataFrame:
    return everyone.loc[_is_champion(everyone)]


def _take(values: dict[str, np.ndarray], rows: np.ndarray) -> Group:
    """The rows of a group from the indicator arrays."""
    return {column: array[rows] for column, array in values.items()}, int(rows.sum())


def _group(frame: pd.DataFrame, rows: np.ndarray) -> Group:
    """The indicator columns of some rows: only those rows are converted to float."""
    positions = np.flatnonzero(rows)
    return _matrix(frame, positions), len(positions)


def _matrix(group: pd.DataFrame, positions: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The indicator columns of a group as float arrays (null → NaN), converted once.

    Raises:
        KeyError: the frame lacks indicator columns (the message ``.loc`` gives).
    """
    missing = [c for c in USED_COLUMNS if c not in group.columns]
    if missing:
        raise KeyError(f"{missing} not in index")
    if positions is None:
        return {column: numeric(group, column) for column in USED_COLUMNS}
    # the rows first: converting whole columns of a 1.67 M-row frame costs 13 MB each
    return {column: _numeric_rows(group[column], positions) for column in USED_COLUMNS}


def _numeric_rows(column: pd.Series, positions: np.ndarray) -> np.ndarray:
    """``columns.numeric`` of some rows of a column."""
    values = column.array.take(positions)
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        return np.asarray(values.to_numpy(dtype=np.float64, na_value=np.nan), dtype=np.float64)
    return numeric(pd.DataFrame({"values": values}), "values")


def _indicator(
    values: dict[str, np.ndarray], kind: str, columns: tuple[str, ...], denominator: str
) -> float:
    if len(columns) == 1:  # one column: its values are the per-firm sums already
        per_firm = values[columns[0]]
    else:
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
    # a copy: the result's table must not be the memo's (chart 41 reads the memo's later)
    return _comparison_table(firms, context).copy()


def _comparison_table(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    table: pd.DataFrame = context.cached(
        firms, "champion_comparison", lambda: _comparison(firms, context)
    )
    return table


def _comparison(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    (giant_values, n_giants), (champion_values, n_champions) = _groups(firms, context)
    rows = []
    for dimension, indicator, kind, columns, denominator in INDICATORS:
        lg = _indicator(giant_values, kind, columns, denominator)
        sc = _indicator(champion_values, kind, columns, denominator)
        multiple = sc / lg if lg and np.isfinite(lg) and lg != 0 else np.nan
        rows.append((dimension, indicator, lg, sc, multiple))
    table = table_of(rows, ["dimension", "indicator", "little_giant", "champion", "multiple"])
    size = len(rows)
    table["n_little_giants"] = np.full(size, n_giants, dtype=np.int64)
    table["n_champions"] = np.full(size, n_champions, dtype=np.int64)
    table[N_COLUMN] = np.full(size, min(n_giants, n_champions), dtype=np.int64)
    return pd.DataFrame(table)


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
    table = _comparison_table(firms, context)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = (
            FULL_SCORE
            * table["little_giant"].to_numpy(dtype=np.float64)
            / table["champion"].to_numpy(dtype=np.float64)
        )
    dimension = table["dimension"].to_numpy(dtype=object)
    n = table[N_COLUMN].to_numpy()
    order = list(dict.fromkeys(d for d, *_ in INDICATORS))
    means, smallest = [], []
    for key in order:  # a groupby's mean (NaN left out) and min, in the chart's order
        rows = dimension == key
        present = score[rows][~np.isnan(score[rows])]
        means.append(_compensated_mean(present) if present.size else np.nan)
        smallest.append(n[rows].min() if rows.any() else np.nan)
    return pd.DataFrame({"dimension": order, "score": means, N_COLUMN: smallest})


def _compensated_mean(values: np.ndarray) -> float:
    """Mean by Kahan summation, as pandas' groupby mean adds (the radar's few scores).

    numpy's sum rounds differently in the last bit; the radar keeps pandas' numbers.
    """
    total = compensation = 0.0
    for value in values.tolist():
        y = value - compensation
        t = total + y
        compensation = t - total - y
        total = t
    return total / len(values)
