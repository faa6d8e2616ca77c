"""Published number ids → the metric, scope and table cell that rebuild them.

``data/reference/metric_numbers.csv`` holds one row per ``number_id`` of ``numbers.csv``:
metric id, scope (``Scope.parse`` text), the row's key values (``k=v;k=v``), the column and the
factor into the published unit (100 for a fraction printed as a percent). national_report.md §5
asks for this table, so that content items and ``reproduce`` name metrics, not formulas.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from srdi_report.config.model import Config, MetricsConfig
from srdi_report.data.reference_files import read_reference_csv
from srdi_report.metrics.registry import compute_all
from srdi_report.metrics.result import MetricResult, data_hash
from srdi_report.metrics.scope import Scope

if TYPE_CHECKING:
    from srdi_report.data.geography import Geography

MAP_FILE = "metric_numbers.csv"


@dataclass(frozen=True)
class NumberRef:
    """Where one published number comes from.

    Attributes:
        number_id: The id in ``numbers.csv``.
        metric: Registered metric id.
        scope: Scope text (``national``, ``level=provincial`` …).
        row: Key values of the table row, as text (``level=national;indicator=patents_total``).
        column: Value column of the table.
        scale: Factor into the published unit (100 for percent).
    """

    number_id: str
    metric: str
    scope: str
    row: tuple[tuple[str, str], ...]
    column: str
    scale: float


@functools.cache
def load_number_map() -> tuple[NumberRef, ...]:
    """Every row of ``metric_numbers.csv``, in file order (sorted by number id)."""
    table = read_reference_csv(MAP_FILE)
    return tuple(
        NumberRef(
            number_id=r["number_id"],
            metric=r["metric"],
            scope=r["scope"],
            row=tuple(
                (k, v) for k, _sep, v in (p.partition("=") for p in r["row"].split(";") if p)
            ),
            column=r["column"],
            scale=float(r["scale"]),
        )
        for r in table.to_dict("records")
    )


def cell(result: MetricResult, ref: NumberRef) -> float:
    """The referenced cell in the published unit; NaN when withheld.

    Keys are compared as text, so ``year=2024`` matches an integer column.

    Raises:
        KeyError: no row or several rows match.
    """
    mask = np.ones(len(result.table), dtype=bool)
    for key, value in ref.row:
        mask &= (result.table[key].astype(str) == value).to_numpy(dtype=bool)
    hits = result.table.loc[mask, ref.column]
    if len(hits) != 1:
        raise KeyError(f"{ref.number_id}: {len(hits)} rows of {ref.metric} match {ref.row}")
    return float(hits.iloc[0]) * ref.scale


def rebuild_numbers(
    firms: pd.DataFrame,
    refs: Sequence[NumberRef] | None = None,
    config: MetricsConfig | Config | None = None,
    *,
    geography: Geography | None = None,
) -> dict[str, float]:
    """Rebuild published numbers from firm data: ``{number_id: value in the published unit}``.

    Each (metric, scope) is computed once; the frame is hashed once.

    Raises:
        UnknownNameError: a metric of the map is not registered.
        InputError: a scope or metric needs a column the frame lacks.
        KeyError: a referenced row is missing from its table.
    """
    refs = load_number_map() if refs is None else refs
    digest = data_hash(firms)
    by_scope: dict[str, list[NumberRef]] = defaultdict(list)
    for ref in refs:
        by_scope[ref.scope].append(ref)
    memo: dict[tuple[int, str], tuple[pd.DataFrame, object]] = {}
    values: dict[str, float] = {}
    for scope_text in sorted(by_scope):
        group = by_scope[scope_text]
        names = sorted({ref.metric for ref in group})
        scope = Scope.parse(scope_text, geography)
        results = compute_all(
            names, firms, scope, None, config, digest=digest, geography=geography, memo=memo
        )
        by_name = dict(zip(names, results, strict=True))
        for ref in group:
            values[ref.number_id] = cell(by_name[ref.metric], ref)
    return {number_id: values[number_id] for number_id in sorted(values)}
