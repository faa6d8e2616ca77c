"""The text tables of the national edition (national_report.md §2), one :class:`TableSpec` each.

Metric tables name a metric, the row keys and, per column, the metric column and key values of
each number (never a number itself). Qualitative tables and the text columns of partly
qualitative ones come from ``data/reference/content/<name>.csv`` (``<field>_zh`` / ``_en``).
Label sources of row keys are those of :mod:`srdi_report.compose.tables`.
"""

from __future__ import annotations

from collections.abc import Mapping

from srdi_report.editions.national_figures import EMP_BANDS, HONOURS_C06, LEVELS, view
from srdi_report.editions.national_titles import TITLES
from srdi_report.editions.spec import (
    Align,
    Cell,
    CellSource,
    RowGroup,
    TableColumn,
    TableKind,
    TableSpec,
    frozen_map,
)
from srdi_report.figures.spec import DataView

NATIONAL = {"level": "national"}
PROVINCIAL = {"level": "provincial"}
HONOURS_C37 = (
    "hon_tech_center",
    "hon_single_champion",
    "hon_eng_research_center",
    "hon_high_tech",
    "hon_unicorn",
    "hon_gazelle",
)
HONOURS_C39 = (
    "hon_high_tech",
    "hon_tech_center",
    "hon_single_champion",
    "hon_unicorn",
    "hon_eng_research_center",
    "hon_green_factory",
    "hon_gazelle",
    "hon_cnas",
    "hon_tech_sme",
)
CORE_INDICATORS = (
    "registered_capital",
    "insured_employees",
    "patents_total",
    "invention_applications_pending",
    "invention_grants",
    "software_copyrights",
)
STRATEGIC_MINOR = ("3985", "3824", "3983", "4011", "4014", "3825", "3841", "6511", "6520", "3073")
FIELD_CLASSES = ("397", "398", "382", "346", "6560", "651", "7320", "33")


# --- cell and column helpers ---------------------------------------------------------------------


def key(labels: str = "", column: str = "") -> Cell:
    """The row key (or another key column of the row), printed through a label source."""
    return Cell(CellSource.KEY, column=column, labels=labels)


def num(
    column: str,
    kind: str,
    digits: int = 0,
    *,
    where: Mapping[str, object] | None = None,
    metric: str = "",
    signed: bool = False,
) -> Cell:
    """A number from a metric column of the row (filtered by ``where``)."""
    return Cell(
        CellSource.VALUE,
        column=column,
        where=frozen_map(where),
        metric=metric,
        kind=kind,
        digits=digits,
        signed=signed,
    )


def text(field: str) -> Cell:
    """A text field of the group's content table, in the edition's language."""
    return Cell(CellSource.CONTENT, column=field)


def cnum(field: str, kind: str, digits: int = 0) -> Cell:
    """A numeric field of the group's content table."""
    return Cell(CellSource.CONTENT_NUMBER, column=field, kind=kind, digits=digits)


def msg(msgid: str) -> Cell:
    """A fixed message id ("" prints an empty cell)."""
    return Cell(CellSource.MSGID, msgid=msgid)


def rank() -> Cell:
    """The running row number."""
    return Cell(CellSource.RANK, kind="rank")


def left(header: str, width: float = 1.0) -> TableColumn:
    """A text column."""
    return TableColumn(header, Align.LEFT, width)


def right(header: str, width: float = 1.0) -> TableColumn:
    """A number column (right-aligned)."""
    return TableColumn(header, Align.RIGHT, width)


def rows(
    data: DataView | None,
    *cells: Cell,
    keys: tuple[str, ...] = (),
    content: str = "",
    content_key: str = "",
    bold: bool = False,
) -> RowGroup:
    """A row group."""
    return RowGroup(data, cells, keys, content, content_key, bold)


def metric_table(
    table_id: str, columns: tuple[TableColumn, ...], *groups: RowGroup, notes: tuple[str, ...] = ()
) -> TableSpec:
    """A table of metric rows, titled from :data:`TITLES`."""
    return TableSpec(table_id, TITLES[table_id], TableKind.METRIC, columns, groups, notes)


