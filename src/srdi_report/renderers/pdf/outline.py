"""PDF bookmarks: one outline entry per heading, nested by level, linked to the heading's page.

PDF outlines cannot skip a level (a level-3 entry right under a level-1 one has no parent), so a
heading deeper than its predecessor allows is attached one level below it instead.
"""

from __future__ import annotations

from typing import Any, Protocol


class _Heading(Protocol):
    outline_key: str
    outline_level: int
    outline_title: str


class OutlineTracker:
    """Adds outline entries in order and remembers the chapter on each page for the header."""

    def __init__(self) -> None:
        self.last_level = -1
        self.entries: list[tuple[int, str, str, int]] = []  # (level, title, key, page)
        self._chapters: list[tuple[int, str]] = []  # (first page, chapter title)

    def add(self, canv: Any, heading: _Heading, page: int, top: float) -> None:
        """Bookmark the heading (``top``: its top edge on the page) and add its outline entry."""
        level = min(heading.outline_level - 1, self.last_level + 1)
        canv.bookmarkPage(heading.outline_key, fit="XYZ", top=top)
        canv.addOutlineEntry(
            heading.outline_title, heading.outline_key, level=level, closed=level >= 1
        )
        self.last_level = level
        self.entries.append((level, heading.outline_title, heading.outline_key, page))
        if heading.outline_level == 1:
            self._chapters.append((page, heading.outline_title))

    def add_plain(self, canv: Any, title: str, key: str, top: float) -> None:
        """A top-level entry that is not a heading (the table of contents)."""
        canv.bookmarkPage(key, fit="XYZ", top=top)
        canv.addOutlineEntry(title, key, level=0, closed=False)
        self.last_level = 0
        self.entries.append((0, title, key, canv.getPageNumber()))

    def chapter_on(self, page: int) -> str:
        """The title of the chapter that a page belongs to ("" before the first chapter)."""
        current = ""
        for first, title in self._chapters:
            if first > page:
                break
            current = title
        return current
