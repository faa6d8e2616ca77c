"""G01–G10: one crafted bad cell per rule, grouping of normalisation warnings, normalisation."""

from __future__ import annotations

import pytest
from validate_frames import (
    CALENDAR,
    VALID_FIRM,
    VALID_PROVINCIAL,
    problem_lines,
    typed_firms,
    with_changes,
)

from srdi_report.data.validate import validate_firms

GEO_CASES = [
    (
        {"province": "江苏"},
        'firms.csv:2:province: "江苏" — short name, read as 江苏省 on 1 row, first here'
        " (write 江苏省) [warning G02]",
    ),
    (
        {"province": "Jiangsu"},
        'firms.csv:2:province: "Jiangsu" — English name, read as 江苏省 on 1 row, first here'
        " (write 江苏省) [warning G02]",
    ),
    (
        {"province": "320000"},
        'firms.csv:2:province: "320000" — admin code, read as 江苏省 on 1 row, first here'
        " (write 江苏省) [warning G02]",
    ),
    (
        {"province": "江苏省苏州市"},
        'firms.csv:2:province: "江苏省苏州市" — name with extra text, read as 江苏省 on 1 row,'
        " first here (write 江苏省) [warning G02]",
    ),
    (
        {"province": "香港"},
        'firms.csv:2:province: "香港" — outside the 31 mainland provincial divisions covered'
        " (the reports cover mainland China only; drop the row or correct the province)"
        " [error G01]",
    ),
    (
        {"province": "江酥省"},
        'firms.csv:2:province: "江酥省" — not one of the 31 provincial divisions (did you mean'
        " 江苏省, 浙江省 or 江西省? see the provinces reference) [error G01]",
    ),
    (
        {"province": "火星"},
        'firms.csv:2:province: "火星" — not one of the 31 provincial divisions'
        " (see the provinces reference) [error G01]",
    ),
    (
        {"city": "苏州"},
        'firms.csv:2:city: "苏州" — short name, read as 苏州市 on 1 row, first here'
        " (write 苏州市) [warning G03]",
    ),
    (
        {"city": "Suzhou"},
        'firms.csv:2:city: "Suzhou" — English name, read as 苏州市 on 1 row, first here'
        " (write 苏州市) [warning G03]",
    ),
    (
        {"city": "江苏省苏州市"},
        'firms.csv:2:city: "江苏省苏州市" — name with a prefix, read as 苏州市 on 1 row,'
        " first here (write 苏州市) [warning G03]",
    ),
    (
        {"city": "苏洲市"},
        'firms.csv:2:city: "苏洲市" — not a city of 江苏省; read as 苏州市 (same pinyin) on 1 row'
        " (correct the spelling) [warning G04]",
    ),
    (
        {"city": "苏中市"},
        'firms.csv:2:city: "苏中市" — not a city of 江苏省 (did you mean 苏州市, 徐州市 or 镇江市?'
        " see the cities reference) [error G05]",
    ),
    (
        {"city": "鼓楼区", "district": ""},
        'firms.csv:2:city: "鼓楼区" — a county-level division in several cities of 江苏省'
        " (南京市, 徐州市) (write the city, and the county in district) [error G05]",
    ),
    (
        {"city": "杭州市"},
        'firms.csv:2:city: "杭州市" — 杭州市 is in 浙江省; this row says 江苏省'
        " (correct the province or city) [error G06]",
    ),
    (
        {"city": "昆山市", "district": ""},
        'firms.csv:2:city: "昆山市" — a county-level division of 苏州市; read as city 苏州市,'
        " district 昆山市 on 1 row, first here (write 苏州市 in city and 昆山市 in district)"
        " [warning G07]",
    ),
    (
        {"city_code": "330100"},
        'firms.csv:2:city_code: "330100" — the code of 杭州市, not of the row\'s city 苏州市'
        " (correct city_code or city) [error G08]",
    ),
    (
        {"city_code": "999999"},
        'firms.csv:2:city_code: "999999" — not an admin code of the reference (write the'
        " 6-digit code of the city or of its county, or leave it empty) [error G08]",
    ),
    (
        {"district": "某某镇"},
        'firms.csv:2:district: "某某镇" — not a county-level division of 苏州市; kept as written'
        " (check the district against the counties reference) [warning G09]",
    ),
    (
        {"city": "昆山市", "district": "吴中区"},
        'firms.csv:2:city: "昆山市" — a county-level division of 苏州市, but district says 吴中区'
        " (write 苏州市 in city and one district in district) [error G10]",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), GEO_CASES)
