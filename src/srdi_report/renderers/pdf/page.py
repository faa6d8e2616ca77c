"""Page templates: the cover, and body pages with a running header and a page number.

The cover has no header or footer and counts as page 1, so the printed page numbers, the table
of contents and the PDF viewer's page numbers agree. The header is drawn when a page is
finished, so it can name the chapter whose heading is on that page.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import BaseDocTemplate

from srdi_report.compose.model import Cover
from srdi_report.renderers.pdf.flowables import HeadingParagraph
from srdi_report.renderers.pdf.outline import OutlineTracker
from srdi_report.renderers.pdf.styles import Styles
from srdi_report.renderers.pdf.toc import TocTitle

BOOKMARK_MARGIN = 10.0  # points above a heading that its bookmark shows
COVER = "cover"
BODY = "body"


def pdf_date(iso: str) -> str:
    """A PDF date string ("D:20260331000000+00'00'") from an ISO date; "" if it is not one."""
    digits = iso.replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        return ""
    return f"D:{digits}000000+00'00'"


class DryCanvas(Canvas):  # type: ignore[misc]
    """A canvas for layout-only passes: images are not decoded, and nothing is saved.

    The first pass of a multi-pass build only finds the page of each heading; its output is
    thrown away, so re-encoding every chart there would double the cost of the figures.
    """

    def drawImage(self, *args: Any, **kwargs: Any) -> tuple[float, float]:  # noqa: N802
        """Draw nothing (the image's size was already laid out)."""
        return (0.0, 0.0)

    def save(self) -> None:
        """Keep nothing: only the last pass writes the file."""


class CanvasMaker:
    """Makes the canvas of each build pass: a dry one for the first ``dry_passes`` passes."""

    def __init__(self, dry_passes: int) -> None:
        self.dry_passes = dry_passes
        self.made = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Canvas:
        """A canvas with ReportLab's arguments for this pass."""
        self.made += 1
        cls = DryCanvas if self.made <= self.dry_passes else Canvas
        return cls(*args, **kwargs)


class ReportDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A4 document with a cover template and a body template; headings feed outline and TOC."""

    def __init__(
        self, out: Any, styles: Styles, running_header: str, date: str = "", **kwargs: Any
    ) -> None:
        """Set up the page templates.

        Args:
            out: File or file-like object to write to.
            styles: Paragraph styles and the theme.
            running_header: The header text on every body page.
            date: ISO date (YYYY-MM-DD) printed as the PDF's creation and modification date.
            **kwargs: Passed on to ReportLab (metadata, ``invariant``, fonts).
        """
        theme = styles.theme
        super().__init__(
            out,
            pagesize=(theme.page_width, theme.page_height),
            leftMargin=theme.margin_left,
            rightMargin=theme.margin_right,
            topMargin=theme.margin_top,
            bottomMargin=theme.margin_bottom,
            **kwargs,
        )
        self.styles = styles
        self.running_header = running_header
        self.pdf_date = pdf_date(date)
        self.outline = OutlineTracker()
        body = Frame(
            theme.margin_left,
            theme.margin_bottom,
            theme.frame_width,
            theme.frame_height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover = Frame(
            0, 0, theme.page_width, theme.page_height, id="cover",
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )  # fmt: skip
        self.addPageTemplates(
            [
                PageTemplate(id=COVER, frames=[cover], autoNextPageTemplate=BODY),
                PageTemplate(id=BODY, frames=[body], onPageEnd=self._decorate),
            ]
        )

    def beforeDocument(self) -> None:  # noqa: N802 - ReportLab's hook name
        """Start each pass of multiBuild with an empty outline."""
        self.outline = OutlineTracker()
        self.canv.showOutline()
        # Viewers show the report's title, not the file name, in their title bar.
        self.canv.setViewerPreference("DisplayDocTitle", "true")
        if self.pdf_date:
            # The data snapshot, not the build time: the same data gives the same file.
            self.canv.setDateFormatter(lambda *_: self.pdf_date)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - ReportLab's hook name
        """After a heading is placed: bookmark, outline entry, TOC entry with its page."""
        if isinstance(flowable, HeadingParagraph | TocTitle):
            page = self.canv.getPageNumber()
            # The bookmark opens the view at the heading, a little above its first line.
            top = self.frame._y + flowable.height + flowable.getSpaceAfter() + BOOKMARK_MARGIN
            if isinstance(flowable, TocTitle):
                self.outline.add_plain(self.canv, flowable.outline_title, flowable.outline_key, top)
                return
            self.outline.add(self.canv, flowable, page, top)
            entry = (flowable.outline_level - 1, self.styles.markup(flowable.outline_title), page)
            self.notify("TOCEntry", (*entry, flowable.outline_key))

    def _decorate(self, canv: Any, doc: Any) -> None:
        """Running header (report title left, chapter right) and the page number."""
        styles, theme = self.styles, self.styles.theme
        canv.saveState()
        left, right = theme.margin_left, theme.page_width - theme.margin_right
        top = theme.page_height - theme.header_offset
        font = styles.header_footer
        canv.setFont(font.fontName, font.fontSize)
        canv.setFillColor(theme.color("muted"))
        width = theme.frame_width
        header = self.running_header
        chapter = self.outline.chapter_on(canv.getPageNumber())
        _draw_fitted(canv, header, left, top, width * 0.48, font, align="left")
        if chapter:
            _draw_fitted(canv, chapter, right, top, width * 0.48, font, align="right")
        canv.setStrokeColor(theme.color("rule"))
        canv.setLineWidth(0.5)
        canv.line(left, top - 4, right, top - 4)
        canv.setFillColor(theme.color("text"))
        canv.setFont(font.fontName, font.fontSize + 1)
        canv.drawCentredString(theme.page_width / 2, theme.footer_offset, str(canv.getPageNumber()))
        canv.restoreState()


def _draw_fitted(
    canv: Any, text: str, x: float, y: float, width: float, style: Any, align: str
) -> None:
    """One line of header text, cut with an ellipsis when it is wider than ``width``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    name, size = style.fontName, style.fontSize
    if stringWidth(text, name, size) > width:
        while text and stringWidth(text + "\u2026", name, size) > width:
            text = text[:-1]
        text += "\u2026"
    if align == "left":
        canv.drawString(x, y, text)
    else:
        canv.drawRightString(x, y, text)


class CoverFlowable(Flowable):  # type: ignore[misc]
    """The whole cover page: an accent band with title and subtitle, then edition and publisher."""

    def __init__(self, cover: Cover, styles: Styles) -> None:
        super().__init__()
        self.cover = cover
        self.styles = styles

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Take the whole cover frame."""
        self._size = (avail_width, avail_height)
        return avail_width, avail_height - 1

    def draw(self) -> None:
        """Draw on the cover frame, which is the whole page (origin at the page's bottom left)."""
        styles, theme, cover = self.styles, self.styles.theme, self.cover
        canv = self.canv
        page_w, page_h = theme.page_width, theme.page_height
        left = theme.margin_left
        text_w = page_w - left - theme.margin_right
        band_bottom = page_h * 0.48
        canv.saveState()
        canv.setFillColor(theme.color("cover_band"))
        canv.rect(0, band_bottom, page_w, page_h - band_bottom, stroke=0, fill=1)
        canv.setFillColor(theme.color("accent_light"))
        canv.rect(0, band_bottom - 6, page_w, 6, stroke=0, fill=1)
        y = band_bottom + 34
        blocks = [
            (cover.subtitle, styles.cover_subtitle, 0.0),
            (cover.title, styles.cover_title, 14.0),
        ]
        # Stack from the bottom of the band upwards: subtitle, then the title above it.
        for text, style, gap in blocks:
            if not text:
                continue
            para = Paragraph(styles.markup(text), style)
            _, h = para.wrap(text_w, page_h)
            y += gap
            para.drawOn(canv, left, y)
            y += h
        y = band_bottom - 60
        for text, size in ((cover.edition_line, 14.0), (cover.publisher, 11.0)):
            if not text:
                continue
            para = Paragraph(
                styles.markup(text),
                styles.cover_line.clone("cl", fontSize=size, leading=size * 1.4),
            )
            _, h = para.wrap(text_w, page_h)
            para.drawOn(canv, left, y - h)
            y -= h + 10
        if cover.date_line:
            para = Paragraph(styles.markup(cover.date_line), styles.cover_line)
            _, h = para.wrap(text_w, page_h)
            para.drawOn(canv, left, theme.margin_bottom)
        canv.restoreState()
