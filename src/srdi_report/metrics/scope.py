"""Scope: a frozen filter on the firm frame (year, level, geography, industry, field domain).

A scope is keyed by admin codes and English keys, never by names, which differ by language and
spelling. ``Scope()`` is the national report's population P (``level`` national or provincial);
``include_non_srdi=True`` adds firms with ``level = none`` (single champions, charts 40/41).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from srdi_report.errors import InputError
from srdi_report.metrics.columns import snapshot_years

if TYPE_CHECKING:
    from srdi_report.data.geography import Geography

SRDI_LEVELS = ("national", "provincial")  # national_report.md §0: the population P
LEVELS = (*SRDI_LEVELS, "none")
NATIONAL_KEY = "national"  # the key of the whole-country scope
_SEPARATORS = re.compile(r"\s*[,;&]\s*")
_SECTION = re.compile(r"^[A-T]$")
# GB/T 4754 code length -> derived column of the code's level
_INDUSTRY_COLUMN_BY_LENGTH = {2: "gbt_major", 3: "gbt_middle", 4: "gbt_minor"}
_FILTER_FIELDS = (
    "year",
    "level",
    "province",
    "city",
    "cluster",
    "region",
    "industry",
    "field_domain",
)


@dataclass(frozen=True)
class Scope:
    """A frozen firm filter; every field None means no condition on it.

    Attributes:
        year: ``snapshot_year``.
        level: ``national``, ``provincial`` or ``none``.
        province: Province admin code (``320000``).
        city: City-level admin code (``320500``).
        cluster: ``city_cluster`` key (``jjj``, ``yrd``, ``prd``, ``other``).
        region: ``region`` key (``east``, ``central``, ``west``, ``northeast``).
        industry: GB/T 4754 code at any level: a section letter, 2, 3 or 4 digits.
        field_domain: ``field_domain`` key (``electronics_core`` …).
        include_non_srdi: Keep firms with ``level = none`` (default: population P only).
    """

    year: int | None = None
    level: str | None = None
    province: str | None = None
    city: str | None = None
    cluster: str | None = None
    region: str | None = None
    industry: str | None = None
    field_domain: str | None = None
    include_non_srdi: bool = False

    def __post_init__(self) -> None:
        if self.level is not None and self.level not in LEVELS:
            raise InputError(f"unknown level {self.level!r}; known: {', '.join(LEVELS)}")
        if self.industry is not None:
            industry_column(self.industry)  # fails early on a malformed code

    @property
    def key(self) -> str:
        """Stable text key (``city=320500;level=national``); ``national`` for no condition."""
        parts = [f"{name}={value}" for name, value in self._conditions()]
        if self.include_non_srdi:
            parts.append("population=all")
        return ";".join(parts) or NATIONAL_KEY

    @property
    def filter_text(self) -> str:
        """The filter in words of columns (provenance): ``level in (…) & city_code=320500``."""
        levels = LEVELS if self.include_non_srdi else SRDI_LEVELS
        parts = [f"level in ({', '.join(levels)})"]
        for name, value in self._conditions():
            parts.append(f"{_column_of(name, str(value))}={value}")
        return " & ".join(parts)

    def with_(self, **changes: object) -> Scope:
        """A copy with some fields changed (``scope.with_(level="national")``)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def _conditions(self) -> list[tuple[str, object]]:
        return [(n, getattr(self, n)) for n in _FILTER_FIELDS if getattr(self, n) is not None]

    def mask(self, firms: pd.DataFrame, geography: Geography | None = None) -> np.ndarray:
        """Boolean array: which rows of ``firms`` are in the scope (vectorised).

        Args:
            firms: Firm frame with derived columns (``data.derive.add_derived``).
            geography: Names of provinces and cities when the frame has no code column; the
                shipped reference when None.

        Raises:
            InputError: the scope needs a column the frame does not have.
        """
        levels = LEVELS if self.include_non_srdi else SRDI_LEVELS
        keep = _column(firms, "level").isin(levels).to_numpy(dtype=bool)
        if self.year is not None:
            if "snapshot_year" not in firms.columns and "snapshot_date" not in firms.columns:
                raise InputError("the firm data has no snapshot_year or snapshot_date column")
            keep &= snapshot_years(firms) == self.year
        for name in ("level", "cluster", "region", "field_domain"):
            value = getattr(self, name)
            if value is not None:
                keep &= _equals(firms, _column_of(name, value), value)
        if self.industry is not None:
            keep &= _equals(firms, industry_column(self.industry), self.industry)
        if self.province is not None:
            keep &= _province_mask(firms, self.province, geography)
        if self.city is not None:
            keep &= _city_mask(firms, self.city, geography)
        return keep

    def apply(self, firms: pd.DataFrame, geography: Geography | None = None) -> pd.DataFrame:
        """The rows of ``firms`` in the scope (a view-free copy by boolean indexing)."""
        return firms.loc[self.mask(firms, geography)]

    @classmethod
    def parse(cls, text: str, geography: Geography | None = None) -> Scope:
        """Parse CLI text: ``city=320500``, ``province=Jiangsu,level=national``, ``national``.

        Provinces and cities are resolved through the geography reference (names, short names,
        English, pinyin, codes); a name that means several cities must be made unique.

        Raises:
            InputError: an unknown key, an unknown or ambiguous place, a malformed value.
        """
        text = text.strip()
        if text in {"", NATIONAL_KEY, "all"}:
            return cls()
        values: dict[str, object] = {}
        known = (*_FILTER_FIELDS, "population")
        for part in _SEPARATORS.split(text):
            name, sep, value = (s.strip() for s in part.partition("="))
            if not sep or not value:
                raise InputError(f"scope part {part!r} is not key=value (keys: {', '.join(known)})")
            if name not in known:
                raise InputError(f"unknown scope key {name!r}; known: {', '.join(known)}")
            values[name] = value
        return replace(cls(), **_typed_values(values, geography))


