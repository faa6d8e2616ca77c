"""R01–R07, V09, V11 and the column-level collapse: one crafted bad row per rule."""

from __future__ import annotations

from datetime import date

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

from srdi_report.data.batches import Batch, BatchCalendar
from srdi_report.data.validate import validate_firms
from srdi_report.errors import Severity


def test_valid_firms_give_no_problems() -> None:
    assert problem_lines([VALID_FIRM, VALID_PROVINCIAL]) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"software_copyrights": "-3"},
            'firms.csv:2:software_copyrights: "-3" — negative count (write 0 or more) [error R01]',
        ),
        (
            {"insured_employees": "-1"},
            'firms.csv:2:insured_employees: "-1" — negative headcount (write 0 or more)'
            " [error R01]",
        ),
        (
            {"registered_capital": "-5"},
            'firms.csv:2:registered_capital: "-5" — negative amount (write 0 or more) [error R01]',
        ),
        (
            {"rd_staff_ratio": "120"},
            'firms.csv:2:rd_staff_ratio: "120" — percent outside 0–100'
            " (write a percent, e.g. 19.6 for 19.6%) [error R02]",
        ),
        (
            {"rd_ratio_2024": "-1"},
            'firms.csv:2:rd_ratio_2024: "-1" — negative percent (write 0 or more) [error R02]',
        ),
        (
            {"revenue_growth_2024": "-120"},
            'firms.csv:2:revenue_growth_2024: "-120" — growth below −100%'
            " (revenue cannot fall by more than 100%; check the value) [error R02]",
        ),
        (
            {"insured_employees": "150000"},
            'firms.csv:2:insured_employees: "150000" — above 100,000 persons, implausibly large;'
            " kept (check the value and its unit) [warning R03]",
        ),
        (
            {"rd_ratio_2024": "130"},
            'firms.csv:2:rd_ratio_2024: "130" — above 100%, implausibly large; kept'
            " (check the value and its unit) [warning R03]",
        ),
        (
            {"lg_batch": "8"},
            'firms.csv:2:lg_batch: "8" — batch 8 not issued by 2026-02-28 (batches 1–7)'
            " (write a batch from 1 to 7) [error R05]",
        ),
        (
            {"founded_date": "1899-12-31"},
            'firms.csv:2:founded_date: "1899-12-31" — 1899-12-31 is before 1900-01-01'
            " (check the date) [error R07]",
        ),
        (
            {"listing_date": "2026-03-01"},
            'firms.csv:2:listing_date: "2026-03-01" — 2026-03-01 is after the snapshot date'
            " 2026-02-28 (check the date) [error R07]",
        ),
        (
            {"firm_id": "91350100M000100Y44"},
            'firms.csv:2:firm_id: "91350100M000100Y44" — 18 characters but not a valid unified'
            " social credit code (check character 4, expected 3); kept"
            " (check the code against the business licence) [warning V09]",
        ),
        (
            {"firm_id": "91350100M0001I0Y43"},
            'firms.csv:2:firm_id: "91350100M0001I0Y43" — 18 characters but not a valid unified'
            " social credit code (character 'I' at position 14 is not used in such codes); kept"
            " (check the code against the business licence) [warning V09]",
        ),
        (
            {"name_en": "Suzhou 示例 Co., Ltd."},
            'firms.csv:2:name_en: "Suzhou 示例 Co., Ltd." — English name contains Chinese'
            " characters; set to empty (write the name in Latin letters, or leave the cell"
            " empty) [warning V11]",
        ),
    ],
)
def test_one_bad_cell_gives_one_line(changes: dict[str, str], expected: str) -> None:
    assert problem_lines([with_changes(VALID_FIRM, **changes), VALID_PROVINCIAL]) == [expected]


def test_valid_uscc_passes() -> None:
    assert problem_lines([with_changes(VALID_FIRM, firm_id="91350100M000100Y43")]) == []


def test_alias_header_is_printed_with_its_canonical_name() -> None:
    lines = problem_lines(
        [with_changes(VALID_FIRM, software_copyrights="-3")],
        headers={"software_copyrights": "软件著作权"},
    )
    assert lines == [
        'firms.csv:2:软件著作权=software_copyrights: "-3" — negative count (write 0 or more)'
        " [error R01]"
    ]


