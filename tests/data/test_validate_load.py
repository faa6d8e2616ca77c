"""End to end through load_firms: the validation rules on a real CSV (data_schema.md §7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from srdi_report.data.load import load_firms
from srdi_report.data.validate import validate_pair
from srdi_report.errors import DataError

HEADER = (
    "snapshot_date,firm_id,name_zh,level,lg_batch,province,city,district,gbt_minor,"
    "registered_capital,insured_employees,patents_total,invention_applications,"
    "invention_applications_pending,invention_grants,software_copyrights,std_total,"
    "hon_little_giant,hon_high_tech,hon_tech_center,rd_ratio_2024"
)
HEADER_ZH = (
    "数据日期,统一社会信用代码,企业名称,企业层级,小巨人批次,省份,城市,区县,行业小类代码,"
    "注册资本（万元）,参保人数,专利总量,发明申请总量,在审发明申请,发明授权量,软件著作权,标准总数,"
    "小巨人称号,高新技术企业,企业技术中心,2024年研发投入占比"
)
ROWS = [
    "2026-02-28,DM00000001,苏州示例精密材料有限公司,national,5,江苏省,苏州市,昆山市,3985,"
    "6200,210,148,74,25,38,5,12,true,true,true,21.4",
    "2026-02-28,DM00000002,北京示例软件科技有限公司,provincial,,北京市,北京市,海淀区,6511,"
    "1000,38,22,9,4,3,46,0,false,true,false,",
    "2026-02-28,DM00000003,延边示例金属结构有限公司,provincial,,吉林省,延边朝鲜族自治州,延吉市,"
    "3311,500,,12,2,1,1,0,0,false,false,false,",
    "2026-02-28,DM00000004,深圳示例传感技术股份有限公司,national,7,广东省,深圳市,南山区,3983,"
    "15000,460,390,160,41,88,27,31,true,true,true,24.8",
    "2026-02-28,DM00000005,仙桃示例新材料有限公司,provincial,,湖北省,仙桃市,,3073,2000,65,30,8,"
    "2,5,1,2,false,true,false,17.2",
]


def _write(folder: Path, rows: list[str], header: str = HEADER) -> Path:
    path = folder / "firms.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_the_spec_example_loads_without_problems(tmp_path: Path) -> None:
    loaded = load_firms(_write(tmp_path, ROWS))
    assert loaded.problems == ()
    assert loaded.frame["city"].tolist() == [
        "苏州市",
        "北京市",
        "延边朝鲜族自治州",
        "深圳市",
        "仙桃市",
    ]


def test_errors_list_every_rule_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [
        ROWS[0].replace(",74,25,38,", ",74,25,80,").replace(",苏州市,", ",苏州,"),
        *ROWS[1:],
        ROWS[0].replace("苏州示例精密", "苏州另一示例"),
    ]
    path = _write(tmp_path, rows)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(DataError) as caught:
        load_firms(Path("firms.csv"))
    assert [str(p) for p in caught.value.problems] == [
        'firms.csv:2:firm_id: "DM00000001" — duplicate firm_id, also at row 7 (keep one row per'
        " firm) [error U01]",
        'firms.csv:2:city: "苏州" — short name, read as 苏州市 on 1 row, first here (write 苏州市)'
        " [warning G03]",
        'firms.csv:2:invention_grants: "80" — 80 > invention_applications 74 (grants are a subset'
        " of applications; check both counts) [error X01]",
        'firms.csv:7:firm_id: "DM00000001" — duplicate firm_id, also at row 2 (keep one row per'
        " firm) [error U01]",
    ]
    assert caught.value.summary() == "firms.csv: 3 errors, 1 warning (U01 ×2, X01 ×1; G03 ×1)"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before == [path.name]


def test_chinese_headers_name_the_alias_and_the_canonical_column(tmp_path: Path) -> None:
    zh_rows = [r.replace(",national,", ",国家级,").replace(",provincial,", ",省级,") for r in ROWS]
    zh_rows[1] = zh_rows[1].replace(",46,0,", ",-46,0,")
    with pytest.raises(DataError) as caught:
        load_firms(_write(tmp_path, zh_rows, HEADER_ZH))
    assert [str(p) for p in caught.value.problems] == [
        f'{tmp_path / "firms.csv"}:3:软件著作权=software_copyrights: "-46" — negative count'
        " (write 0 or more) [error R01]"
    ]


def test_warnings_only_load_with_the_normalised_frame(tmp_path: Path) -> None:
    rows = [ROWS[0].replace(",江苏省,苏州市,昆山市,", ",江苏,昆山市,,"), *ROWS[1:]]
    loaded = load_firms(_write(tmp_path, rows))
    label = str(tmp_path / "firms.csv")
    assert [str(p) for p in loaded.problems] == [
        f'{label}:2:province: "江苏" — short name, read as 江苏省 on 1 row, first here'
        " (write 江苏省) [warning G02]",
        f'{label}:2:city: "昆山市" — a county-level division of 苏州市; read as city 苏州市,'
        " district 昆山市 on 1 row, first here (write 苏州市 in city and 昆山市 in district)"
        " [warning G07]",
    ]
    assert loaded.frame.loc[0, ["province", "city", "district"]].tolist() == [
        "江苏省",
        "苏州市",
        "昆山市",
    ]


def test_two_loaded_snapshots_compare_with_the_y_rules(tmp_path: Path) -> None:
    earlier = tmp_path / "2025"
    later = tmp_path / "2026"
    earlier.mkdir()
    later.mkdir()
    previous_rows = [
        r.replace("2026-02-28", "2025-02-28").replace(",148,74,", ",150,74,") for r in ROWS
    ]
    previous = load_firms(_write(earlier, previous_rows))
    current = load_firms(_write(later, ROWS))
    assert [str(p) for p in validate_pair(previous, current)] == [
        f'{later / "firms.csv"}:2:patents_total: "148" — cumulative count decreased for 1 firm'
        " since 2025-02-28, first firm_id DM00000001: 150 → 148 (cumulative counts never fall;"
        " check both snapshots) [warning Y03]"
    ]
