"""The text tables of chapters 3–5 of the national edition (national_report.md §2, charts 24–56)."""

from __future__ import annotations

from srdi_report.editions.national_figures import LEVELS, view
from srdi_report.editions.national_table_parts import (
    CORE_INDICATORS,
    FIELD_CLASSES,
    HONOURS_C37,
    HONOURS_C39,
    LEVEL_COLUMNS,
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
from srdi_report.editions.spec import TableSpec


def chapter3_tables(fin: str) -> tuple[TableSpec, ...]:
    """Charts 24–40 (chapter 3); ``fin`` = the financial year as text."""
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
                view("capability_scores", {"key": "dimension"}, scope="level=provincial"),
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
                view("capability_scores", {"key": "dimension"}, scope="level=provincial"),
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
    """Chart 40: 22 indicators in the seed's order, integers where the seed prints integers."""
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


def chapter45_tables() -> tuple[TableSpec, ...]:
    """Charts 49–56 (chapters 4 and 5): qualitative content tables."""
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
            "c54",
            "c54_suzhou_clusters",
            (
                left("Cluster", 1.1),
                left("Strategy", 1.2),
                left("Indicator", 1.8),
                right("Value", 0.6),
                left("Case firm", 1.0),
            ),
            text("cluster"),
            text("slogan"),
            text("kpi"),
            cnum("kpi_value", "@kpi_unit", 1),
            text("case_firm"),
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
