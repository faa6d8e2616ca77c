"""Repeated text columns become categoricals with the same values; names stay ``string``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.data.derive_compact import compact_text


def _frame(n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    levels = rng.choice(["provincial", "national"], n).astype(object)
    levels[::17] = None
    return pd.DataFrame(
        {
            "firm_id": pd.array([f"F{i:05d}" for i in range(n)], dtype="string"),
            "level": pd.array(levels, dtype="string"),
            "gbt_major": pd.array(rng.choice(["39", "35", "C", "65"], n), dtype="string"),
            "patents_total": pd.array(rng.integers(0, 50, n), dtype="Int64"),
        }
    )


def test_repeated_text_becomes_categorical_with_the_same_values() -> None:
    frame = _frame()
    out = compact_text(frame)
    assert isinstance(out["level"].dtype, pd.CategoricalDtype)
    assert list(out["gbt_major"].cat.categories) == ["35", "39", "65", "C"]  # code point order
    for column in ("level", "gbt_major"):
        pd.testing.assert_series_equal(out[column].astype("string"), frame[column])
    assert out["level"].isna().sum() == frame["level"].isna().sum() == 12


def test_ids_and_numbers_keep_their_dtypes_and_the_input_is_unchanged() -> None:
    frame = _frame()
    out = compact_text(frame)
    assert out["firm_id"].dtype == pd.StringDtype()
    assert out["patents_total"].dtype == "Int64"
    assert frame["level"].dtype == pd.StringDtype()
    assert list(out.columns) == list(frame.columns)


def test_a_column_with_too_many_distinct_values_stays_text() -> None:
    frame = _frame(30)  # 4 majors > 10% of 30 rows
    assert compact_text(frame)["gbt_major"].dtype == pd.StringDtype()
    assert isinstance(compact_text(frame, max_share=0.5)["gbt_major"].dtype, pd.CategoricalDtype)


def test_an_all_null_text_column_becomes_an_empty_categorical() -> None:
    frame = _frame().assign(district=pd.array([None] * 200, dtype="string"))
    out = compact_text(frame)
    assert len(out["district"].cat.categories) == 0
    assert out["district"].isna().all()
