"""The GB/T 4754-2017 reference (data_schema.md §5) and data/industry.py."""

from __future__ import annotations

import csv
import importlib.util
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from srdi_report.data.industry import MatchKind, Resolution, load_industry
from srdi_report.data.reference_files import read_reference_csv
from srdi_report.errors import UnknownNameError

REPO = Path(__file__).resolve().parents[2]
GLOSSARY = REPO.parent / "shared" / "spec" / "glossary.csv"

# SOURCES.md "Industry": the counts of this transcription (amendment No. 1 not applied).
EXPECTED_COUNTS = {"section": 20, "major": 97, "middle": 473, "minor": 1381}

# data_schema.md §5.1: the codes the report prints, with their official names.
REPORT_CLASSES = {
    "75": "科技推广和应用服务业",
    "65": "软件和信息技术服务业",
    "73": "研究和试验发展",
    "34": "通用设备制造业",
    "35": "专用设备制造业",
    "38": "电气机械和器材制造业",
    "74": "专业技术服务业",
    "39": "计算机、通信和其他电子设备制造业",
    "33": "金属制品业",
    "51": "批发业",
    "26": "化学原料和化学制品制造业",
    "30": "非金属矿物制品业",
    "397": "电子器件制造",
    "398": "电子元件及电子专用材料制造",
    "382": "输配电及控制设备制造",
    "749": "工业与专业设计及其他专业技术服务",
    "346": "烘炉、风机、包装等设备制造",
    "276": "生物药品制品制造",
    "651": "软件开发",
    "3985": "电子专用材料制造",
    "3824": "电力电子元器件制造",
    "3983": "敏感元件及传感器制造",
    "4011": "工业自动控制系统装置制造",
    "4014": "实验分析仪器制造",
    "3825": "光伏设备及元器件制造",
    "3841": "锂离子电池制造",
    "6511": "基础软件开发",
    "6520": "集成电路设计",
    "3073": "特种陶瓷制品制造",
    "6560": "信息技术咨询服务",
    "7320": "工程和技术研究和试验发展",
}

FIELD_DOMAINS = {
    "electronics_core",
    "high_end_equipment",
    "power_equipment",
    "general_equipment",
    "new_energy",
    "software_it",
    "rd_services",
    "advanced_materials",
    "biomedicine",
    "basic_manufacturing",
    "other",
}
KEY_FIELDS = {
    "ngit",
    "cnc_robots",
    "aerospace",
    "marine",
    "rail",
    "energy_nev",
    "power_equipment",
    "agri_machinery",
    "new_materials",
    "biomed",
    "other",
}
# data_schema.md §5.3: industry_type4 follows field_domain.
TYPE4 = {
    "electronics_core": "hard_tech",
    "high_end_equipment": "hard_tech",
    "power_equipment": "hard_tech",
    "new_energy": "hard_tech",
    "advanced_materials": "hard_tech",
    "biomedicine": "hard_tech",
    "software_it": "software_it",
    "rd_services": "rd_services",
    "general_equipment": "basic_manufacturing",
    "basic_manufacturing": "basic_manufacturing",
    "other": "other",
}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return read_reference_csv("gbt4754_2017")


# -- the table -------------------------------------------------------------------------------


def test_counts_per_level_are_those_of_sources_md(table: pd.DataFrame) -> None:
    assert table["level"].value_counts().to_dict() == EXPECTED_COUNTS
    ref = load_industry()
    assert {lvl: ref.count(lvl) for lvl in EXPECTED_COUNTS} == EXPECTED_COUNTS


def test_columns_and_unique_codes(table: pd.DataFrame) -> None:
    assert list(table.columns) == [
        "code",
        "level",
        "name_zh",
        "name_en",
        "name_zh_short",
        "name_en_short",
        "parent",
        "section",
    ]
    assert table["code"].is_unique
    assert len(table) == 1971


def test_every_class_nests_under_an_existing_parent(table: pd.DataFrame) -> None:
    by_code = table.set_index("code")
    width = {"section": 1, "major": 2, "middle": 3, "minor": 4}
    for row in table.itertuples(index=False):
        assert len(row.code) == width[row.level], row.code
        if row.level == "section":
            assert row.parent == ""
            assert row.section == row.code
            continue
        parent = by_code.loc[row.parent]
        assert parent["section"] == row.section, row.code
        if row.level == "major":
            assert parent["level"] == "section"
        else:
            assert row.code[:-1] == row.parent, row.code
            assert parent["level"] == {"middle": "major", "minor": "middle"}[row.level]


