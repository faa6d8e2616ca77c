"""metrics/reproduce_engine.py: mapped published numbers rebuilt through their metrics."""

from __future__ import annotations

import pytest
from firm_frames import SHENZHEN, SUZHOU, firm, frame

from srdi_report.metrics.number_map import NumberRef
from srdi_report.metrics.reproduce_engine import EngineValue, engine_values

SHARE_NAT = NumberRef("share", "firms_by_level", "national", (("level", "national"),), "share", 100)
MEDIAN_PROV = NumberRef(
    "median",
    "indicators_by_level",
    "national",
    (("indicator", "registered_capital"), ("statistic", "median"), ("level", "provincial")),
    "value",
    1.0,
)


def test_values_come_in_the_published_unit_and_unwanted_ids_are_skipped() -> None:
    firms = frame([firm("national", SUZHOU)] * 3 + [firm("provincial", SHENZHEN)])
    values = engine_values(firms, (SHARE_NAT, MEDIAN_PROV), {"share"})
    assert values == {"share": EngineValue("metric:firms_by_level", (75.0,), "")}


def test_small_cells_are_not_withheld() -> None:
    # one provincial firm: a city edition would withhold its median, reproduce checks it
    firms = frame([firm("national", SUZHOU)] * 3 + [firm("provincial", registered_capital=750)])
    (value,) = engine_values(firms, (MEDIAN_PROV,), {"median"}).values()
    assert value.rebuilt == (750.0,)


def test_a_failing_metric_fails_only_its_own_ids() -> None:
    firms = frame([firm("national", SUZHOU)] * 3 + [firm("provincial", SHENZHEN)])
    firms = firms.drop(columns="insured_employees")
    values = engine_values(firms, (SHARE_NAT, MEDIAN_PROV), {"share", "median"})
    assert values["share"].rebuilt == pytest.approx((75.0,))
    assert values["median"] == EngineValue(
        "metric:indicators_by_level",
        (),
        "metric 'indicators_by_level' needs column 'insured_employees'",
    )


def test_a_missing_row_and_a_bad_scope_are_failures_with_the_reason() -> None:
    firms = frame([firm("national", SUZHOU)] * 3)
    none = NumberRef("none", "firms_by_level", "national", (("level", "none"),), "share", 1.0)
    bad = NumberRef("bad", "firms_by_level", "planet=mars", (("level", "national"),), "share", 1)
    values = engine_values(firms, (none, bad), {"none", "bad"})
    assert values["none"].failure == "none: 0 rows of firms_by_level match (('level', 'none'),)"
    assert values["bad"].rebuilt == ()
    assert values["bad"].failure.startswith("unknown scope key 'planet'; known: ")
