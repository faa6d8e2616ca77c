"""Read a firm file into string columns: CSV/TSV (encoding detection), XLSX, Parquet (F rules).

Every format ends as a ``RawTable``: the headers as written and one Arrow string column per
header, with the spreadsheet row of each record (header = 1). Values are not normalised here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from srdi_report.data.schema import match_header
from srdi_report.errors import DataError, Location, Problem, Severity

ACCEPTED = (".csv", ".tsv", ".xlsx", ".parquet")
RESAVE = (".xls", ".et", ".numbers", ".xlsm", ".ods")  # spreadsheet formats to save as .xlsx
LIST_COLUMNS = ("listing_board", "foreign_jurisdictions")  # may be Parquet lists
FIRST_DATA_ROW = 2  # spreadsheet row of the first record: the header is row 1
ALL_SHEETS = "*"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SNIFF_BYTES = 1 << 20  # how much valid UTF-8 before a bad byte is looked at
_CJK = re.compile(r"[\u3400-\u9fff]")  # CJK ideographs, written as escapes (ASCII source)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
MIN_CJK = 3  # ideographs that make a prefix Chinese UTF-8 rather than GBK read as UTF-8


@dataclass(frozen=True, eq=False)
class RawTable:
    """The cells of one file as read, before normalisation and typing."""

    headers: tuple[str, ...]
    columns: tuple[pa.ChunkedArray, ...]  # one string column per header; empty cell = ""
    source_rows: npt.NDArray[np.int64]
    file_label: str
    sheet_starts: tuple[tuple[int, str], ...] = ()
    notes: tuple[Problem, ...] = ()  # info lines (a GB18030 file)


def _fail(file: str, rule: str, reason: str, fix: str, row: int | None = None) -> DataError:
    problem = Problem(Location(file, row, None), None, rule, Severity.ERROR, reason, fix)
    return DataError([problem])


def read_table(path: Path, *, encoding: str | None, sheet: str | None) -> RawTable:
    """Read ``path`` by its extension.

    Raises:
        DataError: F01–F07 (a file that cannot be read at all, or malformed rows).
    """
    label = str(path)
    suffix = path.suffix.lower()
    if suffix in RESAVE or suffix not in ACCEPTED:
        what = f"{suffix or 'no extension'} files are not read"
        return_fix = (
            "save as .xlsx or CSV UTF-8"
            if suffix in RESAVE
            else ("use .csv, .tsv, .xlsx or .parquet")
        )
        raise _fail(label, "F01", f"{what}; accepted: {', '.join(ACCEPTED)}", return_fix)
    if not path.is_file():
        raise _fail(label, "F03", "file not found", "check the path")
    if suffix == ".xlsx":
        from srdi_report.data.read_xlsx import read_xlsx  # openpyxl only when needed

        return read_xlsx(path, label, sheet)
    if suffix == ".parquet":
        return _read_parquet(path, label)
    return _read_text(path.read_bytes(), label, "\t" if suffix == ".tsv" else ",", encoding)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _looks_like_utf8(prefix: bytes) -> bool:
    """Whether valid UTF-8 before a bad byte is Chinese text, not GBK bytes that happen to decode.

    GBK pairs decode as UTF-8 only now and then, and then as Latin or Greek letters; real
    UTF-8 Chinese decodes to ideographs throughout.
    """
    text = prefix.decode("utf-8", errors="ignore")
    ideographs = len(_CJK.findall(text))
    return ideographs >= MIN_CJK and ideographs >= 0.9 * len(_NON_ASCII.findall(text))


def decode(data: bytes, label: str, encoding: str | None) -> tuple[str, tuple[Problem, ...]]:
    """Text of a CSV file: UTF-8 with BOM → UTF-8 → GB18030, or the given encoding (F02)."""
    tried = "UTF-8, UTF-8 with BOM, GB18030"
    if encoding:
        try:
            return data.decode(encoding), ()
        except LookupError:
            raise _fail(
                label, "F02", f"unknown encoding {encoding}", "pass e.g. --encoding gb18030"
            ) from None
        except UnicodeDecodeError as err:
            line = _line_of(data, err.start)
            raise _fail(
                label,
                "F02",
                f"not {encoding}: first bad byte on line {line}",
                "save it as “CSV UTF-8” or pass the right --encoding",
            ) from None
    if data.startswith(_UTF16_BOMS) or data[:200].count(b"\x00") > 10:
        raise _fail(label, "F02", "file is UTF-16", "save it as “CSV UTF-8” or pass --encoding")
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as err:
        utf8_error = err.start
    # A file that is valid UTF-8 with Chinese text up to a bad byte is damaged UTF-8; reading it
    # as GB18030 would turn every Chinese cell into mojibake.
    if _looks_like_utf8(data[: min(utf8_error, _SNIFF_BYTES)]):
        line = _line_of(data, utf8_error)
        raise _fail(
            label,
            "F02",
            f"invalid UTF-8: first bad byte on line {line} (tried {tried})",
            "fix or re-export the file as “CSV UTF-8”, or pass --encoding",
        )
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as err:
        line = _line_of(data, err.start)
        raise _fail(
            label,
            "F02",
            f"cannot be decoded: first bad byte on line {line} (tried {tried})",
            "save it as “CSV UTF-8” or pass --encoding",
        ) from None
    note = Problem(
        Location(label),
        None,
        "F02",
        Severity.INFO,
        "read as GB18030 (a Chinese Excel export)",
        "save as “CSV UTF-8” to skip detection",
    )
    return text, (note,)


def _read_text(data: bytes, label: str, delimiter: str, encoding: str | None) -> RawTable:
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise _fail(label, "F03", "empty file", "export the table with its header row")
    header, columns, notes = _plain_utf8(data, delimiter) if encoding is None else ([], None, ())
    if columns is None:
        text, notes = decode(data, label, encoding)
        header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
        if not any(cell.strip() for cell in header):
            raise _fail(label, "F03", "no header row", "put the column names on line 1")
        columns = _fast_columns(text.encode("utf-8"), len(header), delimiter)
        if columns is None:
            columns = _slow_columns(text, header, label, delimiter)
    n_rows = len(columns[0]) if columns else 0
    if n_rows == 0:
        raise _fail(label, "F04", "header but no data rows", "add the firms below the header")
    rows = np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + n_rows, dtype=np.int64)
    return RawTable(tuple(header), tuple(columns), rows, label, (), notes)


def _plain_utf8(
    data: bytes, delimiter: str
) -> tuple[list[str], list[pa.ChunkedArray] | None, tuple[Problem, ...]]:
    """The usual file (UTF-8, no BOM, one record per line) straight into Arrow, no decoding.

    Arrow checks the UTF-8 itself; anything unusual returns no columns, and the careful path
    (encoding detection, the csv module) takes over.
    """
    if data.startswith((_UTF8_BOM, *_UTF16_BOMS)):
        return [], None, ()
    first = data.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        header = next(csv.reader([first.decode("utf-8")], delimiter=delimiter), [])
    except (UnicodeDecodeError, csv.Error):
        return [], None, ()
    if not any(cell.strip() for cell in header) or '"' in first.decode("utf-8").replace('""', ""):
        return [], None, ()
    return header, _fast_columns(data, len(header), delimiter), ()


def _fast_columns(body: bytes, width: int, delimiter: str) -> list[pa.ChunkedArray] | None:
    """Arrow's parser, when it gives one record per line; else None (then the csv module)."""
    names = [f"c{i}" for i in range(width)]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(body),
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid:
        return None
    lines = body.rstrip(b"\r\n").count(b"\n") + 1
    # Blank lines, quoted newlines or an unclosed quote make records and lines disagree; the
    # csv module then numbers the rows as a spreadsheet shows them and finds the bad ones.
    if lines != table.num_rows + 1:
        return None
    return [table.column(i) for i in range(width)]


