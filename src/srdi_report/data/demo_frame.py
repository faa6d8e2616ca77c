"""Assemble generated columns into the canonical firm frame.

Input columns only, in data_schema.md §2 order, with the dtypes of docs/architecture.md; year
columns are expanded for the snapshot.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

from srdi_report.data.reference_files import read_reference_csv

_INPUT_REQ = ("R", "C", "O")
_YEAR_COLUMNS = {
    "patent_applications_<YYYY>": (6, 1),  # snapshot_year - 6 ... snapshot_year - 1
    "rd_ratio_<YYYY>": (4, 2),  # snapshot_year - 4 ... snapshot_year - 2
    "revenue_growth_<YYYY>": (4, 2),
}


def input_columns(snapshot_year: int) -> list[tuple[str, str]]:
    """(column, dtype) of every input column of ``firms``, in §2 order."""
    spec = read_reference_csv("column_aliases")
    spec = spec.loc[(spec["table"] == "firms") & spec["req"].isin(_INPUT_REQ)]
    out: list[tuple[str, str]] = []
    for name, dtype in zip(spec["column"], spec["dtype"], strict=True):
        if name in _YEAR_COLUMNS:
            back, last = _YEAR_COLUMNS[name]
            for year in range(snapshot_year - back, snapshot_year - last + 1):
                out.append((name.replace("<YYYY>", str(year)), dtype))
        else:
            out.append((name, dtype))
    return out


def to_frame(columns: dict[str, np.ndarray], snapshot_year: int) -> pd.DataFrame:
    """The canonical frame, sorted by firm_id, with the architecture's dtypes."""
    data: dict[str, pd.Series] = {}
    for name, dtype in input_columns(snapshot_year):
        if name not in columns:
            raise KeyError(f"demo generator did not produce {name}")
        data[name] = _typed(columns[name], dtype)
    frame = pd.DataFrame(data)
    frame = frame.sort_values("firm_id", kind="stable").reset_index(drop=True)
    return frame


def _typed(values: np.ndarray, dtype: str) -> pd.Series:
    if dtype == "date":
        return pd.Series(pd.to_datetime(values)).astype("datetime64[ns]")
    if dtype == "int":
        arr = np.asarray(values, dtype=float)
        mask = np.isnan(arr)
        ints = np.where(mask, 0.0, np.round(arr)).astype(np.int64)
        return pd.Series(pd.arrays.IntegerArray(ints, mask))
    if dtype == "float":
        return pd.Series(np.round(np.asarray(values, dtype=float), 2), dtype="float64")
    if dtype == "bool":
        flags = np.asarray(values, dtype=bool)
        return pd.Series(pd.arrays.BooleanArray(flags, np.zeros(flags.size, dtype=bool)))
    series = pd.Series(values, dtype=object)
    missing = series.isna().to_numpy()
    codes, uniq = pd.factorize(series[~missing])
    # NFKC as the loader applies it, so that a CSV round trip gives the same text.
    clean = np.array([unicodedata.normalize("NFKC", str(u)) for u in uniq], dtype=object)
    text = np.full(series.size, None, dtype=object)
    text[~missing] = clean[codes]
    return pd.Series(pd.array(text, dtype="string"))


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value))
