"""What a template may read: metric results as numbers, the edition's identity, names of codes.

Templates see read-only views, never a DataFrame to change: ``metric(id, column, **keys)`` is one
number as a :class:`NumRun` (value, kind, digits, metric id, suppressed flag) that ``num()``
prints and the narrative helpers accept; ``m(id)`` is a :class:`MetricView` for loops and
look-ups; ``name(code, source)`` prints a province, city, industry … in the edition's language.
A missing result, row or column raises, so a template can never print an empty string.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import pandas as pd

from srdi_report.compose.edition_spec import MetricRequest
from srdi_report.compose.model import NumRun
from srdi_report.errors import InputError
from srdi_report.metrics.result import N_COLUMN, MetricResult, Unit

if TYPE_CHECKING:
    from srdi_report.compose.content import ContentView

# Decimal places when a template does not say (national_report.md §6.4 defaults by kind).
DEFAULT_DIGITS: Mapping[str, int] = MappingProxyType(
    {
        Unit.SHARE: 2,
        Unit.PP: 2,
        Unit.RATIO: 2,
        Unit.SCORE: 1,
        Unit.R: 2,
        Unit.VALUE: 0,
        Unit.COUNT: 0,
        Unit.RANK: 0,
    }
)
# Columns that count firms whatever the metric's unit (a share metric's ``firms`` column,
# ``firms_with_value``, ``national_firms``): printed as counts, without decimals.
COUNT_COLUMNS = frozenset((N_COLUMN, "firms", "count"))
COUNT_PARTS = ("firms_", "_firms", "count")


class MetricAccessError(InputError):
    """A template asked for a result, row or column the edition does not have."""


@dataclass(frozen=True)
class EditionIdentity:
    """Who the edition is: printed on the cover and read by templates as ``edition``.

    Attributes:
        edition_id: ``national``, ``city`` …
        year: The edition (snapshot) year.
        snapshot_date: The data's as-of date.
        fin_year: The last full fiscal year (snapshot year − 2).
        data_label: The data file as given, or ``demo <year>``.
    """

    edition_id: str
    year: int
    snapshot_date: date
    fin_year: int
    data_label: str = ""


@dataclass(frozen=True, eq=False)
class MetricView:
    """One metric result as a template sees it (read-only).

    Attributes:
        result: The metric result.
    """

    result: MetricResult

    @property
    def metric_id(self) -> str:
        """The metric id."""
        return self.result.metric_id

    @property
    def n(self) -> int:
        """Firms in the scope."""
        return self.result.n_firms

    @property
    def unit(self) -> str:
        """The unit of the main value columns (``share``, ``count`` …)."""
        return str(self.result.unit)

    @property
    def table(self) -> pd.DataFrame:
        """A copy of the tidy table (a template changing it changes nothing else)."""
        return self.result.table.copy()

    def value(self, column: str = "value", /, **keys: object) -> float:
        """The unrounded value of ``column`` in the one row matching ``keys`` (NaN if withheld).

        Raises:
            MetricAccessError: no such column, or not exactly one matching row.
        """
        return float(self._cell(column, keys))

    def num(self, column: str = "value", /, **keys: object) -> NumRun:
        """The cell as a NumRun: kind from the unit (or ``count`` for firm counts)."""
        return self.cell_run(column, keys, digits=None)

    def has(self, **keys: object) -> bool:
        """Whether exactly one row matches ``keys``."""
        return int(self._mask(keys).sum()) == 1

    def rows(self, **keys: object) -> list[dict[str, Any]]:
        """Rows matching ``keys`` as dicts, in table order (for loops in templates)."""
        table = self.result.table[self._mask(keys)]
        return [{str(k): v for k, v in row.items()} for row in table.to_dict(orient="records")]

    def _mask(self, keys: Mapping[str, object]) -> pd.Series:
        table = self.result.table
        mask = pd.Series(True, index=table.index)
        for name, wanted in keys.items():
            if name not in table.columns:
                raise MetricAccessError(
                    f"metric {self.metric_id!r} has no key column {name!r}; "
                    f"columns: {', '.join(map(str, table.columns))}"
                )
            mask &= _equals(table[name], wanted)
        return mask

    def _cell(self, column: str, keys: Mapping[str, object]) -> float:
        return self._row(column, keys)[1]

    def _row(self, column: str, keys: Mapping[str, object]) -> tuple[int, float]:
        table = self.result.table
        if column not in table.columns:
            raise MetricAccessError(
                f"metric {self.metric_id!r} has no column {column!r}; "
                f"columns: {', '.join(map(str, table.columns))}"
            )
        hits = table.loc[self._mask(keys), column]
        if len(hits) != 1:
            raise MetricAccessError(
                f"metric {self.metric_id!r}: {len(hits)} rows match {dict(keys)!r} (need one)"
            )
        value = hits.iloc[0]
        return int(hits.index[0]), math.nan if pd.isna(value) else float(value)

    def cell_run(self, column: str, keys: Mapping[str, object], digits: int | None) -> NumRun:
        """The cell of ``column`` in the row matching ``keys`` as a NumRun (``digits``: default)."""
        index, value = self._row(column, keys)
        kind = Unit.COUNT.value if is_count_column(column) else self.unit
        places = DEFAULT_DIGITS.get(kind, 0) if digits is None else digits
        if math.isnan(value):
            # NaN is a withheld cell when the engine recorded the row (below min_cell);
            # otherwise the value is missing, and num() refuses to print it.
            withheld = self._withheld(index)
            return NumRun(None, kind, places, metric_id=self.metric_id, suppressed=withheld)
        return NumRun(value, kind, places, metric_id=self.metric_id)

    def _withheld(self, index: int) -> bool:
        """Whether the engine recorded this row as withheld (its ``k=v;…`` key matches)."""
        row = self.result.table.iloc[index]
        for record in self.result.suppressed:
            pairs = [part.partition("=") for part in record.key.split(";")]
            if all(k in row.index and str(row[k]) == v for k, _eq, v in pairs):
                return True
        return False


def is_count_column(column: str) -> bool:
    """Whether a metric column counts firms (``n``, ``firms``, ``firms_with_value`` …)."""
    return column in COUNT_COLUMNS or any(part in column for part in COUNT_PARTS)


def _equals(column: pd.Series, wanted: object) -> pd.Series:
    """Rows whose key equals ``wanted``; specs and templates write keys as text or numbers.

    A numeric column compares numbers ("2024" finds 2024); any other column compares text, so
    an object column of ints finds "2024" and 2024 alike.
    """
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        try:
            number = float(wanted)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return pd.Series(False, index=column.index)
        return (column == number).fillna(False).astype(bool)
    if pd.api.types.is_bool_dtype(column):
        return (column == wanted).fillna(False).astype(bool)
    return (column.astype("string") == str(wanted)).fillna(False).astype(bool)


class TemplateData:
    """The composer's globals for one edition and locale (``metric``, ``m``, ``name`` …)."""

    def __init__(
        self,
        results: Mapping[str, MetricResult],
        identity: EditionIdentity,
        locale: str,
        gettext: Callable[[str], str],
    ) -> None:
        self.results = results
        self.identity = identity
        self.locale = locale
        self.gettext = gettext

    def view(self, metric_id: str, scope: str = "", benchmark: str = "") -> MetricView:
        """The result of ``metric_id`` for a scope ("" = the edition's) as a view.

        Raises:
            MetricAccessError: the edition did not compute it (it is not in the spec).
        """
        key = MetricRequest(metric_id, scope, benchmark).result_key
        if key not in self.results:
            known = ", ".join(sorted(self.results)[:12])
            raise MetricAccessError(
                f"no result {key!r} in this edition (add it to an exhibit or heading of the "
                f"spec); some known: {known}"
            )
        return MetricView(self.results[key])

    def metric(
        self,
        metric_id: str,
        column: str = "value",
        *,
        scope: str = "",
        benchmark: str = "",
        digits: int | None = None,
        **keys: object,
    ) -> NumRun:
        """One cell as a NumRun: ``metric("firms_by_level", "share", level="national")``."""
        return self.view(metric_id, scope, benchmark).cell_run(column, keys, digits)

    def name(self, code: object, source: str) -> str:
        """The name of a code in the edition's language (``name("320000", "province")``)."""
        from srdi_report.figures.labels import label_codes  # the geography loads on first use

        return label_codes([code], source, self.locale, self.gettext)[0]

    def globals(self) -> dict[str, object]:
        """Names every template of the edition sees."""
        return {
            "metric": self.metric,
            "m": self.view,
            "name": self.name,
            "edition": self.identity,
            "content": self.content,
        }

    def content(self, name: str) -> ContentView:
        """A qualitative content table in the edition's language (``compose/content.py``)."""
        # Imported here: content pulls in the tables and the geography, which a cached
        # rebuild (that never composes) should not load.
        from srdi_report.compose.content import content_view

        return content_view(name, self.locale)
