"""The ``min_cell`` rule (city_edition.md §5): withhold statistics over too few firms.

Counts and shares of firms by identity attributes (level, geography, industry, field domain:
the ``disclosure = identity`` columns of ``column_aliases.csv``) are never withheld, at any
size: they are published on recognition lists. Every other statistic (medians, means,
percentiles, holding rates, band shares, scores …) over 1 to ``min_cell`` − 1 firms is withheld:
its value columns become NaN and the result carries a :class:`Suppression` with the reason, so a
city edition never discloses one firm's figures. A row over 0 firms is not applicable (NaN, no
record): there is nothing to disclose.

Not yet implemented (city_edition.md §5 rules 2–4): merging small bands towards the median band,
pooling small nominal categories into "other", and complementary suppression.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any

import numpy as np
import pandas as pd

from srdi_report.metrics.result import N_COLUMN, Suppression

REASON = "n < min_cell ({min_cell})"


class Disclosure(StrEnum):
    """Whether a metric's values may be shown for any population size."""

    IDENTITY = "identity"  # counts and shares of firms by identity attributes: never withheld
    ATTRIBUTE = "attribute"  # statistics of other fields: withheld below min_cell


def is_suppressed(n: int, min_cell: int) -> bool:
    """Whether a statistic over ``n`` firms is withheld: 0 < n < min_cell."""
    return 0 < n < min_cell


def withhold(
    table: pd.DataFrame, keys: Sequence[str], min_cell: int, *, show_n: bool = True
) -> tuple[pd.DataFrame, tuple[Suppression, ...]]:
    """Blank the value columns of rows over fewer than ``min_cell`` firms.

    Args:
        table: A metric table with key columns, value columns and the ``n`` column.
        keys: The key columns (kept); every other column but ``n`` is a value column.
        min_cell: Fewest firms behind a shown statistic (``config.metrics.min_cell``).
        show_n: False when ``n`` counts firms by an attribute: the record then hides it, and
            the table's ``n`` of the withheld rows is blanked too.

    Returns:
        The table (a copy when something was withheld) and one record per withheld row, in
        table order.
    """
    if table.empty or N_COLUMN not in list(table.columns):  # no hash table of the index
        return table, ()
    arrays = plain_columns(table)
    if arrays is None or any(arrays[k].dtype.kind in "mM" for k in keys):
        return _withhold_frame(table, keys, min_cell, show_n)
    counts = arrays[N_COLUMN]
    n = (
        counts.astype(np.float64, copy=False)
        if counts.dtype.kind in "iuf"
        else _counts(table[N_COLUMN])
    )
    small = (n > 0) & (n < min_cell)  # NaN compares false: a null n is never withheld
    if not small.any():
        return table, ()
    blank = {c for c in arrays if c not in keys and c != N_COLUMN}
    if not show_n:
        blank.add(N_COLUMN)
    columns = {
        # ints and flags become float, so a withheld cell can be NaN
        c: np.where(small, np.nan, a.astype(np.float64)) if c in blank else a
        for c, a in arrays.items()
    }
    # copy=False: the arrays are new (or the table's own, which nobody changes); no columns=,
    # that re-reads the dict slowly
    out = pd.DataFrame(columns, copy=False)
    rows = np.flatnonzero(small)
    labels = _labels(columns, keys, rows)
    if labels is None:
        labels = _row_keys(out, keys, rows)
    return out, _records(labels, rows, n, show_n, min_cell)


def plain_columns(table: pd.DataFrame) -> dict[Any, np.ndarray] | None:
    """Each column of a frame as its numpy array, or None when one is not plain numpy.

    Read from the frame's blocks (a view each): ``table[column]`` builds a Series per column,
    which on a small table costs more than withholding its cells.
    """
    blocks = getattr(getattr(table, "_mgr", None), "blocks", None)
    names = list(table.columns)
    if blocks is None or len(set(names)) != len(names):
        return None
    found: dict[int, np.ndarray] = {}
    for block in blocks:
        values = block.values  # noqa: PD011 - a block's 2-D array, not a frame's values
        if not isinstance(values, np.ndarray) or values.ndim != 2:
            return None
        for row, position in enumerate(block.mgr_locs):
            found[int(position)] = values[row]
    if len(found) != len(names):
        return None
    return {column: found[at] for at, column in enumerate(names)}


def _labels(
    columns: dict[Any, np.ndarray], keys: Sequence[str], rows: np.ndarray
) -> list[str] | None:
    """:func:`row_key` of the rows of a table held as numpy columns (no Series built).

    ``table.iloc[i]`` upcasts a row to one dtype (an int key of an all-number frame prints as
    ``2024.0``): keys are read as that dtype, so the text is the same. None when a date
    column makes that dtype pandas' own.
    """
    if all(columns[k].dtype == np.dtype(object) for k in keys):
        texts = [columns[k] for k in keys]
    else:
        common = _common_dtype([a.dtype for a in columns.values()])
        if common is None:
            return None
        texts = [columns[k].astype(common) for k in keys]
    return [
        ";".join(f"{k}={c[i]}" for k, c in zip(keys, texts, strict=True)) or "all" for i in rows
    ]


