"""The metrics-engine path of ``reproduce``: published numbers the number map covers.

Each mapped number (``data/reference/metric_numbers.csv``) is rebuilt by its metric, so
``reproduce`` checks the engine the report prints from; the scope grammar evaluator only
covers the ids the map does not name. A metric that cannot run on the data (a missing column,
a missing table row) fails only the ids it serves, with the reason, never the whole run.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from srdi_report.config.model import MetricsConfig
from srdi_report.errors import InputError
from srdi_report.metrics.number_map import NumberRef, cell
from srdi_report.metrics.registry import Memo, compute_all
from srdi_report.metrics.result import MetricResult
from srdi_report.metrics.scope import Scope

if TYPE_CHECKING:
    from srdi_report.data.geography import Geography

SOURCE_PREFIX = "metric:"
GRAMMAR_SOURCE = "grammar"
# reproduce checks arithmetic against printed national figures; withholding small cells would
# only hide a value the published row prints (a cell is withheld when 0 < n < min_cell).
REPRODUCE_METRICS = MetricsConfig(min_cell=1)


@dataclass(frozen=True)
class EngineValue:
    """One mapped number as the engine rebuilt it.

    Attributes:
        source: ``metric:<metric id>``.
        rebuilt: The value in the published unit (one element), or empty when it failed.
        failure: Why there is no value; empty when there is one.
    """

    source: str
    rebuilt: tuple[float, ...]
    failure: str


def engine_values(
    firms: pd.DataFrame,
    refs: Sequence[NumberRef],
    number_ids: Collection[str],
    *,
    geography: Geography | None = None,
) -> dict[str, EngineValue]:
    """Rebuild the mapped numbers among ``number_ids`` through their metrics.

    Each (scope, metric) is computed once, without withholding small cells; when a scope's
    batch fails, its metrics are retried one by one so only the failing metric's ids fail.

    Args:
        firms: Firm frame with derived columns.
        refs: The number map (``load_number_map()``).
        number_ids: The ids being reproduced; refs of other ids are skipped.
        geography: Geography reference for place scopes; loaded when needed and None.

    Returns:
        ``{number_id: EngineValue}`` for every ref whose id is in ``number_ids``.
    """
    wanted = set(number_ids)
    by_scope: dict[str, list[NumberRef]] = defaultdict(list)
    for ref in refs:
        if ref.number_id in wanted:
            by_scope[ref.scope].append(ref)
    if not by_scope:
        return {}
    # reproduce reads cells and drops the results, so their provenance needs no data hash
    # (hashing the demo frame costs ~0.5 s, a sixth of the run)
    digest = ""
    memo: Memo = {}
    out: dict[str, EngineValue] = {}
    for scope_text in sorted(by_scope):
        group = by_scope[scope_text]
        results = _scope_results(firms, scope_text, sorted({r.metric for r in group}),
                                 digest, memo, geography)  # fmt: skip
        for ref in group:
            out[ref.number_id] = _value(ref, results[ref.metric])
    return out


def _scope_results(
    firms: pd.DataFrame,
    scope_text: str,
    names: list[str],
    digest: str,
    memo: Memo,
    geography: Geography | None,
) -> dict[str, MetricResult | str]:
    """Each metric's result for one scope, or the text of why it failed."""
    try:
        scope = Scope.parse(scope_text, geography)
    except InputError as err:
        return dict.fromkeys(names, str(err))

    def run(batch: Sequence[str]) -> tuple[MetricResult, ...]:
        return compute_all(batch, firms, scope, None, REPRODUCE_METRICS, digest=digest,
                           geography=geography, memo=memo)  # fmt: skip

    try:
        return dict(zip(names, run(names), strict=True))
    except (InputError, KeyError, ValueError):
        pass  # one metric failed: find which, and keep the others
    results: dict[str, MetricResult | str] = {}
    for name in names:
        try:
            results[name] = run((name,))[0]
        except (InputError, KeyError, ValueError) as err:
            results[name] = _error_text(err)
    return results


def _value(ref: NumberRef, result: MetricResult | str) -> EngineValue:
    source = SOURCE_PREFIX + ref.metric
    if isinstance(result, str):
        return EngineValue(source, (), result)
    try:
        value = cell(result, ref)
    except KeyError as err:
        return EngineValue(source, (), _error_text(err))
    if not math.isfinite(value):
        return EngineValue(source, (), f"{ref.metric}: no value for {_row_text(ref)}")
    return EngineValue(source, (value,), "")


def _row_text(ref: NumberRef) -> str:
    return ";".join(f"{k}={v}" for k, v in ref.row) + f" ({ref.column})"


def _error_text(err: Exception) -> str:
    # str(KeyError) quotes its message; the reason column should read as plain text
    return str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err)
