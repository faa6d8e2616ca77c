"""metrics/quadrants.py: quadrant shares over the firms that have a quadrant."""

from __future__ import annotations

import pytest
from firm_frames import SUZHOU, firm, frame

from srdi_report.config.model import MetricsConfig
from srdi_report.metrics.registry import compute


def test_quadrant_shares_leave_out_firms_without_values() -> None:
    firms = frame(
        [
            firm("national", SUZHOU, insured_employees=101.0, patents_total=51.0),  # head
            firm("national", SUZHOU, insured_employees=100.0, patents_total=51.0),  # startup
            firm("provincial", SUZHOU, insured_employees=500.0, patents_total=50.0),  # scale
            firm("provincial", SUZHOU, insured_employees=10.0, patents_total=3.0),  # incubating
            firm("provincial", SUZHOU, insured_employees=10.0, patents_total=3.0),  # incubating
            firm("provincial", SUZHOU, insured_employees=None, patents_total=3.0),  # none
        ]
    )
    result = compute("quadrant_shares", firms, config=MetricsConfig(min_cell=1))
    assert result.table.to_dict("list") == {
        "quadrant": ["head", "startup", "scale", "incubating"],
        "firms": [1, 1, 1, 2],
        "share": [0.2, 0.2, 0.2, 0.4],
        "n": [5, 5, 5, 5],
    }
    assert result.table["share"].sum() == pytest.approx(1.0)
    withheld = compute("quadrant_shares", firms, config=MetricsConfig(min_cell=6))
    assert withheld.table["share"].isna().all()
    assert len(withheld.suppressed) == 4
