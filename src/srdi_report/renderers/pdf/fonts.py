"""The locale's faces registered with ReportLab, each family with ``<b>`` mapped to its bold.

ReportLab names are the PostScript names of the cached files ("SRDISansSC-Regular",
"SRDISansSC-Bold"), so a PDF's font list says which face was embedded. ReportLab embeds a subset
of each TrueType face at save time, with a ToUnicode map, so the text stays extractable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from srdi_report import fonts


@dataclass(frozen=True)
class PdfFont:
    """One face as ReportLab knows it: use ``regular`` as fontName; ``<b>`` picks ``bold``."""

    face: fonts.FontFace
    regular: str
    bold: str


def register_pdf_font(face: fonts.FontFace) -> PdfFont:
    """Register both weights of a face and its family mapping; repeated calls are cheap.

    Args:
        face: A face from ``fonts.font_face`` or ``fonts.faces_for_locale``.

    Returns:
        The ReportLab font names of the face.
    """
    regular, bold = face.regular.stem, face.bold.stem
    known = set(pdfmetrics.getRegisteredFontNames())
    for name, path in ((regular, face.regular), (bold, face.bold)):
        if name not in known:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    # Italic maps to upright: the report sets no italic, and CJK has none.
    pdfmetrics.registerFontFamily(
        regular, normal=regular, bold=bold, italic=regular, boldItalic=bold
    )
    return PdfFont(face=face, regular=regular, bold=bold)


def register_locale_fonts(locale: str, cache_dir: Path | None = None) -> tuple[PdfFont, ...]:
    """Register every face of a locale (``fonts.faces_for_locale``), the body face first.

    Args:
        locale: A Babel locale such as "zh_CN" or "en".
        cache_dir: Font cache root, as for ``fonts.font_face``.

    Returns:
        The registered fonts; ``[0].regular`` is the body font name (also the right
        ``initialFontName`` for the document template, so no Helvetica is listed).
    """
    return tuple(register_pdf_font(face) for face in fonts.faces_for_locale(locale, cache_dir))


def body_font(locale: str, cache_dir: Path | None = None) -> PdfFont:
    """The registered body face of a locale."""
    return register_locale_fonts(locale, cache_dir)[0]


def fallback_markup(
    text: str, locale: str, cache_dir: Path | None = None, *, bold: bool = False
) -> str:
    """Escape plain text for a Paragraph, wrapping runs the body face lacks in their own font.

    ReportLab has no per-glyph fallback: a character missing from the paragraph's font prints
    as an empty box. ``fonts.font_runs`` gives the runs; each run not in the body face becomes
    ``<font name="...">``. ReportLab's ``<font name>`` resets the weight, so a run inside
    ``<b>`` needs ``bold=True`` to name the bold face. Text the body face covers comes back
    only escaped.
    """
    runs = fonts.font_runs(text, locale, cache_dir)
    body = fonts.faces_for_locale(locale, cache_dir)[0]
    parts = []
    for run, face in runs:
        if face == body:
            parts.append(escape(run))
        else:
            registered = register_pdf_font(face)
            name = registered.bold if bold else registered.regular
            parts.append(f'<font name="{name}">{escape(run)}</font>')
    return "".join(parts)
