"""metrics/counts.py: firms and shares by identity dimensions, never withheld."""

from __future__ import annotations

import pandas as pd
import pytest
from firm_frames import HEFEI, NANJING, SHENZHEN, SUZHOU, firm, frame

from srdi_report.config.model import MetricsConfig
from srdi_report.metrics.registry import compute
from srdi_report.metrics.scope import Scope


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    return frame(
        [
            firm("national", SUZHOU),
            firm("provincial", SUZHOU),
            firm("provincial", SUZHOU),
            firm("national", NANJING, gbt_major="35", gbt_middle="351", gbt_minor="3511"),
            firm("provincial", SHENZHEN),
            firm("provincial", HEFEI),
            firm("none", HEFEI),
        ]
    )


def test_firms_by_level_counts_the_population_p(firms: pd.DataFrame) -> None:
    table = compute("firms_by_level", firms).table
    assert table.to_dict("list") == {
        "level": ["national", "provincial"],
        "firms": [2, 4],
        "share": [2 / 6, 4 / 6],
        "n": [6, 6],
    }


def test_firms_by_city_is_keyed_by_admin_code(firms: pd.DataFrame) -> None:
    table = compute("firms_by_city", firms).table
    assert table["city_code"].tolist() == ["320100", "320500", "340100", "440300"]
    assert table["firms"].tolist() == [1, 3, 1, 1]
    assert table["share"].sum() == pytest.approx(1.0)


def test_firms_by_province_and_cluster(firms: pd.DataFrame) -> None:
    provinces = compute("firms_by_province", firms).table
    assert dict(zip(provinces["province_code"], provinces["firms"], strict=True)) == {
        "320000": 4,
        "340000": 1,
        "440000": 1,
    }
    clusters = compute("firms_by_cluster", firms).table
    assert dict(zip(clusters["city_cluster"], clusters["share"], strict=True)) == {
        "prd": 1 / 6,
        "yrd": 5 / 6,
    }


def test_identity_counts_are_never_withheld_in_a_two_firm_city(firms: pd.DataFrame) -> None:
    result = compute(
        "firms_by_level", firms, Scope(city="320100"), config=MetricsConfig(min_cell=5)
    )
    assert result.suppressed == ()
    assert result.table["firms"].tolist() == [1]


def test_distinct_classes(firms: pd.DataFrame) -> None:
    table = compute("distinct_classes", firms).table
    assert dict(zip(table["column"], table["classes"], strict=True)) == {
        "gbt_major": 2,
        "gbt_middle": 2,
        "gbt_minor": 2,
    }


def test_firm_count_with_a_field_domain_scope(firms: pd.DataFrame) -> None:
    scope = Scope(level="national", field_domain="electronics_core")
    assert compute("firm_count", firms, scope).value("firms") == 2


def test_tier_pyramid_leading_tier_is_national_key_or_champion() -> None:
    firms = frame(
        [
            firm("national", SUZHOU, is_key_little_giant=True),
            firm("national", SUZHOU, single_champion_level="national"),
            firm("provincial", SUZHOU, single_champion_level="national"),
            firm("national", SUZHOU),
            firm("provincial", SUZHOU),
        ]
    )
    table = compute("tier_pyramid", firms).table
    assert table.to_dict("list") == {
        "tier": ["growth", "breakthrough", "leading"],
        "firms": [2, 3, 2],
        "share": [0.4, 0.6, 0.4],
        "n": [5, 5, 5],
    }
    without = compute("tier_pyramid", firms.drop(columns="single_champion_level")).table
    assert without["firms"].tolist() == [2, 3, 1]
