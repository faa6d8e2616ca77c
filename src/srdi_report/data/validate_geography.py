"""Geography rules G01–G10 (data_schema.md §3.2), resolved once per distinct value.

Provinces are resolved per distinct cell, cities per distinct (province, city) pair, districts
and codes per distinct (city, value) pair; rows only index into those results. The frame is
normalised in place: full province and city names, and the district of a county written in the
city column (G07) or given by a county code (G08).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from srdi_report.data.geography import City, CityMatch, County, FuzzyBasis, Geography, MatchKind
from srdi_report.data.validate_context import ProblemSink, fixed, groups_of, mask_of

PROVINCE_WHAT = {  # G02: how the province was written
    MatchKind.SHORT: "short name",
    MatchKind.CODE: "admin code",
    MatchKind.PREFIXED: "name with extra text",
}
CITY_WHAT = {  # G03: how the city was written
    MatchKind.SHORT: "short name",
    MatchKind.CODE: "admin code",
    MatchKind.PREFIXED: "name with a prefix",
}
ALIAS_WHAT = {"english": "English name", "historical": "former name", "short": "short name"}
BASIS_TEXT = {FuzzyBasis.PINYIN: "same pinyin", FuzzyBasis.ONE_CHAR: "one character different"}
KEY_SEPARATOR = "\x1f"  # joins province code and city text into one factorization key


@dataclass
class _Resolved:
    """Per-row results of the city resolution (object arrays; None where unresolved)."""

    province_code: npt.NDArray[np.object_]
    city_code: npt.NDArray[np.object_]


def _suggestion(names: list[str], reference: str) -> str:
    if not names:
        return f"see the {reference} reference"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"did you mean {listed}? see the {reference} reference"


def _what(kind: MatchKind, alias_kind: str, table: dict[MatchKind, str]) -> str:
    if kind is MatchKind.ALIAS:
        return ALIAS_WHAT.get(alias_kind, "alias")
    return table.get(kind, "alias")


def check_provinces(sink: ProblemSink, geo: Geography) -> npt.NDArray[np.object_]:
    """G01, G02: resolve each distinct province; normalise to full names.

    Returns:
        The province admin code per row (None where empty or unresolved).
    """
    frame = sink.frame
    codes, uniques = pd.factorize(frame["province"])
    matches = [geo.resolve_province(str(v)) for v in uniques]
    code_of = np.array([m.province.admin_code if m.province else None for m in matches] + [None])
    row_code: npt.NDArray[np.object_] = code_of[codes]  # code -1 picks the trailing None
    positions = groups_of(codes)
    for index, match in enumerate(matches):
        rows = positions[index]
        if match.province is not None:
            full = match.province.name_zh_full
            if match.rule == "G02":
                what = _what(match.kind, match.alias_kind, PROVINCE_WHAT)
                sink.grouped("G02", "province", rows, what=what, name=full)
            continue
        unresolved = np.zeros(len(frame), dtype=bool)
        unresolved[rows] = True
        if match.kind is MatchKind.OUTSIDE:
            sink.per_row("G01.outside", "province", unresolved, fixed())
        else:
            names = [p.name_zh_full for p in match.suggestions]
            hint = _suggestion(names, "provinces")
            sink.per_row("G01", "province", unresolved, fixed(suggestion=hint))
    full_names = pd.Series(
        [m.province.name_zh_full if m.province else pd.NA for m in matches], dtype="string"
    )
    resolved = mask_of(pd.Series(code_of[codes]).notna())
    if resolved.any():
        new = full_names.to_numpy(dtype=object)[codes[resolved]]
        frame.loc[resolved, "province"] = new
    return row_code


def check_cities(
    sink: ProblemSink, geo: Geography, province_code: npt.NDArray[np.object_]
) -> npt.NDArray[np.object_]:
    """G03–G07, G10: resolve each distinct (province, city); normalise city and district.

    Returns:
        The city admin code per row (None where empty or unresolved).
    """
    frame = sink.frame
    city = frame["city"]
    usable = mask_of(city.notna()) & mask_of(pd.Series(province_code).notna())
    key = pd.Series(province_code, dtype="string") + KEY_SEPARATOR + city.astype("string")
    key = key.where(usable)
    codes, uniques = pd.factorize(key)
    matches: list[CityMatch] = []
    for value in uniques:
        prov, _, text = str(value).partition(KEY_SEPARATOR)
        matches.append(geo.resolve_city(prov, text))
    city_code = np.array([m.city.admin_code if m.resolved and m.city else None for m in matches])
    row_city: npt.NDArray[np.object_] = np.array([*city_code, None], dtype=object)[codes]
    positions = groups_of(codes)
    has_district = sink.has("district")
    district = frame["district"] if has_district else pd.Series(pd.NA, index=frame.index)
    for index, match in enumerate(matches):
        _emit_city(sink, geo, match, positions[index], district, row_city)
    return row_city


def _emit_city(
    sink: ProblemSink,
    geo: Geography,
    match: CityMatch,
    rows: npt.NDArray[np.intp],
    district: pd.Series,
    row_city: npt.NDArray[np.object_],
) -> None:
    """The problems and normalisation of one distinct (province, city) pair."""
    frame = sink.frame
    province = str(frame["province"].iloc[int(rows[0])])
    mask = np.zeros(len(frame), dtype=bool)
    mask[rows] = True
    if match.kind is MatchKind.EXACT:
        return
    if match.kind is MatchKind.OTHER_PROVINCE and match.city is not None:
        other = geo.province(match.city.province_code).name_zh_full
        name = match.city.name_zh_full if match.county is None else match.text
        sink.per_row("G06", "city", mask, fixed(city=name, other=other, province=province))
        return
    if match.kind is MatchKind.AMBIGUOUS_COUNTY:
        cities = ", ".join(c.name_zh_full for c in match.suggestions)
        sink.per_row("G05.ambiguous", "city", mask, fixed(province=province, cities=cities))
        return
    if match.city is None:
        hint = _suggestion([c.name_zh_full for c in match.suggestions], "cities")
        sink.per_row("G05", "city", mask, fixed(province=province, suggestion=hint))
        return
    name = match.city.name_zh_full
    if match.kind is MatchKind.COUNTY and match.county is not None:
        _county_in_city_column(sink, match.city, match.county, rows, district, row_city)
        return
    if match.kind is MatchKind.FUZZY and match.basis is not None:
        basis = BASIS_TEXT[match.basis]
        sink.grouped("G04", "city", rows, province=province, name=name, basis=basis)
    else:
        what = _what(match.kind, match.alias_kind, CITY_WHAT)
        sink.grouped("G03", "city", rows, what=what, name=name)
    frame.loc[mask, "city"] = name


def _county_in_city_column(
    sink: ProblemSink,
    parent: City,
    county: County,
    rows: npt.NDArray[np.intp],
    district: pd.Series,
    row_city: npt.NDArray[np.object_],
) -> None:
    """G07 (county in the city column; district empty or the same) or G10 (another district)."""
    frame = sink.frame
    written = district.iloc[rows]
    same = written.isna() | written.isin([county.name_zh_full, county.name_zh_short])
    same_rows = rows[mask_of(same)]
    other_rows = rows[~mask_of(same)]
    if same_rows.size:
        sink.grouped("G07", "city", same_rows, city=parent.name_zh_full, county=county.name_zh_full)
        mask = np.zeros(len(frame), dtype=bool)
        mask[same_rows] = True
        frame.loc[mask, "city"] = parent.name_zh_full
        if "district" not in frame.columns:
            frame["district"] = pd.Series(pd.NA, index=frame.index, dtype="string")
        frame.loc[mask, "district"] = county.name_zh_full
    if other_rows.size:
        mask = np.zeros(len(frame), dtype=bool)
        mask[other_rows] = True
        sink.per_row(
            "G10",
            "city",
            mask,
            lambda p: {"city": parent.name_zh_full, "district": str(district.iloc[p])},
        )
        row_city[other_rows] = None


def check_districts(sink: ProblemSink, geo: Geography, city_code: npt.NDArray[np.object_]) -> None:
    """G09: a district that is not a county-level division of the row's city (kept)."""
    if not sink.has("district"):
        return
    frame = sink.frame
    district = frame["district"]
    usable = mask_of(district.notna()) & mask_of(pd.Series(city_code).notna())
    key = (pd.Series(city_code, dtype="string") + KEY_SEPARATOR + district).where(usable)
    codes, uniques = pd.factorize(key)
    ok = np.array([geo.is_district_of(*str(v).split(KEY_SEPARATOR, 1)) for v in uniques] + [True])
    mask = ~ok[codes]
    sink.per_row(
        "G09",
        "district",
        mask,
        lambda p: {"city": geo.city(str(city_code[p])).name_zh_full},
    )


