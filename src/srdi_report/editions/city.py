"""The city edition (city_edition.md): one spec per city, the same outline for every city.

``city_edition(code, year)`` returns the :class:`EditionSpec` of one prefecture-level city: the
fixed outline of §3 (:mod:`city_outline`), the profile card first (§4), every exhibit reading
the metrics engine at the city's scope next to its benchmarks (nation; province, except for
the four municipalities; the city cluster where the province belongs to one). Nothing here
computes a number. Attribute statistics under ``min_cell`` arrive withheld from the engine and
print as the suppression mark with the §5 note (templates ``city/*.j2``).

The edition id is ``city/<code>-<slug>``, so the build writes
``output/city/<year>/<code>-<slug>/<lang>/`` (§7; ``batch_layout.edition_dir``).
"""

from __future__ import annotations

from types import MappingProxyType

from srdi_report.data.geography import Geography
from srdi_report.editions.bureau import BureauFile, apply_bureau
from srdi_report.editions.city_exhibits import city_exhibits
from srdi_report.editions.city_outline import city_chapters
from srdi_report.editions.city_places import (
    AmbiguousCityError,
    CityPlace,
    UnknownCityError,
    city_place,
    resolve_city,
)
from srdi_report.editions.spec import EditionSpec, MetricRequest

__all__ = [
    "AmbiguousCityError",
    "CityPlace",
    "UnknownCityError",
    "city_edition",
    "city_place",
    "resolve_city",
]

EDITION_PREFIX = "city"
REPORT_TITLE = "SRDI firms in %(city)s: city edition"
REPORT_SUBTITLE = "How %(city)s compares with its province and the nation"
DEFAULT_MIN_CELL = 5
# Kinds whose English title is the plain (or unique) name, never "... City" (§8).
ORDINARY_KINDS = frozenset({"prefecture_city", "municipality"})


def city_edition(
    code: str,
    year: int,
    *,
    geography: Geography | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    bureau: BureauFile | None = None,
    listing: bool = True,
    reduced: bool = False,
) -> EditionSpec:
    """The city edition of city ``code`` (an admin code) for snapshot ``year``.

    Args:
        code: The city's admin code (:func:`resolve_city` turns a name into one).
        year: Snapshot year.
        geography: The geography reference (loaded when None).
        min_cell: The disclosure threshold the notes print (``config.metrics.min_cell``).
        listing: Whether the data has listing and financing columns (section 8, §3); a data
            file without them builds the edition with ``listing=False``.
        reduced: Reduced mode for a city with 1 to ``min_cell`` − 1 firms (§5): sections 5–7
            show one suppression note instead of their exhibits (``CityPrep.firms`` tells).
        bureau: The city's validated bureau file (``editions.bureau.load_bureau``): adds
            sections 9–10 and the cover headline (``editions/bureau.py`` owns this part).

    Raises:
        UnknownNameError: the code is not a city of the reference.
    """
    if geography is None:
        from srdi_report.data.geography import load_geography

        geography = load_geography()
    place = city_place(code, geography)
    spec = EditionSpec(
        edition_id=f"{EDITION_PREFIX}/{place.code}-{place.slug}",
        year=year,
        scope=place.scope,
        benchmark="",
        title=REPORT_TITLE,
        subtitle=REPORT_SUBTITLE,
        front=(),
        chapters=city_chapters(listing=listing, reduced=reduced),
        exhibit_specs=MappingProxyType(city_exhibits(place)),
        caption_args=MappingProxyType(
            {
                "min_cell": min_cell,
                "reduced": reduced,
                "city_code": place.code,
                "province_code": place.province_code,
                "municipality": place.municipality,
                "cluster": place.cluster,
            }
        ),
        text_metrics=_text_metrics(place),
        title_args=MappingProxyType({"city": MappingProxyType(title_names(place))}),
    )
    return apply_bureau(spec, bureau)


def title_names(place: CityPlace) -> dict[str, str]:
    """The city's name in titles (§8), per language.

    Chinese: the full name. English: the unique name (homonyms carry the province), or the
    full name of an autonomous prefecture, league or prefecture.
    """
    city = place.city
    ordinary = city.kind in ORDINARY_KINDS or city.name_en_unique != city.name_en
    return {"zh": city.name_zh_full, "en": city.name_en_unique if ordinary else city.name_en_full}


def _text_metrics(place: CityPlace) -> tuple[MetricRequest, ...]:
    """Results only the findings read: sizes, ranks, concentration, medians and rates."""
    city_only = (
        "firm_count",
        "firms_by_field_domain",
        "capability_scores",
        "rd_intensity_by_level",
    )
    both = (
        "firms_by_level",
        "firms_by_gbt_major",
        "capital_ge_1yi_by_level",
        "indicators_by_level",
        "listing_by_board",
        "financing_by_round",
    )
    nation_only = ("firm_count", "city_patent_median_ranking")
    # read the nation's firms (the newest batch): an explicit benchmark, so a batch computes
    # them on the whole frame
    against_nation = ("district_concentration", "firms_by_district")
    return (
        *(MetricRequest(m, "", "national") for m in against_nation),
        *(MetricRequest(m, "", "") for m in (*city_only, *both)),
        *(MetricRequest(m, "national", "") for m in (*nation_only, *both)),
        # the province's listing rate (section 8); a municipality is its own province
        *(
            (MetricRequest("listing_by_board", place.province_scope, ""),)
            if place.province_scope
            else ()
        ),
    )
