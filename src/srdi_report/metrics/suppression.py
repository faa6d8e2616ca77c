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
    if N_COLUMN not in table.columns or table.empty:
        return table, ()
    n = table[N_COLUMN].to_numpy(dtype=np.float64, na_value=0.0)
    small = (n > 0) & (n < min_cell)
    if not small.any():
        return table, ()
    values = [c for c in table.columns if c not in keys and c != N_COLUMN]
    if all(isinstance(table[c].dtype, np.dtype) for c in (*values, N_COLUMN)):
        out = _blanked(table, values, small, show_n)
    else:
        out = _masked(table, values, small, show_n)
    reason = REASON.format(min_cell=min_cell)
    labels = _row_keys(out, keys, np.flatnonzero(small))
    records = tuple(
        Suppression(key=label, n=int(n[i]) if show_n else None, reason=reason)
        for i, label in zip(np.flatnonzero(small), labels, strict=True)
    )
    return out, records


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
    """:func:`row_key` of the given rows; straight from the key columns when they hold text.

    A row of a frame whose columns are all numbers is upcast to one dtype (an int key would
    print as ``2024.0``), so only text keys skip building the row.
    """
    if all(not pd.api.types.is_numeric_dtype(table[k]) for k in keys):
        columns = [table[k].to_numpy(dtype=object) for k in keys]
        return [
            ";".join(f"{k}={c[i]}" for k, c in zip(keys, columns, strict=True)) or "all"
            for i in rows
        ]
    return [row_key(table.iloc[i], keys) for i in rows]


def row_key(row: pd.Series, keys: Sequence[str]) -> str:
    """``level=provincial;indicator=patents_total``: the stable key of one table row."""
    return ";".join(f"{k}={row[k]}" for k in keys) or "all"
