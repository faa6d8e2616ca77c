"""Cell normalisation and typing (data_schema.md §1.2; rules V01–V08, V10), vectorised.

Every column is handled with Arrow compute over the whole column; Python runs only over the
cells that failed the vectorised parse (to word their messages), never over every row.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from srdi_report.data.schema import ColumnSpec, fold
from srdi_report.data.tokens import ValueTokens
from srdi_report.errors import Location, Problem, Severity

NUMBER = r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$"
GROUPED = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"  # thousands separators: 1,234,567.5
FIRM_ID = r"^[0-9A-Z_-]{1,64}$"
FIRM_ID_MAX = 64
CODE_FLOAT = r"^(\d+)\.0+$"  # a code written by a spreadsheet as 3985.0
EXCEL_SERIAL = r"^\d{5}(\.0+)?$"  # a date cell exported as its serial number (1927 … 2173)
EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_LEADING_NUMBER = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(.+)$")
_NULL = pa.scalar(None, pa.string())


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
    """One input column on its way to a typed column."""

    name: str  # canonical (rd_ratio_2024)
    label: str  # as messages print it: 专利总量=patents_total
    spec: ColumnSpec
    raw: pa.ChunkedArray  # as read
    text: pa.ChunkedArray  # NFKC, trimmed; null for empty cells and null tokens
    factor: float = 1.0  # header unit conversion (H07)


@dataclass(frozen=True, eq=False)
class Typed:
    """A typed column and the problems found in it."""

    series: pd.Series
    problems: list[Problem]


def normalise(raw: pa.ChunkedArray, nulls: frozenset[str]) -> pa.ChunkedArray:
    """NFKC (only when a cell is not ASCII), trim, null tokens → null."""
    text = raw
    if not pc.all(pc.string_is_ascii(raw)).as_py():
        text = pc.utf8_normalize(raw, "NFKC")
    text = pc.utf8_trim_whitespace(text)
    is_null = pc.or_kleene(pc.is_in(text, value_set=pa.array(sorted(nulls))), pc.equal(text, ""))
    return pc.if_else(pc.fill_null(is_null, True), _NULL, text)


def _mask(values: pa.ChunkedArray | pa.Array) -> npt.NDArray[np.bool_]:
    """A boolean Arrow array as numpy, null → False."""
    return np.asarray(pc.fill_null(values, False).to_numpy(zero_copy_only=False), dtype=bool)


def _strings(values: pa.ChunkedArray) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(values)).astype("string")


class ColumnTyper:
    """Types the columns of one file; collects their problems."""

    def __init__(self, rows: Rows, tokens: ValueTokens) -> None:
        self.rows = rows
        self.tokens = tokens

    def problem(self, cells: Cells, pos: int, rule: str, reason: str, fix: str) -> Problem:
        """An error or warning at one cell (warnings: V06, V07)."""
        severity = Severity.WARNING if rule in ("V06", "V07") else Severity.ERROR
        value = cells.raw[pos].as_py()
        return Problem(self.rows.location(pos, cells.label), value, rule, severity, reason, fix)

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
        return Typed(_strings(text), [])

    # -- numbers ---------------------------------------------------------------------------

    def numbers(self, cells: Cells, *, integer: bool) -> Typed:
        """V01/V02 with thousands separators, trailing % (percent columns), V06 and V07."""
        text = cells.text
        if cells.spec.unit == "percent":
            text = pc.replace_substring_regex(text, r"\s*%$", "")
        grouped = _mask(pc.match_substring_regex(text, GROUPED))
        if grouped.any():
            text = pc.if_else(pa.array(grouped), pc.replace_substring(text, ",", ""), text)
        ok = _mask(pc.match_substring_regex(text, NUMBER))
        given = _mask(pc.is_valid(text))
        kept = pc.if_else(pa.array(ok), text, _NULL)
        values = np.asarray(pc.cast(kept, pa.float64()).to_numpy(zero_copy_only=False), float)
        problems: list[Problem] = []
        for pos, value in self._unit_cells(cells, np.flatnonzero(given & ~ok), problems).items():
            values[pos] = value
        if integer:
            fractional = np.flatnonzero(np.isfinite(values) & (np.mod(values, 1) != 0))
            problems.extend(self._not_number(cells, int(p), integer=True) for p in fractional)
            values[fractional] = np.nan
        values = values * cells.factor if cells.factor != 1 else values
        series = pd.Series(values, dtype="float64")
        return Typed(series.round().astype("Int64") if integer else series, problems)

    def _unit_cells(
        self, cells: Cells, bad: npt.NDArray[np.intp], problems: list[Problem]
    ) -> dict[int, float]:
        """Cells with unit text: stripped (V06, once per value) or foreign currency (V07)."""
        recovered: dict[int, float] = {}
        by_value: dict[str, list[int]] = defaultdict(list)
        integer = cells.spec.dtype == "int"
        for pos in bad:
            text = cells.text[int(pos)].as_py()
            parsed = self._strip_unit(cells.spec, text)
            if parsed is not None:
                by_value[text].append(int(pos))
                recovered[int(pos)] = parsed
            elif cells.spec.unit == "万元" and self._is_foreign(text):
                reason = "amount in a foreign currency; left empty and out of capital metrics"
                fix = f"convert it to {cells.spec.unit} RMB"
                problems.append(self.problem(cells, int(pos), "V07", reason, fix))
            else:
                problems.append(self._not_number(cells, int(pos), integer=integer))
        for positions in by_value.values():
            number = recovered[positions[0]]
            shown = f"{number:g}" if number != int(number) else str(int(number))
            reason = f"unit text stripped, read as {shown} on {len(positions):,} rows, first here"
            problems.append(
                self.problem(cells, positions[0], "V06", reason, "write the number only")
            )
        return recovered

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
        text = cells.text[pos].as_py() or ""
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

    def parse_dates(self, text: pa.ChunkedArray) -> tuple[pd.Series, npt.NDArray[np.bool_]]:
        """Dates of §1.2 → datetime64[ns] (NaT when not a date) and the 'unreadable' mask."""
        n = len(text)
        year = np.zeros(n, np.int64)
        month = np.ones(n, np.int64)
        day = np.ones(n, np.int64)
        matched = np.zeros(n, bool)
        for pattern in self.date_patterns():
            found = pc.extract_regex(text, pattern)
            hit = _mask(pc.is_valid(found)) & ~matched
            if not hit.any():
                continue
            parts = found.combine_chunks() if isinstance(found, pa.ChunkedArray) else found
            names = [parts.type.field(i).name for i in range(parts.type.num_fields)]
            for name, target in (("y", year), ("m", month), ("d", day)):
                if name in names:
                    field = parts.field(names.index(name))
                    numbers = pc.cast(pc.if_else(pa.array(hit), field, _NULL), pa.int64())
                    target[hit] = np.asarray(numbers.to_numpy(zero_copy_only=False))[hit]
            matched |= hit
        table = pd.DataFrame({"year": year, "month": month, "day": day})[matched]
        dates = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
        if matched.any():
            dates[matched] = pd.to_datetime(table, errors="coerce").to_numpy()
        serial = _mask(pc.match_substring_regex(text, EXCEL_SERIAL)) & ~matched
        if serial.any():
            days = np.asarray(
                pc.cast(pc.if_else(pa.array(serial), text, _NULL), pa.float64()).to_numpy(
                    zero_copy_only=False
                )
            )
            dates[serial] = (EXCEL_EPOCH + days[serial].astype("timedelta64[D]")).astype(
                "datetime64[ns]"
            )
            matched |= serial
        given = _mask(pc.is_valid(text))
        return dates, given & dates.isna().to_numpy()

    def dates(self, cells: Cells) -> Typed:
        """V03: not a date, or an impossible one (2023-02-30)."""
        dates, bad = self.parse_dates(cells.text)
        fix = "write YYYY-MM-DD, e.g. 2023-03-01"
        problems = [
            self.problem(cells, int(p), "V03", "not a date", fix) for p in np.flatnonzero(bad)
        ]
        return Typed(dates, problems)

    # -- booleans and enums ----------------------------------------------------------------

    def _lookup(
        self, text: pa.ChunkedArray, table: dict[str, object]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
        """Index of each cell (ASCII-lower-cased) in ``table``'s keys; -1 when absent."""
        keys = list(table)
        index = pc.index_in(pc.ascii_lower(text), value_set=pa.array(keys, pa.string()))
        found = np.asarray(pc.fill_null(index, -1).to_numpy(zero_copy_only=False), np.int64)
        return found, _mask(pc.is_valid(text)) & (found < 0)

    def booleans(self, cells: Cells) -> Typed:
        """V04; null → False for the presence flags (null_policy ``false``)."""
        table = self.tokens.booleans()
        found, bad = self._lookup(cells.text, dict(table))
        flags = np.array(list(table.values()), dtype=bool)
        values = pd.array(np.where(found >= 0, flags[np.maximum(found, 0)], False), "boolean")
        values[found < 0] = pd.NA
        series = pd.Series(values)
        if cells.spec.null_policy == "false":
            series = series.fillna(False)
        fix = "write true or false"
        problems = [
            self.problem(cells, int(p), "V04", "not a yes/no value", fix)
            for p in np.flatnonzero(bad)
        ]
        return Typed(series, problems)

    def enums(self, cells: Cells) -> Typed:
        """V05 for the listed enums; Chinese labels and English keys of any case are read."""
        labels = dict(cells.spec.labels)
        found, bad = self._lookup(cells.text, dict(labels))
        keys = np.array([*list(labels.values()), None], dtype=object)
        series = pd.Series(keys[np.where(found >= 0, found, len(labels))], dtype="string")
        if cells.spec.null_policy == "none":
            series = series.fillna("none")
        problems = [
            self._not_allowed(cells, int(p), cells.text[int(p)].as_py())
            for p in np.flatnonzero(bad)
        ]
        return Typed(series, problems)

    def _not_allowed(self, cells: Cells, pos: int, value: str) -> Problem:
        allowed = ", ".join(cells.spec.allowed)
        near = difflib.get_close_matches(fold(value), list(cells.spec.labels), n=1, cutoff=0.5)
        fix = f"did you mean {near[0]}?" if near else "write one of the allowed values"
        reason = f"not an allowed value of {cells.spec.name} ({allowed})"
        return self.problem(cells, pos, "V05", reason, fix)

    def enum_lists(self, cells: Cells) -> Typed:
        """``;``-separated enum keys (listing_board); stored in the spec's order, ``;``-joined."""
        encoded = pc.dictionary_encode(cells.text).combine_chunks()
        order = {key: i for i, key in enumerate(cells.spec.allowed)}
        mapped: list[str | None] = []
        failed: list[str | None] = []
        for value in encoded.dictionary.to_pylist():
            parts = [p.strip() for p in re.split(r"[;,|]", value) if p.strip()]
            keys = [cells.spec.enum_key(p) for p in parts]
            bad = next((p for p, k in zip(parts, keys, strict=True) if k is None), None)
            failed.append(bad)
            good = sorted({k for k in keys if k is not None}, key=order.__getitem__)
            mapped.append(None if bad is not None or not good else ";".join(good))
        codes = np.asarray(
            pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False), np.int64
        )
        lookup = np.array([*mapped, None], dtype=object)
        series = pd.Series(lookup[np.where(codes >= 0, codes, len(mapped))], dtype="string")
        if cells.spec.null_policy == "none":
            series = series.where(codes >= 0, "none")
        problems = []
        for pos in np.flatnonzero(codes >= 0):
            part = failed[codes[pos]]
            if part is not None:
                problems.append(self._not_allowed(cells, int(pos), part))
        return Typed(series, problems)

    # -- identity --------------------------------------------------------------------------

    def firm_ids(self, cells: Cells, totals: npt.NDArray[np.bool_]) -> Typed:
        """Upper-case firm ids; V08 outside totals rows (V10 reports those)."""
        text = pc.utf8_upper(cells.text)
        ok = _mask(pc.match_substring_regex(text, FIRM_ID))
        problems = []
        for pos in np.flatnonzero(~ok & ~totals):
            value = text[int(pos)].as_py()
            if value is None:
                reason = "firm id is empty"
            elif len(value) > FIRM_ID_MAX:
                reason = f"firm id longer than {FIRM_ID_MAX} characters"
            else:
                reason = "firm id has characters outside 0-9, A-Z, _ and -"
            problems.append(self.problem(cells, int(pos), "V08", reason, "correct the id"))
        return Typed(_strings(text), problems)

    def total_rows(self, columns: list[Cells]) -> npt.NDArray[np.bool_]:
        """Rows whose firm_id or name_zh is a totals word (合计, Total …): V10."""
        totals = pa.array(sorted(self.tokens.total_rows), pa.string())
        hit = np.zeros(len(self.rows.source_rows), bool)
        for cells in columns:
            hit |= _mask(pc.is_in(pc.ascii_lower(cells.text), value_set=totals))
        return hit

    def total_problems(self, columns: list[Cells], hit: npt.NDArray[np.bool_]) -> list[Problem]:
        """One V10 error per totals row, at the first column that says so."""
        problems = []
        for pos in np.flatnonzero(hit):
            for cells in columns:
                value = cells.text[int(pos)].as_py()
                if value is not None and fold(value) in self.tokens.total_rows:
                    reason = "a totals row, not a firm"
                    problems.append(self.problem(cells, int(pos), "V10", reason, "delete the row"))
                    break
        return problems


Locate = Callable[[int, str | None], Location]
