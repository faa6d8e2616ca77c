"""Typed access to firm columns for the metric families: numbers, flags, codes, year columns.

The canonical frame uses pandas' nullable dtypes (``Int64``, ``boolean``, ``string``); the
families compute on plain numpy arrays: numbers as float64 with NaN for null, flags as bool with
null read as false (national_report.md §0), codes as strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from srdi_report.data.geography import Geography

PERCENT = 100.0  # percent input columns (rd_ratio_<YYYY> …) become fractions at this boundary
FIN_YEAR_LAG = 2  # national_report.md §0: fin_year = snapshot_year − 2
WINDOW_YEARS = 3  # three-year series fin_year − 2 … fin_year
ORIGIN = "origin"  # memo name: (frame, row positions) a scope's rows were cut from
# Outside a batch, frames up to this many rows keep their converted columns: a float copy of
# every column read of a 1.67 M-firm frame would add about as much memory as the frame has.
SHARED_ROWS = 500_000

# (id(frame), name) -> (frame, value): the registry's memo (it keeps the frame, so a recycled
# id() of a dead frame cannot match)
ColumnMemo = dict[tuple[int, str], tuple[pd.DataFrame, Any]]
_SHARED: ContextVar[tuple[ColumnMemo, bool] | None] = ContextVar("metric_columns", default=None)


@contextmanager
def shared_columns(memo: ColumnMemo, *, from_origin: bool) -> Iterator[None]:
    """Within the block, :func:`numeric` and :func:`flag` convert a frame's column once.

    The metrics of one scope read the same columns many times (every call converted them
    again). With ``from_origin`` (a batch) a frame cut from another (a city) takes its rows
    of the whole frame's array, converted once for every city; without it only frames of up
    to ``SHARED_ROWS`` rows keep theirs. The frames must not change inside the block; callers
    get copies, so changing an array cannot reach the memo.
    """
    token = _SHARED.set((memo, from_origin))
    try:
        yield
    finally:
        _SHARED.reset(token)


def _shared(
    firms: pd.DataFrame, name: str, build: Callable[[pd.DataFrame], np.ndarray]
) -> np.ndarray:
    shared = _SHARED.get()
    if shared is None or (not shared[1] and len(firms) > SHARED_ROWS):
        return build(firms)
    return _array(shared[0], shared[1], firms, name, build).copy()


def _array(
    memo: ColumnMemo,
    from_origin: bool,
    firms: pd.DataFrame,
    name: str,
    build: Callable[[pd.DataFrame], np.ndarray],
) -> np.ndarray:
    slot = (id(firms), name)
    hit = memo.get(slot)
    if hit is not None and hit[0] is firms:
        found: np.ndarray = hit[1]
        return found
    origin = memo.get((id(firms), ORIGIN)) if from_origin else None
    if origin is not None and origin[0] is firms:
        parent, positions = origin[1]
        value: np.ndarray = _array(memo, from_origin, parent, name, build)[positions]
    else:
        value = build(firms)
    memo[slot] = (firms, value)
    return value


def numeric(firms: pd.DataFrame, column: str) -> np.ndarray:
    """The column as float64, null → NaN.

    Raises:
        KeyError: the frame has no such column.
    """
    return _shared(firms, f"numeric:{column}", lambda frame: _numeric(frame, column))


def _numeric(firms: pd.DataFrame, column: str) -> np.ndarray:
    values = firms[column]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        values = pd.to_numeric(values, errors="coerce")
    return values.to_numpy(dtype=np.float64, na_value=np.nan)


def flag(firms: pd.DataFrame, column: str) -> np.ndarray:
    """A boolean column as bool, null → False (national_report.md §0)."""
    return _shared(firms, f"flag:{column}", lambda frame: _flag(frame, column))


def _flag(firms: pd.DataFrame, column: str) -> np.ndarray:
    values = firms[column]
    if isinstance(values.dtype, pd.BooleanDtype):  # the canonical dtype: no astype round trip
        return values.to_numpy(dtype=bool, na_value=False)
    return values.astype("boolean").fillna(False).to_numpy(dtype=bool)


def codes(firms: pd.DataFrame, column: str) -> pd.Series:
    """A code or key column as a ``string`` Series (null stays NA)."""
    values = firms[column]
    if values.dtype == pd.StringDtype():  # already text: skip the copy astype makes
        return values.copy(deep=False)
    return values.astype("string")


def snapshot_years(firms: pd.DataFrame) -> np.ndarray:
    """Snapshot year per firm as float (NaN unknown).

    From ``snapshot_year``, else from the year of ``snapshot_date``.

    Raises:
        KeyError: the frame has neither column.
    """
    if "snapshot_year" in firms.columns:
        return numeric(firms, "snapshot_year")
    return _shared(firms, "snapshot_years", _date_years)


def _date_years(firms: pd.DataFrame) -> np.ndarray:
    dates = firms["snapshot_date"]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        dates = pd.to_datetime(dates, errors="coerce")
    years: np.ndarray = dates.dt.year.to_numpy(dtype=np.float64, na_value=np.nan)
    return years


def year_columns(firms: pd.DataFrame, prefix: str) -> dict[int, str]:
    """``{2024: "rd_ratio_2024", …}`` for the columns ``<prefix>_<YYYY>`` of the frame, sorted."""
    pattern = re.compile(rf"^{re.escape(prefix)}_(\d{{4}})$")
    found = {int(m.group(1)): str(c) for c in firms.columns if (m := pattern.match(str(c)))}
    return dict(sorted(found.items()))


def fin_year(firms: pd.DataFrame, fallback_prefix: str = "rd_ratio") -> int | None:
    """The last full fiscal year: ``snapshot_year − 2``; the latest year column without it."""
    if "snapshot_year" in firms.columns or "snapshot_date" in firms.columns:
        years = snapshot_years(firms)
        years = years[~np.isnan(years)]
        if years.size:
            return int(years.max()) - FIN_YEAR_LAG
    columns = year_columns(firms, fallback_prefix)
    return max(columns) if columns else None


def window_years(firms: pd.DataFrame, prefix: str) -> tuple[int, ...]:
    """The years fin_year − 2 … fin_year that have a ``<prefix>_<YYYY>`` column."""
    last = fin_year(firms, prefix)
    if last is None:
        return ()
    present = year_columns(firms, prefix)
    return tuple(y for y in range(last - WINDOW_YEARS + 1, last + 1) if y in present)


def province_codes(firms: pd.DataFrame, geography: Geography | None) -> pd.Series:
    """Province admin code per firm, mapped once per distinct full name (unknown → NA)."""
    geo = _geography(geography)
    by_name = {p.name_zh_full: code for code, p in geo.provinces_by_code.items()}
    names = codes(firms, "province")
    return names.map(by_name).astype("string")


def city_codes(firms: pd.DataFrame, geography: Geography | None) -> pd.Series:
    """City admin code per firm from (province, city) full names, mapped once per pair."""
    geo = _geography(geography)
    by_pair = {
        (geo.provinces_by_code[c.province_code].name_zh_full, c.name_zh_full): code
        for code, c in geo.cities_by_code.items()
        if c.province_code in geo.provinces_by_code
    }
    pairs = pd.MultiIndex.from_arrays([codes(firms, "province"), codes(firms, "city")])
    unique = pairs.unique()
    mapped = pd.Series([by_pair.get(p) for p in unique], index=unique, dtype="string")
    return pd.Series(mapped.reindex(pairs).to_numpy(), index=firms.index, dtype="string")


def _geography(geography: Geography | None) -> Geography:
    if geography is not None:
        return geography
    from srdi_report.data.geography import load_geography

    return load_geography()
