"""Plain text of a Document: the golden snapshot of what a report says, and ``--format txt``.

The walk prints every piece of content a reader sees (cover, contents, headings, paragraphs,
lists, captions, tables, notes) and nothing about looks, so a snapshot diff reads as a
proofreader's diff. Numbers go through ``number_format`` exactly as in the PDF; a withheld value
prints the document's suppression mark. Paragraphs are never wrapped: wrapping depends on the
display width of the script and would make a one-word change move whole lines.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence

from srdi_report.compose.model import (
    Align,
    Block,
    Caption,
    Document,
    FigureBlock,
    Inline,
    ListBlock,
    NoteRun,
    NumRun,
    PageBreak,
    Paragraph,
    ParagraphStyle,
    RefRun,
    Section,
    TableBlock,
    TableCell,
    TableOfContents,
    TextRun,
)
from srdi_report.renderers.printed import number_text
from srdi_report.renderers.registry import renderer

# How a caption joins its label and title, by language: typographic data, not an if.
CAPTION_SEPARATORS = {"zh": "\uff1a", "en": ": "}
DEFAULT_CAPTION_SEPARATOR = ": "
# A paragraph's role, printed as a tag so a snapshot shows it; body text has none.
STYLE_TAGS = {
    ParagraphStyle.BODY: "",
    ParagraphStyle.LEAD: "[lead] ",
    ParagraphStyle.NOTE: "[note] ",
    ParagraphStyle.QUOTE: "[quote] ",
    ParagraphStyle.BOX: "[box] ",
}
PAGE_BREAK = "[page break]"
TOC_INDENT = "  "
WIDE = ("W", "F")  # East Asian widths that take two columns in a monospaced view


@renderer("txt")
class TextRenderer:
    """``--format txt``: UTF-8 plain text, one paragraph per line, blank lines between blocks."""

    def render(self, document: Document, locale: str) -> bytes:
        """Return the document as UTF-8 text ending in one newline."""
        return render_text(document, locale).encode("utf-8")


def render_text(document: Document, locale: str) -> str:
    """The document as text: cover, front matter, sections depth first, closing notes."""
    writer = _Writer(document, locale)
    chunks = [_cover(document)]
    chunks += [writer.block(block) for block in document.front]
    for chapter in document.sections:
        chunks += list(writer.section(chapter))
    chunks += [writer.block(note) for note in document.notes]
    return "\n\n".join(chunk for chunk in chunks if chunk) + "\n"


def caption_line(caption: Caption, locale: str) -> str:
    """``Figure 16: title``, with the separator of the locale's language (full-width in zh)."""
    separator = CAPTION_SEPARATORS.get(_language(locale), DEFAULT_CAPTION_SEPARATOR)
    if not caption.shown:
        # The second part of a two-part exhibit: the first part printed the caption.
        return f"({caption.label})"
    return f"{caption.label}{separator}{caption.title}"


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced view (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in WIDE else 1 for ch in text)


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_", 1)[0].lower()


def _cover(document: Document) -> str:
    cover = document.cover
    lines = (cover.title, cover.subtitle, cover.edition_line, cover.publisher, cover.date_line)
    return "\n".join(line for line in lines if line)


