"""Deterministic writers of the demo snapshots: CSV, XLSX and Parquet bytes.

Every format gives the same bytes for the same frame (data_schema.md §6): CSV in UTF-8 without
BOM with LF line ends, booleans ``true``/``false``, ISO dates, empty cells for nulls and floats
on the 0.01 grid without exponent; XLSX and Parquet with metadata pinned to the snapshot date.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import numpy as np
import pandas as pd

_FLOAT_DECIMALS = 2
_ZIP_EPOCH_MIN = (1980, 1, 1, 0, 0, 0)


def _text_column(series: pd.Series) -> pd.Series:
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        out = series.dt.strftime("%Y-%m-%d")
    elif isinstance(dtype, pd.BooleanDtype):
        out = series.map({True: "true", False: "false"})
    elif pd.api.types.is_integer_dtype(dtype):
        out = series.astype("Int64").astype("string")
    elif pd.api.types.is_float_dtype(dtype):
        values = np.round(series.to_numpy(dtype=float), _FLOAT_DECIMALS)
        text = np.char.mod(f"%.{_FLOAT_DECIMALS}f", values)
        text = np.char.rstrip(np.char.rstrip(text, "0"), ".")
        text = np.where(text == "-0", "0", text)
        out = pd.Series(np.where(np.isnan(values), "", text), index=series.index)
    else:
        out = series.astype("string")
    result: pd.Series = out.astype(object).where(series.notna(), "")
    return result


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as CSV (data_schema.md §6 conventions), rows in the frame's order."""
    text = pd.DataFrame({c: _text_column(frame[c]) for c in frame.columns})
    buffer = io.StringIO()
    text.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """The frame as Parquet (pyarrow, no index; metadata holds nothing time-dependent)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def xlsx_bytes(frame: pd.DataFrame, created: datetime) -> bytes:
    """The frame as a one-sheet workbook whose metadata and zip entries carry ``created``."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    book.properties.created = created
    book.properties.modified = created
    book.properties.creator = "srdi-report"
    sheet = book.create_sheet("firms")
    sheet.append(list(frame.columns))
    text = {c: _text_column(frame[c]) for c in frame.columns}
    numeric = {
        c: pd.api.types.is_numeric_dtype(frame[c].dtype)
        and not isinstance(frame[c].dtype, pd.BooleanDtype)
        for c in frame.columns
    }
    columns = list(frame.columns)
    values = [
        frame[c].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        if numeric[c]
        else text[c].to_numpy()
        for c in columns
    ]
    for i in range(len(frame)):
        row = []
        for j, c in enumerate(columns):
            v = values[j][i]
            if numeric[c]:
                row.append(None if np.isnan(v) else (int(v) if float(v).is_integer() else float(v)))
            else:
                row.append(v if v != "" else None)
        sheet.append(row)
    raw = io.BytesIO()
    book.save(raw)
    return _pin_zip(raw.getvalue(), created)


def _pin_zip(data: bytes, when: datetime) -> bytes:
    """Rewrite a zip with every entry dated ``when`` (openpyxl stamps the wall clock)."""
    stamp = max((when.year, when.month, when.day, 0, 0, 0), _ZIP_EPOCH_MIN)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the save time as "modified": pin it to the snapshot date.
                iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + iso + rb"\g<2>",
                    data,
                )
                data = re.sub(
                    rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)",
                    rb"\g<1>" + iso + rb"\g<2>",
                    data,
                )
            dst.writestr(fixed, data)
    return out.getvalue()
