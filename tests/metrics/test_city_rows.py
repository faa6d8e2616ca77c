"""A city's rows three ways: a slice of the batch's sorted frame, a boolean selection, alone.

``compute_all`` with a memo takes a city's rows as a slice of the frame sorted by city (one
copy per frame instead of one per city); a city-batch worker gets only that city's rows.
Every metric of the engine's own families must give the same cells all three ways.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from firm_frames import random_firms

from srdi_report.data.derive_compact import compact_text
from srdi_report.metrics import columns
from srdi_report.metrics.columns import city_codes, numeric, shared_columns
from srdi_report.metrics.registry import FAMILY_MODULES, MetricResult, compute_all, load_families
from srdi_report.metrics.scope import Scope
from srdi_report.metrics.suppression import row_key, withhold

# the engine's families (other modules add city-edition metrics that read the whole frame)
ENGINE_FAMILIES = FAMILY_MODULES[: FAMILY_MODULES.index("patents") + 1]


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    return compact_text(random_firms(240, 5), max_share=0.5)


def _same(a: tuple[MetricResult, ...], b: tuple[MetricResult, ...]) -> None:
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x.table, y.table, check_exact=True, obj=x.metric_id)
        assert x.suppressed == y.suppressed, x.metric_id
        assert x.n_firms == y.n_firms, x.metric_id


def _engine_names() -> list[str]:
    registry = load_families()
    return [n for n in registry.names() if registry.get(n).family in ENGINE_FAMILIES]


def test_every_place_of_a_batch_equals_its_boolean_selection(firms: pd.DataFrame) -> None:
    names = load_families().names()
    codes = sorted(city_codes(firms, None).dropna().unique())
    assert len(codes) == 4
    scopes = [Scope(city=c) for c in codes] + [Scope(province="320000"), Scope(province="110000")]
    memo: dict = {}
    for scope in scopes:
        batch = compute_all(names, firms, scope, digest="", memo=memo)
        alone = compute_all(names, firms, scope, digest="")
        _same(batch, alone)
    # the cities' rows came from one sorted copy per place dimension
    sorted_frames = [slot for slot in memo if slot[1].startswith("sorted:")]
    assert len(sorted_frames) == 2


def test_a_frame_of_one_citys_rows_gives_the_whole_frames_results(firms: pd.DataFrame) -> None:
    registry = load_families()
    # a metric with a default benchmark reads the benchmark's firms from the frame it gets
    names = [n for n in _engine_names() if registry.get(n).default_benchmark is None]
    assert "firms_growth_by_level" in names
    assert "indicators_by_level" in names
    keys = city_codes(firms, None)
    for code in sorted(keys.dropna().unique()):
        scope = Scope(city=code)
        whole = compute_all(names, firms, scope, digest="")
        rows = firms.loc[(keys == code).to_numpy(dtype=bool, na_value=False)]
        _same(whole, compute_all(names, rows, scope, digest=""))
        _same(whole, compute_all(names, rows, scope, digest="", memo={}))


def test_shared_columns_hand_out_copies_and_take_rows_of_the_whole_frame() -> None:
    whole = pd.DataFrame({"x": pd.array([1, None, 3, 4], dtype="Int64")})
    part = whole.iloc[[1, 3]]
    memo: dict = {(id(part), columns.ORIGIN): (part, (whole, np.array([1, 3])))}
    with shared_columns(memo, from_origin=True):
        first = numeric(part, "x")
        first[:] = -1.0  # a caller changing its array cannot reach the memo
        again = numeric(part, "x")
        whole_values = numeric(whole, "x")
    np.testing.assert_array_equal(again, [np.nan, 4.0])
    np.testing.assert_array_equal(whole_values, [1.0, np.nan, 3.0, 4.0])
    assert (id(whole), "numeric:x") in memo  # the part's rows were taken from the whole
    assert numeric(part, "x")[1] == 4.0  # outside the block: converted again


@pytest.mark.parametrize(
    "table",
    [
        pd.DataFrame({"year": [2024, 2025], "value": [0.5, 0.25], "n": [3, 9]}),
        pd.DataFrame({"year": [2024, 2025], "value": [5, 7], "n": [3, 9]}),
        pd.DataFrame({"level": ["a", "b"], "year": [2024, 2025], "value": [1.0, 2.0], "n": [3, 9]}),
        pd.DataFrame({"flag": [True, False], "value": [1.0, 2.0], "n": [3, 9]}),
        pd.DataFrame(
            {"year": pd.array([2024, 2025], dtype="Int64"), "value": [1.0, 2.0], "n": [3, 9]}
        ),
    ],
    ids=["int-in-floats", "all-ints", "mixed-text", "flag", "nullable-int"],
)
def test_withheld_row_keys_print_as_the_built_row_does(table: pd.DataFrame) -> None:
    keys = [c for c in table.columns if c not in ("value", "n")]
    out, records = withhold(table, keys, 5)
    assert [r.key for r in records] == [row_key(out.iloc[0], keys)]
    assert np.isnan(out["value"].iloc[0])
    assert not np.isnan(out["value"].iloc[1])
    if list(table.dtypes) == [np.dtype(np.int64)] * 3:
        assert records[0].key == "year=2024.0"  # every column float once withheld
