"""One crafted bad file per validation rule family, through the CLI as a user runs it.

Each case asserts the file, row, column and value of the message, exit code 2, no traceback,
and that nothing was written next to the file (data_schema.md §3.1).
"""

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
GOOD = [
    "2026-02-28,DM00000001,苏州示例精密材料有限公司,national,5,江苏省,苏州市,昆山市,3985,"
    "6200,210,148,74,25,38,5,12,true,true,true,21.4",
    "2026-02-28,DM00000002,北京示例软件科技有限公司,provincial,,北京市,北京市,海淀区,6511,"
    "1000,38,22,9,4,3,46,0,false,true,false,",
]

# (rule, row edit on the first data row (old, new), expected "row:column: value" head)
CASES = [
    ("V01", (",148,74,", ",十二,74,"), '2:patents_total: "十二"'),
    ("V02", (",21.4", ",abc"), '2:rd_ratio_2024: "abc"'),
    ("V04", (",true,true,true,", ",true,maybe,true,"), '2:hon_high_tech: "maybe"'),
    ("V05", (",national,", ",federal,"), '2:level: "federal"'),
    ("V08", ("DM00000001", "DM 0001!"), '2:firm_id: "DM 0001!"'),
    ("R01", (",6200,210,", ",6200,-210,"), '2:insured_employees: "-210"'),
    ("R05", (",national,5,", ",national,12,"), '2:lg_batch: "12"'),
    ("U01", ("DM00000001", "DM00000002"), '2:firm_id: "DM00000002"'),
    ("X01", (",74,25,38,", ",74,25,80,"), '2:invention_grants: "80"'),
    ("X02", (",148,74,", ",60,74,"), '2:invention_applications: "74"'),
    ("X10", (",true,true,true,", ",false,true,true,"), '2:level: "national"'),
    ("G01", (",江苏省,", ",火星省,"), '2:province: "火星省"'),
    ("G05", (",苏州市,昆山市,", ",苏中市,,"), '2:city: "苏中市"'),
    ("G06", (",江苏省,苏州市,昆山市,", ",浙江省,苏州市,,"), '2:city: "苏州市"'),
    ("I01", (",3985,", ",3999,"), '2:gbt_minor: "3999"'),
]


def run(tmp_path: Path, rows: list[str]) -> tuple[int, str, list[str]]:
    path = tmp_path / "firms.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert sorted(p.name for p in tmp_path.iterdir()) == before, "something was written"
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr, [str(path)]


@pytest.mark.parametrize(("rule", "edit", "head"), CASES, ids=[c[0] for c in CASES])
def test_bad_cell_is_named_by_file_row_column_and_value(
    tmp_path: Path, rule: str, edit: tuple[str, str], head: str
) -> None:
    old, new = edit
    assert old in GOOD[0]
    code, stderr, (path,) = run(tmp_path, [GOOD[0].replace(old, new, 1), GOOD[1]])
    assert code == 2
    lines = [line for line in stderr.splitlines() if line.endswith(f"[error {rule}]")]
    assert lines, stderr
    assert lines[0].startswith(f"{path}:{head} — "), lines[0]


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        ("", "F03"),
        (HEADER + "\n", "F04"),
        (HEADER + "\n" + GOOD[0] + ",extra\n", "F05"),
        ("firm_id,level\nDM00000001,national\n", "H01"),
        (HEADER.replace("name_zh", "firm_id") + "\n" + GOOD[0] + "\n", "H02"),
        (
            HEADER + "\n" + GOOD[0] + "\n" + GOOD[1].replace("2026-02-28", "2025-02-28") + "\n",
            "N01",
        ),
    ],
)
def test_bad_file_shapes_exit_2(tmp_path: Path, content: str, rule: str) -> None:
    path = tmp_path / "firms.csv"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert f"[error {rule}]" in result.stderr
    assert result.stderr.splitlines()[0].startswith(f"{path}:")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["firms.csv"]
