"""I01–I05: one crafted bad code per rule, padding and name normalisation, ambiguity."""

from __future__ import annotations

import pandas as pd
import pytest
from validate_frames import (
    CALENDAR,
    VALID_FIRM,
    VALID_PROVINCIAL,
    problem_lines,
    typed_firms,
    with_changes,
)

from srdi_report.data.industry import build_reference
from srdi_report.data.validate import validate_firms

INDUSTRY_CASES = [
    (
        {"gbt_minor": "3999"},
        [
            'firms.csv:2:gbt_minor: "3999" — not a GB/T 4754-2017 minor class (valid codes with'
            " the same prefix: 3990 其他电子设备制造; see the industry reference) [error I01]"
        ],
    ),
    (
        {"gbt_minor": "3985", "gbt_major": "34"},
        [
            'firms.csv:2:gbt_minor: "3985" — 3985 is not under gbt_major 34 (correct one of the'
            " codes; 3985 is under major 39) [error I02]"
        ],
    ),
    (
        {"gbt_minor": "3985", "gbt_middle": "397"},
        [
            'firms.csv:2:gbt_minor: "3985" — 3985 is not under gbt_middle 397 (correct one of the'
            " codes; 3985 is under middle 398) [error I02]"
        ],
    ),
    (
        {"gbt_minor": "3985", "gbt_section": "I"},
        [
            'firms.csv:2:gbt_minor: "3985" — 3985 is not under gbt_section I (correct one of the'
            " codes; 3985 is under section C) [error I02]"
        ],
    ),
    (
        {"gbt_minor": "111", "gbt_major": "1"},
        [
            'firms.csv:2:gbt_major: "1" — leading zero lost, read as 01 on 1 row, first here'
            " (keep codes as text: write 01) [warning I03]",
            'firms.csv:2:gbt_minor: "111" — leading zero lost, read as 0111 on 1 row, first here'
            " (keep codes as text: write 0111) [warning I03]",
        ],
    ),
    (
        {"gbt_minor": "电子材料"},
        [
            'firms.csv:2:gbt_minor: "电子材料" — no minor class of this name (close classes: 3985'
            " 电子专用材料制造; see the industry reference) [error I04]"
        ],
    ),
    (
        {"gbt_minor": ""},
        [
            'firms.csv:2:gbt_minor: "" — no industry code on 1 row, first here; those firms stay'
            " out of the industry charts but count in the totals (fill in gbt_minor)"
            " [warning I05]"
        ],
    ),
]


@pytest.mark.parametrize(("changes", "expected"), INDUSTRY_CASES)
def test_one_bad_industry_cell(changes: dict[str, str], expected: list[str]) -> None:
    assert problem_lines([with_changes(VALID_FIRM, **changes), VALID_PROVINCIAL]) == expected


def test_names_prefixes_and_padding_become_codes() -> None:
    rows = [
        with_changes(VALID_FIRM, gbt_minor="电子专用材料制造"),
        with_changes(VALID_PROVINCIAL, gbt_minor="I6511"),
        with_changes(
            VALID_PROVINCIAL, firm_id="DM00000003", name_zh="示例农业有限公司", gbt_minor="111"
        ),
    ]
    outcome = validate_firms(typed_firms(rows), calendar=CALENDAR)
    assert [p.rule for p in outcome.problems] == ["I03"]
    assert outcome.frame["gbt_minor"].tolist() == ["3985", "6511", "0111"]


def test_padding_warns_once_per_value_with_its_row_count() -> None:
    rows = [
        with_changes(VALID_PROVINCIAL, firm_id=f"DM{i:08d}", name_zh=f"示例{i}", gbt_minor="111")
        for i in range(3)
    ]
    assert problem_lines(rows) == [
        'firms.csv:2:gbt_minor: "111" — leading zero lost, read as 0111 on 3 rows, first here'
        " (keep codes as text: write 0111) [warning I03]"
    ]


def test_a_name_shared_by_two_classes_is_ambiguous() -> None:
    classes = pd.DataFrame(
        [
            ("C", "section", "制造业", "", "", "", "", "C"),
            ("39", "major", "电子设备制造业", "", "", "", "C", "C"),
            ("398", "middle", "电子元件制造", "", "", "", "39", "C"),
            ("3981", "minor", "同名制造", "", "", "", "398", "C"),
            ("3982", "minor", "同名制造", "", "", "", "398", "C"),
        ],
        columns=[
            "code",
            "level",
            "name_zh",
            "name_en",
            "name_zh_short",
            "name_en_short",
            "parent",
            "section",
        ],
    )
    empty_map = pd.DataFrame(columns=["code", "field_domain", "industry_type4", "key_field10"])
    no_groups = pd.DataFrame(
        columns=["group_id", "name_zh", "name_en", "member_level", "member_codes", "source"]
    )
    industry = build_reference(classes, empty_map, no_groups)
    typed = typed_firms([with_changes(VALID_FIRM, gbt_minor="同名制造")])
    outcome = validate_firms(typed, calendar=CALENDAR, industry=industry)
    assert [str(p) for p in outcome.problems] == [
        'firms.csv:2:gbt_minor: "同名制造" — several minor classes have this name: 3981 同名制造,'
        " 3982 同名制造 (write the code) [error I04]"
    ]


def test_champion_outside_manufacturing_uses_the_derived_section() -> None:
    row = with_changes(
        VALID_PROVINCIAL, single_champion_level="provincial", hon_single_champion="true"
    )
    assert problem_lines([VALID_FIRM, row]) == [
        'firms.csv:3:single_champion_level: "provincial" — single champion outside'
        " manufacturing (gbt_section I) (single champions are manufacturing firms; check the"
        " industry code) [warning X13]"
    ]


def test_many_distinct_bad_values_still_collapse_to_one_column_line() -> None:
    rows = [
        with_changes(
            VALID_PROVINCIAL,
            firm_id=f"DM{i:08d}",
            name_zh=f"示例{i}",
            gbt_minor=f"未知行业{i}",
            city=f"火星{i}市",
            district="",
        )
        for i in range(25)
    ]
    assert problem_lines(rows) == [
        'firms.csv:2:city: "火星0市" — not a city of 北京市 … on 25 of 25 rows, first here (did'
        " you mean 北京市? see the cities reference; so many rows usually mean a wrong column"
        " mapping) [error G05]",
        'firms.csv:2:gbt_minor: "未知行业0" — no minor class of this name … on 25 of 25 rows,'
        " first here (see the industry reference; so many rows usually mean a wrong column"
        " mapping) [error I04]",
    ]
