"""metrics/key_codes.py and the batch paths built on it: same numbers as pandas, any dtype."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from firm_frames import random_firms

from srdi_report.data.derive_compact import compact_text
from srdi_report.metrics.key_codes import (
    categorical_codes,
    code_counts,
    counts_series,
    factorize_keys,
    group_medians,
    key_index,
    key_mask,
)
from srdi_report.metrics.registry import compute_all, load_families
from srdi_report.metrics.scope import Scope

KEYS = pd.Series(["b", "a", None, "c", "a", "b", "a"], dtype="string")


def test_counts_are_per_present_key_sorted_and_leave_nulls_out() -> None:
    counts = counts_series(factorize_keys(KEYS))
    assert counts.to_dict() == {"a": 3, "b": 2, "c": 1}
    mask = np.array([True, True, True, False, False, False, False])
    assert counts_series(factorize_keys(KEYS), mask).to_dict() == {"a": 1, "b": 1}
    assert code_counts(factorize_keys(KEYS), mask).tolist() == [1, 1, 0]


def test_a_categorical_gives_the_codes_of_its_text() -> None:
    # categories out of code point order and one that no row has
    values = KEYS.astype(pd.CategoricalDtype(["c", "zz", "b", "a"]))
    positions, keys = categorical_codes(values)
    assert keys.tolist() == ["a", "b", "c", "zz"]
    assert [keys[p] if p >= 0 else None for p in positions] == [
        None if v is pd.NA else v for v in KEYS
    ]
    assert counts_series((positions, keys)).to_dict() == {"a": 3, "b": 2, "c": 1}


def test_key_mask_and_index_of_an_absent_key() -> None:
    codes = factorize_keys(KEYS)
    assert key_mask(codes, "a").tolist() == [False, True, False, False, True, False, True]
    assert key_index(codes, "b") == 1
    assert key_index(codes, "zz") == -1
    assert not key_mask(codes, "zz").any()
    assert not key_mask(factorize_keys(KEYS.iloc[:0]), "a").any()


def test_group_medians_match_a_pandas_groupby() -> None:
    rng = np.random.default_rng(3)
    keys = pd.Series(rng.choice(["x", "y", "z", None], 300), dtype="string")
    values = rng.integers(0, 40, 300).astype(float)
    values[rng.random(300) < 0.2] = np.nan
    values[(keys == "z").to_numpy(dtype=bool, na_value=False)] = np.nan  # a key without values
    found, median, count, size = group_medians(factorize_keys(keys), values)
    grouped = pd.Series(values).groupby(keys.astype(object), sort=True, dropna=True)
    assert found.tolist() == list(grouped.median().index)
    np.testing.assert_array_equal(median, grouped.median().to_numpy())
    assert count.tolist() == grouped.count().tolist()
    assert size.tolist() == grouped.size().tolist()


SCOPES = (
    Scope(),
    Scope(city="320500"),
    Scope(city="440300"),
    Scope(province="320000"),
    Scope(year=2026),
    Scope(city="320100", level="national"),
)


@pytest.fixture(scope="module")
def both_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    firms = random_firms(160, 11)
    compact = compact_text(firms, max_share=0.5)
    assert isinstance(compact["city"].dtype, pd.CategoricalDtype)
    return firms, compact


@pytest.mark.parametrize("scope", SCOPES, ids=lambda s: s.key)
def test_batches_and_categoricals_give_the_same_results(
    both_frames: tuple[pd.DataFrame, pd.DataFrame], scope: Scope
) -> None:
    """Alone on text columns vs. in a shared memo on categoricals: every metric, every cell."""
    firms, compact = both_frames
    names = load_families().names()
    memo: dict = {}
    compute_all(names, compact, Scope(city="320100"), digest="", memo=memo)  # warm the memo
    alone = compute_all(names, firms, scope, digest="")
    batch = compute_all(names, compact, scope, digest="", memo=memo)
    for a, b in zip(alone, batch, strict=True):
        pd.testing.assert_frame_equal(a.table, b.table, check_exact=True, obj=a.metric_id)
        assert a.suppressed == b.suppressed, a.metric_id
        assert a.n_firms == b.n_firms