def industry_column(code: str) -> str:
    """The derived column holding GB/T codes of the code's level.

    Raises:
        InputError: the code is not a section letter or 2–4 digits.
    """
    if _SECTION.match(code):
        return "gbt_section"
    if code.isdigit() and len(code) in _INDUSTRY_COLUMN_BY_LENGTH:
        return _INDUSTRY_COLUMN_BY_LENGTH[len(code)]
    raise InputError(f"industry code {code!r} is not a GB/T 4754 section letter or 2-4 digits")


def _typed_values(values: dict[str, object], geography: Geography | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, raw in values.items():
        value = str(raw)
        if name == "year":
            if not value.isdigit():
                raise InputError(f"scope year {value!r} is not a year")
            out["year"] = int(value)
        elif name == "population":
            if value not in {"all", "srdi"}:
                raise InputError(f"scope population {value!r}: use all or srdi")
            out["include_non_srdi"] = value == "all"
        elif name == "province":
            out["province"] = _resolve_province(value, _geography(geography))
        elif name == "city":
            out["city"] = _resolve_city(value, _geography(geography))
        else:
            out[name] = value
    return out


def _resolve_province(text: str, geography: Geography) -> str:
    match = geography.resolve_province(text)
    if match.province is None:
        hint = ", ".join(p.name_en for p in match.suggestions)
        raise InputError(f"unknown province {text!r}" + (f"; did you mean {hint}?" if hint else ""))
    return match.province.admin_code


def _resolve_city(text: str, geography: Geography) -> str:
    cities = geography.find_cities(text)
    if not cities:
        raise InputError(f"unknown city {text!r}; give its admin code or full name")
    if len(cities) > 1:
        options = ", ".join(f"{c.admin_code} ({c.name_en_unique})" for c in cities)
        raise InputError(f"city {text!r} is ambiguous: {options}; give the admin code")
    return cities[0].admin_code


def _geography(geography: Geography | None) -> Geography:
    if geography is not None:
        return geography
    from srdi_report.data.geography import load_geography

    return load_geography()


def _column_of(name: str, value: str) -> str:
    if name == "industry":
        return industry_column(value)
    if name == "year":
        return "snapshot_year"
    if name == "cluster":
        return "city_cluster"
    if name in {"province", "city"}:
        return f"{name}_code"
    return name


def _column(firms: pd.DataFrame, column: str) -> pd.Series:
    if column not in firms.columns:
        raise InputError(f"the firm data has no column {column!r}, which the scope needs")
    return firms[column]


def _equals(firms: pd.DataFrame, column: str, value: str) -> np.ndarray:
    return (_column(firms, column) == value).to_numpy(dtype=bool, na_value=False)


def _province_mask(firms: pd.DataFrame, code: str, geography: Geography | None) -> np.ndarray:
    # The validated frame holds full names (a city_code cell may be a county's code), so the
    # scope's admin code is turned into the name once instead of coding every row.
    name = _geography(geography).province(code).name_zh_full
    return _equals(firms, "province", name)


def _city_mask(firms: pd.DataFrame, code: str, geography: Geography | None) -> np.ndarray:
    city = _geography(geography).city(code)
    province = _geography(geography).province(city.province_code).name_zh_full
    in_city: np.ndarray = _equals(firms, "province", province) & _equals(
        firms, "city", city.name_zh_full
    )
    return in_city


def scope_fields() -> tuple[str, ...]:
    """Names of the Scope fields, in declaration order (docs and CLI help)."""
    return tuple(f.name for f in fields(Scope))