def check_city_codes(sink: ProblemSink, geo: Geography, city_code: npt.NDArray[np.object_]) -> None:
    """G08: city_code unknown or of another city; a county code fills an empty district."""
    if not sink.has("city_code"):
        return
    frame = sink.frame
    given = frame["city_code"]
    codes, uniques = pd.factorize(given)
    found = [geo.city_of_code(str(v)) for v in uniques]
    unknown = np.array([f is None for f in found] + [False])[codes]
    sink.per_row("G08.unknown", "city_code", unknown, fixed())
    code_city = np.array([f.city.admin_code if f else None for f in found] + [None])[codes]
    row_city = pd.Series(city_code, dtype="string")
    code_city_s = pd.Series(code_city, dtype="string")
    other = mask_of(row_city.notna() & code_city_s.notna() & (row_city != code_city_s))
    sink.per_row(
        "G08.other",
        "city_code",
        other,
        lambda p: {
            "name": geo.city(str(code_city[p])).name_zh_full,
            "city": geo.city(str(city_code[p])).name_zh_full,
        },
    )
    county_name = np.array(
        [f.county.name_zh_full if f and f.county else None for f in found] + [None]
    )[codes]
    fill = ~other & mask_of(pd.Series(county_name).notna())
    if sink.has("district"):
        fill &= mask_of(frame["district"].isna())
    if fill.any():
        if "district" not in frame.columns:
            frame["district"] = pd.Series(pd.NA, index=frame.index, dtype="string")
        frame.loc[fill, "district"] = county_name[fill]


def check_geography(sink: ProblemSink, geo: Geography) -> None:
    """Run G01–G10 and normalise the geography columns in place."""
    if not sink.has("province"):
        return
    province_code = check_provinces(sink, geo)
    if not sink.has("city"):
        return
    had_district = sink.has("district")
    city_code = check_cities(sink, geo, province_code)
    if had_district:
        check_districts(sink, geo, city_code)
    check_city_codes(sink, geo, city_code)
