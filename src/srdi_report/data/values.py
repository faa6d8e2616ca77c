"""Cell normalisation and typing (data_schema.md §1.2; rules V01–V08, V10), vectorised.

Each column is dictionary-encoded once: normalisation and parsing run with Arrow compute over its
distinct values, and the typed values are spread back to the rows with one numpy ``take``.
Python runs only over the values that failed the vectorised parse (to word their messages),
never over every row.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from srdi_report.data.schema import ColumnSpec, fold
from srdi_report.data.tokens import ValueTokens
from srdi_report.data.validate_messages import COLLAPSE_FIX, COLLAPSE_SUFFIX
from srdi_report.errors import Location, Problem, Severity

COLLAPSE_MIN_ROWS = 20  # §3.1: a column-level line needs ≥ 20 failing rows …
COLLAPSE_MIN_SHARE = 0.5  # … and ≥ half of the column's non-empty values
NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
GROUPED = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"  # thousands separators: 1,234,567.5
FIRM_ID = r"^[0-9A-Z_-]{1,64}$"
FIRM_ID_MAX = 64
CODE_FLOAT = r"^(\d+)\.0+$"  # a code written by a spreadsheet as 3985.0
EXCEL_SERIAL = r"^\d{5}(\.0+)?$"  # a date cell exported as its serial number (1927 … 2173)
EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_LEADING_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(.+)$")
_NULL = pa.scalar(None, pa.string())
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Rows:
    """Where frame rows came from: spreadsheet rows and the file (or sheet) label."""

    source_rows: npt.NDArray[np.int64]
    file_label: str
    sheet_starts: tuple[tuple[int, str], ...] = ()

    def location(self, position: int, column: str | None) -> Location:
        """Location of frame row ``position``."""
        file = self.file_label
        if self.sheet_starts:
            starts = [start for start, _ in self.sheet_starts]
            file = self.sheet_starts[max(bisect.bisect_right(starts, position) - 1, 0)][1]
        return Location(file, int(self.source_rows[position]), column)


@dataclass(frozen=True, eq=False)
class Cells:
    """One input column on its way to a typed column, as distinct values plus row indices."""

    name: str  # canonical (rd_ratio_2024)
    label: str  # as messages print it: <alias>=patents_total
    spec: ColumnSpec
    raw: pa.Array  # distinct cells as read
    text: pa.Array  # the same, NFKC and trimmed; null for empty cells and null tokens
    indices: npt.NDArray[np.int64]  # per row: position in raw/text
    factor: float = 1.0  # header unit conversion (H07)
    column: pa.Array | None = None  # per row, as read (for TypedFirms.raw)

    def raw_at(self, position: int) -> str:
        """The cell of frame row ``position`` as read."""
        return str(self.raw[int(self.indices[position])].as_py())

    def text_at(self, position: int) -> str | None:
        """The normalised cell of frame row ``position`` (None when empty)."""
        value = self.text[int(self.indices[position])].as_py()
        return None if value is None else str(value)

    def rows_where(self, distinct: Mask) -> npt.NDArray[np.intp]:
        """Frame rows whose distinct value is flagged in ``distinct``."""
        if not distinct.any():
            return np.empty(0, np.intp)
        return np.flatnonzero(distinct[self.indices])

    @cached_property
    def given(self) -> Mask:
        """Rows with a non-empty cell."""
        return _mask(pc.is_valid(self.text))[self.indices]

    def keep(self, rows: Mask) -> Cells:
        """The same column restricted to ``rows`` (fully empty rows dropped)."""
        return Cells(
            self.name,
            self.label,
            self.spec,
            self.raw,
            self.text,
            self.indices[rows],
            self.factor,
            None if self.column is None else self.column.filter(pa.array(rows)),
        )


@dataclass(frozen=True, eq=False)
class Typed:
    """A typed column and the problems found in it."""

    series: pd.Series
    problems: list[Problem]


def encode(
    raw: pa.ChunkedArray | pa.Array, *, distinct: bool = True
) -> tuple[pa.Array, pa.Array, npt.NDArray[np.int64]]:
    """The column in one chunk (null read as empty), its distinct values and per-row indices.

    ``distinct=False`` skips the hashing for columns whose values are (nearly) all different
    (ids, names): the "distinct values" are then the rows themselves.
    """
    column = raw.combine_chunks() if isinstance(raw, pa.ChunkedArray) else raw
    if column.null_count:
        column = pc.fill_null(column, "")
    if not distinct:
        return column, column, np.arange(len(column), dtype=np.int64)
    encoded = pc.dictionary_encode(column)
    indices = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return column, encoded.dictionary, indices


def normalise(values: pa.Array, nulls: frozenset[str]) -> pa.Array:
    """NFKC (only when a value is not ASCII), trim, null tokens → null."""
    text = values
    if not pc.all(pc.string_is_ascii(values)).as_py():
        text = pc.utf8_normalize(values, "NFKC")
    text = pc.utf8_trim_whitespace(text)
    is_null = pc.is_in(text, value_set=pa.array(sorted(nulls), pa.string()))
    return pc.if_else(pc.fill_null(is_null, True), _NULL, text)


def _mask(values: pa.ChunkedArray | pa.Array) -> Mask:
    """A boolean Arrow array as numpy, null → False."""
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)


def _strings(distinct: pa.Array, indices: npt.NDArray[np.int64]) -> pd.Series:
    """A ``string`` column from distinct values and row indices."""
    objects = np.asarray(distinct.to_numpy(zero_copy_only=False), dtype=object)
    return pd.Series(pd.array(objects[indices], dtype="string"))


class ColumnTyper:
    """Types the columns of one file; collects their problems."""

    def __init__(self, rows: Rows, tokens: ValueTokens, enum_rule: str | None = "V05") -> None:
        """Type columns of one file.

        ``enum_rule`` is the rule of an unknown enum value, or None to keep the value as
        written (the patents table, whose P03 reports it).
        """
        self.rows = rows
        self.tokens = tokens
        self.enum_rule = enum_rule

    def problem(self, cells: Cells, pos: int, rule: str, reason: str, fix: str) -> Problem:
        """An error or warning at one cell (warnings: V06, V07)."""
        severity = Severity.WARNING if rule in ("V06", "V07") else Severity.ERROR
        location = self.rows.location(pos, cells.label)
        return Problem(location, cells.raw_at(pos), rule, severity, reason, fix)

    def each(
        self, cells: Cells, rows: Iterable[int], make: Callable[[int], Problem]
    ) -> list[Problem]:
        """One problem per failing row, or the column-level line of §3.1.

        The line replaces the rows when the rule fails on at least half of the column's
        non-empty cells (and on 20 rows). It is built before, not after, the per-row problems,
        so that a wrong column mapping costs one line, not a hundred thousand objects.
        """
        positions = [int(p) for p in rows]
        given = int(cells.given.sum())
        if len(positions) >= COLLAPSE_MIN_ROWS and len(positions) >= COLLAPSE_MIN_SHARE * given:
            first = make(positions[0])
            total = max(given, len(positions))
            suffix = COLLAPSE_SUFFIX.format(failing=f"{len(positions):,}", nonempty=f"{total:,}")
            fix = COLLAPSE_FIX.format(fix=first.fix) if first.fix else ""
            return [replace(first, reason=first.reason + suffix, fix=fix)]
        return [make(p) for p in positions]

    def type_column(self, cells: Cells) -> Typed:
        """Dispatch on the column's dtype."""
        kind = cells.spec.dtype
        if kind in ("int", "float"):
            return self.numbers(cells, integer=kind == "int")
        if kind == "date":
            return self.dates(cells)
        if kind == "bool":
            return self.booleans(cells)
        if kind == "enum" and not cells.spec.reference:
            return self.enums(cells)
        if kind == "list_enum":
            return self.enum_lists(cells)
        text = cells.text
        if cells.spec.width:
            text = pc.replace_substring_regex(text, CODE_FLOAT, r"\1")
        return Typed(_strings(text, cells.indices), [])

    # -- numbers ---------------------------------------------------------------------------

    def numbers(self, cells: Cells, *, integer: bool) -> Typed:
        """V01/V02 with thousands separators, trailing % (percent columns), V06 and V07."""
        values, ok = self._fast_numbers(cells.text)
        if ok is None:
            values, ok = self._slow_numbers(cells)
        given = _mask(pc.is_valid(cells.text))
        problems: list[Problem] = []
        bad = np.flatnonzero(given & ~ok)
        if bad.size:
            values[bad] = np.nan
            self._unit_values(cells, bad, values, problems)
        if integer:
            fractional = np.isfinite(values) & (np.mod(np.nan_to_num(values), 1) != 0)
            problems.extend(
                self.each(
                    cells,
                    cells.rows_where(fractional),
                    lambda p: self._not_number(cells, p, integer=True),
                )
            )
            values[fractional] = np.nan
        if cells.factor != 1:
            values = values * cells.factor
        by_row = values[cells.indices]
        if not integer:
            return Typed(pd.Series(by_row, dtype="float64"), problems)
        missing = np.isnan(by_row)
        whole = np.where(missing, 0, np.round(by_row)).astype(np.int64)
        return Typed(pd.Series(pd.arrays.IntegerArray(whole, missing)), problems)

    @staticmethod
    def _fast_numbers(text: pa.Array) -> tuple[npt.NDArray[np.float64], Mask | None]:
        """Arrow's own cast when every value is a plain number (the usual case)."""
        try:
            cast = pc.cast(text, pa.float64())
        except pa.ArrowInvalid:
            return np.empty(0), None
        values = np.array(cast.to_numpy(zero_copy_only=False), dtype=float)
        return values, np.isfinite(values)

    @staticmethod
    def _slow_numbers(cells: Cells) -> tuple[npt.NDArray[np.float64], Mask]:
        """Regex-checked values: thousands separators and a trailing % are accepted."""
        text = cells.text
        if cells.spec.unit == "percent":
            text = pc.replace_substring_regex(text, r"\s*%$", "")
        grouped = _mask(pc.match_substring_regex(text, GROUPED))
        if grouped.any():
            text = pc.if_else(pa.array(grouped), pc.replace_substring(text, ",", ""), text)
        ok = _mask(pc.match_substring_regex(text, NUMBER))
        kept = pc.if_else(pa.array(ok), text, _NULL)
        values = np.array(pc.cast(kept, pa.float64()).to_numpy(zero_copy_only=False), float)
        return values, ok & np.isfinite(values)

    def _unit_values(
        self,
        cells: Cells,
        bad: npt.NDArray[np.intp],
        values: npt.NDArray[np.float64],
        problems: list[Problem],
    ) -> None:
        """Values with unit text: stripped (V06, once per value) or foreign currency (V07)."""
        integer = cells.spec.dtype == "int"
        flagged = np.zeros(len(cells.text), bool)
        flagged[bad] = True
        failing = cells.rows_where(flagged)  # every failing row, in row order
        by_value: dict[int, list[int]] = {}
        for row, index in zip(failing.tolist(), cells.indices[failing].tolist(), strict=True):
            by_value.setdefault(index, []).append(row)
        for index, rows in sorted(by_value.items(), key=lambda item: item[1][0]):
            text = str(cells.text[index].as_py())
            parsed = self._strip_unit(cells.spec, text)
            if parsed is not None:
                values[index] = parsed
                shown = str(int(parsed)) if parsed.is_integer() else repr(parsed)
                count = f"{len(rows):,} rows, first here" if len(rows) > 1 else "1 row"
                reason = f"unit text stripped, read as {shown} on {count}"
                problems.append(
                    self.problem(cells, rows[0], "V06", reason, "write the number only")
                )
            elif cells.spec.unit and self._is_foreign(text) and self._is_money(cells.spec):
                problems.extend(self.each(cells, rows, lambda p: self._foreign(cells, p)))
            else:
                problems.extend(
                    self.each(cells, rows, lambda p: self._not_number(cells, p, integer=integer))
                )

    def _foreign(self, cells: Cells, pos: int) -> Problem:
        reason = "amount in a foreign currency; left empty and out of capital metrics"
        fix = f"convert it to {cells.spec.unit} RMB"
        return self.problem(cells, pos, "V07", reason, fix)

    def _is_money(self, spec: ColumnSpec) -> bool:
        """A money unit is one that other units convert into (yuan, 100m yuan → 10k yuan)."""
        return any(
            factor != 1.0
            for units in self.tokens.units.values()
            for unit, factor in units.items()
            if unit == spec.unit
        )

    def _strip_unit(self, spec: ColumnSpec, text: str) -> float | None:
        found = _LEADING_NUMBER.match(text)
        if not found or not spec.unit:
            return None
        unit = fold(found.group(2))
        if self.tokens.units.get(unit, {}).get(spec.unit) == 1.0:
            return float(found.group(1))
        return None

    def _is_foreign(self, text: str) -> bool:
        folded = fold(text)
        return any(token in folded for token in self.tokens.currencies)

    def _not_number(self, cells: Cells, pos: int, *, integer: bool) -> Problem:
        text = cells.text_at(pos) or ""
        if fold(text) in self.tokens.numeric_none:
            fix = "write 0, or leave the cell empty"
        else:
            fix = "write digits, e.g. 12" if integer else "write digits, e.g. 12.5"
        if integer:
            return self.problem(cells, pos, "V01", "not a whole number", fix)
        return self.problem(cells, pos, "V02", "not a number", fix)

    # -- dates -----------------------------------------------------------------------------

    def date_patterns(self) -> tuple[str, ...]:
        """Regexes with groups y, m and optionally d, in the order they are tried."""
        marks = self.tokens.date_marks
        year, month, day = (re.escape(marks[k]) for k in ("year", "month", "day"))
        time = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
        return (
            rf"^(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}}){time}$",
            r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$",
            rf"^(?P<y>\d{{4}}){year}(?P<m>\d{{1,2}}){month}(?P<d>\d{{1,2}}){day}?$",
            r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})$",
            rf"^(?P<y>\d{{4}}){year}(?P<m>\d{{1,2}}){month}$",
        )

    def parse_dates(self, text: pa.Array) -> tuple[npt.NDArray[np.datetime64], Mask]:
        """Dates of §1.2 → datetime64[ns] (NaT when not a date) and the 'unreadable' mask."""
        n = len(text)
        given = _mask(pc.is_valid(text))
        try:  # ISO dates, checked by Arrow (2023-02-30 fails): the usual case, fast
            iso = pc.cast(text, pa.date32()).to_numpy(zero_copy_only=False)
            return np.asarray(iso, dtype="datetime64[ns]"), np.zeros(n, bool)
        except pa.ArrowInvalid:
            pass
        year = np.zeros(n, np.int64)
        month = np.ones(n, np.int64)
        day = np.ones(n, np.int64)
        matched = np.zeros(n, bool)
        for pattern in self.date_patterns():
            found = pc.extract_regex(text, pattern)
            hit = _mask(pc.is_valid(found)) & ~matched
            if not hit.any():
                continue
            names = [found.type.field(i).name for i in range(found.type.num_fields)]
            for name, target in (("y", year), ("m", month), ("d", day)):
                if name in names:
                    part = pc.if_else(pa.array(hit), found.field(names.index(name)), _NULL)
                    numbers = pc.cast(part, pa.int64()).to_numpy(zero_copy_only=False)
                    target[hit] = np.asarray(numbers)[hit]
            matched |= hit
        dates = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
        if matched.any():
            table = pd.DataFrame({"year": year, "month": month, "day": day})[matched]
            dates[matched] = pd.to_datetime(table, errors="coerce").to_numpy()
        serial = _mask(pc.match_substring_regex(text, EXCEL_SERIAL)) & ~matched
        if serial.any():
            days = pc.cast(pc.if_else(pa.array(serial), text, _NULL), pa.float64())
            offsets = np.asarray(days.to_numpy(zero_copy_only=False))[serial].astype(np.int64)
            dates[serial] = (EXCEL_EPOCH + offsets.astype("timedelta64[D]")).astype(dates.dtype)
        return dates, given & np.isnat(dates)

    def dates(self, cells: Cells) -> Typed:
        """V03: not a date, or an impossible one (2023-02-30)."""
        dates, bad = self.parse_dates(cells.text)
        fix = "write YYYY-MM-DD, e.g. 2023-03-01"
        problems = self.each(
            cells, cells.rows_where(bad), lambda p: self.problem(cells, p, "V03", "not a date", fix)
        )
        return Typed(pd.Series(dates[cells.indices], dtype="datetime64[ns]"), problems)

    # -- booleans and enums ----------------------------------------------------------------

    @staticmethod
    def _lookup(text: pa.Array, keys: list[str]) -> tuple[npt.NDArray[np.int64], Mask]:
        """Index of each value (ASCII-lower-cased) in ``keys``; -1 when absent."""
        index = pc.index_in(pc.ascii_lower(text), value_set=pa.array(keys, pa.string()))
        found = np.asarray(pc.fill_null(index, -1).to_numpy(zero_copy_only=False), np.int64)
        return found, _mask(pc.is_valid(text)) & (found < 0)

    def booleans(self, cells: Cells) -> Typed:
        """V04; null → False for the presence flags (null_policy ``false``)."""
        table = self.tokens.booleans()
        found, bad = self._lookup(cells.text, list(table))
        flags = np.array(list(table.values()), dtype=bool)
        by_row = found[cells.indices]
        values = pd.arrays.BooleanArray(flags[np.maximum(by_row, 0)], by_row < 0)
        series = pd.Series(values)
        if cells.spec.null_policy == "false":
            series = series.fillna(False)
        fix = "write true or false"
        problems = self.each(
            cells,
            cells.rows_where(bad),
            lambda p: self.problem(cells, p, "V04", "not a yes/no value", fix),
        )
        return Typed(series, problems)

    def enums(self, cells: Cells) -> Typed:
        """V05 for the listed enums; Chinese labels and English keys of any case are read."""
        labels = dict(cells.spec.labels)
        found, bad = self._lookup(cells.text, list(labels))
        keys = np.array([*labels.values(), None], dtype=object)
        distinct = pa.array(keys[np.where(found >= 0, found, len(labels))], pa.string())
        if self.enum_rule is None:
            distinct = pc.if_else(pa.array(bad), cells.text, distinct)
            return Typed(_strings(distinct, cells.indices), [])
        series = _strings(distinct, cells.indices)
        if cells.spec.null_policy == "none":
            series = series.fillna("none")
        problems = self.each(
            cells,
            cells.rows_where(bad),
            lambda p: self._not_allowed(cells, p, cells.text_at(p) or ""),
        )
        return Typed(series, problems)

    def _not_allowed(self, cells: Cells, pos: int, value: str) -> Problem:
        allowed = ", ".join(cells.spec.allowed)
        near = difflib.get_close_matches(fold(value), list(cells.spec.labels), n=1, cutoff=0.5)
        fix = f"did you mean {near[0]}?" if near else "write one of the allowed values"
        reason = f"not an allowed value of {cells.spec.name} ({allowed})"
        return self.problem(cells, pos, self.enum_rule or "V05", reason, fix)

    def enum_lists(self, cells: Cells) -> Typed:
        """``;``-separated enum keys (listing_board); stored in the spec's order, ``;``-joined."""
        order = {key: i for i, key in enumerate(cells.spec.allowed)}
        mapped: list[str | None] = []
        failed: list[str | None] = []
        for value in cells.text.to_pylist():
            parts = [p.strip() for p in re.split(r"[;,|]", value or "") if p.strip()]
            keys = [cells.spec.enum_key(p) for p in parts]
            bad = next((p for p, k in zip(parts, keys, strict=True) if k is None), None)
            failed.append(bad)
            good = sorted({k for k in keys if k is not None}, key=order.__getitem__)
            mapped.append(None if bad is not None or not good else ";".join(good))
        series = _strings(pa.array(mapped, pa.string()), cells.indices)
        if cells.spec.null_policy == "none":
            series = series.where(cells.given | series.notna(), "none")
        flagged = np.array([f is not None for f in failed], dtype=bool)
        problems = self.each(
            cells,
            cells.rows_where(flagged),
            lambda p: self._not_allowed(cells, p, failed[int(cells.indices[p])] or ""),
        )
        return Typed(series, problems)

    # -- identity --------------------------------------------------------------------------

    def firm_ids(self, cells: Cells, totals: Mask) -> Typed:
        """Upper-case firm ids; V08 outside totals rows (V10 reports those)."""
        text = pc.utf8_upper(cells.text)
        ok = _mask(pc.match_substring_regex(text, FIRM_ID))

        def bad_id(pos: int) -> Problem:
            value = text[int(cells.indices[pos])].as_py()
            if value is None:
                reason = "firm id is empty"
            elif len(value) > FIRM_ID_MAX:
                reason = f"firm id longer than {FIRM_ID_MAX} characters"
            else:
                reason = "firm id has characters outside 0-9, A-Z, _ and -"
            return self.problem(cells, pos, "V08", reason, "correct the id")

        problems = self.each(cells, np.flatnonzero(~ok[cells.indices] & ~totals), bad_id)
        return Typed(_strings(text, cells.indices), problems)

    def total_rows(self, columns: list[Cells]) -> Mask:
        """Rows whose firm_id or name_zh is a totals word (Total …): V10."""
        totals = pa.array(sorted(self.tokens.total_rows), pa.string())
        hit = np.zeros(len(self.rows.source_rows), bool)
        for cells in columns:
            hit |= _mask(pc.is_in(pc.ascii_lower(cells.text), value_set=totals))[cells.indices]
        return hit

    def total_problems(self, columns: list[Cells], hit: Mask) -> list[Problem]:
        """One V10 error per totals row, at the first column that says so."""
        problems = []
        for pos in np.flatnonzero(hit).tolist():
            for cells in columns:
                value = cells.text_at(pos)
                if value is not None and fold(value) in self.tokens.total_rows:
                    reason = "a totals row, not a firm"
                    problems.append(self.problem(cells, pos, "V10", reason, "delete the row"))
                    break
        return problems
