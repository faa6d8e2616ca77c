"""Cross-tabulations: honours, standards and evaluations by level (charts 6–10, 25, 36–38).

Flags read null as false (national_report.md §0). Holding rates are fractions of every firm of
the group; comparison rows follow ``levels.py`` (``pp_diff``, ``ratio``, ``uplift``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.metrics.columns import flag, numeric
from srdi_report.metrics.levels import (
    LEVEL,
    PP_DIFF,
    RATIO,
    UPLIFT,
    compare_columns,
    group_rows,
    table_of,
)
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit

# chart 6 in the seed's order; chart 38 adds the two optional ones when the data has them
HONOURS = (
    "hon_little_giant",
    "hon_high_tech",
    "hon_tech_center",
    "hon_tech_sme",
    "hon_single_champion",
    "hon_eng_research_center",
    "hon_gazelle",
    "hon_unicorn",
)
OPTIONAL_HONOURS = ("hon_green_factory", "hon_cnas")
EVALUATIONS = (
    "eval_intl_adv_or_lead",
    "eval_dom_adv_or_lead",
    "eval_reach_intl",
    "eval_reach_dom",
)
# chart 8: composite output = patents + software copyrights + standards, per firm (spec's rule)
COMPOSITE = ("patents_total", "software_copyrights", "std_total")
STANDARD_INDICATORS = ("patents_total", "invention_grants", "composite")
YES, NO = "yes", "no"
# chart 25: rows x columns, Pearson r on raw values, pairwise complete
CORRELATION_ROWS = ("patents_total", "invention_applications_pending", "invention_grants")
CORRELATION_COLUMNS = (*CORRELATION_ROWS, "insured_employees", "registered_capital")
VALUE_INDEX_SCALE = 100.0  # chart 38: lift rescaled so the lowest honour is 0, the highest 100


def _holding_rates(
    firms: pd.DataFrame, columns: tuple[str, ...], key: str, context: MetricContext
) -> pd.DataFrame:
    masks = context.level_masks(firms, with_all=True)
    rows = []
    for column in columns:
        held = flag(firms, column)
        for label, mask in masks:
            total = int(mask.sum())
            rows.append((column, label, held[mask].sum() / total if total else np.nan, total))
    table = table_of(rows, [key, LEVEL, "share", N_COLUMN])
    table = compare_columns(table, PP_DIFF, ["share"], keys=[key])
    return pd.DataFrame(compare_columns(table, RATIO, ["share"], keys=[key]))


@metric("honours_by_level", Unit.SHARE, keys=("honour", LEVEL), chart_ids=("c06", "c36", "c37"))
def honours_by_level(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Holding rate of each honour per level (+ all); nat − prov (pp) and nat / prov rows."""
    present = tuple(h for h in OPTIONAL_HONOURS if h in firms.columns)
    return _holding_rates(firms, HONOURS + present, "honour", context)