class _Writer:
    """Walks blocks of one document; knows its locale, marks and headings (for the contents)."""

    def __init__(self, document: Document, locale: str) -> None:
        self.document = document
        self.locale = locale

    def section(self, section: Section) -> Iterator[str]:
        heading = section.heading
        number = f"{heading.number} " if heading.number else ""
        yield f"{'#' * section.level} {number}{heading.title}"
        for block in section.blocks:
            yield self.block(block)
        for child in section.children:
            yield from self.section(child)

    def block(self, block: Block) -> str:
        if isinstance(block, Paragraph):
            return self.paragraph(block)
        if isinstance(block, ListBlock):
            return self.list_block(block)
        if isinstance(block, FigureBlock):
            return self.figure(block)
        if isinstance(block, TableBlock):
            return self.table(block)
        if isinstance(block, TableOfContents):
            return self.contents(block)
        if isinstance(block, PageBreak):
            return PAGE_BREAK
        raise TypeError(f"unknown block {type(block).__name__}")

    def paragraph(self, paragraph: Paragraph) -> str:
        text, notes = self.runs(paragraph.runs)
        return "\n".join([STYLE_TAGS[paragraph.style] + text, *notes])

    def list_block(self, block: ListBlock) -> str:
        lines: list[str] = []
        for index, item in enumerate(block.items, 1):
            text, notes = self.runs(item)
            lines.append(f"{index}. {text}" if block.ordered else f"- {text}")
            lines += notes
        return "\n".join(lines)

    def figure(self, figure: FigureBlock) -> str:
        lines = [f"[figure {figure.figure_id}] {caption_line(figure.caption, self.locale)}"]
        if figure.alt_text:
            lines.append(f"[alt] {figure.alt_text}")
        lines += [self.paragraph(note) for note in figure.notes]
        if figure.caption.source:
            lines.append(figure.caption.source)
        return "\n".join(lines)

    def table(self, table: TableBlock) -> str:
        lines = [f"[table {table.table_id}] {caption_line(table.caption, self.locale)}"]
        header = [self.cells(row) for row in table.header]
        body = [self.cells(row) for row in table.rows]
        lines += _grid(header, body, table.align)
        lines += [self.paragraph(note) for note in table.notes]
        if table.caption.source:
            lines.append(table.caption.source)
        return "\n".join(lines)

    def contents(self, toc: TableOfContents) -> str:
        lines = [toc.title]
        for path in self.document.walk():
            section = path[-1]
            if section.level > toc.depth:
                continue
            heading = section.heading
            number = f"{heading.number} " if heading.number else ""
            lines.append(f"{TOC_INDENT * section.level}{number}{heading.title}")
        return "\n".join(lines)

    def cells(self, row: Sequence[TableCell]) -> list[tuple[str, int]]:
        return [(self.runs(cell.runs)[0], cell.colspan) for cell in row]

    def runs(self, runs: Sequence[Inline]) -> tuple[str, list[str]]:
        """Text of a run sequence and the lines of its footnotes."""
        parts: list[str] = []
        notes: list[str] = []
        for run in runs:
            if isinstance(run, TextRun):
                parts.append(run.text)
            elif isinstance(run, NumRun):
                parts.append(self.number(run))
            elif isinstance(run, RefRun):
                parts.append(run.label)
            elif isinstance(run, NoteRun):
                parts.append(f"[{run.mark}]")
                notes.append(f"  [{run.mark}] {run.text}")
        return "".join(parts), notes

    def number(self, run: NumRun) -> str:
        return number_text(run, self.locale, self.document.suppression_mark)


def _grid(
    header: list[list[tuple[str, int]]],
    body: list[list[tuple[str, int]]],
    align: Sequence[Align],
) -> list[str]:
    """A pipe table: columns padded to their widest cell, numbers right-aligned."""
    rows = header + body
    columns = max((sum(span for _text, span in row) for row in rows), default=0)
    widths = [3] * columns
    for row in rows:
        position = 0
        for text, span in row:
            if span == 1:
                widths[position] = max(widths[position], display_width(text))
            position += span
    for row in rows:  # a spanning cell wider than its columns widens the last of them
        position = 0
        for text, span in row:
            room = sum(widths[position : position + span]) + 3 * (span - 1)
            if span > 1 and display_width(text) > room:
                widths[position + span - 1] += display_width(text) - room
            position += span
    aligns = [align[i] if i < len(align) else Align.LEFT for i in range(columns)]
    lines = [_row(row, widths, aligns) for row in header]
    if header:
        lines.append("|" + "|".join(_rule(w, a) for w, a in zip(widths, aligns, strict=True)) + "|")
    lines += [_row(row, widths, aligns) for row in body]
    return lines


def _row(row: list[tuple[str, int]], widths: list[int], aligns: list[Align]) -> str:
    cells = []
    position = 0
    for text, span in row:
        room = sum(widths[position : position + span]) + 3 * (span - 1)
        cells.append(" " + _pad(text, room, aligns[position]) + " ")
        position += span
    return "|" + "|".join(cells) + "|"


def _pad(text: str, room: int, align: Align) -> str:
    gap = max(room - display_width(text), 0)
    if align is Align.RIGHT:
        return " " * gap + text
    if align is Align.CENTER:
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def _rule(width: int, align: Align) -> str:
    if align is Align.RIGHT:
        return "-" * (width + 1) + ":"
    if align is Align.CENTER:
        return ":" + "-" * width + ":"
    return "-" * (width + 2)
