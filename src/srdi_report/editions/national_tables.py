"""The text tables of the national edition (national_report.md §2), one :class:`TableSpec` each.

Metric tables name a metric, the row keys and, per column, the metric column and key values of
each number (never a number itself). Qualitative tables and the text columns of partly
qualitative ones come from ``data/reference/content/<name>.csv`` (``<field>_zh`` / ``_en``).
Label sources of row keys are those of :mod:`srdi_report.compose.tables`.
"""

from __future__ import annotations

from srdi_report.editions.national_figures import EMP_BANDS, HONOURS_C06, LEVELS, view
from srdi_report.editions.national_table_parts import (
    LEVEL_COLUMNS,
    NATIONAL,
    PROVINCIAL,
    STRATEGIC_MINOR,
    by_level,
    cnum,
    content_table,
    key,
    left,
    metric_table,
    msg,
    num,
    right,
    rows,
    text,
)
from srdi_report.editions.national_tables_ch3 import chapter3_tables, chapter45_tables
from srdi_report.editions.spec import TableSpec

# --- the tables ----------------------------------------------------------------------------------


def national_tables(fin_year: int) -> dict[str, TableSpec]:
    """Every text table of the national edition by exhibit id."""
    years = tuple(str(y) for y in range(fin_year - 2, fin_year + 1))
    fin = str(fin_year)
    specs = [
        *_chapter1_tables(),
        *_chapter2_tables(years, fin),
        *chapter3_tables(fin),
        *chapter45_tables(),
    ]
    return {spec.table_id: spec for spec in specs}


def _chapter1_tables() -> tuple[TableSpec, ...]:
    return (
        content_table(
            "c01",
            "c01_policy_stages",
            (
                left("Stage", 1.0),
                left("Period", 0.9),
                left("Core task", 1.4),
                left("Policy focus", 1.4),
                left("Number of firms", 1.0),
            ),
            text("stage"),
            text("period"),
            text("core_task"),
            text("policy_focus"),
            text("firm_count_feature"),
        ),
        content_table(
            "c02",
            "c02_measures_2026_changes",
            (right("No.", 0.35), left("Feature", 1.1), left("Change", 3.6)),
            cnum("seq", "rank"),
            text("feature"),
            text("change"),
        ),
    )


