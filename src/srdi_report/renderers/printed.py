"""How every renderer prints a run: one place, so PDF, DOCX, text and manifest agree.

A withheld number (``suppressed`` or no value) prints the document's suppression mark; a
``signed`` run prints with its locale's ``<kind>_signed`` style ("+23.3pp" in tables) when the
locale has one. Babel formatting is the slowest step of a big table, and runs are frozen, so a
caller may pass a dict to cache the printed text per run.
"""

from __future__ import annotations

from srdi_report.compose.model import Inline, NumRun, RefRun, TextRun
from srdi_report.number_format import format_number, kinds

SIGNED_SUFFIX = "_signed"  # number_styles.csv kinds that print "+" on positive values


def number_kind(run: NumRun, locale: str) -> str:
    """The number style of a run: ``<kind>_signed`` for a signed run when the locale has one."""
    if run.signed and f"{run.kind}{SIGNED_SUFFIX}" in kinds(locale):
        return f"{run.kind}{SIGNED_SUFFIX}"
    return run.kind


def number_text(run: NumRun, locale: str, mark: str, cache: dict[NumRun, str] | None = None) -> str:
    """The printed text of a number run in ``locale``; withheld values print ``mark``."""
    if run.suppressed or run.value is None:
        return mark
    if cache is not None and run in cache:
        return cache[run]
    text = format_number(run.value, number_kind(run, locale), run.digits, locale)
    if cache is not None:
        cache[run] = text
    return text


def run_text(run: Inline, locale: str, mark: str, cache: dict[NumRun, str] | None = None) -> str:
    """The plain text of one run, as a reader sees it."""
    if isinstance(run, TextRun):
        return run.text
    if isinstance(run, NumRun):
        return number_text(run, locale, mark, cache)
    if isinstance(run, RefRun):
        return run.label
    return run.mark
