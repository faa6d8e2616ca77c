"""An edition as data: ``EditionSpec``, ``SectionSpec``, ``TableSpec``, ``ExhibitSpec`` ….

The definitions are in :mod:`srdi_report.compose.edition_spec` (the composer reads them and may
not import from ``editions``); this module is the name editions, builds and the CLI use.
``FigureSpec`` and ``DataView`` are those of :mod:`srdi_report.figures.spec`.
"""

from __future__ import annotations

from srdi_report.compose.edition_spec import (
    Align,
    Cell,
    CellSource,
    ChapterSpec,
    EditionSpec,
    ExhibitForm,
    ExhibitSpec,
    HeadingArg,
    MetricRequest,
    NumberedExhibit,
    RowGroup,
    SectionSpec,
    TableColumn,
    TableKind,
    TableSpec,
    frozen_map,
)
from srdi_report.figures.spec import DataView, FigureSpec

__all__ = [
    "Align",
    "Cell",
    "CellSource",
    "ChapterSpec",
    "DataView",
    "EditionSpec",
    "ExhibitForm",
    "ExhibitSpec",
    "FigureSpec",
    "HeadingArg",
    "MetricRequest",
    "NumberedExhibit",
    "RowGroup",
    "SectionSpec",
    "TableColumn",
    "TableKind",
    "TableSpec",
    "frozen_map",
]
