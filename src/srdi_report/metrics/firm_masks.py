"""Boolean row masks for scope conditions over one firm frame, cached by condition text.

A published number's scope is evaluated inside a base population: the report population
``level in (national, provincial)``, or every row when the scope names
``single_champion_level`` (published/README.md: ``level = none`` firms enter only those scopes).
Nulls follow national_report.md §0: a null flag counts as false and a null value meets no
comparison, so it stays in a denominator but never in a numerator.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from srdi_report.metrics.scope_grammar import Clause, Condition, Kind, Scope

Mask = NDArray[np.bool_]

POPULATION_LEVELS = ("national", "provincial")  # data_schema.md §1.1: the report's population
OPT_IN_COLUMN = "single_champion_level"  # naming it widens the base to every row
INDUSTRY_GROUP_COLUMN = "report_industry_group"  # resolved through the industry reference
TRUE_TOKENS = frozenset({"true"})
FALSE_TOKENS = frozenset({"false"})


class EvaluationError(ValueError):
    """A scope or statistic that cannot be computed on this frame (the message says why)."""


class FirmMasks:
    """Masks and numeric columns of one firm frame, computed once and cached.

    Args:
        frame: The canonical firm frame with derived columns (data/derive.py).
        industry_groups: ``report_industry_groups`` members: group id → pairs of (firm column,
            code), e.g. ``{"hp_fibre_composites": (("gbt_minor", "3061"), …)}``.
        tie_keys: per column, value → the code that breaks ties in rankings (a province's
            admin code); a value without a key is its own code (GB/T codes).
    """

    def __init__(
        self,
        frame: pd.DataFrame,
        industry_groups: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
        tie_keys: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.frame = frame
        self.size = len(frame)
        self._groups = dict(industry_groups or {})
        self._tie_keys = dict(tie_keys or {})
        self._conditions: dict[str, Mask] = {}
        self._clauses: dict[str, Mask] = {}
        self._numeric: dict[str, NDArray[np.float64]] = {}
        self._factors: dict[str, tuple[NDArray[np.int64], tuple[str, ...]]] = {}
        self._rankings: dict[tuple[str, bytes], list[str]] = {}
        self.population: Mask = self._text_in("level", POPULATION_LEVELS)
        self.everyone: Mask = np.ones(self.size, dtype=bool)

    def column(self, name: str) -> pd.Series:
        """A firm column; EvaluationError when the data lacks it."""
        if name not in self.frame.columns:
            raise EvaluationError(f"column {name} is not in the data")
        return self.frame[name]

    def numeric(self, name: str) -> NDArray[np.float64]:
        """A column as float64, null as NaN (cached)."""
        if name not in self._numeric:
            series = self.column(name)
            if pd.api.types.is_bool_dtype(series.dtype):
                series = series.astype("Float64")
            values = pd.to_numeric(series, errors="coerce").astype("float64")
            self._numeric[name] = np.asarray(values.to_numpy(na_value=np.nan), dtype=np.float64)
        return self._numeric[name]

    def factorized(self, name: str) -> tuple[NDArray[np.int64], tuple[str, ...]]:
        """A column as integer codes (-1 = null) and the distinct values as text (cached)."""
        if name not in self._factors:
            codes, uniques = pd.factorize(self.column(name).astype("string"), sort=True)
            self._factors[name] = (
                np.asarray(codes, dtype=np.int64),
                tuple(str(u) for u in uniques),
            )
        return self._factors[name]

    def ranked(self, name: str, among: Mask) -> list[str]:
        """Values of a column by firm count among some rows, descending; ties by value.

        national_report.md §0: rankings are ordinal, ties broken by firm count, then by code.
        """
        key = (name, np.packbits(among).tobytes())
        if key not in self._rankings:
            codes, uniques = self.factorized(name)
            chosen = codes[among & (codes >= 0)]
            counts = np.bincount(chosen, minlength=len(uniques))
            keys = self._tie_keys.get(name, {})
            ties = np.asarray([keys.get(u, u) for u in uniques], dtype=object)
            order = np.lexsort((ties, -counts))  # last key first: count, then code
            self._rankings[key] = [uniques[i] for i in order if counts[i] > 0]
        return self._rankings[key]

    def base(self, scope: Scope) -> Mask:
        """The population a scope is evaluated in."""
        return self.everyone if OPT_IN_COLUMN in scope.columns else self.population

    def clause(self, clause: Clause) -> Mask:
        """Rows meeting every condition of the clause (all rows for ``all``)."""
        key = clause.text
        if key not in self._clauses:
            mask = np.ones(self.size, dtype=bool)
            for condition in clause.conditions:
                mask &= self.condition(condition)
            self._clauses[key] = mask
        return self._clauses[key]

    def condition(self, condition: Condition) -> Mask:
        """Rows meeting one condition (cached by its canonical text)."""
        key = condition.text
        if key not in self._conditions:
            self._conditions[key] = self._evaluate(condition)
        return self._conditions[key]

    def _evaluate(self, condition: Condition) -> Mask:
        if condition.column == INDUSTRY_GROUP_COLUMN:
            return self._industry_group(condition)
        if condition.kind is Kind.NOT_NULL:
            return self.column(condition.column).notna().to_numpy(dtype=bool)
        if condition.kind is Kind.RANGE:
            return self._range(condition)
        if condition.kind is Kind.TOP:
            return self._top(condition)
        return self._values_in(condition.column, condition.terms)

    def _values_in(self, column: str, values: tuple[str, ...]) -> Mask:
        series = self.column(column)
        if pd.api.types.is_bool_dtype(series.dtype) or _all_tokens_boolean(values):
            flags = series.astype("boolean").fillna(False).to_numpy(dtype=bool)
            wanted = {v.lower() in TRUE_TOKENS for v in values}
            return np.isin(flags, list(wanted))
        if pd.api.types.is_numeric_dtype(series.dtype):
            try:
                numbers = [float(v) for v in values]
            except ValueError as err:
                raise EvaluationError(f"{column} is numeric; {values} are not numbers") from err
            return np.isin(self.numeric(column), numbers)
        return self._text_in(column, values)

    def _text_in(self, column: str, values: tuple[str, ...]) -> Mask:
        codes, uniques = self.factorized(column)
        chosen = frozenset(values)
        return np.isin(codes, [i for i, u in enumerate(uniques) if u in chosen])

    def _range(self, condition: Condition) -> Mask:
        x = self.numeric(condition.column)
        mask = np.isfinite(x)
        with np.errstate(invalid="ignore"):
            if condition.low is not None:
                mask &= x >= condition.low if condition.low_inclusive else x > condition.low
            if condition.high is not None:
                mask &= x <= condition.high if condition.high_inclusive else x < condition.high
        return mask

    def _top(self, condition: Condition) -> Mask:
        among = self.population.copy()
        if condition.within is not None:
            among &= self.clause(condition.within)
        order = self.ranked(condition.column, among)
        return self._values_in(condition.column, tuple(order[: condition.top_n]))

    def _industry_group(self, condition: Condition) -> Mask:
        mask = np.zeros(self.size, dtype=bool)
        for group_id in condition.terms:
            if group_id not in self._groups:
                known = ", ".join(sorted(self._groups)) or "none loaded"
                raise EvaluationError(f"unknown report industry group {group_id} (known: {known})")
            for column, code in self._groups[group_id]:
                mask |= self._values_in(column, (code,))
        return mask


def _all_tokens_boolean(values: tuple[str, ...]) -> bool:
    return all(v.lower() in TRUE_TOKENS | FALSE_TOKENS for v in values)
