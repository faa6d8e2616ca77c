"""Shared machinery of the validation rules: vectorised masks in, Problem records out.

A rule computes a boolean mask over the frame's rows; :class:`ProblemSink` turns the (few)
failing positions into problems, formats each message from validate_messages.py, and applies
the column-level collapse of data_schema.md §3.1: when one rule fails on at least half of a
column's non-empty values and on at least 20 rows, a single line replaces the per-row lines.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from srdi_report.data.typed import TypedFirms
from srdi_report.data.validate_messages import collapsed_problem, problem
from srdi_report.errors import Location, Problem

COLLAPSE_MIN_ROWS = 20  # §3.1: a column-level line needs at least 20 failing rows …
COLLAPSE_MIN_SHARE = 0.5  # … and at least half of the column's non-empty values
ROWS_LISTED = 5  # "also at rows 17, 2045": at most this many other rows are named
LARGEST_EXACT_INTEGER = 2.0**53  # whole floats below this print without ".0"

Mask = npt.NDArray[np.bool_]
Fields = Callable[[int], Mapping[str, str]]


def mask_of(values: pd.Series | npt.NDArray[np.bool_]) -> Mask:
    """A plain numpy boolean mask from a nullable boolean Series (NA counts as False)."""
    if isinstance(values, pd.Series):
        return values.to_numpy(dtype=bool, na_value=False)
    return np.asarray(values, dtype=bool)


def fixed(**fields: str) -> Fields:
    """Template fields that are the same for every failing row."""
    return lambda _position: fields


def valued(values: pd.Series, **fields: str) -> Fields:
    """Template fields: ``value`` (the typed value at the row) plus fixed ones."""
    return lambda position: {"value": number_text(values.iloc[position]), **fields}


def number_text(value: object) -> str:
    """A typed value for a reason: ints without separators, floats without a trailing .0."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float | np.floating):
        number = float(value)
        if np.isnan(number):
            return ""
        if number.is_integer() and abs(number) < LARGEST_EXACT_INTEGER:
            return str(int(number))
        return repr(number)
    if isinstance(value, np.integer):
        return str(int(value))
    return str(value)


