"""Caption titles of the national edition's 60 exhibits (English msgids, national_report.md §2).

One mapping, so a figure and a table of the same exhibit cannot carry different titles. The
Chinese titles are in the zh catalog (pending list: ``locales/_pending/national_outline.csv``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

TITLES: Mapping[str, str] = MappingProxyType(
    {
        "c01": "Three stages of SRDI policy: core tasks and policy features",
        "c02": "Key changes in the 2026 Measures for tiered cultivation of quality SMEs",
        "c03": "National and provincial SRDI firms: shares and recognition criteria",
        "c04": "Registered capital by level: differences and multiples",
        "c05": "Firms by number of insured employees, national vs provincial",
        "c06": "Honors and qualifications held, national vs provincial",
        "c07": "Standards: holding rate and average number, by level",
        "c08": "Innovation output by level and standards holding",
        "c09": "S&T achievement evaluations: shares by level and gaps",
        "c10": "S&T evaluations and invention grants",
        "b11a": "Revenue growth by level, %(first)s–%(last)s",
        "c11": "R&D intensity by level, %(first)s–%(last)s",
        "c12": "R&D-intensity benchmarks",
        "c13": "Firms by growth stage (scale and innovation quadrants)",
        "c14": "Scale and innovation matrix: classes and cultivation paths",
        "c15": "Top-10 provinces by number of SRDI firms",
        "c16": "Top-10 provinces: share of all SRDI firms and national-level share",
        "b17a": "National-level share in the three city clusters",
        "c17": "Three city clusters: national-level share and area covered",
        "c18": "Heatmap: top-10 industries across the three city clusters",
        "c19": "Cities: firm share and median patents",
        "b19a": "Patent-based innovation quality by city",
        "c20": "Distribution across key GB/T 4754 major classes",
        "c21": "Industry distribution by middle class",
        "c22": "Core middle classes: national-level concentration and assessment",
        "c23": "Strategic fields: minor classes with the highest national-level share",
        "c24": "The five-dimension evaluation model: dimensions, indicators and weights",
        "c25": "Correlation matrix of core indicators",
        "c26": "Core indicators by level: medians, multiples and policy meaning",
        "c27": "R&D-intensity distribution by level",
        "c28": "R&D-intensity bands: firms, patents and national share",
        "c29": "Innovation-capability classes and cultivation strategies",
        "b29a": "Five-dimension innovation capability: national vs provincial",
        "c30": "Dimension scores by level and gap rates",
        "c31": "Priority matrix of evaluation factors",
        "c32": "The four quadrants of the priority matrix",
        "c33": "Innovation capability by field",
        "c34": "Industry-adapted evaluation standards",
        "c35": "National-recognition rate by score band and field",
        "c36": "Honor holding rates, national vs provincial",
        "c37": "Key honors: holding rates and multiples",
        "c38": "Honor value matrix",
        "c39": "Core honors: holding rates and strategies",
        "c40": "National-level Little Giants vs national-level single-item champions: "
        "22 indicators",
        "c41": "Five-dimension radar: Little Giants vs single-item champions",
        "c42": "Little Giants' granted inventions by industrial field, %(first)s–%(last)s",
        "c43": "Mean invention applications and grants per Little Giant, %(first)s–%(last)s",
        "c44": "Invention grant rate of Little Giants, %(first_long)s–%(last_long)s",
        "c45": "Main IPC subclasses of Little Giants' inventions, %(first)s–%(last)s",
        "c46": "Foreign-related inventions and applicants published by Little Giants, "
        "%(first_long)s–%(last_long)s",
        "c47": "Filing jurisdictions of Little Giants' foreign-related inventions, "
        "%(first)s–%(last)s",
        "c48": "Four-stage cultivation path",
        "c49": "Path from Little Giant to key Little Giant and champion",
        "c50": "Bottlenecks and support systems",
        "c51": "Patent-cultivation strategies and policy tools by firm type",
        "c52": "Talent-pipeline plans and policy tools by firm type",
        "c53": "Haoshun Precision: development timeline",
        "c54": "Suzhou's four innovation clusters: differentiated cultivation",
        "c55": "Yuanshi equipment cluster: the wild-goose formation",
        "c56": "Evolution of the IP-service model",
    }
)

# Title placeholders: years of the financial window (fin_year - 2 … fin_year) and of the
# long patent window (snapshot_year - 6 … snapshot_year - 1), national_report.md §0.
TITLE_YEARS = ("first", "last", "first_long", "last_long")


def title_years(year: int) -> dict[str, int]:
    """Values of the title placeholders for snapshot year ``year``."""
    fin_year = year - 2
    return {
        "first": fin_year - 2,
        "last": fin_year,
        "first_long": year - 6,
        "last_long": year - 1,
    }
