"""Inline runs → ReportLab paragraph markup.

Every literal is XML-escaped (ReportLab parses ``<``, ``>`` and ``&`` as markup). Numbers are
formatted here, at render time, by ``number_format`` in the document's locale; a withheld value
prints as the document's suppression mark. A note mark is a superscript; its text is collected
so the caller can print it under the block.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from srdi_report.compose.model import Inline, NoteRun, NumRun, RefRun, TextRun
from srdi_report.renderers import printed


@dataclass
class InlineContext:
    """What formatting a run needs: locale, suppression mark, and the notes met so far."""

    locale: str
    suppression_mark: str
    notes: list[NoteRun] = field(default_factory=list)
    # Each number is printed up to three times (coverage check, column widths, the cell) and
    # Babel formatting is the slowest step of a table; runs are frozen, so they key a cache.
    numbers: dict[NumRun, str] = field(default_factory=dict)
    # Literal text → markup (``Styles.markup``: escaping and fallback faces).
    markup: Callable[[str], str] = escape
    # Exhibit ids present in the document: a reference to one of them becomes a link.
    targets: frozenset[str] = frozenset()

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


def _bold(markup: str, bold: bool) -> str:
    return f"<b>{markup}</b>" if bold else markup


def run_markup(run: Inline, ctx: InlineContext) -> str:
    """ReportLab markup of one run; note runs are also recorded in ``ctx.notes``."""
    if isinstance(run, TextRun):
        markup = ctx.markup(run.text)
        if run.italic:
            markup = f"<i>{markup}</i>"
        return _bold(markup, run.bold)
    if isinstance(run, NumRun):
        return _bold(ctx.markup(number_text(run, ctx)), run.bold)
    if isinstance(run, RefRun):
        label = ctx.markup(run.label)
        if run.target_id in ctx.targets:
            return f'<a href="#{quoteattr(run.target_id)[1:-1]}">{label}</a>'
        return label
    assert isinstance(run, NoteRun)
    ctx.notes.append(run)
    return f"<super>{ctx.markup(run.mark)}</super>"


def runs_markup(runs: tuple[Inline, ...], ctx: InlineContext) -> str:
    """ReportLab markup of a sequence of runs."""
    return "".join(run_markup(run, ctx) for run in runs)


def note_markup(note: NoteRun, markup: Callable[[str], str]) -> str:
    """Markup of a note's line under its block: the mark, a thin space, the text."""
    return f"<super>{markup(note.mark)}</super>\u2009{markup(note.text)}"
