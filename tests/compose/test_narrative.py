"""Sentence facts of national_report.md §6: quantifiers, multiples, gaps, ranks, lists."""

from __future__ import annotations

import math

import pytest

from srdi_report.compose.model import NumRun
from srdi_report.compose.narrative import (
    NarrativeError,
    Phrase,
    emphasis,
    gap_change,
    group_sum,
    multiple,
    ordinal,
    pp_gap,
    quantifier,
    rank_phrase,
    rank_range,
    series,
    share_with_count,
    trend,
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


@pytest.mark.parametrize("bad", [1.5, -0.1, math.nan, math.inf, None, "0.3"])
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
    assert higher.msgid == "%(gap)s higher"
    gap = higher.arg_map()["gap"]
    assert isinstance(gap, NumRun)
    assert gap.kind == "pp"
    assert gap.value == pytest.approx(0.233)
    assert pp_gap(0.152, 0.385).msgid == "%(gap)s lower"
    assert pp_gap(0.10001, 0.1, digits=2) == Phrase("on a par with it")


def test_versus_average_is_close_only_within_one_point() -> None:
    hubei = versus_average(0.0988, 0.1057)
    assert hubei.msgid == "close to the average (%(avg)s)"
    sichuan = versus_average(0.0821, 0.1057)
    assert sichuan.msgid == "%(gap)s below the average (%(avg)s)"
    gap = sichuan.arg_map()["gap"]
    assert isinstance(gap, NumRun)
    assert gap.value == pytest.approx(0.0236)
    assert versus_average(0.12, 0.1057).msgid.endswith("above the average (%(avg)s)")


def test_share_with_count_is_approximate_from_ten_thousand_firms() -> None:
    found = share_with_count(0.10565686, 17684, number_id="c03_nat")
    assert (found.msgid, found.plural, found.n) == (
        "%(share)s (%(count)s firm)",
        "%(share)s (%(count)s firms)",
        17684,
    )
    args = found.arg_map()
    assert args["share"] == NumRun(0.10565686, "share", 2, number_id="c03_nat")
    assert args["count"] == NumRun(17684.0, "approx_count", 1)
    assert share_with_count(0.2, 9999).arg_map()["count"] == NumRun(9999.0, "count", 0)
    assert share_with_count(0.2, 57).n == 57


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


@pytest.mark.parametrize(
    ("values", "msgid", "year"),
    [
        ([1.0, 2.0, 3.0], "rose every year", None),
        ([3.0, 2.0, 1.0], "fell every year", None),
        ([2.0, 2.0, 2.0], "stayed level", None),
        ([1.0, 3.0, 2.0], "rose until %(year)s, then fell", 2023.0),
        ([1.0, 1.0, 3.0, 2.0], "rose until %(year)s, then fell", 2024.0),
        ([3.0, 1.0, 2.0], "fell until %(year)s, then rose", 2023.0),
        ([1.0, 3.0, 2.0, 4.0], "changed direction more than once, peaking in %(year)s", 2025.0),
    ],
)
def test_trend_says_every_year_only_when_every_step_moves(
    values: list[float], msgid: str, year: float | None
) -> None:
    found = trend([(2022 + i, v) for i, v in enumerate(values)])
    assert found.msgid == msgid
    if year is None:
        assert found.args == ()
    else:
        assert found.arg_map()["year"] == NumRun(year, "year", 0)


def test_trend_needs_increasing_years() -> None:
    with pytest.raises(NarrativeError):
        trend([(2022, 1.0)])
    with pytest.raises(NarrativeError):
        trend([(2023, 1.0), (2022, 2.0)])


def test_gap_change_names_both_comparisons() -> None:
    # §6.1 example: 3.90 in 2024, wider than 2023 (2.84) but narrower than 2022 (4.91)
    found = gap_change([(2022, 0.0491), (2023, 0.0284), (2024, 0.0390)])
    assert "wider than in %(prev_year)s (%(prev)s) but narrower than in" in found.msgid
    args = found.arg_map()
    assert args["gap"] == NumRun(0.039, "pp", 2)
    assert args["prev"] == NumRun(0.0284, "pp_number", 2)
    assert args["first_year"] == NumRun(2022.0, "year", 0)
    same = gap_change([(2022, 0.0390), (2023, 0.0284), (2024, 0.03901)])
    assert same.msgid.startswith("The gap was %(gap)s in %(year)s (")
    with pytest.raises(NarrativeError):
        gap_change([(2023, 0.01), (2024, 0.02)])


def test_emphasis_only_for_the_extremes() -> None:
    values = [3.0, 1.0, 2.0]
    assert emphasis(3.0, values, "count").msgid == "as high as %(value)s"
    assert emphasis(1.0, values, "count").msgid == "only %(value)s"
    middle = emphasis(2.0, values, "count")
    assert middle.verbatim
    assert middle.arg_map()["value"] == NumRun(2.0, "count", 0)


def test_metric_runs_keep_their_ids_and_digits() -> None:
    share = NumRun(0.1057, "share", 1, metric_id="firms_by_level", number_id="c03_nat")
    found = share_with_count(share, NumRun(17684.0, "count", 0, metric_id="counts"))
    args = found.arg_map()
    assert args["share"] == share
    assert args["count"] == NumRun(17684.0, "approx_count", 1, metric_id="counts")
    with pytest.raises(NarrativeError, match="c03_nat is withheld"):
        quantifier(NumRun(None, "share", 2, number_id="c03_nat", suppressed=True))
