"""Header rules H01–H05 and H07 (data_schema.md §3.2): which header feeds which column."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from srdi_report.data.schema import (
    HeaderKind,
    HeaderMatch,
    match_header,
    normalise_header,
    suggest_column,
    table_columns,
)
from srdi_report.errors import Location, Problem, Severity

HEADER_ROW = 1
REQUIRED = ("snapshot_date", "firm_id", "level", "province", "city")  # H01
REQUIRED_BY_TABLE = {
    "firms": REQUIRED,
    "patents": tuple(spec.name for spec in table_columns("patents") if spec.req == "R"),
}


@dataclass(frozen=True)
class HeaderPlan:
    """The columns to read: canonical name → (position in the file, how the header matched)."""

    columns: Mapping[str, tuple[int, HeaderMatch]]
    problems: tuple[Problem, ...]
    refused: frozenset[str] = frozenset()  # columns whose header had a wrong unit (H03)

    def label(self, name: str) -> str:
        """``<alias>=patents_total`` for an alias header; the canonical name otherwise."""
        header = self.columns[name][1].header if name in self.columns else name
        return name if header == name else f"{header}={name}"


def _header_problem(file: str, column: str | None, rule: str, reason: str, fix: str) -> Problem:
    severity = Severity.ERROR if rule in ("H01", "H02", "H03") else Severity.WARNING
    return Problem(Location(file, HEADER_ROW, column), None, rule, severity, reason, fix)


def _factor_text(factor: float) -> str:
    return f"÷{1 / factor:,.0f}" if factor < 1 else f"×{factor:,.0f}"


def resolve_headers(
    headers: Sequence[str],
    file: str,
    units: Mapping[str, Mapping[str, float]],
    *,
    snapshot_given: bool,
    table: str = "firms",
) -> HeaderPlan:
    """Match every header; report H02–H05 and H07 here, H01 for missing required columns."""
    columns: dict[str, tuple[int, HeaderMatch]] = {}
    problems: list[Problem] = []
    unknown: list[str] = []
    refused: set[str] = set()
    for position, header in enumerate(headers):
        match = match_header(header, units, table)
        label = header if match.canonical in (None, header) else f"{header}={match.canonical}"
        if not header.strip():
            reason = f"column {position + 1} has values but no header; ignored"
            problems.append(_header_problem(file, None, "H04", reason, "name the column"))
            continue
        if match.kind is HeaderKind.UNKNOWN:
            unknown.append(header)
            near = suggest_column(header, table) if header.strip() else None
            fix = f"did you mean {near}?" if near else "rename it to a column of the schema"
            if len(headers) == 1 and (";" in header or "\t" in header):
                fix = "the file is not comma-separated: save it as CSV (comma) or as .tsv"
            problems.append(_header_problem(file, header, "H04", "unknown column, ignored", fix))
            continue
        assert match.canonical is not None
        assert match.spec is not None
        if match.kind is HeaderKind.DERIVED:
            reason = "derived column, ignored and recomputed"
            problems.append(_header_problem(file, label, "H05", reason, "drop the column"))
            continue
        if match.kind is HeaderKind.BAD_UNIT:
            reason = f"unit {match.unit_text} is not {match.spec.unit or 'allowed here'}"
            fix = (
                f"convert the values to {match.spec.unit} and write the header without a unit"
                if match.spec.unit
                else "remove the unit from the header"
            )
            problems.append(_header_problem(file, label, "H03", reason, fix))
            refused.add(match.canonical)
            continue
        if match.canonical in columns:
            first = columns[match.canonical][1].header
            reason = (
                f"repeated header (also column {columns[match.canonical][0] + 1})"
                if first == header
                else f"maps to the same column as {first}"
            )
            problems.append(_header_problem(file, label, "H02", reason, "keep one of the two"))
            continue
        if match.factor != 1.0:
            reason = (
                f"values in {match.unit_text} converted to {match.spec.unit} "
                f"({_factor_text(match.factor)})"
            )
            fix = f"write the column in {match.spec.unit} to skip the conversion"
            problems.append(_header_problem(file, label, "H07", reason, fix))
        columns[match.canonical] = (position, match)
    plan = HeaderPlan(columns, ())
    missing = [
        name
        for name in REQUIRED_BY_TABLE[table]
        if name not in columns and not (name == "snapshot_date" and snapshot_given)
    ]
    problems.extend(missing_required(name, file, unknown, table) for name in missing)
    return HeaderPlan(plan.columns, tuple(problems), frozenset(refused))


def missing_required(name: str, file: str, unknown: Sequence[str], table: str = "firms") -> Problem:
    """H01 with the closest unmatched header as the suggestion."""
    spec = next(s for s in table_columns(table) if s.name == name)
    names = {normalise_header(n): n for n in (spec.name, *spec.aliases)}
    best: tuple[float, str] | None = None
    for header in unknown:
        for folded in names:
            ratio = difflib.SequenceMatcher(None, normalise_header(header), folded).ratio()
            if ratio >= 0.5 and (best is None or ratio > best[0]):
                best = (ratio, header)
    if best is not None:
        fix = f"did you mean {best[1]}? rename it to {name}"
    else:
        fix = f"add the column; accepted headers: {', '.join((spec.name, *spec.aliases))}"
    if name == "snapshot_date":
        fix += ", or pass --snapshot-date"
    return _header_problem(file, None, "H01", f"required column {name} is missing", fix)
