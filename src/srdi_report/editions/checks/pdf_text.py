"""C15 text extractability: the PDF's extracted text holds every segment's text.

The text is extracted with pypdf (a pdftotext equivalent in Python). Both sides are compared
without whitespace (line breaks and justification spaces differ), and a segment is split into
pieces at sentence ends, so a paragraph broken across pages by a running header still matches.
A CJK glyph that maps to the wrong code point breaks the match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from srdi_report.editions.checks.core import ERROR, N_, CheckContext, Finding, check, finding
from srdi_report.editions.manifest import Manifest

MSG_MISSING_TEXT = N_("the %(lang)s PDF has no extractable text for %(place)s: %(piece)s")
MSG_NO_TEXT = N_("the %(lang)s PDF has no extractable text")
_SPACE = re.compile(r"\s+")
# Sentence ends in both languages (full stops, semicolons, the ideographic full stop).
_PIECES = re.compile(r"(?<=[.;:\u3002\uff1b\uff1a])")
MIN_PIECE = 6
PAGE_FURNITURE = 400  # characters of header, footer and page number between two pages
ROLES = frozenset({"heading", "paragraph", "list", "caption", "note"})


class PdfTextError(Exception):
    """pypdf could not read the file."""


def pdf_text(path: Path) -> str:
    """All text pypdf extracts from a PDF, pages joined."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _squash(text: str) -> str:
    # Soft hyphens and the renderer's non-breaking spaces are not part of what a reader copies.
    return _SPACE.sub("", text.replace("\u00ad", "").replace("\u00a0", " "))


def _pieces(text: str) -> list[str]:
    return [p for p in (_squash(x) for x in _PIECES.split(text)) if len(p) >= MIN_PIECE]


def _found(piece: str, haystack: str) -> bool:
    """The piece is in the text, or split once by a page break (a running header between)."""
    if piece in haystack:
        return True
    # Every split point, longest head first: the tail must follow the head within a page's
    # furniture (header, footer, page number).
    for cut in range(len(piece) - 1, 0, -1):
        head, rest = piece[:cut], piece[cut:]
        if max(len(head), len(rest)) < MIN_PIECE or rest not in haystack:
            continue
        start = haystack.find(head)
        while start != -1:
            after = start + len(head)
            if rest in haystack[after : after + PAGE_FURNITURE + len(rest)]:
                return True
            start = haystack.find(head, start + 1)
    return False


@check("C15", ERROR, "text extractability", reads="pdf")
def extractable(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Every segment's text is found in the PDF's extracted text."""
    for lang, text in sorted(context.pdf_texts.items()):
        haystack = _squash(text)
        if not haystack:
            yield finding("C15", (lang,), "", "text", MSG_NO_TEXT, lang=lang)
            continue
        for segment in manifest.segments:
            if segment.role not in ROLES or lang not in segment.texts:
                continue
            for piece in _pieces(segment.texts[lang]):
                if not _found(piece, haystack):
                    yield finding(
                        "C15", (segment.segment_id,), piece[:40], "extractable",
                        MSG_MISSING_TEXT, lang=lang, place=segment.segment_id, piece=piece[:40],
                    )  # fmt: skip
                    break