def test_sections_are_a_to_t_and_manufacturing_holds_majors_13_to_43(table: pd.DataFrame) -> None:
    sections = table[table["level"] == "section"]
    assert "".join(sections["code"]) == "ABCDEFGHIJKLMNOPQRST"
    majors = table[(table["level"] == "major") & (table["section"] == "C")]["code"]
    assert list(majors) == [str(m) for m in range(13, 44)]


def test_every_middle_class_has_at_least_one_minor_class(table: pd.DataFrame) -> None:
    minors = table[table["level"] == "minor"]
    middles = set(table.loc[table["level"] == "middle", "code"])
    assert set(minors["parent"]) == middles


def test_the_report_classes_exist_with_their_official_names(table: pd.DataFrame) -> None:
    names = dict(zip(table["code"], table["name_zh"], strict=True))
    assert {code: names.get(code) for code in REPORT_CLASSES} == REPORT_CLASSES


def test_repaired_and_implicit_classes_of_the_transcription(table: pd.DataFrame) -> None:
    names = dict(zip(table["code"], table["name_zh"], strict=True))
    # The copy merged these with their parent node (SOURCES.md); 0190 and 9700 are implicit.
    assert names["7271"] == "安全服务"
    assert names["727"] == "安全保护服务"
    assert names["8053"] == "养生保健服务"
    assert names["9051"] == "文化活动服务"
    assert names["905"] == "文化体育娱乐活动与经纪代理服务"
    assert names["0190"] == "其他农业"
    assert names["9700"] == "国际组织"
    assert names["0111"] == "稻谷种植"
    assert names["1120"] == "石油和天然气开采专业及辅助性活动"


def test_english_names_are_ascii_and_present_on_every_row(table: pd.DataFrame) -> None:
    assert (table["name_en"] != "").all()
    assert table["name_en"].map(str.isascii).all()
    assert table["name_en_short"].map(str.isascii).all()
    names = dict(zip(table["code"], table["name_en"], strict=True))
    assert names["3985"] == "Special electronic materials manufacturing"
    assert names["6520"] == "Integrated-circuit design"
    assert names["0190"] == "Other agriculture"  # inherited from middle 019


def test_english_names_follow_the_glossary() -> None:
    ref = load_industry()
    with GLOSSARY.open(encoding="utf-8") as fh:
        rows = [
            r for r in csv.DictReader(fh) if r["term_id"].split("_")[0] in {"ind", "mid", "min"}
        ]
    checked = 0
    for row in rows:
        code = row["term_id"].split("_", 1)[1]
        if not ref.is_valid(code):
            continue  # min_hpf: a report group, not a class
        assert ref.name(code, "en").lower() == row["en"].lower(), code
        checked += 1
    assert checked == 52


def test_short_labels_for_every_report_class(table: pd.DataFrame) -> None:
    short = table.set_index("code").loc[list(REPORT_CLASSES)]
    assert (short["name_zh_short"] != "").all()
    assert (short["name_en_short"] != "").all()
    ref = load_industry()
    assert ref.name("3985", "zh", short=True) == "电子专用材料"
    assert ref.name("3985", "en", short=True) == "Special electronic materials"
    assert ref.name("01", "en", short=True) == "Agriculture"  # no short label: the full name


def test_shipped_csv_is_what_the_build_script_makes() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_industry", REPO / "tools" / "build_industry.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
        assert module.main(["--check"]) == 0
    finally:
        del sys.modules[spec.name]


# -- look-ups --------------------------------------------------------------------------------


def test_parent_section_ancestor_and_validity() -> None:
    ref = load_industry()
    assert ref.parent("3985") == "398"
    assert ref.parent("39") == "C"
    assert ref.parent("C") is None
    assert ref.section_of("6520") == "I"
    assert ref.ancestor("3985", "major") == "39"
    assert ref.ancestor("3985", "section") == "C"
    assert ref.is_valid("3985", "minor")
    assert not ref.is_valid("3985", "middle")
    assert not ref.is_valid("3999")
    assert ref.section_by_major["05"] == "A"
    with pytest.raises(UnknownNameError, match="no GB/T 4754-2017 class '3999'; codes with"):
        ref.get("3999")


