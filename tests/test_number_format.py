"""number_format: every printed number, per locale, rounded half up (national_report.md §6.4)."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from srdi_report.errors import UnknownNameError
from srdi_report.metrics.result import Unit
from srdi_report.number_format import (
    MISSING_MARK,
    NumberFormatError,
    format_axis,
    format_number,
    kinds,
    round_half_up,
    to_decimal,
)

ZH = "zh_CN"
EN = "en"

CASES = [
    # value, kind, digits, zh, en
    (0.10565686016777, "share", 2, "10.57%", "10.57%"),
    (0.89434313983223, "share", 2, "89.43%", "89.43%"),
    (0.10565, "share", 2, "10.57%", "10.57%"),  # 10.565 half up, not half even
    (0.10575, "share", 2, "10.58%", "10.58%"),
    (0.2925, "share", 1, "29.3%", "29.3%"),  # the published tables' half up (style_guide §2.3)
    (0.385, "share", 1, "38.5%", "38.5%"),
    (1.0, "share", 2, "100.00%", "100.00%"),
    (0.0, "share", 2, "0.00%", "0.00%"),
    (-0.027, "share", 1, "\u22122.7%", "\u22122.7%"),
    (0.063, "share_signed", 1, "+6.3%", "+6.3%"),
    (0.41, "share", 0, "41%", "41%"),  # uplift, integer percent
    (0.233, "pp", 1, "23.3个百分点", "23.3 percentage points"),
    (0.0393, "pp", 2, "3.93个百分点", "3.93 percentage points"),
    (0.233, "pp_signed", 1, "+23.3pp", "+23.3pp"),
    (-0.3977, "pp_signed", 2, "\u221239.77pp", "\u221239.77pp"),
    (0.1433, "pp_signed", 2, "+14.33pp", "+14.33pp"),
    (-0.0004, "pp_signed", 1, "0.0pp", "0.0pp"),  # no sign on a value that rounds to zero
    (0.0284, "pp_number", 2, "2.84", "2.84"),
    (0.0284, "pp_number_signed", 2, "+2.84", "+2.84"),
    (-1234, "count_signed", 0, "\u22121,234", "\u22121,234"),
    (1234, "count_signed", 0, "+1,234", "+1,234"),
    (0, "count_signed", 0, "0", "0"),
    (-70.66, "score_signed", 1, "\u221270.7", "\u221270.7"),
    (5774.25, "value_signed", 1, "+5,774.3", "+5,774.3"),
    (0.35, "ratio_signed", 1, "+0.4", "+0.4"),
    (167372, "count", 0, "167,372", "167,372"),
    (17684, "count", 0, "17,684", "17,684"),
    (999, "count", 0, "999", "999"),
    (0, "count", 0, "0", "0"),
    (1234567890, "count", 0, "1,234,567,890", "1,234,567,890"),
    (17684, "approx_count", 1, "约1.8万", "about 17,700"),
    (149688, "approx_count", 1, "约15万", "about 149,700"),  # a trailing .0 dropped
    (167372, "approx_count", 1, "约16.7万", "about 167,400"),
    (17650, "approx_count", 1, "约1.8万", "about 17,700"),  # 1.765 and 176.5 half up
    (9999.6, "approx_count", 1, "约1万", "about 10,000"),  # the unit follows the rounded value
    (9949, "approx_count", 1, "约9,949", "about 9,949"),
    (17.4, "approx_count", 1, "约17", "about 17"),  # 图表7 means: integer with 约
    (3056000, "approx_count", 1, "约305.6万", "about 3.06 million"),
    (123456789, "approx_count", 1, "约1.2亿", "about 123.46 million"),
    (5774.3, "value", 0, "5,774", "5,774"),
    (52.185, "value", 2, "52.19", "52.19"),
    (1035.4, "value", 0, "1,035", "1,035"),
    (2.885, "ratio", 2, "2.89", "2.89"),
    (3.05, "ratio", 1, "3.1", "3.1"),
    (2.885, "multiple", 2, "2.89倍", "2.89x"),
    (29.25, "score", 1, "29.3", "29.3"),
    (100, "score", 1, "100.0", "100.0"),
    (-0.12345, "r", 3, "\u22120.123", "\u22120.123"),
    (0.9355, "r", 3, "0.936", "0.936"),
    (4, "rank", 0, "4", "4"),
    (2026, "year", 0, "2026", "2026"),
    (3, "money_wan", 0, "3万元", "CNY 30,000"),  # an award per patent, below CNY 1 million
    (5774.3, "money_wan", 0, "5,774万元", "CNY 57.7 million"),
    (2000, "money_wan", 0, "2,000万元", "CNY 20.0 million"),
    (120000, "money_wan", 0, "120,000万元", "CNY 1.2 billion"),
    (99990, "money_wan", 0, "99,990万元", "CNY 999.9 million"),
    (12, "money_yi", 0, "12亿元", "CNY 1.2 billion"),
    (1, "money_yi", 0, "1亿元", "CNY 100.0 million"),
]


@pytest.mark.parametrize(("value", "kind", "digits", "zh", "en"), CASES)
def test_format_number(value: float, kind: str, digits: int, zh: str, en: str) -> None:
    assert format_number(value, kind, digits, ZH) == zh
    assert format_number(value, kind, digits, EN) == en


def test_every_unit_of_the_metrics_is_a_kind() -> None:
    for unit in Unit:
        assert unit.value in kinds(ZH)
        assert unit.value in kinds(EN)
    assert format_number(0.1057, Unit.SHARE, 2, ZH) == "10.57%"


def test_both_locales_know_the_same_kinds() -> None:
    assert kinds(ZH) == kinds(EN)
    assert kinds("zh") == kinds("zh_Hans_CN".replace("_Hans", "")) == kinds(ZH)


def test_numpy_values_and_decimals() -> None:
    assert format_number(np.float64(0.10565), "share", 2, EN) == "10.57%"
    assert format_number(np.int64(167372), "count", 0, EN) == "167,372"
    assert format_number(Decimal("0.10565"), "share", 2, EN) == "10.57%"  # type: ignore[arg-type]
    assert to_decimal(np.float64(0.1057)) == Decimal("0.1057")
    assert format_number(np.float32(0.10565), "share", 2, EN) == "10.57%"
    assert to_decimal(np.float32(0.1)) == Decimal("0.1")


def test_missing_and_infinite_values() -> None:
    assert format_number(None, "share", 2, ZH) == MISSING_MARK
    assert format_number(math.nan, "count", 0, EN) == MISSING_MARK
    assert format_number(np.float64("nan"), "count", 0, EN) == MISSING_MARK
    assert format_number(pd.NA, "count", 0, EN) == MISSING_MARK  # type: ignore[arg-type]
    with pytest.raises(NumberFormatError, match="infinite"):
        format_number(-np.inf, "share", 2, ZH)
    with pytest.raises(NumberFormatError, match="infinite"):
        format_number(math.inf, "ratio", 2, EN)
    with pytest.raises(NumberFormatError, match="digits"):
        format_number(1.0, "ratio", -1, EN)


def test_unknown_kind_and_locale() -> None:
    with pytest.raises(UnknownNameError, match=r"unknown number kind 'percent'.*Known: .*share"):
        format_number(0.1, "percent", 2, ZH)
    with pytest.raises(UnknownNameError, match="no number styles for locale 'fr'"):
        format_number(0.1, "share", 2, "fr")


def test_round_half_up_is_symmetric() -> None:
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert round_half_up(Decimal("-0.125"), 2) == Decimal("-0.13")
    assert round_half_up(Decimal("2.5"), 0) == Decimal("3")


@pytest.mark.parametrize(
    ("value", "kind", "zh", "en"),
    [
        (0, "count", "0", "0"),
        (5000, "count", "5,000", "5,000"),
        (10000, "count", "1万", "10,000"),
        (15000, "count", "1.5万", "15,000"),
        (2500000, "count", "250万", "2.5M"),
        (120000000, "count", "1.2亿", "120M"),
        (0.1, "share", "10%", "10%"),
        (0.125, "share", "12.5%", "12.5%"),
        (0.30000000000000004, "share", "30%", "30%"),
        (-0.05, "pp", "\u22125", "\u22125"),
        (2.5, "ratio", "2.5", "2.5"),
        (3.0, "ratio", "3", "3"),
        (2024.0, "year", "2024", "2024"),
    ],
)
def test_format_axis(value: float, kind: str, zh: str, en: str) -> None:
    assert format_axis(value, ZH, kind) == zh
    assert format_axis(value, EN, kind) == en


def test_format_axis_digits() -> None:
    assert format_axis(0.12345, ZH, "share", digits=1) == "12.3%"
    assert format_axis(12345, ZH, "count", digits=3) == "1.235万"


def test_every_kind_starts_at_zero_in_the_style_table() -> None:
    from srdi_report.number_format import _table

    table = _table()
    assert table  # the CSV was read
    for (locale, kind), rows in table.items():
        assert rows[-1].min_abs == 0, (locale, kind)
        thresholds = [row.min_abs for row in rows]
        assert len(set(thresholds)) == len(thresholds), (locale, kind)
