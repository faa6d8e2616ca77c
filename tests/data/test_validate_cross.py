"""X01–X21 and U01–U02: one crafted bad row per rule, asserting the whole message line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from validate_frames import VALID_FIRM, VALID_PROVINCIAL, problem_lines, with_changes

NATIONAL_CASES = [
    (
        {"invention_grants": "80", "invention_decided": ""},
        'firms.csv:2:invention_grants: "80" — 80 > invention_applications 74 (grants are a'
        " subset of applications; check both counts) [error X01]",
    ),
    (
        {"invention_applications": "150", "designs": ""},
        'firms.csv:2:invention_applications: "150" — 150 > patents_total 148 (invention'
        " applications are part of all patent applications; check both counts) [error X02]",
    ),
    (
        {"inventions_valid": "40"},
        'firms.csv:2:inventions_valid: "40" — 40 > invention_grants 38 (valid inventions are'
        " granted ones still in force; check both counts) [error X03]",
    ),
    (
        {"high_value_inventions_valid": "31"},
        'firms.csv:2:high_value_inventions_valid: "31" — 31 > inventions_valid 30 (high-value'
        " inventions are a subset of valid inventions; check both counts) [error X04]",
    ),
    (
        {"high_value_inventions_valid": "39", "inventions_valid": ""},
        'firms.csv:2:high_value_inventions_valid: "39" — 39 > invention_grants 38 (high-value'
        " inventions are a subset of valid inventions; check both counts) [error X04]",
    ),
    (
        {"invention_decided": "30"},
        'firms.csv:2:invention_grants: "38" — 38 > invention_decided 30 (decided applications'
        " include every grant; check both counts) [error X05]",
    ),
    (
        {"invention_decided": "80"},
        'firms.csv:2:invention_decided: "80" — 80 > invention_applications 74 (decided'
        " applications are part of all applications; check both counts) [error X05]",
    ),
    (
        {"invention_decided": "50"},
        'firms.csv:2:invention_decided: "50" — 50 + invention_applications_pending 25 >'
        " invention_applications 74 (decided and pending applications cannot exceed all"
        " applications; check the counts) [error X05]",
    ),
    (
        {"designs": "15"},
        'firms.csv:2:patents_total: "148" — 148 ≠ invention_applications 74 + utility_models 60'
        " + designs 15 = 149 (patents_total counts all three kinds; check the counts)"
        " [warning X06]",
    ),
    (
        {"patents_valid": "150"},
        'firms.csv:2:patents_valid: "150" — 150 > patents_total 148 (valid patents are part of'
        " all patents; check both) [error X07]",
    ),
    (
        {"patents_valid": "20"},
        'firms.csv:2:inventions_valid: "30" — inventions_valid 30 > patents_valid 20 (valid'
        " inventions are part of valid patents; check both counts) [error X07]",
    ),
    (
        {"licensed_patents": "149"},
        'firms.csv:2:licensed_patents: "149" — 149 > patents_total 148 (a sub-count cannot'
        " exceed its total; check both) [error X08]",
    ),
    (
        {"foreign_patents": "1"},
        'firms.csv:2:foreign_patents: "1" — 1 < pct_applications 2 (foreign patents include PCT'
        " filings; check both counts) [warning X09]",
    ),
    (
        {"patent_citations": "30"},
        'firms.csv:2:patent_citations: "30" — 30 < invention_citations 40 (patent citations'
        " include invention citations; check both counts) [warning X09]",
    ),
    (
        {"patent_applications_2024": "140"},
        'firms.csv:2:patents_total: "148" — applications by year sum to 151 > patents_total 148'
        " (yearly applications are part of the total; check the counts) [warning X09]",
    ),
    (
        {"std_total": "4"},
        'firms.csv:2:std_total: "4" — 4 < national + industry + local + group standards 5'
        " (std_total includes every type; check the counts) [warning X09]",
    ),
    (
        {"hon_little_giant": "false"},
        'firms.csv:2:level: "national" — level national but hon_little_giant false (every'
        " national firm holds the Little Giant title; set it to true or check the level)"
        " [error X10]",
    ),
    (
        {"hon_single_champion": "true"},
        'firms.csv:2:hon_single_champion: "true" — hon_single_champion true but'
        " single_champion_level none (true exactly when the level is not none; check both"
        " columns) [error X12]",
    ),
    (
        {"lg_batch": ""},
        'firms.csv:2:lg_batch: "" — national firm without lg_batch (fill in the batch (1 to 7))'
        " [warning X15]",
    ),
    (
        {"lg_recognition_date": "2022-07-15"},
        'firms.csv:2:lg_recognition_date: "2022-07-15" — recognised in 2022, but batch 5 is of'
        " 2023 (check the batch and the recognition date) [warning X16]",
    ),
    (
        {"founded_date": "2024-01-01"},
        'firms.csv:2:founded_date: "2024-01-01" — 2024-01-01 is after lg_recognition_date'
        " 2023-07-15 (a firm is founded before anything else happens to it; check both dates)"
        " [error X17]",
    ),
    (
        {"listing_board": "star"},
        'firms.csv:2:listing_board: "star" — listing_board star but is_listed false (an'
        " exchange listing means is_listed true; neeq or none means false) [error X18]",
    ),
    (
        {"listing_board": "neeq;star", "is_listed": "true"},
        'firms.csv:2:listing_board: "neeq;star" — neeq combined with other venues (write neeq'
        " alone, or only the exchanges) [error X18]",
    ),
    (
        {"hon_tech_center": "false"},
        'firms.csv:2:tech_center_level: "provincial" — tech_center_level provincial but'
        " hon_tech_center false (a level other than none means the title is held; check both"
        " columns) [error X19]",
    ),
    (
        {"tech_center_level": "none"},
        'firms.csv:2:tech_center_level: "none" — tech_center_level none but hon_tech_center true'
        " (a level other than none means the title is held; check both columns) [error X19]",
    ),
    (
        {"discloses_financials": "false"},
        'firms.csv:2:discloses_financials: "false" — discloses_financials false but rd_ratio'
        " values are present; they are left out (set it to true to use the values)"
        " [warning X20]",
    ),
    (
        {"rd_ratio_2024": ""},
        'firms.csv:2:discloses_financials: "true" — discloses_financials true but every'
        " rd_ratio is empty (fill in the R&D ratios, or set it to false) [warning X20]",
    ),
    (
        {"last_financing_round": "a"},
        'firms.csv:2:last_financing_round: "a" — last_financing_round present while'
        " financing_events is 0 (set financing_events to 1 or more, or clear"
        " last_financing_round) [error X21]",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), NATIONAL_CASES)
def test_national_firm_contradiction(changes: dict[str, str], expected: str) -> None:
    assert problem_lines([with_changes(VALID_FIRM, **changes), VALID_PROVINCIAL]) == [expected]


PROVINCIAL_CASES = [
    (
        {"is_key_little_giant": "true"},
        'firms.csv:3:is_key_little_giant: "true" — key Little Giant but level provincial (only'
        " national firms can be key Little Giants; check both columns) [error X11]",
    ),
    (
        {"single_champion_level": "national", "hon_single_champion": "true", "gbt_section": "I"},
        'firms.csv:3:single_champion_level: "national" — single champion outside manufacturing'
        " (gbt_section I) (single champions are manufacturing firms; check the industry code)"
        " [warning X13]",
    ),
    (
        {"level": "none"},
        'firms.csv:3:level: "none" — level none and not a national single champion: kept but in'
        " no statistic (check the level, or drop the row) [warning X14]",
    ),
    (
        {"lg_batch": "3"},
        'firms.csv:3:lg_batch: "3" — given for a provincial firm; ignored (only national firms'
        " have a Little Giant batch and recognition date) [warning X15]",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), PROVINCIAL_CASES)
def test_provincial_firm_contradiction(changes: dict[str, str], expected: str) -> None:
    assert problem_lines([VALID_FIRM, with_changes(VALID_PROVINCIAL, **changes)]) == [expected]


def test_every_duplicate_row_names_the_others() -> None:
    rows = [
        VALID_FIRM,
        with_changes(VALID_PROVINCIAL, firm_id="DM00000009"),
        with_changes(VALID_PROVINCIAL, name_zh="其他示例有限公司", firm_id="DM00000009"),
        with_changes(VALID_PROVINCIAL, name_zh="第三示例有限公司", firm_id="DM00000009"),
    ]
    assert problem_lines(rows) == [
        'firms.csv:3:firm_id: "DM00000009" — duplicate firm_id, also at rows 4, 5'
        " (keep one row per firm) [error U01]",
        'firms.csv:4:firm_id: "DM00000009" — duplicate firm_id, also at rows 3, 5'
        " (keep one row per firm) [error U01]",
        'firms.csv:5:firm_id: "DM00000009" — duplicate firm_id, also at rows 3, 4'
        " (keep one row per firm) [error U01]",
    ]


def test_same_name_and_province_with_another_id_warns() -> None:
    rows = [VALID_FIRM, VALID_PROVINCIAL, with_changes(VALID_PROVINCIAL, firm_id="DM00000003")]
    assert problem_lines(rows, source_rows=[2, 17, 2045]) == [
        'firms.csv:17:name_zh: "北京示例软件科技有限公司" — same name_zh and province as row'
        " 2045, with another firm_id (check for a double entry) [warning U02]",
        'firms.csv:2045:name_zh: "北京示例软件科技有限公司" — same name_zh and province as row'
        " 17, with another firm_id (check for a double entry) [warning U02]",
    ]


def test_same_name_in_another_province_is_no_double_entry() -> None:
    other = with_changes(VALID_PROVINCIAL, firm_id="DM00000003", province="上海市", city="上海市")
    other["district"] = "浦东新区"
    assert problem_lines([VALID_FIRM, VALID_PROVINCIAL, other]) == []


BAD_MIX = [
    VALID_FIRM,
    VALID_PROVINCIAL,
    with_changes(VALID_FIRM, firm_id="DM00000011", name_zh="甲", invention_grants="80"),
    with_changes(VALID_FIRM, firm_id="DM00000012", name_zh="乙", city="苏州"),
    with_changes(VALID_FIRM, firm_id="DM00000013", name_zh="丙", city="苏州"),
    with_changes(VALID_PROVINCIAL, name_zh="丁"),
    with_changes(VALID_PROVINCIAL, firm_id="DM00000014", name_zh="戊", gbt_minor="111"),
]


@settings(max_examples=25, deadline=None)
@given(order=st.permutations(range(len(BAD_MIX))))
def test_problems_do_not_depend_on_the_row_order(order: list[int]) -> None:
    rows = [BAD_MIX[i] for i in order]
    source_rows = [i + 2 for i in order]  # each firm keeps its spreadsheet row
    assert problem_lines(rows, source_rows=source_rows) == problem_lines(BAD_MIX)