def test_one_bad_geography_cell(changes: dict[str, str], expected: str) -> None:
    assert problem_lines([with_changes(VALID_FIRM, **changes), VALID_PROVINCIAL]) == [expected]


def _suzhou(i: int, city: str) -> dict[str, str]:
    return with_changes(
        VALID_PROVINCIAL,
        firm_id=f"DM1{i:07d}",
        name_zh=f"示例{i}有限公司",
        province="江苏省",
        city=city,
        district="吴中区",
    )


def test_short_names_warn_once_with_count_and_first_row() -> None:
    rows = [_suzhou(i, "苏州" if i % 2 else "苏州市") for i in range(8)]
    lines = problem_lines(rows, headers={"city": "城市"}, source_rows=list(range(10, 18)))
    assert lines == [
        'firms.csv:11:城市=city: "苏州" — short name, read as 苏州市 on 4 rows, first here'
        " (write 苏州市) [warning G03]"
    ]


def test_a_misspelt_city_on_many_rows_is_one_warning_not_a_collapse() -> None:
    rows = [_suzhou(i, "苏洲市") for i in range(30)]
    assert problem_lines(rows) == [
        'firms.csv:2:city: "苏洲市" — not a city of 江苏省; read as 苏州市 (same pinyin) on 30 rows'
        " (correct the spelling) [warning G04]"
    ]


def test_an_unknown_city_on_most_rows_collapses_to_one_line() -> None:
    rows = [_suzhou(i, "苏中市") for i in range(25)]
    assert problem_lines(rows) == [
        'firms.csv:2:city: "苏中市" — not a city of 江苏省 … on 25 of 25 rows, first here'
        " (did you mean 苏州市, 徐州市 or 镇江市? see the cities reference; so many rows usually"
        " mean a wrong column mapping) [error G05]"
    ]


def test_normalisation_rewrites_province_city_and_district() -> None:
    rows = [
        with_changes(VALID_FIRM, province="江苏", city="昆山市", district=""),
        with_changes(VALID_PROVINCIAL, province="Beijing", city="北京", district="海淀区"),
        with_changes(
            VALID_PROVINCIAL,
            firm_id="DM00000003",
            name_zh="天门示例有限公司",
            province="湖北",
            city="天门",
            district="",
        ),
    ]
    outcome = validate_firms(typed_firms(rows), calendar=CALENDAR)
    assert not outcome.errors
    geography = outcome.frame[["province", "city", "district"]].astype(object)
    assert geography.where(geography.notna(), None).values.tolist() == [
        ["江苏省", "苏州市", "昆山市"],
        ["北京市", "北京市", "海淀区"],
        ["湖北省", "天门市", None],
    ]


def test_a_county_code_fills_an_empty_district() -> None:
    row = with_changes(VALID_FIRM, city_code="320583", district="")
    outcome = validate_firms(typed_firms([row]), calendar=CALENDAR)
    assert outcome.problems == ()
    assert outcome.frame["district"].tolist() == ["昆山市"]


def test_cities_without_districts_accept_any_district_text() -> None:
    row = with_changes(VALID_FIRM, province="广东省", city="东莞市", district="松山湖高新区")
    assert problem_lines([row]) == []
