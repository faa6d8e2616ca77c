"""Sentence facts of national_report.md §6: quantifiers, multiples, gaps, ranks, lists."""

from __future__ import annotations

import math

import pytest

from srdi_report.compose.model import NumRun
from srdi_report.compose.narrative import (
    NarrativeError,
    Phrase,
    group_sum,
    multiple,
    ordinal,
    pp_gap,
    quantifier,
    rank_phrase,
    rank_range,
    series,
    share_with_count,
    uplift,
    versus_average,
)


@pytest.mark.parametrize(
    ("percent", "msgid"),
    [  # the examples of §6.2, then the edges
        (48.89, "nearly half"),
        (39.63, "nearly 40%%"),
        (31.7, "nearly one third"),
        (70.6, "about 70%%"),
        (52.3, "more than half"),
        (13.4, "over 10%%"),
        (56.9, "nearly 60%%"),
        (10.0, "about 10%%"),
        (36.0, "nearly 40%%"),  # 40 - 36 = 4.0 = 10% of 40: still "nearly"
        (35.9, "more than one third"),
        (33.9, "about one third"),
        (45.0, "nearly half"),
        (44.9, "over 40%%"),
        (66.0, "nearly two thirds"),
        (67.0, "nearly 70%%"),  # "nearly" wins: 70 - 67 <= 7
        (95.0, "over 90%%"),
        (100.0, "over 90%%"),
    ],
)
def test_quantifier_follows_the_anchor_rules(percent: float, msgid: str) -> None:
    found = quantifier(percent / 100)
    assert found == Phrase(msgid)


@pytest.mark.parametrize("percent", [0.0, 5.0, 9.99])
def test_no_quantifier_below_ten_percent(percent: float) -> None:
    assert quantifier(percent / 100) is None


@pytest.mark.parametrize("bad", [1.5, -0.1, math.nan, math.inf])
def test_quantifier_refuses_values_that_are_not_shares(bad: float) -> None:
    with pytest.raises(NarrativeError):
        quantifier(bad)


@pytest.mark.parametrize(
    ("ratio", "msgid", "x"),
    [  # §6.2 examples
        (2.89, "about %(x)s times", 3.0),
        (3.11, "about %(x)s times", 3.0),
        (3.84, "nearly %(x)s times", 4.0),
        (2.75, "nearly %(x)s times", 3.0),
        (18.31, "more than %(x)s times", 18.0),
        (4.44, "more than %(x)s times", 4.0),
        (2.5, "more than %(x)s times", 2.0),
    ],
)
def test_multiple_takes_the_vague_form(ratio: float, msgid: str, x: float) -> None:
    assert multiple(ratio) == Phrase(msgid, (("x", NumRun(x, "ratio", 0)),))


@pytest.mark.parametrize("ratio", [2.6, 1.87, 0.5])
def test_multiple_prints_the_number_when_no_vague_form_fits(ratio: float) -> None:
    assert multiple(ratio, metric_id="m") == Phrase(
        "%(x)s times", (("x", NumRun(ratio, "ratio", 1, metric_id="m")),)
    )


def test_exact_multiple_on_request_keeps_two_decimals() -> None:
    found = multiple(2.887, approx=False, digits=2)
    assert found.arg_map()["x"] == NumRun(2.887, "ratio", 2)


def test_uplift_is_relative_and_unsigned() -> None:
    found = uplift(123, 87)
    assert found.msgid == "%(x)s more"
    run = found.arg_map()["x"]
    assert isinstance(run, NumRun)
    assert run.kind == "share"
    assert run.digits == 0
    assert run.value == pytest.approx(123 / 87 - 1)
    assert uplift(87, 123).msgid == "%(x)s less"
    with pytest.raises(NarrativeError):
        uplift(1, 0)


def test_pp_gap_has_a_direction_word_and_an_unsigned_value() -> None:
    higher = pp_gap(0.385, 0.152, digits=1)
    assert higher.msgid == "%(gap)s percentage points higher"
    gap = higher.arg_map()["gap"]
    assert isinstance(gap, NumRun)
    assert gap.kind == "pp"
    assert gap.value == pytest.approx(0.233)
    assert pp_gap(0.152, 0.385).msgid == "%(gap)s percentage points lower"
    assert pp_gap(0.10001, 0.1, digits=2) == Phrase("on a par with it")


def test_versus_average_is_close_only_within_one_point() -> None:
    hubei = versus_average(0.0988, 0.1057)
    assert hubei.msgid == "close to the average (%(avg)s)"
    sichuan = versus_average(0.0821, 0.1057)
    assert sichuan.msgid == "%(gap)s percentage points below the average (%(avg)s)"
    gap = sichuan.arg_map()["gap"]
    assert isinstance(gap, NumRun)
    assert gap.value == pytest.approx(0.0236)
    assert versus_average(0.12, 0.1057).msgid.endswith("above the average (%(avg)s)")


def test_share_with_count_is_approximate_from_a_thousand_firms() -> None:
    found = share_with_count(0.10565686, 17684, number_id="c03_nat")
    assert found.msgid == "%(share)s (about %(count)s firms)"
    args = found.arg_map()
    assert args["share"] == NumRun(0.10565686, "share", 2, number_id="c03_nat")
    assert args["count"] == NumRun(17684.0, "approx_count", 0)
    small = share_with_count(0.2, 57)
    assert (small.msgid, small.plural, small.n) == (
        "%(share)s (%(count)s firm)",
        "%(share)s (%(count)s firms)",
        57,
    )


def test_ranks_use_words_up_to_tenth_then_numbers() -> None:
    assert rank_phrase(1) == Phrase("ranks first")
    assert rank_phrase(4) == Phrase(
        "ranks %(ordinal)s", (("ordinal", Phrase("fourth", context="ordinal")),)
    )
    assert rank_phrase(1, joint=True).msgid == "ranks joint %(ordinal)s"
    assert rank_phrase(12) == Phrase("ranks no. %(rank)s", (("rank", NumRun(12.0, "rank", 0)),))
    assert ordinal(10) == Phrase("tenth", context="ordinal")
    with pytest.raises(NarrativeError):
        rank_phrase(0)


def test_rank_range() -> None:
    found = rank_range(4, 6)
    assert found.msgid == "rank %(first)s to %(last)s"
    assert found.arg_map()["last"] == Phrase("sixth", context="ordinal")
    assert rank_range(9, 12).msgid == "rank no. %(first)s to %(last)s"
    with pytest.raises(NarrativeError):
        rank_range(3, 3)


def test_series_nests_the_items_in_order() -> None:
    assert series(["a"]).verbatim
    found = series(["a", "b", "c"])
    assert (found.msgid, found.context) == ("%(rest)s and %(last)s", "list")
    args = found.arg_map()
    assert args["last"] == "c"
    rest = args["rest"]
    assert isinstance(rest, Phrase)
    assert [name for name, _ in rest.args] == ["a", "sep", "b"]
    assert series(["a", "b"], conjunction=False).msgid == "%(rest)s, %(last)s"
    with pytest.raises(NarrativeError):
        series([])


def test_group_sum_adds_unrounded_shares() -> None:
    total = group_sum([0.1442, 0.1352, 0.1149])
    assert total.value == pytest.approx(0.3943)
    assert (total.kind, total.digits) == ("share", 2)
