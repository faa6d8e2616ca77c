"""metrics/histograms.py and metrics/priority.py: fixed bins, withheld sparse bins, chart 31."""

from __future__ import annotations

import numpy as np
import pytest
from firm_frames import SUZHOU, firm, frame

from srdi_report.config.model import MetricsConfig
from srdi_report.data.reference_files import read_reference_csv
from srdi_report.metrics.histograms import bin_counts, grid_counts, log_edges, rd_edges
from srdi_report.metrics.registry import compute
from srdi_report.metrics.scope import Scope

LOOSE = MetricsConfig(min_cell=1)


def test_log_edges_start_with_a_zero_bin_and_are_fixed() -> None:
    edges = log_edges(2, per_decade=2)
    assert edges.tolist() == [0.0, 1.0, 3.162278, 10.0, 31.622777, 100.0]
    assert rd_edges()[[0, 1, -1]].tolist() == [0.0, 0.01, 0.3]


def test_bin_counts_put_large_values_in_the_top_bin_and_skip_nan() -> None:
    edges = np.array([0.0, 1.0, 10.0, 100.0])
    values = np.array([0.0, 0.5, 1.0, 9.99, 10.0, 5000.0, np.nan, -1.0])
    assert bin_counts(values, edges).tolist() == [2, 2, 2]


def test_grid_counts_need_both_values() -> None:
    edges = np.array([0.0, 1.0, 10.0])
    x = np.array([0.0, 5.0, 5.0, np.nan])
    y = np.array([5.0, 5.0, 0.0, 5.0])
    assert grid_counts(x, y, edges, edges).tolist() == [[0, 1], [1, 1]]


def _patent_firms() -> object:
    patents = [0, 3, 3, 3, 40, 40, 40, 40, 40, 40, 900]
    return frame([firm("provincial", SUZHOU, patents_total=float(p)) for p in patents])


def test_value_histogram_counts_and_shares_per_bin() -> None:
    result = compute("value_histogram", _patent_firms(), config=LOOSE)
    table = result.table
    rows = table[(table["indicator"] == "patents_total") & (table["level"] == "all")]
    counted = rows[rows["firms"] > 0]
    assert counted["bin_lower"].round(3).tolist() == [0.0, 2.512, 39.811, 630.957]
    assert counted["firms"].tolist() == [1, 3, 6, 1]
    assert counted["share"].tolist() == pytest.approx([1 / 11, 3 / 11, 6 / 11, 1 / 11])
    assert rows["share"].sum() == pytest.approx(1.0)
    # every indicator keeps the same edges whatever the data: 4 decades x 5 + the zero bin
    assert len(rows) == 21


def test_sparse_bins_are_withheld_not_shown() -> None:
    result = compute("value_histogram", _patent_firms(), config=MetricsConfig(min_cell=5))
    table = result.table
    rows = table[(table["indicator"] == "patents_total") & (table["level"] == "all")]
    shown = rows.dropna(subset=["firms"])
    assert shown.loc[shown["firms"] > 0, "firms"].tolist() == [6]  # the 40-patent bin only
    assert rows["firms"].isna().sum() == 3  # 0, 3 and 900 patents: 1-3 firms each
    assert any(s.n is None for s in result.suppressed)  # an attribute count hides its n


def test_value_percentiles_match_the_quantiles() -> None:
    result = compute("value_percentiles", _patent_firms(), config=LOOSE)
    p50 = result.value("value", indicator="patents_total", statistic="p50", level="all")
    assert p50 == 40.0
    mean = result.value("value", indicator="patents_total", statistic="mean", level="all")
    assert mean == pytest.approx(1149 / 11)


def test_scale_innovation_grid_holds_firms_with_both_values() -> None:
    firms = frame(
        [
            firm("national", SUZHOU, insured_employees=150.0, patents_total=60.0),
            firm("national", SUZHOU, insured_employees=150.0, patents_total=60.0),
            firm("provincial", SUZHOU, insured_employees=5.0, patents_total=0.0),
            firm("provincial", SUZHOU, insured_employees=None, patents_total=3.0),
        ]
    )
    table = compute("scale_innovation_grid", firms, config=LOOSE).table
    assert table["firms"].tolist() == [1, 2]  # empty cells are left out
    assert table["share"].tolist() == pytest.approx([1 / 3, 2 / 3])
    assert table[["x_lower", "y_lower"]].round(2).values.tolist() == [[3.16, 0.0], [100.0, 56.23]]


def test_priority_matrix_places_invention_quality_by_the_computed_gap() -> None:
    rows = [firm("national", SUZHOU, invention_grants=10.0) for _ in range(5)]
    rows += [firm("provincial", SUZHOU, invention_grants=3.0) for _ in range(5)]
    result = compute("priority_matrix", frame(rows), Scope(level="provincial"), config=LOOSE)
    table = result.table
    content = read_reference_csv("content/c31_priority_matrix.csv")
    assert table["factor"].tolist() == content["factor"].tolist()
    quality = table[table["factor"] == "invention_quality"].iloc[0]
    assert quality["y"] == pytest.approx(7.0)  # gap 100 - 100 * 3 / 10 = 70 -> 7.0
    assert quality["computed"] == 1
    editorial = table[table["factor"] == "rd_staff"].iloc[0]
    assert (editorial["x"], editorial["y"], editorial["computed"]) == (7.5, 7.0, 0)
