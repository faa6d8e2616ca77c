"""metrics/suppression.py: withholding below min_cell, hidden attribute counts."""

from __future__ import annotations

import math

import pandas as pd
from firm_frames import SUZHOU, firm, frame

from srdi_report.config.model import MetricsConfig
from srdi_report.metrics.registry import compute
from srdi_report.metrics.result import Suppression
from srdi_report.metrics.suppression import withhold


def test_withheld_rows_keep_keys_and_name_the_reason() -> None:
    table = pd.DataFrame({"level": ["national", "provincial"], "value": [3.0, 4.0], "n": [2, 9]})
    out, records = withhold(table, ["level"], 5)
    assert math.isnan(out.loc[0, "value"])
    assert out.loc[1, "value"] == 4.0
    assert records == (Suppression("level=national", 2, "n < min_cell (5)"),)
    assert table.loc[0, "value"] == 3.0  # the input is not changed


def test_an_attribute_count_is_hidden_with_its_row() -> None:
    firms = frame([firm("national", SUZHOU) for _ in range(6)])
    firms["rd_ratio_2024"] = [30.0, 28.0, 10.0, 11.0, 12.0, 13.0]
    firms["rd_band_2024"] = pd.array(["high", "high", "low", "low", "low", "low"], dtype="string")
    result = compute("rd_bands", firms, config=MetricsConfig(min_cell=3))
    assert [(s.key, s.n) for s in result.suppressed] == [("rd_band=high", None)]
    high = result.table[result.table["rd_band"] == "high"]
    assert high[["firms", "share", "n"]].isna().all().all()
    assert result.value("firms", rd_band="low") == 4
