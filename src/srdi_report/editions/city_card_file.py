"""The city profile card alone (city_edition.md §4): ``card.pdf`` next to each report.

The card is the edition's first figure (exhibit ``card``), drawn once per language by the
figure factory at full-page size; this places that drawing on one A4 page, centred inside
the page margins, so a bureau can print and circulate it without the rest of the edition.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

from srdi_report.compose.model import Document
from srdi_report.config.model import Config
from srdi_report.editions.build import figures_folder, report_path
from srdi_report.editions.spec import EditionSpec
from srdi_report.errors import SrdiError
from srdi_report.fileio import write_atomic

CARD_ID = "card"
CARD_STEM = "card"
MARGIN_PT = 36.0  # half an inch: the card has its own white frame


class CardMissingError(SrdiError):
    """The build did not draw the card (draft mode with a failing card)."""


def card_path(config: Config, spec: EditionSpec, locale: str) -> Path:
    """``<output.dir>/city/<slug>/<year>/<lang>/card.pdf``."""
    return report_path(config, spec, locale, "pdf").with_name(f"{CARD_STEM}.pdf")


def write_cards(
    spec: EditionSpec, config: Config, documents: Mapping[str, Document]
) -> tuple[Path, ...]:
    """Write ``card.pdf`` for each built locale from the card's drawn PNG.

    Raises:
        CardMissingError: the card's PNG was not written by the build.
    """
    written = []
    for locale in documents:
        png = figures_folder(config, spec, locale) / f"{CARD_ID}.png"
        if not png.is_file():
            raise CardMissingError(f"the profile card was not drawn for {locale}: {png} is missing")
        path = card_path(config, spec, locale)
        write_atomic(path, card_pdf(png.read_bytes(), title=documents[locale].meta.title))
        written.append(path)
    return tuple(written)


def card_pdf(png: bytes, *, title: str = "") -> bytes:
    """One A4 portrait page holding the card image, scaled to fit inside the margins."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = ImageReader(io.BytesIO(png))
    width_px, height_px = image.getSize()
    page_w, page_h = A4
    scale = min((page_w - 2 * MARGIN_PT) / width_px, (page_h - 2 * MARGIN_PT) / height_px)
    w, h = width_px * scale, height_px * scale
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    if title:
        pdf.setTitle(title)
    pdf.drawImage(image, (page_w - w) / 2, (page_h - h) / 2, width=w, height=h)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
