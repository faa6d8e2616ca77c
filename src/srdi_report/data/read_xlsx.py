"""Read an XLSX workbook: the first sheet, a named one, or every sheet with one header (F06)."""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import openpyxl

from srdi_report.data.readers import (
    ALL_SHEETS,
    FIRST_DATA_ROW,
    RawTable,
    cell_text,
    string_columns,
)
from srdi_report.errors import DataError, Location, Problem, Severity


def _error(label: str, reason: str, fix: str) -> Problem:
    return Problem(Location(label), None, "F06", Severity.ERROR, reason, fix)


def _sheet_rows(sheet: object) -> Iterator[tuple[object, ...]]:
    yield from sheet.iter_rows(values_only=True)  # type: ignore[attr-defined]


def _trimmed(cells: tuple[object, ...]) -> list[str]:
    texts = [cell_text(cell) for cell in cells]
    while texts and not texts[-1].strip():
        texts.pop()
    return texts


def read_xlsx(path: Path, label: str, sheet: str | None) -> RawTable:
    """Read the workbook at ``path``; messages name ``label[sheet]``.

    Raises:
        DataError: F06 (sheet not found, no sheets, header not on row 1, headers differ),
            F03/F04 (no header, no data rows), F07-like unreadable files as F06.
    """
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
        reason = f"not a readable .xlsx workbook ({err})"
        raise DataError([_error(label, reason, "re-save it from Excel as .xlsx")]) from None
    try:
        names = list(book.sheetnames)
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


def _read_sheets(book: openpyxl.Workbook, chosen: list[str], label: str) -> RawTable:
    header: list[str] | None = None
    records: list[list[str]] = []
    rows: list[int] = []
    starts: list[tuple[int, str]] = []
    for name in chosen:
        sheet_label = f"{label}[{name}]"
        cells = _sheet_rows(book[name])
        first = _trimmed(next(cells, ()))
        if not first:
            reason = "row 1 is empty: the header must be on row 1"
            raise DataError([_error(sheet_label, reason, "delete the rows above the header")])
        if header is None:
            header = first
        elif first != header:
            reason = f"its header differs from sheet {chosen[0]}'s"
            fix = "give every sheet the same header, or pass --sheet NAME"
            raise DataError([_error(sheet_label, reason, fix)])
        second = next(cells, None)
        if second is not None and len(first) == 1 and len(_trimmed(second)) > 1:
            # A merged title cell: one text on row 1 and a wider table below it.
            reason = "row 1 holds a single title cell; the header must be on row 1"
            raise DataError([_error(sheet_label, reason, "delete the title rows")])
        starts.append((len(records), sheet_label))
        width = len(header)
        body = cells if second is None else itertools.chain([second], cells)
        for offset, values in enumerate(body):
            texts = [cell_text(cell) for cell in values[:width]]
            texts += [""] * (width - len(texts))
            records.append(texts)
            rows.append(FIRST_DATA_ROW + offset)
    assert header is not None
    if not records:
        problem = Problem(
            Location(starts[0][1] if len(starts) == 1 else label),
            None,
            "F04",
            Severity.ERROR,
            "header but no data rows",
            "add the firms below the header",
        )
        raise DataError([problem])
    columns = string_columns(records, len(header))
    labels = tuple(starts) if len(starts) > 1 else ()
    file_label = starts[0][1] if len(starts) == 1 else label
    return RawTable(
        tuple(header), tuple(columns), np.asarray(rows, dtype=np.int64), file_label, labels
    )
