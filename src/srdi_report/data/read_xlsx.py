"""Read an XLSX workbook: the first sheet, a named one, or every sheet with one header (F06).

``python-calamine`` (a Rust reader) is used when it is installed: it reads a 167k-row export in
seconds where openpyxl takes minutes. openpyxl is the fallback; both give the same cell values
(numbers, dates, booleans, text), which ``cell_text`` turns into the same strings.
"""

from __future__ import annotations

import importlib
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import openpyxl
import pyarrow as pa
import pyarrow.compute as pc

from srdi_report.data.readers import (
    ALL_SHEETS,
    FIRST_DATA_ROW,
    RawTable,
    cell_text,
)
from srdi_report.errors import DataError, Location, Problem, Severity

Row = Sequence[object]
WHOLE_MAX = 1e15  # whole numbers below this print without ".0" (as cell_text does)


@dataclass(frozen=True)
class _Book:
    """A workbook seen as sheet names and rows of cell values from row 1 and column A."""

    names: tuple[str, ...]
    handle: Any  # CalamineWorkbook or openpyxl Workbook
    calamine: bool

    def rows(self, name: str) -> Iterator[Row]:
        if self.calamine:
            sheet = self.handle.get_sheet_by_name(name)
            yield from sheet.to_python(skip_empty_area=False)
        else:
            yield from self.handle[name].iter_rows(values_only=True)

    def close(self) -> None:
        if not self.calamine:
            self.handle.close()


def _error(label: str, reason: str, fix: str) -> Problem:
    return Problem(Location(label), None, "F06", Severity.ERROR, reason, fix)


def _open(path: Path, label: str) -> _Book:
    try:
        calamine = importlib.import_module("python_calamine")
    except ImportError:
        calamine = None
    if calamine is not None:
        try:
            book = calamine.CalamineWorkbook.from_path(str(path))
            return _Book(tuple(book.sheet_names), book, calamine=True)
        except calamine.CalamineError:
            pass  # openpyxl below words the error
    try:
        handle = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
        reason = f"not a readable .xlsx workbook ({err})"
        raise DataError([_error(label, reason, "re-save it from Excel as .xlsx")]) from None
    return _Book(tuple(handle.sheetnames), handle, calamine=False)


def _texts(cells: Row) -> list[str]:
    return [cell if type(cell) is str else cell_text(cell) for cell in cells]


def _trimmed(cells: Row) -> list[str]:
    texts = _texts(cells)
    while texts and not texts[-1].strip():
        texts.pop()
    return texts


def read_xlsx(path: Path, label: str, sheet: str | None) -> RawTable:
    """Read the workbook at ``path``; messages name ``label[sheet]``.

    Raises:
        DataError: F06 (unreadable, sheet not found, no sheets, header not on row 1, headers
            differ), F04 (no data rows).
    """
    book = _open(path, label)
    try:
        names = list(book.names)
        if not names:
            raise DataError([_error(label, "the workbook has no sheets", "add the firm table")])
        if sheet in (None, ""):
            chosen = names[:1]
        elif sheet == ALL_SHEETS:
            chosen = names
        elif sheet in names:
            chosen = [sheet]
        else:
            reason = f"no sheet named {sheet}; sheets: {', '.join(names)}"
            raise DataError([_error(label, reason, "pass --sheet with one of these names")])
        return _read_sheets(book, chosen, label)
    finally:
        book.close()


def _read_sheets(book: _Book, chosen: list[str], label: str) -> RawTable:
    header: list[str] | None = None
    parts: list[list[pa.Array]] = []
    rows: list[npt.NDArray[np.int64]] = []
    starts: list[tuple[int, str]] = []
    count = 0
    for name in chosen:
        sheet_label = f"{label}[{name}]"
        records = list(book.rows(name))
        first = _trimmed(records[0]) if records else []
        if not first:
            reason = "row 1 is empty: the header must be on row 1"
            raise DataError([_error(sheet_label, reason, "delete the rows above the header")])
        if header is None:
            header = first
        elif first != header:
            reason = f"its header differs from sheet {chosen[0]}'s"
            fix = "give every sheet the same header, or pass --sheet NAME"
            raise DataError([_error(sheet_label, reason, fix)])
        if len(records) > 1 and len(first) == 1 and len(_trimmed(records[1])) > 1:
            # A merged title cell: one text on row 1 and a wider table below it.
            reason = "row 1 holds a single title cell; the header must be on row 1"
            raise DataError([_error(sheet_label, reason, "delete the title rows")])
        starts.append((count, sheet_label))
        body = _rectangle(records[1:], len(header))
        parts.append([_column_texts(column) for column in zip(*body, strict=True)])
        rows.append(np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + len(body), dtype=np.int64))
        count += len(body)
    if count == 0:
        location = Location(starts[0][1] if len(starts) == 1 else label)
        reason, fix = "header but no data rows", "add the firms below the header"
        raise DataError([Problem(location, None, "F04", Severity.ERROR, reason, fix)])
    assert header is not None  # chosen is never empty
    columns = tuple(
        pa.chunked_array([part[i] for part in parts if len(part)], pa.string())
        for i in range(len(header))
    )
    labels = tuple(starts) if len(starts) > 1 else ()
    file_label = starts[0][1] if len(starts) == 1 else label
    return RawTable(tuple(header), columns, np.concatenate(rows), file_label, labels)


def _rectangle(records: Sequence[Row], width: int) -> list[Row]:
    """Rows cut or padded to the header's width (a sheet's rows may be ragged)."""
    return [
        r if len(r) == width else (list(r[:width]) + [None] * (width - len(r))) for r in records
    ]


def _column_texts(cells: Sequence[object]) -> pa.Array:
    """One column of cell values as text, like ``cell_text`` but by whole columns.

    A column of text passes through; a column of numbers, booleans or dates (with empty cells)
    is converted by Arrow; only a column mixing text with other values goes cell by cell.
    """
    try:
        return pc.fill_null(pa.array(cells, pa.string()), "")
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        pass
    cleaned = [None if cell == "" else cell for cell in cells]
    for kind in (pa.bool_(), pa.float64(), pa.date32()):
        try:
            typed = pa.array(cleaned, kind)
        except (pa.ArrowTypeError, pa.ArrowInvalid):
            continue
        return pc.fill_null(_typed_texts(typed), "")
    return pa.array([cell if type(cell) is str else cell_text(cell) for cell in cells], pa.string())


def _typed_texts(typed: pa.Array) -> pa.Array:
    """Text of a typed column: true/false, whole numbers without ``.0``, ISO dates."""
    if pa.types.is_boolean(typed.type):
        return pc.if_else(typed, "true", "false")
    if not pa.types.is_floating(typed.type):
        return typed.cast(pa.string())
    floats = np.asarray(typed.to_numpy(zero_copy_only=False), dtype=float)
    whole = np.isfinite(floats) & (np.round(floats) == floats) & (np.abs(floats) < WHOLE_MAX)
    texts = np.asarray(typed.cast(pa.string()).to_numpy(zero_copy_only=False), dtype=object)
    if whole.any():
        ints = pa.array(floats[whole].astype(np.int64))
        texts[whole] = pc.cast(ints, pa.string()).to_numpy(zero_copy_only=False)
    return pa.array(texts, pa.string())
