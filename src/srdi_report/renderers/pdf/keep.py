"""Keep headings and captions with the start of what follows them, without wasting pages.

ReportLab's ``keepWithNext`` wraps a heading and the next flowable in a ``KeepTogether``, which
moves both to a new page whenever the next flowable is taller than the space left, so a heading
before a three-page table would always leave most of a page empty. :class:`KeepStart` asks only
for the heading (or caption) plus the *start* of the last flowable: the header and first rows of
a table, the first lines of a paragraph. If that fits, everything flows on from here and the
table splits normally; if not, it all moves to the next frame.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table
from reportlab.platypus.doctemplate import FrameBreak, NullActionFlowable

# Body rows a table must show under its header on the page where it starts.
MIN_TABLE_ROWS = 3
# Lines a paragraph must show on the page where it starts (ReportLab avoids a single one).
MIN_PARAGRAPH_LINES = 2
_FORCE_SPLIT = 0xFFFFFF


def _spaces(flowable: Flowable) -> float:
    return float(flowable.getSpaceBefore() + flowable.getSpaceAfter())


def full_height(flowable: Flowable, canv: Any, width: float, height: float) -> float:
    """Height of a flowable with its spaces, including a ``KeepTogether``'s whole content."""
    if isinstance(flowable, KeepTogether):
        return sum(full_height(f, canv, width, height) for f in flowable._content)
    if isinstance(flowable, KeepStart):
        return sum(full_height(f, canv, width, height) for f in flowable.content)
    _, h = flowable.wrapOn(canv, width, height)
    return float(h) + _spaces(flowable)


def start_height(flowable: Flowable, canv: Any, width: float, height: float) -> float:
    """The least height of a flowable's beginning that may stand at the foot of a page."""
    total = full_height(flowable, canv, width, height)
    if isinstance(flowable, KeepStart):
        *lead, last = flowable.content
        start = sum(full_height(f, canv, width, height) for f in lead)
        return start + start_height(last, canv, width, height)
    if isinstance(flowable, Table):
        rows = list(flowable._rowHeights)
        repeat = flowable.repeatRows or 0
        head = repeat if isinstance(repeat, int) else max(repeat) + 1
        keep = min(len(rows), head + MIN_TABLE_ROWS)
        return min(total, float(sum(rows[:keep])) + float(flowable.getSpaceBefore()))
    if isinstance(flowable, Paragraph):
        leading = float(flowable.style.leading)
        return min(total, MIN_PARAGRAPH_LINES * leading + float(flowable.getSpaceBefore()))
    return total


class KeepStart(Flowable):  # type: ignore[misc]
    """Keep leading flowables (headings, a caption) with the start of the last one."""

    def __init__(self, flowables: list[Flowable]) -> None:
        super().__init__()
        self.content = list(flowables)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Report an impossible height (see below)."""
        # Report an impossible height so that the frame always calls split().
        return avail_width, _FORCE_SPLIT

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The content, behind a frame break when its start does not fit here."""
        canv = self.canv
        *lead, last = self.content
        need = sum(full_height(f, canv, avail_width, avail_height) for f in lead)
        need += start_height(last, canv, avail_width, avail_height)
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        if need > avail_height and not at_top:
            return [FrameBreak(), *self.content]
        # An action first: ReportLab must place a split's first part without splitting it,
        # and the first part here (a long table) may itself need splitting.
        return [NullActionFlowable(), *self.content]

    def draw(self) -> None:  # pragma: no cover - never drawn: always split first
        """Nothing: the content is drawn after split."""

    def getKeepWithNext(self) -> bool:  # noqa: N802 - ReportLab's name
        """Never grouped by ReportLab's keepWithNext (that would undo the point)."""
        return False
