"""The data appendix: one worksheet per data-bearing chart and table, plus every cited number.

Readers who want the numbers behind an exhibit get them unrounded, with units and provenance
(metric id, scope, firms, data hash), in ``data_appendix.xlsx`` next to the report. The
build turns the document's exhibits into :class:`AppendixSheet` values
(:func:`appendix_sheets`: text tables from their cells, charts from the figure factory's CSV;
or :func:`sheet_from_result` straight from a metric result) and its printed numbers into
:class:`CitedNumber` values (:func:`cited_numbers`); :func:`render_appendix` writes the
workbook. Headers are msgids passed through the caller's ``gettext``, so the appendix speaks
the edition's language.

The file is reproducible: openpyxl stamps the save time into the core properties and the zip,
so both are rewritten (dates from the data snapshot, fixed zip entries): the same input gives
the same bytes.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from srdi_report.compose.model import (
    Block,
    Document,
    FigureBlock,
    Inline,
    ListBlock,
    NoteRun,
    NumRun,
    Paragraph,
    RefRun,
    TableBlock,
    TextRun,
)
from srdi_report.errors import BuildError
from srdi_report.metrics.result import MetricResult
from srdi_report.number_format import format_number
from srdi_report.renderers.docx.package import normalise_zip, snapshot_datetime
from srdi_report.renderers.registry import renderer

Cell = str | int | float | None
Gettext = Callable[[str], str]

SHEET_NAME_MAX = 31
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
PROVENANCE_ROW = 4  # header of the provenance block; the data table follows it
HEADER_FILL = PatternFill("solid", fgColor="DCE8F2")
TITLE_FONT = Font(bold=True, size=12, color="0B4F7C")
BOLD = Font(bold=True)
MUTED = Font(italic=True, color="52606D")
NUMBER_FORMATS = {"share": "0.00%", "count": "#,##0", "approx_count": "#,##0", "year": "0"}
COUNT_COLUMNS = frozenset({"n", "firms", "count", "n_firms"})
WIDTH_MIN, WIDTH_MAX = 8, 60


def N_(msgid: str) -> str:  # noqa: N802 - the gettext convention for a no-op marker
    """Mark a msgid for extraction; translated later by the caller's gettext."""
    return msgid


MSG_CONTENTS = N_("Contents")
MSG_NUMBERS_CITED = N_("Numbers cited")
MSG_SHEET = N_("Sheet")
MSG_EXHIBIT = N_("Exhibit")
MSG_TITLE = N_("Title")
MSG_METRIC = N_("Metric")
MSG_SCOPE = N_("Scope")
MSG_FIRMS = N_("Firms (n)")
MSG_DATA_HASH = N_("Data hash")
MSG_UNIT = N_("Unit")
MSG_NUMBER_ID = N_("Number id")
MSG_VALUE = N_("Value (unrounded)")
MSG_PRINTED = N_("Printed as")
MSG_SOURCE = N_("Source")
MSG_NOTE = N_("Note")
MSG_PLACE = N_("Printed in (segment)")
# The figure factory's CSV names its columns by the role they play in the chart; a reader of
# the appendix gets the role in words (a role not listed passes through gettext as is).
ROLE_MSGIDS = {
    "category": N_("Category"),
    "category_code": N_("Category code"),
    "series": N_("Series"),
    "series_code": N_("Series code"),
    "value": N_("Value"),
    "x": N_("Horizontal axis value"),
    "x_code": N_("Horizontal axis code"),
    "y": N_("Vertical axis value"),
    "y_code": N_("Vertical axis code"),
    "size": N_("Bubble size"),
    "label": N_("Label"),
    "label_code": N_("Label code"),
    "line": N_("Line value"),
    "view": N_("Data view"),
    "note": N_("Note"),
    "suppressed": N_("Withheld (too few firms)"),
    "tier": N_("Tier"),
    "tier_code": N_("Tier code"),
    "firms": N_("Firms"),
    "share": N_("Share"),
    "rank": N_("Rank"),
    "tied": N_("Tied rank"),
    "national": N_("Nation"),
    "national_ratio": N_("National ratio"),
}
# How a unit kind is described under a column header; unknown kinds pass through gettext.
UNIT_MSGIDS = {
    "count": N_("count"),
    "approx_count": N_("count"),
    "share": N_("share (fraction of 1)"),
    "pp": N_("percentage points (fraction of 1)"),
    "value": N_("value"),
    "ratio": N_("ratio"),
    "multiple": N_("ratio"),
    "score": N_("score (benchmark = 100)"),
    "rank": N_("rank (1 = first)"),
    "r": N_("correlation coefficient"),
    "year": N_("year"),
}