def count_text(n: int, noun: str = "row") -> str:
    """``1 row``, ``6,441 rows``."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def groups_of(codes: npt.NDArray[np.intp]) -> dict[int, npt.NDArray[np.intp]]:
    """Positions per factorized code (codes from ``pd.factorize``; -1 = empty, left out)."""
    if codes.size == 0:
        return {}
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1]])
    ends = np.r_[starts[1:], len(order)]
    return {
        int(sorted_codes[a]): order[a:b]
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
        if sorted_codes[a] >= 0
    }


def rows_text(rows: Iterable[int]) -> str:
    """``row 17`` or ``rows 17, 2045`` (at most ROWS_LISTED named, then a count)."""
    ordered = sorted(rows)
    named = ", ".join(str(r) for r in ordered[:ROWS_LISTED])
    rest = len(ordered) - ROWS_LISTED
    tail = f" and {rest:,} more" if rest > 0 else ""
    word = "row" if len(ordered) == 1 else "rows"
    return f"{word} {named}{tail}"


@dataclass
class ProblemSink:
    """Collects the problems of one file's validation."""

    typed: TypedFirms
    problems: list[Problem] = field(default_factory=list)
    _given: dict[str, Mask] = field(default_factory=dict)
    _numbers: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)
    _codes: dict[str, tuple[npt.NDArray[np.intp], list[object]]] = field(default_factory=dict)

    @property
    def frame(self) -> pd.DataFrame:
        """The typed frame under validation."""
        return self.typed.frame

    def has(self, *columns: str) -> bool:
        """Whether every one of ``columns`` is in the frame."""
        return all(c in self.typed.frame.columns for c in columns)

    def given(self, column: str) -> Mask:
        """Rows whose cell of ``column`` was written (non-empty as read, else non-null)."""
        if column not in self._given:
            raw = self.typed.raw
            if column in raw.columns:
                cells = raw[column].to_numpy(dtype=object)
                written = (cells != "") & ~pd.isna(cells)
            else:
                written = mask_of(self.typed.frame[column].notna())
            self._given[column] = np.asarray(written, dtype=bool)
        return self._given[column]

    def nonempty(self, column: str) -> int:
        """Number of non-empty cells of ``column`` as read (typed non-null if no raw cells)."""
        return int(self.given(column).sum())

    def numbers(self, column: str) -> npt.NDArray[np.float64]:
        """A numeric or date column as float64, NaN for empty cells (cached).

        Comparisons with NaN are False, so an empty cell never fails a rule.
        """
        if column not in self._numbers:
            values = self.typed.frame[column]
            if pd.api.types.is_datetime64_any_dtype(values.dtype):
                stamps = values.to_numpy(dtype="datetime64[ns]")
                numbers = stamps.astype(np.int64).astype(np.float64)
                numbers[np.isnat(stamps)] = np.nan
            else:
                numbers = values.to_numpy(dtype="float64", na_value=np.nan)
            self._numbers[column] = numbers
        return self._numbers[column]

    def flag(self, column: str, value: bool) -> Mask:
        """Rows where a boolean column is exactly ``value`` (an empty cell is neither)."""
        cells = self.typed.frame[column].astype("boolean")
        filled = cells.fillna(not value).to_numpy(dtype=bool)
        return filled if value else ~filled

    def filled(self, column: str) -> Mask:
        """Rows where the typed cell of ``column`` is not empty."""
        return mask_of(self.typed.frame[column].notna())

    def codes(self, column: str) -> tuple[npt.NDArray[np.intp], list[object]]:
        """A text column factorized: per-row codes (-1 = empty) and the distinct values."""
        if column not in self._codes:
            codes, uniques = pd.factorize(self.typed.frame[column])
            self._codes[column] = (np.asarray(codes), list(uniques))
        return self._codes[column]

    def equals(self, column: str, value: str) -> Mask:
        """Rows whose text cell equals ``value`` (vectorised through the factorized codes)."""
        codes, uniques = self.codes(column)
        if value not in uniques:
            return np.zeros(len(codes), dtype=bool)
        matches: Mask = codes == uniques.index(value)
        return matches

    def assign(self, mask: Mask, column: str, values: npt.NDArray[np.object_]) -> None:
        """Write normalised values into the frame (and forget cached views of the column)."""
        frame = self.typed.frame
        if column not in frame.columns:
            frame[column] = pd.Series(pd.NA, index=frame.index, dtype="string")
        frame.loc[mask, column] = values
        for cache in (self._numbers, self._codes):
            cache.pop(column, None)

    def value(self, position: int, column: str) -> str | None:
        """The cell as read; the typed value as text when the loader kept no raw cell."""
        cell = self.typed.cell(position, column)
        if cell is None and column in self.typed.frame.columns:
            return number_text(self.typed.frame[column].iloc[position])
        return cell

    def add(self, item: Problem) -> None:
        """Record one problem."""
        self.problems.append(item)

    def at(self, message_id: str, position: int, column: str, **fields: str) -> None:
        """One problem at frame row ``position``, valued by the cell of ``column``."""
        location = self.typed.location(position, column)
        self.add(problem(message_id, location, self.value(position, column), **fields))

    def at_header(self, message_id: str, column: str, **fields: str) -> None:
        """A problem of a whole column, located at its header (row 1), no cell value."""
        location = Location(self.typed.file_label, 1, self.typed.column_label(column))
        self.add(problem(message_id, location, None, **fields))

    def first_in_file(self, positions: npt.NDArray[np.intp]) -> int:
        """The position among ``positions`` with the lowest spreadsheet row ("first here")."""
        rows = self.typed.source_rows[positions]
        return int(positions[int(np.argmin(rows))])

    def grouped(
        self, message_id: str, column: str, positions: npt.NDArray[np.intp], **fields: str
    ) -> None:
        """One normalisation warning for all ``positions`` sharing a value (§3.1 limits).

        Located at the first position; the template gets ``rows`` (``6,441 rows``).
        """
        if positions.size == 0:
            return
        first = self.first_in_file(positions)
        self.at(message_id, first, column, rows=count_text(positions.size), **fields)

    def per_value(
        self,
        message_id: str,
        column: str,
        codes: npt.NDArray[np.intp],
        failing: Mapping[int, Mapping[str, str]],
    ) -> None:
        """Per-row problems for rows whose factorized value is a key of ``failing``.

        One call per rule (not per distinct value), so that the column-level collapse sees
        every failing row of the column together.

        Args:
            message_id: key of the message table.
            column: the canonical column of the problem.
            codes: per-row factorization codes (-1 = empty).
            failing: code → template fields of that distinct value.
        """
        if not failing:
            return
        mask = np.isin(codes, np.fromiter(failing, dtype=np.int64))
        self.per_row(message_id, column, mask, lambda p: failing[int(codes[p])])

    def per_row(
        self,
        message_id: str,
        column: str,
        mask: Mask,
        fields: Fields,
        *,
        collapse: bool = True,
    ) -> None:
        """One problem per failing row of ``mask``, or the column-level line (§3.1).

        Args:
            message_id: key of the message table.
            column: the canonical column the problem is located in (its cell is the value).
            mask: failing rows.
            fields: template fields for a failing frame position.
            collapse: allow the column-level line (off for rules already grouped).
        """
        positions = np.flatnonzero(mask)
        if positions.size == 0:
            return
        failing = int(positions.size)
        nonempty = self.nonempty(column)
        if (
            collapse
            and failing >= COLLAPSE_MIN_ROWS
            and failing >= COLLAPSE_MIN_SHARE * max(nonempty, 1)
        ):
            first = self.first_in_file(positions)
            self.add(
                collapsed_problem(
                    message_id,
                    self.typed.location(first, column),
                    self.value(first, column),
                    failing,
                    max(nonempty, failing),
                    **fields(first),
                )
            )
            return
        for position in positions.tolist():
            self.at(message_id, position, column, **fields(position))