def _chapter2_tables(years: tuple[str, ...], fin: str) -> tuple[TableSpec, ...]:
    level_view = view("firms_by_level", {"key": "level"})
    emp = view("employee_bands_by_level", {"key": "emp_band"})
    honours = view("honours_by_level", {"key": "honour"})
    growth = view("revenue_growth_by_level", {"key": "year"})
    rd_mean = view("rd_intensity_by_level", {"key": "year"}, where={"statistic": ("mean",)})
    rd_pct = view("rd_intensity_by_level", {"key": "statistic"}, where={"year": (fin,)})
    return (
        metric_table(
            "c03",
            (
                left("Level", 1.2),
                right("Firms", 0.7),
                right("Share", 0.6),
                left("Recognition criteria", 3.0),
            ),
            rows(
                level_view,
                key("level"),
                num("firms", "count"),
                num("share", "share", 2),
                text("criteria"),
                keys=LEVELS,
                content="c03_recognition_criteria",
                content_key="level",
            ),
            rows(
                view("firm_count", {}),
                msg("Total"),
                num("firms", "count"),
                msg(""),
                msg(""),
                bold=True,
            ),
        ),
        metric_table(
            "c04",
            (left("Indicator", 2.0), *LEVEL_COLUMNS, right("Multiple or difference")),
            rows(
                view(
                    "indicators_by_level",
                    {"key": "statistic"},
                    where={"indicator": ("registered_capital",)},
                ),
                key("capital_statistic"),
                *by_level("value", "value", 0),
                num("value", "ratio", 2, where={"level": "ratio"}),
                keys=("median", "mean"),
            ),
            rows(
                view("capital_ge_1yi_by_level", {}),
                msg("Share with registered capital of CNY 100 million or more"),
                *by_level("share", "share", 1),
                num("share", "pp", 1, where={"level": "pp_diff"}, signed=True),
            ),
        ),
        metric_table(
            "c05",
            (left("Insured employees", 1.6), *LEVEL_COLUMNS, right("Difference")),
            rows(
                emp,
                key("emp_band"),
                *by_level("share", "share", 2),
                num("share", "pp", 2, where={"level": "pp_diff"}, signed=True),
                keys=(*EMP_BANDS, "unknown"),
            ),
        ),
        metric_table(
            "c06",
            (left("Honor or qualification", 1.8), *LEVEL_COLUMNS, right("Difference")),
            rows(
                honours,
                key("honour"),
                *by_level("share", "share", 2),
                num("share", "pp", 2, where={"level": "pp_diff"}, signed=True),
                keys=HONOURS_C06,
            ),
            notes=("Honor flags count titles at any level, provincial programs included.",),
        ),
        metric_table(
            "c07",
            (left("Level", 1.6), right("Holding rate"), right("Mean standards per holder")),
            rows(
                view("standards_by_level", {"key": "level"}),
                key("level"),
                num("share", "share", 2),
                num("mean_standards", "value", 0),
                keys=(*LEVELS, "all"),
            ),
        ),
        metric_table(
            "c08",
            (
                left("Median", 1.6),
                right("National, with standards"),
                right("National, without"),
                right("Provincial, with standards"),
                right("Provincial, without"),
            ),
            rows(
                view("innovation_by_standard", {"key": "indicator"}),
                key("indicator"),
                num("value", "value", 0, where={**NATIONAL, "has_standard": "yes"}),
                num("value", "value", 0, where={**NATIONAL, "has_standard": "no"}),
                num("value", "value", 0, where={**PROVINCIAL, "has_standard": "yes"}),
                num("value", "value", 0, where={**PROVINCIAL, "has_standard": "no"}),
                keys=("patents_total", "invention_grants", "composite"),
            ),
            notes=("Composite output = patents + software copyrights + standards, per firm.",),
        ),
        metric_table(
            "c09",
            (
                left("Evaluation result", 1.6),
                *LEVEL_COLUMNS,
                right("Difference"),
                right("Multiple"),
            ),
            rows(
                view("evaluations_by_level", {"key": "evaluation"}),
                key("evaluation"),
                *by_level("share", "share", 2),
                num("share", "pp", 2, where={"level": "pp_diff"}, signed=True),
                num("share", "ratio", 1, where={"level": "ratio"}),
                keys=(
                    "eval_intl_adv_or_lead",
                    "eval_dom_adv_or_lead",
                    "eval_reach_intl",
                    "eval_reach_dom",
                ),
            ),
        ),
        metric_table(
            "c10",
            (
                left("Level", 1.6),
                right("With an S&T evaluation"),
                right("Without"),
                right("Difference"),
            ),
            rows(
                view("inventions_by_tech_eval", {"key": "level"}),
                key("level"),
                num("value", "value", 0, where={"has_tech_eval": "yes"}),
                num("value", "value", 0, where={"has_tech_eval": "no"}),
                num("value", "share", 0, where={"has_tech_eval": "uplift"}, signed=True),
                keys=(*LEVELS, "all"),
            ),
            notes=("Median invention grants per firm.",),
        ),
        metric_table(
            "b11a",
            (right("Year", 0.6), *LEVEL_COLUMNS, right("Gap")),
            rows(
                growth,
                key(),
                *by_level("value", "share", 2),
                num("value", "pp", 2, where={"level": "pp_diff"}, signed=True),
                keys=years,
            ),
            notes=("Median revenue growth of listed firms.",),
        ),
        metric_table(
            "c11",
            (
                right("Year", 0.6),
                *LEVEL_COLUMNS,
                right("Gap"),
                right("Firms in the 0–30% window"),
                right("Firms with R&D data"),
            ),
            rows(
                rd_mean,
                key(),
                *by_level("value", "share", 1),
                num("value", "pp", 1, where={"level": "pp_diff"}, signed=True),
                num("n", "count", where={"level": "all"}),
                num("firms_with_value", "count", where={"level": "all"}),
                keys=years,
            ),
            notes=("Mean R&D intensity of firms with a value between 0% and 30%.",),
        ),
        metric_table(
            "c12",
            (left("Percentile", 1.0), *LEVEL_COLUMNS, right("Gap"), left("Policy line", 1.8)),
            rows(
                rd_pct,
                key("statistic"),
                *by_level("value", "share", 1),
                num("value", "pp", 1, where={"level": "pp_diff"}, signed=True),
                text("line"),
                keys=("p50", "p75", "p90"),
                content="c12_policy_lines",
                content_key="statistic",
            ),
        ),
        metric_table(
            "c14",
            (
                left("Quadrant", 1.1),
                right("Share", 0.6),
                left("Rule", 1.4),
                left("Features", 1.6),
                left("Strategy", 1.4),
            ),
            rows(
                view("quadrant_shares", {"key": "quadrant"}),
                key("quadrant"),
                num("share", "share", 1),
                text("rule"),
                text("feature"),
                text("strategy"),
                keys=("head", "startup", "scale", "incubating"),
                content="c14_quadrant_classes",
                content_key="quadrant",
            ),
        ),
        metric_table(
            "c16",
            (
                right("Rank", 0.5),
                left("Province", 1.2),
                right("Share of all SRDI firms"),
                right("National-level share"),
            ),
            rows(
                view("province_ranking", {"key": "province_code"}, top=10),
                num("rank", "rank"),
                key("province"),
                num("share", "share", 2),
                num("national_ratio", "share", 2),
            ),
        ),
        metric_table(
            "c17",
            (
                left("City cluster", 1.2),
                left("Area covered", 1.8),
                right("Firms", 0.8),
                right("National-level share"),
            ),
            rows(
                view("national_ratio_by_cluster", {"key": "city_cluster"}),
                key("cluster"),
                text("provinces"),
                num("firms", "count"),
                num("share", "share", 2),
                keys=("jjj", "yrd", "prd"),
                content="c17_city_clusters",
                content_key="city_cluster",
            ),
        ),
        metric_table(
            "b19a",
            (
                right("Rank", 0.5),
                left("City", 1.2),
                right("Share of all SRDI firms"),
                right("Median patents"),
            ),
            rows(
                view("city_ranking", {"key": "city_code"}, top=20),
                num("rank", "rank"),
                key("city"),
                num("share", "share", 2),
                num("value", "value", 0, metric="patents_median_by_city"),
            ),
        ),
        metric_table(
            "c20",
            (
                right("Rank", 0.5),
                left("GB/T 4754 major class", 2.2),
                right("Share", 0.7),
                left("Features", 1.8),
            ),
            rows(
                view("gbt_major_ranking", {"key": "gbt_major"}, top=12),
                num("rank", "rank"),
                key("gbt_major"),
                num("share", "share", 2),
                text("feature"),
                content="c20_industry_major_features",
                content_key="gbt_major",
            ),
        ),
        metric_table(
            "c22",
            (
                left("GB/T 4754 middle class", 2.0),
                right("Firms", 0.7),
                right("National-level share", 0.8),
                left("Type", 0.8),
                left("Rating", 0.8),
                left("Positioning", 2.0),
            ),
            rows(
                view("core_class_types", {"key": "gbt_middle"}),
                key("gbt_middle"),
                num("firms", "count"),
                num("share", "share", 1),
                key("class_type", column="class_type"),
                text("stars"),
                text("positioning"),
                keys=("397", "398", "382", "749", "346"),
                content="c22_core_middle_classes",
                content_key="gbt_middle",
            ),
        ),
        metric_table(
            "c23",
            (
                left("Field", 1.0),
                left("Class", 2.0),
                right("Firms", 0.7),
                right("National-level share", 0.8),
                left("Positioning", 1.2),
            ),
            rows(
                view("national_ratio_by_gbt_minor", {"key": "gbt_minor"}),
                text("field"),
                key("gbt_minor"),
                num("firms", "count"),
                num("share", "share", 1),
                text("positioning"),
                keys=STRATEGIC_MINOR,
                content="c23_strategic_classes",
                content_key="code",
            ),
            rows(
                view("national_ratio_by_gbt_middle", {"key": "gbt_middle"}),
                text("field"),
                key("gbt_middle"),
                num("firms", "count"),
                num("share", "share", 1),
                text("positioning"),
                keys=("276",),
                content="c23_strategic_classes",
                content_key="code",
            ),
            notes=("Biological pharmaceutical products is a GB/T 4754 middle class.",),
        ),
    )