def _slow_columns(
    text: str, header: Sequence[str], label: str, delimiter: str
) -> list[pa.ChunkedArray]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    next(reader)
    records: list[list[str]] = []
    problems: list[Problem] = []
    width = len(header)
    while True:
        row = FIRST_DATA_ROW + len(records)
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            reason = f"unclosed quote or stray quote character ({err})"
            problems.append(_row_problem(label, row, reason))
            break
        if fields and len(fields) != width:
            reason = f"{len(fields)} fields, the header has {width}"
            problems.append(_row_problem(label, row, reason))
        records.append((fields + [""] * width)[:width] if fields else [""] * width)
    if problems:
        raise DataError(problems)
    return [
        pa.chunked_array([pa.array([r[i] for r in records], pa.string())]) for i in range(width)
    ]


def _row_problem(label: str, row: int, reason: str) -> Problem:
    fix = "quote fields that contain the delimiter, or remove the extra fields"
    return Problem(Location(label, row, None), None, "F05", Severity.ERROR, reason, fix)


def _read_parquet(path: Path, label: str) -> RawTable:
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as err:
        raise _fail(label, "F07", f"not a readable Parquet file ({err})", "re-export it") from None
    columns: list[pa.ChunkedArray] = []
    problems: list[Problem] = []
    for name, column in zip(table.column_names, table.columns, strict=True):
        try:
            columns.append(parquet_strings(name, column))
        except TypeError:
            reason = f"column {name} has the unsupported type {column.type}"
            problems.append(
                Problem(
                    Location(label, None, name),
                    None,
                    "F07",
                    Severity.ERROR,
                    reason,
                    "store it as text or numbers",
                )
            )
    if problems:
        raise DataError(problems)
    if not table.column_names:
        raise _fail(label, "F03", "no columns", "export the table with its columns")
    if table.num_rows == 0:
        raise _fail(label, "F04", "header but no data rows", "add the firms")
    rows = np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + table.num_rows, dtype=np.int64)
    return RawTable(tuple(table.column_names), tuple(columns), rows, label)


def parquet_strings(name: str, column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A Parquet column as text cells, so every format shares one normalisation.

    Raises:
        TypeError: a nested type other than a list in ``listing_board``/``foreign_jurisdictions``.
    """
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
        kind = kind.value_type
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        if not _is_list_column(name) or not pa.types.is_string(kind.value_type):
            raise TypeError(name)
        joined = pc.binary_join(column, ";")
        return pc.fill_null(joined, "")
    if pa.types.is_nested(kind) or pa.types.is_binary(kind):
        raise TypeError(name)
    if pa.types.is_boolean(kind):
        text = pc.if_else(column, "true", "false")
    elif pa.types.is_timestamp(kind):
        text = pc.strftime(column, format="%Y-%m-%d")
    else:
        # Arrow prints whole doubles without ".0" (12.0 → "12") and large ones as 1e+20; both
        # read back as numbers, and an int column stored as double stays whole.
        text = column.cast(pa.string())
    return pc.fill_null(text, "")


def _is_list_column(name: str) -> bool:
    for table in ("firms", "patents"):
        if match_header(name, {}, table).canonical in LIST_COLUMNS:
            return True
    return False


def cell_text(value: object) -> str:
    """One spreadsheet cell (openpyxl value) as text: dates ISO, whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)
