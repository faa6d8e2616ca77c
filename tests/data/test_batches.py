"""The national batch calendar (R05, X15, X16)."""

from __future__ import annotations

from datetime import date

from srdi_report.data.batches import Batch, BatchCalendar, load_batches


def test_shipped_batches_are_one_per_year_from_2019() -> None:
    calendar = load_batches()
    assert calendar.year_of() == {1: 2019, 2: 2020, 3: 2021, 4: 2022, 5: 2023, 6: 2024, 7: 2025}


def test_latest_batch_by_snapshot_date() -> None:
    calendar = load_batches()
    assert calendar.latest_by(date(2026, 2, 28)) == 7
    assert calendar.latest_by(date(2018, 12, 31)) == 0


def test_an_announcement_date_makes_issue_exact() -> None:
    calendar = BatchCalendar((Batch(1, 2019, date(2019, 6, 1)), Batch(2, 2020)))
    assert calendar.latest_by(date(2019, 5, 31)) == 0
    assert calendar.latest_by(date(2019, 6, 1)) == 1
    assert calendar.latest_by(date(2020, 1, 1)) == 2
