"""The PDF renderer (ReportLab): ``render_pdf(document)`` or ``RENDERERS.get("pdf")``."""

from __future__ import annotations

from srdi_report.compose.model import Document
from srdi_report.renderers.pdf.document import render_pdf
from srdi_report.renderers.registry import renderer

__all__ = ["PdfRenderer", "render_pdf"]


@renderer("pdf")
class PdfRenderer:
    """``--format pdf``: an A4 report with cover, contents, bookmarks and embedded fonts."""

    def render(self, document: Document, locale: str) -> bytes:
        """Return the PDF's bytes; the same document gives the same bytes."""
        return render_pdf(document, locale)
