import re
from collections import Counter

import pytest

from srdi_report.data.geography import (
    FuzzyBasis,
    Geography,
    MatchKind,
    load_geography,
)
from srdi_report.data.reference_files import read_reference_csv
from srdi_report.errors import UnknownNameError

JIANGSU = "320000"
ASCII_NAME = re.compile(r"^[A-Za-z][A-Za-z' -]*$")


@pytest.fixture(scope="module")
def geo() -> Geography:
    return load_geography()


# ------------------------------------------------------------------ counts


def test_31_provinces_by_kind(geo: Geography) -> None:
    assert len(geo.provinces_by_code) == 31
    assert Counter(p.kind for p in geo.provinces_by_code.values()) == {
        "province": 22,
        "autonomous_region": 5,
        "municipality": 4,
    }
    assert not {"710000", "810000", "820000"} & set(geo.provinces_by_code)


def test_city_count_is_vintage_total_plus_municipalities_and_direct_counties(
    geo: Geography,
) -> None:
    kinds = Counter(c.kind for c in geo.cities_by_code.values())
    assert kinds == {
        "prefecture_city": 293,
        "prefecture": 7,
        "autonomous_prefecture": 30,
        "league": 3,
        "municipality": 4,
        "direct_county": 32,
    }
    assert len(geo.cities_by_code) == 333 + 4 + 32 == 369
    direct = [c for c in geo.cities_by_code.values() if c.is_county_level]
    assert {c.kind for c in direct} == {"direct_county"}
    assert Counter(c.province_code for c in direct) == {
        "410000": 1,
        "420000": 4,
        "460000": 15,
        "650000": 12,
    }


def test_county_count_matches_the_mca_end_2024_totals(geo: Geography) -> None:
    kinds = Counter(c.kind for c in geo.counties_by_code.values())
    assert len(geo.counties_by_code) == 2814
    # With the 32 direct units (4 区-less cities and counties) the MCA totals are reached.
    direct = Counter(
        c.name_zh_full[-3:] if c.name_zh_full.endswith("自治县") else c.name_zh_full[-1]
        for c in geo.cities_by_code.values()
        if c.is_county_level
    )
    assert kinds["区"] == 977
    assert kinds["县级市"] + direct["市"] == 397
    assert kinds["县"] + direct["县"] == 1301
    assert kinds["自治县"] + direct["自治县"] == 117
    assert (kinds["旗"], kinds["自治旗"], kinds["特区"]) == (49, 3, 1)
    assert len(geo.counties_by_code) + 32 == 2846


def test_no_placeholder_rows(geo: Geography) -> None:
    names = {c.name_zh_full for c in geo.cities_by_code.values()}
    names |= {c.name_zh_full for c in geo.counties_by_code.values()}
    assert not names & {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
    assert not [c for c in geo.counties_by_code.values() if 71 <= int(c.admin_code[4:]) <= 80]


# ------------------------------------------------------------------ integrity


def test_admin_codes_unique_across_tables() -> None:
    codes: list[str] = []
    for name in ("provinces", "cities", "counties"):
        codes += list(read_reference_csv(name)["admin_code"])
    municipalities = {"110000", "120000", "310000", "500000"}
    counts = Counter(codes)
    assert {c for c, n in counts.items() if n > 1} == municipalities  # province row = city row
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)


def test_every_city_and_county_has_a_parent(geo: Geography) -> None:
    for city in geo.cities_by_code.values():
        assert city.province_code in geo.provinces_by_code
        assert city.admin_code[:2] == city.province_code[:2]
    for county in geo.counties_by_code.values():
        assert county.city_code in geo.cities_by_code
        assert not geo.cities_by_code[county.city_code].is_county_level


def test_short_names_unique_within_a_province(geo: Geography) -> None:
    per_province = Counter((c.province_code, c.name_zh_short) for c in geo.cities_by_code.values())
    assert [key for key, n in per_province.items() if n > 1] == []