@pytest.mark.parametrize(
    ("value", "level", "expected"),
    [
        ("3985", "minor", Resolution("3985", "minor", "3985", MatchKind.EXACT)),
        ("111", "minor", Resolution("111", "minor", "0111", MatchKind.PADDED)),
        ("5", "major", Resolution("5", "major", "05", MatchKind.PADDED)),
        (111, "minor", Resolution("111", "minor", "0111", MatchKind.PADDED)),
        ("111.0", "minor", Resolution("111.0", "minor", "0111", MatchKind.PADDED)),
        ("C3985", "minor", Resolution("C3985", "minor", "3985", MatchKind.PREFIXED)),
        ("A111", "minor", Resolution("A111", "minor", "0111", MatchKind.PADDED)),
        ("D3985", "minor", Resolution("D3985", "minor", None, MatchKind.INVALID, ("3985",))),
        ("3999", "minor", Resolution("3999", "minor", None, MatchKind.INVALID, ("3990",))),
        ("3985", "major", Resolution("3985", "major", None, MatchKind.INVALID, ("39",))),
        (
            "电子专用材料制造",
            "minor",
            Resolution("电子专用材料制造", "minor", "3985", MatchKind.NAME),
        ),
        ("电子器件制造", "middle", Resolution("电子器件制造", "middle", "397", MatchKind.NAME)),
        ("羽毛(绒)加工", "minor", Resolution("羽毛(绒)加工", "minor", "1941", MatchKind.NAME)),
        (
            "3985 电子专用材料制造",
            "minor",
            Resolution("3985 电子专用材料制造", "minor", "3985", MatchKind.CODE_NAME),
        ),
        ("制造业", "section", Resolution("制造业", "section", "C", MatchKind.NAME)),
        ("c", "section", Resolution("c", "section", "C", MatchKind.EXACT)),
        ("", "minor", Resolution("", "minor", None, MatchKind.EMPTY)),
        (None, "minor", Resolution("", "minor", None, MatchKind.EMPTY)),
    ],
)
def test_resolve(value: object, level: str, expected: Resolution) -> None:
    assert load_industry().resolve(value, level) == expected


def test_unknown_name_lists_candidates_with_codes() -> None:
    ref = load_industry()
    near = ref.resolve("电子专用材料", "minor")
    assert near.kind is MatchKind.UNKNOWN_NAME
    assert not near.kind.accepted
    assert near.candidates[0] == "3985"
    # A major-class name in a minor column offers the major code first.
    wrong_level = ref.resolve("通用设备制造业", "minor")
    assert wrong_level.kind is MatchKind.UNKNOWN_NAME
    assert wrong_level.candidates[0] == "34"


def test_suggestions_share_the_longest_prefix() -> None:
    ref = load_industry()
    assert ref.suggest("3999", "minor") == ("3990",)
    assert ref.suggest("3986", "minor") == ("3981", "3982", "3983", "3984", "3985")
    assert ref.suggest("39", "minor", limit=3) == ("3911", "3912", "3913")


def test_resolve_series_maps_each_distinct_value() -> None:
    ref = load_industry()
    values = pd.Series(
        ["3985", "111", None, "  ", "电子专用材料制造", "3999"], index=[5, 6, 7, 8, 9, 10]
    )
    out = ref.resolve_series(values, "minor")
    assert out.index.tolist() == [5, 6, 7, 8, 9, 10]
    assert out["code"].tolist() == ["3985", "0111", pd.NA, pd.NA, "3985", pd.NA]
    assert out["kind"].tolist() == ["exact", "padded", "empty", "empty", "name", "invalid"]


def test_nesting() -> None:
    ref = load_industry()
    assert ref.nests(minor="3985", middle="398", major="39", section="C")
    assert not ref.nests(minor="3985", major="34")  # data_schema.md I02 example
    assert not ref.nests(middle="397", major="38")
    assert not ref.nests(major="39", section="D")
    assert ref.nests(minor="3985")
    mask = ref.nesting_mask(
        pd.Series(["3985", "3985", None, "0111"]),
        None,
        pd.Series(["39", "34", "34", "01"]),
        pd.Series([None, None, "C", "B"]),
    )
    assert mask.tolist() == [True, False, True, False]


