"""Renderer-neutral document model: what a report says, never how it looks on a page.

``compose`` builds a :class:`Document`; every renderer (text, PDF, DOCX, XLSX appendix) only walks
it. Numbers stay numbers here (:class:`NumRun`): the renderer formats them for the document's
locale through ``number_format``, so the same tree prints "12.34%" and "about 12,300" correctly.
All blocks are frozen; tuples, never lists, so a document hashes and compares by value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# --- inline runs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextRun:
    """Literal text, already translated."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class NumRun:
    """A number printed in running text or a table cell, formatted only by the renderer.

    Attributes:
        value: The unrounded value (a fraction for shares and pp), or None when withheld.
        kind: How to print it: a ``metrics.result.Unit`` value (``share``, ``pp``, ``count``,
            ``value``, ``ratio``, ``score``, ``rank``, ``r``) or ``year`` / ``approx_count``.
        digits: Decimal places after rounding half up (§6.4 of national_report.md).
        metric_id: Where the number comes from (empty for computed-in-template numbers).
        number_id: The key of the printed number in the manifest and appendix.
        suppressed: True when the value is withheld below ``min_cell``: printed as the
            suppression mark, never as a number.
        bold: Print in bold.
        signed: Print a plus sign before positive values (pp differences in tables:
            "+23.3pp").
    """

    value: float | None
    kind: str
    digits: int = 0
    metric_id: str = ""
    number_id: str = ""
    suppressed: bool = False
    bold: bool = False
    signed: bool = False


@dataclass(frozen=True)
class RefRun:
    """A cross-reference to a figure or table by its stable id ("c15"); printed as its label."""

    target_id: str
    label: str  # "Figure 16" in the edition language, resolved by compose


@dataclass(frozen=True)
class NoteRun:
    """A footnote mark with its text (small-cell notes, source remarks)."""

    mark: str
    text: str


Inline = TextRun | NumRun | RefRun | NoteRun


# --- blocks ---------------------------------------------------------------------------------------


class ParagraphStyle(StrEnum):
    """Paragraph roles the renderers style; never a font or a size."""

    BODY = "body"
    LEAD = "lead"  # a chapter summary
    NOTE = "note"  # small print under a table or figure
    QUOTE = "quote"
    BOX = "box"  # a highlighted key-finding box


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline runs. ``segment_id`` is stable across years (editions.md §1)."""

    runs: tuple[Inline, ...]
    style: ParagraphStyle = ParagraphStyle.BODY
    segment_id: str = ""


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list; each item is a tuple of runs. Numbering restarts per list."""

    items: tuple[tuple[Inline, ...], ...]
    ordered: bool = False
    segment_id: str = ""


@dataclass(frozen=True)
class Caption:
    """The exhibit label ("Figure N" in the edition language), the title and the source line."""

    label: str  # "Figure 16" in the edition language
    number: int  # N of the one running sequence of figures and tables
    title: str
    source: str  # "Source: compiled by the project team" in the edition language
    # Added after the contract (backward compatible): False on the second part of a two-part
    # exhibit (a chart and a table under one number), whose caption line the first part
    # already printed; renderers print no caption line for it (the label stays for links).
    shown: bool = True


@dataclass(frozen=True)
class FigureBlock:
    """A chart drawn by the figure factory.

    ``png`` and ``svg`` are the asset bytes; ``width_fraction`` of the text column width.
    """

    figure_id: str
    caption: Caption
    png: bytes
    svg: bytes
    alt_text: str
    width_px: int
    height_px: int
    width_fraction: float = 1.0
    notes: tuple[Paragraph, ...] = ()


class Align(StrEnum):
    """Horizontal alignment of a table column."""

    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


@dataclass(frozen=True)
class TableCell:
    """One cell: runs (text and numbers), spanning ``colspan`` columns."""

    runs: tuple[Inline, ...]
    colspan: int = 1
    bold: bool = False


@dataclass(frozen=True)
class TableBlock:
    """A real text table. ``header`` rows repeat on every page; numbers align right.

    Attributes:
        table_id: Stable exhibit id ("c01", "c21").
        caption: Label, title and source.
        header: Header rows (usually one).
        rows: Body rows; every row has the same total span as the header.
        align: Alignment per column.
        widths: Relative column widths (sum to 1), or () for renderer defaults.
        notes: Notes under the table (small-cell marks, definitions).
    """

    table_id: str
    caption: Caption
    header: tuple[tuple[TableCell, ...], ...]
    rows: tuple[tuple[TableCell, ...], ...]
    align: tuple[Align, ...]
    widths: tuple[float, ...] = ()
    notes: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class PageBreak:
    """Start the next block on a new page."""


@dataclass(frozen=True)
class TableOfContents:
    """Where the table of contents goes; renderers fill it from the section headings."""

    title: str
    depth: int = 2


Block = Paragraph | ListBlock | FigureBlock | TableBlock | PageBreak | TableOfContents


@dataclass(frozen=True)
class Heading:
    """A section heading: its printed number ("2.1.3", may be empty) and title."""

    number: str
    title: str
    anchor: str  # stable id used for bookmarks and TOC links ("s2_1_3")


@dataclass(frozen=True)
class Section:
    """A chapter or section: heading, level (1 = chapter), its blocks, then its subsections."""

    heading: Heading
    level: int
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Cover:
    """The title page."""

    title: str
    subtitle: str
    edition_line: str  # "2026 edition" in the edition language
    publisher: str
    date_line: str  # snapshot date as printed


@dataclass(frozen=True)
class DocumentMeta:
    """PDF/DOCX metadata. ``date`` is the data snapshot (ISO), never the build time."""

    title: str
    author: str
    subject: str
    language: str  # BCP 47: "zh-CN", "en"
    locale: str  # Babel locale: "zh_CN", "en"
    date: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """One edition in one language: cover, front matter blocks, then the sections in order."""

    meta: DocumentMeta
    cover: Cover
    running_header: str
    front: tuple[Block, ...]
    sections: tuple[Section, ...]
    suppression_mark: str = "x"
    notes: tuple[Paragraph, ...] = field(default=())
    # Added after the contract (backward compatible): appended to a table's caption where the
    # table goes on over a page break ("(continued)"); empty: the caption is not repeated.
    continued: str = ""

    def walk(self) -> tuple[tuple[Section, ...], ...]:
        """Every section path from a chapter down, depth first, in reading order."""
        paths: list[tuple[Section, ...]] = []

        def visit(section: Section, trail: tuple[Section, ...]) -> None:
            here = (*trail, section)
            paths.append(here)
            for child in section.children:
                visit(child, here)

        for chapter in self.sections:
            visit(chapter, ())
        return tuple(paths)