def test_english_names_ascii_and_unique(geo: Geography) -> None:
    for record in [
        *geo.provinces_by_code.values(),
        *geo.cities_by_code.values(),
        *geo.counties_by_code.values(),
    ]:
        assert ASCII_NAME.match(record.name_en), record
    unique = Counter(c.name_en_unique for c in geo.cities_by_code.values())
    assert [n for n, k in unique.items() if k > 1] == []


def test_english_name_rules(geo: Geography) -> None:
    by_name = {c.name_zh_full: c for c in geo.cities_by_code.values()}
    assert by_name["西安市"].name_en == "Xi'an"
    assert [
        by_name[n].name_en for n in ("延安市", "泰安市", "淮安市", "吉安市", "雅安市", "六安市")
    ] == [
        "Yan'an",
        "Tai'an",
        "Huai'an",
        "Ji'an",
        "Ya'an",
        "Lu'an",
    ]
    assert by_name["呼和浩特市"].name_en == "Hohhot"
    assert by_name["锡林郭勒盟"].name_en_full == "Xilingol League"
    assert by_name["延边朝鲜族自治州"].name_en_full == "Yanbian Korean Autonomous Prefecture"
    assert by_name["苏州市"].name_en_unique == "Suzhou (Jiangsu)"
    assert by_name["宿州市"].name_en_unique == "Suzhou (Anhui)"
    assert by_name["海南藏族自治州"].name_en_unique == "Hainan (Qinghai)"
    assert by_name["吉林市"].name_en_unique == "Jilin City"
    assert by_name["南京市"].name_en_unique == "Nanjing"
    assert geo.province("610000").name_en == "Shaanxi"
    assert geo.province("140000").name_en == "Shanxi"
    assert geo.province("540000").name_en == "Tibet"
    assert geo.province("150000").name_en == "Inner Mongolia"
    assert geo.counties_by_code["110108"].name_en == "Haidian District"


def test_capitals(geo: Geography) -> None:
    capitals = {c.name_zh_full for c in geo.cities_by_code.values() if c.is_capital}
    assert len(capitals) == 31
    assert {"南京市", "乌鲁木齐市", "北京市", "拉萨市"} <= capitals
    assert "苏州市" not in capitals


# ------------------------------------------------------------------ regions, clusters


def test_regions_follow_the_nbs_division(geo: Geography) -> None:
    counts = Counter(p.region for p in geo.provinces_by_code.values())
    assert counts == {"east": 10, "central": 6, "west": 12, "northeast": 3}
    assert geo.region_of("230000") == "northeast"
    assert geo.region_of("450000") == "west"


def test_every_cluster_member_resolves(geo: Geography) -> None:
    for row in geo.clusters.itertuples(index=False):
        table = geo.provinces_by_code if row.member_level == "province" else geo.cities_by_code
        assert row.member_code in table
    assert geo.cluster_schemes == ("planning", "report")


def test_cluster_of_by_scheme(geo: Geography) -> None:
    assert geo.cluster_of("440000", "440500", "report") == "prd"  # 汕头: whole province
    assert geo.cluster_of("440000", "440500", "planning") == "other"
    assert geo.cluster_of("440000", "441900", "planning") == "prd"  # 东莞
    assert geo.cluster_of("340000", "340100", "report") == "yrd"
    assert geo.cluster_of("120000", "120000", "planning") == "jjj"
    assert geo.cluster_of("510000", "510100", "report") == "other"
    with pytest.raises(UnknownNameError, match="unknown city-cluster scheme 'gba'"):
        geo.cluster_of("440000", "440100", "gba")


