"""load_patents: the optional patents table, read like a firm file, checked against its firms."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from srdi_report.data.load import load_firms
from srdi_report.data.load_patents import load_patents
from srdi_report.errors import DataError

EXAMPLE_EN = (
    Path(__file__).resolve().parents[1] / "fixtures/data/firms_example_en.csv"
).read_text()

PATENTS_ZH = """\
数据日期,申请号,统一社会信用代码,专利类型,申请日,授权日,法律状态,主IPC,是否PCT,同族国家/地区
2026-02-28,CN202310000001.1,DM00000001,发明,2023-03-01,2025-01-10,授权,H01L 21/02,是,US;EP
2026-02-28,CN202410000002.X,dm00000004,invention,2024-05-06,,审中,G01N,,
2026-02-28,CN202410000003.3,DM00000004,外观设计,2024年5月6日,,pending,,否,
"""


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "firms.csv").write_text(EXAMPLE_EN, "utf-8")
    return tmp_path


def test_patents_load_with_chinese_headers_and_labels(folder: Path) -> None:
    (folder / "patents.csv").write_text(PATENTS_ZH, "gb18030")
    patents = load_patents("patents.csv", load_firms("firms.csv"))
    frame = patents.frame
    assert list(frame.columns) == [
        "snapshot_date",
        "patent_id",
        "firm_id",
        "kind",
        "application_date",
        "grant_date",
        "legal_status",
        "ipc_main",
        "is_pct",
        "foreign_jurisdictions",
    ]
    assert frame["kind"].tolist() == ["invention", "invention", "design"]
    assert frame["legal_status"].tolist() == ["granted", "pending", "pending"]
    assert frame["firm_id"].tolist() == ["DM00000001", "DM00000004", "DM00000004"]
    assert frame["is_pct"].tolist() == [True, False, False]
    assert frame["application_date"][2] == pd.Timestamp(2024, 5, 6)
    assert patents.headers["patent_id"] == "申请号"
    assert [str(p) for p in patents.problems] == [
        "patents.csv:-:-: - — read as GB18030 (a Chinese Excel export)"
        " (save as “CSV UTF-8” to skip detection) [info F02]"
    ]


def test_unknown_kind_is_left_to_p03_and_nothing_is_written(folder: Path) -> None:
    (folder / "patents.csv").write_text(PATENTS_ZH.replace("外观设计", "软件"), "utf-8")
    firms = load_firms("firms.csv")
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(DataError) as caught:
        load_patents("patents.csv", firms)
    assert sorted(p.name for p in folder.iterdir()) == before
    assert [(str(p.location), p.value, p.rule) for p in caught.value.problems] == [
        ("patents.csv:4:专利类型=kind", "软件", "P03")
    ]


def test_required_patent_columns(folder: Path) -> None:
    text = PATENTS_ZH.replace("法律状态", "状态")
    (folder / "patents.csv").write_text(text, "utf-8")
    with pytest.raises(DataError) as caught:
        load_patents("patents.csv", load_firms("firms.csv"))
    assert [str(p) for p in caught.value.problems if p.rule == "H01"] == [
        "patents.csv:1:-: - — required column legal_status is missing"
        " (did you mean 状态? rename it to legal_status) [error H01]"
    ]
