"""One finding in a bureau file, printed ``file:line:column: key — value — reason``.

A :class:`BureauProblem` is a :class:`~srdi_report.errors.Problem` (so ``DataError`` and the
CLI print it like any data problem) whose location is a line and column of the YAML file
and which also names the key path (``growth_files[2].milestones[1].date``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from srdi_report.errors import Location, Problem, Severity, quote_value

__all__ = ["BureauProblem", "at"]


@dataclass(frozen=True)
class BureauProblem(Problem):
    """A bureau-file problem; ``key`` is the dotted key path ("" for the whole file)."""

    key: str = ""

    def __str__(self) -> str:
        fix = f" ({self.fix})" if self.fix else ""
        key = self.key or "-"
        value = quote_value(self.value)
        return (
            f"{self.location}: {key} — {value} — {self.reason}{fix} "
            f"[{self.severity.value} {self.rule}]"
        )

    def sort_key(self, column_order: Any = None) -> tuple[str, int, int, str, str]:
        """File, line, column (as numbers), then rule."""
        loc = self.location
        row = -1 if loc.row is None else loc.row
        column = int(loc.column) if loc.column and loc.column.isdigit() else -1
        return (loc.file, row, column, self.key, self.rule)


def at(
    file: str,
    mark: Any,
    key: str,
    value: object,
    rule: str,
    reason: str,
    *,
    warning: bool = False,
    fix: str = "",
) -> BureauProblem:
    """A problem at a YAML mark (``node.start_mark``; None for the whole file).

    Args:
        file: The file as given.
        mark: A PyYAML ``Mark`` (0-based line and column) or None.
        key: The key path.
        value: The offending value (None when no value applies).
        rule: Stable rule id (B01 …).
        reason: Why it is wrong, in one clause.
        warning: A warning instead of an error.
        fix: How to fix it, if not obvious.
    """
    if mark is None:
        location = Location(file)
    else:
        location = Location(file, int(mark.line) + 1, str(int(mark.column) + 1))
    return BureauProblem(
        location=location,
        value=None if value is None else str(value),
        rule=rule,
        severity=Severity.WARNING if warning else Severity.ERROR,
        reason=reason,
        fix=fix,
        key=key,
    )