@metric("honour_value_matrix", Unit.SHARE, keys=("honour",), chart_ids=("c38", "c39"))
def honour_value_matrix(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 38: holding rate (x) and value index (y) of each honour.

    ``lift`` = share(nat | holders) / share(nat); ``value_index`` = lift rescaled to 0–100 over
    the honours shown (lowest 0, highest 100).
    """
    present = HONOURS + tuple(h for h in OPTIONAL_HONOURS if h in firms.columns)
    national = context.level_masks(firms)[0][1]
    total = len(firms)
    base = national.sum() / total if total else np.nan
    rows = []
    for column in present:
        held = flag(firms, column)
        holders = int(held.sum())
        lift = (national[held].sum() / holders) / base if holders and base else np.nan
        rows.append((column, holders, holders / total if total else np.nan, lift, total))
    table = pd.DataFrame(table_of(rows, ["honour", "holders", "share", "lift", N_COLUMN]))
    low, high = table["lift"].min(), table["lift"].max()
    spread = high - low
    table["value_index"] = (
        (table["lift"] - low) / spread * VALUE_INDEX_SCALE if spread > 0 else np.nan
    )
    return table


@metric("standards_by_level", Unit.SHARE, keys=(LEVEL,), chart_ids=("c07",))
def standards_by_level(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 7: share holding a standard and mean standards among holders, per level (+ all).

    ``ratio`` and ``uplift`` rows compare national with provincial.
    """
    holds = flag(firms, "has_standard")
    standards = numeric(firms, "std_total")
    rows = []
    for label, mask in context.level_masks(firms, with_all=True):
        total = int(mask.sum())
        holders = standards[mask & holds]
        rows.append(
            (
                label,
                holds[mask].sum() / total if total else np.nan,
                float(np.nanmean(holders)) if np.isfinite(holders).any() else np.nan,
                total,
            )
        )
    table = table_of(rows, [LEVEL, "share", "mean_standards", N_COLUMN])
    table = compare_columns(table, RATIO, ["share", "mean_standards"])
    return pd.DataFrame(compare_columns(table, UPLIFT, ["mean_standards"]))


@metric(
    "innovation_by_standard",
    Unit.VALUE,
    keys=(LEVEL, "has_standard", "indicator"),
    chart_ids=("c08",),
    physical_unit="items",
    n_disclosed=False,  # holders and non-holders of standards
)
def innovation_by_standard(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 8: median patents, invention grants and composite by level × standards holding.

    ``has_standard = uplift`` rows: holders over non-holders − 1, within each level.
    """
    holds = flag(firms, "has_standard")
    components = np.column_stack([numeric(firms, c) for c in COMPOSITE])
    # a firm with none of the three values has no composite (not 0)
    none = np.isnan(components).all(axis=1)
    composite = np.where(none, np.nan, np.nansum(components, axis=1))
    values = {
        "patents_total": numeric(firms, "patents_total"),
        "invention_grants": numeric(firms, "invention_grants"),
        "composite": composite,
    }
    parts: list[tuple[str, str, str, float, int]] = []
    for label, mask in context.level_masks(firms):
        groups = [(YES, mask & holds), (NO, mask & ~holds)]
        for indicator in STANDARD_INDICATORS:
            parts += [
                (label, has, indicator, value, n)
                for has, _s, value, n in group_rows(values[indicator], groups, ("median",))
            ]
    table = table_of(parts, [LEVEL, "has_standard", "indicator", "value", N_COLUMN])
    joined = compare_columns(
        table,
        UPLIFT,
        ["value"],
        keys=[LEVEL, "indicator"],
        group_column="has_standard",
        first=YES,
        second=NO,
    )
    return pd.DataFrame(joined)


@metric("evaluations_by_level", Unit.SHARE, keys=("evaluation", LEVEL), chart_ids=("c09",))
def evaluations_by_level(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 9: share of firms with each S&T evaluation per level; pp and ratio rows."""
    return _holding_rates(firms, EVALUATIONS, "evaluation", context)


@metric(
    "inventions_by_tech_eval",
    Unit.VALUE,
    keys=(LEVEL, "has_tech_eval"),
    chart_ids=("c10",),
    physical_unit="items",
    n_disclosed=False,  # firms with and without an evaluation
)
def inventions_by_tech_eval(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 10: median invention grants with and without an S&T evaluation, per level.

    Levels national, provincial and all; ``has_tech_eval = uplift`` rows.
    """
    evaluated = flag(firms, "has_tech_eval")
    grants = numeric(firms, "invention_grants")
    parts: list[tuple[str, str, float, int]] = []
    for label, mask in context.level_masks(firms, with_all=True):
        groups = [(YES, mask & evaluated), (NO, mask & ~evaluated)]
        parts += [(label, has, v, n) for has, _s, v, n in group_rows(grants, groups, ("median",))]
    table = table_of(parts, [LEVEL, "has_tech_eval", "value", N_COLUMN])
    joined = compare_columns(
        table, UPLIFT, ["value"], keys=[LEVEL], group_column="has_tech_eval", first=YES, second=NO
    )
    return pd.DataFrame(joined)


@metric("core_correlations", Unit.R, keys=("x", "y"), chart_ids=("c25",))
def core_correlations(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 25: Pearson r of each IP indicator with the five core indicators.

    Pairwise complete, raw values; ``n`` = firms with both values.
    """
    del context
    values = {c: numeric(firms, c) for c in CORRELATION_COLUMNS}
    valid = {c: ~np.isnan(v) for c, v in values.items()}
    rows = []
    for row in CORRELATION_ROWS:
        for column in CORRELATION_COLUMNS:
            both = valid[row] & valid[column]
            rows.append(
                (row, column, _pearson(values[row][both], values[column][both]), both.sum())
            )
    return pd.DataFrame(table_of(rows, ["x", "y", "value", N_COLUMN]))


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    if x.size < 2 or x.std() == 0 or y.std() == 0:
        return float("nan")
    return float(np.corrcoef(x, y)[0, 1])
