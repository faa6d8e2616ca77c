"""C15 on a real PDF, C8 on a drawn legend, the cache, the CLI, and the built demo editions."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType

import pytest
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from repo_paths import REPO_ROOT
from srdi_report.cli import app
from srdi_report.editions.checks import CHECKS, CheckContext
from srdi_report.editions.checks.pdf_text import pdf_text
from srdi_report.editions.checks.runner import RESULT_NAME, check_edition
from srdi_report.editions.manifest import ExhibitEntry, SegmentEntry
from srdi_report.editions.manifest_io import write_manifest


def _pdf(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    page = canvas.Canvas(str(path))
    for i, line in enumerate(lines):
        page.drawString(72, 720 - 20 * i, line)
    page.showPage()
    page.save()


def _segment(segment_id: str, text: str) -> SegmentEntry:
    return SegmentEntry(segment_id, "paragraph", "s", MappingProxyType({"en": text}))


def test_c15_finds_segment_text_missing_from_the_pdf(tmp_path, make_manifest) -> None:  # type: ignore[no-untyped-def]
    _pdf(tmp_path / "en" / "report.pdf", ["Little Giants grew by 12 percent.", "Page 3"])
    text = pdf_text(tmp_path / "en" / "report.pdf")
    manifest = make_manifest(
        [],
        segments=[
            _segment("s/ok", "Little Giants grew by 12 percent."),
            _segment("s/lost", "This sentence was never drawn."),
        ],
    )
    found = CHECKS.get("C15").run(manifest, CheckContext(pdf_texts={"en": text}))
    assert [f.places for f in found] == [("s/lost",)]


def test_c8_legend_year_off_by_one(tmp_path, make_manifest) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "fig" / "en").mkdir(parents=True)
    (tmp_path / "fig" / "en" / "c11.csv").write_text("x,y\n2020,1\n2021,2\n", encoding="utf-8")
    exhibit = ExhibitEntry(
        exhibit_id="c11",
        number=11,
        kind="figure",
        section="s",
        titles=MappingProxyType({}),
        labels=MappingProxyType({}),
        metric_ids=(),
        spec_hash="",
        figure_hashes=MappingProxyType({}),
        data_hashes=MappingProxyType({}),
        images=MappingProxyType({"en": "fig/en/c11.png"}),
        figure_texts=MappingProxyType({"en": ("2021", "2022")}),  # legend 2021/2022 on 2020/2021
    )
    manifest = make_manifest([], exhibits=[exhibit])
    found = CHECKS.get("C8").run(manifest, CheckContext(folder=tmp_path))
    assert [(f.places[0], f.printed) for f in found] == [("c11", "2022")]


def test_cli_check_exit_codes_and_cache(tmp_path, make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    a = make_number("summary/p/m#1", 752, group_key="city=440300")
    b = make_number("c16/cells/m#1", 754, group_key="city=440300")
    write_manifest(make_manifest([a, b]), tmp_path / "manifest.json")
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "C4 error summary/p/m#1,c16/cells/m#1: printed '752 / 754'" in result.output
    cached = json.loads((tmp_path / RESULT_NAME).read_text(encoding="utf-8"))
    assert [f["check_id"] for f in cached["findings"]] == ["C4"]
    assert check_edition(tmp_path).cached  # nothing changed: not rerun
    (tmp_path / "waivers.yaml").write_text(
        "- {check: C4, place: summary/p/m#1, reason: test}\n", encoding="utf-8"
    )
    assert not check_edition(tmp_path).cached  # the waivers are part of the key
    assert runner.invoke(app, ["check", str(tmp_path)]).exit_code == 0
    assert runner.invoke(app, ["check", str(tmp_path / "nowhere")]).exit_code == 2


@pytest.mark.parametrize("folder", ["output/national/2026", "output/city/2026/440300-shenzhen"])
def test_built_demo_editions_pass_without_errors(folder: str) -> None:
    path = REPO_ROOT / folder
    if not (path / "manifest.json").is_file():
        pytest.skip(f"{folder} is not built (make report)")
    report = check_edition(path, use_cache=False, write=False, pdf=False)
    assert [f.line() for f in report.errors] == []
