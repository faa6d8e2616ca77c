"""TableBlock → a real text table: caption above, header rows repeated, source and notes below.

Cells are Paragraphs, so long text wraps inside its column (between any two characters for
Chinese). Columns get the widths the block asks for, or widths measured from their text; number
columns are then widened from spare text width until their widest number fits on one line, and
only if that is impossible is the table set in smaller type. The caption is the table's first
row, so it can never be parted from it, and it repeats with the document's "continued" mark
over the repeated header rows on each following page. The source line and the notes are the
last rows, spanning all columns and kept with the last body row, so a page never starts with a
lonely source line. A table under about half a page is never split; a longer one starts where
its caption, header and first rows fit.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from srdi_report.compose.model import Align, TableBlock, TableCell
from srdi_report.errors import BuildError
from srdi_report.renderers.pdf.flowables import caption_flowable, source_markup
from srdi_report.renderers.pdf.inline import (
    InlineContext,
    note_markup,
    plain_text,
    runs_markup,
)
from srdi_report.renderers.pdf.keep import KeepStart
from srdi_report.renderers.pdf.styles import Styles

PAD_X = 5.0  # left and right cell padding, points
PAD_Y = 3.2
# A text column never gets narrower than this many body-size characters.
MIN_TEXT_EMS = 4.0
# Above this share of the page height a table may split instead of moving whole.
SPLIT_SHARE = 0.55
CAPTION_GAP = 5.0  # points between the caption and the table's top rule
MIN_TABLE_SIZE = 6.5  # points: the smallest type a wide table is set in
# A header this share of its width or less wider than its column gets the room to fit on one line.
NEAR_HEADER = 0.35


class TableShapeError(BuildError):
    """A table row spans a different number of columns than the table has."""


@dataclass(frozen=True)
class _Grid:
    """Cells laid on the column grid: one entry per column, None under a span."""

    rows: tuple[tuple[TableCell | None, ...], ...]
    spans: tuple[tuple[int, int, int], ...]  # (row, first column, last column)


def _grid(rows: Sequence[tuple[TableCell, ...]], ncols: int, table_id: str, first: int) -> _Grid:
    out: list[tuple[TableCell | None, ...]] = []
    spans: list[tuple[int, int, int]] = []
    for r, row in enumerate(rows):
        line: list[TableCell | None] = []
        for cell in row:
            if cell.colspan > 1:
                spans.append((first + r, len(line), len(line) + cell.colspan - 1))
            line.append(cell)
            line.extend([None] * (cell.colspan - 1))
        if len(line) != ncols:
            raise TableShapeError(
                f"table {table_id}: row {r + 1} spans {len(line)} columns, expected {ncols}"
            )
        out.append(tuple(line))
    return _Grid(tuple(out), tuple(spans))


def natural_widths(
    block: TableBlock, ctx: InlineContext, styles: Styles, size: float
) -> tuple[list[float], list[float]]:
    """Widest unspanned body and header text of each column at ``size``, padding included."""
    ncols = len(block.align)
    font, bold = styles.fonts.regular, styles.fonts.bold

    def width(cell: TableCell, face: str) -> float:
        return float(stringWidth(plain_text(cell.runs, ctx), face, size)) + 2 * PAD_X + 1

    body = [2 * PAD_X + size] * ncols
    head = [2 * PAD_X + size] * ncols
    for rows, face, target in ((block.rows, font, body), (block.header, bold, head)):
        for row in rows:
            col = 0
            for cell in row:
                if cell.colspan == 1:
                    target[col] = max(target[col], width(cell, bold if cell.bold else face))
                col += cell.colspan
    return body, head


# A run of characters a line may not break inside: Latin words, numbers, codes ("G06F").
_WORD = re.compile(r"[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]+")


def word_widths(block: TableBlock, ctx: InlineContext, styles: Styles, size: float) -> list[float]:
    """The widest unbreakable word of each column (header in bold), padding included.

    ReportLab breaks a word that does not fit its cell between two letters ("Weigh" / "t");
    a column at least this wide never does. Chinese text breaks between any characters.
    """
    ncols = len(block.align)
    out = [0.0] * ncols
    font, bold = styles.fonts.regular, styles.fonts.bold
    for rows, face in ((block.rows, font), (block.header, bold)):
        for row in rows:
            col = 0
            for cell in row:
                if cell.colspan == 1:
                    text = plain_text(cell.runs, ctx)
                    used = bold if cell.bold else face
                    for word in _WORD.findall(text):
                        width = float(stringWidth(word, used, size)) + 2 * PAD_X + 1
                        out[col] = max(out[col], width)
                col += cell.colspan
    return out


def _whole_words(widths: list[float], words: list[float], keep: list[float]) -> list[float]:
    """Widen columns narrower than their longest word, from columns wider than they need.

    ``keep`` is what each column must keep (its numbers, its own longest word); when the
    others cannot spare the difference the widths come back unchanged.
    """
    out = list(widths)
    for i in sorted(range(len(out)), key=lambda k: words[k] - out[k]):
        gap = words[i] - out[i]
        if gap <= 0:
            continue
        slack = {j: out[j] - max(keep[j], words[j]) for j in range(len(out)) if j != i}
        room = sum(v for v in slack.values() if v > 0)
        if room < gap:
            continue
        for j, free in slack.items():
            if free > 0:
                out[j] -= gap * free / room
        out[i] += gap
    return out


def column_widths(
    block: TableBlock,
    ctx: InlineContext,
    styles: Styles,
    total: float,
    size: float | None = None,
) -> list[float]:
    """Column widths in points that sum to ``total``.

    Explicit ``block.widths`` are scaled to the column. Otherwise each column's natural width is
    its widest unspanned body text; right-aligned (number) columns keep theirs, text columns
    share the rest in proportion to their natural widths, never below ``MIN_TEXT_EMS``. Either
    way a header that nearly fits gets the room for one line, and no column stays narrower
    than its longest word when others can spare the room.
    """
    size = styles.theme.table_size if size is None else size
    natural, head = natural_widths(block, ctx, styles, size)
    words = word_widths(block, ctx, styles, size)
    if block.widths:
        # The spec's proportions, then the same repairs as measured widths get.
        scale = total / sum(block.widths)
        widths = _whole_headers([w * scale for w in block.widths], natural, head)
    else:
        widths = _text_widths(block, natural, head, total, size)
    # Number columns keep their numbers whole; text columns at least MIN_TEXT_EMS.
    floor = MIN_TEXT_EMS * size + 2 * PAD_X
    keep = [
        n if a is Align.RIGHT else min(n, floor) for n, a in zip(natural, block.align, strict=True)
    ]
    return _whole_words(widths, words, keep)


def _text_widths(
    block: TableBlock, natural: list[float], head: list[float], total: float, size: float
) -> list[float]:
    """Column widths from the natural widths (see :func:`column_widths`)."""
    ncols = len(block.align)
    # A header may wrap onto two lines, but not onto one word per line.
    natural = [max(n, min(h, max(n, h / 2))) for n, h in zip(natural, head, strict=True)]
    is_text = [a is not Align.RIGHT for a in block.align]
    if not any(is_text):
        is_text = [True] * ncols
    if sum(natural) <= total:
        # Room to spare: text columns take twice the share of number columns, so numbers stay
        # near their labels without the table looking like a list with numbers far right.
        weight = [n * (2.0 if t else 1.0) for n, t in zip(natural, is_text, strict=True)]
        extra = total - sum(natural)
        shared = [n + extra * w / sum(weight) for n, w in zip(natural, weight, strict=True)]
        return _whole_headers(shared, natural, head)
    fixed = sum(n for n, t in zip(natural, is_text, strict=True) if not t)
    floor = MIN_TEXT_EMS * size + 2 * PAD_X
    text_cols = sum(is_text)
    room = total - fixed
    if room < floor * text_cols:
        # Even the numbers do not fit: shrink everything in proportion (numbers may wrap).
        scale = total / sum(natural)
        return [n * scale for n in natural]
    text_natural = sum(n for n, t in zip(natural, is_text, strict=True) if t)
    widths = [n * room / text_natural if t else n for n, t in zip(natural, is_text, strict=True)]
    # Lift text columns under the floor, taking the difference from the widest text column.
    for i, t in enumerate(is_text):
        if t and widths[i] < floor:
            widest = max((j for j in range(ncols) if is_text[j]), key=lambda j: widths[j])
            widths[widest] -= floor - widths[i]
            widths[i] = floor
    return widths


def _whole_headers(widths: list[float], natural: list[float], head: list[float]) -> list[float]:
    """Give a header that misses one line by a little the room to fit, from columns with slack.

    A header a few characters wider than its column wraps into a full line and a stray last
    word or character (a lone "enterprise" or a single Han character); columns wider than
    their own text lend the difference.
    """
    out = list(widths)
    for i in sorted(range(len(out)), key=lambda k: head[k] - out[k]):
        gap = head[i] - out[i]
        if gap <= 0 or gap > NEAR_HEADER * head[i]:
            continue
        slack = {j: out[j] - max(natural[j], head[j]) for j in range(len(out)) if j != i}
        room = sum(v for v in slack.values() if v > 0)
        if room < gap:
            continue
        for j, free in slack.items():
            if free > 0:
                out[j] -= gap * free / room
        out[i] += gap
    return out


def rebalance(
    widths: list[float], need: list[float], numeric: list[int], floor: float
) -> list[float]:
    """Widen number columns that are too narrow, taking the room from columns that can spare it.

    Text columns may give down to ``floor``; number columns down to their own need. When all
    of them together cannot spare enough, the widths come back unchanged.
    """
    short = {i: need[i] - widths[i] for i in numeric if need[i] > widths[i]}
    if not short:
        return widths
    spare = {
        j: widths[j] - (need[j] if j in numeric else floor)
        for j in range(len(widths))
        if j not in short and widths[j] > (need[j] if j in numeric else floor)
    }
    deficit, room = sum(short.values()), sum(spare.values())
    if room < deficit:
        return widths
    out = list(widths)
    for i, gap in short.items():
        out[i] += gap
    for j, free in spare.items():
        out[j] -= deficit * free / room
    return out


def fitting_size(
    block: TableBlock, ctx: InlineContext, styles: Styles, total: float
) -> tuple[float, list[float]]:
    """The largest table font size (down to ``MIN_TABLE_SIZE``) at which every number fits.

    A number must never wrap inside its cell. First the columns are rebalanced (room taken
    from text columns and roomy number columns); only when that is not enough is a wide table
    set half a point smaller at a time, rather than breaking "12,345".

    Returns:
        The font size and the column widths at that size.
    """
    size = styles.theme.table_size
    numeric = [i for i, a in enumerate(block.align) if a is Align.RIGHT]
    while True:
        body, _ = natural_widths(block, ctx, styles, size)
        floor = MIN_TEXT_EMS * size + 2 * PAD_X
        widths = rebalance(column_widths(block, ctx, styles, total, size), body, numeric, floor)
        if all(body[i] <= widths[i] + 0.5 for i in numeric) or size <= MIN_TABLE_SIZE:
            return size, widths
        size = max(MIN_TABLE_SIZE, size - 0.5)


def _sized(style: ParagraphStyle, size: float) -> ParagraphStyle:
    if style.fontSize == size:
        return style
    return style.clone(f"{style.name}-{size}", fontSize=size, leading=round(size * 1.3, 2))


def _align(cell: TableCell | None, align: Align, head: bool) -> Align:
    """A header over several columns is centred over them; other cells follow their column."""
    return Align.CENTER if head and cell is not None and cell.colspan > 1 else align


def _cell(
    cell: TableCell | None,
    align: Align,
    cell_styles: dict[Align, ParagraphStyle],
    ctx: InlineContext,
) -> object:
    if cell is None:
        return ""
    style = cell_styles[align]
    markup = runs_markup(cell.runs, ctx)
    return Paragraph(f"<b>{markup}</b>" if cell.bold else markup, style)


class CaptionedTable(Table):  # type: ignore[misc]
    """A table whose first row is its caption.

    Where the table goes on over a page break, the caption row is repeated with the document's
    "continued" mark (when it has one).
    """

    continued: Callable[[], Paragraph] | None = None

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """ReportLab's split, then the continuation parts get the continued caption."""
        parts: list[Flowable] = super().split(avail_width, avail_height)
        if self.continued is not None:
            for part in parts[1:]:
                # A new row list: the repeated rows are shared with the first part.
                part._cellvalues[0] = [self.continued(), *part._cellvalues[0][1:]]
        for part in parts:
            part.continued = self.continued
        return parts


