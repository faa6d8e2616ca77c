"""Build the look-ups of ``derive.py`` once from the geography and industry references.

The firm frame holds the full Chinese names of provinces and cities after validation; the
references are keyed by admin code. This module turns the references into name-keyed tables,
so that the derivation maps each distinct value once instead of resolving every row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from srdi_report.data.geography import Geography
from srdi_report.data.industry import IndustryReference

NO_CITY = ""  # cluster_of with no city code: only province members can match

IndustryDeriver = Callable[..., pd.DataFrame]


@dataclass(frozen=True)
class DeriveLookups:
    """What the derivation needs from the geography and industry references.

    Attributes:
        region_by_province: province full name → region key (east/central/west/northeast).
        cluster_by_city: (province, city) full names → cluster key under the active scheme.
        cluster_by_province: province full name → cluster key, for a city not in the reference.
        industry: ``IndustryReference.derive``: keyword arguments minor, middle, major,
            section (Series or None) → frame of gbt_section, gbt_major, gbt_middle, gbt_minor,
            field_domain, industry_type4, key_field10 (given codes kept, the rest derived,
            fields by the most specific code with the section fallbacks of data_schema.md §5.3).
    """

    region_by_province: Mapping[str, str]
    cluster_by_city: Mapping[tuple[str, str], str]
    cluster_by_province: Mapping[str, str]
    industry: IndustryDeriver


def lookups_from(geography: Geography, industry: IndustryReference, scheme: str) -> DeriveLookups:
    """Name-keyed look-ups for one cluster scheme.

    Args:
        geography: The geography reference (``load_geography()``).
        industry: The industry reference (``load_industry()``).
        scheme: City-cluster scheme of ``city_clusters.csv`` (``report`` or ``planning``).

    Returns:
        The look-ups.

    Raises:
        UnknownNameError: the scheme is not in ``city_clusters.csv``.
    """
    provinces = geography.provinces_by_code
    region = {p.name_zh_full: p.region for p in provinces.values()}
    by_province = {
        p.name_zh_full: geography.cluster_of(code, NO_CITY, scheme) for code, p in provinces.items()
    }
    by_city = {
        (provinces[c.province_code].name_zh_full, c.name_zh_full): geography.cluster_of(
            c.province_code, code, scheme
        )
        for code, c in geography.cities_by_code.items()
        if c.province_code in provinces
    }
    return DeriveLookups(
        region_by_province=region,
        cluster_by_city=by_city,
        cluster_by_province=by_province,
        industry=industry.derive,
    )


def industry_group_members(industry: IndustryReference) -> dict[str, tuple[tuple[str, str], ...]]:
    """``report_industry_groups`` as (firm column, code) pairs per group id.

    A member at level ``minor`` matches ``gbt_minor``, and so on; scopes of ``numbers.csv`` that
    name ``report_industry_group=…`` are evaluated with it.
    """
    return {
        group_id: tuple((f"gbt_{group.member_level}", code) for code in group.members)
        for group_id, group in sorted(industry.groups.items())
    }


def ranking_codes(geography: Geography) -> dict[str, dict[str, str]]:
    """Admin codes of provinces and cities by full name: rankings break ties by code (§0).

    A city name shared by two provinces keeps the smaller code (such a tie is then decided
    by the first of them).
    """
    cities: dict[str, str] = {}
    for code, city in sorted(geography.cities_by_code.items()):
        cities.setdefault(city.name_zh_full, code)
    provinces = {p.name_zh_full: code for code, p in geography.provinces_by_code.items()}
    return {"province": provinces, "city": cities}
