"""The table of contents: ReportLab's TableOfContents, styled, filled by heading notifications.

The document is built with ``multiBuild``: each pass records the page of every heading and the
next pass prints them, until two passes agree. Entries link to their heading's bookmark.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph, TableStyle
from reportlab.platypus.tableofcontents import TableOfContents as RlTableOfContents

from srdi_report.compose.model import TableOfContents
from srdi_report.renderers.pdf.styles import Styles


class ReportToc(RlTableOfContents):  # type: ignore[misc]
    """A table of contents that lists headings down to ``depth`` (1 = chapters only)."""

    def __init__(self, styles: Styles, depth: int) -> None:
        super().__init__(
            levelStyles=list(styles.toc_levels),
            dotsMinLevel=1,
            rightColumnWidth=36,
            # The default table style leaves Helvetica as the cell font (it shows in pdffonts).
            tableStyle=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                ]
            ),
        )
        self.depth = depth

    def has_entries(self) -> bool:
        """Whether any heading is listed (prefilled or found by a pass)."""
        return bool(self._entries or self._lastEntries)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Nothing when there are no headings (ReportLab would print a placeholder line)."""
        if not self._lastEntries:
            self._table = None
            return 0.0, 0.0
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        return size

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """ReportLab's split of the entries' table (nothing when there are none)."""
        if self._table is None:
            return []
        parts: list[Flowable] = super().split(avail_width, avail_height)
        return parts

    def drawOn(self, canvas: object, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        """Draw the entries' table, if any."""
        if self._table is not None:
            super().drawOn(canvas, x, y, _sW)

    def notify(self, kind: str, stuff: object) -> None:
        """Keep the entries of levels the table of contents shows."""
        if kind == "TOCEntry":
            assert isinstance(stuff, tuple)
            if stuff[0] < self.depth:
                self.addEntry(*stuff)


class TocTitle(Paragraph):  # type: ignore[misc]
    """The title above the table of contents; it gets a top-level bookmark of its own."""

    outline_key = "toc"

    def __init__(self, title: str, styles: Styles) -> None:
        super().__init__(styles.markup(title), styles.toc_title)
        self.outline_title = title


def toc_flowables(
    block: TableOfContents, styles: Styles, entries: list[tuple[int, str, int, str]]
) -> list[Flowable]:
    """The title of the table of contents and the table itself.

    Args:
        block: The model's table of contents.
        styles: Paragraph styles.
        entries: (level from 0, markup, page, key) of every heading, pages not yet known. The
            first layout pass then already has the final number of lines, so a second pass
            confirms the page numbers instead of a third.
    """
    toc = ReportToc(styles, block.depth)
    toc.addEntries([e for e in entries if e[0] < block.depth])
    return [TocTitle(block.title, styles), toc]
