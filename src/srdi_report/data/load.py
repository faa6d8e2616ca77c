"""Load one firm snapshot: read, match headers, normalise and type values, validate.

``load_firms`` applies data_schema.md §1.2 and the F, H, N, V01–V08 and V10 rules, then calls
``validate.validate_firms`` for the rest. It writes nothing; any error raises ``DataError`` with
every problem found, and warnings come back on the result (errors too, with ``strict``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from srdi_report.data.headers import HeaderPlan, resolve_headers
from srdi_report.data.readers import RawTable, read_table
from srdi_report.data.schema import ColumnSpec, column_order, firm_column
from srdi_report.data.tokens import value_tokens
from srdi_report.data.typed import TypedFirms
from srdi_report.data.validate import validate_firms
from srdi_report.data.validate_messages import COLLAPSE_FIX, COLLAPSE_SUFFIX
from srdi_report.data.values import Cells, ColumnTyper, Rows, Typed, normalise
from srdi_report.errors import DataError, Location, Problem, Severity

SNAPSHOT_MIN = dt.date(2011, 1, 1)  # N03: the first SRDI lists
COLLAPSE_MIN_ROWS = 20  # §3.1: a column-level line needs ≥ 20 failing rows …
COLLAPSE_MIN_SHARE = 0.5  # … and ≥ half of the column's non-empty values
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


def load_firms(path: Path | str, options: LoadOptions | None = None) -> LoadedFirms:
    """Read, type and validate one firm file.

    Raises:
        DataError: any error (F, H, N, V, R, U, X, G, I rules), or any warning with ``strict``;
            it carries every problem found, warnings included.
    """
    options = options or LoadOptions()
    raw = read_table(Path(path), encoding=options.encoding, sheet=options.sheet)
    tokens = value_tokens()
    given_date = _option_date(options, raw.file_label)
    plan = resolve_headers(
        raw.headers, raw.file_label, tokens.units, snapshot_given=given_date is not None
    )
    problems: list[Problem] = [*raw.notes, *plan.problems]
    texts = {name: normalise(raw.columns[i], tokens.nulls) for name, (i, _) in plan.columns.items()}
    raw, texts = _drop_empty_rows(raw, texts, plan)
    rows = Rows(raw.source_rows, raw.file_label, raw.sheet_starts)
    plan, texts, missing = _empty_columns(plan, texts, raw.file_label, problems)
    problems.extend(_core_missing(plan, raw.file_label))
    typer = ColumnTyper(rows, tokens)
    cells = {
        name: Cells(
            name,
            plan.label(name),
            _spec_of(plan, name),
            raw.columns[i],
            texts[name],
            plan.columns[name][1].factor,
        )
        for name, (i, _) in plan.columns.items()
    }
    typed_columns, own = _type_columns(cells, typer)
    problems.extend(own)
    snapshot, snapshot_problems = _snapshot(cells, typer, given_date, options, raw.file_label)
    problems.extend(snapshot_problems)
    nonempty = {name: int(pc.sum(pc.is_valid(texts[name])).as_py() or 0) for name in texts}
    problems = _collapse(problems, nonempty, plan)
    frame = _frame(typed_columns, snapshot, len(raw.source_rows))
    headers = {name: match.header for name, (_, match) in plan.columns.items()}
    ready = snapshot is not None and not any(p.rule in ("H01",) for p in problems) and not missing
    if ready:
        assert snapshot is not None
        typed = TypedFirms(
            frame=frame,
            raw=_raw_frame(cells),
            source_rows=raw.source_rows,
            headers=headers,
            file_label=raw.file_label,
            snapshot_date=snapshot,
            sheet_starts=raw.sheet_starts,
        )
        outcome = validate_firms(typed)
        frame = outcome.frame
        problems.extend(outcome.problems)
    if options.strict:
        problems = [
            replace(p, severity=Severity.ERROR) if p.severity is Severity.WARNING else p
            for p in problems
        ]
    if any(p.is_error for p in problems) or snapshot is None:
        raise DataError(problems)
    kept = tuple(sorted(problems, key=Problem.sort_key))
    return LoadedFirms(frame, raw.source_rows, headers, snapshot, kept, raw.file_label)


def _spec_of(plan: HeaderPlan, name: str) -> ColumnSpec:
    spec = plan.columns[name][1].spec
    assert spec is not None  # matched headers carry their spec
    return spec


def _option_date(options: LoadOptions, file: str) -> dt.date | None:
    value = options.snapshot_date
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        problem = Problem(
            Location(file),
            value,
            "N01",
            Severity.ERROR,
            "--snapshot-date is not a date",
            "write it as YYYY-MM-DD, e.g. 2026-02-28",
        )
        raise DataError([problem]) from None


def _drop_empty_rows(
    raw: RawTable, texts: dict[str, pa.ChunkedArray], plan: HeaderPlan
) -> tuple[RawTable, dict[str, pa.ChunkedArray]]:
    """Fully empty rows are skipped; the others keep their spreadsheet row numbers."""
    used = {i for i, _ in plan.columns.values()}
    filled = np.zeros(len(raw.source_rows), bool)
    for text in texts.values():
        filled |= np.asarray(pc.is_valid(text).to_numpy(zero_copy_only=False), bool)
    for i, column in enumerate(raw.columns):
        if i not in used:
            blank = pc.equal(pc.utf8_trim_whitespace(column), "")
            filled |= ~np.asarray(pc.fill_null(blank, True).to_numpy(zero_copy_only=False), bool)
    if filled.all():
        return raw, texts
    if not filled.any():
        problem = Problem(
            Location(raw.file_label),
            None,
            "F04",
            Severity.ERROR,
            "header but no data rows",
            "add the firms below the header",
        )
        raise DataError([problem])
    keep = pa.array(filled)
    before = np.concatenate([[0], np.cumsum(filled)])
    starts = tuple((int(before[start]), label) for start, label in raw.sheet_starts)
    raw = replace(
        raw,
        columns=tuple(pc.filter(c, keep) for c in raw.columns),
        source_rows=raw.source_rows[filled],
        sheet_starts=starts,
    )
    return raw, {name: pc.filter(text, keep) for name, text in texts.items()}


def _empty_columns(
    plan: HeaderPlan, texts: dict[str, pa.ChunkedArray], file: str, problems: list[Problem]
) -> tuple[HeaderPlan, dict[str, pa.ChunkedArray], list[str]]:
    """H08: a column empty on every row is treated as missing (H01 if required)."""
    from srdi_report.data.headers import REQUIRED, missing_required

    empty = [name for name, text in texts.items() if text.null_count == len(text)]
    for name in empty:
        reason = "empty on every row; treated as missing"
        location = Location(file, 1, plan.label(name))
        problems.append(
            Problem(location, None, "H08", Severity.WARNING, reason, "fill it or drop it")
        )
    missing = [name for name in empty if name in REQUIRED]
    problems.extend(missing_required(name, file, []) for name in missing)
    columns = {k: v for k, v in plan.columns.items() if k not in empty}
    return (
        HeaderPlan(columns, plan.problems),
        {k: v for k, v in texts.items() if k not in empty},
        missing,
    )


def _core_missing(plan: HeaderPlan, file: str) -> list[Problem]:
    """H06: a core column is missing; names the charts left out."""
    from srdi_report.data.schema import FIRM_COLUMNS

    present = set(plan.columns)
    problems = []
    for spec in FIRM_COLUMNS:
        if spec.req != "C" or spec.name in present:
            continue
        if spec.name == "gbt_major" and present & {"gbt_middle", "gbt_minor"}:
            continue  # derivable from the finer levels
        reason = f"core column missing; left out: {spec.used_by}"
        fix = f"add {spec.name} ({', '.join(spec.aliases)})" if spec.aliases else "add the column"
        location = Location(file, None, spec.name)
        problems.append(Problem(location, None, "H06", Severity.WARNING, reason, fix))
    return problems


def _type_columns(
    cells: Mapping[str, Cells], typer: ColumnTyper
) -> tuple[dict[str, pd.Series], list[Problem]]:
    problems: list[Problem] = []
    identity = [cells[name] for name in ("firm_id", "name_zh") if name in cells]
    totals = typer.total_rows(identity)
    problems.extend(typer.total_problems(identity, totals))
    typed: dict[str, pd.Series] = {}
    for name, column in cells.items():
        if name in ("snapshot_date", "snapshot_year"):
            continue
        result: Typed = (
            typer.firm_ids(column, totals) if name == "firm_id" else typer.type_column(column)
        )
        typed[name] = result.series
        problems.extend(result.problems)
    return typed, problems


def _snapshot(
    cells: Mapping[str, Cells],
    typer: ColumnTyper,
    given: dt.date | None,
    options: LoadOptions,
    file: str,
) -> tuple[dt.date | None, list[Problem]]:
    """N01–N04: one snapshot date per file, in range, agreeing with the option and the year."""
    problems: list[Problem] = []

    def whole(rule: str, value: str | None, reason: str, fix: str, column: str | None) -> None:
        problems.append(
            Problem(Location(file, None, column), value, rule, Severity.ERROR, reason, fix)
        )

    snapshot = given
    if "snapshot_date" in cells:
        column = cells["snapshot_date"]
        dates, bad = typer.parse_dates(column.text)
        for pos in np.flatnonzero(bad):
            problems.append(
                typer.problem(
                    column, int(pos), "N01", "not a date", "write YYYY-MM-DD, e.g. 2026-02-28"
                )
            )
        days = dates.dt.date
        empty = dates.isna().to_numpy() & ~bad
        if empty.any() and given is None:
            for pos in np.flatnonzero(empty):
                problems.append(
                    typer.problem(
                        column,
                        int(pos),
                        "N01",
                        "snapshot date is empty",
                        "fill it, or pass --snapshot-date",
                    )
                )
        counts = Counter(d for d in days[dates.notna()])
        if len(counts) > 1:
            listing = ", ".join(f"{d.isoformat()} ({n:,} rows)" for d, n in sorted(counts.items()))
            whole(
                "N01",
                None,
                f"{len(counts)} snapshot dates: {listing}",
                "split the file by snapshot_date: one file per snapshot",
                column.label,
            )
            snapshot = None
        elif counts:
            found = next(iter(counts))
            if given is not None and found != given:
                whole(
                    "N04",
                    found.isoformat(),
                    f"the column says {found.isoformat()}, "
                    f"--snapshot-date says {given.isoformat()}",
                    "drop the option or correct the column",
                    column.label,
                )
            snapshot = found if given is None else given
        if problems and any(p.rule == "N01" for p in problems):
            snapshot = None
    if snapshot is not None:
        label = cells["snapshot_date"].label if "snapshot_date" in cells else None
        shown = snapshot.isoformat()
        if snapshot < SNAPSHOT_MIN:
            whole(
                "N03",
                shown,
                f"snapshot date before {SNAPSHOT_MIN.isoformat()}",
                "correct the date",
                label,
            )
        if options.today is not None and snapshot > options.today:
            whole(
                "N03",
                shown,
                f"snapshot date after today ({options.today.isoformat()})",
                "correct the date",
                label,
            )
        if "snapshot_year" in cells:
            problems.extend(_snapshot_year(cells["snapshot_year"], typer, snapshot))
    return snapshot, problems


def _snapshot_year(column: Cells, typer: ColumnTyper, snapshot: dt.date) -> list[Problem]:
    """N02: snapshot_year ≠ year(snapshot_date); unreadable years are V01."""
    typed = typer.numbers(column, integer=True)
    years = typed.series
    wrong = years.notna().to_numpy() & (years.fillna(snapshot.year).to_numpy() != snapshot.year)
    problems = list(typed.problems)
    for pos in np.flatnonzero(wrong):
        reason = f"snapshot_year {years.iloc[int(pos)]} ≠ year of snapshot_date {snapshot.year}"
        problems.append(
            typer.problem(column, int(pos), "N02", reason, "correct it or drop the column")
        )
    return problems


def _collapse(
    problems: list[Problem], nonempty: Mapping[str, int], plan: HeaderPlan
) -> list[Problem]:
    """§3.1: a rule failing on ≥ 50% of a column's values (≥ 20 rows) becomes one line."""
    names = {plan.label(name): name for name in plan.columns}
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        column = p.location.column
        if p.location.row is None or column not in names or p.rule in DEDUPED:
            continue
        groups.setdefault((column, p.rule), []).append(p)
    out = list(problems)
    for (column, _rule), group in groups.items():
        total = max(nonempty.get(names[column], 0), len(group))
        if len(group) < COLLAPSE_MIN_ROWS or len(group) < COLLAPSE_MIN_SHARE * total:
            continue
        first = min(group, key=Problem.sort_key)
        reason = first.reason + COLLAPSE_SUFFIX.format(
            failing=f"{len(group):,}", nonempty=f"{total:,}"
        )
        fix = COLLAPSE_FIX.format(fix=first.fix) if first.fix else ""
        dropped = {id(p) for p in group}
        out = [p for p in out if id(p) not in dropped]
        out.append(replace(first, reason=reason, fix=fix))
    return out


def _frame(columns: Mapping[str, pd.Series], snapshot: dt.date | None, n_rows: int) -> pd.DataFrame:
    """The canonical frame: snapshot columns first, then the spec's order."""
    ordered = column_order([name for name in columns if firm_column(name)])
    data: dict[str, object] = {}
    stamp = pd.Timestamp(snapshot) if snapshot is not None else pd.NaT
    data["snapshot_date"] = pd.Series(np.full(n_rows, stamp, dtype="datetime64[ns]"))
    year = snapshot.year if snapshot is not None else None
    data["snapshot_year"] = pd.Series(pd.array([year] * n_rows, dtype="Int64"))
    for name in ordered:
        data[name] = columns[name].reset_index(drop=True)
    return pd.DataFrame(data, index=pd.RangeIndex(n_rows))


def _raw_frame(cells: Mapping[str, Cells]) -> pd.DataFrame:
    """The cells as read, as ``string`` columns (Arrow-backed: no copy per cell)."""
    return pd.DataFrame(
        {name: pd.Series(pd.arrays.ArrowStringArray(c.raw)) for name, c in cells.items()}
    )
