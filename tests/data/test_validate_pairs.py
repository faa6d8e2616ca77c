"""Y01–Y05 on two small snapshots."""

from __future__ import annotations

from datetime import date

from validate_frames import VALID_FIRM, VALID_PROVINCIAL, typed_firms, with_changes

from srdi_report.data.validate import validate_pair
from srdi_report.errors import Severity

EARLIER = date(2025, 2, 28)


def _lines(previous: list[dict[str, str]], current: list[dict[str, str]]) -> list[str]:
    before = typed_firms(previous, file="firms_2025.csv", snapshot=EARLIER)
    after = typed_firms(current, file="firms_2026.csv")
    return [str(p) for p in validate_pair(before, after)]


def test_identical_firms_a_year_apart_give_no_problems() -> None:
    assert _lines([VALID_FIRM, VALID_PROVINCIAL], [VALID_FIRM, VALID_PROVINCIAL]) == []


def test_previous_must_be_earlier() -> None:
    before = typed_firms([VALID_FIRM], file="firms_2026.csv")
    after = typed_firms([VALID_FIRM], file="firms_2025.csv", snapshot=EARLIER)
    problems = validate_pair(before, after)
    assert [str(p) for p in problems] == [
        'firms_2026.csv:-:snapshot_date: "2026-02-28" — previous snapshot 2026-02-28 is not'
        " earlier than the current one 2025-02-28 (pass the earlier snapshot as previous and"
        " the later one as current) [error Y01]"
    ]
    assert problems[0].severity is Severity.ERROR


def test_same_snapshot_date_is_refused() -> None:
    before = typed_firms([VALID_FIRM], file="a.csv")
    after = typed_firms([VALID_FIRM], file="b.csv")
    assert [p.rule for p in validate_pair(before, after)] == ["Y01"]


def test_many_missing_ids_suggest_a_new_id_scheme() -> None:
    previous = [
        with_changes(VALID_PROVINCIAL, firm_id=f"DM{i:08d}", name_zh=f"示例{i}") for i in range(10)
    ]
    current = previous[:8]
    assert _lines(previous, current) == [
        "firms_2026.csv:-:firm_id: - — 2 of 10 firm_ids of firms_2025.csv (20.0%) are missing"
        " here (has the id scheme changed?) [warning Y02]"
    ]


def test_ten_percent_missing_is_still_fine() -> None:
    previous = [
        with_changes(VALID_PROVINCIAL, firm_id=f"DM{i:08d}", name_zh=f"示例{i}") for i in range(10)
    ]
    assert _lines(previous, previous[1:]) == []


def test_a_falling_cumulative_count_is_one_line_per_column() -> None:
    second = with_changes(VALID_FIRM, firm_id="DM00000007", name_zh="另一示例有限公司")
    previous = [
        with_changes(VALID_FIRM, patents_total="150"),
        with_changes(second, patents_total="160"),
    ]
    current = [VALID_PROVINCIAL, VALID_FIRM, second]
    assert _lines(previous, current) == [
        'firms_2026.csv:3:patents_total: "148" — cumulative count decreased for 2 firms since'
        " 2025-02-28, first firm_id DM00000001: 150 → 148 (cumulative counts never fall; check"
        " both snapshots) [warning Y03]"
    ]


def test_a_changed_founding_date_and_batch_warn() -> None:
    previous = [with_changes(VALID_FIRM, founded_date="2008-05-07", lg_batch="4")]
    assert _lines(previous, [VALID_FIRM]) == [
        'firms_2026.csv:2:founded_date: "2008-05-06" — changed for 1 firm since 2025-02-28,'
        " first firm_id DM00000001: 2008-05-07 → 2008-05-06 (this should not change between"
        " snapshots; check both files) [warning Y04]",
        'firms_2026.csv:2:lg_batch: "5" — changed for 1 firm since 2025-02-28, first firm_id'
        " DM00000001: 4 → 5 (this should not change between snapshots; check both files)"
        " [warning Y04]",
    ]


def test_a_promotion_is_not_a_batch_change() -> None:
    previous = [with_changes(VALID_FIRM, level="provincial", lg_batch="", hon_little_giant="false")]
    assert _lines(previous, [VALID_FIRM]) == []


def test_a_restated_fiscal_value_warns_and_the_later_wins() -> None:
    previous = [with_changes(VALID_FIRM, rd_ratio_2024="20.9")]
    assert _lines(previous, [VALID_FIRM]) == [
        'firms_2026.csv:2:rd_ratio_2024: "21.4" — restated for 1 firm since 2025-02-28, first'
        " firm_id DM00000001: 20.9 → 21.4; the later snapshot wins (check the restatement)"
        " [warning Y05]"
    ]