def _records(
    labels: list[str], rows: np.ndarray, n: np.ndarray, show_n: bool, min_cell: int
) -> tuple[Suppression, ...]:
    reason = REASON.format(min_cell=min_cell)
    return tuple(
        Suppression(key=label, n=int(n[i]) if show_n else None, reason=reason)
        for i, label in zip(rows, labels, strict=True)
    )


def _withhold_frame(
    table: pd.DataFrame, keys: Sequence[str], min_cell: int, show_n: bool
) -> tuple[pd.DataFrame, tuple[Suppression, ...]]:
    """:func:`withhold` for tables with extension or date columns, through pandas."""
    n = _counts(table[N_COLUMN])
    small = (n > 0) & (n < min_cell)
    if not small.any():
        return table, ()
    values = [c for c in table.columns if c not in keys and c != N_COLUMN]
    if all(isinstance(table[c].dtype, np.dtype) for c in (*values, N_COLUMN)):
        out = _blanked(table, values, small, show_n)
    else:
        out = _masked(table, values, small, show_n)
    rows = np.flatnonzero(small)
    return out, _records(_row_keys(out, keys, rows), rows, n, show_n, min_cell)


def _counts(column: pd.Series) -> np.ndarray:
    """The ``n`` column as float64; a plain numpy column without the null-filling copy."""
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iuf":
        counts: np.ndarray = column.to_numpy().astype(np.float64, copy=False)
        return counts
    return column.to_numpy(dtype=np.float64, na_value=0.0)


def _blanked(
    table: pd.DataFrame, values: Sequence[str], small: np.ndarray, show_n: bool
) -> pd.DataFrame:
    """:func:`_masked` for plain numpy columns: one new frame instead of a setitem per column."""
    blank = set(values) | (set() if show_n else {N_COLUMN})
    columns = {}
    for column in table.columns:
        array = table[column].to_numpy()
        if column in blank:  # ints and flags become float, so a withheld cell can be NaN
            array = np.where(small, np.nan, array.astype(np.float64))
        columns[column] = array
    # copy=False: the arrays are new (or the table's own, which nobody changes)
    return pd.DataFrame(columns, copy=False)  # no columns=: that re-reads the dict slowly


def _masked(
    table: pd.DataFrame, values: Sequence[str], small: np.ndarray, show_n: bool
) -> pd.DataFrame:
    """The table with the value columns of the ``small`` rows blanked (NaN or NA)."""
    out = table.copy()
    # Whole columns through numpy: ``out.loc[small, values] = nan`` costs more than the
    # statistics on a city's few hundred firms. Ints and flags become float, so a withheld
    # cell can be NaN.
    for column in values:
        column_values = out[column]
        if not pd.api.types.is_float_dtype(column_values):
            column_values = column_values.astype(np.float64)
        if column_values.dtype == np.float64:  # plain numpy floats: no pandas NA to keep
            out[column] = np.where(small, np.nan, column_values.to_numpy())
        else:
            out[column] = column_values.mask(small)
    if not show_n:
        out[N_COLUMN] = out[N_COLUMN].astype(np.float64).mask(small)
    return out


def _row_keys(table: pd.DataFrame, keys: Sequence[str], rows: np.ndarray) -> list[str]:
    """:func:`row_key` of the given rows, without building each row when the dtypes allow.

    ``table.iloc[i]`` upcasts a row to one dtype (an int key of an all-number frame prints
    as ``2024.0``): the key columns are read as that dtype, so the text is the same.
    """
    if all(not pd.api.types.is_numeric_dtype(table[k]) for k in keys):
        columns = [table[k].to_numpy(dtype=object) for k in keys]
    else:
        common = _row_dtype(table)
        if common is None:
            return [row_key(table.iloc[i], keys) for i in rows]
        columns = [table[k].to_numpy(dtype=common) for k in keys]
    return [
        ";".join(f"{k}={c[i]}" for k, c in zip(keys, columns, strict=True)) or "all" for i in rows
    ]


def _row_dtype(table: pd.DataFrame) -> np.dtype | None:
    """The dtype of ``table.iloc[i]`` when every column is plain numpy, else None."""
    dtypes = [table[c].dtype for c in table.columns]
    plain = [d for d in dtypes if isinstance(d, np.dtype)]
    return _common_dtype(plain) if len(plain) == len(dtypes) else None


def _common_dtype(dtypes: Sequence[np.dtype]) -> np.dtype | None:
    """The dtype pandas gives a row of numpy columns of these dtypes.

    Numbers alone share a number dtype, flags alone stay flags, anything mixed is object;
    None for dates (:func:`row_key` reads those from the built row).
    """
    if not all(d.kind in "biufO" for d in dtypes):
        return None
    kinds = {d.kind for d in dtypes}
    if kinds <= set("iuf"):
        common: np.dtype = np.result_type(*dtypes)
        return common
    if kinds == {"b"}:
        return np.dtype(bool)
    return np.dtype(object)


def row_key(row: pd.Series, keys: Sequence[str]) -> str:
    """``level=provincial;indicator=patents_total``: the stable key of one table row."""
    return ";".join(f"{k}={row[k]}" for k in keys) or "all"
