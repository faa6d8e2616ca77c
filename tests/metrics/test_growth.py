"""metrics/growth.py: year-over-year firm counts from two snapshots in one frame."""

from __future__ import annotations

import math

from firm_frames import NANJING, SUZHOU, firm, frame

from srdi_report.metrics.registry import compute
from srdi_report.metrics.scope import Scope


def _firms():
    return frame(
        [firm("national", SUZHOU, snapshot_year=2025)]
        + [firm("provincial", SUZHOU, snapshot_year=2025)] * 2
        + [firm("national", SUZHOU)] * 2
        + [firm("provincial", SUZHOU)] * 3
        + [firm("provincial", NANJING)]
    )


def test_growth_by_level_compares_the_latest_snapshot_with_the_year_before() -> None:
    result = compute("firms_growth_by_level", _firms())
    assert result.table.to_dict("list") == {
        "level": ["national", "provincial"],
        "year": [2026, 2026],
        "firms_previous": [1, 2],
        "firms_current": [2, 4],
        "change": [1, 2],
        "growth": [1.0, 1.0],
        "n": [2, 4],
    }
    assert result.suppressed == ()


def test_growth_within_a_city_and_a_new_city() -> None:
    suzhou = compute("firms_growth_by_level", _firms(), Scope(city="320500"))
    assert suzhou.value("growth", level="provincial") == 0.5
    cities = compute("firms_growth_by_city", _firms(), Scope(year=2026))
    assert cities.value("firms_previous", city_code="320100") == 0
    assert math.isnan(cities.value("growth", city_code="320100"))
