"""The city edition's fixed outline (city_edition.md §3), as data.

Section numbers never shift between cities: 1–7 always, 8 (listing and financing) only when
the data has listing columns, 9–10 only with a bureau file (§6), the appendix always 11.
Templates live under ``templates/city/``.
"""

from __future__ import annotations

from srdi_report.editions.spec import SectionSpec

APPENDIX_NUMBER = "11"


def section(number: str, heading: str, exhibits: tuple[str, ...] = ()) -> SectionSpec:
    """A top-level city section; anchor ``city_s2`` and template ``city/s2.j2``."""
    return SectionSpec(
        number=number,
        heading=heading,
        anchor=f"city_s{number}",
        template=f"city/s{number}.j2",
        exhibits=exhibits,
    )


def city_chapters(*, listing: bool = True, reduced: bool = False) -> tuple[SectionSpec, ...]:
    """Sections 1–7, 8 when the data has listing columns, and the appendix (9–10: bureau file).

    Args:
        listing: Whether the data has the listing and financing columns (section 8).
        reduced: Reduced mode (§5, 1 to ``min_cell`` − 1 firms): sections 5–7 keep their
            headings and show one suppression note instead of their charts and tables;
            section 8 keeps the listing counts (identity) and drops financing.
    """

    def attribute(exhibits: tuple[str, ...]) -> tuple[str, ...]:
        return () if reduced else exhibits

    return (
        section("1", "City at a glance", ("card",)),
        section("2", "Scale and tiers", ("tiers", "kpi")),
        section("3", "Where the firms are", ("districts",)),
        section("4", "Industry structure", ("industries", "industry_table")),
        section("5", "Size and capital", attribute(("capital_bands", "employee_bands", "size"))),
        section(
            "6",
            "Innovation capability",
            attribute(("radar", "patent_bands", "innovation", "quadrants")),
        ),
        section("7", "Honors and standards", attribute(("honours_gap", "honours"))),
        *(
            (
                section(
                    "8",
                    "Listing and financing",
                    ("boards",) if reduced else ("boards", "financing"),
                ),
            )
            if listing
            else ()
        ),
        section(APPENDIX_NUMBER, "Appendix"),
    )