def table_flowable(
    block: TableBlock, ctx: InlineContext, styles: Styles, continued: str = ""
) -> Table:
    """The ReportLab table of a block: caption row, header rows, body, then source and notes.

    Args:
        block: The table.
        ctx: Number formatting and notes.
        styles: Paragraph styles.
        continued: Appended to the caption repeated above the rest of a table that goes on
            over a page break; empty: only the header rows are repeated.
    """
    theme = styles.theme
    ncols = len(block.align)
    nhead = len(block.header)
    size, widths = fitting_size(block, ctx, styles, theme.frame_width)
    header = _grid(block.header, ncols, block.table_id, 1)
    body = _grid(block.rows, ncols, block.table_id, 1 + nhead)
    caption_style = styles.caption.clone("table-caption", spaceBefore=0, spaceAfter=0)
    caption = caption_flowable(block.caption, styles, style=caption_style, anchor=block.table_id)
    if not block.caption.shown:
        # The table under a chart of the same number: the chart printed the caption line.
        caption = Paragraph("", caption_style)
        continued = ""
    data: list[list[object]] = [[caption] + [""] * (ncols - 1)]
    for grid, sheet in ((header, styles.table_heads), (body, styles.table_cells)):
        sized = {align: _sized(style, size) for align, style in sheet.items()}
        for row in grid.rows:
            data.append(
                [
                    _cell(c, _align(c, block.align[i], grid is header), sized, ctx)
                    for i, c in enumerate(row)
                ]
            )
    first_head, last_body = 1, len(data) - 1
    last_head = nhead  # == first_head + nhead - 1
    tail: list[str] = [note_markup(n, ctx.markup) for n in ctx.take_notes()]
    tail += [runs_markup(p.runs, ctx) for p in block.notes]
    tail += [note_markup(n, ctx.markup) for n in ctx.take_notes()]
    if block.caption.source:
        tail.insert(0, source_markup(block.caption, styles))
    for markup in tail:
        data.append([Paragraph(markup, styles.source)] + [""] * (ncols - 1))
    accent, rule = theme.color("accent"), theme.color("rule")
    cmds: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
        ("SPAN", (0, 0), (-1, 0)),
        ("LEFTPADDING", (0, 0), (-1, 0), 0),
        ("RIGHTPADDING", (0, 0), (-1, 0), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 0),
        ("BOTTOMPADDING", (0, 0), (-1, 0), CAPTION_GAP),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
    ]
    if nhead:
        cmds += [
            ("BACKGROUND", (0, first_head), (-1, last_head), theme.color("accent_light")),
            ("LINEABOVE", (0, first_head), (-1, first_head), 1.0, accent),
            ("LINEBELOW", (0, last_head), (-1, last_head), 0.6, accent),
            ("VALIGN", (0, first_head), (-1, last_head), "BOTTOM"),
        ]
        if nhead > 1:
            cmds.append(("LINEBELOW", (0, first_head), (-1, last_head - 1), 0.25, rule))
    first_body = last_head + 1
    if last_body >= first_body:
        cmds += [
            ("ROWBACKGROUNDS", (0, first_body), (-1, last_body), [None, theme.color("zebra")]),
            ("LINEBELOW", (0, last_body), (-1, last_body), 1.0, accent),
        ]
        if last_body > first_body:
            cmds.append(("LINEBELOW", (0, first_body), (-1, last_body - 1), 0.25, rule))
        # After the hairlines, so that a page's last row still closes with the accent rule.
        cmds.append(("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.8, accent))
    for at, first, last in header.spans + body.spans:
        cmds.append(("SPAN", (first, at), (last, at)))
    for at in range(last_body + 1, len(data)):
        cmds += [
            ("SPAN", (0, at), (-1, at)),
            ("LEFTPADDING", (0, at), (-1, at), 0),
            ("TOPPADDING", (0, at), (-1, at), 1.5),
            ("BOTTOMPADDING", (0, at), (-1, at), 1.5),
        ]
    if len(data) > last_body + 1:
        cmds.append(("TOPPADDING", (0, last_body + 1), (-1, last_body + 1), 5))
        # The source and notes stay on the page of the last body row.
        cmds.append(("NOSPLIT", (0, max(last_body, first_body)), (-1, -1)))
    repeat: int | tuple[int, ...] = 1 + nhead
    make_continued: Callable[[], Paragraph] | None = None
    if continued:
        title = dataclasses.replace(block.caption, title=block.caption.title + continued)

        def make_continued() -> Paragraph:
            return caption_flowable(title, styles, style=caption_style)

    else:
        repeat = tuple(range(1, 1 + nhead))
    # The caption row is as tall as the taller of its two texts, so that the continued
    # caption (whose row height ReportLab copies from the first part) always fits.
    total = theme.frame_width
    caption_h = max(
        float(p.wrap(total, theme.frame_height)[1])
        for p in (caption, *([make_continued()] if make_continued else []))
    )
    table = CaptionedTable(
        data,
        colWidths=widths,
        rowHeights=[caption_h + CAPTION_GAP] + [None] * (len(data) - 1),
        repeatRows=repeat,
        style=TableStyle(cmds),
        hAlign="LEFT",
        splitByRow=1,
    )
    table.continued = make_continued
    table.spaceBefore = 8
    table.spaceAfter = 12
    return table


def table_flowables(
    block: TableBlock, ctx: InlineContext, styles: Styles, continued: str = ""
) -> list[Flowable]:
    """The captioned table: kept whole when short, kept with its first rows when long."""
    table = table_flowable(block, ctx, styles, continued)
    theme = styles.theme
    _, height = table.wrap(theme.frame_width, theme.frame_height)
    if height <= theme.frame_height * SPLIT_SHARE:
        return [KeepTogether([table])]
    return [KeepStart([table])]
