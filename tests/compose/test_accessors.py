"""Template accessors: one cell as a NumRun, keys as text or numbers, clear errors."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from srdi_report.compose.accessors import (
    EditionIdentity,
    MetricAccessError,
    MetricView,
    TemplateData,
)
from srdi_report.compose.model import NumRun
from srdi_report.metrics.result import MetricResult, Provenance, Suppression, Unit
from srdi_report.metrics.scope import Scope


def result() -> MetricResult:
    table = pd.DataFrame(
        {
            "year": pd.array([2023, 2024, 2024], dtype="Int64"),
            "level": ["national", "national", "tiny"],
            "value": [0.205, 0.2113, float("nan")],
            "firms_with_value": [272.0, 270.0, 3.0],
            "n": [272.0, 270.0, 3.0],
        }
    )
    return MetricResult(
        metric_id="rd_intensity_by_level",
        scope=Scope(),
        benchmark=None,
        table=table,
        unit=Unit.SHARE,
        physical_unit="",
        label_key="",
        family="test",
        chart_ids=(),
        n_firms=545,
        suppressed=(Suppression("year=2024;level=tiny", 3, "n < min_cell (5)"),),
        provenance=Provenance("rd_intensity_by_level", "national", "none", "", 545, "0" * 64),
    )


def test_keys_match_as_text_or_number() -> None:
    view = MetricView(result())
    assert view.value("value", year="2024", level="national") == 0.2113
    assert view.value("value", year=2023, level="national") == 0.205
    assert view.num("value", year=2024, level="national") == NumRun(
        0.2113, "share", 2, metric_id="rd_intensity_by_level"
    )
    assert view.has(year=2024, level="national")
    assert not view.has(year=2025)
    assert [row["year"] for row in view.rows(level="national")] == [2023, 2024]


def test_firm_counts_print_as_counts() -> None:
    run = MetricView(result()).num("firms_with_value", year=2024, level="national")
    assert (run.kind, run.digits, run.value) == ("count", 0, 270.0)


def test_withheld_cell_is_suppressed_and_missing_rows_raise() -> None:
    view = MetricView(result())
    withheld = view.num("value", year=2024, level="tiny")
    assert withheld.suppressed
    assert withheld.value is None
    with pytest.raises(MetricAccessError, match=r"0 rows match \{'year': 2030\} \(need one\)"):
        view.value("value", year=2030)
    with pytest.raises(MetricAccessError, match="has no column 'mean'; columns: year, level"):
        view.value("mean", year=2024)


def test_template_data_finds_results_by_request_key() -> None:
    identity = EditionIdentity("national", 2026, date(2026, 2, 28), 2024)
    data = TemplateData({"rd_intensity_by_level": result()}, identity, "en", str)
    run = data.metric("rd_intensity_by_level", "value", digits=1, year=2023, level="national")
    assert (run.value, run.digits) == (0.205, 1)
    with pytest.raises(
        MetricAccessError, match=re.escape("no result 'rd_intensity_by_level|city=320500|'")
    ):
        data.view("rd_intensity_by_level", scope="city=320500")
    assert data.globals()["edition"] is identity
