"""metrics/rankings.py: ordinal ranks, the tie-break of national_report.md §0 and tied flags."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from firm_frames import HEFEI, NANJING, SHENZHEN, SUZHOU, firm, frame

from srdi_report.config.model import MetricsConfig
from srdi_report.metrics.rankings import ordinal_ranks, tied_flags
from srdi_report.metrics.registry import compute


def test_ties_break_by_firms_then_code() -> None:
    keys = np.array(["440000", "320000", "110000", "510000"])
    values = np.array([5.0, 7.0, 5.0, 5.0])
    firms = np.array([10.0, 1.0, 10.0, 20.0])
    assert ordinal_ranks(keys, values, firms).tolist() == [4, 1, 3, 2]
    assert tied_flags(values).tolist() == [True, False, True, True]


def test_nan_values_get_no_rank() -> None:
    ranks = ordinal_ranks(np.array(["a", "b"]), np.array([np.nan, 1.0]), np.array([1.0, 1.0]))
    assert ranks.tolist() == [0, 1]


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    return frame(
        [firm("national", SUZHOU, patents_total=9.0)] * 5
        + [firm("provincial", NANJING, patents_total=3.0)] * 5
        + [firm("provincial", SHENZHEN, patents_total=50.0)] * 2
        + [firm("national", HEFEI, patents_total=4.0)] * 2
    )


def test_province_ranking(firms: pd.DataFrame) -> None:
    table = compute("province_ranking", firms).table
    assert table["province_code"].tolist() == ["320000", "340000", "440000"]
    assert table["rank"].tolist() == [1, 2, 3]
    assert table["tied"].tolist() == [False, True, True]
    assert table["national_ratio"].tolist() == [0.5, 1.0, 0.0]


def test_city_patent_ranking_leaves_out_small_cities(firms: pd.DataFrame) -> None:
    result = compute("city_patent_median_ranking", firms, config=MetricsConfig(min_cell=5))
    table = result.table
    assert table["city_code"].tolist() == ["320500", "320100", "340100", "440300"]
    assert table["rank"].tolist()[:2] == [1.0, 2.0]
    assert table["ranked_of"].tolist()[:2] == [2.0, 2.0]
    assert table["median"].tolist()[:2] == [9.0, 3.0]
    assert table.iloc[2:][["rank", "median"]].isna().all().all()
    assert [s.key for s in result.suppressed] == ["city_code=340100", "city_code=440300"]
