"""Inline runs → ``w:r`` elements: text, formatted numbers, links to exhibits, note marks.

Numbers are formatted here, at render time, by ``number_format`` in the document's locale, as
the PDF does; a withheld value prints the document's suppression mark. A cross-reference to an
exhibit that the document holds becomes an internal hyperlink to its caption's bookmark.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.xmlchemy import BaseOxmlElement

from srdi_report.compose.model import Inline, NoteRun, NumRun, RefRun, TextRun
from srdi_report.renderers import printed
from srdi_report.renderers.docx.fields import (
    REF_PREFIX,
    RunFormat,
    bookmark_name,
    hyperlink,
    text_run,
)


@dataclass
class InlineContext:
    """What a run needs: locale, suppression mark, the exhibits that exist, notes met so far."""

    locale: str
    suppression_mark: str
    targets: frozenset[str] = frozenset()  # exhibit ids with a caption bookmark
    notes: list[NoteRun] = field(default_factory=list)
    numbers: dict[NumRun, str] = field(default_factory=dict)

    def take_notes(self) -> tuple[NoteRun, ...]:
        """Return the notes collected since the last call and forget them."""
        taken = tuple(self.notes)
        self.notes.clear()
        return taken


def number_text(run: NumRun, ctx: InlineContext) -> str:
    """The printed text of a number (``renderers/printed.py``: mark, signed styles)."""
    return printed.number_text(run, ctx.locale, ctx.suppression_mark, ctx.numbers)


def run_text(run: Inline, ctx: InlineContext) -> str:
    """The plain text of one run, as a reader sees it."""
    return printed.run_text(run, ctx.locale, ctx.suppression_mark, ctx.numbers)


def plain_text(runs: tuple[Inline, ...], ctx: InlineContext) -> str:
    """The plain text of runs joined."""
    return "".join(run_text(run, ctx) for run in runs)


def run_elements(run: Inline, ctx: InlineContext, bold: bool = False) -> list[BaseOxmlElement]:
    """The ``w:r`` (or ``w:hyperlink``) elements of one run; note runs are recorded in ctx."""
    if isinstance(run, TextRun):
        return [text_run(run.text, RunFormat(bold=bold or run.bold, italic=run.italic))]
    if isinstance(run, NumRun):
        return [text_run(number_text(run, ctx), RunFormat(bold=bold or run.bold))]
    if isinstance(run, RefRun):
        label = text_run(run.label, RunFormat(bold=bold))
        if run.target_id in ctx.targets:
            return [hyperlink(bookmark_name(REF_PREFIX, run.target_id), [label])]
        return [label]
    assert isinstance(run, NoteRun)
    ctx.notes.append(run)
    return [text_run(run.mark, RunFormat(superscript=True))]


def runs_elements(
    runs: tuple[Inline, ...], ctx: InlineContext, bold: bool = False
) -> list[BaseOxmlElement]:
    """The elements of a sequence of runs, in order."""
    out: list[BaseOxmlElement] = []
    for run in runs:
        out.extend(run_elements(run, ctx, bold))
    return out


def note_elements(note: NoteRun) -> list[BaseOxmlElement]:
    """A note's line under its block: the mark raised, a thin space, the text."""
    return [text_run(note.mark, RunFormat(superscript=True)), text_run("\u2009" + note.text)]