# -- field attributes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "field_domain"),
    [
        ("397", "electronics_core"),
        ("3972", "electronics_core"),
        ("398", "electronics_core"),
        ("3985", "electronics_core"),
        ("3824", "electronics_core"),
        ("382", "power_equipment"),
        ("3821", "power_equipment"),
        ("3822", "power_equipment"),
        ("3823", "power_equipment"),
        ("3829", "power_equipment"),
        ("3825", "new_energy"),
        ("3841", "new_energy"),
        ("4011", "high_end_equipment"),
        ("4014", "high_end_equipment"),
        ("34", "general_equipment"),
        ("346", "general_equipment"),
        ("3461", "general_equipment"),
        ("651", "software_it"),
        ("6511", "software_it"),
        ("6520", "software_it"),
        ("6560", "software_it"),
        ("73", "rd_services"),
        ("7320", "rd_services"),
        ("3073", "advanced_materials"),
        ("2829", "advanced_materials"),
        ("3061", "advanced_materials"),
        ("3062", "advanced_materials"),
        ("276", "biomedicine"),
        ("2762", "biomedicine"),
        ("33", "basic_manufacturing"),
        ("3311", "basic_manufacturing"),
    ],
)
def test_field_domain_anchors_of_the_report(code: str, field_domain: str) -> None:
    found = load_industry().field_class(code)
    assert found.field_domain == field_domain
    assert found.industry_type4 == TYPE4[field_domain]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("3491", ("high_end_equipment", "hard_tech", "cnc_robots")),
        ("3421", ("general_equipment", "basic_manufacturing", "cnc_robots")),
        ("3581", ("biomedicine", "hard_tech", "biomed")),
        ("3571", ("high_end_equipment", "hard_tech", "agri_machinery")),
        ("3612", ("basic_manufacturing", "basic_manufacturing", "energy_nev")),
        ("3711", ("high_end_equipment", "hard_tech", "rail")),
        ("3737", ("high_end_equipment", "hard_tech", "marine")),
        ("3741", ("high_end_equipment", "hard_tech", "aerospace")),
        ("3811", ("power_equipment", "hard_tech", "power_equipment")),
        ("3851", ("basic_manufacturing", "basic_manufacturing", "power_equipment")),
        ("3843", ("new_energy", "hard_tech", "energy_nev")),
        ("3911", ("high_end_equipment", "hard_tech", "ngit")),
        ("3985", ("electronics_core", "hard_tech", "new_materials")),
        ("2651", ("basic_manufacturing", "basic_manufacturing", "new_materials")),
        ("6432", ("software_it", "software_it", "ngit")),
        ("7491", ("rd_services", "rd_services", "other")),
        ("7517", ("rd_services", "rd_services", "other")),
        ("1311", ("basic_manufacturing", "basic_manufacturing", "other")),  # C fallback
        ("5211", ("other", "other", "other")),  # non-C fallback
        ("C", ("basic_manufacturing", "basic_manufacturing", "other")),
        ("A", ("other", "other", "other")),
    ],
)
def test_field_attributes_most_specific_code_wins(code: str, expected: tuple[str, ...]) -> None:
    found = load_industry().field_class(code)
    assert (found.field_domain, found.industry_type4, found.key_field10) == expected


def test_every_code_has_valid_field_attributes() -> None:
    ref = load_industry()
    assert len(ref.field_classes) == 1971
    for code, found in ref.field_classes.items():
        assert found.field_domain in FIELD_DOMAINS, code
        assert found.industry_type4 == TYPE4[found.field_domain], code
        assert found.key_field10 in KEY_FIELDS, code


def test_field_map_rows_state_their_basis() -> None:
    rows = read_reference_csv("field_domain_map")
    ref = load_industry()
    assert rows["code"].is_unique
    assert rows["code"].map(ref.is_valid).all()
    chart_codes = set(rows.loc[rows["basis"] != "project", "code"])
    assert chart_codes == {
        "276", "2829", "3061", "3062", "3073", "33", "34", "346", "382", "3824", "3825",
        "3841", "397", "398", "4011", "4014", "651", "6511", "6520", "6560", "73", "7320",
    }  # fmt: skip
    assert rows["basis"].str.match(r"^(project|图表\d\d)").all()
    for row in rows.itertuples(index=False):
        if row.field_domain:
            assert row.industry_type4 == TYPE4[row.field_domain]
        else:
            assert row.industry_type4 == ""


def test_classify_uses_the_most_specific_valid_code() -> None:
    ref = load_industry()
    assert ref.classify("39", "398", "3985") == ("electronics_core", "hard_tech", "new_materials")
    assert ref.classify("39", "391", "") == ("high_end_equipment", "hard_tech", "ngit")
    assert ref.classify("38", "382", "3828") == ("power_equipment", "hard_tech", "power_equipment")
    assert ref.classify("", "", "") == ("", "", "")


# -- derivation over a frame ---------------------------------------------------------------------


