"""The national edition (national_report.md): outline, 60 exhibits and their order, as data.

``national_edition(year)`` returns the :class:`EditionSpec` of the report for snapshot year
``year``; the financial year (``year - 2``) and the patent windows follow from it, so nothing
here names a year. The running exhibit numbers 1–60 come from the order in which the outline
(:mod:`national_outline`) places the exhibit ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from srdi_report.editions.national_figures import PENDING, national_figures
from srdi_report.editions.national_outline import FOREWORD, national_chapters
from srdi_report.editions.national_tables import national_tables
from srdi_report.editions.national_titles import TITLES, title_years
from srdi_report.editions.spec import EditionSpec, ExhibitSpec, MetricRequest

EDITION_ID = "national"
REPORT_TITLE = "Cultivating SRDI Firms: Innovation Capability as the Key to Quality Upgrading"
REPORT_SUBTITLE = "Report on the cultivation and development of SRDI firms"

# Results the prose reads beyond the exhibits' own (group sums, class counts, field shares).
TEXT_METRICS = tuple(
    MetricRequest(metric, "", "")
    for metric in (
        "city_group_shares",
        "distinct_classes",
        "firms_by_field_domain",
        "group_shares",
        "national_ratio_by_field_domain",
        "national_ratio_by_province",
    )
)

# Exhibit id → (what the seed prints, how data-bearing it is: national_report.md §0).
EXHIBIT_FACTS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "c01": ("table", "qualitative"),
        "c02": ("table", "qualitative"),
        "c03": ("table", "full"),
        "c04": ("table", "full"),
        "c05": ("table", "full"),
        "c06": ("table", "full"),
        "c07": ("table", "full"),
        "c08": ("table", "full"),
        "c09": ("table", "full"),
        "c10": ("table", "full"),
        "b11a": ("table", "full"),
        "c11": ("table", "full"),
        "c12": ("table", "full"),
        "c13": ("image", "full"),
        "c14": ("table", "partly"),
        "c15": ("image", "full"),
        "c16": ("table", "full"),
        "b17a": ("image", "full"),
        "c17": ("table", "full"),
        "c18": ("image", "full"),
        "c19": ("image", "full"),
        "b19a": ("table", "full"),
        "c20": ("table", "full"),
        "c21": ("image", "full"),
        "c22": ("table", "partly"),
        "c23": ("table", "full"),
        "c24": ("table", "qualitative"),
        "c25": ("table", "full"),
        "c26": ("table", "full"),
        "c27": ("table", "full"),
        "c28": ("table", "full"),
        "c29": ("table", "partly"),
        "b29a": ("image", "full"),
        "c30": ("table", "full"),
        "c31": ("image", "qualitative"),
        "c32": ("table", "qualitative"),
        "c33": ("table", "full"),
        "c34": ("table", "qualitative"),
        "c35": ("table", "full"),
        "c36": ("image", "full"),
        "c37": ("table", "full"),
        "c38": ("image", "partly"),
        "c39": ("table", "partly"),
        "c40": ("table", "full"),
        "c41": ("image", "partly"),
        "c42": ("image", "full"),
        "c43": ("image", "full"),
        "c44": ("image", "full"),
        "c45": ("image", "full"),
        "c46": ("image", "full"),
        "c47": ("image", "full"),
        "c48": ("image", "partly"),
        "c49": ("table", "qualitative"),
        "c50": ("image", "qualitative"),
        "c51": ("table", "qualitative"),
        "c52": ("table", "qualitative"),
        "c53": ("table", "qualitative"),
        "c54": ("image", "partly"),
        "c55": ("image", "qualitative"),
        "c56": ("table", "qualitative"),
    }
)

# Exhibits drawn from the patents table (national_report.md §7): "Illustrative (demo data)".
PATENT_EXHIBITS = ("c42", "c43", "c44", "c45", "c46", "c47")

# Exhibits the spec wants as diagrams for which no chart kind exists yet: printed as text tables
# of the same content until a kind lands (reported; the content is complete either way).
DIAGRAMS_AS_TABLES: Mapping[str, str] = MappingProxyType(
    {
        "c50": "matrix diagram (3 bottlenecks x 4 support systems)",
        "c53": "timeline (5 phases)",
        "c55": "flow diagram (lead geese, flock, support base)",
        "c56": "three-step flow diagram (1.0, 2.0, 3.0)",
    }
)


def national_exhibits(year: int) -> dict[str, ExhibitSpec]:
    """Every exhibit of the national edition for snapshot ``year``, by id."""
    fin_year = year - 2
    figures = national_figures(fin_year)
    tables = national_tables(fin_year)
    exhibits: dict[str, ExhibitSpec] = {}
    for exhibit_id, (seed_form, data) in EXHIBIT_FACTS.items():
        exhibits[exhibit_id] = ExhibitSpec(
            exhibit_id=exhibit_id,
            title=TITLES[exhibit_id],
            figure=figures.get(exhibit_id),
            table=tables.get(exhibit_id),
            seed_form=seed_form,
            data=data,
            pending=PENDING.get(exhibit_id, ""),
            illustrative=exhibit_id in PATENT_EXHIBITS,
        )
    return exhibits


def national_edition(year: int) -> EditionSpec:
    """The national edition for snapshot year ``year`` (2026 for the model report)."""
    return EditionSpec(
        edition_id=EDITION_ID,
        year=year,
        scope="",
        benchmark="",
        title=REPORT_TITLE,
        subtitle=REPORT_SUBTITLE,
        front=(FOREWORD,),
        chapters=national_chapters(year - 2),
        exhibit_specs=MappingProxyType(national_exhibits(year)),
        caption_args=MappingProxyType(dict(title_years(year))),
        text_metrics=TEXT_METRICS,
        # Every exhibit sits where its text refers to it; a strict build refuses one left over.
        place_all=True,
    )
