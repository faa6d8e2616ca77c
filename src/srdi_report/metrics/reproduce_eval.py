"""Compute the statistic of one published row on a firm frame (national_report.md §0).

Values come back in the engine's units (shares as fractions) through :func:`evaluate`, and in
the published unit (percent, percentage points, tens of thousands of firms) through
:func:`to_published_unit`, the one place where units change.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from srdi_report.metrics.firm_masks import EvaluationError, FirmMasks, Mask
from srdi_report.metrics.reproduce_rules import SHARE_STATISTICS, TWO_SIDED, RowSpec
from srdi_report.metrics.scope_grammar import FieldSpec, Group, Kind, Scope, split_in_groups

PERCENT = 100.0  # fraction → percent at the boundary
TEN_THOUSAND = 10_000.0  # counts printed in units of 10,000 firms
WAN_UNIT_PREFIX = "\u4e07\u5bb6"  # unit cells of counts in units of 10,000 firms start so
FIRM_COUNT_UNITS = ("firms",)
QUANTILES = {"p50": 0.50, "p75": 0.75, "p90": 0.90}
MIN_PAIRS = 3  # fewer complete pairs give no meaningful correlation


def evaluate(spec: RowSpec, masks: FirmMasks) -> tuple[float, ...]:
    """The rebuilt value(s) of one row, in engine units (shares as fractions).

    Several values come back when the scope repeats (each class, a ``for`` loop, a range over
    several groups, a set of correlation pairs); min_share and max_share reduce them to one.

    Raises:
        EvaluationError: a column is missing, a group is empty, or the scope is unusable.
    """
    scopes = spec.scope.expand()
    if spec.per_group:
        scopes = tuple(part for scope in scopes for part in split_in_groups(scope))
    values = [v for scope in scopes for v in _evaluate_scope(spec, scope, masks)]
    if spec.statistic == "min_share":
        return (min(values),)
    if spec.statistic == "max_share":
        return (max(values),)
    return tuple(values)


def to_published_unit(spec: RowSpec, values: tuple[float, ...]) -> tuple[float, ...]:
    """Convert engine values to the unit numbers.csv prints them in."""
    if spec.statistic in SHARE_STATISTICS or spec.statistic == "rate_pooled":
        return tuple(v * PERCENT for v in values)
    if spec.statistic == "pp_diff" and spec.inner == "share":
        return tuple(v * PERCENT for v in values)
    if spec.unit.startswith(WAN_UNIT_PREFIX):
        return tuple(v / TEN_THOUSAND for v in values)
    return values


def _evaluate_scope(spec: RowSpec, scope: Scope, masks: FirmMasks) -> tuple[float, ...]:
    base = masks.base(scope)
    statistic = spec.statistic
    if statistic in TWO_SIDED:
        return (_two_sided(spec, scope, masks, base),)
    group = scope.groups[0]
    if statistic in SHARE_STATISTICS:
        return (_share(group, masks, base),)
    if statistic == "pearson_r":
        mask = base & masks.clause(group.subset)
        return tuple(_pearson(masks, mask, a, b) for a, b in spec.field.pairs())
    if statistic == "rank":
        return (_rank(spec.field, group, masks, base),)
    mask = base & masks.clause(group.subset)
    if statistic == "count":
        if spec.unit in FIRM_COUNT_UNITS or spec.unit.startswith(WAN_UNIT_PREFIX):
            return (float(mask.sum()),)
        return (_distinct(masks, spec.field.columns[0], mask),)
    if statistic == "count_distinct":
        return (_distinct(masks, spec.field.columns[0], mask),)
    if statistic in {"rate_pooled", "mean_pooled"}:
        return (_pooled(spec.field, masks, mask),)
    return (_group_statistic(statistic, _field_values(spec.field, masks), mask),)


def _two_sided(spec: RowSpec, scope: Scope, masks: FirmMasks, base: Mask) -> float:
    field = spec.field
    if len(scope.groups) == 2:
        x = _side(spec.inner, scope.groups[0], field, masks, base)
        y = _side(spec.inner, scope.groups[1], field, masks, base)
    elif field.kind == "diff":
        first, second = (FieldSpec(c, "single", (c,)) for c in field.columns)
        x = _side(spec.inner, scope.groups[0], first, masks, base)
        y = _side(spec.inner, scope.groups[0], second, masks, base)
    elif spec.statistic in {"score", "gap"}:
        x = y = _side(spec.inner, scope.groups[0], field, masks, base)  # the benchmark itself
    else:
        raise EvaluationError(f"{spec.statistic} needs two groups ('X vs Y') or a field a−b")
    if spec.statistic == "pp_diff":
        return x - y
    if y == 0:
        raise EvaluationError(f"{spec.statistic}: the second group's statistic is 0")
    quotient = x / y
    if spec.statistic == "ratio":
        return quotient
    if spec.statistic == "uplift_pct":
        return (quotient - 1.0) * PERCENT
    score = PERCENT * quotient
    return score if spec.statistic == "score" else PERCENT - score


def _side(inner: str, group: Group, field: FieldSpec, masks: FirmMasks, base: Mask) -> float:
    if inner == "share" or group.is_share:
        return _share(group, masks, base)
    mask = base & masks.clause(group.subset)
    if inner == "count":
        return float(mask.sum())
    return _group_statistic(inner, _field_values(field, masks), mask)


def _share(group: Group, masks: FirmMasks, base: Mask) -> float:
    within = base if group.within is None else base & masks.clause(group.within)
    denominator = int(within.sum())
    if denominator == 0:
        raise EvaluationError(f"no firms in the denominator of {group.text!r}")
    return float((within & masks.clause(group.subset)).sum()) / denominator


def _field_values(field: FieldSpec, masks: FirmMasks) -> NDArray[np.float64]:
    if field.kind == "single":
        return masks.numeric(field.columns[0])
    if field.kind == "sum":  # per-firm sum; a firm missing one part has no sum
        total = np.zeros(masks.size, dtype=np.float64)
        for column in field.columns:
            total = total + masks.numeric(column)
        return total
    raise EvaluationError(f"field {field.text!r} is not one value per firm")


def _group_statistic(statistic: str, values: NDArray[np.float64], mask: Mask) -> float:
    x = values[mask]
    x = x[np.isfinite(x)]
    if x.size == 0:
        raise EvaluationError(f"{statistic}: no firm with a value in the group")
    if statistic == "median":
        return float(np.median(x))
    if statistic == "mean":
        return float(np.mean(x))
    if statistic in QUANTILES:  # linear interpolation, as pandas quantile (§0)
        return float(np.quantile(x, QUANTILES[statistic], method="linear"))
    raise EvaluationError(f"statistic {statistic!r} is not a group statistic")


def _pooled(field: FieldSpec, masks: FirmMasks, mask: Mask) -> float:
    if field.kind != "ratio":
        raise EvaluationError(f"pooled statistics need a field a/b, not {field.text!r}")
    a, b = (masks.numeric(c) for c in field.columns)
    keep = mask & np.isfinite(a) & np.isfinite(b)
    denominator = float(b[keep].sum())
    if denominator == 0:
        raise EvaluationError(f"{field.text}: the denominator sums to 0")
    return float(a[keep].sum()) / denominator


def _pearson(masks: FirmMasks, mask: Mask, a: str, b: str) -> float:
    x, y = masks.numeric(a), masks.numeric(b)
    keep = mask & np.isfinite(x) & np.isfinite(y)  # pairwise complete (§0)
    if int(keep.sum()) < MIN_PAIRS:
        raise EvaluationError(f"pearson r of {a}, {b}: fewer than {MIN_PAIRS} complete pairs")
    r = float(np.corrcoef(x[keep], y[keep])[0, 1])
    if not math.isfinite(r):
        raise EvaluationError(f"pearson r of {a}, {b}: a column is constant")
    return r


def _rank(field: FieldSpec, group: Group, masks: FirmMasks, base: Mask) -> float:
    column = field.columns[0]
    named = [c for c in group.subset.conditions if c.column == column and c.kind is Kind.EQ]
    if not named:
        raise EvaluationError(f"rank: the scope names no value of {column}")
    order = masks.ranked(column, base)
    value = named[0].terms[0]
    if value not in order:
        raise EvaluationError(f"rank: no firm has {column}={value}")
    return float(order.index(value) + 1)


def _distinct(masks: FirmMasks, column: str, mask: Mask) -> float:
    codes, _ = masks.factorized(column)
    return float(np.unique(codes[mask & (codes >= 0)]).size)