def test_every_alias_target_exists(geo: Geography) -> None:
    outside = {"710000", "810000", "820000"}
    for row in geo.aliases.itertuples(index=False):
        if row.kind == "outside":
            assert row.target_code in outside
        elif row.kind == "historical" and row.target_code in geo.counties_by_code:
            assert row.target_code not in geo.cities_by_code
        else:
            assert row.target_code in geo.provinces_by_code or row.target_code in geo.cities_by_code
    historical = geo.aliases[geo.aliases["kind"] == "historical"]
    assert set(historical["alias"]) >= {"襄樊", "莱芜市", "海东地区", "吴江市"}
    assert historical["note"].str.match(r"^\d{4}: ").all()
    assert Counter(geo.aliases["kind"]) == {
        "english": 487,
        "short": 396,
        "historical": 77,
        "colloquial": 41,
        "outside": 17,
    }


# ------------------------------------------------------------------ report cities


def _report_cities() -> set[str]:
    numbers = read_reference_csv("published/numbers.csv")
    scopes = numbers.loc[numbers["chart_id"].isin(["图表19", "B19a"]), "scope"]
    names = {m for s in scopes for m in re.findall(r"city=([^\s|&)]+)", s)}
    return names


def test_every_city_of_the_report_and_city_editions_resolves(geo: Geography) -> None:
    names = _report_cities()
    assert len(names) == 18
    names |= {"盐城市", "广州市", "深圳市", "佛山市", "东莞市"}
    for name in sorted(names):
        found = geo.find_cities(name)
        assert len(found) == 1, name
        city = found[0]
        match = geo.resolve_city(city.province_code, name)
        assert match.kind is MatchKind.EXACT
        assert match.city == city


# ------------------------------------------------------------------ provinces


@pytest.mark.parametrize(
    ("text", "kind", "rule", "code"),
    [
        ("江苏省", MatchKind.EXACT, None, "320000"),
        (" 江苏省 ", MatchKind.EXACT, None, "320000"),
        ("江苏", MatchKind.SHORT, "G02", "320000"),
        ("广西", MatchKind.SHORT, "G02", "450000"),
        ("内蒙古", MatchKind.SHORT, "G02", "150000"),
        ("Jiangsu", MatchKind.ALIAS, "G02", "320000"),
        ("inner mongolia", MatchKind.ALIAS, "G02", "150000"),
        ("Xizang", MatchKind.ALIAS, "G02", "540000"),
        ("320000", MatchKind.CODE, "G02", "320000"),
        ("江苏省苏州市", MatchKind.PREFIXED, "G02", "320000"),
    ],
)
def test_resolve_province(
    geo: Geography, text: str, kind: MatchKind, rule: str | None, code: str
) -> None:
    match = geo.resolve_province(text)
    assert (match.kind, match.rule) == (kind, rule)
    assert match.province is not None
    assert match.province.admin_code == code


@pytest.mark.parametrize(
    ("text", "code"), [("香港", "810000"), ("Macao", "820000"), ("台湾省", "710000")]
)
def test_resolve_province_outside_the_31(geo: Geography, text: str, code: str) -> None:
    match = geo.resolve_province(text)
    assert (match.kind, match.rule, match.province, match.alias_kind) == (
        MatchKind.OUTSIDE,
        "G01",
        None,
        code,
    )


def test_resolve_province_unknown_suggests(geo: Geography) -> None:
    match = geo.resolve_province("江酥省")
    assert (match.kind, match.rule) == (MatchKind.UNKNOWN, "G01")
    assert [p.name_zh_full for p in match.suggestions] == ["江苏省", "浙江省", "江西省"]


# ------------------------------------------------------------------ cities


def test_city_exact_and_short(geo: Geography) -> None:
    exact = geo.resolve_city(JIANGSU, "苏州市")
    assert (exact.kind, exact.rule, exact.city and exact.city.admin_code) == (
        MatchKind.EXACT,
        None,
        "320500",
    )
    short = geo.resolve_city(JIANGSU, "苏州")
    assert (short.kind, short.rule, short.city and short.city.name_zh_full) == (
        MatchKind.SHORT,
        "G03",
        "苏州市",
    )
    assert short.resolved


