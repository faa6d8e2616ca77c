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


# --- build and figures ---------------------------------------------------------------------------


def mini_edition(year: int) -> object:
    """One chapter with a table and a one-figure exhibit, built from the two-firm CSV."""
    from srdi_report.compose.edition_spec import (
        Align,
        Cell,
        CellSource,
        EditionSpec,
        ExhibitSpec,
        RowGroup,
        SectionSpec,
        TableColumn,
        TableKind,
        TableSpec,
    )
    from srdi_report.figures.spec import DataView, FigureSpec

    table = TableSpec(
        "t1",
        "Tier split table",
        TableKind.METRIC,
        (TableColumn("Level"), TableColumn("Firms", Align.RIGHT)),
        (
            RowGroup(
                DataView("firms_by_level", {"key": "level"}),
                (
                    Cell(CellSource.KEY, labels="level"),
                    Cell(CellSource.VALUE, column="firms", kind="count"),
                ),
            ),
        ),
    )
    view = DataView(
        "firms_by_level", {"category": "level", "value": "firms"}, labels={"category": "level"}
    )
    figure = FigureSpec("f1", "bar", "Tier split figure", {"main": view}, size=(3.0, 2.0))
    exhibits = {
        "t1": ExhibitSpec("t1", "Tier split table", table=table),
        "f1": ExhibitSpec("f1", "Tier split figure", figure=figure),
    }
    chapter = SectionSpec("1", "Chapter one", "s1", "mini.j2", exhibits=("t1", "f1"))
    return EditionSpec("mini", year, "", "", "Mini report", "", (), (chapter,), exhibits)


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Options that build the mini edition from the two-firm CSV into tmp_path."""
    from srdi_report.editions.build import EDITIONS

    monkeypatch.setitem(EDITIONS._items, "mini", mini_edition)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "mini.j2").write_text(
        "{{ num(metric('firms_by_level', 'firms', level='national')) }} national firms.\n",
        encoding="utf-8",
    )
    config = tmp_path / "config.toml"
    config.write_text(
        f'[metrics]\nmin_cell = 1\n[output]\nfigures_dir = "{tmp_path / "figures"}"\n'
        f'[build]\nworkers = 1\ncache_dir = "{tmp_path / "cache"}"\n',
        encoding="utf-8",
    )
    return [
        "--data",
        str(write_csv(tmp_path / "firms.csv", ROWS)),
        "--templates",
        str(templates),
        "--config",
        str(config),
    ]


def test_build_writes_text_reports_in_both_languages(
    runner: CliRunner, tmp_path: Path, mini: list[str]
) -> None:
    out = tmp_path / "out"
    args = ["build", "mini", "--lang", "zh,en", "--format", "txt", "--out", str(out), "--draft"]
    result = runner.invoke(app, [*args, *mini])
    assert result.exit_code == 0, result.output
    zh, en = out / "mini/2026/zh/report.txt", out / "mini/2026/en/report.txt"
    assert result.stdout.splitlines()[:2] == [f"wrote {en}", f"wrote {zh}"]
    assert "firms.csv: 2 firms; metrics 1 computed, 0 cached; figures 2 drawn" in result.stdout
    assert "1 national firms." in en.read_text("utf-8")
    assert "[table t1] 图表 1：" in zh.read_text("utf-8")
    again = runner.invoke(app, [*args, *mini])
    assert "metrics 0 computed, 1 cached; figures 0 drawn, 2 cached" in again.stdout


def test_build_unknown_edition_format_or_language_exits_2(
    runner: CliRunner, tmp_path: Path, mini: list[str]
) -> None:
    out = tmp_path / "out"
    cases = {
        ("nationl",): "error: unknown edition 'nationl'. Did you mean 'national'?",
        ("mini", "--format", "pfd"): "error: unknown output format 'pfd'. Did you mean 'pdf'?",
        ("mini", "--lang", "fr"): "error: unknown locale 'fr'; known locales: zh_CN, en",
    }
    for args, message in cases.items():
        result = runner.invoke(app, ["build", *args, "--out", str(out), *mini])
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith(message), result.stderr
        assert "Traceback" not in result.output
    assert not out.exists()


def test_build_with_bad_data_writes_nothing(
    runner: CliRunner, tmp_path: Path, mini: list[str]
) -> None:
    bad = write_csv(tmp_path / "bad.csv", [ROWS[0].replace(",148,74,25,38,", ",148,74,25,80,")])
    out = tmp_path / "out"
    options = [*mini]
    options[1] = str(bad)
    result = runner.invoke(app, ["build", "mini", "--format", "txt", "--out", str(out), *options])
    assert result.exit_code == 2
    assert f"{bad}:2:invention_grants:" in result.stderr
    assert not out.exists()
    assert not (tmp_path / "figures").exists()


def test_build_strict_mode_names_the_missing_template(
    runner: CliRunner, tmp_path: Path, mini: list[str]
) -> None:
    (tmp_path / "templates" / "mini.j2").unlink()
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", "mini", "--format", "txt", "--out", str(out), *mini])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: mini.j2: section 1 has no template")
    assert not out.exists()
    assert not (tmp_path / "cache").exists()  # refused before computing anything


def test_figures_command_writes_assets_per_language(
    runner: CliRunner, tmp_path: Path, mini: list[str]
) -> None:
    options = [mini[0], mini[1], mini[4], mini[5]]  # --data, --config (no templates)
    result = runner.invoke(app, ["figures", "--edition", "mini", "--lang", "en", *options])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "figures" / "mini" / "2026" / "en"
    assert result.stdout.strip() == f"wrote 1 figures to {folder}"
    assert sorted(p.name for p in folder.iterdir()) == [
        "f1.alt.txt",
        "f1.csv",
        "f1.png",
        "f1.svg",
    ]
