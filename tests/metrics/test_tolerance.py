from __future__ import annotations

from decimal import Decimal

import pytest

from srdi_report.metrics.published import Comparator, PublishedNumber
from srdi_report.metrics.tolerance import passes, round_half_up


def number(
    value: str,
    *,
    statistic: str = "share",
    comparator: str = "eq",
    decimals: int | None = None,
    value_high: str = "",
) -> PublishedNumber:
    places = decimals if decimals is not None else len(value.partition(".")[2])
    return PublishedNumber(
        number_id="t",
        chart_id="图表0",
        label_zh="",
        label_en="test",
        scope="all",
        statistic=statistic,
        field="",
        value=value,
        unit="percent",
        comparator=Comparator(comparator),
        derivable="firm",
        status="consistent",
        note="",
        value_high=value_high,
        decimals=places,
    )


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (29.25, 1, "29.3"),
        (29.35, 1, "29.4"),
        (0.125, 2, "0.13"),
        (2.5, 0, "3"),
        (-1.25, 1, "-1.3"),
        (10.565656, 2, "10.57"),
        (0.1 + 0.2, 1, "0.3"),
    ],
)
def test_round_half_up(value: float, decimals: int, expected: str) -> None:
    assert round_half_up(value, decimals) == Decimal(expected)
    assert str(round_half_up(value, decimals)) == expected


def test_half_up_holds_through_binary_noise() -> None:
    share = 2925 / 10000 * 100  # 29.249999999999996 in binary
    assert round_half_up(share, 1) == Decimal("29.3")
    assert passes(number("29.3"), [share])


@pytest.mark.parametrize(
    ("rebuilt", "ok"),
    [(29.25, True), (29.3, True), (29.3499, True), (29.35, False), (29.2499, False)],
)
def test_eq_base_statistics_round_half_up_to_the_printed_value(rebuilt: float, ok: bool) -> None:
    assert passes(number("29.3", statistic="median"), [rebuilt]) is ok


@pytest.mark.parametrize(
    ("rebuilt", "ok"), [(2.88, True), (2.90, True), (2.8799, False), (2.9001, False)]
)
def test_eq_derived_statistics_allow_one_unit(rebuilt: float, ok: bool) -> None:
    assert passes(number("2.89", statistic="ratio"), [rebuilt]) is ok


@pytest.mark.parametrize("statistic", ["pp_diff", "uplift_pct", "sum_share", "score", "gap"])
def test_every_derived_statistic_allows_one_unit(statistic: str) -> None:
    assert passes(number("23.3", statistic=statistic), [23.4])
    assert not passes(number("23.3", statistic=statistic), [23.41])


def test_rank_is_exact() -> None:
    assert passes(number("17", statistic="rank"), [17.0])
    assert not passes(number("17", statistic="rank"), [18.0])


@pytest.mark.parametrize(("rebuilt", "ok"), [(0.946, True), (0.926, True), (0.9461, False)])
def test_pearson_within_one_hundredth(rebuilt: float, ok: bool) -> None:
    assert passes(number("0.936", statistic="pearson_r"), [rebuilt]) is ok


@pytest.mark.parametrize(("rebuilt", "ok"), [(1.7684, True), (1.6, True), (1.81, False)])
def test_approx_allows_one_unit_and_truncation(rebuilt: float, ok: bool) -> None:
    assert passes(number("1.7", comparator="approx"), [rebuilt]) is ok


def test_gt_and_lt_are_strict() -> None:
    assert passes(number("18", comparator="gt", statistic="ratio"), [18.31])
    assert not passes(number("18", comparator="gt", statistic="ratio"), [18.0])
    assert passes(number("5", comparator="lt"), [4.99])
    assert not passes(number("5", comparator="lt"), [5.0])


@pytest.mark.parametrize(
    ("rebuilt", "ok"), [(26.0, True), (25.99, False), (29.0, True), (29.01, False), (27.8, True)]
)
def test_range_widened_by_one_unit(rebuilt: float, ok: bool) -> None:
    row = number("27", comparator="range", value_high="28", decimals=0, statistic="p90")
    assert passes(row, [rebuilt]) is ok


def test_every_value_must_pass() -> None:
    row = number("27", comparator="range", value_high="28", decimals=0, statistic="p90")
    assert passes(row, [27.8, 26.5])
    assert not passes(row, [27.8, 25.5])


def test_nothing_or_nan_never_passes() -> None:
    assert not passes(number("10.57"), [])
    assert not passes(number("10.57"), [float("nan")])
