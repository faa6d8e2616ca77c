"""The charts of the national edition (national_report.md §2), one :class:`FigureSpec` each.

Every chart reads registered metrics through :class:`DataView` values with the role vocabulary
of the chart kinds (``category``, ``value``, ``series``, ``x``, ``y``, ``size``, ``label``; the
tier pyramid uses ``tier``, ``firms``, ``share``). Codes without a reference name are labelled
through ``data/reference/content/code_labels.csv`` (label source = its ``domain``).

Charts whose data no metric provides yet would be listed in ``PENDING`` saying what is
missing, so the outline and the numbering stay complete (none is pending now).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from srdi_report.data.derive_params import QUADRANT_EMPLOYEES_ABOVE, QUADRANT_PATENTS_ABOVE
from srdi_report.data.reference_files import read_reference_csv
from srdi_report.editions.card_views import card_views
from srdi_report.editions.national_titles import TITLES
from srdi_report.editions.spec import frozen_map
from srdi_report.figures.spec import DataView, FigureSpec

LEVELS = ("national", "provincial")
EMP_BANDS = ("0–50", "51–100", "101–200", "201–500", "501–1000", ">1000")
HONOURS_C06 = (
    "hon_little_giant",
    "hon_high_tech",
    "hon_tech_center",
    "hon_tech_sme",
    "hon_single_champion",
    "hon_eng_research_center",
    "hon_gazelle",
    "hon_unicorn",
)
DIMENSIONS = ("tech", "quality", "scale", "capital", "digital")
CLUSTERS = ("jjj", "yrd", "prd")
RD_BANDS = ("high", "mid", "low")
SCORE_BANDS = ("ge85", "70_85", "60_70", "lt60")
FIELDS_C35 = ("electronics_core", "high_end_equipment", "software_it", "basic_manufacturing")
SUZHOU_CODE = "320500"
SUZHOU = f"city={SUZHOU_CODE}"
SUZHOU_PROVINCE = "320000"

# Exhibit id → what is missing before the chart can be drawn (reported, never hidden).
PENDING: Mapping[str, str] = MappingProxyType({})
MSG_FIRMS_NOTE = "%(value)s firms"  # the count printed under a bar (charts B17a, 28)
# Chart 31's zones by corner (msgids; the zone names of content/c31_priority_matrix.csv).
PRIORITY_ZONE_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "top_right": "First priority",
        "top_left": "Second priority",
        "bottom_right": "Keep the advantage",
        "bottom_left": "Baseline zone",
    }
)


def view(
    metric: str,
    roles: Mapping[str, str],
    *,
    where: Mapping[str, tuple[object, ...]] | None = None,
    labels: Mapping[str, str] | None = None,
    sort: str = "",
    ascending: bool = False,
    top: int = 0,
    scope: str = "",
) -> DataView:
    """A :class:`DataView` with read-only mappings."""
    return DataView(
        metric=metric,
        roles=frozen_map(roles),  # type: ignore[arg-type]
        where=frozen_map(where),  # type: ignore[arg-type]
        labels=frozen_map(labels),  # type: ignore[arg-type]
        sort=sort,
        ascending=ascending,
        top=top,
        scope=scope,
    )


def figure(
    figure_id: str,
    kind: str,
    views: Mapping[str, DataView],
    size: tuple[float, float] = (6.3, 3.6),
    **options: object,
) -> FigureSpec:
    """A :class:`FigureSpec` titled from :data:`TITLES`, with read-only views and options."""
    return FigureSpec(
        figure_id=figure_id,
        kind=kind,
        title=TITLES[figure_id],
        views=frozen_map(views),  # type: ignore[arg-type]
        options=frozen_map(options),
        size=size,
    )


POLICY_LINE_LABELS: Mapping[str, str] = MappingProxyType(
    {"p50": "Baseline line", "p75": "Good line", "p90": "Excellent line"}
)


def policy_lines() -> tuple[Mapping[str, object], ...]:
    """Chart 12's policy lines (reference values of ``content/c12_policy_lines.csv``)."""
    frame = read_reference_csv("content/c12_policy_lines.csv")
    return tuple(
        MappingProxyType({"value": float(value), "label": POLICY_LINE_LABELS[statistic]})
        for statistic, value in zip(frame["statistic"], frame["value"], strict=True)
    )