class AppendixError(BuildError):
    """An appendix sheet is malformed (rows and columns disagree)."""


@dataclass(frozen=True)
class SheetProvenance:
    """Where one sheet's numbers come from."""

    metric_id: str
    scope: str  # the scope key ("national", "city=320500")
    n_firms: int | None
    data_hash: str


def provenance_of(result: MetricResult) -> SheetProvenance:
    """The provenance line of a metric result (metric, scope key, firms, data hash)."""
    prov = result.provenance
    return SheetProvenance(prov.metric_id, prov.scope_key, prov.n_firms, prov.data_hash)


@dataclass(frozen=True)
class AppendixSheet:
    """The numbers behind one exhibit.

    Attributes:
        exhibit_id: Stable exhibit id ("c16").
        label: The exhibit's label in the edition language ("Figure 16"); the sheet's name.
        title: The exhibit's title.
        columns: Column headers in the edition language.
        rows: Raw values: keys as text, numbers unrounded (shares as fractions), None empty.
        units: Per column, a unit kind ("count", "share", "value" …; "" for key columns).
        provenance: Metric, scope, firms and data hash of every metric drawn.
        source: The exhibit's source line.
        notes: Notes (suppression marks, definitions) printed under the table.
    """

    exhibit_id: str
    label: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    units: tuple[str, ...]
    provenance: tuple[SheetProvenance, ...]
    source: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class CitedNumber:
    """A number printed in the text, with its unrounded value and where it comes from."""

    number_id: str
    value: float | None
    text: str  # as printed in the edition
    unit: str  # unit kind
    metric_id: str
    scope: str
    n_firms: int | None
    place: str = ""  # the segment (``chapter_2/s2/summary``) that prints it


def table_start_row(sheet: AppendixSheet) -> int:
    """The 1-based row of a sheet's column headers (units below it, data after that)."""
    return PROVENANCE_ROW + len(sheet.provenance) + 2


def sheet_name(label: str, taken: set[str]) -> str:
    """A valid, unique worksheet name from an exhibit label (at most 31 characters)."""
    base = _SHEET_UNSAFE.sub("_", label).strip("'") or "Sheet"
    name, i = base[:SHEET_NAME_MAX], 2
    while name.casefold() in taken:
        suffix = f" ({i})"
        name, i = base[: SHEET_NAME_MAX - len(suffix)] + suffix, i + 1
    taken.add(name.casefold())
    return name


