"""Which city a city edition is for: resolving the user's text, slugs, benchmark scopes.

``resolve_city`` accepts what city_edition.md §2 lists (admin code, full or short Chinese name,
English name, ``name_en_unique``) through :meth:`Geography.find_cities`, and turns an ambiguous
or unknown name into an :class:`AmbiguousCityError` / :class:`UnknownCityError` that lists the
candidates with their provinces (§8), so the user can retype the one they mean.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from srdi_report.data.geography import Geography
from srdi_report.data.geography_match import City, edit_distance_one
from srdi_report.errors import InputError

CLUSTER_SCHEME = "report"  # seed 003's clusters (Beijing-Tianjin-Hebei, YRD, PRD), whole provinces
NO_CLUSTER = "other"
MAX_CANDIDATES = 8


class AmbiguousCityError(InputError):
    """A name that means several cities (Suzhou, Taizhou, Fuzhou, Yichun, Yulin)."""


class UnknownCityError(InputError):
    """A name no city of the geography reference carries."""


@dataclass(frozen=True)
class CityPlace:
    """A resolved city and the scopes of its benchmarks (city_edition.md §2).

    Attributes:
        city: The geography record.
        province_code: Admin code of its province.
        municipality: One of the four municipalities (no provincial benchmark).
        cluster: City-cluster key (``jjj``, ``yrd``, ``prd``) or "" outside the clusters.
        slug: Folder name: ASCII, from ``name_en_unique`` (``suzhou-jiangsu``).
    """

    city: City
    province_code: str
    municipality: bool
    cluster: str
    slug: str

    @property
    def code(self) -> str:
        """The city's admin code."""
        return self.city.admin_code

    @property
    def scope(self) -> str:
        """Scope text of the city's firms (``city=320500``)."""
        return f"city={self.code}"

    @property
    def province_scope(self) -> str:
        """Scope text of the province's firms ("" for a municipality: no such benchmark)."""
        return "" if self.municipality else f"province={self.province_code}"

    @property
    def cluster_scope(self) -> str:
        """Scope text of the cluster's firms ("" outside the three clusters)."""
        return f"cluster={self.cluster}" if self.cluster else ""


def resolve_city(text: str, geography: Geography) -> str:
    """The admin code of the city ``text`` names.

    Args:
        text: Admin code (``320500``), full or short Chinese name, English name, or the unique
            English name with its province (``Suzhou (Jiangsu)``).
        geography: The geography reference.

    Returns:
        The city's admin code.

    Raises:
        AmbiguousCityError: several cities carry the name; the message lists each with its
            code and province.
        UnknownCityError: no city carries it; the message lists close names, if any.
    """
    cities = geography.find_cities(text)
    if len(cities) == 1:
        return cities[0].admin_code
    if cities:
        raise AmbiguousCityError(
            f"city {text!r} is ambiguous; candidates: {_listing(cities, geography)}; "
            "give the admin code or the name with its province"
        )
    close = _close_cities(text, geography)
    hint = f"; did you mean: {_listing(close, geography)}" if close else ""
    raise UnknownCityError(
        f"unknown city {text!r}{hint}; give the admin code, the Chinese or the English name"
    )


def city_place(code: str, geography: Geography) -> CityPlace:
    """The city of ``code`` with its benchmark scopes and folder slug.

    Raises:
        UnknownNameError: the code is not a city of the reference.
    """
    city = geography.city(code)
    municipality = city.kind == "municipality"
    cluster = geography.cluster_of(city.province_code, city.admin_code, CLUSTER_SCHEME)
    return CityPlace(
        city=city,
        province_code=city.province_code,
        municipality=municipality,
        cluster="" if cluster == NO_CLUSTER else cluster,
        slug=city_slug(city),
    )


def city_slug(city: City) -> str:
    """ASCII folder name from the unique English name: ``Suzhou (Jiangsu)`` → ``suzhou-jiangsu``.

    Homonyms carry their province in ``name_en_unique`` (§8), so their folders differ.
    """
    text = unicodedata.normalize("NFKD", city.name_en_unique).encode("ascii", "ignore").decode()
    text = text.replace("'", "").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return slug or city.admin_code


def _listing(cities: tuple[City, ...], geography: Geography) -> str:
    parts = []
    for city in cities[:MAX_CANDIDATES]:
        province = geography.province(city.province_code)
        parts.append(
            f"{city.admin_code} {city.name_zh_full} {city.name_en_unique} "
            f"({province.name_zh_full}, {province.name_en})"
        )
    return "; ".join(parts)


def _close_cities(text: str, geography: Geography) -> tuple[City, ...]:
    """Cities whose Chinese or English name contains the text or is one edit away from it."""
    value = unicodedata.normalize("NFKC", text).strip().lower()
    if not value:
        return ()
    found: list[City] = []
    for code in sorted(geography.cities_by_code):
        city = geography.cities_by_code[code]
        names = (city.name_zh_full, city.name_zh_short, city.name_en.lower(), city.pinyin)
        if any(value in name or edit_distance_one(value, name) for name in names if name):
            found.append(city)
    return tuple(found)
