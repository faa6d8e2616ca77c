"""Load one firm snapshot: read, match headers, normalise and type values, validate.

``load_firms`` applies data_schema.md §1.2 and the F, H, N, V01–V08 and V10 rules, then calls
``validate.validate_firms`` for the rest. It writes nothing; any error raises ``DataError`` with
every problem found, and warnings come back on the result (errors too, with ``strict``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from srdi_report.data.headers import REQUIRED_BY_TABLE, HeaderPlan, resolve_headers
from srdi_report.data.readers import RawTable, read_table
from srdi_report.data.schema import FIRM_COLUMNS, column_order
from srdi_report.data.snapshot import check_snapshot, option_date
from srdi_report.data.tokens import value_tokens
from srdi_report.data.typed import TypedFirms
from srdi_report.data.validate import validate_firms
from srdi_report.data.validate_messages import COLLAPSE_FIX, COLLAPSE_SUFFIX
from srdi_report.data.values import (
    COLLAPSE_MIN_ROWS,
    COLLAPSE_MIN_SHARE,
    Cells,
    ColumnTyper,
    Rows,
    Typed,
    encode,
    normalise,
)
from srdi_report.errors import DataError, Location, Problem, Severity

MOSTLY_UNIQUE = frozenset({"firm_id", "name_zh", "name_en", "profile_text", "patent_id"})
DEDUPED = frozenset({"G02", "G03", "G04", "G07", "I03", "V06", "H07"})  # once per value


@dataclass(frozen=True)
class LoadOptions:
    """How to read a firm file (the CLI's options).

    Attributes:
        snapshot_date: the snapshot date when the file has no such column (ISO text or a date).
        encoding: CSV/TSV encoding, overriding detection.
        sheet: XLSX sheet name; ``'*'`` concatenates every sheet with the same header.
        strict: warnings become errors.
        today: upper bound of snapshot_date (N03); the CLI passes the date, the library never
            reads the clock. None skips that bound.
    """

    snapshot_date: dt.date | str | None = None
    encoding: str | None = None
    sheet: str | None = None
    strict: bool = False
    today: dt.date | None = None


@dataclass(frozen=True, eq=False)  # eq=False: == on a DataFrame is elementwise, not a bool
class LoadedFirms:
    """One validated snapshot.

    Attributes:
        frame: canonical typed frame (docs/architecture.md), rows in file order.
        source_rows: spreadsheet row of each frame row (header = 1).
        headers: canonical name → the header as written.
        snapshot_date: the file's snapshot date.
        problems: warnings and info lines kept (no errors).
        file_label: the path as given (XLSX: with the sheet).
    """

    frame: pd.DataFrame
    source_rows: npt.NDArray[np.int64]
    headers: Mapping[str, str]
    snapshot_date: dt.date
    problems: tuple[Problem, ...]
    file_label: str


@dataclass(frozen=True, eq=False)
class TypedTable:
    """A file read, normalised and typed (F, H, N, V rules), before the table's own rules."""

    typed: TypedFirms | None  # None when required columns or the snapshot date are missing
    frame: pd.DataFrame
    problems: list[Problem]
    snapshot: dt.date | None


def load_firms(path: Path | str, options: LoadOptions | None = None) -> LoadedFirms:
    """Read, type and validate one firm file.

    Raises:
        DataError: any error (F, H, N, V, R, U, X, G, I rules), or any warning with ``strict``;
            it carries every problem found, warnings included.
    """
    options = options or LoadOptions()
    stage = read_typed(Path(path), options, "firms")
    frame, problems = stage.frame, stage.problems
    if stage.typed is not None:
        outcome = validate_firms(stage.typed)
        frame = outcome.frame
        problems.extend(outcome.problems)
    return finish(stage, frame, problems, options)


def finish(
    stage: TypedTable, frame: pd.DataFrame, problems: list[Problem], options: LoadOptions
) -> LoadedFirms:
    """Apply ``strict``; raise on any error, else the loaded table with its warnings.

    Raises:
        DataError: any error among ``problems`` (every problem is carried).
    """
    if options.strict:
        problems = [
            replace(p, severity=Severity.ERROR) if p.severity is Severity.WARNING else p
            for p in problems
        ]
    order = header_order(stage.typed.headers) if stage.typed is not None else None
    if stage.typed is None or stage.snapshot is None or any(p.is_error for p in problems):
        raise DataError(problems, order)
    typed = stage.typed
    remaining = tuple(sorted(problems, key=lambda p: p.sort_key(order)))
    return LoadedFirms(
        frame, typed.source_rows, typed.headers, stage.snapshot, remaining, typed.file_label
    )


def read_typed(path: Path, options: LoadOptions, table: str) -> TypedTable:
    """Read and type one file of ``table`` ("firms" or "patents"): §1.2 and F, H, N, V rules.

    Raises:
        DataError: a file that cannot be read at all (F rules).
    """
    raw = _without_blank_columns(read_table(path, encoding=options.encoding, sheet=options.sheet))
    tokens = value_tokens()
    given_date = option_date(options.snapshot_date, raw.file_label)
    plan = resolve_headers(
        raw.headers,
        raw.file_label,
        tokens.units,
        snapshot_given=given_date is not None,
        table=table,
    )
    problems: list[Problem] = [*raw.notes, *plan.problems]
    cells = {name: _cells(raw, plan, name, tokens.nulls) for name in plan.columns}
    raw, cells = _drop_empty_rows(raw, cells, plan)
    missing = _empty_columns(cells, raw.file_label, problems, table, given_date is not None)
    if table == "firms":
        problems.extend(_core_missing(cells, raw.file_label, plan.refused))
    typer = ColumnTyper(
        Rows(raw.source_rows, raw.file_label, raw.sheet_starts),
        tokens,
        enum_rule="V05" if table == "firms" else None,
    )
    columns, own = _type_columns(cells, typer, totals=table == "firms")
    problems.extend(own)
    snapshot, snapshot_problems = check_snapshot(cells, typer, given_date, options.today)
    problems.extend(snapshot_problems)
    problems = _collapse(problems, cells)
    frame = _frame(columns, snapshot, len(raw.source_rows), table, "snapshot_year" in cells)
    headers = {name: plan.columns[name][1].header for name in cells}
    typed = None
    if snapshot is not None and not missing and not any(p.rule == "H01" for p in problems):
        typed = TypedFirms(
            frame=frame,
            raw=_raw_frame(cells),
            source_rows=raw.source_rows,
            headers=headers,
            file_label=raw.file_label,
            snapshot_date=snapshot,
            sheet_starts=raw.sheet_starts,
        )
    return TypedTable(typed, frame, problems, snapshot)


def _without_blank_columns(raw: RawTable) -> RawTable:
    """Drop columns with neither a header nor a value (trailing commas of spreadsheet exports)."""
    blank = [
        i
        for i, (header, column) in enumerate(zip(raw.headers, raw.columns, strict=True))
        if not header.strip()
        and not pc.any(pc.not_equal(pc.utf8_trim_whitespace(column), "")).as_py()
    ]
    if not blank:
        return raw
    keep = [i for i in range(len(raw.headers)) if i not in blank]
    headers = tuple(raw.headers[i] for i in keep)
    return replace(raw, headers=headers, columns=tuple(raw.columns[i] for i in keep))


def _cells(raw: RawTable, plan: HeaderPlan, name: str, nulls: frozenset[str]) -> Cells:
    position, match = plan.columns[name]
    assert match.spec is not None  # matched headers carry their spec
    column, distinct, indices = encode(raw.columns[position], distinct=name not in MOSTLY_UNIQUE)
    text = normalise(distinct, nulls)
    label = plan.label(name)
    return Cells(name, label, match.spec, distinct, text, indices, match.factor, column)


def _drop_empty_rows(
    raw: RawTable, cells: dict[str, Cells], plan: HeaderPlan
) -> tuple[RawTable, dict[str, Cells]]:
    """Fully empty rows are skipped; the others keep their spreadsheet row numbers."""
    used = {i for i, _ in plan.columns.values()}
    filled = np.zeros(len(raw.source_rows), bool)
    for column in cells.values():
        filled |= column.given
    for i, column in enumerate(raw.columns):
        if i not in used:
            blank = pc.equal(pc.utf8_trim_whitespace(column), "")
            filled |= ~np.asarray(pc.fill_null(blank, True).to_numpy(zero_copy_only=False), bool)
    if filled.all():
        return raw, cells
    if not filled.any():
        reason, fix = "header but no data rows", "add the firms below the header"
        problem = Problem(Location(raw.file_label), None, "F04", Severity.ERROR, reason, fix)
        raise DataError([problem])
    before = np.concatenate([[0], np.cumsum(filled)])
    starts = tuple((int(before[start]), label) for start, label in raw.sheet_starts)
    raw = replace(raw, source_rows=raw.source_rows[filled], sheet_starts=starts)
    return raw, {name: column.keep(filled) for name, column in cells.items()}


def _empty_columns(
    cells: dict[str, Cells], file: str, problems: list[Problem], table: str, dated: bool
) -> list[str]:
    """H08: a column empty on every row is treated as missing (H01 when required).

    ``dated``: ``--snapshot-date`` was given, so an empty snapshot_date column is no loss.
    """
    missing = []
    for name in [name for name, column in cells.items() if not column.given.any()]:
        location = Location(file, 1, cells.pop(name).label)
        required = name in REQUIRED_BY_TABLE[table] and not (name == "snapshot_date" and dated)
        if required:
            missing.append(name)
            reason = f"required column {name} is empty on every row"
            problems.append(Problem(location, None, "H01", Severity.ERROR, reason, "fill it"))
        else:
            reason = "empty on every row; treated as missing"
            fix = "fill it or drop it"
            problems.append(Problem(location, None, "H08", Severity.WARNING, reason, fix))
    return missing


def _core_missing(cells: Mapping[str, Cells], file: str, refused: frozenset[str]) -> list[Problem]:
    """H06: a core column is missing; names the charts left out (not after an H03)."""
    problems = []
    for spec in FIRM_COLUMNS:
        if spec.req != "C" or spec.name in cells or spec.name in refused:
            continue
        if spec.name == "gbt_major" and {"gbt_middle", "gbt_minor"} & set(cells):
            continue  # derived from the finer levels
        reason = f"core column missing; left out: {spec.used_by}"
        fix = f"add {spec.name} ({', '.join(spec.aliases)})" if spec.aliases else "add the column"
        location = Location(file, None, spec.name)
        problems.append(Problem(location, None, "H06", Severity.WARNING, reason, fix))
    return problems


def _type_columns(
    cells: Mapping[str, Cells], typer: ColumnTyper, *, totals: bool
) -> tuple[dict[str, pd.Series], list[Problem]]:
    problems: list[Problem] = []
    identity = [cells[n] for n in ("firm_id", "name_zh") if n in cells] if totals else []
    total_rows = typer.total_rows(identity)
    problems.extend(typer.total_problems(identity, total_rows))
    typed: dict[str, pd.Series] = {}
    for name, column in cells.items():
        if name in ("snapshot_date", "snapshot_year"):
            continue
        result: Typed = (
            typer.firm_ids(column, total_rows) if name == "firm_id" else typer.type_column(column)
        )
        typed[name] = result.series
        problems.extend(result.problems)
    return typed, problems


def _collapse(problems: list[Problem], cells: Mapping[str, Cells]) -> list[Problem]:
    """§3.1: a rule failing on ≥ 50% of a column's values (≥ 20 rows) becomes one line."""
    names = {column.label: name for name, column in cells.items()}
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        column = p.location.column
        if p.location.row is None or column not in names or p.rule in DEDUPED:
            continue
        groups.setdefault((column, p.rule), []).append(p)
    out = list(problems)
    for (column, _rule), group in groups.items():
        total = max(int(cells[names[column]].given.sum()), len(group))
        if len(group) < COLLAPSE_MIN_ROWS or len(group) < COLLAPSE_MIN_SHARE * total:
            continue
        first = min(group, key=Problem.sort_key)
        suffix = COLLAPSE_SUFFIX.format(failing=f"{len(group):,}", nonempty=f"{total:,}")
        fix = COLLAPSE_FIX.format(fix=first.fix) if first.fix else ""
        dropped = {id(p) for p in group}
        out = [p for p in out if id(p) not in dropped]
        out.append(replace(first, reason=first.reason + suffix, fix=fix))
    return out


def _frame(
    columns: Mapping[str, pd.Series],
    snapshot: dt.date | None,
    n_rows: int,
    table: str,
    with_year: bool,
) -> pd.DataFrame:
    """The canonical frame: snapshot columns first, then the spec's order.

    ``snapshot_year`` (a derivable column) is kept only when the file has it, so that a file
    reads back as the frame it was written from; metrics take the year from snapshot_date.
    """
    ordered = column_order(list(columns), table)
    data: dict[str, object] = {}
    stamp = np.datetime64(snapshot.isoformat() if snapshot is not None else "NaT", "ns")
    data["snapshot_date"] = pd.Series(np.full(n_rows, stamp, dtype="datetime64[ns]"))
    if table == "firms" and with_year:  # checked against snapshot_date (N02)
        year = snapshot.year if snapshot is not None else None
        data["snapshot_year"] = pd.Series(pd.array([year] * n_rows, dtype="Int64"))
    for name in ordered:
        data[name] = columns[name].reset_index(drop=True)
    return pd.DataFrame(data, index=pd.RangeIndex(n_rows), copy=False)


def _raw_frame(cells: Mapping[str, Cells]) -> pd.DataFrame:
    """The cells as read, as Arrow-backed ``string`` columns ("" for an empty cell)."""
    columns = {}
    for name, c in cells.items():
        column = c.column if c.column is not None else pc.take(c.raw, pa.array(c.indices))
        columns[name] = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([column])))
    return pd.DataFrame(columns, copy=False)


def header_order(headers: Mapping[str, str]) -> dict[str, int]:
    """Position of each column in the file, under every form a message prints it in.

    data_schema.md §3.1 orders problems by row, then column position; a message names a column
    by its canonical name, its header as written, or ``header=canonical``.
    """
    order: dict[str, int] = {}
    for position, (canonical, written) in enumerate(headers.items()):
        for form in (canonical, written, f"{written}={canonical}"):
            order.setdefault(form, position)
    return order
