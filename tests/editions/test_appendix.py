"""The national data appendix against the edition spec and the metrics engine (issue 7).

The national edition is built once (draft, text only: the appendix is written whatever the
formats) and its ``data_appendix.xlsx`` in each language is read back: a sheet for every
data-bearing exhibit, headers in the edition's language, and every number of a sheet equal to
a value the metrics engine computes afresh for the metrics the sheet names.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from srdi_report.config.model import BuildConfig, Config, OutputConfig
from srdi_report.data.source import load_source
from srdi_report.editions.build import BuildResult, build_edition, edition_spec
from srdi_report.metrics.registry import NO_BENCHMARK, compute
from srdi_report.metrics.scope import Scope
from srdi_report.renderers.xlsx import PROVENANCE_ROW

TEST_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "test-build"
TODAY = date(2026, 3, 1)
HAN = re.compile(r"[\u3400-\u9fff]")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("appendix")
    config = Config(
        output=OutputConfig(
            dir=str(root / "output"), figures_dir=str(root / "figures"), formats=("txt",)
        ),
        build=BuildConfig(draft=True, cache_dir=str(TEST_CACHE)),
    )
    return root / "output" / "national" / "2026", build_edition(
        edition_spec("national", 2026), config, None, TODAY
    )


def _sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    workbook = load_workbook(path)
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in workbook}


def _contents(sheets: dict[str, list[tuple[object, ...]]]) -> dict[str, str]:
    """Sheet name → exhibit id, from the contents sheet (first sheet)."""
    rows = next(iter(sheets.values()))[1:]
    return {str(row[0]): str(row[1]) for row in rows}


def _data_bearing() -> set[str]:
    spec = edition_spec("national", 2026)
    return {
        item.spec.exhibit_id
        for item in spec.exhibits()
        if any(view.metric for view in item.spec.views())
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_sheet_for_every_data_bearing_exhibit(built: tuple[Path, BuildResult], lang: str) -> None:
    folder, _result = built
    sheets = _sheets(folder / lang / "data_appendix.xlsx")
    exhibits = set(_contents(sheets).values())
    missing = _data_bearing() - exhibits
    assert not missing, f"no appendix sheet for {sorted(missing)}"
    assert len(exhibits) >= 50


def test_headers_speak_the_edition_language(built: tuple[Path, BuildResult]) -> None:
    folder, _result = built
    en = _sheets(folder / "en" / "data_appendix.xlsx")
    zh = _sheets(folder / "zh" / "data_appendix.xlsx")
    for name, rows in en.items():
        for row in rows:
            for cell in row:
                assert not (isinstance(cell, str) and HAN.search(cell)), (name, cell)
    # Chart sheets name their columns by role in words, not the factory's role keys.
    role_keys = {"category", "series", "value", "suppressed", "category_code", "view"}
    zh_headers: set[str] = set()
    for sheets in (en, zh):
        for name, rows in list(sheets.items())[1:-1]:  # exhibit sheets only
            headers = {str(c) for c in rows[_header_index(rows)] if c}
            assert not headers & role_keys, (name, headers & role_keys)
            if sheets is zh:
                zh_headers |= headers
    assert "类别" in zh_headers  # zh chart sheets carry Chinese role headers


def test_cited_numbers_use_the_manifest_ids(built: tuple[Path, BuildResult]) -> None:
    folder, _result = built
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    ids = {n["number_id"]: n for n in manifest["numbers"]}
    sheets = _sheets(folder / "en" / "data_appendix.xlsx")
    cited = list(sheets.values())[-1]
    assert cited[0][0] == "Number id"
    rows = cited[1:]
    assert len(rows) >= 300
    for row in rows:
        number = ids[str(row[0])]  # a stable manifest id, never a running n0001
        assert row[2] == number["printed"]["en"]
        assert row[-1] == number["place"]
        if number["value"] is not None:
            assert row[1] == pytest.approx(number["value"], rel=1e-12)


def _header_index(rows: list[tuple[object, ...]]) -> int:
    """0-based row of an exhibit sheet's column headers (after the provenance block)."""
    k = 0
    while PROVENANCE_ROW + k < len(rows) and rows[PROVENANCE_ROW + k][0] is not None:
        k += 1  # provenance rows (0-based index PROVENANCE_ROW is the first one)
    return PROVENANCE_ROW + k + 1  # one blank row, then the column headers


def _data_rows(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """An exhibit sheet's data rows: after the headers and the units row."""
    return [r for r in rows[_header_index(rows) + 2 :] if any(c is not None for c in r)]


def _engine_values(manifest: dict[str, object], result_keys: set[str]) -> list[float]:
    """Every numeric cell of the named results, recomputed by the engine on the demo data."""
    source = load_source(Config(), None, today=TODAY)
    entries = {m["result_key"]: m for m in manifest["metrics"]}  # type: ignore[attr-defined]
    values: list[float] = []
    for key in sorted(result_keys):
        entry = entries[key]
        bench = entry["benchmark_key"]
        result = compute(
            entry["metric_id"],
            source.firms,
            Scope.parse(entry["scope_key"]),
            Scope.parse(bench) if bench not in ("", NO_BENCHMARK) else None,
        )
        for column in result.table.columns:
            series = result.table[column]
            if series.dtype.kind in "iuf":
                values.extend(float(v) for v in series.dropna())
    return values


def test_sheet_numbers_equal_the_engine(built: tuple[Path, BuildResult]) -> None:
    """Each number of a metric-fed sheet is a value the engine computes for that sheet's metrics."""
    folder, _result = built
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    keys_by_exhibit = {
        e["exhibit_id"]: {
            m["result_key"] for m in manifest["metrics"] if m["metric_id"] in e["metric_ids"]
        }
        for e in manifest["exhibits"]
    }
    # Cells a content table supplies (case facts beside the data) carry no metric id.
    content = {
        (n["place"].split("/", 1)[0], n["value"])
        for n in manifest["numbers"]
        if not n["metric_id"] and n["value"] is not None
    }
    sheets = _sheets(folder / "en" / "data_appendix.xlsx")
    contents = _contents(sheets)
    checked, wrong = 0, []
    for name, exhibit in sorted(contents.items()):
        keys = keys_by_exhibit.get(exhibit, set())
        if not keys:
            continue
        engine = sorted(_engine_values(manifest, keys))
        rows = sheets[name]
        units = rows[_header_index(rows) + 1]
        for row in _data_rows(rows):
            for unit, cell in zip(units, row, strict=False):
                if unit in (None, "year") or isinstance(cell, bool):
                    continue  # key columns (names, codes, years) are not statistics
                if not isinstance(cell, int | float) or (exhibit, cell) in content:
                    continue
                checked += 1
                if not any(math.isclose(cell, v, rel_tol=1e-9, abs_tol=1e-12) for v in engine):
                    wrong.append((name, exhibit, unit, cell))
    assert not wrong, wrong[:20]
    assert checked >= 500
