"""metrics/quantiles.py: medians, means, percentiles, ratios and pp differences by level."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from firm_frames import SHENZHEN, SUZHOU, firm, frame

from srdi_report.config.model import MetricsConfig
from srdi_report.metrics.registry import compute
from srdi_report.metrics.result import Unit

ONE = MetricsConfig(min_cell=1)


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    capital_nat = [1000.0, 3000.0, 8000.0, 20000.0]
    capital_prov = [500.0, 1000.0, 1500.0, 2000.0, None]
    rows = [firm("national", SUZHOU, registered_capital=c) for c in capital_nat]
    rows += [firm("provincial", SHENZHEN, registered_capital=c) for c in capital_prov]
    firms = frame(rows)
    # R&D intensity 2024 (percent): provincial 40 is outside the 0–30 window
    firms["rd_ratio_2024"] = [10.0, 20.0, 30.0, None, 5.0, 15.0, 40.0, None, 25.0]
    firms["rd_ratio_2023"] = [None] * 9
    firms["revenue_growth_2024"] = [10.0, -4.0, 6.0, 8.0, 2.0, 1.0, 3.0, 0.0, 9.0]
    firms["is_listed"] = pd.array([True, True, True, False, True, True, False, False, False])
    return firms


def test_capital_median_mean_and_ratio(firms: pd.DataFrame) -> None:
    result = compute("indicators_by_level", firms, config=ONE)
    value = result.value
    assert value(indicator="registered_capital", statistic="median", level="national") == 5500
    assert value(indicator="registered_capital", statistic="mean", level="national") == 8000
    assert value(indicator="registered_capital", statistic="median", level="provincial") == 1250
    assert value(indicator="registered_capital", statistic="median", level="ratio") == 4.4
    assert value("n", indicator="registered_capital", statistic="median", level="provincial") == 4
    assert result.unit is Unit.VALUE


def test_rd_intensity_window_and_percentiles(firms: pd.DataFrame) -> None:
    result = compute("rd_intensity_by_level", firms, config=ONE)
    value = result.value
    assert value(year=2024, statistic="mean", level="national") == pytest.approx(0.20)
    assert value(year=2024, statistic="mean", level="provincial") == pytest.approx(0.15)
    assert value(year=2024, statistic="p75", level="provincial") == pytest.approx(0.20)
    assert value(year=2024, statistic="mean", level="pp_diff") == pytest.approx(0.05)
    assert value("n", year=2024, statistic="mean", level="provincial") == 3
    assert value("firms_with_value", year=2024, statistic="mean", level="provincial") == 4
    # 2022 has no column; 2023 has no value at all
    assert sorted(set(result.table["year"])) == [2023, 2024]
    assert math.isnan(value(year=2023, statistic="mean", level="national"))


def test_revenue_growth_of_listed_firms(firms: pd.DataFrame) -> None:
    result = compute("revenue_growth_by_level", firms, config=ONE)
    assert result.value(year=2024, level="national") == pytest.approx(0.06)
    assert result.value(year=2024, level="provincial") == pytest.approx(0.015)
    assert result.value(year=2024, level="pp_diff") == pytest.approx(0.045)


def test_small_groups_are_withheld_at_min_cell_five(firms: pd.DataFrame) -> None:
    result = compute("indicators_by_level", firms)
    assert math.isnan(result.value(indicator="patents_total", statistic="median", level="national"))
    assert result.value(indicator="patents_total", statistic="median", level="all") == 1.0
    assert "indicator=patents_total;statistic=median;level=national" in {
        s.key for s in result.suppressed
    }


def test_patents_median_by_city(firms: pd.DataFrame) -> None:
    table = compute("patents_median_by_city", firms, config=ONE).table
    assert table.to_dict("list") == {
        "city_code": ["320500", "440300"],
        "value": [1.0, 1.0],
        "n": [4, 5],
    }
