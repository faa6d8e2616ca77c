"""The batch index (city_edition.md §7): ``index.csv``, ``index.xlsx`` and ``index-<lang>.pdf``.

One row per city the batch attempted, sorted by province then admin code, with the §7 columns.
The PDF is an ordinary :class:`Document` rendered by the PDF renderer: a summary line (built,
reduced, failed, skipped), the failures first with their messages, then every city with the
relative paths of its files. Labels are catalog messages (pending list ``batch_s3.csv``).
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from srdi_report.compose.model import (
    Align,
    Caption,
    Cover,
    Document,
    DocumentMeta,
    Heading,
    Paragraph,
    Section,
    TableBlock,
    TableCell,
    TextRun,
)
from srdi_report.data.geography import Geography
from srdi_report.editions.batch import BatchReport, CityRecord
from srdi_report.editions.batch_task import (
    STATUS_FAILED,
    STATUS_OK,
    STATUS_REDUCED,
    STATUS_SKIPPED,
)
from srdi_report.editions.city import city_place, title_names
from srdi_report.editions.commit import commit_files

INDEX_STEM = "index"
COLUMNS = (
    "admin_code",
    "city_zh",
    "city_en",
    "province_zh",
    "province_en",
    "firms",
    "lgs",
    "status",
    "languages",
    "formats",
    "files",
    "bureau_file",
    "suppressed_items",
    "warnings",
    "error",
    "build_seconds",
    "cache",
)
LIST_SEPARATOR = "; "
PENDING_CATALOG = Path(__file__).resolve().parents[1] / "locales" / "_pending" / "batch_s3.csv"

MSG_TITLE = "City editions %(year)s: index"
MSG_SUBTITLE = "Every city of the batch, its files and its status"
MSG_SUMMARY = "%(built)s built, %(reduced)s reduced, %(failed)s failed, %(skipped)s skipped"
MSG_SUMMARY_HEADING = "Summary"
MSG_FAILURES = "Failed cities"
MSG_CITIES = "Cities"
MSG_DATA_AS_OF = "Data as of %(date)s"
MSG_SOURCE = "Source: the batch that built these editions"
MSG_NO_FAILURES = "No city failed."
MSG_CODE = "Code"
MSG_CITY = "City"
MSG_PROVINCE = "Province"
MSG_FIRMS = "Firms"
MSG_LGS = "LGs"
MSG_STATUS = "Status"
MSG_ERROR = "Error"
MSG_FILES = "Files"
MSG_CACHE = "Cache"
MSG_SECONDS = "Seconds"
PUBLISHER = "srdi-report"  # the tool, not a message: the same in both languages
MSG_FILES_NOTE = (
    "Each city's files are in output/city/%(year)s/<folder>/: <lang>/report.pdf, report.docx "
    "and card.pdf, with data_appendix.xlsx; index.csv lists every path."
)
STATUS_LABELS = {
    STATUS_OK: "ok",
    STATUS_REDUCED: "reduced",
    STATUS_FAILED: "failed",
    STATUS_SKIPPED: "skipped",
}
TABLE_LABEL = "Table %(n)s"


@dataclass(frozen=True)
class IndexRow:
    """One line of the index, every §7 column as printed in the CSV."""

    values: Mapping[str, str]
    record: CityRecord
    province_code: str


def index_rows(report: BatchReport, geography: Geography) -> tuple[IndexRow, ...]:
    """The index lines, sorted by province code then admin code."""
    rows = []
    for record in report.records:
        place = city_place(record.code, geography)
        province = geography.province(place.province_code)
        values = {
            "admin_code": record.code,
            "city_zh": place.city.name_zh_full,
            "city_en": title_names(place)["en"],
            "province_zh": province.name_zh_full,
            "province_en": province.name_en,
            "firms": str(record.firms),
            "lgs": str(record.lgs),
            "status": record.status,
            "languages": ",".join(record.languages),
            "formats": ",".join(record.formats),
            "files": LIST_SEPARATOR.join(record.files),
            "bureau_file": "yes" if record.bureau_file else "no",
            "suppressed_items": str(record.suppressed_items),
            "warnings": LIST_SEPARATOR.join(record.warnings),
            "error": record.error,
            "build_seconds": f"{record.build_seconds:.2f}",
            "cache": record.cache,
        }
        rows.append(IndexRow(values, record, place.province_code))
    return tuple(sorted(rows, key=lambda r: (r.province_code, r.record.code)))


def index_files(
    report: BatchReport,
    geography: Geography,
    folder: Path,
    locales: Sequence[str],
) -> dict[Path, bytes]:
    """``index.csv``, ``index.xlsx`` and ``index-<lang>.pdf`` under ``folder``, as bytes."""
    rows = index_rows(report, geography)
    files = {
        folder / f"{INDEX_STEM}.csv": index_csv(rows),
        folder / f"{INDEX_STEM}.xlsx": index_xlsx(rows, report.snapshot_date),
    }
    from srdi_report.renderers.registry import get_renderer

    for locale in locales:
        document = index_document(report, rows, locale)
        language = locale.replace("-", "_").split("_", 1)[0].lower()
        files[folder / f"{INDEX_STEM}-{language}.pdf"] = get_renderer("pdf").render(
            document, locale
        )
    return files


def write_index(
    report: BatchReport, geography: Geography, folder: Path, locales: Sequence[str]
) -> tuple[Path, ...]:
    """Write the index files (temp + rename); returns their paths, sorted."""
    files = index_files(report, geography, folder, locales)
    commit_files(files)
    return tuple(sorted(files))


def index_csv(rows: Sequence[IndexRow]) -> bytes:
    """The index as UTF-8 CSV (with a BOM, so spreadsheet programs read the Chinese names)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.values[c] for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def index_xlsx(rows: Sequence[IndexRow], snapshot_date: str) -> bytes:
    """The index as one XLSX sheet, numbers as numbers, dated by the snapshot (byte-stable)."""
    from openpyxl import Workbook

    from srdi_report.renderers.docx.package import normalise_zip, snapshot_datetime

    numeric = {"firms", "lgs", "suppressed_items"}
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    sheet = book.create_sheet(INDEX_STEM)
    sheet.append(list(COLUMNS))
    for row in rows:
        cells: list[object] = []
        for column in COLUMNS:
            value = row.values[column]
            if column in numeric:
                cells.append(int(value))
            elif column == "build_seconds":
                cells.append(float(value))
            else:
                cells.append(value)
        sheet.append(cells)
    sheet.freeze_panes = "A2"
    when = snapshot_datetime(snapshot_date).strftime("%Y-%m-%dT%H:%M:%SZ")
    core = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{PUBLISHER}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()
    buffer = io.BytesIO()
    book.save(buffer)
    return normalise_zip(buffer.getvalue(), {"docProps/core.xml": core})