def stage_targets() -> tuple[Mapping[str, str], ...]:
    """Step targets of chart 48, base tier first, in both languages (``c48_stage_targets.csv``).

    Bilingual content texts rather than msgids: the extractor never sees a CSV's cells, so
    msgids read from one were left untranslated in the Chinese figure and its alt text.
    """
    frame = read_reference_csv("content/c48_stage_targets.csv")
    return tuple(
        MappingProxyType({"en": str(en), "zh": str(zh)})
        for en, zh in zip(frame["target_en"], frame["target_zh"], strict=True)
    )


def national_figures(fin_year: int) -> dict[str, FigureSpec]:
    """Every chart of the national edition by exhibit id (titles = caption msgids)."""
    years = tuple(range(fin_year - 2, fin_year + 1))  # metric year keys are integers
    average = view("firms_by_level", {"value": "share"}, where={"level": ("national",)})
    specs = [
        figure(
            "c03",
            "tier_pyramid",
            {
                "main": view(
                    "tier_pyramid",
                    {"tier": "tier", "firms": "firms", "share": "share"},
                    labels={"tier": "tier"},
                )
            },
            size=(6.3, 3.4),
            base_tier=True,
        ),
        figure(
            "c05",
            "back_to_back",
            {
                "main": view(
                    "employee_bands_by_level",
                    {"category": "emp_band", "series": "level", "value": "share"},
                    where={"emp_band": EMP_BANDS, "level": LEVELS},
                    labels={"category": "emp_band", "series": "level_short"},
                )
            },
            left="provincial",
            right="national",
            axis_label="Share of firms",
            unit="share",
            digits=2,
        ),
        figure(
            "b11a",
            "line",
            {
                "main": view(
                    "revenue_growth_by_level",
                    {"x": "year", "y": "value", "series": "level"},
                    where={"year": years, "level": LEVELS},
                    labels={"series": "level_short"},
                )
            },
            unit="share",
            digits=2,
        ),
        figure(
            "c11",
            "bar",
            {
                "main": view(
                    "rd_intensity_by_level",
                    {"category": "year", "series": "level", "value": "value"},
                    where={"year": years, "statistic": ("mean",), "level": LEVELS},
                    labels={"series": "level_short"},
                )
            },
            unit="share",
            digits=1,
        ),
        figure(
            "c12",
            "distribution",
            {
                "main": view(
                    "rd_intensity_by_level",
                    {"category": "level", "series": "statistic", "value": "value"},
                    where={
                        "year": (fin_year,),
                        "statistic": ("p50", "p75", "p90"),
                        "level": LEVELS,
                    },
                    labels={"category": "level_short", "series": "statistic"},
                ),
                "histogram": view(
                    "value_histogram",
                    {
                        "category": "level",
                        "lower": "bin_lower",
                        "upper": "bin_upper",
                        "value": "share",
                    },
                    where={"indicator": ("rd_ratio",), "level": LEVELS},
                    labels={"category": "level_short"},
                ),
            },
            size=(6.3, 4.2),
            unit="share",
            digits=1,
            reference_lines=policy_lines(),
            axis_label="R&D intensity",
        ),
        figure(
            "c13",
            "density_quadrant",
            {
                "main": view(
                    "scale_innovation_grid",
                    {
                        "x_lower": "x_lower",
                        "x_upper": "x_upper",
                        "y_lower": "y_lower",
                        "y_upper": "y_upper",
                        "value": "share",
                    },
                ),
                "quadrants": view(
                    "quadrant_shares",
                    {"label": "quadrant", "value": "share"},
                    labels={"label": "quadrant"},
                ),
            },
            size=(6.3, 4.4),
            x_cut=float(QUADRANT_EMPLOYEES_ABOVE),
            y_cut=float(QUADRANT_PATENTS_ABOVE),
            x_label="Scale (insured employees)",
            y_label="Innovation (total patents)",
            colour_label="Share of firms per cell",
            x_cut_label="More than 100 insured employees",
            y_cut_label="More than 50 patents",
        ),
        figure(
            "c15",
            "hbar",
            {
                "main": view(
                    "province_ranking",
                    {"category": "province_code", "value": "share"},
                    labels={"category": "province"},
                    top=10,
                )
            },
            unit="share",
            digits=2,
        ),
        figure(
            "b17a",
            "bar",
            {
                "main": view(
                    "national_ratio_by_cluster",
                    {"category": "city_cluster", "value": "share", "note": "firms"},
                    where={"city_cluster": CLUSTERS},
                    labels={"category": "cluster"},
                ),
                "reference": average,
            },
            unit="share",
            digits=2,
            reference_view="reference",
            reference_label="National average",
            note_msgid=MSG_FIRMS_NOTE,
        ),
        figure(
            "c18",
            "heatmap",
            {
                "main": view(
                    "industry_cluster_quotients",
                    {"x": "city_cluster", "y": "gbt_major", "value": "quotient", "label": "share"},
                    labels={"x": "cluster", "y": "gbt_major"},
                )
            },
            size=(6.3, 4.6),
            center=1.0,
            unit="share",
            digits=1,
        ),
        figure(
            "c19",
            "bar_line",
            {
                "main": view(
                    "city_ranking",
                    {"category": "city_code", "value": "share"},
                    labels={"category": "city"},
                    top=20,
                ),
                "line": view(
                    "patents_median_by_city",
                    {"category": "city_code", "line": "value"},
                    labels={"category": "city"},
                ),
            },
            size=(6.3, 4.0),
            unit="share",
            digits=2,
            line_unit="value",
            value_label="Share of all SRDI firms",
            line_label="Median patents",
        ),
        figure(
            "c20",
            "hbar",
            {
                "main": view(
                    "gbt_major_ranking",
                    {"category": "gbt_major", "value": "share"},
                    labels={"category": "gbt_major"},
                    top=12,
                )
            },
            size=(6.3, 4.0),
            unit="share",
            digits=2,
        ),
        figure(
            "c21",
            "hbar",
            {
                "main": view(
                    "gbt_middle_ranking",
                    {"category": "gbt_middle", "value": "share"},
                    labels={"category": "gbt_middle"},
                    top=20,
                )
            },
            size=(6.3, 5.2),
            unit="share",
            digits=2,
        ),
        figure(
            "c25",
            "heatmap",
            {
                "main": view(
                    "core_correlations",
                    {"y": "x", "x": "y", "value": "value", "label": "value"},
                    labels={"x": "indicator_short", "y": "indicator_short"},
                )
            },
            unit="r",
            digits=3,
        ),
        figure(
            "c28",
            "bar",
            {
                "main": view(
                    "rd_bands",
                    {"category": "rd_band", "value": "national_share", "note": "firms"},
                    where={"rd_band": RD_BANDS},
                    labels={"category": "rd_band"},
                ),
                "reference": view(
                    "rd_bands", {"value": "national_share"}, where={"rd_band": ("all",)}
                ),
            },
            unit="share",
            digits=1,
            reference_view="reference",
            reference_label="All firms with R&D data",
            note_msgid=MSG_FIRMS_NOTE,
        ),
        figure(
            "b29a",
            "radar",
            {
                "main": view(
                    "capability_scores",
                    {"category": "dimension", "value": "score"},
                    where={"dimension": DIMENSIONS},
                    labels={"category": "dimension"},
                    scope="level=provincial",
                )
            },
            size=(5.0, 4.2),
            benchmark_value=100.0,
            benchmark_label="National-level Little Giants",
            series_label="Provincial-level SRDI",
            digits=1,
        ),
        figure(
            "c31",
            "bubble_quadrant",
            {
                "main": view(
                    "priority_matrix",
                    {"label": "factor", "x": "x", "y": "y", "size": "size"},
                    labels={"label": "priority_factor"},
                    scope="level=provincial",
                )
            },
            size=(6.3, 4.4),
            x_cut=5.0,
            y_cut=5.0,
            x_range=(0.0, 10.0),
            y_range=(0.0, 10.0),
            x_label="Policy importance (0–10)",
            y_label="Gap to the national level (0–10)",
            quadrant_labels=PRIORITY_ZONE_LABELS,
        ),
        figure(
            "c35",
            "heatmap",
            {
                "main": view(
                    "kcl_recognition_by_field",
                    {"x": "score_band", "y": "field_domain", "value": "share", "label": "share"},
                    where={"field_domain": FIELDS_C35, "score_band": SCORE_BANDS},
                    labels={"x": "score_band", "y": "field_domain"},
                )
            },
            unit="share",
            digits=1,
        ),
        figure(
            "c36",
            "hbar",
            {
                "main": view(
                    "honours_by_level",
                    {"category": "honour", "series": "level", "value": "share"},
                    where={"honour": HONOURS_C06, "level": LEVELS},
                    labels={"category": "honour", "series": "level_short"},
                )
            },
            size=(6.3, 4.2),
            unit="share",
            digits=2,
        ),
        figure(
            "c38",
            "bubble_quadrant",
            {
                "main": view(
                    "honour_value_matrix",
                    {"x": "share", "y": "value_index", "size": "holders", "label": "honour"},
                    labels={"label": "honour"},
                )
            },
            size=(6.3, 4.4),
            x_cut=0.5,
            y_cut="median",
            x_unit="share",
            x_label="Holding rate among all SRDI firms",
            y_label="Value index (0–100)",
        ),
        figure(
            "c41",
            "radar",
            {
                "main": view(
                    "champion_radar",
                    {"category": "dimension", "value": "score"},
                    labels={"category": "champion_dimension"},
                )
            },
            size=(5.0, 4.2),
            benchmark_value=100.0,
            benchmark_label="National single-item champions",
            series_label="National-level Little Giants",
            digits=1,
        ),
        *_patent_figures(),
        figure(
            "c48",
            "staircase",
            {
                "main": view(
                    "tier_pyramid",
                    {"category": "tier", "value": "firms"},
                    labels={"category": "tier_short"},
                ),
                "strip": view(
                    "indicators_by_level",
                    {"category": "level", "value": "value"},
                    where={
                        "indicator": ("patents_total",),
                        "statistic": ("median",),
                        "level": LEVELS,
                    },
                ),
            },
            size=(6.3, 4.0),
            base_step="Base tier",
            targets=stage_targets(),
            x_label="Growth stage",
            y_label="Innovation level",
            strip_label="Median patents today",
            strip_unit="value",
            strip_digits=0,
        ),
        figure(
            "c54",
            "city_card",
            card_views(
                SUZHOU_CODE,
                city_scope=SUZHOU,
                nation_scope="",
                province_scope=f"province={SUZHOU_PROVINCE}",
                radar=view(
                    "capability_scores",
                    {"category": "dimension", "value": "score"},
                    where={"dimension": DIMENSIONS},
                    labels={"category": "dimension"},
                    scope=SUZHOU,
                ),
            ),
            size=(6.3, 4.4),
        ),
    ]
    return {spec.figure_id: spec for spec in specs}