def test_derive_fills_levels_and_field_attributes() -> None:
    ref = load_industry()
    minor = pd.Series(["3985", None, None, "0111", None, "3824"], dtype="string")
    middle = pd.Series([None, "382", None, None, None, None], dtype="string")
    major = pd.Series([None, None, "75", None, None, None], dtype="string")
    out = ref.derive(minor=minor, middle=middle, major=major)
    assert list(out.columns) == [
        "gbt_section",
        "gbt_major",
        "gbt_middle",
        "gbt_minor",
        "field_domain",
        "industry_type4",
        "key_field10",
    ]
    assert (out.dtypes == "string").all()
    rows = out.astype(object).where(out.notna(), None).values.tolist()
    assert rows == [
        ["C", "39", "398", "3985", "electronics_core", "hard_tech", "new_materials"],
        ["C", "38", "382", None, "power_equipment", "hard_tech", "power_equipment"],
        ["M", "75", None, None, "rd_services", "rd_services", "other"],
        ["A", "01", "011", "0111", "other", "other", "other"],
        [None, None, None, None, None, None, None],
        ["C", "38", "382", "3824", "electronics_core", "hard_tech", "power_equipment"],
    ]


def test_derive_keeps_given_levels_and_falls_back_by_section() -> None:
    ref = load_industry()
    out = ref.derive(
        minor=pd.Series(["3999"], dtype="string"),  # invalid: the middle decides
        section=pd.Series(["C"], dtype="string"),
    )
    assert out.iloc[0].tolist() == [
        "C",
        "39",
        "399",
        "3999",
        "high_end_equipment",
        "hard_tech",
        "ngit",
    ]
    only_section = ref.derive(section=pd.Series(["C", "F", "Z"], dtype="string"))
    assert only_section["field_domain"].tolist() == ["basic_manufacturing", "other", pd.NA]


def test_derive_is_fast_on_a_full_snapshot() -> None:
    ref = load_industry()
    rng = np.random.default_rng(7)
    n = 167_372
    minor = pd.Series(rng.choice(np.array(ref.codes("minor")), n), dtype="string")
    minor[rng.random(n) < 0.05] = pd.NA
    middle = pd.Series(pd.NA, index=minor.index, dtype="string")
    middle[minor.isna()] = "397"
    start = time.perf_counter()
    out = ref.derive(minor=minor, middle=middle)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"derive took {elapsed:.3f} s"
    assert out["field_domain"].notna().all()
    assert (out.loc[minor.isna(), "field_domain"] == "electronics_core").all()
    expected_major = minor.str.slice(0, 2).fillna("39")
    assert out["gbt_major"].equals(expected_major)


# -- report groups and batches ---------------------------------------------------------------


def test_report_groups() -> None:
    ref = load_industry()
    assert set(ref.groups) == {
        "equipment_mfg",
        "producer_services",
        "producer_services_incl_software",
        "biopharma_products",
        "hp_fibre_composites",
    }
    assert ref.group("equipment_mfg").members == ("34", "35", "38", "39")
    assert ref.group("producer_services").members == ("73", "74", "75")
    assert ref.group("biopharma_products").members == ("276",)
    hp = ref.group("hp_fibre_composites")
    assert (hp.member_level, hp.members) == ("minor", ("2829", "3061", "3062"))
    assert hp.name_zh == "高性能纤维及复合材料制造"
    assert "战略性新兴产业分类（2018）" in hp.source
    with pytest.raises(UnknownNameError, match="unknown industry group 'hpfc'; known: biopharma"):
        ref.group("hpfc")


def test_in_group_over_code_columns() -> None:
    ref = load_industry()
    minor = pd.Series(["3061", "3062", "2829", "2822", "3091", None, "306", "3985"])
    assert ref.in_group("hp_fibre_composites", minor).tolist() == [
        True, True, True, False, False, False, False, False,
    ]  # fmt: skip
    assert ref.in_group("equipment_mfg", minor).tolist() == [False] * 7 + [True]
    biopharma = pd.Series(["2761", "2762", "276", "2770"])
    assert ref.in_group("biopharma_products", biopharma).tolist() == [True, True, True, False]


def test_lg_batches_table() -> None:
    rows = read_reference_csv("lg_batches")
    assert list(rows.columns) == ["batch", "year", "announced"]
    assert list(zip(rows["batch"], rows["year"], strict=True)) == [
        (str(b), str(2018 + b)) for b in range(1, 8)
    ]