def index_document(report: BatchReport, rows: Sequence[IndexRow], locale: str) -> Document:
    """The index PDF's document: summary, failures first, then every city."""
    _ = translator(locale)
    zh = locale.lower().startswith("zh")
    title = _(MSG_TITLE) % {"year": report.year}
    counts = {
        "built": report.count(STATUS_OK),
        "reduced": report.count(STATUS_REDUCED),
        "failed": report.count(STATUS_FAILED),
        "skipped": report.count(STATUS_SKIPPED),
    }
    summary = _(MSG_SUMMARY) % counts
    failures = [r for r in rows if r.record.status == STATUS_FAILED]
    table_number = 0

    def caption(text: str) -> Caption:
        nonlocal table_number
        table_number += 1
        return Caption(_(TABLE_LABEL) % {"n": table_number}, table_number, text, _(MSG_SOURCE))

    def name(row: IndexRow) -> str:
        return row.values["city_zh"] if zh else row.values["city_en"]

    def province(row: IndexRow) -> str:
        return row.values["province_zh"] if zh else row.values["province_en"]

    failure_blocks: list[Paragraph | TableBlock] = []
    if failures:
        failure_blocks.append(
            _table(
                "failures",
                caption(_(MSG_FAILURES)),
                (_(MSG_CODE), _(MSG_CITY), _(MSG_PROVINCE), _(MSG_ERROR)),
                [(r.record.code, name(r), province(r), r.record.error) for r in failures],
                (Align.LEFT, Align.LEFT, Align.LEFT, Align.LEFT),
                (0.1, 0.18, 0.17, 0.55),
            )
        )
    else:
        failure_blocks.append(Paragraph((TextRun(_(MSG_NO_FAILURES)),)))
    ordered = failures + [r for r in rows if r.record.status != STATUS_FAILED]
    cities = _table(
        "cities",
        caption(_(MSG_CITIES)),
        (
            _(MSG_CODE),
            _(MSG_CITY),
            _(MSG_PROVINCE),
            _(MSG_FIRMS),
            _(MSG_LGS),
            _(MSG_STATUS),
            _(MSG_CACHE),
            _(MSG_SECONDS),
        ),
        [
            (
                r.record.code,
                # the folder under the name: the files are <folder>/<lang>/report.<fmt>
                f"{name(r)}\n{r.record.folder}/" if r.record.files else name(r),
                province(r),
                f"{r.record.firms:,}",
                f"{r.record.lgs:,}",
                _(STATUS_LABELS.get(r.record.status, r.record.status)),
                r.record.cache,
                f"{r.record.build_seconds:.1f}",
            )
            for r in ordered
        ],
        (Align.LEFT,) * 3 + (Align.RIGHT,) * 2 + (Align.LEFT,) * 2 + (Align.RIGHT,),
        (0.09, 0.33, 0.14, 0.09, 0.08, 0.1, 0.08, 0.09),
    )
    date_line = _(MSG_DATA_AS_OF) % {"date": report.snapshot_date}
    files_note = Paragraph((TextRun(_(MSG_FILES_NOTE) % {"year": report.year}),))
    sections = (
        Section(
            Heading("", _(MSG_SUMMARY_HEADING), "summary"),
            1,
            (
                Paragraph((TextRun(summary, bold=True),)),
                Paragraph((TextRun(date_line),)),
                files_note,
            ),
            (
                Section(Heading("", _(MSG_FAILURES), "failures"), 2, tuple(failure_blocks)),
                Section(Heading("", _(MSG_CITIES), "cities"), 2, (cities,)),
            ),
        ),
    )
    return Document(
        meta=DocumentMeta(
            title=title,
            author=PUBLISHER,
            subject=summary,
            language="zh-CN" if zh else "en",
            locale=locale,
            date=report.snapshot_date,
        ),
        cover=Cover(title, _(MSG_SUBTITLE), summary, PUBLISHER, date_line),
        running_header=title,
        front=(),
        sections=sections,
    )


