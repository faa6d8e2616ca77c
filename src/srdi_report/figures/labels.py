"""Codes → labels in a locale: provinces, cities, clusters, GB/T classes and message ids.

Metric tables hold keys (admin codes, GB/T codes, English keys); a chart shows names. The names
in two languages live in the reference CSVs (one column per language, style_guide.md §2.4):
the geography and GB/T files, and ``content/code_labels.csv`` for every other coded domain
(tiers, bands, honours, dimensions …; label source = its ``domain``). Keys that have neither
(field domains, regions, short level names) have an English message id here, translated by the
catalog like any other text.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import TypeVar

from srdi_report.data.geography import load_geography
from srdi_report.data.industry import load_industry
from srdi_report.data.reference_files import read_reference_csv
from srdi_report.errors import UnknownNameError

_V = TypeVar("_V")

CODE_LABELS_FILE = "content/code_labels.csv"
CLUSTER_SCHEME = "report"  # the scheme of the national report (data_schema.md §4.3)

# Keys without a reference name: English message ids, translated through the catalog.
KEY_MSGIDS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "level_short": MappingProxyType({"national": "National", "provincial": "Provincial"}),
        "region": MappingProxyType(
            {
                "east": "Eastern region",
                "central": "Central region",
                "west": "Western region",
                "northeast": "Northeastern region",
            }
        ),
        "field_domain": MappingProxyType(
            {
                "advanced_materials": "Advanced materials",
                "basic_manufacturing": "Basic manufacturing",
                "biomedicine": "Biomedicine",
                "electronics_core": "Core electronics",
                "general_equipment": "General equipment",
                "high_end_equipment": "High-end equipment",
                "new_energy": "New energy",
                "power_equipment": "Power equipment",
                "rd_services": "R&D services",
                "software_it": "Software and IT",
                "other": "Other",
            }
        ),
        "cluster_other": MappingProxyType({"other": "Other areas"}),
    }
)

# Codes named in a content table of their own: source -> (file, code column, en, zh column).
# (Not a "_LABELS" constant: its strings are file and column names, not messages.)
CONTENT_LABEL_TABLES: Mapping[str, tuple[str, str, str, str]] = MappingProxyType(
    {
        "priority_factor": ("content/c31_priority_matrix.csv", "factor", "factor_en", "factor_zh"),
        "priority_zone": ("content/c31_priority_matrix.csv", "zone", "zone_en", "zone_zh"),
    }
)

GBT_LEVELS = {"gbt_section": "section", "gbt_major": "major", "gbt_middle": "middle"}
GBT_LEVELS_ALL = {**GBT_LEVELS, "gbt_minor": "minor"}
LABEL_SOURCES = (
    "province",
    "city",
    "cluster",
    *GBT_LEVELS_ALL,
    "msgid",
    *sorted(k for k in KEY_MSGIDS if k != "cluster_other"),
    *sorted(CONTENT_LABEL_TABLES),
)


def is_english(locale: str) -> bool:
    """Whether names come from the English columns (any ``en*`` locale)."""
    return locale.lower().startswith("en")


def label_codes(
    codes: Iterable[object], source: str, locale: str, gettext: Callable[[str], str]
) -> list[str]:
    """The label of each code in ``locale`` for a label source of ``DataView.labels``.

    Provinces and cities use the short name in Chinese (``Jiangsu`` / the two-character form)
    because chart categories are read at a glance; English city names are short too, except
    where two cities in the same chart share one (then ``Suzhou (Jiangsu)``). GB/T classes
    use the curated short label.

    Raises:
        UnknownNameError: the source or a code is unknown.
    """
    keys = [str(code) for code in codes]
    if source in (
        "district",
        "district_text",
        "city_population",
        "listing_board",
        "financing_round",
    ):
        from srdi_report.metrics.districts import city_labels

        return city_labels(keys, source, is_english(locale), gettext)
    if source in GBT_LEVELS_ALL and "other" in keys:  # top N classes + Other
        named = iter(label_codes([k for k in keys if k != "other"], source, locale, gettext))
        return [gettext("Other") if k == "other" else next(named) for k in keys]
    if source == "city" and is_english(locale):
        return _english_city_names(keys)
    labeller = _labeller(source, locale, gettext)
    return [labeller(code) for code in keys]


def _english_city_names(codes: list[str]) -> list[str]:
    """Short English names; the unique form ("Suzhou (Jiangsu)") only where two shown collide."""
    cities = load_geography().cities_by_code
    records = [_get(cities, code, "city") for code in codes]
    short = [r.name_en for r in records]
    return [r.name_en_unique if short.count(r.name_en) > 1 else r.name_en for r in records]


def _labeller(source: str, locale: str, gettext: Callable[[str], str]) -> Callable[[str], str]:
    english = is_english(locale)
    if source == "province":
        provinces = load_geography().provinces_by_code

        def province(code: str) -> str:
            record = _get(provinces, code, source)
            return record.name_en if english else record.name_zh_short

        return province
    if source == "city":
        cities = load_geography().cities_by_code

        def city(code: str) -> str:
            record = _get(cities, code, source)
            return record.name_en_unique if english else record.name_zh_short

        return city
    if source == "cluster":
        names = _cluster_names(english)
        other = KEY_MSGIDS["cluster_other"]

        def cluster(code: str) -> str:
            if code in other:
                return gettext(other[code])
            return _get(names, code, source)

        return cluster
    if source in GBT_LEVELS_ALL:
        industry = load_industry()
        language = "en" if english else "zh"

        def gbt(code: str) -> str:
            return industry.get(code).label(language, short=True)

        return gbt
    if source == "msgid":
        return gettext
    domains = code_label_domains()
    if source in domains:
        pairs = domains[source]
        column = 0 if english else 1

        def domain(code: str) -> str:
            return _get(pairs, code, source)[column]

        return domain
    if source in CONTENT_LABEL_TABLES:
        texts = content_labels(source)
        column = 0 if english else 1

        def content(code: str) -> str:
            return _get(texts, code, source)[column]

        return content
    if source in KEY_MSGIDS:
        msgids = KEY_MSGIDS[source]

        def key(code: str) -> str:
            return gettext(_get(msgids, code, source))

        return key
    known = sorted({*LABEL_SOURCES, *domains})
    raise UnknownNameError(f"unknown label source {source!r}; known: {', '.join(known)}")


@functools.cache
def code_label_domains() -> Mapping[str, Mapping[str, tuple[str, str]]]:
    """``content/code_labels.csv`` as domain → code → (English, Chinese) label, read once."""
    frame = read_reference_csv(CODE_LABELS_FILE)
    out: dict[str, dict[str, tuple[str, str]]] = {}
    for row in frame.itertuples(index=False):
        out.setdefault(str(row.domain), {})[str(row.code)] = (str(row.label_en), str(row.label_zh))
    return MappingProxyType({k: MappingProxyType(v) for k, v in out.items()})


@functools.cache
def content_labels(source: str) -> Mapping[str, tuple[str, str]]:
    """Code -> (English, Chinese) name of a :data:`CONTENT_LABEL_TABLES` source, read once."""
    file, code_column, en_column, zh_column = CONTENT_LABEL_TABLES[source]
    frame = read_reference_csv(file)
    pairs = zip(frame[code_column], frame[en_column], frame[zh_column], strict=True)
    return MappingProxyType({str(code): (str(en), str(zh)) for code, en, zh in pairs})


def _cluster_names(english: bool) -> dict[str, str]:
    clusters = load_geography().clusters
    rows = clusters[clusters["scheme"] == CLUSTER_SCHEME]
    column = "name_en" if english else "name_zh"
    return dict(zip(rows["cluster_key"], rows[column], strict=True))


def _get(table: Mapping[str, _V], code: str, source: str) -> _V:
    try:
        return table[code]
    except KeyError:
        raise UnknownNameError(f"no {source} with code {code!r} for a chart label") from None
