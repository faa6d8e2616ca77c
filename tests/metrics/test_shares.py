"""metrics/shares.py: national ratios, top-N concentration and group sums."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from firm_frames import HEFEI, NANJING, SHENZHEN, SUZHOU, firm, frame

from srdi_report.metrics.registry import compute
from srdi_report.metrics.shares import class_type


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    return frame(
        [firm("national", SUZHOU, gbt_major="65", gbt_section="I")]
        + [firm("provincial", SUZHOU, gbt_major="65", gbt_section="I")] * 2
        + [firm("national", NANJING, gbt_major="35")] * 2
        + [firm("provincial", SHENZHEN, gbt_major="34")] * 3
        + [firm("provincial", HEFEI, gbt_major="13")] * 2
    )


def test_national_ratio_within_each_province(firms: pd.DataFrame) -> None:
    table = compute("national_ratio_by_province", firms).table
    assert table.to_dict("list") == {
        "province_code": ["320000", "340000", "440000"],
        "firms": [5, 2, 3],
        "national": [3, 0, 0],
        "share": [0.6, 0.0, 0.0],
        "n": [5, 2, 3],
    }


def test_top_n_concentration_sums_the_largest_keys(firms: pd.DataFrame) -> None:
    result = compute("top_n_concentration", firms)
    # provinces 5, 3, 2 firms: top 3 = all, top 10 = all
    assert result.value("share", dimension="province", top_n=3, section="") == 1.0
    # majors 65:3, 34:3, 35:2, 13:2; top 5 of all = 10/10; top 5 within C excludes 65 (I)
    assert result.value("firms", dimension="gbt_major", top_n=5, section="C") == 7
    assert result.value("share", dimension="gbt_major", top_n=5, section="C") == 0.7
    assert result.value("firms", dimension="city", top_n=20, section="") == 10


def test_group_shares(firms: pd.DataFrame) -> None:
    result = compute("group_shares", firms)
    assert result.value("share", group="producer_services") == 0.3
    assert result.value("share", group="equipment_manufacturing") == 0.5
    assert result.value("share", group="three_clusters") == 1.0


def test_industry_cluster_quotients(firms: pd.DataFrame) -> None:
    result = compute("industry_cluster_quotients", firms)
    # majors 65 (3 firms, all Suzhou/yrd) and 34 (3, Shenzhen/prd) lead; 35 (2) before 13 (2)
    assert list(dict.fromkeys(result.table["gbt_major"])) == ["34", "65", "13", "35"]
    assert result.value("share", gbt_major="65", city_cluster="yrd") == pytest.approx(3 / 7)
    assert result.value("quotient", gbt_major="65", city_cluster="yrd") == pytest.approx(
        (3 / 7) / (3 / 10)
    )
    assert result.value("quotient", gbt_major="34", city_cluster="prd") == pytest.approx(1 / 0.3)
    assert math.isnan(result.value("share", gbt_major="34", city_cluster="jjj"))


@pytest.mark.parametrize(
    ("firms_in_class", "ratio", "expected"),
    [
        (3884, 0.132, "double_high"),
        (4716, 0.102, "large_base"),
        (3000, 0.1057, "large_base"),  # equal to the average is not above it
        (1445, 0.220, "high_ratio"),
        (1445, 0.2114, "high_ratio"),  # exactly twice the average
        (1148, 0.152, "none"),
    ],
)
def test_core_class_type_rule(firms_in_class: int, ratio: float, expected: str) -> None:
    assert class_type(firms_in_class, ratio, 0.1057) == expected
