"""Disclosure rules 2–5 (city_edition.md §5): band merging, pooling, complementary, ranks."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from srdi_report.metrics.disclosure import (
    BandGroup,
    complementary_suppress,
    eligible_ranks,
    median_band,
    merge_bands,
    merged_band_label,
    pool_categories,
)

MIN_CELL = 5
PATENT_BANDS = ("<50", "50\u201399", "100\u2013199", "200\u2013499", "500\u2013999", ">=1000")

band_counts = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8)
cells = st.integers(min_value=2, max_value=10)


@given(band_counts, cells)
def test_merged_bands_keep_the_population(counts: list[int], min_cell: int) -> None:
    groups = merge_bands(counts, min_cell)
    assert sum(g.firms for g in groups) == sum(counts)
    # the groups tile the bands in order
    assert groups[0].first == 0
    assert groups[-1].last == len(counts) - 1
    for before, after in itertools.pairwise(groups):
        assert after.first == before.last + 1
    for g in groups:
        assert g.firms == sum(counts[g.first : g.last + 1])


@given(band_counts, cells)
def test_no_small_band_is_left_unless_one_group(counts: list[int], min_cell: int) -> None:
    groups = merge_bands(counts, min_cell)
    if len(groups) > 1:
        assert all(g.firms == 0 or g.firms >= min_cell for g in groups)


@given(st.lists(st.one_of(st.just(0), st.integers(5, 50)), min_size=1, max_size=8))
def test_merging_never_triggers_at_or_above_min_cell(counts: list[int]) -> None:
    groups = merge_bands(counts, MIN_CELL)
    assert groups == tuple(BandGroup(i, i, c) for i, c in enumerate(counts))


def test_small_band_joins_its_neighbour_towards_the_median() -> None:
    # median firm is in band 1 (50–99); band 3 (3 firms) joins band 2, band 4 (1) joins too
    counts = [10, 30, 8, 3, 1, 0]
    assert median_band(counts) == 1
    groups = merge_bands(counts, MIN_CELL)
    labels = [merged_band_label(PATENT_BANDS[g.first : g.last + 1]) for g in groups]
    assert labels == ["<50", "50\u201399", "100\u2013999", ">=1000"]
    assert [g.firms for g in groups] == [10, 30, 12, 0]


def test_below_median_merges_upwards() -> None:
    groups = merge_bands([2, 9, 9, 9], MIN_CELL)
    assert [(g.first, g.last, g.firms) for g in groups] == [(0, 1, 11), (2, 2, 9), (3, 3, 9)]


def test_three_firms_collapse_to_one_group() -> None:
    assert merge_bands([1, 1, 1, 0, 0, 0], MIN_CELL) == (BandGroup(0, 5, 3),)


def test_merged_labels() -> None:
    assert merged_band_label(["<50", "50\u201399"]) == "<100"
    assert merged_band_label(["500\u2013999", ">=1000"]) == ">=500"
    assert merged_band_label(["21\u201330", ">30"]) == ">=21"
    assert merged_band_label(["1000\u20134999"]) == "1000\u20134999"
    assert merged_band_label(["<1000", ">=10000"]) == "<1000+>=10000"


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 30), max_size=8), cells)
def test_pooling_keeps_the_total_and_leaves_no_small_category(
    counts: dict[str, int], min_cell: int
) -> None:
    pooled = pool_categories(counts, min_cell)
    assert sum(pooled.values()) == sum(counts.values())
    shown = {k: v for k, v in pooled.items() if k != "other"}
    assert all(v == 0 or v >= min_cell for v in shown.values())
    other = pooled.get("other", 0)
    if 0 < other < min_cell:  # only when nothing is left to pool
        assert all(v == 0 for v in shown.values())


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(5, 30), max_size=8))
def test_pooling_never_triggers_at_or_above_min_cell(counts: dict[str, int]) -> None:
    assert pool_categories(counts, MIN_CELL) == dict(sorted(counts.items()))


def test_small_other_takes_the_next_smallest_category() -> None:
    pooled = pool_categories({"a": 2, "b": 7, "c": 20, "d": 6}, MIN_CELL)
    assert pooled == {"b": 7, "c": 20, "other": 8}


def test_complementary_suppression_hides_the_next_smallest_part() -> None:
    parts = {"a": 12.0, "b": 3.0, "c": 7.0, "d": 30.0}
    assert complementary_suppress(parts, {"b"}) == {"b", "c"}
    assert complementary_suppress(parts, {"b", "c"}) == {"b", "c"}
    assert complementary_suppress(parts, set()) == frozenset()


def test_ranks_cover_eligible_units_only() -> None:
    values = {"A": 30.0, "B": 50.0, "C": 50.0, "D": 99.0, "E": 10.0}
    firms = {"A": 100, "B": 8, "C": 5, "D": 4, "E": 5}
    ranks = eligible_ranks(values, firms, MIN_CELL)
    assert ranks["D"].rank is None  # 4 firms: not ranked
    assert (ranks["B"].rank, ranks["B"].tied) == (1, True)
    assert (ranks["C"].rank, ranks["A"].rank, ranks["E"].rank) == (1, 3, 4)
    assert {r.eligible for r in ranks.values()} == {4}


def test_band_table_withholds_the_city_when_one_band_is_left() -> None:
    import pandas as pd

    from srdi_report.metrics.city_compare import band_table

    codes = ("<1000", "1000\u20134999", "5000\u20139999", ">=10000")
    city = pd.DataFrame({"capital_band": ["<1000"] * 3 + ["1000\u20134999"] * 4 + [">=10000"] * 2})
    nation = pd.DataFrame({"capital_band": list(codes) * 5})
    table = band_table(city, nation, "capital_band", codes, MIN_CELL)
    scope = table[table["population"] == "scope"]
    assert scope["band"].tolist() == list(codes)  # not merged: nothing of the city is shown
    assert scope["share"].isna().all()
    bench = table[table["population"] == "benchmark"]
    assert bench["share"].tolist() == [0.25] * 4
    # with enough firms the small band merges towards the median band and keeps the total
    city = pd.DataFrame({"capital_band": ["<1000"] * 9 + ["1000\u20134999"] * 6 + [">=10000"] * 2})
    table = band_table(city, nation, "capital_band", codes, MIN_CELL)
    scope = table[table["population"] == "scope"]
    assert scope["band"].tolist() == ["<1000", ">=1000"]
    assert scope["firms"].tolist() == [9.0, 8.0]
