"""The city batch engine (city_edition.md §7) with a stand-in for the city build.

The real build of one city takes seconds of drawing; these tests replace the task's build step
(``batch_task._build``) with a fast fake that writes bytes derived from what the task received
(its rows and shared results), and run the tasks in this process. The engine around it is
real: the data load and shared results (once per session), the edition keys beside the output,
the commit, the failure handling, the resume after an interrupt and the index.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Mapping
from pathlib import Path

import pytest

from srdi_report.config.model import Config, OutputConfig
from srdi_report.data.geography import load_geography
from srdi_report.editions import batch, batch_prep, batch_task
from srdi_report.editions.batch import BatchOptions, city_folder, run_batch
from srdi_report.editions.batch_prep import SourcePrep, load_prep
from srdi_report.editions.batch_task import CityTask
from srdi_report.editions.city_index import COLUMNS, index_files
from srdi_report.editions.results import identify_source
from srdi_report.editions.spec import EditionSpec
from srdi_report.metrics.result import MetricResult

# Two small Xinjiang cities and Dongguan: different provinces, 10 / 321 firms.
CITIES = ("441900", "652800", "650200")
YEAR = 2026


@pytest.fixture(scope="session")
def loaded() -> SourcePrep:
    config = Config()
    return load_prep(config, None, None, identify_source(config, None))


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch, loaded: SourcePrep) -> list[str]:
    """The fake build, the session's loaded table, and the list of cities built."""
    built: list[str] = []
    monkeypatch.setattr(batch, "load_prep", lambda *_args: loaded)

    def fake_render(
        task: CityTask, spec: EditionSpec, results: Mapping[str, MetricResult]
    ) -> tuple[dict[Path, bytes], tuple[str, ...], dict[str, float]]:
        built.append(task.code)
        if task.code in FAIL:
            raise ValueError(f"broken input of {task.code}")
        if task.code in INTERRUPT:
            raise KeyboardInterrupt
        folder = city_folder(task.config, task.code, task.year)
        firms = results["firm_count"].table["n"].sum()
        body = f"{spec.edition_id}|{len(task.rows)}|{firms}|{','.join(sorted(results))}".encode()
        files = {
            folder / lang / f"report.{fmt}": body + f"|{lang}|{fmt}".encode()
            for lang in ("zh", "en")
            for fmt in ("pdf", "docx")
        }
        return files, (), {}

    monkeypatch.setattr(batch_task, "_render", fake_render)
    FAIL.clear()
    INTERRUPT.clear()
    return built


FAIL: set[str] = set()
INTERRUPT: set[str] = set()


def _config(tmp: Path) -> Config:
    base = Config()
    return dataclasses.replace(
        base,
        output=OutputConfig(dir=str(tmp / "out"), figures_dir=str(tmp / "fig"), formats=("pdf",)),
        build=dataclasses.replace(base.build, cache_dir=str(tmp / "cache")),
    )


def _options(**kwargs: object) -> BatchOptions:
    return BatchOptions(year=YEAR, jobs=1, **kwargs)  # type: ignore[arg-type]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_a_batch_builds_each_city_once_and_a_rerun_hits_the_cache(
    tmp_path: Path, calls: list[str]
) -> None:
    config = _config(tmp_path)
    first = run_batch(config, CITIES, _options())
    assert sorted(calls) == sorted(CITIES)
    assert [r.status for r in first.records] == ["ok", "ok", "ok"]
    assert {r.cache for r in first.records} == {"miss"}
    dongguan = first.records[0]
    assert (dongguan.firms, dongguan.folder) == (321, "441900-dongguan")
    assert "city/2026/441900-dongguan/zh/report.pdf" in dongguan.files
    assert (tmp_path / "out/city/2026/441900-dongguan/build.json").is_file()

    calls.clear()
    again = run_batch(config, CITIES, _options())
    assert calls == []  # nothing rebuilt
    assert [r.cache for r in again.records] == ["hit", "hit", "hit"]
    assert [r.firms for r in again.records] == [r.firms for r in first.records]

    calls.clear()
    forced = run_batch(config, CITIES[:1], _options(force=True))
    assert calls == ["441900"]
    assert forced.records[0].cache == "miss"


