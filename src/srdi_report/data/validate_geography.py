"""Geography rules G01–G10 (data_schema.md §3.2), resolved once per distinct value.

Provinces are resolved per distinct cell, cities per distinct (province, city) pair, districts
and codes per distinct (city, value) pair; rows only index into those results. The frame is
normalised in place: full province and city names, and the district of a county written in the
city column (G07) or given by a county code (G08).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from srdi_report.data.geography import City, CityMatch, County, FuzzyBasis, Geography, MatchKind
from srdi_report.data.validate_context import ProblemSink, fixed, groups_of

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

ObjectArray = npt.NDArray[np.object_]


def pair_codes(
    first: ObjectArray, second: pd.Series
) -> tuple[npt.NDArray[np.intp], list[tuple[str, str]]]:
    """Factorize rows by (first, second), both non-empty; -1 where either is empty.

    Integer codes are combined instead of strings, which keeps 167k rows in numpy.
    """
    a_codes, a_uniques = pd.factorize(pd.Series(first, dtype="string"))
    b_codes, b_uniques = pd.factorize(second)
    usable = (a_codes >= 0) & (b_codes >= 0)
    combined = a_codes.astype(np.int64) * (len(b_uniques) + 1) + b_codes
    codes, combos = pd.factorize(pd.Series(combined).where(usable).astype("Int64"))
    pairs: list[tuple[str, str]] = []
    for combo in np.asarray(combos, dtype=np.int64).tolist():
        a, b = divmod(combo, len(b_uniques) + 1)
        pairs.append((str(a_uniques[a]), str(b_uniques[b])))
    return np.asarray(codes), pairs


def _mask(size: int, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.bool_]:
    mask = np.zeros(size, dtype=bool)
    mask[rows] = True
    return mask


def _suggestion(names: list[str], reference: str) -> str:
    if not names:
        return f"see the {reference} reference"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"did you mean {listed}? see the {reference} reference"


def _what(kind: MatchKind, alias_kind: str, table: dict[MatchKind, str]) -> str:
    if kind is MatchKind.ALIAS:
        return ALIAS_WHAT.get(alias_kind, "alias")
    return table.get(kind, "alias")


def check_provinces(sink: ProblemSink, geo: Geography) -> ObjectArray:
    """G01, G02: resolve each distinct province; normalise to full names.

    Returns:
        The province admin code per row (None where empty or unresolved).
    """
    size = len(sink.frame)
    codes, uniques = pd.factorize(sink.frame["province"])
    matches = [geo.resolve_province(str(v)) for v in uniques]
    code_of = np.array([m.province.admin_code if m.province else None for m in matches] + [None])
    positions = groups_of(np.asarray(codes))
    rewrite = np.zeros(size, dtype=bool)
    outside: dict[int, dict[str, str]] = {}
    unknown: dict[int, dict[str, str]] = {}
    for index, match in enumerate(matches):
        rows = positions[index]
        if match.province is not None:
            if match.rule == "G02":
                what = _what(match.kind, match.alias_kind, PROVINCE_WHAT)
                sink.grouped("G02", "province", rows, what=what, name=match.province.name_zh_full)
            if match.province.name_zh_full != str(uniques[index]):
                rewrite[rows] = True
        elif match.kind is MatchKind.OUTSIDE:
            outside[index] = {}
        else:
            hint = _suggestion([p.name_zh_full for p in match.suggestions], "provinces")
            unknown[index] = {"suggestion": hint}
    sink.per_value("G01.outside", "province", codes, outside)
    sink.per_value("G01", "province", codes, unknown)
    if rewrite.any():
        full = np.array([m.province.name_zh_full if m.province else None for m in matches])
        sink.assign(rewrite, "province", full[codes[rewrite]])
    row_code: ObjectArray = code_of[codes]  # code -1 picks the trailing None
    return row_code


@dataclass
class _CityEdits:
    """Normalised city and district values collected over all distinct pairs, written once."""

    size: int
    failing: dict[str, dict[int, dict[str, str]]] = field(
        default_factory=lambda: {"G05": {}, "G05.ambiguous": {}, "G06": {}}
    )
    county_conflicts: dict[int, str] = field(default_factory=dict)  # G10: row → parent city
    city_rows: list[npt.NDArray[np.intp]] = field(default_factory=list)
    city_names: list[str] = field(default_factory=list)
    district_rows: list[npt.NDArray[np.intp]] = field(default_factory=list)
    district_names: list[str] = field(default_factory=list)

    def apply(self, sink: ProblemSink) -> None:
        for column, rows_list, names in (
            ("city", self.city_rows, self.city_names),
            ("district", self.district_rows, self.district_names),
        ):
            if not rows_list:
                continue
            rows = np.concatenate(rows_list)
            values = np.repeat(np.array(names, dtype=object), [len(r) for r in rows_list])
            order = np.argsort(rows, kind="stable")
            sink.assign(_mask(self.size, rows), column, values[order])


def check_cities(sink: ProblemSink, geo: Geography, province_code: ObjectArray) -> ObjectArray:
    """G03–G07, G10: resolve each distinct (province, city); normalise city and district.

    Returns:
        The city admin code per row (None where empty or unresolved).
    """
    frame = sink.frame
    codes, pairs = pair_codes(province_code, frame["city"])
    matches: list[CityMatch] = [geo.resolve_city(prov, text) for prov, text in pairs]
    city_code = [m.city.admin_code if m.resolved and m.city else None for m in matches]
    row_city: ObjectArray = np.array([*city_code, None], dtype=object)[codes]
    district = frame["district"] if sink.has("district") else pd.Series(pd.NA, index=frame.index)
    edits = _CityEdits(len(frame))
    for index, rows in groups_of(codes).items():
        _emit_city(sink, geo, (index, matches[index]), rows, district, row_city, edits)
    for message_id, by_value in edits.failing.items():
        sink.per_value(message_id, "city", codes, by_value)
    conflicts = edits.county_conflicts
    if conflicts:
        mask = _mask(len(frame), np.fromiter(conflicts, dtype=np.intp))
        sink.per_row(
            "G10",
            "city",
            mask,
            lambda p: {"city": conflicts[p], "district": str(district.iloc[p])},
        )
    edits.apply(sink)
    return row_city


def _emit_city(
    sink: ProblemSink,
    geo: Geography,
    indexed: tuple[int, CityMatch],
    rows: npt.NDArray[np.intp],
    district: pd.Series,
    row_city: ObjectArray,
    edits: _CityEdits,
) -> None:
    """The problems and normalisation of one distinct (province, city) pair."""
    index, match = indexed
    if match.kind is MatchKind.EXACT:
        return
    province = str(sink.frame["province"].iloc[int(rows[0])])
    if match.kind is MatchKind.OTHER_PROVINCE and match.city is not None:
        other = geo.province(match.city.province_code).name_zh_full
        name = match.city.name_zh_full if match.county is None else match.text
        edits.failing["G06"][index] = {"city": name, "other": other, "province": province}
    elif match.kind is MatchKind.AMBIGUOUS_COUNTY:
        cities = ", ".join(c.name_zh_full for c in match.suggestions)
        edits.failing["G05.ambiguous"][index] = {"province": province, "cities": cities}
    elif match.city is None:
        hint = _suggestion([c.name_zh_full for c in match.suggestions], "cities")
        edits.failing["G05"][index] = {"province": province, "suggestion": hint}
    elif match.kind is MatchKind.COUNTY and match.county is not None:
        _county_in_city_column(sink, match.city, match.county, rows, district, row_city, edits)
    else:
        name = match.city.name_zh_full
        if match.kind is MatchKind.FUZZY and match.basis is not None:
            basis = BASIS_TEXT[match.basis]
            sink.grouped("G04", "city", rows, province=province, name=name, basis=basis)
        else:
            what = _what(match.kind, match.alias_kind, CITY_WHAT)
            sink.grouped("G03", "city", rows, what=what, name=name)
        edits.city_rows.append(rows)
        edits.city_names.append(name)


def _county_in_city_column(
    sink: ProblemSink,
    parent: City,
    county: County,
    rows: npt.NDArray[np.intp],
    district: pd.Series,
    row_city: ObjectArray,
    edits: _CityEdits,
) -> None:
    """G07 (county in the city column; district empty or the same) or G10 (another district)."""
    written = district.iloc[rows]
    same = (written.isna() | written.isin([county.name_zh_full, county.name_zh_short])).to_numpy(
        dtype=bool
    )
    same_rows, other_rows = rows[same], rows[~same]
    if same_rows.size:
        city, name = parent.name_zh_full, county.name_zh_full
        sink.grouped("G07", "city", same_rows, city=city, county=name)
        edits.city_rows.append(same_rows)
        edits.city_names.append(city)
        edits.district_rows.append(same_rows)
        edits.district_names.append(name)
    if other_rows.size:
        edits.county_conflicts.update(dict.fromkeys(other_rows.tolist(), parent.name_zh_full))
        row_city[other_rows] = None


def check_districts(sink: ProblemSink, geo: Geography, city_code: ObjectArray) -> None:
    """G09: a district that is not a county-level division of the row's city (kept)."""
    if not sink.has("district"):
        return
    codes, pairs = pair_codes(city_code, sink.frame["district"])
    ok = np.array([geo.is_district_of(city, text) for city, text in pairs] + [True])
    sink.per_row(
        "G09",
        "district",
        ~ok[codes],
        lambda p: {"city": geo.city(str(city_code[p])).name_zh_full},
    )


def check_city_codes(sink: ProblemSink, geo: Geography, city_code: ObjectArray) -> None:
    """G08: city_code unknown or of another city; a county code fills an empty district."""
    if not sink.has("city_code"):
        return
    codes, uniques = pd.factorize(sink.frame["city_code"])
    found = [geo.city_of_code(str(v)) for v in uniques]
    unknown = np.array([f is None for f in found] + [False])[codes]
    sink.per_row("G08.unknown", "city_code", unknown, fixed())
    code_city = np.array([f.city.admin_code if f else None for f in found] + [None])[codes]
    both = pd.notna(code_city) & pd.notna(city_code)
    other = both & (code_city != city_code)
    sink.per_row(
        "G08.other",
        "city_code",
        other,
        lambda p: {
            "name": geo.city(str(code_city[p])).name_zh_full,
            "city": geo.city(str(city_code[p])).name_zh_full,
        },
    )
    county = np.array(
        [f.county.name_zh_full if f and f.county else None for f in found] + [None], dtype=object
    )[codes]
    fill = ~other & pd.notna(county)
    if sink.has("district"):
        fill &= sink.frame["district"].isna().to_numpy(dtype=bool)
    if fill.any():
        sink.assign(fill, "district", county[fill])


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
