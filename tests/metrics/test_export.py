"""metrics/export.py: the provenance table and its CSV, JSON and XLSX bytes."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from firm_frames import NANJING, SUZHOU, firm, frame

from srdi_report.metrics.export import export_bytes, provenance_frame
from srdi_report.metrics.registry import compute_all
from srdi_report.metrics.scope import Scope


@pytest.fixture(scope="module")
def results():
    firms = frame(
        [firm("national", SUZHOU, patents_total=9.0)]
        + [firm("provincial", SUZHOU, patents_total=3.0)] * 2
        + [firm("provincial", NANJING)]
    )
    return compute_all(
        ("firms_by_level", "quadrant_shares"), firms, Scope(city="320500"), digest="d1"
    )


def test_one_row_per_cell_with_provenance_and_withheld_reason(results) -> None:
    table = provenance_frame(results)
    first = table.iloc[0].to_dict()
    assert first == {
        "metric_id": "firms_by_level",
        "scope_key": "city=320500",
        "benchmark_key": "none",
        "filter": "level in (national, provincial) & city_code=320500",
        "n_firms": 3,
        "data_hash": "d1",
        "unit": "share",
        "physical_unit": "",
        "row_key": "level=national",
        "column": "firms",
        "value": 1.0,
        "n": 3.0,
        "withheld_reason": "",
    }
    quadrants = table[table["metric_id"] == "quadrant_shares"]
    assert len(quadrants) == 8  # 4 quadrants x (firms, share)
    assert quadrants["value"].isna().all()
    assert set(quadrants["withheld_reason"]) == {"n < min_cell (5)"}


def test_csv_json_and_xlsx_carry_the_same_table(results) -> None:
    csv = pd.read_csv(io.BytesIO(export_bytes(results, "csv")))
    assert csv["value"].tolist()[:4] == [1.0, pytest.approx(1 / 3), 2.0, pytest.approx(2 / 3)]
    rows = json.loads(export_bytes(results, "json"))
    assert rows[-1]["value"] is None
    assert rows[-1]["withheld_reason"] == "n < min_cell (5)"
    xlsx = pd.read_excel(io.BytesIO(export_bytes(results, "xlsx")), sheet_name="metrics")
    assert len(xlsx) == len(rows) == len(csv) == 12
    assert export_bytes(results, "csv") == export_bytes(results, "csv")


def test_unknown_format_is_refused(results) -> None:
    with pytest.raises(ValueError, match="'pdf' is not a valid ExportFormat"):
        export_bytes(results, "pdf")