@pytest.mark.parametrize(
    ("province", "text", "expected", "alias_kind"),
    [
        ("420000", "襄樊", "襄阳市", "historical"),
        ("370000", "莱芜市", "济南市", "historical"),
        ("630000", "海东地区", "海东市", "historical"),
        ("220000", "延边州", "延边朝鲜族自治州", "colloquial"),
        ("420000", "恩施州", "恩施土家族苗族自治州", "colloquial"),
        ("220000", "延边", "延边朝鲜族自治州", "short"),
        ("150000", "锡林郭勒", "锡林郭勒盟", "short"),
        ("630000", "海南", "海南藏族自治州", "short"),
        ("610000", "Xi'an", "西安市", "english"),
        ("610000", "xian", "西安市", "english"),
        ("320000", "Suzhou (Jiangsu)", "苏州市", "english"),
    ],
)
def test_city_aliases_are_g03(
    geo: Geography, province: str, text: str, expected: str, alias_kind: str
) -> None:
    match = geo.resolve_city(province, text)
    assert match.rule == "G03"
    assert match.city is not None
    assert match.city.name_zh_full == expected
    assert match.alias_kind == alias_kind


@pytest.mark.parametrize("text", ["江苏省苏州市", "江苏苏州", "江苏省苏州"])
def test_city_with_province_prefix_is_g03(geo: Geography, text: str) -> None:
    match = geo.resolve_city(JIANGSU, text)
    assert (match.kind, match.rule) == (MatchKind.PREFIXED, "G03")
    assert match.city is not None
    assert match.city.name_zh_full == "苏州市"


def test_same_pinyin_is_g04(geo: Geography) -> None:
    match = geo.resolve_city(JIANGSU, "苏洲市")
    assert (match.kind, match.rule, match.basis) == (MatchKind.FUZZY, "G04", FuzzyBasis.PINYIN)
    assert match.city is not None
    assert match.city.name_zh_full == "苏州市"


def test_one_character_off_is_g04(geo: Geography) -> None:
    match = geo.resolve_city(JIANGSU, "连云市")
    assert (match.kind, match.basis) == (MatchKind.FUZZY, FuzzyBasis.ONE_CHAR)
    assert match.city is not None
    assert match.city.name_zh_full == "连云港市"


def test_unknown_city_is_g05_with_suggestions(geo: Geography) -> None:
    match = geo.resolve_city(JIANGSU, "苏中市")
    assert (match.kind, match.rule, match.city) == (MatchKind.UNKNOWN, "G05", None)
    assert [c.name_zh_full for c in match.suggestions] == ["苏州市", "徐州市", "镇江市"]
    assert not match.resolved


def test_city_of_another_province_is_g06(geo: Geography) -> None:
    match = geo.resolve_city("330000", "苏州市")
    assert (match.kind, match.rule) == (MatchKind.OTHER_PROVINCE, "G06")
    assert match.city is not None
    assert (match.city.name_zh_full, match.city.province_code) == ("苏州市", JIANGSU)
    assert not match.resolved


@pytest.mark.parametrize(
    ("province", "text", "city", "county"),
    [
        (JIANGSU, "昆山市", "苏州市", "昆山市"),
        (JIANGSU, "苏州市昆山市", "苏州市", "昆山市"),
        ("110000", "海淀区", "北京市", "海淀区"),
        ("110000", "北京市海淀区", "北京市", "海淀区"),
        ("310000", "浦东新区", "上海市", "浦东新区"),
    ],
)
def test_county_in_city_column_is_g07(
    geo: Geography, province: str, text: str, city: str, county: str
) -> None:
    match = geo.resolve_city(province, text)
    assert (match.kind, match.rule) == (MatchKind.COUNTY, "G07")
    assert match.city is not None
    assert match.county is not None
    assert (match.city.name_zh_full, match.county.name_zh_full) == (city, county)


