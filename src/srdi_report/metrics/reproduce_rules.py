"""How each firm-derivable row of ``numbers.csv`` is computed: parsed scope, field, statistic.

Most rows are read straight from their ``scope``, ``statistic`` and ``field`` cells. Derived
two-sided statistics (ratio, pp_diff, uplift_pct, score, gap) also need the statistic of each
side: a share when the scope is written ``numerator | denominator``; the median for score and gap
(national_report.md §3.1); otherwise the one the English label names (median, mean, P50/P75/P90,
firm count). Where the cells cannot say it, the override table
``data/reference/reproduce_overrides.csv`` does, one row per number with its reason; it replaces
a cell, never a result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from srdi_report.data.reference_files import read_reference_csv
from srdi_report.metrics.published import Comparator, PublishedNumber
from srdi_report.metrics.scope_grammar import FieldSpec, Scope, parse_field, parse_scope

OVERRIDES_FILE = "reproduce_overrides.csv"

TWO_SIDED = frozenset({"ratio", "pp_diff", "uplift_pct", "score", "gap"})
GROUP_STATISTICS = frozenset({"median", "mean", "p50", "p75", "p90"})
SHARE_STATISTICS = frozenset({"share", "sum_share", "min_share", "max_share"})
COMPUTED_STATISTICS = (
    frozenset({"count", "count_distinct", "mean_pooled", "rate_pooled", "rank", "pearson_r"})
    | TWO_SIDED
    | GROUP_STATISTICS
    | SHARE_STATISTICS
)
SCORE_INNER = "median"  # national_report.md §3.1: scores compare group medians
# Label words that name the statistic of each side, checked in this order ("P50 (median)").
LABEL_INNER = (
    ("p50", "p50"),
    ("p75", "p75"),
    ("p90", "p90"),
    ("median", "median"),
    ("mean", "mean"),
    ("firm count", "count"),
)


class RuleError(ValueError):
    """A row whose computation the cells and the override table leave open."""


@dataclass(frozen=True)
class Override:
    """One row of the override table; empty cells keep the numbers.csv cell."""

    number_id: str
    scope: str
    statistic: str
    field: str
    inner: str
    reason: str


@dataclass(frozen=True)
class RowSpec:
    """Everything needed to compute one published number.

    ``inner`` is the statistic of each side of a two-sided statistic ("" otherwise);
    ``per_group`` marks a range over a scope naming several groups (every group must fall in
    the range, published/README.md).
    """

    number_id: str
    scope: Scope
    statistic: str
    field: FieldSpec
    inner: str
    per_group: bool
    unit: str
    override_reason: str = ""


@cache
def load_overrides() -> Mapping[str, Override]:
    """The shipped override table, keyed by number_id."""
    table = read_reference_csv(OVERRIDES_FILE)
    rows = [Override(**{str(k): str(v) for k, v in r.items()}) for r in table.to_dict("records")]
    return {row.number_id: row for row in rows}


def resolve(row: PublishedNumber, overrides: Mapping[str, Override] | None = None) -> RowSpec:
    """Turn a published row (and its override, if any) into a computable spec.

    Args:
        row: A firm-derivable row of numbers.csv.
        overrides: Override rows by number_id; the shipped table when None.

    Returns:
        The spec.

    Raises:
        RuleError: unknown statistic, or a two-sided statistic whose side statistic is open.
        ScopeSyntaxError: the scope or field is outside the grammar.
    """
    table = load_overrides() if overrides is None else overrides
    override = table.get(row.number_id)
    scope_text = override.scope if override and override.scope else row.scope
    statistic = override.statistic if override and override.statistic else row.statistic
    field_text = override.field if override and override.field else row.field
    if statistic not in COMPUTED_STATISTICS:
        raise RuleError(f"{row.number_id}: statistic {statistic!r} is not computed from firms")
    scope = parse_scope(scope_text)
    inner = override.inner if override and override.inner else _infer_inner(row, statistic, scope)
    return RowSpec(
        number_id=row.number_id,
        scope=scope,
        statistic=statistic,
        field=parse_field(field_text),
        inner=inner,
        per_group=row.comparator is Comparator.RANGE and statistic in GROUP_STATISTICS,
        unit=row.unit,
        override_reason=override.reason if override else "",
    )


def _infer_inner(row: PublishedNumber, statistic: str, scope: Scope) -> str:
    if statistic not in TWO_SIDED:
        return ""
    if scope.is_share:
        return "share"
    if statistic in {"score", "gap"}:
        return SCORE_INNER
    label = row.label_en.lower()
    for word, inner in LABEL_INNER:
        if word in label:
            return inner
    raise RuleError(
        f"{row.number_id}: {statistic} without a side statistic; add it to {OVERRIDES_FILE}"
    )
