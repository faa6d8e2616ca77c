"""Building blocks of the national tables: cells, columns, row groups and shared key lists."""

from __future__ import annotations

from collections.abc import Mapping

from srdi_report.editions.national_titles import TITLES
from srdi_report.editions.spec import (
    Align,
    Cell,
    CellSource,
    RowGroup,
    TableColumn,
    TableKind,
    TableSpec,
    frozen_map,
)
from srdi_report.figures.spec import DataView

NATIONAL = {"level": "national"}
PROVINCIAL = {"level": "provincial"}
HONOURS_C37 = (
    "hon_tech_center",
    "hon_single_champion",
    "hon_eng_research_center",
    "hon_high_tech",
    "hon_unicorn",
    "hon_gazelle",
)
HONOURS_C39 = (
    "hon_high_tech",
    "hon_tech_center",
    "hon_single_champion",
    "hon_unicorn",
    "hon_eng_research_center",
    "hon_green_factory",
    "hon_gazelle",
    "hon_cnas",
    "hon_tech_sme",
)
CORE_INDICATORS = (
    "registered_capital",
    "insured_employees",
    "patents_total",
    "invention_applications_pending",
    "invention_grants",
    "software_copyrights",
)
STRATEGIC_MINOR = ("3985", "3824", "3983", "4011", "4014", "3825", "3841", "6511", "6520", "3073")
FIELD_CLASSES = ("397", "398", "382", "346", "6560", "651", "7320", "33")


def key(labels: str = "", column: str = "") -> Cell:
    """The row key (or another key column of the row), printed through a label source."""
    return Cell(CellSource.KEY, column=column, labels=labels)


def num(
    column: str,
    kind: str,
    digits: int = 0,
    *,
    where: Mapping[str, object] | None = None,
    metric: str = "",
    signed: bool = False,
) -> Cell:
    """A number from a metric column of the row (filtered by ``where``)."""
    return Cell(
        CellSource.VALUE,
        column=column,
        where=frozen_map(where),
        metric=metric,
        kind=kind,
        digits=digits,
        signed=signed,
    )


def text(field: str) -> Cell:
    """A text field of the group's content table, in the edition's language."""
    return Cell(CellSource.CONTENT, column=field)


def cnum(field: str, kind: str, digits: int = 0) -> Cell:
    """A numeric field of the group's content table."""
    return Cell(CellSource.CONTENT_NUMBER, column=field, kind=kind, digits=digits)


def msg(msgid: str) -> Cell:
    """A fixed message id ("" prints an empty cell)."""
    return Cell(CellSource.MSGID, msgid=msgid)


def rank() -> Cell:
    """The running row number."""
    return Cell(CellSource.RANK, kind="rank")


def left(header: str, width: float = 1.0) -> TableColumn:
    """A text column."""
    return TableColumn(header, Align.LEFT, width)


def right(header: str, width: float = 1.0) -> TableColumn:
    """A number column (right-aligned)."""
    return TableColumn(header, Align.RIGHT, width)


def rows(
    data: DataView | None,
    *cells: Cell,
    keys: tuple[str, ...] = (),
    content: str = "",
    content_key: str = "",
    bold: bool = False,
) -> RowGroup:
    """A row group."""
    return RowGroup(data, cells, keys, content, content_key, bold)


def metric_table(
    table_id: str, columns: tuple[TableColumn, ...], *groups: RowGroup, notes: tuple[str, ...] = ()
) -> TableSpec:
    """A table of metric rows, titled from :data:`TITLES`."""
    return TableSpec(table_id, TITLES[table_id], TableKind.METRIC, columns, groups, notes)


def content_table(
    table_id: str, content: str, columns: tuple[TableColumn, ...], *cells: Cell
) -> TableSpec:
    """A table of the rows of one content CSV."""
    group = rows(None, *cells, content=content)
    return TableSpec(table_id, TITLES[table_id], TableKind.CONTENT, columns, (group,))


def by_level(column: str, kind: str, digits: int) -> tuple[Cell, Cell]:
    """National and provincial cells of one metric column."""
    return (
        num(column, kind, digits, where=NATIONAL),
        num(column, kind, digits, where=PROVINCIAL),
    )


LEVEL_COLUMNS = (right("National-level Little Giants"), right("Provincial-level SRDI firms"))
