"""Level groups and the comparisons between them (national_report.md §0 notation).

Tables of "by level" metrics are long: a ``level`` key column holds ``national``,
``provincial`` and ``all`` for the groups, and ``ratio`` (nat / prov), ``pp_diff`` (nat − prov,
a difference of fractions) or ``uplift`` (a / b − 1) for the comparison rows, whose ``n`` is the
smaller of the two groups' (a comparison discloses both).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from srdi_report.metrics.columns import codes
from srdi_report.metrics.result import N_COLUMN

NATIONAL = "national"
PROVINCIAL = "provincial"
ALL = "all"
RATIO = "ratio"
PP_DIFF = "pp_diff"
UPLIFT = "uplift"
LEVEL = "level"
GROUPS = (NATIONAL, PROVINCIAL)


def level_masks(firms: pd.DataFrame, *, with_all: bool = False) -> list[tuple[str, np.ndarray]]:
    """``[(national, mask), (provincial, mask)]`` (+ ``all`` when asked), in that order."""
    level = codes(firms, LEVEL)
    masks = [(g, (level == g).to_numpy(dtype=bool, na_value=False)) for g in GROUPS]
    if with_all:
        masks.append((ALL, np.ones(len(firms), dtype=bool)))
    return masks


Columns = dict[str, np.ndarray]  # a table as named columns, before it becomes a frame


def table_of(rows: Sequence[tuple[object, ...]], names: Sequence[str]) -> Columns:
    """Columns of row tuples, typed as ``pd.DataFrame(rows, columns=names)`` types them.

    Text becomes object arrays; ints int64; floats (or ints mixed with floats) float64. The
    families build their small tables this way and make one frame at the end: a frame per
    step costs more than the statistics of a city's few hundred firms.
    """
    columns: Columns = {}
    for index, name in enumerate(names):
        values = [row[index] for row in rows]
        array = np.array(values) if values else np.array([], dtype=object)
        if array.dtype.kind in "US":  # numpy makes fixed-width text; a frame keeps objects
            array = np.array(values, dtype=object)
        columns[name] = array
    return columns


def compare(
    table: pd.DataFrame,
    kind: str,
    value_columns: Sequence[str],
    *,
    keys: Sequence[str] = (),
    group_column: str = LEVEL,
    first: str = NATIONAL,
    second: str = PROVINCIAL,
) -> pd.DataFrame:
    """Append comparison rows (``first`` against ``second``) to a long table.

    Args:
        table: Rows with ``group_column``, other key columns, value columns and ``n``.
        kind: ``ratio`` (a / b), ``pp_diff`` (a − b) or ``uplift`` (a / b − 1).
        value_columns: Columns compared; any other column but the keys is left NaN.
        keys: The key columns besides ``group_column``: one comparison row per combination.
        group_column: The column holding the group labels.
        first: Label of a.
        second: Label of b.

    Returns:
        The table with one comparison row per combination of the other keys, after the groups.
    """
    columns = {str(c): table[c].to_numpy() for c in table.columns}
    joined = compare_columns(
        columns,
        kind,
        value_columns,
        keys=keys,
        group_column=group_column,
        first=first,
        second=second,
    )
    return pd.DataFrame(joined, columns=table.columns)


def compare_columns(
    table: Columns,
    kind: str,
    value_columns: Sequence[str],
    *,
    keys: Sequence[str] = (),
    group_column: str = LEVEL,
    first: str = NATIONAL,
    second: str = PROVINCIAL,
) -> Columns:
    """:func:`compare` on named columns (see :func:`table_of`); the same rows and dtypes."""
    value_columns = list(value_columns)
    group = np.asarray(table[group_column], dtype=object)
    left = np.flatnonzero(group == first)
    right_rows = np.flatnonzero(group == second)
    # Pair each first-group row with the second-group row of the same keys; the tables are
    # small (one row per statistic), so a dict over their key tuples is cheap.
    key_values = [np.asarray(table[k], dtype=object) for k in keys]
    position = {tuple(v[r] for v in key_values): r for r in right_rows}
    right = np.array([position.get(tuple(v[r] for v in key_values), -1) for r in left], dtype=int)
    found = right >= 0
    size = len(group)
    matrix = np.empty((size, len(value_columns)), dtype=np.float64)
    for index, column in enumerate(value_columns):
        matrix[:, index] = np.asarray(table[column], dtype=np.float64)
    a = matrix[left]
    b = np.full_like(a, np.nan)
    b[found] = matrix[right[found]]
    with np.errstate(divide="ignore", invalid="ignore"):
        if kind == RATIO:
            values = a / b
        elif kind == UPLIFT:
            values = a / b - 1.0
        elif kind == PP_DIFF:
            values = a - b
        else:
            raise ValueError(f"unknown comparison {kind!r}")
    values[~np.isfinite(values)] = np.nan
    n = np.asarray(table[N_COLUMN], dtype=np.float64)
    rows: Columns = {c: np.full(len(left), np.nan) for c in table}
    for k, v in zip(keys, key_values, strict=True):
        rows[k] = v[left]
    for index, column in enumerate(value_columns):
        rows[column] = values[:, index]
    rows[group_column] = np.full(len(left), kind, dtype=object)
    rows[N_COLUMN] = np.where(found, np.minimum(n[left], n[np.maximum(right, 0)]), np.nan)
    # What pd.concat of the two frames gives: int and NaN rows make float, text and numbers
    # (or flags and NaN) make object.
    joined: Columns = {}
    for column, old in table.items():
        if old.dtype == np.bool_:
            old = old.astype(object)
        joined[column] = np.concatenate([old, rows[column]])
    return joined


def group_statistics(
    values: np.ndarray, masks: Sequence[tuple[str, np.ndarray]], statistics: Sequence[str]
) -> pd.DataFrame:
    """Median, mean, pNN and sum of ``values`` per group, nulls dropped.

    Args:
        values: Float array (NaN = null) over the frame's rows.
        masks: ``(label, mask)`` per group, in output order.
        statistics: ``median``, ``mean``, ``sum`` or ``pNN`` (linear interpolation).

    Returns:
        Long frame ``group, statistic, value, n`` with n = non-null values in the group.
    """
    rows = group_rows(values, masks, statistics)
    return pd.DataFrame(rows, columns=["group", "statistic", "value", N_COLUMN])


def group_rows(
    values: np.ndarray, masks: Sequence[tuple[str, np.ndarray]], statistics: Sequence[str]
) -> list[tuple[str, str, float, int]]:
    """``(group, statistic, value, n)`` tuples of :func:`group_statistics`, no frame built.

    The families assemble one frame from many groups; building one per group costs more than
    the statistics on a city's few hundred firms.
    """
    rows: list[tuple[str, str, float, int]] = []
    percentiles = [s for s in statistics if _is_percentile(s)]
    for label, mask in masks:
        present = values[mask]
        present = present[~np.isnan(present)]
        known: dict[str, float] = {}
        if len(percentiles) > 1 and present.size:  # one quantile call for P50/P75/P90
            q = [int(s[1:]) / 100.0 for s in percentiles]
            found = np.quantile(present, q, method="linear")
            known = {s: float(v) for s, v in zip(percentiles, found, strict=True)}
        for statistic in statistics:
            value = known[statistic] if statistic in known else statistic_of(present, statistic)
            rows.append((label, statistic, value, present.size))
    return rows


def _is_percentile(statistic: str) -> bool:
    return statistic.startswith("p") and statistic[1:].isdigit()


def statistic_of(present: np.ndarray, statistic: str) -> float:
    """One statistic of non-null values; NaN over none."""
    if present.size == 0:
        return float("nan")
    if statistic == "median":
        return float(np.median(present))
    if statistic == "mean":
        return float(present.mean())
    if statistic == "sum":
        return float(present.sum())
    if _is_percentile(statistic):
        return float(np.quantile(present, int(statistic[1:]) / 100.0, method="linear"))
    raise ValueError(f"unknown statistic {statistic!r}")
