"""The national edition's outline: chapters and sections of national_report.md §1, as data.

Headings are English message ids (the Chinese headings are in the zh catalog; the pending list
is ``locales/_pending/national_outline.csv``). Section numbers, anchors and template names are
derived from one number string, so they cannot drift apart. A heading with a number
(national_report.md §6.1) carries :class:`HeadingArg` values naming the metric cell it prints.
"""

from __future__ import annotations

from srdi_report.editions.spec import HeadingArg, SectionSpec


def section(
    number: str,
    heading: str,
    exhibits: tuple[str, ...] = (),
    children: tuple[SectionSpec, ...] = (),
    heading_args: tuple[HeadingArg, ...] = (),
) -> SectionSpec:
    """A numbered section; anchor ``s2_1_3`` and template ``chapter_2/s2_1_3.j2``."""
    slug = number.replace(".", "_")
    chapter = number.split(".", 1)[0]
    return SectionSpec(
        number=number,
        heading=heading,
        anchor=f"s{slug}",
        template=f"chapter_{chapter}/s{slug}.j2",
        exhibits=exhibits,
        children=children,
        heading_args=heading_args,
    )


FOREWORD = SectionSpec(
    number="",
    heading="Foreword",
    anchor="foreword",
    template="front/foreword.j2",
)

CHAPTER_1 = section(
    "1",
    "Strategic significance: the national mission of SRDI firms",
    children=(
        section("1.1", "From component specialists to strategic anchors"),
        section("1.2", "The four-level pyramid of tiered SME cultivation"),
        section("1.3", "Three stages: from concept to quality first", exhibits=("c01", "c02")),
    ),
)


def chapter_2(fin_year: int) -> SectionSpec:
    """Chapter 2; its 2.1.5 heading reads the R&D means of the financial year."""
    return section(
        "2",
        "Current state: profile and geography of SRDI firms",
        children=(
            section(
                "2.1",
                "Size and structure: the tier pyramid of %(firms)s SRDI firms",
                heading_args=(HeadingArg("firms", "firm_count", "firms", kind="approx_count"),),
                children=(
                    section(
                        "2.1.1",
                        "Tier split: national-level Little Giants and provincial-level firms",
                        exhibits=("c03",),
                    ),
                    section("2.1.2", "Scale: multiples in capital and workforce", ("c04", "c05")),
                    section(
                        "2.1.3",
                        "Honors, standards and technology evaluations",
                        ("c06", "c07", "c08", "c09", "c10"),
                    ),
                    section("2.1.4", "Growth: national firms weather the cycle better", ("b11a",)),
                    section(
                        "2.1.5",
                        "R&D benchmarks: the %(low)s–%(high)s band and tiered targets",
                        ("c11", "c12"),
                        heading_args=(
                            HeadingArg(
                                "low",
                                "rd_intensity_by_level",
                                "value",
                                {"year": fin_year, "statistic": "mean", "level": "provincial"},
                                digits=0,
                            ),
                            HeadingArg(
                                "high",
                                "rd_intensity_by_level",
                                "value",
                                {"year": fin_year, "statistic": "mean", "level": "national"},
                                digits=0,
                            ),
                        ),
                    ),
                    section(
                        "2.1.6",
                        "Four quadrants: %(share)s of firms are still in the cultivation stage",
                        ("c13", "c14"),
                        heading_args=(
                            HeadingArg(
                                "share", "quadrant_shares", "share", {"quadrant": "incubating"}
                            ),
                        ),
                    ),
                ),
            ),
            section(
                "2.2",
                "Dense east, sparse west: three city clusters lead",
                children=(
                    section(
                        "2.2.1",
                        "Provinces: Jiangsu, Guangdong and Shandong lead, "
                        "the Yangtze River Delta holds %(quantifier)s",
                        ("c15", "c16"),
                        heading_args=(
                            HeadingArg(
                                "quantifier",
                                "firms_by_cluster",
                                "share",
                                {"city_cluster": "yrd"},
                                kind="quantifier",
                            ),
                        ),
                    ),
                    section(
                        "2.2.2",
                        "City clusters: the Yangtze River Delta leads on size and quality",
                        ("b17a", "c17", "c18"),
                    ),
                    section(
                        "2.2.3",
                        "City tiers: tier-1 cities lead on numbers, "
                        "Yangtze River Delta cities on patent density",
                        ("c19", "b19a"),
                    ),
                ),
            ),
            section(
                "2.3",
                "Industry focus: hard-tech priorities",
                children=(
                    section(
                        "2.3.1",
                        "Manufacturing and services: the top five industries hold %(quantifier)s "
                        "of firms",
                        ("c20", "c21"),
                        heading_args=(
                            HeadingArg(
                                "quantifier",
                                "top_n_concentration",
                                "share",
                                {"dimension": "gbt_major", "top_n": 5, "section": ""},
                                kind="quantifier",
                            ),
                        ),
                    ),
                    section(
                        "2.3.2",
                        "Double-high and high-ratio classes: core electronics",
                        ("c22",),
                    ),
                    section(
                        "2.3.3",
                        "Minor classes: %(materials)s national-level firms in special electronic "
                        "materials, %(automation)s in industrial automation",
                        ("c23",),
                        heading_args=(
                            HeadingArg(
                                "materials",
                                "national_ratio_by_gbt_minor",
                                "share",
                                {"gbt_minor": "3985"},
                            ),
                            HeadingArg(
                                "automation",
                                "national_ratio_by_gbt_minor",
                                "share",
                                {"gbt_minor": "4011"},
                            ),
                        ),
                    ),
                    section("2.3.4", "Summary: three layers of targeting"),
                ),
            ),
        ),
    )


