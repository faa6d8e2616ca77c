"""The geography reference (data_schema.md §4) and the look-ups of validation rules G01–G10.

Everything is keyed by admin code, never by name. :func:`load_geography` reads the shipped CSVs
once; the returned :class:`Geography` is immutable. Resolution functions return the match objects
of :mod:`srdi_report.data.geography_match`, each naming its G rule.

Province-administered county-level units (Jiyuan, Xiantao …, kind ``direct_county``) are city-level
units here, with no county rows under them; the four municipalities are their own city, with
admin_code = the province code, and their districts hang directly under that code.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
from pypinyin import Style, lazy_pinyin

from srdi_report.data.geography_match import (
    City,
    CityMatch,
    CodeMatch,
    County,
    FuzzyBasis,
    MatchKind,
    Province,
    ProvinceMatch,
    edit_distance_one,
)
from srdi_report.data.reference_files import read_reference_csv
from srdi_report.errors import UnknownNameError

__all__ = [
    "City",
    "CityMatch",
    "CodeMatch",
    "County",
    "FuzzyBasis",
    "Geography",
    "MatchKind",
    "Province",
    "ProvinceMatch",
    "load_geography",
]

_T = TypeVar("_T")

MAX_SUGGESTIONS = 3
_SUGGESTION_CUTOFF = 0.4  # below this similarity a name is not worth suggesting
_OUTSIDE = "outside"
_OTHER_CLUSTER = "other"


def normalise_text(text: str) -> str:
    """NFKC and trimming, as the loader does for every cell (data_schema.md §1.2)."""
    return unicodedata.normalize("NFKC", str(text)).strip()


def _latin_key(text: str) -> str:
    """Case-, space-, apostrophe- and hyphen-insensitive key for English and pinyin forms."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _pinyin(text: str) -> str:
    """Toneless pinyin of a Chinese text, syllables joined (ü as u)."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, errors="ignore", v_to_u=False)
    return "".join(s.replace("v", "u") for s in syllables).lower()


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


@dataclass(frozen=True)
class _CityIndex:
    """Name look-ups of the cities of one province."""

    full: Mapping[str, str]  # full name → code
    alias: Mapping[str, tuple[str, str]]  # Chinese short/alias → (code, alias kind)
    latin: Mapping[str, tuple[str, str]]  # latin key → (code, alias kind)
    stems: Mapping[str, str]  # code → short name (stem)
    stem_pinyin: Mapping[str, frozenset[str]]  # code → pinyin keys of the stem
    counties: Mapping[str, tuple[str, ...]]  # county full/short name → county codes
    county_alias: Mapping[str, tuple[str, str]]  # former county name → (county code, alias kind)


@dataclass(frozen=True, eq=False)
class Geography:
    """The geography reference: provinces, city-level units, counties, aliases and clusters.

    Build it with :func:`load_geography`. Attributes ending in ``_by_code`` map admin codes to
    records; the DataFrames are tidy copies for other modules (booleans typed).
    """

    provinces_by_code: Mapping[str, Province]
    cities_by_code: Mapping[str, City]
    counties_by_code: Mapping[str, County]
    provinces: pd.DataFrame
    cities: pd.DataFrame
    counties: pd.DataFrame
    aliases: pd.DataFrame
    clusters: pd.DataFrame
    _province_names: Mapping[str, tuple[str, MatchKind, str]]
    _province_latin: Mapping[str, tuple[str, MatchKind, str]]
    _city_index: Mapping[str, _CityIndex]
    _city_names_national: Mapping[str, tuple[str, ...]]
    _city_latin_national: Mapping[str, tuple[str, ...]]
    _county_names_national: Mapping[str, tuple[str, ...]]
    _counties_of_city: Mapping[str, tuple[str, ...]]
    _city_suffixes: tuple[str, ...]
    _clusters: Mapping[tuple[str, str, str], str]

    # ----------------------------------------------------------------- records

    def province(self, code: str) -> Province:
        """The province of an admin code (``320000``).

        Raises:
            UnknownNameError: The code is not one of the 31.
        """
        try:
            return self.provinces_by_code[code]
        except KeyError:
            known = ", ".join(sorted(self.provinces_by_code))
            raise UnknownNameError(f"unknown province code {code!r} (known: {known})") from None

    def city(self, code: str) -> City:
        """The city-level unit of an admin code.

        Raises:
            UnknownNameError: The code is not a city-level unit.
        """
        try:
            return self.cities_by_code[code]
        except KeyError:
            raise UnknownNameError(f"unknown city code {code!r}") from None

    def cities_of(self, province_code: str) -> tuple[City, ...]:
        """The city-level units of a province, by admin code."""
        return tuple(c for c in self.cities_by_code.values() if c.province_code == province_code)

    def counties_of(self, city_code: str) -> tuple[County, ...]:
        """The county-level divisions of a city-level unit, by admin code (may be empty)."""
        return tuple(self.counties_by_code[c] for c in self._counties_of_city.get(city_code, ()))

    def has_districts(self, city_code: str) -> bool:
        """Whether the city has county-level divisions.

        Dongguan, Zhongshan, Danzhou, Jiayuguan and the direct county-level units have none.
        """
        return bool(self._counties_of_city.get(city_code))

    # --------------------------------------------------------------- provinces

    def resolve_province(self, text: str) -> ProvinceMatch:
        """Resolve a province cell (rules G01, G02).

        The full name is exact. A short, English or pinyin name, a declared alias or a code
        (``320000`` or ``32``) resolves with G02. Hong Kong, Macao and Taiwan give OUTSIDE (G01
        with its own message). Anything else is UNKNOWN with up to 3 suggestions.

        Args:
            text: The cell as read.

        Returns:
            The match.
        """
        value = normalise_text(text)
        hit = self._province_names.get(value) or self._province_latin.get(_latin_key(value))
        if hit is None and value.isdigit() and len(value) in (2, 6):
            code = value.ljust(6, "0")
            if code in self.provinces_by_code:
                hit = (code, MatchKind.CODE, "")
        if hit is not None:
            code, kind, alias_kind = hit
            if alias_kind == _OUTSIDE:
                return ProvinceMatch(value, MatchKind.OUTSIDE, alias_kind=code)
            return ProvinceMatch(value, kind, self.provinces_by_code[code], alias_kind)
        # A province with a city after it (Jiangsu Province + Suzhou City): take the prefix.
        for name in sorted(self._province_names, key=len, reverse=True):
            if len(name) >= 2 and value.startswith(name) and value != name:
                code, _kind, alias_kind = self._province_names[name]
                if alias_kind != _OUTSIDE:
                    return ProvinceMatch(value, MatchKind.PREFIXED, self.provinces_by_code[code])
        return ProvinceMatch(value, MatchKind.UNKNOWN, suggestions=self._suggest_provinces(value))

    def _suggest_provinces(self, value: str) -> tuple[Province, ...]:
        scores: dict[str, float] = defaultdict(float)
        for p in self.provinces_by_code.values():
            for name in (p.name_zh_full, p.name_zh_short):
                scores[p.admin_code] = max(scores[p.admin_code], _similarity(value, name))
            latin = _latin_key(value)
            if latin:
                scores[p.admin_code] = max(
                    scores[p.admin_code], _similarity(latin, _latin_key(p.name_en))
                )
        return self._best(scores, self.provinces_by_code)

    # ------------------------------------------------------------------ cities

    def resolve_city(self, province_code: str, text: str) -> CityMatch:
        """Resolve a city cell within the row's province (rules G03–G07).

        Order: exact full name; short name or declared alias (G03); a province or city prefix
        before a known name (G03, or G07 when the rest is a county); a county-level division of
        a city of the province (G07, or G05 when several cities have a county of that name); a
        single close match (G04: same toneless pinyin, or one character off, see
        :func:`~srdi_report.data.geography_match.edit_distance_one`); a city or county of another
        province (G06); else UNKNOWN (G05) with up to 3 suggestions.

        Args:
            province_code: Admin code of the row's (resolved) province.
            text: The cell as read.

        Returns:
            The match.

        Raises:
            UnknownNameError: ``province_code`` is not one of the 31.
        """
        self.province(province_code)
        value = normalise_text(text)
        index = self._city_index[province_code]
        match = self._match_in_province(index, value)
        if match is not None:
            code, kind, alias_kind = match
            return CityMatch(value, kind, self.cities_by_code[code], alias_kind=alias_kind)
        stripped = self._strip_prefix(province_code, value)
        if stripped is not None:
            return stripped
        county = self._county_match(index, value)
        if county is not None:
            return county
        fuzzy = self._fuzzy(index, value)
        if fuzzy is not None:
            return fuzzy
        elsewhere = self._other_province(province_code, value)
        if elsewhere is not None:
            return elsewhere
        return CityMatch(value, MatchKind.UNKNOWN, suggestions=self._suggest_cities(index, value))

    def _match_in_province(
        self, index: _CityIndex, value: str
    ) -> tuple[str, MatchKind, str] | None:
        if value in index.full:
            return index.full[value], MatchKind.EXACT, ""
        if value in index.alias:
            code, alias_kind = index.alias[value]
        elif _latin_key(value) in index.latin:
            code, alias_kind = index.latin[_latin_key(value)]
        elif value.isdigit() and value in index.stems:
            return value, MatchKind.CODE, ""
        else:
            return None
        kind = MatchKind.SHORT if alias_kind == "short" else MatchKind.ALIAS
        return code, kind, alias_kind

    def _strip_prefix(self, province_code: str, value: str) -> CityMatch | None:
        """Province + city, province + district, city + county: drop the prefix and retry."""
        index = self._city_index[province_code]
        prov = self.provinces_by_code[province_code]
        for prefix in sorted((prov.name_zh_full, prov.name_zh_short), key=len, reverse=True):
            rest = value.removeprefix(prefix)
            if rest == value or not rest:
                continue
            inner = self._match_in_province(index, rest)
            if inner is not None:
                return CityMatch(value, MatchKind.PREFIXED, self.cities_by_code[inner[0]])
            county = self._county_match(index, rest, original=value)
            if county is not None:
                return county
            value = rest
            break
        for city_name, code in sorted(index.full.items(), key=lambda kv: -len(kv[0])):
            rest = value.removeprefix(city_name)
            if rest != value and rest:
                county_code = self._county_of_city_named(code, rest)
                if county_code is not None:
                    return CityMatch(
                        value,
                        MatchKind.COUNTY,
                        self.cities_by_code[code],
                        self.counties_by_code[county_code],
                    )
        return None

    def _county_of_city_named(self, city_code: str, text: str) -> str | None:
        for code in self._counties_of_city.get(city_code, ()):
            county = self.counties_by_code[code]
            if text in (county.name_zh_full, county.name_zh_short):
                return code
        city = self.cities_by_code.get(city_code)
        if city is not None:
            former = self._city_index[city.province_code].county_alias.get(text)
            if former is not None and self.counties_by_code[former[0]].city_code == city_code:
                return former[0]
        return None

    def _county_match(
        self, index: _CityIndex, value: str, original: str | None = None
    ) -> CityMatch | None:
        codes = index.counties.get(value)
        shown = value if original is None else original
        if not codes and value in index.county_alias:
            code, alias_kind = index.county_alias[value]
            county = self.counties_by_code[code]
            return CityMatch(
                shown,
                MatchKind.COUNTY,
                self.cities_by_code[county.city_code],
                county,
                alias_kind=alias_kind,
            )
        if not codes:
            return None
        if len(codes) == 1:
            county = self.counties_by_code[codes[0]]
            return CityMatch(shown, MatchKind.COUNTY, self.cities_by_code[county.city_code], county)
        cities = sorted({self.counties_by_code[c].city_code for c in codes})
        return CityMatch(
            shown,
            MatchKind.AMBIGUOUS_COUNTY,
            suggestions=tuple(self.cities_by_code[c] for c in cities),
        )

    def _stem(self, value: str) -> str:
        for suffix in self._city_suffixes:
            if value.endswith(suffix) and len(value) > len(suffix):
                return value[: -len(suffix)]
        return value

    def _fuzzy(self, index: _CityIndex, value: str) -> CityMatch | None:
        stem = self._stem(value)
        if not stem:
            return None
        key = _pinyin(stem)
        by_pinyin = {code for code, keys in index.stem_pinyin.items() if key and key in keys}
        if len(by_pinyin) == 1:
            code = by_pinyin.pop()
            return CityMatch(
                value, MatchKind.FUZZY, self.cities_by_code[code], basis=FuzzyBasis.PINYIN
            )
        if by_pinyin:
            return None
        by_char = {code for code, s in index.stems.items() if edit_distance_one(stem, s)}
        if len(by_char) == 1:
            code = by_char.pop()
            return CityMatch(
                value, MatchKind.FUZZY, self.cities_by_code[code], basis=FuzzyBasis.ONE_CHAR
            )
        return None

    def _other_province(self, province_code: str, value: str) -> CityMatch | None:
        codes = [
            c
            for c in self._city_names_national.get(value, ())
            if self.cities_by_code[c].province_code != province_code
        ]
        if codes:
            city = self.cities_by_code[codes[0]]
            return CityMatch(value, MatchKind.OTHER_PROVINCE, city)
        counties = [
            c
            for c in self._county_names_national.get(value, ())
            if self.cities_by_code[self.counties_by_code[c].city_code].province_code
            != province_code
        ]
        if len(counties) == 1:
            county = self.counties_by_code[counties[0]]
            return CityMatch(
                value, MatchKind.OTHER_PROVINCE, self.cities_by_code[county.city_code], county
            )
        return None

    def _suggest_cities(self, index: _CityIndex, value: str) -> tuple[City, ...]:
        stem = self._stem(value)
        key = _pinyin(stem)
        scores: dict[str, float] = {}
        for code, short in index.stems.items():
            city = self.cities_by_code[code]
            score = max(_similarity(value, city.name_zh_full), _similarity(stem, short))
            if key:
                score = max(score, max(_similarity(key, k) for k in index.stem_pinyin[code]))
            latin = _latin_key(value)
            if latin and not key:
                score = max(score, _similarity(latin, _latin_key(city.name_en)))
            scores[code] = score
        return self._best(scores, self.cities_by_code)

    @staticmethod
    def _best(scores: Mapping[str, float], records: Mapping[str, _T]) -> tuple[_T, ...]:
        ranked = sorted(
            (code for code, s in scores.items() if s >= _SUGGESTION_CUTOFF),
            key=lambda code: (-scores[code], code),
        )
        return tuple(records[code] for code in ranked[:MAX_SUGGESTIONS])

    def find_cities(self, text: str) -> tuple[City, ...]:
        """Every city-level unit a name can mean, nationwide, by admin code.

        Accepts an admin code, the full or short Chinese name, a declared alias, or an English
        or pinyin name (``Suzhou`` gives the cities of Jiangsu and Anhui, ``Suzhou (Jiangsu)``
        only the first).
        Used where no province is given, e.g. the city of a city edition.
        """
        value = normalise_text(text)
        if value in self.cities_by_code:
            return (self.cities_by_code[value],)
        codes = self._city_names_national.get(value) or self._city_latin_national.get(
            _latin_key(value), ()
        )
        return tuple(self.cities_by_code[c] for c in codes)

    # ---------------------------------------------------------- codes, districts

    def city_of_code(self, code: str) -> CodeMatch | None:
        """The city of a city or county admin code (rule G08); None when the code is unknown.

        A municipality's province code (``110000``) is its city code; a county code gives its
        city and the county.
        """
        value = normalise_text(code)
        if value in self.cities_by_code:
            return CodeMatch(value, self.cities_by_code[value])
        county = self.counties_by_code.get(value)
        if county is not None:
            return CodeMatch(value, self.cities_by_code[county.city_code], county)
        return None

    def district_of(self, city_code: str, text: str) -> County | None:
        """The county-level division of the city named by ``text`` (full or short name)."""
        value = normalise_text(text)
        code = self._county_of_city_named(city_code, value)
        return None if code is None else self.counties_by_code[code]

    def is_district_of(self, city_code: str, text: str) -> bool:
        """Whether ``text`` is acceptable as the district of the city (rule G09).

        True for a county-level division of the city (full or short name), and for any text in
        a city without county-level divisions (Dongguan, Zhongshan, Danzhou, Jiayuguan, the
        direct county-level units), where towns and parks are written instead.
        """
        if not self.has_districts(city_code):
            return True
        return self.district_of(city_code, text) is not None

    # ---------------------------------------------------------- regions, clusters

    def region_of(self, province_code: str) -> str:
        """The NBS four-region key (``east``, ``central``, ``west``, ``northeast``)."""
        return self.province(province_code).region

    @property
    def cluster_schemes(self) -> tuple[str, ...]:
        """The cluster schemes of ``city_clusters.csv`` (``planning``, ``report``)."""
        return tuple(sorted({scheme for scheme, _level, _code in self._clusters}))

    def cluster_of(self, province_code: str, city_code: str, scheme: str) -> str:
        """The city-cluster key (``jjj``, ``yrd``, ``prd`` or ``other``) under a scheme.

        A city member of the scheme wins over a province member.

        Raises:
            UnknownNameError: The scheme is not in ``city_clusters.csv``.
        """
        if scheme not in self.cluster_schemes:
            known = ", ".join(self.cluster_schemes)
            raise UnknownNameError(f"unknown city-cluster scheme {scheme!r} (known: {known})")
        by_city = self._clusters.get((scheme, "city", city_code))
        if by_city is not None:
            return by_city
        return self._clusters.get((scheme, "province", province_code), _OTHER_CLUSTER)


# --------------------------------------------------------------------- loading


def _records(frame: pd.DataFrame, cls: type[_T], bools: Iterable[str] = ()) -> dict[str, _T]:
    flags = set(bools)
    fields = list(cls.__dataclass_fields__)  # type: ignore[attr-defined]
    out: dict[str, _T] = {}
    for row in frame.to_dict("records"):
        values = {f: (row[f] == "true") if f in flags else row[f] for f in fields}
        out[str(row["admin_code"])] = cls(**values)
    return out


def _build_city_index(
    province_code: str,
    cities: Mapping[str, City],
    counties: Mapping[str, County],
    aliases: pd.DataFrame,
) -> _CityIndex:
    mine = {code: c for code, c in cities.items() if c.province_code == province_code}
    full = {c.name_zh_full: code for code, c in mine.items()}
    alias: dict[str, tuple[str, str]] = {}
    latin: dict[str, tuple[str, str]] = {}
    for row in aliases[aliases["target_code"].isin(mine)].itertuples(index=False):
        name, code, kind = str(row.alias), str(row.target_code), str(row.kind)
        if name.isascii():
            latin.setdefault(_latin_key(name), (code, kind))
        else:
            alias.setdefault(name, (code, kind))
    for code, c in mine.items():
        alias.setdefault(c.name_zh_short, (code, "short"))
        latin.setdefault(_latin_key(c.name_en), (code, "english"))
        latin.setdefault(_latin_key(c.name_en_unique), (code, "english"))
        latin.setdefault(_latin_key(c.pinyin), (code, "english"))
    county_alias: dict[str, tuple[str, str]] = {}
    for row in aliases[aliases["target_code"].isin(counties)].itertuples(index=False):
        if counties[str(row.target_code)].city_code in mine:
            county_alias.setdefault(str(row.alias), (str(row.target_code), str(row.kind)))
    county_names: dict[str, list[str]] = defaultdict(list)
    for code, county in counties.items():
        if county.city_code in mine:
            county_names[county.name_zh_full].append(code)
            if county.name_zh_short != county.name_zh_full:
                county_names[county.name_zh_short].append(code)
    return _CityIndex(
        full=full,
        alias=alias,
        latin=latin,
        stems={code: c.name_zh_short for code, c in mine.items()},
        stem_pinyin={
            code: frozenset({c.pinyin, _pinyin(c.name_zh_short)}) for code, c in mine.items()
        },
        counties={name: tuple(sorted(set(codes))) for name, codes in county_names.items()},
        county_alias=county_alias,
    )


def _typed(frame: pd.DataFrame, bools: Iterable[str]) -> pd.DataFrame:
    out = frame.copy()
    for column in bools:
        out[column] = out[column].eq("true")
    return out


@functools.cache
def load_geography() -> Geography:
    """Load the shipped geography reference once (cached for the process).

    Returns:
        The immutable :class:`Geography`.
    """
    provinces_df = read_reference_csv("provinces.csv")
    cities_df = read_reference_csv("cities.csv")
    counties_df = read_reference_csv("counties.csv")
    aliases_df = read_reference_csv("geo_aliases.csv")
    clusters_df = read_reference_csv("city_clusters.csv")

    provinces = _records(provinces_df, Province)
    cities = _records(cities_df, City, ("is_capital", "is_county_level"))
    counties = _records(counties_df, County)

    province_names: dict[str, tuple[str, MatchKind, str]] = {}
    province_latin: dict[str, tuple[str, MatchKind, str]] = {}
    for p in provinces.values():
        province_names[p.name_zh_full] = (p.admin_code, MatchKind.EXACT, "")
    for row in aliases_df.itertuples(index=False):
        name, code, kind = str(row.alias), str(row.target_code), str(row.kind)
        if code not in provinces and kind != _OUTSIDE:
            continue
        match_kind = MatchKind.SHORT if kind == "short" else MatchKind.ALIAS
        target = province_latin if name.isascii() else province_names
        key = _latin_key(name) if name.isascii() else name
        target.setdefault(key, (code, match_kind, kind))

    counties_of_city: dict[str, list[str]] = defaultdict(list)
    county_names: dict[str, list[str]] = defaultdict(list)
    for code, county in counties.items():
        counties_of_city[county.city_code].append(code)
        county_names[county.name_zh_full].append(code)
    city_names: dict[str, list[str]] = defaultdict(list)
    for code, city in cities.items():
        city_names[city.name_zh_full].append(code)
        city_names[city.name_zh_short].append(code)
    city_latin: dict[str, list[str]] = defaultdict(list)
    for row in aliases_df.itertuples(index=False):
        name, code = str(row.alias), str(row.target_code)
        if code in cities:
            if name.isascii():
                city_latin[_latin_key(name)].append(code)
            else:
                city_names[name].append(code)

    # Suffixes that the stems drop (the kind words of the full names), longest first.
    suffixes = {
        c.name_zh_full[len(c.name_zh_short) :]
        for c in cities.values()
        if c.name_zh_full.startswith(c.name_zh_short) and c.name_zh_full != c.name_zh_short
    }
    clusters = {
        (str(r.scheme), str(r.member_level), str(r.member_code)): str(r.cluster_key)
        for r in clusters_df.itertuples(index=False)
    }
    provinces_out = provinces_df.copy()
    cities_out = _typed(cities_df, ("is_capital", "is_county_level"))
    names = provinces_df.set_index("admin_code")["name_zh_full"]
    cities_out["province_name_zh"] = cities_out["province_code"].map(names)
    return Geography(
        provinces_by_code=provinces,
        cities_by_code=cities,
        counties_by_code=counties,
        provinces=provinces_out,
        cities=cities_out,
        counties=counties_df.copy(),
        aliases=aliases_df.copy(),
        clusters=clusters_df.copy(),
        _province_names=province_names,
        _province_latin=province_latin,
        _city_index={
            code: _build_city_index(code, cities, counties, aliases_df) for code in provinces
        },
        _city_names_national={k: tuple(sorted(set(v))) for k, v in city_names.items()},
        _city_latin_national={k: tuple(sorted(set(v))) for k, v in city_latin.items()},
        _county_names_national={k: tuple(sorted(v)) for k, v in county_names.items()},
        _counties_of_city={k: tuple(sorted(v)) for k, v in counties_of_city.items()},
        _city_suffixes=tuple(sorted(suffixes, key=len, reverse=True)),
        _clusters=clusters,
    )
