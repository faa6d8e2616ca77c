from __future__ import annotations

import pytest

from srdi_report.metrics.published import firm_rows, load_published
from srdi_report.metrics.scope_grammar import (
    Clause,
    Condition,
    Group,
    Kind,
    Loop,
    ScopeSyntaxError,
    parse_clause,
    parse_field,
    parse_scope,
    split_in_groups,
)

FIRM_ROWS = firm_rows(load_published())


@pytest.mark.parametrize("row", FIRM_ROWS, ids=lambda r: r.number_id)
def test_every_firm_scope_and_field_parses(row) -> None:
    scope = parse_scope(row.scope)
    assert 1 <= len(scope.groups) <= 2
    assert scope.expand()
    parse_field(row.field)


def test_there_are_455_firm_rows() -> None:
    assert len(FIRM_ROWS) == 455


def test_share_with_denominator() -> None:
    scope = parse_scope("level=national | province=江苏省")
    assert scope.groups == (
        Group(
            Clause((Condition("level", Kind.EQ, terms=("national",)),)),
            Clause((Condition("province", Kind.EQ, terms=("江苏省",)),)),
        ),
    )
    assert scope.is_share


def test_all_is_an_empty_clause() -> None:
    scope = parse_scope("level=provincial | all")
    assert scope.groups[0].within == Clause(())
    assert scope.groups[0].within.text == "all"


def test_two_share_groups_with_a_comparison() -> None:
    scope = parse_scope(
        "registered_capital>=10000 | level=national vs registered_capital>=10000 | level=provincial"
    )
    assert len(scope.groups) == 2
    condition = scope.groups[1].subset.conditions[0]
    assert condition == Condition("registered_capital", Kind.RANGE, low=10000.0)
    assert condition.text == "10000<=registered_capital"
    assert scope.groups[1].within.conditions[0].terms == ("provincial",)


def test_quoted_value_and_en_dash_codes() -> None:
    scope = parse_scope('emp_band=">1000" | level=national')
    assert scope.groups[0].subset.conditions[0].terms == (">1000",)
    scope = parse_scope("emp_band in (101–200, 201–500) | level=national")
    assert scope.groups[0].subset.conditions[0] == Condition(
        "emp_band", Kind.IN, terms=("101–200", "201–500")
    )


def test_range_with_strict_upper_bound() -> None:
    clause = parse_clause("field_domain=electronics_core&70<=kcl_score<85")
    assert clause.conditions[1] == Condition(
        "kcl_score", Kind.RANGE, low=70.0, high=85.0, high_inclusive=False
    )
    assert clause.conditions[1].text == "70<=kcl_score<85"
    assert parse_clause("kcl_score<60").conditions[0] == Condition(
        "kcl_score", Kind.RANGE, high=60.0, high_inclusive=False
    )


def test_window_and_not_null() -> None:
    clause = parse_clause("level=national&0<=rd_ratio_2022<=30")
    assert clause.conditions[1] == Condition("rd_ratio_2022", Kind.RANGE, low=0.0, high=30.0)
    assert parse_clause("rd_ratio_2024 not null").conditions == (
        Condition("rd_ratio_2024", Kind.NOT_NULL),
    )


def test_top_n_and_within() -> None:
    clause = parse_clause("city in top20&city_cluster=yrd")
    assert clause.conditions[0] == Condition("city", Kind.TOP, top_n=20)
    top = parse_clause("gbt_major in top5 within (gbt_section=C)").conditions[0]
    assert top.top_n == 5
    assert top.within == Clause((Condition("gbt_section", Kind.EQ, terms=("C",)),))
    assert top.text == "gbt_major in top5 within (gbt_section=C)"


def test_each_class_expands_per_value() -> None:
    scope = parse_scope("level=national | gbt_minor in (3985, 3824, 4011) (each class)")
    instances = scope.expand()
    assert [i.groups[0].within.text for i in instances] == [
        "gbt_minor=3985",
        "gbt_minor=3824",
        "gbt_minor=4011",
    ]
    assert all(i.groups[0].subset.text == "level=national" for i in instances)


def test_for_loop_substitutes_the_column_suffix() -> None:
    scope = parse_scope("hon_h=true, for h in (green_factory, gazelle, cnas) | all")
    assert scope.loop == Loop("h", ("green_factory", "gazelle", "cnas"))
    columns = [i.groups[0].subset.conditions[0].column for i in scope.expand()]
    assert columns == ["hon_green_factory", "hon_gazelle", "hon_cnas"]
    assert all(i.groups[0].within == Clause(()) for i in scope.expand())


def test_two_group_statistic_sides() -> None:
    scope = parse_scope("single_champion_level=national vs level=national")
    assert [g.subset.text for g in scope.groups] == [
        "single_champion_level=national",
        "level=national",
    ]
    assert not scope.is_share
    assert "single_champion_level" in scope.columns


def test_split_in_groups_for_ranges() -> None:
    scope = parse_scope("level in (national, provincial)&0<=rd_ratio_2024<=30")
    parts = split_in_groups(scope)
    assert [p.groups[0].subset.text for p in parts] == [
        "level=national&0<=rd_ratio_2024<=30",
        "level=provincial&0<=rd_ratio_2024<=30",
    ]


def test_field_forms() -> None:
    assert parse_field("patents_total+software_copyrights+std_total").kind == "sum"
    ratio = parse_field("invention_grants/invention_decided")
    assert (ratio.kind, ratio.columns) == ("ratio", ("invention_grants", "invention_decided"))
    diff = parse_field("revenue_growth_2023−revenue_growth_2024")
    assert (diff.kind, diff.columns) == ("diff", ("revenue_growth_2023", "revenue_growth_2024"))
    trio = parse_field("patents_total,invention_applications_pending,invention_grants")
    assert len(trio.pairs()) == 3
    cross = parse_field("insured_employees,registered_capital × patents_total,invention_grants")
    assert cross.pairs() == (
        ("insured_employees", "patents_total"),
        ("insured_employees", "invention_grants"),
        ("registered_capital", "patents_total"),
        ("registered_capital", "invention_grants"),
    )
    assert parse_field("hon_*").kind == "pattern"
    assert parse_field("").kind == "none"


@pytest.mark.parametrize(
    "text", ["level==national", "a vs b vs c", "x | y | z", "rd_ratio_2024 is null"]
)
def test_outside_the_grammar_raises(text: str) -> None:
    with pytest.raises(ScopeSyntaxError):
        parse_scope(text)


def test_each_class_needs_a_list() -> None:
    with pytest.raises(ScopeSyntaxError, match="needs an 'in"):
        parse_scope("level=national | gbt_minor=3985 (each class)").expand()