def content_table(
    table_id: str, content: str, columns: tuple[TableColumn, ...], *cells: Cell
) -> TableSpec:
    """A table of the rows of one content CSV."""
    group = rows(None, *cells, content=content)
    return TableSpec(table_id, TITLES[table_id], TableKind.CONTENT, columns, (group,))


def by_level(column: str, kind: str, digits: int) -> tuple[Cell, Cell]:
    """National and provincial cells of one metric column."""
    return (
        num(column, kind, digits, where=NATIONAL),
        num(column, kind, digits, where=PROVINCIAL),
    )


LEVEL_COLUMNS = (right("National-level Little Giants"), right("Provincial-level SRDI firms"))


# --- the tables ----------------------------------------------------------------------------------


def national_tables(fin_year: int) -> dict[str, TableSpec]:
    """Every text table of the national edition by exhibit id."""
    years = tuple(str(y) for y in range(fin_year - 2, fin_year + 1))
    fin = str(fin_year)
    specs = [
        *_chapter1_tables(),
        *_chapter2_tables(years, fin),
        *_chapter3_tables(fin),
        *_chapter45_tables(),
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


def _chapter3_tables(fin: str) -> tuple[TableSpec, ...]:
    rd_fin = view("rd_intensity_by_level", {"key": "level"}, where={"year": (fin,)})
    rd_cells_share = tuple(
        num("value", "share", 1, where={"statistic": s}) for s in ("mean", "p50", "p75", "p90")
    )
    rd_cells_pp = tuple(
        num("value", "pp", 1, where={"statistic": s}, signed=True)
        for s in ("mean", "p50", "p75", "p90")
    )
    return (
        content_table(
            "c24",
            "c24_kcl_dimensions",
            (
                left("Dimension", 1.1),
                left("Core indicators", 1.6),
                right("Weight", 0.6),
                left("What it shows", 1.8),
            ),
            text("dimension"),
            text("indicators"),
            cnum("weight", "share", 0),
            text("logic"),
        ),
        metric_table(
            "c26",
            (
                left("Indicator", 1.6),
                right("National median", 0.8),
                right("Provincial median", 0.8),
                right("Multiple", 0.7),
                left("Significance", 0.7),
                left("Policy meaning", 2.0),
            ),
            rows(
                view("indicators_by_level", {"key": "indicator"}, where={"statistic": ("median",)}),
                key("indicator"),
                *by_level("value", "value", 0),
                num("value", "ratio", 2, where={"level": "ratio"}),
                text("significance"),
                text("meaning"),
                keys=CORE_INDICATORS,
                content="c26_core_indicators",
                content_key="indicator",
            ),
        ),
        metric_table(
            "c27",
            (
                left("Level", 1.6),
                right("Mean"),
                right("P50"),
                right("P75"),
                right("P90"),
            ),
            rows(rd_fin, key("level"), *rd_cells_share, keys=LEVELS),
            rows(rd_fin, key("level"), *rd_cells_pp, keys=("pp_diff",)),
            notes=("R&D intensity of the financial year, firms with a value between 0% and 30%.",),
        ),
        metric_table(
            "c28",
            (
                left("R&D-intensity band", 1.6),
                right("Firms", 0.7),
                right("Share of firms"),
                right("Median patents"),
                right("Median invention grants"),
                right("National-level share"),
            ),
            rows(
                view("rd_bands", {"key": "rd_band"}),
                key("rd_band"),
                num("firms", "count"),
                num("share", "share", 1),
                num("patents_median", "value", 0),
                num("invention_grants_median", "value", 0),
                num("national_share", "share", 1),
                keys=("high", "mid", "low", "all"),
            ),
        ),
        metric_table(
            "c29",
            (
                left("Class", 0.9),
                left("Score band", 1.0),
                left("R&D band", 1.0),
                right("Firms", 0.6),
                right("Share", 0.6),
                left("Description", 1.4),
                left("Advice", 1.6),
            ),
            rows(
                view("kcl_classes", {"key": "kcl_class"}),
                key("kcl_class"),
                text("score_band"),
                text("rd_band"),
                num("firms", "count"),
                num("share", "share", 1),
                text("description"),
                text("advice"),
                keys=("double_high", "high_output", "high_input", "potential", "basic", "other"),
                content="c29_kcl_classes",
                content_key="kcl_class",
            ),
            notes=("Software and IT firms use the R&D bands 35% or more, 25–35% and under 25%.",),
        ),
        metric_table(
            "c30",
            (
                left("Dimension", 1.3),
                left("Score indicator", 1.3),
                right("Weight", 0.6),
                right("National median", 0.9),
                right("Provincial median", 0.9),
                right("Provincial score (national = 100)", 1.0),
                right("Gap rate (%)", 0.8),
            ),
            rows(
                view("capability_scores", {"key": "dimension"}),
                key("dimension"),
                text("indicator"),
                num("weight", "share", 0),
                num("benchmark_median", "value", 0),
                num("scope_median", "value", 0),
                num("score", "score", 1),
                num("gap", "score", 1),
                keys=("tech", "quality", "scale", "capital", "digital"),
                content="c30_dimension_indicators",
                content_key="dimension",
            ),
            rows(
                view("capability_scores", {"key": "dimension"}),
                key("dimension"),
                text("indicator"),
                num("weight", "share", 0),
                msg(""),
                msg(""),
                num("score", "score", 1),
                num("gap", "score", 1),
                keys=("composite",),
                content="c30_dimension_indicators",
                content_key="dimension",
                bold=True,
            ),
        ),
        content_table(
            "c32",
            "c31_priority_matrix",
            (left("Zone", 1.4), left("Factor", 1.2), left("Strategy", 2.4)),
            text("zone"),
            text("factor"),
            text("strategy"),
        ),
        metric_table(
            "c33",
            (
                left("Field", 1.0),
                left("Representative class", 1.6),
                right("Median invention grants", 0.8),
                right("Mean R&D intensity", 0.8),
                right("Median software copyrights", 0.8),
                left("Features", 1.5),
            ),
            rows(
                view("field_class_indicators", {"key": "industry"}),
                text("field"),
                text("class"),
                num("value", "value", 0, where={"statistic": "invention_grants_median"}),
                num("value", "share", 1, where={"statistic": "rd_intensity_mean"}),
                num("value", "value", 0, where={"statistic": "software_copyrights_median"}),
                text("feature"),
                keys=FIELD_CLASSES,
                content="c33_domain_features",
                content_key="industry",
            ),
        ),
        content_table(
            "c34",
            "c34_industry_eval_standards",
            (
                left("Firm type", 1.5),
                right("Patent weight", 0.6),
                right("Software-copyright weight", 0.7),
                right("Other indicators", 0.6),
                right("R&D baseline", 0.6),
                left("Features", 1.2),
                left("Focus", 1.4),
            ),
            text("type"),
            cnum("patent_weight", "share", 0),
            cnum("software_weight", "share", 0),
            cnum("other_weight", "share", 0),
            cnum("rd_baseline", "share", 0),
            text("feature"),
            text("focus"),
        ),
        metric_table(
            "c37",
            (left("Honor", 1.8), *LEVEL_COLUMNS, right("Multiple")),
            rows(
                view("honours_by_level", {"key": "honour"}),
                key("honour"),
                *by_level("share", "share", 2),
                num("share", "ratio", 1, where={"level": "ratio"}),
                keys=HONOURS_C37,
            ),
        ),
        metric_table(
            "c39",
            (
                left("Quadrant", 1.5),
                left("Honor", 1.3),
                right("Holding rate", 0.7),
                right("Value index", 0.7),
                left("Strategy", 2.0),
            ),
            rows(
                view("honour_value_matrix", {"key": "honour"}),
                text("quadrant"),
                key("honour"),
                num("share", "share", 1),
                num("value_index", "value", 0),
                text("strategy"),
                keys=HONOURS_C39,
                content="c39_honour_matrix",
                content_key="honour",
            ),
        ),
        _champion_table(),
    )


def _champion_table() -> TableSpec:
    """图表40: 22 indicators in the seed's order, integers where the seed prints integers."""
    runs: tuple[tuple[tuple[str, ...], str, int], ...] = (
        (
            (
                "patents_total",
                "invention_applications",
                "pct_applications",
                "foreign_patents",
                "invention_grants",
            ),
            "value",
            0,
        ),
        (("invention_grant_rate",), "share", 2),
        (("high_value_inventions_valid",), "value", 0),
        (("citations_per_invention", "award_inventions", "standard_inventions"), "value", 2),
        (("insured_employees",), "value", 0),
        (("patent_inventors", "univ_coop_patents"), "value", 2),
        (("registered_capital",), "value", 0),
        (
            (
                "pledged_patents",
                "licensed_patents",
                "litigated_patents",
                "std_national",
                "std_local_industry",
                "std_group",
                "software_copyrights",
                "digital_tech_patents_valid",
            ),
            "value",
            2,
        ),
    )
    data = view("champion_comparison", {"key": "indicator"})
    groups = tuple(
        rows(
            data,
            key("champion_dimension", column="dimension"),
            key("champion_indicator"),
            text("unit"),
            num("little_giant", kind, digits),
            num("champion", kind, digits),
            num("multiple", "ratio", 1),
            keys=indicators,
            content="c40_champion_units",
            content_key="indicator",
        )
        for indicators, kind, digits in runs
    )
    return metric_table(
        "c40",
        (
            left("Dimension", 1.1),
            left("Indicator", 1.8),
            left("Unit", 0.6),
            right("Little Giants", 0.8),
            right("Single-item champions", 0.8),
            right("Multiple", 0.6),
        ),
        *groups,
        notes=("Means per firm; the grant rate and citations are ratios of sums.",),
    )


def _chapter45_tables() -> tuple[TableSpec, ...]:
    return (
        content_table(
            "c49",
            "c49_key_little_giant_path",
            (
                left("Dimension", 0.9),
                left("Breakthrough tier", 1.4),
                left("Leading tier", 1.4),
                left("Path", 1.6),
            ),
            text("dimension"),
            text("breakthrough_goal"),
            text("leading_goal"),
            text("path"),
        ),
        content_table(
            "c50",
            "c50_bottleneck_matrix",
            (
                left("Bottleneck", 1.3),
                left("Technology", 1.2),
                left("Talent", 1.2),
                left("Capital", 1.2),
                left("Digital", 1.2),
            ),
            text("bottleneck"),
            text("technology"),
            text("talent"),
            text("capital"),
            text("digital"),
        ),
        content_table(
            "c51",
            "c51_patent_strategies",
            (
                left("Firm type", 1.0),
                left("Patent focus", 1.4),
                left("Targets", 1.6),
                left("Policy tools", 1.6),
            ),
            text("type"),
            text("focus"),
            text("target"),
            text("policy"),
        ),
        content_table(
            "c52",
            "c52_talent_plans",
            (
                left("Firm type", 1.0),
                right("R&D staff share target", 0.8),
                left("Talent focus", 1.5),
                left("Policy tools", 1.6),
            ),
            text("type"),
            cnum("rd_staff_target", "share", 0),
            text("focus"),
            text("support"),
        ),
        content_table(
            "c53",
            "c53_case_haoshun_timeline",
            (
                left("Period", 0.9),
                left("Stage", 0.8),
                left("Events", 2.0),
                left("Achievements", 2.0),
            ),
            text("period"),
            text("stage"),
            text("events"),
            text("achievements"),
        ),
        content_table(
            "c55",
            "c55_yuanshi_structure",
            (left("Element", 0.9), left("Who", 1.6), left("Role", 2.2)),
            text("element"),
            text("members"),
            text("role"),
        ),
        content_table(
            "c56",
            "c56_ip_service_stages",
            (
                right("Stage", 0.5),
                left("Service feature", 1.1),
                left("Core value", 1.1),
                left("Typical services", 2.2),
            ),
            cnum("stage", "value", 1),
            text("feature"),
            text("core_value"),
            text("services"),
        ),
    )
