"""Walk one composed document into its text segments and printed numbers, in reading order.

The composer gives template prose a stable ``segment_id`` (a named block or ``<prefix>/pN``).
Everything else is given a derived id here, stable as long as the outline is (editions.md §1):
headings ``<anchor>/heading``, unnamed blocks ``<anchor>/p<i>`` / ``<anchor>/list<i>`` (counted per
section and kind), captions ``<exhibit_id>/caption``, exhibit notes ``<exhibit_id>/note<i>``,
document notes ``notes/p<i>``, cover lines ``cover/<field>``. An id already used in the same
document gets ``~2``, ``~3`` … appended (a figure and a table of one exhibit share its id).

Numbers are collected per *place*: the segment that prints them, or the exhibit id for table
cells (the cell's position is deliberately not part of the id: rows are re-ranked every year).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from srdi_report.compose.model import (
    Block,
    Caption,
    Document,
    FigureBlock,
    Inline,
    ListBlock,
    NoteRun,
    NumRun,
    Paragraph,
    RefRun,
    TableBlock,
    TextRun,
)
from srdi_report.number_format import format_number
from srdi_report.renderers.printed import number_kind

FRONT = "front"


@dataclass(frozen=True)
class WalkedSegment:
    """A text segment of one document: id, role, section anchor and printed text."""

    segment_id: str
    role: str  # cover, heading, paragraph, list, caption, note
    section: str
    text: str


@dataclass(frozen=True)
class WalkedNumber:
    """A number run as printed at one place (segment id or exhibit id) of one document."""

    place: str
    run: NumRun
    printed: str


@dataclass(frozen=True)
class WalkedCaption:
    """The caption of an exhibit block of one document."""

    exhibit_id: str
    label: str
    number: int
    title: str
    block: str  # figure or table


@dataclass(frozen=True)
class WalkedDocument:
    """Everything the manifest takes from one document."""

    segments: tuple[WalkedSegment, ...]
    numbers: tuple[WalkedNumber, ...]
    captions: tuple[WalkedCaption, ...]


def printed_number(run: NumRun, locale: str, suppression_mark: str) -> str:
    """The text a renderer prints for ``run`` in ``locale`` (the suppression mark if withheld)."""
    # The same choice as the text renderer, so the manifest holds what the reader sees.
    if run.suppressed or run.value is None:
        return suppression_mark
    return _format(run.value, number_kind(run, locale), run.digits, locale)


@functools.lru_cache(maxsize=8192, typed=True)
def _format(value: float, kind: str, digits: int, locale: str) -> str:
    # Babel parses the locale on every call; a segment's text and its numbers print the same
    # runs, and the same value recurs across sections, so a cache halves the manifest's time.
    return format_number(value, kind, digits, locale)


def runs_text(runs: Iterable[Inline], locale: str, suppression_mark: str) -> str:
    """The plain text of inline runs as printed (numbers formatted, references as labels)."""
    parts: list[str] = []
    for run in runs:
        if isinstance(run, TextRun):
            parts.append(run.text)
        elif isinstance(run, NumRun):
            parts.append(printed_number(run, locale, suppression_mark))
        elif isinstance(run, RefRun):
            parts.append(run.label)
        elif isinstance(run, NoteRun):
            parts.append(f"[{run.mark}]")
    return "".join(parts)


class _Walker:
    def __init__(self, document: Document) -> None:
        self.locale = document.meta.locale
        self.mark = document.suppression_mark
        self.segments: list[WalkedSegment] = []
        self.numbers: list[WalkedNumber] = []
        self.captions: list[WalkedCaption] = []
        self._used: set[str] = set()

    def unique(self, segment_id: str) -> str:
        candidate, n = segment_id, 1
        while candidate in self._used:
            n += 1
            candidate = f"{segment_id}~{n}"
        self._used.add(candidate)
        return candidate

    def segment(self, segment_id: str, role: str, section: str, runs: tuple[Inline, ...]) -> None:
        place = self.unique(segment_id)
        self.segments.append(
            WalkedSegment(place, role, section, runs_text(runs, self.locale, self.mark))
        )
        self.add_numbers(place, runs)

    def add_numbers(self, place: str, runs: Iterable[Inline]) -> None:
        for run in runs:
            if isinstance(run, NumRun):
                printed = printed_number(run, self.locale, self.mark)
                self.numbers.append(WalkedNumber(place, run, printed))

    def blocks(self, anchor: str, blocks: tuple[Block, ...]) -> None:
        counts = {"p": 0, "list": 0}
        for block in blocks:
            if isinstance(block, Paragraph):
                counts["p"] += 1
                seg = block.segment_id or f"{anchor}/p{counts['p']}"
                role = "note" if block.style == "note" else "paragraph"
                self.segment(seg, role, anchor, block.runs)
            elif isinstance(block, ListBlock):
                counts["list"] += 1
                seg = self.unique(block.segment_id or f"{anchor}/list{counts['list']}")
                texts = [runs_text(item, self.locale, self.mark) for item in block.items]
                self.segments.append(WalkedSegment(seg, "list", anchor, "\n".join(texts)))
                for item in block.items:
                    self.add_numbers(seg, item)
            elif isinstance(block, FigureBlock):
                self.exhibit(anchor, block.figure_id, "figure", block.caption, block.notes)
            elif isinstance(block, TableBlock):
                self.exhibit(anchor, block.table_id, "table", block.caption, block.notes)
                exhibit_place = self.unique(f"{block.table_id}/cells")
                for row in (*block.header, *block.rows):
                    for cell in row:
                        self.add_numbers(exhibit_place, cell.runs)

    def exhibit(
        self,
        anchor: str,
        exhibit_id: str,
        kind: str,
        caption: Caption,
        notes: tuple[Paragraph, ...],
    ) -> None:
        self.captions.append(
            WalkedCaption(exhibit_id, caption.label, caption.number, caption.title, kind)
        )
        self.segment(f"{exhibit_id}/caption", "caption", anchor, (TextRun(caption.title),))
        for i, note in enumerate(notes, start=1):
            self.segment(note.segment_id or f"{exhibit_id}/note{i}", "note", anchor, note.runs)


def walk_document(document: Document) -> WalkedDocument:
    """Segments, numbers and captions of ``document`` in reading order.

    Args:
        document: One composed edition in one locale.

    Returns:
        The walked parts; segment ids are unique within the document.
    """
    walker = _Walker(document)
    cover = document.cover
    for name, text in (
        ("title", cover.title),
        ("subtitle", cover.subtitle),
        ("edition", cover.edition_line),
        ("date", cover.date_line),
    ):
        walker.segment(f"cover/{name}", "cover", "cover", (TextRun(text),))
    walker.blocks(FRONT, document.front)
    for path in document.walk():
        section = path[-1]
        anchor = section.heading.anchor
        title = " ".join(p for p in (section.heading.number, section.heading.title) if p)
        walker.segment(f"{anchor}/heading", "heading", anchor, (TextRun(title),))
        walker.blocks(anchor, section.blocks)
    for i, note in enumerate(document.notes, start=1):
        walker.segment(note.segment_id or f"notes/p{i}", "note", "notes", note.runs)
    return WalkedDocument(tuple(walker.segments), tuple(walker.numbers), tuple(walker.captions))
