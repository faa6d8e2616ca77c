"""Property tests over every metric family (issue 4): partitions, row order, min_cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from firm_frames import random_firms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srdi_report.config.model import MetricsConfig
from srdi_report.metrics.registry import compute, load_families
from srdi_report.metrics.result import N_COLUMN
from srdi_report.metrics.scope import Scope
from srdi_report.metrics.suppression import Disclosure, is_suppressed, withhold

ALL_METRICS = load_families().names()
PARTITIONS = (
    "firms_by_level",
    "firms_by_province",
    "firms_by_city",
    "firms_by_cluster",
    "firms_by_region",
    "firms_by_gbt_major",
    "firms_by_gbt_minor",
    "firms_by_field_domain",
    "quadrant_shares",
)
FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NO_SUPPRESSION = MetricsConfig(min_cell=1)


@FAST
@given(size=st.integers(1, 40), seed=st.integers(0, 2**32 - 1))
def test_shares_over_a_partition_sum_to_one(size: int, seed: int) -> None:
    firms = random_firms(size, seed, null_share=0.0)
    for name in PARTITIONS:
        result = compute(name, firms, config=NO_SUPPRESSION)
        expected = 1.0 if result.n_firms else 0.0  # no firm of the population: no partition
        assert result.table["share"].sum() == pytest.approx(expected), name


@FAST
@given(size=st.integers(1, 40), seed=st.integers(0, 2**32 - 1))
def test_employee_bands_partition_each_level(size: int, seed: int) -> None:
    table = compute(
        "employee_bands_by_level", random_firms(size, seed), config=NO_SUPPRESSION
    ).table
    for level in ("national", "provincial", "all"):
        shares = table.loc[table["level"] == level, "share"]
        if shares.notna().any():
            assert shares.sum() == pytest.approx(1.0)


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(size=st.integers(1, 40), seed=st.integers(0, 2**32 - 1))
def test_every_metric_is_invariant_to_row_order(size: int, seed: int) -> None:
    firms = random_firms(size, seed)
    shuffled = firms.sample(frac=1.0, random_state=np.random.RandomState(seed % 2**31))
    for name in ALL_METRICS:
        a = compute(name, firms, digest="")
        b = compute(name, shuffled, digest="")
        pd.testing.assert_frame_equal(a.table, b.table, check_exact=False, rtol=1e-9, obj=name)
        assert a.suppressed == b.suppressed, name


@given(
    n=st.lists(st.integers(0, 20), min_size=1, max_size=12),
    min_cell=st.integers(1, 10),
)
def test_withhold_triggers_below_min_cell_and_never_at_or_above(
    n: list[int], min_cell: int
) -> None:
    table = pd.DataFrame({"key": range(len(n)), "value": 1.0, N_COLUMN: n})
    out, records = withhold(table, ["key"], min_cell)
    expected = [0 < k < min_cell for k in n]
    assert out["value"].isna().tolist() == expected
    assert [r.n for r in records] == [k for k in n if 0 < k < min_cell]
    assert [is_suppressed(k, min_cell) for k in n] == expected
    assert out["key"].tolist() == list(range(len(n)))


@FAST
@given(size=st.integers(1, 12), seed=st.integers(0, 2**32 - 1), min_cell=st.integers(1, 8))
def test_every_attribute_row_is_withheld_exactly_below_min_cell(
    size: int, seed: int, min_cell: int
) -> None:
    firms = random_firms(size, seed)
    config = MetricsConfig(min_cell=min_cell)
    for name in ALL_METRICS:
        result = compute(name, firms, config=config, digest="")
        # n before withholding (a withheld row may hide its n)
        n = compute(name, firms, config=NO_SUPPRESSION, digest="").table[N_COLUMN].to_numpy(float)
        small = (n > 0) & (n < min_cell)
        if load_families().get(name).disclosure is Disclosure.IDENTITY:
            assert result.suppressed == (), name
        else:
            assert len(result.suppressed) == int(small.sum()), name


THREE_FIRM_CITY = Scope(city="320500")


def test_a_three_firm_city_runs_every_metric_and_shows_no_attribute_value() -> None:
    firms = random_firms(60, 7)
    in_city = THREE_FIRM_CITY.mask(firms)
    keep = np.flatnonzero(in_city)[:3]
    firms = pd.concat([firms.loc[~in_city], firms.iloc[keep]], ignore_index=True)
    assert THREE_FIRM_CITY.mask(firms).sum() == 3
    for name in ALL_METRICS:
        result = compute(name, firms, THREE_FIRM_CITY, digest="")
        definition = load_families().get(name)
        if definition.disclosure is Disclosure.IDENTITY:
            assert result.suppressed == (), name
            continue
        values = [c for c in result.table.columns if c not in (*definition.keys, N_COLUMN)]
        n = result.table[N_COLUMN]
        shown = result.table.loc[(n > 0) | n.isna(), values]
        if name == "capability_scores":  # the benchmark side is the nation: n_benchmark is shown
            shown = shown.drop(columns=["n_benchmark", "weight"])
        assert shown.isna().all().all(), name
    scores = compute("capability_scores", firms, THREE_FIRM_CITY)
    assert {s.reason for s in scores.suppressed} == {"n < min_cell (5)"}
