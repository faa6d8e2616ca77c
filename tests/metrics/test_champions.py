"""metrics/champions.py: Little Giants vs national single champions (charts 40, 41)."""

from __future__ import annotations

import pandas as pd
import pytest
from firm_frames import SHENZHEN, SUZHOU, firm, frame

from srdi_report.config.model import MetricsConfig
from srdi_report.metrics.champions import INDICATORS
from srdi_report.metrics.registry import compute

ONE = MetricsConfig(min_cell=1)
COLUMNS = sorted({c for _d, _i, _k, cols, den in INDICATORS for c in (*cols, den) if c})


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    base = {c: 1.0 for c in COLUMNS}
    giants = [
        firm(
            "national",
            SUZHOU,
            **{**base, "patents_total": p, "invention_grants": g, "invention_decided": d},
        )
        for p, g, d in ((10.0, 2.0, 4.0), (20.0, 4.0, 4.0))
    ]
    # a champion that is also a Little Giant, and one outside the SRDI population
    champions = [
        firm(
            "national",
            SHENZHEN,
            single_champion_level="national",
            **{**base, "patents_total": 60.0, "invention_grants": 9.0, "invention_decided": 10.0},
        ),
        firm(
            "none",
            SHENZHEN,
            single_champion_level="national",
            **{**base, "patents_total": 40.0, "invention_grants": 9.0, "invention_decided": 10.0},
        ),
    ]
    return frame(giants + champions)


def test_means_ratios_of_sums_and_multiples(firms: pd.DataFrame) -> None:
    result = compute("champion_comparison", firms, config=ONE)
    # Little Giants: the three national firms (patents 10, 20, 60)
    assert result.value("little_giant", indicator="patents_total") == 30.0
    assert result.value("champion", indicator="patents_total") == 50.0
    assert result.value("multiple", indicator="patents_total") == pytest.approx(50 / 30)
    assert result.value("little_giant", indicator="invention_grant_rate") == pytest.approx(15 / 18)
    assert result.value("champion", indicator="invention_grant_rate") == pytest.approx(0.9)
    assert result.value("little_giant", indicator="std_local_industry") == 2.0
    assert result.value("n_champions", indicator="patents_total") == 2
    assert result.table["indicator"].tolist()[:3] == [
        "patents_total",
        "invention_applications",
        "pct_applications",
    ]
    assert len(result.table) == 22


def test_radar_averages_lg_over_champion_per_dimension(firms: pd.DataFrame) -> None:
    result = compute("champion_radar", firms, config=ONE)
    assert result.table["dimension"].tolist() == [
        "tech",
        "quality",
        "scale",
        "capital_operation",
        "digital",
    ]
    assert result.value("score", dimension="digital") == 100.0
    assert result.value("score", dimension="tech") == pytest.approx((60.0 + 300.0) / 4)
