"""Typed access to firm columns for the metric families: numbers, flags, codes, year columns.

The canonical frame uses pandas' nullable dtypes (``Int64``, ``boolean``, ``string``); the
families compute on plain numpy arrays: numbers as float64 with NaN for null, flags as bool with
null read as false (national_report.md §0), codes as strings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from srdi_report.data.geography import Geography

PERCENT = 100.0  # percent input columns (rd_ratio_<YYYY> …) become fractions at this boundary
FIN_YEAR_LAG = 2  # national_report.md §0: fin_year = snapshot_year − 2
WINDOW_YEARS = 3  # three-year series fin_year − 2 … fin_year


def numeric(firms: pd.DataFrame, column: str) -> np.ndarray:
    """The column as float64, null → NaN.

    Raises:
        KeyError: the frame has no such column.
    """
    values = firms[column]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        values = pd.to_numeric(values, errors="coerce")
    return values.to_numpy(dtype=np.float64, na_value=np.nan)


def flag(firms: pd.DataFrame, column: str) -> np.ndarray:
    """A boolean column as bool, null → False (national_report.md §0)."""
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