def test_a_task_receives_only_its_rows_and_the_shared_results(
    tmp_path: Path, calls: list[str], loaded: SourcePrep, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[CityTask] = []
    original = batch_task._render

    def spy(
        task: CityTask, spec: EditionSpec, results: Mapping[str, MetricResult]
    ) -> tuple[dict[Path, bytes], tuple[str, ...], dict[str, float]]:
        seen.append(task)
        return original(task, spec, results)

    monkeypatch.setattr(batch_task, "_render", spy)
    run_batch(_config(tmp_path), ("652800",), _options())
    (task,) = seen
    assert len(task.rows) == 10
    assert set(task.rows.index) <= set(loaded.firms.index)  # type: ignore[union-attr]
    assert "firm_count|national|" in task.shared  # a benchmark computed once for the batch
    assert "city_ranking|province=650000|" in task.shared
    assert "firm_count" not in task.shared  # the city's own count: computed from its rows


def test_a_failing_city_is_recorded_and_the_batch_goes_on(tmp_path: Path, calls: list[str]) -> None:
    FAIL.add("652800")
    config = _config(tmp_path)
    report = run_batch(config, CITIES, _options())
    by_code = {r.code: r for r in report.records}
    assert by_code["652800"].status == "failed"
    assert by_code["652800"].error == "ValueError: broken input of 652800"
    assert by_code["652800"].files == ()
    assert by_code["441900"].status == by_code["650200"].status == "ok"
    assert not (tmp_path / "out/city/2026/652800-bayingolin/build.json").exists()
    files = index_files(report, load_geography(), tmp_path / "index", ("en",))
    rows = list(
        csv.DictReader(io.StringIO(files[tmp_path / "index/index.csv"].decode("utf-8-sig")))
    )
    failed = [row for row in rows if row["status"] == "failed"]
    assert [(row["admin_code"], row["error"]) for row in failed] == [
        ("652800", "ValueError: broken input of 652800")
    ]
    # the rerun builds only the failed city, once it is fixed
    FAIL.clear()
    calls.clear()
    rerun = run_batch(config, CITIES, _options())
    assert calls == ["652800"]
    assert [r.status for r in rerun.records] == ["ok", "ok", "ok"]


def test_an_interrupted_batch_resumes_to_the_same_bytes(tmp_path: Path, calls: list[str]) -> None:
    whole = tmp_path / "whole"
    run_batch(_config(whole), CITIES, _options())
    expected = _tree(whole / "out")

    resumed = tmp_path / "resumed"
    INTERRUPT.add("650200")  # sorted order: 441900, 650200, 652800 → one city finished
    calls.clear()
    with pytest.raises(KeyboardInterrupt):
        run_batch(_config(resumed), sorted(CITIES), _options())
    finished = _tree(resumed / "out")
    assert any(name.startswith("city/2026/441900-dongguan/") for name in finished)
    assert not any("650200" in name for name in finished)
    assert not any(Path(name).name.startswith(".") for name in finished)  # no temp file left
    INTERRUPT.clear()
    calls.clear()
    report = run_batch(_config(resumed), CITIES, _options())
    assert sorted(calls) == ["650200", "652800"]  # the finished city is not built again
    assert {r.code: r.cache for r in report.records}["441900"] == "hit"
    assert _tree(resumed / "out").keys() == expected.keys()
    for name, data in expected.items():
        if not name.endswith("build.json"):  # build seconds differ between runs
            assert _tree(resumed / "out")[name] == data, name


def test_a_changed_bureau_file_rebuilds_only_its_city(
    tmp_path: Path, calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config = _config(tmp_path)
    bureau = tmp_path / "652800.yaml"
    bureau.write_text("city: 652800\n", encoding="utf-8")
    monkeypatch.setattr(batch_task, "load_bureau", lambda *_a, **_k: None)
    run_batch(config, CITIES, _options(bureau_files={"652800": bureau}))
    calls.clear()
    bureau.write_text("city: 652800\nedited: yes\n", encoding="utf-8")
    report = run_batch(config, CITIES, _options(bureau_files={"652800": bureau}))
    assert calls == ["652800"]
    assert {r.code: r.bureau_file for r in report.records}["652800"] is True


def test_a_broken_bureau_file_fails_only_its_city(tmp_path: Path, calls: list[str]) -> None:
    bureau = tmp_path / "652800.yaml"
    bureau.write_text("city: [unclosed\n", encoding="utf-8")
    report = run_batch(_config(tmp_path), CITIES, _options(bureau_files={"652800": bureau}))
    by_code = {r.code: r for r in report.records}
    assert by_code["652800"].status == "failed"
    error = by_code["652800"].error
    assert error.split(": ", 1)[0].endswith("Error")  # Type: message
    assert f"{bureau}:2:1:" in error  # the bureau's file:line:column line
    assert by_code["441900"].status == by_code["650200"].status == "ok"


def test_a_city_without_firms_is_skipped(
    tmp_path: Path, calls: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batch_prep.compute_prep

    def no_firms_in_karamay(*args: object, **kwargs: object) -> dict[str, object]:
        preps = real(*args, **kwargs)  # type: ignore[arg-type]
        if "650200" in preps:
            preps["650200"] = dataclasses.replace(preps["650200"], firms=0, lgs=0)
        return preps  # type: ignore[return-value]

    monkeypatch.setattr(batch, "compute_prep", no_firms_in_karamay)
    report = run_batch(_config(tmp_path), CITIES, _options())
    karamay = {r.code: r for r in report.records}["650200"]
    assert (karamay.status, karamay.warnings, karamay.files) == ("skipped", ("no firms",), ())
    assert "650200" not in calls


def test_the_index_has_the_columns_of_the_spec_sorted_by_province(
    tmp_path: Path, calls: list[str]
) -> None:
    report = run_batch(_config(tmp_path), ("652800", "441900", "650200"), _options())
    files = index_files(report, load_geography(), tmp_path / "index", ("zh_CN", "en"))
    assert sorted(p.name for p in files) == [
        "index-en.pdf",
        "index-zh.pdf",
        "index.csv",
        "index.xlsx",
    ]
    text = files[tmp_path / "index/index.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS
    assert [row[0] for row in rows[1:]] == ["441900", "650200", "652800"]
    dongguan = dict(zip(COLUMNS, rows[1], strict=True))
    assert dongguan["city_en"] == "Dongguan"
    assert dongguan["province_en"] == "Guangdong"
    assert dongguan["firms"] == "321"
    assert dongguan["status"] == "ok"
    assert dongguan["languages"] == "zh,en"
    assert dongguan["bureau_file"] == "no"
    assert files[tmp_path / "index/index-en.pdf"].startswith(b"%PDF")