def _patent_figures() -> tuple[FigureSpec, ...]:
    """Charts 42–47 (§7), drawn from the patents table (the demo one unless a file is given)."""
    return (
        figure(
            "c42",
            "hbar",
            {
                "main": view(
                    "patent_fields",
                    {"category": "industry_field", "value": "share"},
                    labels={"category": "patent_field"},
                    sort="value",
                    top=10,
                )
            },
            unit="share",
            digits=1,
        ),
        figure(
            "c43",
            "line",
            {
                "main": view(
                    "patent_means_by_year",
                    {"x": "year", "y": "value", "series": "statistic"},
                    labels={"series": "patent_statistic"},
                )
            },
            unit="value",
            digits=2,
            zero_based=True,
        ),
        figure(
            "c44",
            "line",
            {"main": view("patent_grant_rate", {"x": "year", "y": "rate"})},
            unit="share",
            digits=1,
        ),
        figure(
            "c45",
            "hbar",
            {
                "main": view(
                    "patent_ipc_subclasses",
                    {"category": "ipc_subclass", "value": "grants"},
                    labels={"category": "ipc_subclass"},
                    sort="value",
                    top=15,
                )
            },
            size=(6.3, 4.6),
            unit="count",
        ),
        figure(
            "c46",
            "bar_line",
            {
                "main": view(
                    "patent_foreign_trend",
                    {"category": "year", "value": "publications", "line": "applicants"},
                )
            },
            unit="count",
            line_unit="count",
            value_label="Foreign-related publications",
            line_label="Applicant firms",
        ),
        figure(
            "c47",
            "bar",
            {
                "main": view(
                    "patent_jurisdictions",
                    {"category": "jurisdiction", "value": "filings"},
                    labels={"category": "jurisdiction"},
                )
            },
            unit="count",
        ),
    )
