"""The data views of a city profile card (city_edition.md §4), for any edition that draws one.

The national edition draws Suzhou's card (chart 54) with the nation as its own scope; a city
edition draws its city's card with the city as its scope. The views are the same either way, only
which side is the edition's default scope ("") differs, so both are built here.
"""

from __future__ import annotations

from collections.abc import Mapping

from srdi_report.editions.spec import frozen_map
from srdi_report.figures.spec import DataView

CARD_INDICATORS = ("patents_total", "invention_grants", "registered_capital", "insured_employees")
CARD_MEDIANS: Mapping[str, tuple[object, ...]] = frozen_map(  # type: ignore[assignment]
    {"statistic": ("median",), "level": ("all",), "indicator": CARD_INDICATORS}
)


def _view(
    metric: str,
    roles: Mapping[str, str],
    scope: str,
    *,
    where: Mapping[str, tuple[object, ...]] | None = None,
    labels: Mapping[str, str] | None = None,
    sort: str = "",
    top: int = 0,
) -> DataView:
    return DataView(
        metric=metric,
        roles=frozen_map(roles),  # type: ignore[arg-type]
        where=frozen_map(where),  # type: ignore[arg-type]
        labels=frozen_map(labels),  # type: ignore[arg-type]
        sort=sort,
        top=top,
        scope=scope,
    )


def card_views(
    city_code: str,
    *,
    city_scope: str,
    nation_scope: str,
    province_scope: str,
    radar: DataView,
    radar_lg: DataView | None = None,
) -> dict[str, DataView]:
    """Every view the ``city_card`` kind reads, in its documented order.

    Args:
        city_code: Admin code of the city on the card.
        city_scope: Scope text of the city's firms ("" when the city is the edition's scope).
        nation_scope: Scope text of the nation ("" when the nation is the edition's scope).
        province_scope: Scope text of the city's province (its rank within the province).
        radar: The five-dimension scores of the city's firms.
        radar_lg: The same for the city's Little Giants, when the card draws them.
    """
    city = {"category": "city"}
    views = {
        "main": _view(
            "city_ranking",
            {
                "category": "city_code",
                "value": "firms",
                "rank": "rank",
                "share": "share",
                "national": "national",
                "national_ratio": "national_ratio",
                "tied": "tied",
            },
            nation_scope,
            where={"city_code": (city_code,)},
            labels=city,
        ),
        "ranking": _view(
            "city_ranking",
            {"category": "city_code", "value": "firms", "rank": "rank"},
            nation_scope,
            labels=city,
        ),
        "nation": _view(
            "firms_by_level", {"value": "share"}, nation_scope, where={"level": ("national",)}
        ),
        "province": _view(
            "city_ranking", {"category": "city_code", "rank": "rank"}, province_scope, labels=city
        ),
        "medians": _view(
            "indicators_by_level",
            {"category": "indicator", "value": "value"},
            city_scope,
            where=CARD_MEDIANS,
        ),
        "medians_nation": _view(
            "indicators_by_level",
            {"category": "indicator", "value": "value"},
            nation_scope,
            where=CARD_MEDIANS,
        ),
        "tiers": _view(
            "tier_pyramid",
            {"tier": "tier", "firms": "firms", "share": "share"},
            city_scope,
            labels={"tier": "tier_short"},
        ),
        "tiers_nation": _view("tier_pyramid", {"tier": "tier", "share": "share"}, nation_scope),
        "radar": radar,
    }
    if radar_lg is not None:
        views["radar_lg"] = radar_lg
    views["industries"] = _view(
        "firms_by_gbt_major",
        {"category": "gbt_major", "value": "firms", "share": "share"},
        city_scope,
        labels={"category": "gbt_major"},
        sort="value",
        top=5,
    )
    return views
