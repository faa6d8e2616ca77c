"""Snapshot rules N01–N04 (data_schema.md §1.3, §3.2): one snapshot date per file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np

from srdi_report.data.values import Cells, ColumnTyper
from srdi_report.errors import DataError, Location, Problem, Severity

SNAPSHOT_MIN = dt.date(2011, 1, 1)  # N03: before the first SRDI lists
DATE_FIX = "write YYYY-MM-DD, e.g. 2026-02-28"


def option_date(value: dt.date | str | None, file: str) -> dt.date | None:
    """``--snapshot-date`` as a date.

    Raises:
        DataError: N01 when the option is not an ISO date.
    """
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        reason = "--snapshot-date is not a date"
        problem = Problem(Location(file), value, "N01", Severity.ERROR, reason, DATE_FIX)
        raise DataError([problem]) from None


def check_snapshot(
    cells: Mapping[str, Cells],
    typer: ColumnTyper,
    given: dt.date | None,
    today: dt.date | None,
) -> tuple[dt.date | None, list[Problem]]:
    """The file's snapshot date (None when N01 fails) and the N problems."""
    problems: list[Problem] = []
    file = typer.rows.file_label

    def whole(rule: str, value: str | None, reason: str, fix: str, label: str | None) -> None:
        location = Location(file, None, label)
        problems.append(Problem(location, value, rule, Severity.ERROR, reason, fix))

    snapshot = given
    column = cells.get("snapshot_date")
    if column is not None:
        distinct, unreadable = typer.parse_dates(column.text)
        for pos in column.rows_where(unreadable):
            problems.append(typer.problem(column, int(pos), "N01", "not a date", DATE_FIX))
        if given is None:
            for pos in np.flatnonzero(~column.given):
                fix = "fill it, or pass --snapshot-date"
                problems.append(typer.problem(column, int(pos), "N01", "snapshot date empty", fix))
        by_row = distinct[column.indices]
        found, counts = np.unique(by_row[~np.isnat(by_row)], return_counts=True)
        days = [str(d)[:10] for d in found.astype("datetime64[D]")]
        if len(days) > 1:
            listing = ", ".join(f"{d} ({n:,} rows)" for d, n in zip(days, counts, strict=True))
            fix = "split the file by snapshot_date: one file per snapshot"
            whole("N01", None, f"{len(days)} snapshot dates: {listing}", fix, column.label)
        elif days:
            in_file = dt.date.fromisoformat(days[0])
            if given is not None and in_file != given:
                reason = f"the column says {days[0]}, --snapshot-date says {given.isoformat()}"
                whole("N04", days[0], reason, "drop the option or correct the column", column.label)
            snapshot = in_file if given is None else given
        if any(p.rule == "N01" for p in problems):
            snapshot = None
    if snapshot is not None:
        label = column.label if column is not None else None
        shown = snapshot.isoformat()
        if snapshot < SNAPSHOT_MIN:
            reason = f"snapshot date before {SNAPSHOT_MIN.isoformat()}"
            whole("N03", shown, reason, "correct the date", label)
        if today is not None and snapshot > today:
            reason = f"snapshot date after today ({today.isoformat()})"
            whole("N03", shown, reason, "correct the date", label)
        if "snapshot_year" in cells:
            problems.extend(_snapshot_year(cells["snapshot_year"], typer, snapshot))
    return snapshot, problems


def _snapshot_year(column: Cells, typer: ColumnTyper, snapshot: dt.date) -> list[Problem]:
    """N02: snapshot_year ≠ year(snapshot_date); an unreadable year is V01."""
    typed = typer.numbers(column, integer=True)
    years = typed.series
    wrong = years.notna().to_numpy() & (years.fillna(snapshot.year).to_numpy() != snapshot.year)
    problems = list(typed.problems)
    for pos in np.flatnonzero(wrong).tolist():
        reason = f"snapshot_year {years.iloc[pos]} ≠ year of snapshot_date {snapshot.year}"
        problems.append(typer.problem(column, pos, "N02", reason, "correct it or drop the column"))
    return problems