def _table(
    table_id: str,
    caption: Caption,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    align: Sequence[Align],
    widths: Sequence[float],
) -> TableBlock:
    def cell(text: str) -> TableCell:
        return TableCell((TextRun(text),))

    return TableBlock(
        table_id=table_id,
        caption=caption,
        header=(tuple(TableCell((TextRun(h),), bold=True) for h in header),),
        rows=tuple(tuple(cell(value) for value in row) for row in rows),
        align=tuple(align),
        widths=tuple(widths),
    )


def translator(locale: str) -> Callable[[str], str]:
    """The catalog's gettext, falling back to the pending list until the catalogs are synced."""
    from srdi_report.compose.i18n import gettext_for

    gettext = gettext_for(locale)
    column = "zh" if locale.lower().startswith("zh") else "en"
    pending = _pending().get(column, {})

    def translate(msgid: str) -> str:
        text = gettext(msgid)
        return pending.get(msgid, text) if text == msgid else text

    return translate


@functools.cache
def _pending() -> dict[str, dict[str, str]]:
    """``{language: {msgid: text}}`` of the pending list (empty when it is gone)."""
    try:
        text = PENDING_CATALOG.read_text(encoding="utf-8")
    except OSError:
        return {}
    table: dict[str, dict[str, str]] = {"zh": {}, "en": {}}
    for row in csv.DictReader(io.StringIO(text)):
        for language in table:
            if row.get(language):
                table[language][row["msgid"]] = row[language]
    return table