def _raw(value: object) -> Cell:
    """A cell value as openpyxl stores it: NaN and NA become empty, numpy scalars plain."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | str):
        return value
    item = getattr(value, "item", None)
    if callable(item):
        converted = item()
        if isinstance(converted, float) and math.isnan(converted):
            return None
        if isinstance(converted, int | float | str):
            return converted
    return str(value)


def sheet_from_result(
    exhibit_id: str,
    label: str,
    title: str,
    result: MetricResult,
    gettext: Gettext,
    *,
    columns: Sequence[str] | None = None,
    source: str = "",
) -> AppendixSheet:
    """The sheet of an exhibit drawn from one metric result: its whole tidy table.

    Args:
        exhibit_id: Stable exhibit id.
        label: The exhibit label in the edition language.
        title: The exhibit title.
        result: The metric result drawn.
        gettext: Translates column names (msgids are the table's column names).
        columns: Table columns to keep, in order (default: all).
        source: The exhibit's source line.
    """
    table = result.table
    names = list(columns) if columns is not None else [str(c) for c in table.columns]
    units = []
    for name in names:
        series = table[name]
        if not pd.api.types.is_numeric_dtype(series) or name == "year":
            units.append("year" if name == "year" else "")
        elif name in COUNT_COLUMNS:
            units.append("count")
        else:
            units.append(str(result.unit.value))
    rows = tuple(
        tuple(_raw(value) for value in record)
        for record in table[names].itertuples(index=False, name=None)
    )
    return AppendixSheet(
        exhibit_id=exhibit_id,
        label=label,
        title=title,
        columns=tuple(gettext(name) for name in names),
        rows=rows,
        units=tuple(units),
        provenance=(provenance_of(result),),
        source=source,
    )


def sheet_from_csv(
    exhibit_id: str,
    label: str,
    title: str,
    data: bytes,
    gettext: Gettext,
    *,
    units: dict[str, str],
    provenance: tuple[SheetProvenance, ...],
    source: str = "",
) -> AppendixSheet:
    """The sheet of a figure from the figure factory's drawn-data CSV (``FigureAsset.csv``).

    Numbers are read back as numbers (integers stay integers); other cells stay text.

    Args:
        exhibit_id: Stable exhibit id.
        label: The exhibit label in the edition language.
        title: The exhibit title.
        data: The CSV bytes (UTF-8, header row of column names).
        gettext: Translates the CSV's column names (msgids).
        units: Column name → unit kind; columns not named get the kind of their usual name
            (share, firms, n, year) or none (keys and values of unknown unit).
        provenance: Metric, scope, firms and data hash of what the figure draws.
        source: The exhibit's source line.
    """
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig")))
    header = next(reader, [])
    rows = tuple(tuple(_parse(cell) for cell in row) for row in reader if row)
    return AppendixSheet(
        exhibit_id=exhibit_id,
        label=label,
        title=title,
        columns=tuple(gettext(ROLE_MSGIDS.get(name, name)) for name in header),
        rows=rows,
        units=tuple(units.get(name, _guess_unit(name)) for name in header),
        provenance=provenance,
        source=source,
    )


_BOOLEANS = {"True": True, "False": False}  # pandas writes booleans so
# Unit kinds of the figure factory's usual column names, when the caller names none.
_COLUMN_UNITS = {"share": "share", "firms": "count", "n": "count", "count": "count", "year": "year"}


def _guess_unit(column: str) -> str:
    return _COLUMN_UNITS.get(column, "")


def _parse(text: str) -> Cell:
    if text == "":
        return None
    if text in _BOOLEANS:
        return _BOOLEANS[text]
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return text
    return value if math.isfinite(value) else text


def _unit_text(unit: str, gettext: Gettext) -> str:
    return gettext(UNIT_MSGIDS[unit]) if unit in UNIT_MSGIDS else (gettext(unit) if unit else "")


def _widths(ws: Worksheet, widths: dict[int, int]) -> None:
    for col, width in sorted(widths.items()):
        ws.column_dimensions[get_column_letter(col)].width = min(max(width, WIDTH_MIN), WIDTH_MAX)


def _text_width(value: Cell) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text) + 2


def _write_row(
    ws: Worksheet, row: int, values: Sequence[Cell], widths: dict[int, int], font: Font | None
) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        if font is not None:
            cell.font = font
        widths[col] = max(widths.get(col, 0), min(_text_width(value), WIDTH_MAX))


def _exhibit_sheet(ws: Worksheet, sheet: AppendixSheet, gettext: Gettext) -> None:
    if any(len(row) != len(sheet.columns) for row in sheet.rows) or len(sheet.units) != len(
        sheet.columns
    ):
        raise AppendixError(f"sheet {sheet.exhibit_id}: rows, units and columns differ in length")
    widths: dict[int, int] = {}
    ws.cell(row=1, column=1, value=f"{sheet.label}  {sheet.title}").font = TITLE_FONT
    if sheet.source:
        ws.cell(row=2, column=1, value=sheet.source).font = MUTED
    head = [gettext(MSG_METRIC), gettext(MSG_SCOPE), gettext(MSG_FIRMS), gettext(MSG_DATA_HASH)]
    _write_row(ws, PROVENANCE_ROW, head, widths, BOLD)
    for i, prov in enumerate(sheet.provenance, start=1):
        values: list[Cell] = [prov.metric_id, prov.scope, prov.n_firms, prov.data_hash]
        _write_row(ws, PROVENANCE_ROW + i, values, {}, None)
    start = table_start_row(sheet)
    _write_row(ws, start, list(sheet.columns), widths, BOLD)
    for col in range(1, len(sheet.columns) + 1):
        ws.cell(row=start, column=col).fill = HEADER_FILL
        ws.cell(row=start, column=col).alignment = Alignment(wrap_text=True, vertical="bottom")
    _write_row(ws, start + 1, [_unit_text(u, gettext) for u in sheet.units], widths, MUTED)
    formats = [NUMBER_FORMATS.get(unit, "General") for unit in sheet.units]
    for r, row in enumerate(sheet.rows, start=start + 2):
        for c, value in enumerate(row, start=1):
            if isinstance(value, int | float):
                ws.cell(row=r, column=c, value=value).number_format = formats[c - 1]
            else:
                ws.cell(row=r, column=c, value=value)
            widths[c] = max(widths.get(c, 0), min(_text_width(value), WIDTH_MAX))
    after = start + 2 + len(sheet.rows) + 1
    for i, note in enumerate(sheet.notes):
        ws.cell(row=after + i, column=1, value=note).font = MUTED
    ws.freeze_panes = f"A{start + 2}"
    _widths(ws, widths)


def _cited_sheet(ws: Worksheet, cited: Sequence[CitedNumber], gettext: Gettext) -> None:
    widths: dict[int, int] = {}
    head = [
        gettext(MSG_NUMBER_ID),
        gettext(MSG_VALUE),
        gettext(MSG_PRINTED),
        gettext(MSG_UNIT),
        gettext(MSG_METRIC),
        gettext(MSG_SCOPE),
        gettext(MSG_FIRMS),
        gettext(MSG_PLACE),
    ]
    _write_row(ws, 1, head, widths, BOLD)
    for col in range(1, len(head) + 1):
        ws.cell(row=1, column=col).fill = HEADER_FILL
    for r, number in enumerate(cited, start=2):
        values: list[Cell] = [
            number.number_id,
            _raw(number.value),
            number.text,
            _unit_text(number.unit, gettext),
            number.metric_id,
            number.scope,
            number.n_firms,
            number.place,
        ]
        _write_row(ws, r, values, widths, None)
    ws.freeze_panes = "A2"
    _widths(ws, widths)


def _contents_sheet(
    ws: Worksheet, sheets: Sequence[AppendixSheet], names: Sequence[str], gettext: Gettext
) -> None:
    widths: dict[int, int] = {}
    head = [gettext(MSG_SHEET), gettext(MSG_EXHIBIT), gettext(MSG_TITLE), gettext(MSG_METRIC)]
    _write_row(ws, 1, head, widths, BOLD)
    for col in range(1, len(head) + 1):
        ws.cell(row=1, column=col).fill = HEADER_FILL
    for r, (sheet, name) in enumerate(zip(sheets, names, strict=True), start=2):
        metrics = ", ".join(sorted({p.metric_id for p in sheet.provenance}))
        _write_row(ws, r, [name, sheet.exhibit_id, sheet.title, metrics], widths, None)
        # An internal link (a location, not an external target) opens the exhibit's sheet.
        cell = ws.cell(row=r, column=1)
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{name}'!A1")
    ws.freeze_panes = "A2"
    _widths(ws, widths)


def _core_xml(title: str, author: str, language: str, date: str) -> bytes:
    when = snapshot_datetime(date).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(author)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(author)}</cp:lastModifiedBy>"
        f"<dc:language>{escape(language)}</dc:language>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def render_appendix(
    sheets: Sequence[AppendixSheet],
    cited_numbers: Sequence[CitedNumber],
    locale: str,
    gettext: Gettext = N_,
    *,
    title: str = "",
    author: str = "",
    date: str = "1980-01-01",
) -> bytes:
    """Write the data appendix workbook.

    Sheets, in order: contents, one per exhibit (named by its label), then the numbers cited.

    Args:
        sheets: One per data-bearing chart or table, in exhibit order.
        cited_numbers: Every number printed in the text, in reading order.
        locale: The edition's Babel locale ("zh_CN", "en"); recorded as the file's language.
        gettext: The edition's translation function for the headers' msgids.
        title: Workbook title (core properties).
        author: Workbook author.
        date: The data snapshot date (ISO), the workbook's created and modified date.

    Returns:
        The XLSX bytes; the same input gives the same bytes.

    Raises:
        AppendixError: A sheet's rows, units and columns differ in length.
        DocxMetadataError: ``date`` is not an ISO date.
    """
    workbook = Workbook()
    contents = workbook.active
    if not isinstance(contents, Worksheet):  # pragma: no cover - a new workbook has one sheet
        raise AppendixError("openpyxl made a workbook without a worksheet")
    taken: set[str] = set()
    contents.title = sheet_name(gettext(MSG_CONTENTS), taken)
    names = [sheet_name(sheet.label, taken) for sheet in sheets]
    for sheet, name in zip(sheets, names, strict=True):
        _exhibit_sheet(workbook.create_sheet(name), sheet, gettext)
    cited_name = sheet_name(gettext(MSG_NUMBERS_CITED), taken)
    _cited_sheet(workbook.create_sheet(cited_name), cited_numbers, gettext)
    _contents_sheet(contents, sheets, names, gettext)
    out = io.BytesIO()
    workbook.save(out)
    language = locale.replace("_", "-")
    core = _core_xml(title, author, language, date)
    return normalise_zip(out.getvalue(), {"docProps/core.xml": core})


# --- an appendix from the document alone -----------------------------------------------------


def _cell_value(runs: tuple[Inline, ...], mark: str) -> tuple[Cell, str]:
    """A table cell as a raw value and its unit kind: a lone number stays a number."""
    numbers = [run for run in runs if isinstance(run, NumRun)]
    if len(numbers) == 1 and all(isinstance(r, NumRun | NoteRun) for r in runs):
        run = numbers[0]
        if run.suppressed or run.value is None:
            return mark, run.kind
        return _raw(run.value), run.kind
    text = "".join(
        r.text if isinstance(r, TextRun) else r.label if isinstance(r, RefRun) else "" for r in runs
    )
    return text, ""


def sheet_from_table(block: TableBlock, mark: str) -> AppendixSheet:
    """The sheet of a text table: its last header row as columns, numbers unrounded."""
    columns: list[str] = []
    for cell in block.header[-1] if block.header else ():
        text = "".join(r.text for r in cell.runs if isinstance(r, TextRun))
        columns += [text] * max(cell.colspan, 1)
    width = len(block.align)
    columns = (columns + [""] * width)[:width]
    units = [""] * width
    rows: list[tuple[Cell, ...]] = []
    metrics: set[str] = set()
    for row in block.rows:
        values: list[Cell] = []
        for cell in row:
            value, kind = _cell_value(cell.runs, mark)
            col = len(values)
            if kind and col < width and not units[col]:
                units[col] = kind
            values += [value] + [None] * (max(cell.colspan, 1) - 1)
            metrics.update(r.metric_id for r in cell.runs if isinstance(r, NumRun) and r.metric_id)
        rows.append(tuple((values + [None] * width)[:width]))
    caption = block.caption
    return AppendixSheet(
        exhibit_id=block.table_id,
        label=caption.label,
        title=caption.title,
        columns=tuple(columns),
        rows=tuple(rows),
        units=tuple(units),
        provenance=tuple(SheetProvenance(m, "", None, "") for m in sorted(metrics)),
        source=caption.source,
    )


def _has_numbers(block: TableBlock) -> bool:
    """A table is data-bearing when a body cell holds a number (not only text)."""
    return any(isinstance(run, NumRun) for row in block.rows for cell in row for run in cell.runs)


def appendix_sheets(
    document: Document,
    gettext: Gettext = N_,
    *,
    figure_csv: Mapping[str, bytes] | None = None,
    units: Mapping[str, Mapping[str, str]] | None = None,
    provenance: Mapping[str, tuple[SheetProvenance, ...]] | None = None,
) -> list[AppendixSheet]:
    """One sheet per data-bearing exhibit of a document, in reading order.

    Text tables with numbers come from their own cells (numbers unrounded); tables of text
    only (policy summaries) have no sheet. Charts carry only images in the
    document model, so a chart gets a sheet when ``figure_csv`` has the figure factory's data
    for it (``FigureAsset.csv``); labels, titles and sources are the captions'.

    Args:
        document: The composed document (one language).
        gettext: Translates the CSV column names (msgids).
        figure_csv: Exhibit id → the drawn-data CSV of a chart.
        units: Exhibit id → CSV column → unit kind (columns not named are keys).
        provenance: Exhibit id → metric, scope, firms and data hash of what it shows; tables
            without an entry list the metric ids their numbers name.
    """
    figure_csv, units, provenance = figure_csv or {}, units or {}, provenance or {}
    mark = document.suppression_mark
    sheets: list[AppendixSheet] = []

    def visit(items: tuple[Block, ...]) -> None:
        for block in items:
            if isinstance(block, TableBlock) and _has_numbers(block):
                sheet = sheet_from_table(block, mark)
                if block.table_id in provenance:
                    sheet = replace(sheet, provenance=provenance[block.table_id])
                sheets.append(sheet)
            elif isinstance(block, FigureBlock) and block.figure_id in figure_csv:
                cap = block.caption
                sheets.append(
                    sheet_from_csv(
                        block.figure_id,
                        cap.label,
                        cap.title,
                        figure_csv[block.figure_id],
                        gettext,
                        units=dict(units.get(block.figure_id, {})),
                        provenance=provenance.get(block.figure_id, ()),
                        source=cap.source,
                    )
                )

    visit(document.front)
    for path in document.walk():
        visit(path[-1].blocks)
    return sheets


def cited_numbers(
    document: Document, provenance: Mapping[str, SheetProvenance] | None = None
) -> list[CitedNumber]:
    """Every number the document's paragraphs and lists print, in reading order.

    Args:
        document: The composed document.
        provenance: Metric id (as the numbers name it) → its scope and firms.
    """
    provenance = provenance or {}
    cited: list[CitedNumber] = []
    locale, mark = document.meta.locale, document.suppression_mark

    def cite(runs: tuple[Inline, ...]) -> None:
        for run in runs:
            if not isinstance(run, NumRun):
                continue
            withheld = run.suppressed or run.value is None
            text = mark if withheld else format_number(run.value, run.kind, run.digits, locale)
            number_id = run.number_id or f"n{len(cited) + 1:04d}"
            source = provenance.get(run.metric_id)
            scope, n_firms = (source.scope, source.n_firms) if source else ("", None)
            value = None if withheld else run.value
            cited.append(
                CitedNumber(number_id, value, text, run.kind, run.metric_id, scope, n_firms)
            )

    def visit(items: tuple[Block, ...]) -> None:
        for block in items:
            if isinstance(block, Paragraph):
                cite(block.runs)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    cite(item)

    visit(document.front)
    for path in document.walk():
        visit(path[-1].blocks)
    visit(document.notes)
    return cited


@renderer("xlsx")
class AppendixRenderer:
    """``--format xlsx``: the appendix of a document's text tables and cited numbers.

    The build writes the full appendix (charts too) with :func:`render_appendix`.
    """

    def render(self, document: Document, locale: str) -> bytes:
        """Return the workbook's bytes; the same document gives the same bytes."""
        sheets, cited = appendix_sheets(document), cited_numbers(document)
        meta = document.meta
        return render_appendix(
            sheets, cited, locale, title=meta.title, author=meta.author, date=meta.date
        )