def test_recognition_before_2019_also_breaks_the_batch_year() -> None:
    lines = problem_lines([with_changes(VALID_FIRM, lg_recognition_date="2018-12-31")])
    assert lines == [
        'firms.csv:2:lg_recognition_date: "2018-12-31" — 2018-12-31 is before 2019-01-01'
        " (check the date) [error R07]",
        'firms.csv:2:lg_recognition_date: "2018-12-31" — recognised in 2018, but batch 5 is of'
        " 2023 (check the batch and the recognition date) [warning X16]",
    ]


def test_fractions_in_percent_columns_warn_once_per_column() -> None:
    lines = problem_lines([with_changes(VALID_FIRM, rd_ratio_2024="0.21", rd_staff_ratio="0.3")])
    assert lines == [
        "firms.csv:1:rd_ratio_2024: - — every value is ≤ 1: looks like fractions, not percent"
        " (multiply by 100: write 19.6 for 19.6%) [warning R04]",
        "firms.csv:1:rd_staff_ratio: - — every value is ≤ 1: looks like fractions, not percent"
        " (multiply by 100: write 19.6 for 19.6%) [warning R04]",
    ]


def test_capital_in_yuan_warns_on_the_column() -> None:
    lines = problem_lines([with_changes(VALID_FIRM, registered_capital="2000000")])
    assert lines == [
        "firms.csv:1:registered_capital: - — median 2,000,000 looks like yuan, not units of"
        " 10,000 yuan (divide by 10,000, or give the unit yuan in the header) [warning R04]"
    ]


def test_fiscal_year_columns_must_precede_the_snapshot_year() -> None:
    lines = problem_lines(
        [with_changes(VALID_FIRM, rd_ratio_2026="5", patent_applications_1999="1")]
    )
    assert lines == [
        "firms.csv:1:patent_applications_1999: - — application year 1999 outside 2000–2026"
        " (rename or drop the column) [error R06]",
        "firms.csv:1:rd_ratio_2026: - — fiscal year 2026 is not before the snapshot year 2026"
        " (fiscal-year columns end at rd_ratio_2025; rename or drop the column) [error R06]",
    ]


def test_batch_issued_after_the_snapshot_date_is_refused() -> None:
    calendar = BatchCalendar((*CALENDAR.batches[:6], Batch(7, 2025, announced=date(2025, 7, 1))))
    typed = typed_firms(
        [with_changes(VALID_FIRM, lg_batch="7", lg_recognition_date="2025-01-15")],
        snapshot=date(2025, 2, 28),
    )
    outcome = validate_firms(typed, calendar=calendar)
    assert [str(p) for p in outcome.problems] == [
        'firms.csv:2:lg_batch: "7" — batch 7 not issued by 2025-02-28 (batches 1–6)'
        " (write a batch from 1 to 6) [error R05]"
    ]


def test_english_name_with_han_is_emptied_in_the_frame() -> None:
    typed = typed_firms([with_changes(VALID_FIRM, name_en="示例 Ltd.")])
    outcome = validate_firms(typed, calendar=CALENDAR)
    assert outcome.problems[0].severity is Severity.WARNING
    assert outcome.problems[0].rule == "V11"
    assert outcome.frame["name_en"].isna().tolist() == [True]


def _many(n: int, bad: int) -> list[dict[str, str]]:
    rows = []
    for i in range(n):
        row = with_changes(VALID_PROVINCIAL, firm_id=f"DM{i:08d}", name_zh=f"示例{i}有限公司")
        row["software_copyrights"] = "-1" if i < bad else "2"
        rows.append(row)
    return rows


def test_a_rule_failing_on_most_of_a_column_gives_one_line() -> None:
    assert problem_lines(_many(30, 25)) == [
        'firms.csv:2:software_copyrights: "-1" — negative count … on 25 of 30 rows, first here'
        " (write 0 or more; so many rows usually mean a wrong column mapping) [error R01]"
    ]


def test_below_twenty_rows_every_row_is_listed() -> None:
    lines = problem_lines(_many(30, 19))
    assert len(lines) == 19
    assert lines[-1] == (
        'firms.csv:20:software_copyrights: "-1" — negative count (write 0 or more) [error R01]'
    )


def test_under_half_of_the_column_every_row_is_listed() -> None:
    lines = problem_lines(_many(50, 24))
    assert len(lines) == 24


def test_frame_keeps_its_rows_and_dtypes() -> None:
    typed = typed_firms([VALID_FIRM, VALID_PROVINCIAL])
    outcome = validate_firms(typed, calendar=CALENDAR)
    assert outcome.frame is typed.frame
    assert outcome.frame["patents_total"].dtype == pd.Int64Dtype()
