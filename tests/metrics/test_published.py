from __future__ import annotations

import importlib.util
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from srdi_report.metrics.published import (
    Comparator,
    firm_rows,
    load_published,
    parse_numbers,
    published_path,
)
from srdi_report.metrics.reproduce_rules import RowSpec, load_overrides, resolve

REPO = Path(__file__).resolve().parents[2]
SPEC_PUBLISHED = REPO.parent / "shared" / "spec" / "published"


def _sync_tool():
    spec = importlib.util.spec_from_file_location(
        "sync_published", REPO / "tools" / "sync_published.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SPEC_PUBLISHED.is_dir(), reason="spec not beside the repo (../shared)")
def test_shipped_copies_equal_the_spec() -> None:
    assert _sync_tool().stale_files() == [], "run: .venv/bin/python tools/sync_published.py"


def test_counts_of_published_readme() -> None:
    numbers = load_published()
    assert len(numbers) == 623
    table = Counter((n.derivable, n.status) for n in numbers)
    assert table == {
        ("firm", "consistent"): 424,
        ("firm", "inconsistent"): 31,
        ("reference", "consistent"): 149,
        ("reference", "inconsistent"): 7,
        ("qualitative", "consistent"): 12,
    }


def test_values_stay_as_printed() -> None:
    by_id = {n.number_id: n for n in load_published()}
    growth = by_id["b11a_growth_2023_prov"]
    assert growth.value == "5.30"
    assert growth.number == Decimal("5.30")
    assert growth.decimals == 2
    band = by_id["p_s215_top10_range"]
    assert band.comparator is Comparator.RANGE
    assert band.printed == "27–28"
    assert band.number_high == Decimal("28")
    assert by_id["c03_share_nat"].label_en == "share of national-level Little Giants"


def test_parse_numbers_reads_the_shipped_file() -> None:
    assert parse_numbers(published_path()) == load_published()


def test_firm_rows_per_chart_match_the_readme() -> None:
    consistent = Counter(n.chart_id for n in firm_rows(load_published()) if n.is_consistent)
    assert consistent["图表16"] == 31
    assert consistent["B19a"] == 55
    assert consistent["图表40"] == 49
    assert consistent["prose"] == 12
    assert sum(consistent.values()) == 424


@pytest.mark.parametrize("number", firm_rows(load_published()), ids=lambda n: n.number_id)
def test_every_firm_row_resolves(number) -> None:
    spec = resolve(number)
    assert isinstance(spec, RowSpec)
    if spec.statistic in {"ratio", "pp_diff", "uplift_pct", "score", "gap"}:
        assert spec.inner in {"share", "median", "mean", "p50", "p75", "p90", "count"}


def test_side_statistics_from_labels_and_overrides() -> None:
    by_id = {n.number_id: n for n in load_published()}
    assert resolve(by_id["c04_cap_median_ratio"]).inner == "median"
    assert resolve(by_id["c04_cap_mean_ratio"]).inner == "mean"
    assert resolve(by_id["c12_rd_p75_diff"]).inner == "p75"
    assert resolve(by_id["c17_yrd_over_prd"]).inner == "count"
    assert resolve(by_id["c04_cap_ge1yi_diff"]).inner == "share"
    assert resolve(by_id["c30_quality_gap"]).inner == "median"
    gap = resolve(by_id["c07_std_mean_gap"])
    assert gap.inner == "mean"
    assert [g.subset.text for g in gap.scope.groups] == [
        "level=national&has_standard=true",
        "level=provincial&has_standard=true",
    ]
    assert resolve(by_id["p_s215_top10_range"]).per_group
    assert not resolve(by_id["c25_scale_010_020"]).per_group
    assert len(resolve(by_id["c25_scale_010_020"]).field.pairs()) == 6


def test_overrides_name_existing_firm_rows_and_say_why() -> None:
    firm_ids = {n.number_id for n in firm_rows(load_published())}
    overrides = load_overrides()
    assert set(overrides) <= firm_ids
    assert all(o.reason for o in overrides.values())
    assert len(overrides) == 18
