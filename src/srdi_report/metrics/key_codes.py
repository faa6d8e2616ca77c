"""Dimension keys as integer codes: factorised once per whole frame, taken by row subsets.

A city batch counts the same dimensions (city, province, GB/T classes …) in every city. Turning
each city's few hundred string keys into counts costs more in pandas calls than the counting,
so the whole frame's keys are factorised once (sorted distinct keys, one integer per row) and a
subset cut from it (the firms of a scope) takes its rows' codes: counting is then a bincount.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from srdi_report.metrics.dimensions import KEY_COLUMNS, dimension_keys

if TYPE_CHECKING:
    from srdi_report.data.geography import Geography

ADMIN_DIMENSIONS = ("province", "city")  # keys mapped from names, not read from a column

KeyCodes = tuple[np.ndarray, np.ndarray]  # (code per row, -1 = null; sorted distinct keys)


def frame_key_codes(
    firms: pd.DataFrame, dimension: str, geography: Geography | None = None
) -> KeyCodes:
    """Codes of a frame's keys on a dimension (``dimensions.dimension_keys``)."""
    column = KEY_COLUMNS.get(dimension, dimension)
    if dimension not in ADMIN_DIMENSIONS and column in firms.columns:
        values = firms[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            return categorical_codes(values)
    return factorize_keys(dimension_keys(firms, dimension, geography))


def factorize_keys(keys: pd.Series) -> KeyCodes:
    """Codes of a key Series: keys sorted ascending by code point, null → -1."""
    positions, uniques = pd.factorize(keys, sort=True, use_na_sentinel=True)
    return np.asarray(positions, dtype=np.int32), np.asarray(uniques, dtype=object)


def categorical_codes(values: pd.Series) -> KeyCodes:
    """Codes of a categorical column without converting its rows to text.

    The keys are its categories as text, sorted by code point (a category no row has is a
    key counted 0, which every caller leaves out like an absent key).
    """
    categories = np.asarray(values.cat.categories.astype(str), dtype=object)
    positions = values.cat.codes.to_numpy().astype(np.int32)
    order = np.argsort(categories, kind="stable")
    if np.array_equal(order, np.arange(len(order))):
        return positions, categories
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    remapped = np.where(positions >= 0, rank[np.maximum(positions, 0)], -1).astype(np.int32)
    return remapped, categories[order]


def code_counts(codes: KeyCodes, mask: np.ndarray | None = None) -> np.ndarray:
    """Rows per distinct key (aligned with the keys), among the rows of ``mask`` when given."""
    positions, uniques = codes
    chosen = positions if mask is None else positions[mask]
    counted: np.ndarray = np.bincount(chosen[chosen >= 0], minlength=len(uniques))
    return counted.astype(np.int64)


def counts_series(codes: KeyCodes, mask: np.ndarray | None = None) -> pd.Series:
    """Firms per present key, keys ascending, nulls left out (as ``dimensions.counts_by``)."""
    counted = code_counts(codes, mask)
    present = np.flatnonzero(counted)
    return pd.Series(counted[present], index=pd.Index(codes[1][present], dtype=object))


def key_index(codes: KeyCodes, key: str) -> int:
    """Index of ``key`` among the distinct keys, -1 when no row has it."""
    uniques = codes[1]
    at = int(np.searchsorted(uniques, key)) if len(uniques) else 0
    return at if at < len(uniques) and uniques[at] == key else -1


def key_mask(codes: KeyCodes, key: str) -> np.ndarray:
    """Rows whose key is ``key`` (none when no row has it)."""
    at = key_index(codes, key)
    if at < 0:
        return np.zeros(len(codes[0]), dtype=bool)
    found: np.ndarray = codes[0] == at
    return found


def group_medians(
    codes: KeyCodes, values: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Median of ``values`` (NaN = null) per present key, as a groupby over the keys would.

    Returns:
        (present keys ascending, median (NaN when the key has no value), values per key,
        rows per key).
    """
    positions, uniques = codes
    keep = positions >= 0
    rows = positions[keep]
    size = np.bincount(rows, minlength=len(uniques))
    present = np.flatnonzero(size)
    kept = values[keep]
    valued = ~np.isnan(kept)
    count = np.bincount(rows[valued], minlength=len(uniques))
    # Sort by key, then value: each key's values are one run, ascending.
    order = np.lexsort((kept[valued], rows[valued]))
    ordered = kept[valued][order]
    ends = np.cumsum(count)
    medians = np.full(len(uniques), np.nan)
    for at in np.flatnonzero(count):
        medians[at] = np.median(ordered[ends[at] - count[at] : ends[at]])
    return (
        uniques[present],
        medians[present],
        count[present].astype(np.int64),
        size[present].astype(np.int64),
    )
