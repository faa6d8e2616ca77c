"""Deterministic writers of the demo snapshots: CSV, XLSX and Parquet bytes.

Every format gives the same bytes for the same frame (data_schema.md §6): CSV in UTF-8 without
BOM with LF line ends, booleans ``true``/``false``, ISO dates, empty cells for nulls and floats
on the 0.01 grid without exponent; XLSX and Parquet with metadata pinned to the snapshot date.
"""

from __future__ import annotations

import io
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


_XML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"))
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="firms" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>srdi-report</Application></Properties>"
)


def _core(created: datetime) -> str:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>srdi-report</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _xml_cells(series: pd.Series) -> np.ndarray:
    """One ``<c>`` element per value: numbers as values, everything else as inline text."""
    text = _text_column(series)
    numeric = pd.api.types.is_numeric_dtype(series.dtype) and not isinstance(
        series.dtype, pd.BooleanDtype
    )
    empty = (text == "").to_numpy()
    if numeric:
        cells = "<c><v>" + text + "</v></c>"
    else:
        escaped = text.astype(str)
        for old, new in _XML_ESCAPES:
            escaped = escaped.str.replace(old, new, regex=False)
        cells = '<c t="inlineStr"><is><t>' + escaped + "</t></is></c>"
    out = cells.to_numpy(dtype=object)
    out[empty] = "<c/>"
    return out


def xlsx_bytes(frame: pd.DataFrame, created: datetime) -> bytes:
    """The frame as a one-sheet workbook (inline strings) with metadata dated ``created``.

    Written directly as SpreadsheetML: a 167k-row snapshot takes seconds, and nothing in the
    package depends on the clock, so the bytes are the same on every run.
    """
    header = "".join('<c t="inlineStr"><is><t>' + str(c) + "</t></is></c>" for c in frame.columns)
    columns = [_xml_cells(frame[c]) for c in frame.columns]
    rows = ['<row r="1">' + header + "</row>"]
    for i, cells in enumerate(zip(*columns, strict=True), start=2):
        rows.append(f'<row r="{i}">' + "".join(cells) + "</row>")
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>" + "".join(rows) + "</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "docProps/app.xml": _APP,
        "docProps/core.xml": _core(created),
        "xl/workbook.xml": _WORKBOOK,
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/styles.xml": _STYLES,
        "xl/worksheets/sheet1.xml": sheet,
    }
    stamp = max((created.year, created.month, created.day, 0, 0, 0), _ZIP_EPOCH_MIN)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            book.writestr(info, text.encode("utf-8"))
    return out.getvalue()
