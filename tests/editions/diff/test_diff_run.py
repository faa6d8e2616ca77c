"""The whole diff on two tiny hand-made manifests: every output written, both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from srdi_report.cli.app import app
from srdi_report.config.load import config_from_mapping
from srdi_report.editions.diff.flow import flow_table
from srdi_report.editions.diff.write import run_diff
from srdi_report.editions.manifest import (
    ExhibitEntry,
    Manifest,
    ManifestIdentity,
    NumberEntry,
    SegmentEntry,
)
from srdi_report.editions.manifest_io import write_manifest

OLD_FIRMS = 150635.0
NEW_FIRMS = 167372.0


def _manifest(year: int, firms: float, share: float, text: dict[str, str]) -> Manifest:
    identity = ManifestIdentity(
        "national", year, "", f"{year}-02-28", "d", "c", "0", "s", 5, ("zh_CN", "en")
    )
    exhibit = ExhibitEntry(
        "c03", 3, "table", "s2", {"en": "Firms by level", "zh": "Firms by level zh"},
        {"en": "Figure 3", "zh": "Figure 3"}, ("firm_count",), "spec", {}, {}, {}, {},
    )  # fmt: skip
    numbers = (
        NumberEntry("s2/p/firm_count#1", "s2/p", "firm_count", "national", "firm_count", "firms",
                    "", firms, "count", 0, False, {"en": f"{firms:,.0f}", "zh": f"{firms:,.0f}"}),
        NumberEntry("c03/cells/c03.r1c2#1", "c03/cells", "firms_by_level", "national",
                    "firms_by_level", "share", "level=national", share, "share", 2, False,
                    {"en": f"{share:.2%}", "zh": f"{share:.2%}"}),
    )  # fmt: skip
    segments = (SegmentEntry("s2/p", "paragraph", "s2", text),)
    return Manifest(identity, (), (exhibit,), numbers, segments)


@pytest.fixture
def editions(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "national" / "2025"
    new = tmp_path / "national" / "2026"
    write_manifest(
        _manifest(
            2025, OLD_FIRMS, 0.1044, {"en": "About 150,635 firms.", "zh": "Yue 150,635 jia."}
        ),
        old / "manifest.json",
    )
    write_manifest(
        _manifest(
            2026, NEW_FIRMS, 0.1057, {"en": "About 167,372 firms.", "zh": "Yue 167,372 jia."}
        ),
        new / "manifest.json",
    )
    return old, new


def test_run_diff_writes_every_output(editions: tuple[Path, Path], tmp_path: Path) -> None:
    import pandas as pd

    old_firms = pd.DataFrame(
        {
            "firm_id": ["a", "b"],
            "level": ["national", "provincial"],
            "city_code": ["320500", "320500"],
        }
    )
    new_firms = pd.DataFrame(
        {
            "firm_id": ["a", "c"],
            "level": ["national", "national"],
            "city_code": ["320500", "440300"],
        }
    )
    config = config_from_mapping({"output": {"dir": str(tmp_path / "out")}})
    result = run_diff(*editions, config, flows=flow_table(old_firms, new_firms), reports=True)
    names = {p.name for p in result.paths}
    assert result.folder == tmp_path / "out" / "diff" / "2025-vs-2026"
    assert {
        "metric_diff.csv", "metric_diff.xlsx", "flow.csv", "narrated_changes.csv", "exhibits.csv",
        "text_diff.json", "text_diff-zh.html", "text_diff-en.html",
        "diff-report-zh.pdf", "diff-report-en.pdf",
    } <= names  # fmt: skip
    metrics = pd.read_csv(result.folder / "metric_diff.csv", keep_default_na=False)
    firms = metrics[metrics["metric_id"] == "firm_count"].iloc[0]
    assert firms["old_value"] == OLD_FIRMS
    assert firms["new_value"] == NEW_FIRMS
    assert firms["notable_rule"] == "N4"
    share = metrics[metrics["metric_id"] == "firms_by_level"].iloc[0]
    assert float(share["pp_change"]) == pytest.approx(0.13)
    narrated = pd.read_csv(result.folder / "narrated_changes.csv", keep_default_na=False)
    assert "150,635" in narrated.loc[0, "en"]
    assert not re.search(r"[\u4e00-\u9fff]", " ".join(narrated["en"]))
    texts = json.loads((result.folder / "text_diff.json").read_text(encoding="utf-8"))
    assert {t["status"] for t in texts} == {"changed"}
    assert ["delete", "150,635"] in texts[0]["operations"]
    assert (result.folder / "diff-report-zh.pdf").read_bytes().startswith(b"%PDF")
    again = run_diff(*editions, config, flows=result.diff.flows, reports=False)
    assert (again.folder / "metric_diff.xlsx").read_bytes() == (
        result.folder / "metric_diff.xlsx"
    ).read_bytes()


def test_cli_needs_two_editions() -> None:
    result = CliRunner().invoke(app, ["diff"])
    assert result.exit_code != 0
    assert "OLD NEW" in result.output
