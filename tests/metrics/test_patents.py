"""Patent metrics of charts 42–47 on a small hand-made patents table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from firm_frames import firm, frame

from srdi_report.config.model import MetricsConfig
from srdi_report.data.patent_table import (
    PatentTable,
    attach_patents,
    patents_of,
    with_industry_field,
)
from srdi_report.metrics.registry import compute
from srdi_report.metrics.scope import Scope

CONFIG = MetricsConfig(min_cell=1)
COLUMNS = (
    "patent_id", "firm_id", "kind", "legal_status", "application_date", "publication_date",
    "grant_date", "ipc_main", "is_pct", "foreign_jurisdictions",
)  # fmt: skip
ROWS = [
    ("P1", "F00000", "invention", "granted", "2021-03-01", "2023-05-01", "2023-05-01",
     "G01N 21/01", True, "US;EP"),
    ("P2", "F00000", "invention", "granted", "2022-01-10", "2024-02-01", "2024-02-01",
     "G06F", False, None),
    ("P3", "F00001", "invention", "granted", "2022-06-01", "2022-12-01", "2022-12-01",
     "G01N", False, "JP;WO"),
    ("P4", "F00001", "invention", "rejected", "2021-01-01", "2023-07-01", None,
     "H01M", False, None),
    ("P5", "F00001", "invention", "withdrawn", "2023-02-01", None, None, None, False, None),
    ("P6", "F00001", "invention", "pending", "2024-04-01", "2025-10-01", None, "B25J", False, "US"),
    # a provincial firm's grant and a utility model: never counted
    ("P7", "F00002", "invention", "granted", "2022-02-01", "2023-03-01", "2023-03-01",
     "H01M", True, "US"),
    ("P8", "F00000", "utility_model", "granted", "2023-01-01", "2023-06-01", "2023-06-01",
     "G01N", False, None),
]  # fmt: skip


def patents() -> pd.DataFrame:
    table = pd.DataFrame(ROWS, columns=list(COLUMNS))
    for column in ("application_date", "publication_date", "grant_date"):
        table[column] = pd.to_datetime(table[column])
    table.insert(0, "snapshot_date", pd.Timestamp(2026, 2, 28))
    table["is_pct"] = table["is_pct"].astype("boolean")
    for column in ("patent_id", "firm_id", "kind", "legal_status", "ipc_main"):
        table[column] = table[column].astype("string")
    table["foreign_jurisdictions"] = table["foreign_jurisdictions"].astype("string")
    return with_industry_field(table)


@pytest.fixture
def firms() -> pd.DataFrame:
    frame_ = frame([firm("national"), firm("national"), firm("provincial")])
    table = PatentTable(patents(), np.array(["F00000", "F00001"], object), True, False, "t")
    attach_patents(frame_, table)
    return frame_


def table(name: str, firms: pd.DataFrame) -> pd.DataFrame:
    return compute(name, firms, config=CONFIG).table


def test_industry_field_comes_from_the_ipc_subclass() -> None:
    fields = patents().set_index("patent_id")["industry_field"]
    assert fields["P1"] == "40"
    assert fields["P2"] == "391"
    assert pd.isna(fields["P5"])


def test_table_survives_a_scope_cut_without_a_copy(firms: pd.DataFrame) -> None:
    cut = firms.loc[firms["level"] == "national"]
    assert patents_of(cut) is patents_of(firms)


def test_fields_and_subclasses_count_window_grants(firms: pd.DataFrame) -> None:
    fields = table("patent_fields", firms).set_index("industry_field")
    assert fields["grants"].to_dict() == {"391": 1.0, "40": 2.0}
    assert fields.loc["40", "share"] == pytest.approx(2 / 3)
    assert fields["n"].to_dict() == {"391": 1, "40": 2}
    subclasses = table("patent_ipc_subclasses", firms).set_index("ipc_subclass")
    assert subclasses["grants"].to_dict() == {"G01N": 2.0, "G06F": 1.0}


def test_means_per_national_firm(firms: pd.DataFrame) -> None:
    means = table("patent_means_by_year", firms).set_index(["year", "statistic"])["value"]
    assert means.to_dict() == {
        (2022, "applications"): 1.0,
        (2022, "grants"): 0.5,
        (2023, "applications"): 0.5,
        (2023, "grants"): 0.5,
        (2024, "applications"): 0.5,
        (2024, "grants"): 0.5,
    }


def test_grant_rate_by_decision_year(firms: pd.DataFrame) -> None:
    rates = table("patent_grant_rate", firms).set_index("year")
    assert list(rates.index) == [2020, 2021, 2022, 2023, 2024, 2025]
    assert rates.loc[2022, "rate"] == 1.0
    # P1 granted; P4 refused (published 2023); P5 withdrawn without a date: its filing year
    assert rates.loc[2023, "rate"] == pytest.approx(1 / 3)
    assert rates.loc[2023, "decided"] == 3
    assert rates.loc[2024, "rate"] == 1.0
    assert np.isnan(rates["rate"].to_numpy()[-1])  # 2025: no decision


def test_foreign_trend_by_publication_year(firms: pd.DataFrame) -> None:
    trend = table("patent_foreign_trend", firms).set_index("year")
    assert trend["publications"].to_dict() == {
        2020: 0, 2021: 0, 2022: 1, 2023: 1, 2024: 0, 2025: 1
    }  # fmt: skip
    assert trend.loc[2023, "pct_share"] == 1.0
    assert trend.loc[2022, "applicants"] == 1


def test_jurisdictions_drop_wo_and_rank(firms: pd.DataFrame) -> None:
    offices = table("patent_jurisdictions", firms)
    assert offices["jurisdiction"].tolist() == ["JP", "US"]
    assert offices["rank"].tolist() == [1.0, 2.0]
    assert offices["share"].tolist() == [0.5, 0.5]


def test_fallback_table_counts_its_own_national_firms() -> None:
    firms_ = frame([firm("national"), firm("provincial")])
    ids = np.array(["F00000", "F00001", "F00009"], object)  # the demo's national firms
    attach_patents(firms_, PatentTable(patents(), ids, False, True, "demo 2026"))
    means = compute("patent_means_by_year", firms_, Scope(), config=CONFIG).table
    grants = means.set_index(["year", "statistic"])["value"]
    assert grants[(2022, "applications")] == pytest.approx(2 / 3)


def test_without_a_table_every_patent_metric_is_empty() -> None:
    firms_ = frame([firm("national")])
    for name in ("patent_fields", "patent_grant_rate", "patent_jurisdictions"):
        assert compute(name, firms_, config=CONFIG).table.empty
