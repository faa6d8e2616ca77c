"""Where a printed number comes from: its result, scope, metric column and row (group key).

A :class:`~srdi_report.compose.model.NumRun` names its metric but not its scope or row, so the
manifest finds them: a metric id read at one scope only is unambiguous; otherwise a table cell
takes the result its exhibit's views name, prose the result at the edition's own scope, and when
several remain (prose reading one metric at a city and at a comparison scope) the one whose table
holds the unrounded value. The row is the one table cell holding exactly that value; its key
columns (text columns, and ``year``) make the group key ``level=national;statistic=mean``. Still
ambiguous (a count shared by two rows, a number computed in a template): left blank, never
guessed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from srdi_report.compose.edition_spec import EditionSpec
from srdi_report.metrics.result import MetricResult

# Integer columns that key rows rather than count firms.
KEY_NUMBER_COLUMNS = frozenset({"year", "top_n"})
SIZE_COLUMNS = frozenset({"n"})  # the row's firm count: a value, never the number's column


@dataclass(frozen=True)
class Location:
    """A number's result key, scope key, metric column and group key ("" where unknown)."""

    result_key: str = ""
    scope: str = ""
    column: str = ""
    group_key: str = ""


@dataclass(frozen=True)
class _Cell:
    row: int
    column: str


class Locator:
    """Locates printed numbers in the metric results of one edition."""

    def __init__(self, spec: EditionSpec, results: Mapping[str, MetricResult]) -> None:
        """Index the results by metric id and the exhibits by the results they read."""
        self.by_metric: dict[str, list[str]] = defaultdict(list)
        for key in sorted(results):
            self.by_metric[results[key].metric_id].append(key)
        self.results = results
        self.exhibit_keys: dict[str, set[str]] = {
            e.spec.exhibit_id: {v.result_key for v in e.spec.views()} for e in spec.exhibits()
        }
        self.edition_keys = {r.result_key for r in spec.metric_requests() if not r.scope}
        self._cells: dict[str, dict[float, list[_Cell]]] = {}
        self._keys: dict[str, tuple[str, ...]] = {}

    def __call__(self, metric_id: str, place: str, value: float | None) -> Location:
        """The location of ``value`` of ``metric_id`` printed at ``place``."""
        keys = self.by_metric.get(metric_id, [])
        if len(keys) > 1:
            exhibit = place.split("/", 1)[0]
            narrowed = [k for k in keys if k in self.exhibit_keys.get(exhibit, set())]
            if not narrowed:
                narrowed = [k for k in keys if k in self.edition_keys]
            keys = narrowed or keys
        if len(keys) > 1 and value is not None:
            keys = [k for k in keys if value in self.cells(k)]
        if len(keys) != 1:
            return Location()
        key = keys[0]
        scope = self.results[key].provenance.scope_key
        cells = self.cells(key).get(value, []) if value is not None else []
        rows = {c.row for c in cells}
        if len(rows) != 1:
            return Location(key, scope)
        column = cells[0].column if len(cells) == 1 else ""
        return Location(key, scope, column, self.group_key(key, cells[0].row))

    def cells(self, key: str) -> dict[float, list[_Cell]]:
        """Every finite value cell of a result's table, by value (built once per result)."""
        if key not in self._cells:
            table = self.results[key].table
            index: dict[float, list[_Cell]] = defaultdict(list)
            for column in self._value_columns(table):
                values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
                for row, v in enumerate(values):
                    if math.isfinite(v):
                        index[float(v)].append(_Cell(row, str(column)))
            self._cells[key] = dict(index)
        return self._cells[key]

    def group_key(self, key: str, row: int) -> str:
        """``col=value;…`` of the key columns of one row ("" for a one-row result)."""
        table = self.results[key].table
        if key not in self._keys:
            self._keys[key] = tuple(
                str(c)
                for c in table.columns
                if str(c) in KEY_NUMBER_COLUMNS
                or not (
                    pd.api.types.is_numeric_dtype(table[c]) or pd.api.types.is_bool_dtype(table[c])
                )
            )
        record = table.iloc[row]
        return ";".join(f"{c}={record[c]}" for c in self._keys[key])

    @staticmethod
    def _value_columns(table: pd.DataFrame) -> list[str]:
        return [
            str(c)
            for c in table.columns
            if pd.api.types.is_numeric_dtype(table[c])
            and not pd.api.types.is_bool_dtype(table[c])
            and str(c) not in KEY_NUMBER_COLUMNS | SIZE_COLUMNS
        ]
