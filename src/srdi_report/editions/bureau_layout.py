"""Page layout of the growth files (section 10): two cards per page, each with its logo.

Templates write paragraphs and lists only; a page break and a picture are document blocks the
markup has no token for. :func:`layout_growth_files` adds them to a composed document: a
:class:`PageBreak` before the third and fifth card (two cards per page, city_edition.md §3)
and the card's logo, if the bureau gave one, as a small uncaptioned :class:`FigureBlock`
right under the card's name. A build calls it after ``compose`` (a no-op without a bureau):

    document = layout_growth_files(document, spec.caption_args.get("bureau"))
"""

from __future__ import annotations

import io
from dataclasses import replace

from PIL import Image

from srdi_report.compose.model import (
    Block,
    Caption,
    Document,
    FigureBlock,
    PageBreak,
    Paragraph,
    Section,
)
from srdi_report.editions.bureau_model import BureauFile, GrowthFile

__all__ = ["CARDS_PER_PAGE", "layout_growth_files"]

CARDS_PER_PAGE = 2
GROWTH_ANCHOR = "city_s10"
NAME_SEGMENT = "city/s10/name[{card}]"
LOGO_WIDTH = 0.12  # of the text column: a logo, not a chart
LOGO_MAX_PX = 600  # logos are scaled down to this many pixels on the long side


def layout_growth_files(document: Document, bureau: object) -> Document:
    """The document with page breaks between card pairs and the cards' logos.

    Args:
        document: A composed city edition (one language).
        bureau: The edition's :class:`BureauFile` (``spec.caption_args["bureau"]``), or None.

    Returns:
        The same document when there is no bureau or no section 10; otherwise a copy.
    """
    if not isinstance(bureau, BureauFile) or not bureau.growth_files:
        return document
    sections = tuple(_section(s, bureau) for s in document.sections)
    return replace(document, sections=sections)


def _section(section: Section, bureau: BureauFile) -> Section:
    if section.heading.anchor != GROWTH_ANCHOR:
        return replace(section, children=tuple(_section(c, bureau) for c in section.children))
    starts = {NAME_SEGMENT.format(card=card.id): card for card in bureau.growth_files}
    blocks: list[Block] = []
    seen = 0
    for block in section.blocks:
        card = starts.get(block.segment_id) if isinstance(block, Paragraph) else None
        if card is None or not isinstance(block, Paragraph):
            blocks.append(block)
            continue
        if seen and seen % CARDS_PER_PAGE == 0:
            blocks.append(PageBreak())
        seen += 1
        blocks.append(block)
        if card.logo:
            blocks.append(_logo(card, block))
    return replace(section, blocks=tuple(blocks))


def _logo(card: GrowthFile, name: Paragraph) -> FigureBlock:
    """The card's logo as PNG bytes (a JPEG is converted), without a caption line."""
    with Image.open(card.logo) as image:
        picture = image.convert("RGBA") if image.mode not in ("RGB", "RGBA") else image.copy()
    picture.thumbnail((LOGO_MAX_PX, LOGO_MAX_PX))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    alt = "".join(getattr(run, "text", "") for run in name.runs)
    return FigureBlock(
        figure_id=f"logo-{card.id}",
        caption=Caption(label="", number=0, title="", source="", shown=False),
        png=buffer.getvalue(),
        svg=b"",
        alt_text=alt,
        width_px=picture.width,
        height_px=picture.height,
        width_fraction=LOGO_WIDTH,
    )
