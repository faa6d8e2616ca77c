"""Estimated page numbers for the table of contents' cached result.

A DOCX has no layout until a word processor opens it, so the filled table of contents needs
page numbers before any layout exists. This module flows the document's blocks down A4 pages
with rough line counts (a wide CJK character takes one em, a Latin character half of one, lines
at the styles' heights) and returns the page each heading lands on. The numbers are an estimate:
on the national report every heading was within one page of LibreOffice's layout. "Update
field" in Word, or "Update index" in LibreOffice, replaces them with exact ones. The cover is
page 1, as in the PDF.
"""

from __future__ import annotations

import math

from srdi_report.compose.model import (
    Block,
    Document,
    FigureBlock,
    Inline,
    ListBlock,
    Section,
    TableBlock,
    TableOfContents,
)
from srdi_report.compose.model import PageBreak as ModelPageBreak
from srdi_report.compose.model import Paragraph as ModelParagraph
from srdi_report.renderers.docx.inline import InlineContext, plain_text
from srdi_report.renderers.docx.styles import DocxTheme, ScriptRules
from srdi_report.renderers.docx.tables import column_widths, text_units

LINE_FACTOR = 1.4  # a Noto line is about 1.4 em at single spacing
CELL_PADDING = 80  # twips of padding and rule per table row


class _Flow:
    def __init__(self, rules: ScriptRules, theme: DocxTheme, ctx: InlineContext) -> None:
        self.rules, self.theme, self.ctx = rules, theme, ctx
        self.page = 2  # the cover is page 1
        self.used = 0.0
        self.height = float(theme.text_height_twips)
        self.width = float(theme.text_width_twips)

    def new_page(self) -> None:
        if self.used > 0:
            self.page += 1
            self.used = 0.0

    def take(self, twips: float, *, whole: bool = True) -> None:
        if whole and self.used + twips > self.height:
            self.new_page()
        self.used += twips
        while self.used > self.height:  # a block longer than a page runs over
            self.used -= self.height
            self.page += 1

    def line_height(self, size: float, line: int | None = None) -> float:
        spacing = (line or self.rules.line) / 240
        return size * 20 * LINE_FACTOR * spacing

    def text_height(self, text: str, size: float, width: float | None = None) -> float:
        # One unit is half an em (10 × size twips). Counting a Latin character as half an em
        # matched LibreOffice's layout of the national report best (within a page; 0.55 em
        # put later chapters two to three pages early).
        units = text_units(text) * 10 * size
        lines = max(1, math.ceil(units / (width or self.width)))
        return lines * self.line_height(size)

    def runs(self, runs: tuple[Inline, ...], size: float, after: float) -> None:
        self.take(self.text_height(plain_text(runs, self.ctx), size) + after * 20, whole=False)

    def caption(self, title: str) -> float:
        theme = self.theme
        return self.text_height(title, theme.caption_size) + 13 * 20

    def block(self, block: Block) -> None:
        theme = self.theme
        if isinstance(block, ModelParagraph):
            self.runs(block.runs, theme.body_size, self.rules.paragraph_after)
        elif isinstance(block, ListBlock):
            for item in block.items:
                self.runs(item, theme.body_size, 2)
        elif isinstance(block, FigureBlock):
            width = self.width * min(max(block.width_fraction, 0.05), 1.0)
            image = width * block.height_px / max(block.width_px, 1)
            image = min(image, self.height - 1800)
            source = self.line_height(theme.small_size, 240) if block.caption.source else 0
            self.take(self.caption(block.caption.title) + image + source + 100)
        elif isinstance(block, TableBlock):
            self.table(block)
        elif isinstance(block, ModelPageBreak):
            self.new_page()
        elif isinstance(block, TableOfContents):
            self.take(theme.h1_size * 20 * 1.6)

    def table(self, block: TableBlock) -> None:
        theme, size = self.theme, self.theme.table_size
        widths = column_widths(block, self.ctx, theme.text_width_twips)

        def row_height(row: tuple[object, ...]) -> float:
            lines, col = 1, 0
            for cell in row:
                span = cell.colspan  # type: ignore[attr-defined]
                width = max(sum(widths[col : col + span]) - 170, 200)
                text = plain_text(cell.runs, self.ctx)  # type: ignore[attr-defined]
                lines = max(lines, math.ceil(text_units(text) * 10 * size / width))
                col += span
            return lines * size * 20 * 1.3 + CELL_PADDING

        header = sum(row_height(row) for row in block.header)
        first = row_height(block.rows[0]) if block.rows else 0.0
        self.take(self.caption(block.caption.title) + header + first)
        for row in block.rows[1:]:
            height = row_height(row)
            if self.used + height > self.height:
                self.new_page()
                self.used += header
            self.used += height
        self.take(self.line_height(theme.small_size, 240) * (1 + len(block.notes)), whole=False)

    def section(self, section: Section, pages: dict[str, int]) -> None:
        sizes = (self.theme.h1_size, self.theme.h2_size, self.theme.h3_size, self.theme.h4_size)
        size = sizes[min(max(section.level, 1), len(sizes)) - 1]
        if section.level == 1:
            self.new_page()
        height = self.line_height(size, 240) + 20 * 20
        # A heading keeps with the start of what follows: move on when two lines do not fit.
        if self.used + height + 2 * self.line_height(self.theme.body_size) > self.height:
            self.new_page()
        pages[section.heading.anchor] = self.page
        self.take(height)
        for block in section.blocks:
            self.block(block)
        for child in section.children:
            self.section(child, pages)


def estimate_pages(document: Document, rules: ScriptRules, theme: DocxTheme) -> dict[str, int]:
    """The estimated page of every heading, by anchor (cover = page 1)."""
    ctx = InlineContext(locale=document.meta.locale, suppression_mark=document.suppression_mark)
    flow = _Flow(rules, theme, ctx)
    for block in document.front:
        flow.block(block)
        if isinstance(block, TableOfContents):
            shown = sum(1 for path in document.walk() if path[-1].level <= block.depth)
            flow.take(shown * flow.line_height(9.5, 240), whole=False)
    pages: dict[str, int] = {}
    for chapter in document.sections:
        flow.section(chapter, pages)
    return pages
