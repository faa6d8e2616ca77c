"""TableBlock → a native Word table: fixed layout at the text width, repeating header rows.

Built as ``w:tbl`` elements directly (python-docx's cell API walks the whole table on every
access, too slow for the report's long tables). Header rows carry ``w:tblHeader`` so Word and
LibreOffice repeat them on every page; no row splits across pages (``w:cantSplit``). Each
cell's paragraph is aligned by its column's :class:`~srdi_report.compose.model.Align`, so
numbers sit right. Header and zebra shading are direct cell formatting as well as the table
style's, because LibreOffice does not apply a table style's conditional formatting.
"""

from __future__ import annotations

import unicodedata

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

from srdi_report.compose.model import Align, TableBlock, TableCell
from srdi_report.renderers.docx.inline import InlineContext, plain_text, runs_elements
from srdi_report.renderers.docx.styles import DocxTheme, StyleId, column_twips

ZEBRA = "F4F7FA"
_JC = {Align.LEFT: "left", Align.RIGHT: "right", Align.CENTER: "center"}
# Content-based default widths: every column gets room for MIN_CHARS half-ems; text longer than
# MAX_CHARS (in ems) wraps rather than widening its column further.
MAX_CHARS = 28
MIN_CHARS = 4
CELL_ROOM = 2  # half ems of cell padding, so a header that fits its text does not wrap
# Body rows a table shows under its header on the page where it starts (the PDF's rule):
# the cells of the rows before carry "keep with next".
MIN_TABLE_ROWS = 3


def _el(tag: str, **attrs: str) -> BaseOxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def text_units(text: str) -> int:
    """Width of text in half-em units: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(block: TableBlock, ctx: InlineContext, total: int) -> list[int]:
    """Column widths in twips summing to ``total``: the block's own, else from the content."""
    columns = len(block.align)
    if len(block.widths) == columns and sum(block.widths) > 0:
        return column_twips(block.widths, total)
    need = [MIN_CHARS] * columns
    for row in (*block.header, *block.rows):
        col = 0
        for cell in row:
            if cell.colspan == 1 and col < columns:
                text = plain_text(cell.runs, ctx)
                size = min(text_units(text) + CELL_ROOM, MAX_CHARS * 2)
                need[col] = max(need[col], size)
            col += cell.colspan
    return column_twips([float(n) for n in need], total)


def table_element(block: TableBlock, ctx: InlineContext, theme: DocxTheme) -> BaseOxmlElement:
    """The whole ``w:tbl`` of a table block."""
    total = theme.text_width_twips
    widths = column_widths(block, ctx, total)
    tbl = OxmlElement("w:tbl")
    props = _el("w:tblPr")
    props.append(_el("w:tblStyle", val=StyleId.TABLE))
    props.append(_el("w:tblW", w=str(total), type="dxa"))
    props.append(_el("w:jc", val="center"))
    props.append(_el("w:tblLayout", type="fixed"))
    props.append(
        _el(
            "w:tblLook",
            val="0420",
            firstRow="1",
            lastRow="0",
            firstColumn="0",
            lastColumn="0",
            noHBand="0",
            noVBand="1",
        )
    )
    tbl.append(props)
    grid = _el("w:tblGrid")
    for width in widths:
        grid.append(_el("w:gridCol", w=str(width)))
    tbl.append(grid)
    for row in block.header:
        tbl.append(_row(row, block, widths, ctx, theme, header=True, zebra=False, keep=True))
    last = len(block.rows) - 1
    for i, row in enumerate(block.rows):
        keep = i < min(MIN_TABLE_ROWS - 1, last)
        tbl.append(_row(row, block, widths, ctx, theme, header=False, zebra=i % 2 == 1, keep=keep))
    return tbl


def _row(
    cells: tuple[TableCell, ...],
    block: TableBlock,
    widths: list[int],
    ctx: InlineContext,
    theme: DocxTheme,
    *,
    header: bool,
    zebra: bool,
    keep: bool,
) -> BaseOxmlElement:
    tr = OxmlElement("w:tr")
    tr_props = _el("w:trPr")
    tr_props.append(_el("w:cantSplit"))
    if header:
        tr_props.append(_el("w:tblHeader"))
    tr.append(tr_props)
    col = 0
    for cell in cells:
        span = max(cell.colspan, 1)
        width = sum(widths[col : col + span])
        align = block.align[col] if col < len(block.align) else Align.LEFT
        if header and span > 1:
            align = Align.CENTER  # a heading over several columns sits over their middle
        tr.append(
            _cell(cell, span, width, align, ctx, theme, header=header, zebra=zebra, keep=keep)
        )
        col += span
    return tr


def _cell(
    cell: TableCell,
    span: int,
    width: int,
    align: Align,
    ctx: InlineContext,
    theme: DocxTheme,
    *,
    header: bool,
    zebra: bool,
    keep: bool,
) -> BaseOxmlElement:
    tc = OxmlElement("w:tc")
    tc_props = _el("w:tcPr")
    tc_props.append(_el("w:tcW", w=str(width), type="dxa"))
    if span > 1:
        tc_props.append(_el("w:gridSpan", val=str(span)))
    if header:
        borders = _el("w:tcBorders")
        borders.append(_el("w:bottom", val="single", sz="6", space="0", color=theme.accent))
        tc_props.append(borders)
    fill = theme.accent_light if header else (ZEBRA if zebra else "")
    if fill:
        tc_props.append(_el("w:shd", val="clear", color="auto", fill=fill))
    tc_props.append(_el("w:vAlign", val="bottom" if header else "center"))
    tc.append(tc_props)
    para = OxmlElement("w:p")
    p_props = _el("w:pPr")
    p_props.append(_el("w:pStyle", val=StyleId.TABLE_HEADING if header else StyleId.TABLE_TEXT))
    if keep:
        p_props.append(_el("w:keepNext"))
    p_props.append(_el("w:jc", val=_JC[align]))
    para.append(p_props)
    for run in runs_elements(cell.runs, ctx, bold=cell.bold):
        para.append(run)
    tc.append(para)
    return tc
