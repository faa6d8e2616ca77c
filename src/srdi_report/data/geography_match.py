"""Records and match results of the geography reference (data_schema.md §4 and rules G01–G10).

The look-ups of :mod:`srdi_report.data.geography` return the small frozen match objects defined
here. Each states how the text matched (:class:`MatchKind`) and the G rule the validator emits for
it (:attr:`ProvinceMatch.rule`, :attr:`CityMatch.rule`), so that the validator only words the
message.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Province:
    """One of the 31 provincial divisions (``provinces.csv``)."""

    admin_code: str
    name_zh_full: str
    name_zh_short: str
    name_en: str
    name_en_full: str
    kind: str
    region: str


@dataclass(frozen=True)
class City:
    """A city-level unit (``cities.csv``): prefecture, municipality or direct county-level unit."""

    admin_code: str
    name_zh_full: str
    name_zh_short: str
    name_en: str
    name_en_unique: str
    name_en_full: str
    pinyin: str
    province_code: str
    kind: str
    is_capital: bool
    is_county_level: bool


@dataclass(frozen=True)
class County:
    """A county-level division under a city-level unit (``counties.csv``)."""

    admin_code: str
    name_zh_full: str
    name_zh_short: str
    name_en: str
    city_code: str
    kind: str


class MatchKind(StrEnum):
    """How a province or city text was matched to the reference."""

    EXACT = "exact"  # the full Chinese name: no warning
    CODE = "code"  # an admin code given as the name (G02 for provinces, G03 for cities)
    SHORT = "short"  # the short name (Jiangsu without its suffix): G02 / G03
    ALIAS = "alias"  # a declared alias: colloquial, historical, English or pinyin: G02 / G03
    PREFIXED = "prefixed"  # a province (or city) prefix before the name (province + city): G03
    FUZZY = "fuzzy"  # exactly one close match: same toneless pinyin or one character off: G04
    COUNTY = "county"  # a county-level division of a city of the province: G07
    AMBIGUOUS_COUNTY = "ambiguous_county"  # a county name shared by several cities: G05
    OTHER_PROVINCE = "other_province"  # a city (or county) of another province: G06
    OUTSIDE = "outside"  # Hong Kong, Macao, Taiwan: G01 with its own message
    UNKNOWN = "unknown"  # nothing close enough: G01 / G05 with suggestions


class FuzzyBasis(StrEnum):
    """Why a G04 match was accepted."""

    PINYIN = "pinyin"  # same toneless pinyin
    ONE_CHAR = "one_char"  # one character substituted, inserted or dropped


_PROVINCE_RULES = {
    MatchKind.EXACT: None,
    MatchKind.CODE: "G02",
    MatchKind.SHORT: "G02",
    MatchKind.ALIAS: "G02",
    MatchKind.PREFIXED: "G02",
    MatchKind.OUTSIDE: "G01",
    MatchKind.UNKNOWN: "G01",
}

_CITY_RULES = {
    MatchKind.EXACT: None,
    MatchKind.CODE: "G03",
    MatchKind.SHORT: "G03",
    MatchKind.ALIAS: "G03",
    MatchKind.PREFIXED: "G03",
    MatchKind.FUZZY: "G04",
    MatchKind.COUNTY: "G07",
    MatchKind.AMBIGUOUS_COUNTY: "G05",
    MatchKind.OTHER_PROVINCE: "G06",
    MatchKind.UNKNOWN: "G05",
}


@dataclass(frozen=True)
class ProvinceMatch:
    """Result of :meth:`Geography.resolve_province`.

    Attributes:
        text: The text as given (after NFKC and trimming).
        kind: How it matched.
        province: The resolved province; None for OUTSIDE and UNKNOWN.
        alias_kind: For ALIAS, the alias kind of ``geo_aliases.csv`` (``english``,
            ``colloquial`` …); for OUTSIDE, the code of the outside division (``810000``).
        suggestions: For UNKNOWN, up to 3 close provinces, best first.
    """

    text: str
    kind: MatchKind
    province: Province | None = None
    alias_kind: str = ""
    suggestions: tuple[Province, ...] = ()

    @property
    def rule(self) -> str | None:
        """The G rule to emit (None for an exact match)."""
        return _PROVINCE_RULES[self.kind]

    @property
    def resolved(self) -> bool:
        """Whether the row gets a province (possibly with a warning)."""
        return self.province is not None


@dataclass(frozen=True)
class CityMatch:
    """Result of :meth:`Geography.resolve_city`.

    Attributes:
        text: The text as given (after NFKC and trimming).
        kind: How it matched.
        city: The resolved city. For COUNTY the parent city; for OTHER_PROVINCE the city (or the
            county's city) in the other province; None for UNKNOWN and AMBIGUOUS_COUNTY.
        county: For COUNTY (and OTHER_PROVINCE when the text is a county there) the county.
        alias_kind: For ALIAS the alias kind (``historical``, ``colloquial``, ``english``).
        basis: For FUZZY, why the single candidate was accepted.
        suggestions: For UNKNOWN up to 3 cities of the province, best first; for
            AMBIGUOUS_COUNTY every city that has a county of that name.
    """

    text: str
    kind: MatchKind
    city: City | None = None
    county: County | None = None
    alias_kind: str = ""
    basis: FuzzyBasis | None = None
    suggestions: tuple[City, ...] = ()

    @property
    def rule(self) -> str | None:
        """The G rule to emit (None for an exact match)."""
        return _CITY_RULES[self.kind]

    @property
    def resolved(self) -> bool:
        """Whether the row's city is set from this match (warnings G03, G04, G07)."""
        return self.city is not None and self.kind is not MatchKind.OTHER_PROVINCE


@dataclass(frozen=True)
class CodeMatch:
    """Result of :meth:`Geography.city_of_code`: the city of a city or county code."""

    code: str
    city: City
    county: County | None = None


def edit_distance_one(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one character substituted, inserted or dropped.

    A substitution counts only in names of three or more characters: in a two-character stem it
    changes half the name (Suzhong vs Suzhou), which is a guess rather than a typing slip.
    """
    if a == b:
        return False
    if len(a) == len(b):
        diffs = sum(1 for x, y in zip(a, b, strict=True) if x != y)
        return diffs == 1 and len(a) >= 3
    if abs(len(a) - len(b)) != 1:
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(short) < 2:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
