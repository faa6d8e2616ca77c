from __future__ import annotations

import pytest

from srdi_report.errors import UnknownNameError
from srdi_report.registry import Registry


def test_register_get_and_unknown_name_lists_known() -> None:
    charts: Registry[str] = Registry("chart kind")
    charts.register("radar")("R")
    charts.register("tier_pyramid")("P")
    assert charts.get("radar") == "R"
    assert charts.names() == ("radar", "tier_pyramid")
    with pytest.raises(UnknownNameError) as caught:
        charts.get("rader")
    assert str(caught.value) == (
        "unknown chart kind 'rader'. Did you mean 'radar'? Known: radar, tier_pyramid"
    )


def test_duplicate_registration_is_refused() -> None:
    reg: Registry[int] = Registry("metric")
    reg.register("a")(1)
    with pytest.raises(ValueError, match="metric 'a' is registered twice"):
        reg.register("a")(2)
