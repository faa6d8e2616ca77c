"""The demo patents table: agrees with the firm counts, passes P01–P08, is deterministic."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from srdi_report.config.model import DemoConfig
from srdi_report.data.demo_patents import COLUMNS, demo_patents, generate_patents
from srdi_report.data.reference_files import read_reference_csv
from srdi_report.data.typed import TypedFirms
from srdi_report.data.validate_patents import validate_patents

SNAPSHOT = date(2026, 2, 28)


def small_firms(size: int = 300, seed: int = 5) -> pd.DataFrame:
    """National and provincial firms with consistent invention counts."""
    rng = np.random.default_rng(seed)
    applications = rng.integers(0, 60, size)
    decided = (applications * rng.uniform(0.3, 0.9, size)).astype(int)
    grants = (decided * rng.uniform(0.4, 0.9, size)).astype(int)
    foreign = (applications * rng.uniform(0, 0.3, size)).astype(int)
    pct = (foreign * rng.uniform(0, 0.6, size)).astype(int)
    return pd.DataFrame(
        {
            "snapshot_date": pd.Timestamp(SNAPSHOT),
            "firm_id": [f"DM{i:08d}" for i in range(size)],
            "level": np.where(np.arange(size) % 3 == 0, "provincial", "national"),
            "gbt_minor": rng.choice(["4011", "3411", "6511", "3921", "2614"], size),
            "patents_total": pd.array(applications * 2, dtype="Int64"),
            "invention_applications": pd.array(applications, dtype="Int64"),
            "invention_decided": pd.array(decided, dtype="Int64"),
            "invention_grants": pd.array(grants, dtype="Int64"),
            "pct_applications": pd.array(pct, dtype="Int64"),
            "foreign_patents": pd.array(foreign, dtype="Int64"),
        }
    )


def typed(frame: pd.DataFrame, label: str) -> TypedFirms:
    return TypedFirms(
        frame=frame,
        raw=frame.astype("string").fillna(""),
        source_rows=np.arange(2, len(frame) + 2, dtype=np.int64),
        headers={},
        file_label=label,
        snapshot_date=SNAPSHOT,
    )


def per_firm(patents: pd.DataFrame) -> pd.DataFrame:
    foreign = patents["is_pct"].fillna(False) | patents["foreign_jurisdictions"].notna()
    return (
        pd.DataFrame(
            {
                "firm_id": patents["firm_id"],
                "rows": 1,
                "granted": patents["legal_status"] == "granted",
                "decided": patents["legal_status"] != "pending",
                "pct": patents["is_pct"],
                "foreign": foreign,
            }
        )
        .groupby("firm_id")[["rows", "granted", "decided", "pct", "foreign"]]
        .sum()
    )


def assert_agrees(patents: pd.DataFrame, firms: pd.DataFrame) -> None:
    national = firms[firms["level"].astype(str) == "national"].set_index("firm_id")
    counts = per_firm(patents).reindex(national.index, fill_value=0)
    for column, firm_column in (
        ("rows", "invention_applications"),
        ("granted", "invention_grants"),
        ("decided", "invention_decided"),
        ("pct", "pct_applications"),
        ("foreign", "foreign_patents"),
    ):
        expected = national[firm_column].to_numpy(dtype=np.int64)
        assert (counts[column].to_numpy(dtype=np.int64) == expected).all(), column


def test_small_table_agrees_with_the_firm_counts_and_validates() -> None:
    firms = small_firms()
    patents = generate_patents(firms, np.random.default_rng(1))
    assert list(patents.columns) == list(COLUMNS)
    assert set(patents["firm_id"]) <= set(firms.loc[firms["level"] == "national", "firm_id"])
    assert_agrees(patents, firms)
    assert validate_patents(typed(patents, "patents.csv"), typed(firms, "firms.csv")) == []
    assert patents["patent_id"].is_unique
    assert patents["patent_id"].str.fullmatch(r"CN20\d{2}1\d{7}\.[\dX]").all()
    assert patents["application_date"].min() >= pd.Timestamp(2020, 1, 1)
    assert patents["application_date"].max() <= pd.Timestamp(2025, 12, 31)
    granted = patents["legal_status"] == "granted"
    assert (patents["grant_date"].notna() == granted).all()
    assert (patents.loc[granted, "grant_date"] > patents.loc[granted, "application_date"]).all()
    offices = patents["foreign_jurisdictions"].dropna().str.split(";").explode()
    assert offices.value_counts().index[0] == "US"
    known = set(read_reference_csv("ipc_subclasses.csv")["ipc_subclass"])
    assert set(patents["ipc_main"]) <= known


def test_same_generator_state_gives_the_same_table() -> None:
    firms = small_firms(120)
    first = generate_patents(firms, np.random.default_rng(7))
    again = generate_patents(firms, np.random.default_rng(7))
    other = generate_patents(firms, np.random.default_rng(8))
    pd.testing.assert_frame_equal(first, again)
    assert not first["ipc_main"].equals(other["ipc_main"])


def test_cached_demo_table_agrees_with_the_demo_firms() -> None:
    from srdi_report.data.demo_cache import demo_firms

    config = DemoConfig()
    firms = demo_firms(config, 2026)
    patents = demo_patents(config, 2026)
    assert_agrees(patents, firms)
    granted = patents[patents["legal_status"] == "granted"]
    window = granted[granted["grant_date"].dt.year.between(2022, 2024)]
    leading = window["industry_field"].value_counts().index[:5]
    assert set(leading) == {"40", "34", "391", "38", "35"}  # national_report.md §7 text facts
    pd.testing.assert_frame_equal(demo_patents(config, 2026), patents)  # read back from cache


@pytest.mark.parametrize("column", ["snapshot_date", "application_date", "grant_date"])
def test_dates_are_nanosecond_datetimes(column: str) -> None:
    patents = generate_patents(small_firms(30), np.random.default_rng(2))
    assert patents[column].dtype == "datetime64[ns]"