CHAPTER_3 = section(
    "3",
    "Innovation capability: IP drives the move towards champion status",
    children=(
        section(
            "3.1",
            "The five-dimension innovation-capability model",
            ("c24", "c25", "c26"),
        ),
        section(
            "3.2",
            "Input and output: %(share)s of firms with R&D intensity of 25%% or more are "
            "national-level",
            ("c27", "c28", "c29"),
            heading_args=(HeadingArg("share", "rd_bands", "national_share", {"rd_band": "high"}),),
        ),
        section(
            "3.3",
            "Gap analysis: innovation quality, with a gap of %(gap)s%%, is the first "
            "breakthrough point",
            ("b29a", "c30", "c31", "c32"),
            heading_args=(
                HeadingArg(
                    "gap",
                    "capability_scores",
                    "gap",
                    {"dimension": "quality"},
                    kind="score",
                    scope="level=provincial",
                ),
            ),
        ),
        section(
            "3.4",
            "Industry benchmarks: hard tech, software and basic manufacturing",
            ("c33", "c34", "c35"),
        ),
        section(
            "3.5",
            "Honors gap: national firms hold enterprise technology centers %(multiple)s times "
            "as often",
            ("c36", "c37", "c38", "c39"),
            heading_args=(
                HeadingArg(
                    "multiple",
                    "honours_by_level",
                    "share",
                    {"honour": "hon_tech_center", "level": "ratio"},
                    kind="ratio",
                ),
            ),
        ),
        section(
            "3.6",
            "From Little Giant to champion: a five-dimension upgrade",
            ("c40",),
            children=(
                section(
                    "3.6.1",
                    "Five-dimension benchmark: single-item champions hold %(multiple)s times "
                    "the patents of Little Giants",
                    ("c41",),
                    heading_args=(
                        HeadingArg(
                            "multiple",
                            "champion_comparison",
                            "multiple",
                            {"indicator": "patents_total"},
                            kind="ratio",
                        ),
                    ),
                ),
                section(
                    "3.6.2",
                    "Trends: Little Giants' inventions and foreign filings",
                    ("c42", "c43", "c44", "c45", "c46", "c47"),
                ),
            ),
        ),
    ),
)

CHAPTER_4 = section(
    "4",
    "Cultivation paths: systematic support",
    ("c48",),
    children=(
        section(
            "4.1",
            "Stage-specific strategies",
            children=(
                section("4.1.1", "Base tier (tech-based and innovative SMEs): lay the foundation"),
                section("4.1.2", "Growth tier (SRDI SMEs): raise quality and core competence"),
                section(
                    "4.1.3",
                    "Breakthrough tier (Little Giants): aim for single-item champion status",
                ),
                section(
                    "4.1.4",
                    "Leading tier (key Little Giants and single-item champions): "
                    "lead the industrial ecosystem",
                    ("c49",),
                ),
            ),
        ),
        section(
            "4.2",
            "Four support systems for key capabilities",
            ("c50",),
            children=(
                section(
                    "4.2.1", "Technology innovation support: from quantity to quality", ("c51",)
                ),
                section(
                    "4.2.2", "Talent support: easing the shortage of senior R&D staff", ("c52",)
                ),
                section("4.2.3", "Capital support: from technology to capital"),
                section("4.2.4", "Digital transformation support: smart manufacturing"),
            ),
        ),
    ),
)

CHAPTER_5 = section(
    "5",
    "Cases: models and practice",
    children=(
        section("5.1", "Firm: Haoshun Precision's path to Little Giant", ("c53",)),
        section("5.2", "City: Suzhou's four cluster strategies", ("c54",)),
        section("5.3", "County cluster: Yuanshi's wild-goose formation", ("c55",)),
        section("5.4", "Services: full-cycle IP services", ("c56",)),
    ),
)

CHAPTER_6 = section(
    "6",
    "Outlook: the ecosystem for the 15th Five-Year Plan",
    children=(
        section("6.1", "Five trends: hard tech, green transition and future industries"),
        section("6.2", "Policy directions: targeted, differentiated, full-cycle support"),
        section("6.3", "The ecosystem: government, service institutions and firms together"),
    ),
)


def national_chapters(fin_year: int) -> tuple[SectionSpec, ...]:
    """The six chapters; ``fin_year`` = snapshot year - 2 (national_report.md §0)."""
    return (CHAPTER_1, chapter_2(fin_year), CHAPTER_3, CHAPTER_4, CHAPTER_5, CHAPTER_6)
