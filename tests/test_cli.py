"""The CLI boundary: exit codes, one line per problem, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from srdi_report.cli import app

HEADER = (
    "snapshot_date,firm_id,name_zh,level,lg_batch,province,city,district,gbt_minor,"
    "registered_capital,insured_employees,patents_total,invention_applications,"
    "invention_applications_pending,invention_grants,software_copyrights,std_total,"
    "hon_little_giant,hon_high_tech,hon_tech_center,rd_ratio_2024"
)
ROWS = [
    "2026-02-28,DM00000001,苏州示例精密材料有限公司,national,5,江苏省,苏州市,昆山市,3985,"
    "6200,210,148,74,25,38,5,12,true,true,true,21.4",
    "2026-02-28,DM00000002,北京示例软件科技有限公司,provincial,,北京市,北京市,海淀区,6511,"
    "1000,38,22,9,4,3,46,0,false,true,false,",
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write_csv(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_validate_good_file_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(write_csv(tmp_path / "firms.csv", ROWS))])
    assert result.exit_code == 0, result.output
    assert "firms.csv: 2 firms, snapshot 2026-02-28" in result.stdout


def test_validate_bad_file_exits_2_with_lines_and_no_traceback(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = [
        ROWS[0].replace(",148,74,25,38,", ",148,74,25,80,"),
        ROWS[1].replace(",46,0,", ",十二,0,"),
    ]
    path = write_csv(tmp_path / "firms.csv", bad)
    before = sorted(tmp_path.iterdir())
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert (
        f'{path}:2:invention_grants: "80" — 80 > invention_applications 74 (grants are a '
        in (lines[0])
    )
    assert lines[1] == (
        f'{path}:3:software_copyrights: "十二" — not a whole number (write digits, e.g. 12) '
        "[error V01]"
    )
    assert lines[-1] == f"{path}: 2 errors, 0 warnings (V01 ×1, X01 ×1)"
    assert "Traceback" not in result.output
    assert sorted(tmp_path.iterdir()) == before


def test_missing_file_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "nope.csv" in result.stderr


def test_bad_config_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("[metrics]\nmin_cels = 3\n", encoding="utf-8")
    result = runner.invoke(app, ["reproduce", "--config", str(cfg)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {cfg} [metrics]: unknown key 'min_cels'")


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "0.1.0"


def test_validate_refuses_a_snapshot_in_the_future(runner: CliRunner, tmp_path: Path) -> None:
    rows = [r.replace("2026-02-28", "2999-02-28") for r in ROWS]
    result = runner.invoke(app, ["validate", str(write_csv(tmp_path / "firms.csv", rows))])
    assert result.exit_code == 2
    assert "[error N03]" in result.stderr


def test_metrics_export_for_a_city_has_provenance(runner: CliRunner) -> None:
    result = runner.invoke(app, ["metrics", "--scope", "city=苏州", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "metric_id,scope_key,benchmark_key,filter,n_firms,data_hash,unit,physical_unit,"
        "row_key,column,value,n,withheld_reason"
    )
    assert all(",city=320500," in line for line in lines[1:])


def test_metrics_ambiguous_city_lists_candidates(runner: CliRunner) -> None:
    result = runner.invoke(app, ["metrics", "--scope", "city=Suzhou"])
    assert result.exit_code == 2
    assert "320500 (Suzhou (Jiangsu)), 341300 (Suzhou (Anhui))" in result.stderr


def test_metrics_xlsx_needs_out(runner: CliRunner) -> None:
    result = runner.invoke(app, ["metrics", "--format", "xlsx"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: --format xlsx needs --out FILE.xlsx"
