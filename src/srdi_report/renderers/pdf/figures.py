"""FigureBlock → caption, the chart image at column width, source line and notes, kept together.

The chart is the factory's 200-dpi PNG (the SVG is kept for the web and DOCX): placed at
``width_fraction`` of the column width with its pixel aspect ratio, and shrunk when it would be
taller than a page can hold below its caption.
"""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer

from srdi_report.compose.model import FigureBlock
from srdi_report.errors import BuildError
from srdi_report.renderers.pdf.flowables import caption_flowable, source_markup
from srdi_report.renderers.pdf.inline import InlineContext, note_markup, runs_markup
from srdi_report.renderers.pdf.styles import Styles

# Room a figure leaves on its page for the caption, source and notes, in points.
CAPTION_ROOM = 90.0


class FigureImageError(BuildError):
    """A figure block has no readable PNG image."""


def image_size(block: FigureBlock, styles: Styles) -> tuple[float, float]:
    """Width and height in points: column width × fraction, aspect kept, page height capped."""
    if block.width_px <= 0 or block.height_px <= 0:
        raise FigureImageError(f"figure {block.figure_id} has no pixel size")
    theme = styles.theme
    width = theme.frame_width * min(max(block.width_fraction, 0.05), 1.0)
    height = width * block.height_px / block.width_px
    limit = theme.frame_height - CAPTION_ROOM
    if height > limit:
        width, height = width * limit / height, limit
    return width, height


def figure_flowables(block: FigureBlock, ctx: InlineContext, styles: Styles) -> list[Flowable]:
    """Caption, image, source line and notes of one chart, never split across pages."""
    if not block.png:
        raise FigureImageError(f"figure {block.figure_id} has no PNG bytes")
    width, height = image_size(block, styles)
    try:
        ImageReader(io.BytesIO(block.png)).getSize()
    except Exception as exc:
        raise FigureImageError(f"figure {block.figure_id}: unreadable PNG ({exc})") from exc
    image = Image(io.BytesIO(block.png), width=width, height=height)
    image.hAlign = "CENTER"
    image.spaceBefore = 2
    parts: list[Flowable] = [image]
    if block.caption.shown:
        parts.insert(0, caption_flowable(block.caption, styles, anchor=block.figure_id))
    if block.caption.source:
        parts.append(Paragraph(source_markup(block.caption, styles), styles.source))
    for note in block.notes:
        parts.append(Paragraph(runs_markup(note.runs, ctx), styles.note))
    parts += [Paragraph(note_markup(n, ctx.markup), styles.note) for n in ctx.take_notes()]
    parts.append(Spacer(1, 8))
    return [KeepTogether(parts)]
