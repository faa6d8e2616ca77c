"""Typed errors of the library, each with its exit code; only cli.py prints them.

Exit codes: 0 done; 1 finished but found a problem it reports; 2 bad input; 3 a bug.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

VALUE_MAX_CHARS = 40  # data_schema.md §3.1: a cell is cut to 40 characters with an ellipsis


class Severity(StrEnum):
    """How bad a data problem is: an error stops the load, a warning does not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: the file as given, the spreadsheet row (header = 1), the column.

    ``row`` is None for whole-file issues and ``column`` is None when no single column applies;
    both print as ``-``.
    """

    file: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        row = "-" if self.row is None else str(self.row)
        column = "-" if self.column is None else self.column
        return f"{self.file}:{row}:{column}"


def quote_value(value: object) -> str:
    """Render a cell for a message: double-quoted, control characters escaped, cut to 40 chars."""
    if value is None:
        return "-"
    text = str(value)
    escaped = "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )
    if len(escaped) > VALUE_MAX_CHARS:
        escaped = escaped[: VALUE_MAX_CHARS - 1] + "…"
    return f'"{escaped}"'


@dataclass(frozen=True)
class Problem:
    """One finding of data validation, printed as one line (data_schema.md §3.1).

    ``value`` is the cell as read (None when no cell applies); ``rule`` a stable id such as V01.
    """

    location: Location
    value: str | None
    rule: str
    severity: Severity
    reason: str
    fix: str = ""

    @property
    def is_error(self) -> bool:
        """Whether this problem stops the load."""
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        fix = f" ({self.fix})" if self.fix else ""
        value = quote_value(self.value)
        return f"{self.location}: {value} — {self.reason}{fix} [{self.severity.value} {self.rule}]"

    def sort_key(
        self, column_order: Mapping[str, int] | None = None
    ) -> tuple[str, int, int, str, str]:
        """Deterministic order: file, row, column position, rule (whole-file issues first).

        ``column_order`` maps a printed column to its position in the file; without it (or for
        a column it does not know) columns sort by name after the known ones.
        """
        loc = self.location
        order = column_order or {}
        position = order.get(loc.column or "", len(order))
        row = -1 if loc.row is None else loc.row
        return (loc.file, row, position, loc.column or "", self.rule)


class SrdiError(Exception):
    """Base of every error the library raises on purpose."""

    exit_code = 1


class InputError(SrdiError):
    """The user can fix it: config, data, an option, a template."""

    exit_code = 2


class ConfigError(InputError):
    """config.toml has an unknown key, a wrong type or an invalid value."""


class UnknownNameError(InputError):
    """A name (metric, chart kind, renderer, city …) is not known; the message lists known ones."""


class DataError(InputError):
    """Input data failed validation; carries every problem found, not only the first."""

    def __init__(
        self, problems: Sequence[Problem], column_order: Mapping[str, int] | None = None
    ) -> None:
        self.problems = tuple(sorted(problems, key=lambda p: p.sort_key(column_order)))
        errors = sum(1 for p in self.problems if p.is_error)
        super().__init__(f"{errors} errors in the input data")

    def summary(self) -> str:
        """One line per file: counts of errors and warnings by rule id."""
        lines = []
        for file in sorted({p.location.file for p in self.problems}):
            mine = [p for p in self.problems if p.location.file == file]
            lines.append(summarise_problems(file, mine))
        return "\n".join(lines)


def summarise_problems(file: str, problems: Sequence[Problem]) -> str:
    """`firms.csv: 3 errors, 2 warnings (V01 ×2, X01 ×1; G03 ×2)`."""
    errors = Counter(p.rule for p in problems if p.severity is Severity.ERROR)
    warnings = Counter(p.rule for p in problems if p.severity is Severity.WARNING)

    def plural(n: int, word: str) -> str:
        return f"{n:,} {word}" + ("" if n == 1 else "s")

    def detail(counts: Counter[str]) -> str:
        return ", ".join(f"{rule} ×{n:,}" for rule, n in sorted(counts.items()))

    parts = [d for d in (detail(errors), detail(warnings)) if d]
    tail = f" ({'; '.join(parts)})" if parts else ""
    n_err, n_warn = sum(errors.values()), sum(warnings.values())
    return f"{file}: {plural(n_err, 'error')}, {plural(n_warn, 'warning')}{tail}"


class ReproduceMismatchError(SrdiError):
    """`reproduce` found published numbers that the data does not give back (exit 1)."""

    exit_code = 1


class BuildError(SrdiError):
    """A build step failed for a reason that is not the user's input."""

    exit_code = 1
