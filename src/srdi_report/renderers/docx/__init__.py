"""The DOCX renderer (python-docx): ``render_docx(document)`` or ``RENDERERS.get("docx")``."""

from __future__ import annotations

from srdi_report.compose.model import Document
from srdi_report.renderers.docx.document import render_docx
from srdi_report.renderers.registry import renderer

__all__ = ["DocxRenderer", "render_docx"]


@renderer("docx")
class DocxRenderer:
    """``--format docx``: an editable A4 report with Word styles, fields and native tables."""

    def render(self, document: Document, locale: str) -> bytes:
        """Return the DOCX file's bytes; the same document gives the same bytes."""
        return render_docx(document, locale)