def test_former_county_name_is_g07_with_the_current_division(geo: Geography) -> None:
    match = geo.resolve_city(JIANGSU, "吴江市")
    assert (match.kind, match.rule, match.alias_kind) == (MatchKind.COUNTY, "G07", "historical")
    assert match.city is not None
    assert match.county is not None
    assert (match.city.name_zh_full, match.county.name_zh_full) == ("苏州市", "吴江区")
    assert geo.is_district_of("320500", "吴江市")
    assert not geo.is_district_of("320100", "吴江市")
    # The former Guangzhou district 东山区 does not shadow the current one in Heilongjiang.
    current = geo.resolve_city("230000", "东山区")
    assert (current.kind, current.alias_kind) == (MatchKind.COUNTY, "")


def test_county_name_shared_by_two_cities_is_g05(geo: Geography) -> None:
    match = geo.resolve_city(JIANGSU, "鼓楼区")
    assert (match.kind, match.rule, match.city) == (MatchKind.AMBIGUOUS_COUNTY, "G05", None)
    assert [c.name_zh_full for c in match.suggestions] == ["南京市", "徐州市"]


def test_direct_county_unit_is_its_own_city(geo: Geography) -> None:
    match = geo.resolve_city("420000", "仙桃市")
    assert match.kind is MatchKind.EXACT
    assert match.city is not None
    assert (match.city.kind, match.city.is_county_level) == ("direct_county", True)
    assert geo.counties_of("429004") == ()


def test_resolve_city_rejects_unknown_province(geo: Geography) -> None:
    with pytest.raises(UnknownNameError, match="unknown province code '990000'"):
        geo.resolve_city("990000", "苏州市")


# ------------------------------------------------------------------ codes and districts


def test_city_of_code(geo: Geography) -> None:
    county = geo.city_of_code("320583")
    assert county is not None
    assert county.city.name_zh_full == "苏州市"
    assert county.county is not None
    assert county.county.name_zh_full == "昆山市"
    municipal = geo.city_of_code("110108")
    assert municipal is not None
    assert municipal.city.admin_code == "110000"
    city = geo.city_of_code("320500")
    assert city is not None
    assert (city.city.name_zh_full, city.county) == ("苏州市", None)
    assert geo.city_of_code("320599") is None
    assert geo.city_of_code("320571") is None  # an NBS development zone, not a division


def test_is_district_of(geo: Geography) -> None:
    assert geo.is_district_of("320500", "昆山市")
    assert geo.is_district_of("320500", "昆山")
    assert not geo.is_district_of("320500", "海淀区")
    assert geo.is_district_of("110000", "海淀区")
    for city_code in ("441900", "442000", "460400", "620200", "429004"):
        assert not geo.has_districts(city_code)
        assert geo.is_district_of(city_code, "松山湖高新区")


def test_tidy_frames_for_other_modules(geo: Geography) -> None:
    cities = geo.cities
    assert len(cities) == 369
    assert cities["is_capital"].dtype == bool
    assert cities["is_capital"].sum() == 31
    row = cities.set_index("admin_code").loc["659001"]
    assert (row["name_zh_full"], row["province_name_zh"], row["kind"]) == (
        "石河子市",
        "新疆维吾尔自治区",
        "direct_county",
    )
    assert list(geo.provinces.columns) == [
        "admin_code",
        "name_zh_full",
        "name_zh_short",
        "name_en",
        "name_en_full",
        "name_en_source",
        "kind",
        "region",
    ]
    assert list(geo.counties.columns) == [
        "admin_code",
        "name_zh_full",
        "name_zh_short",
        "name_en",
        "city_code",
        "kind",
    ]


def test_find_cities_nationwide(geo: Geography) -> None:
    assert [c.name_zh_full for c in geo.find_cities("Suzhou")] == ["苏州市", "宿州市"]
    assert [c.name_zh_full for c in geo.find_cities("Suzhou (Anhui)")] == ["宿州市"]
    assert [c.name_zh_full for c in geo.find_cities("襄樊")] == ["襄阳市"]
    assert geo.find_cities("苏中市") == ()


def test_load_geography_is_cached() -> None:
    assert load_geography() is load_geography()
