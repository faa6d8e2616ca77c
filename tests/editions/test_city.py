"""The city edition: city resolution, the fixed outline, and a small city built in both languages.

The build test uses a 15-firm CSV: 宿州 (Suzhou, Anhui) has 3 firms, so every attribute
statistic of the city is withheld (city_edition.md §5, reduced mode) while its counts and ranks
are shown; its firms carry distinctive values that must not appear anywhere in the text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest

from srdi_report.config.model import BuildConfig, Config, OutputConfig
from srdi_report.data.geography import Geography, load_geography
from srdi_report.editions.build import build_edition
from srdi_report.editions.city import (
    AmbiguousCityError,
    UnknownCityError,
    city_edition,
    city_place,
    resolve_city,
)
from srdi_report.editions.city_card_file import write_cards

TODAY = date(2026, 3, 1)
SMALL_CITY = "341300"  # 宿州市, Anhui: the homonym of 苏州
HEADER = (
    "snapshot_date,firm_id,name_zh,level,lg_batch,province,city,district,gbt_minor,"
    "registered_capital,insured_employees,patents_total,invention_applications,"
    "invention_applications_pending,invention_grants,software_copyrights,std_total,"
    "hon_little_giant,hon_high_tech,hon_tech_center,hon_tech_sme,hon_single_champion,"
    "hon_eng_research_center,hon_gazelle,hon_unicorn,rd_ratio_2024"
)
# The small city's values: none of these (nor their medians) may be printed.
SMALL_VALUES = (
    ("7311", "4311", "9021", "6111", "1771"),
    ("7313", "4313", "9023", "6113", "1779"),
    ("7317", "4317", "9029", "6117", "1783"),
)
OTHERS = (
    ("江苏省", "苏州市", "昆山市", 6),
    ("北京市", "北京市", "海淀区", 3),
    ("广东省", "广州市", "天河区", 3),
)


def write_firms(path: Path) -> Path:
    """15 firms: 3 in 宿州 with SMALL_VALUES, 12 elsewhere with round numbers."""
    lines = [HEADER]
    number = 0
    for i, (cap, emp, pat, inv, soft) in enumerate(SMALL_VALUES):
        number += 1
        level, batch, lg = ("national", "5", "true") if i == 0 else ("provincial", "", "false")
        tech = "true" if i < 2 else "false"
        lines.append(
            f"2026-02-28,DM{number:08d},宿州示例{number}有限公司,{level},{batch},安徽省,宿州市,"
            f"埇桥区,3421,{cap},{emp},{pat},{pat},3,{inv},{soft},1,{lg},true,{tech},"
            "true,false,false,false,false,"
        )
    for province, city, district, count in OTHERS:
        for j in range(count):
            number += 1
            level, batch, lg = ("national", "4", "true") if j == 0 else ("provincial", "", "false")
            minor = ("3985", "6511")[j % 2]
            lines.append(
                f"2026-02-28,DM{number:08d},示例{number}科技有限公司,{level},{batch},{province},"
                f"{city},{district},{minor},{1000 + 100 * j},{40 + 10 * j},{20 + 5 * j},"
                f"{10 + j},2,{4 + j},{2 + j},0,{lg},true,{'true' if j % 3 == 0 else 'false'},"
                "false,false,false,false,false,"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def geography() -> Geography:
    return load_geography()


# --- resolution ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("苏州", "320500"),
        ("苏州市", "320500"),
        ("320500", "320500"),
        ("Suzhou (Jiangsu)", "320500"),
        ("宿州", "341300"),
        ("Shenzhen", "440300"),
        ("北京", "110000"),
    ],
)
def test_resolve_city_accepts_names_and_codes(geography: Geography, text: str, code: str) -> None:
    assert resolve_city(text, geography) == code


@pytest.mark.parametrize(
    ("text", "provinces"),
    [
        ("Suzhou", ("江苏省, Jiangsu", "安徽省, Anhui")),
        ("Taizhou", ("江苏省, Jiangsu", "浙江省, Zhejiang")),
        ("Fuzhou", ("福建省, Fujian", "江西省, Jiangxi")),
        ("Yichun", ("黑龙江省, Heilongjiang", "江西省, Jiangxi")),
    ],
)
def test_ambiguous_city_lists_candidates_with_provinces(
    geography: Geography, text: str, provinces: tuple[str, ...]
) -> None:
    with pytest.raises(AmbiguousCityError) as err:
        resolve_city(text, geography)
    message = str(err.value)
    assert message.startswith(f"city {text!r} is ambiguous; candidates: ")
    for province in provinces:
        assert province in message
    assert err.value.exit_code == 2


def test_suzhou_message_names_both_cities(geography: Geography) -> None:
    with pytest.raises(AmbiguousCityError) as err:
        resolve_city("Suzhou", geography)
    assert "320500 苏州市 Suzhou (Jiangsu) (江苏省, Jiangsu)" in str(err.value)
    assert "341300 宿州市 Suzhou (Anhui) (安徽省, Anhui)" in str(err.value)


def test_unknown_city_suggests_close_names(geography: Geography) -> None:
    with pytest.raises(UnknownCityError) as err:
        resolve_city("Shenzen", geography)
    assert "unknown city 'Shenzen'; did you mean: 440300 深圳市 Shenzhen" in str(err.value)
    with pytest.raises(UnknownCityError, match=r"^unknown city 'Atlantis'; give the admin"):
        resolve_city("Atlantis", geography)


def test_homonyms_get_distinct_slugs_and_benchmarks(geography: Geography) -> None:
    jiangsu, anhui = city_place("320500", geography), city_place("341300", geography)
    assert (jiangsu.slug, anhui.slug) == ("suzhou-jiangsu", "suzhou-anhui")
    assert (jiangsu.cluster_scope, anhui.cluster_scope) == ("cluster=yrd", "cluster=yrd")
    beijing = city_place("110000", geography)
    assert beijing.municipality
    assert beijing.province_scope == ""
    assert city_place("440300", geography).cluster == "prd"
    assert city_place("510100", geography).cluster_scope == ""


# --- the spec ------------------------------------------------------------------------------------


def test_outline_is_fixed_and_card_comes_first(geography: Geography) -> None:
    spec = city_edition("320500", 2026, geography=geography)
    # the batch layout may put the admin code before the slug (city_edition.md §7)
    assert spec.edition_id in {"city/suzhou-jiangsu", "city/320500-suzhou-jiangsu"}
    assert spec.scope == "city=320500"
    numbers = [s.number for s in spec.chapters]
    assert numbers == ["1", "2", "3", "4", "5", "6", "7", "8", "11"]
    assert [s.exhibits for s in spec.chapters][2:7] == [
        ("districts",),
        ("industries", "industry_table"),
        ("capital_bands", "employee_bands", "size"),
        ("radar", "patent_bands", "innovation", "quadrants"),
        ("honours_gap", "honours"),
    ]
    other = city_edition("341300", 2026, geography=geography)
    assert [s.heading for s in other.chapters] == [s.heading for s in spec.chapters]
    # section 8 only when the data has listing columns; the numbers never shift
    plain = city_edition("341300", 2026, geography=geography, listing=False)
    assert [s.number for s in plain.chapters] == ["1", "2", "3", "4", "5", "6", "7", "11"]
    # reduced mode (§5): same sections, no attribute exhibits in 5-7, listing counts kept
    reduced = city_edition("341300", 2026, geography=geography, reduced=True)
    assert [s.number for s in reduced.chapters] == numbers
    assert [s.exhibits for s in reduced.chapters[4:8]] == [(), (), (), ("boards",)]
    exhibits = spec.exhibits()
    assert exhibits[0].spec.exhibit_id == "card"
    assert exhibits[0].spec.figure is not None
    assert exhibits[0].spec.figure.kind == "city_card"
    scopes = {r.scope for r in spec.metric_requests()}
    assert {"", "national", "province=320000", "cluster=yrd"} <= scopes


def test_municipality_has_no_province_benchmark(geography: Geography) -> None:
    spec = city_edition("110000", 2026, geography=geography)
    kpi = spec.exhibit_specs["kpi"].table
    assert kpi is not None
    scopes = [g.view.scope for g in kpi.groups if g.view is not None]
    assert scopes == ["", "cluster=jjj", "national"]


# --- a small city built in both languages --------------------------------------------------------


@pytest.fixture(scope="module")
def small_city_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The small city built once in both languages as text, PDF and DOCX: files by name."""
    tmp = tmp_path_factory.mktemp("city")
    config = Config(
        output=OutputConfig(
            dir=str(tmp / "output"),
            figures_dir=str(tmp / "figures"),
            formats=("txt", "pdf", "docx"),
        ),
        build=BuildConfig(workers=1, cache_dir=str(tmp / "cache"), cache=False),
    )
    data = write_firms(tmp / "firms.csv")
    spec = city_edition(SMALL_CITY, 2026, listing=False)  # the CSV has no listing columns
    result = build_edition(spec, config, data, TODAY)
    files = {}
    for path in result.reports:
        parts = path.relative_to(tmp / "output").parts
        assert parts[0] == "city"
        assert {"suzhou-anhui", "341300-suzhou-anhui"} & set(parts), parts
        files[f"{path.parent.name}.{path.suffix[1:]}"] = path
    for path in write_cards(spec, config, result.documents):
        files[f"{path.parent.name}.card"] = path
    return files


@pytest.fixture(scope="module")
def small_city_texts(small_city_files: dict[str, Path]) -> dict[str, str]:
    return {lang: small_city_files[f"{lang}.txt"].read_text("utf-8") for lang in ("en", "zh")}


def docx_text(path: Path) -> str:
    """The text nodes of every XML part of a DOCX (body, headers, notes, properties)."""
    parts = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xml"):
                root = ElementTree.fromstring(archive.read(name))
                parts.append(" ".join(t.strip() for t in root.itertext() if t.strip()))
    return "\n".join(parts)


def assert_no_small_values(text: str) -> None:
    for values in SMALL_VALUES:
        for value in values:
            assert not re.search(rf"(?<![\d.,]){value}(?![\d.,])", text), value
    assert "66.7" not in text  # the city's tech-center rate (2 of 3 firms)


def test_small_city_shows_counts_and_ranks(small_city_texts: dict[str, str]) -> None:
    en, zh = small_city_texts["en"], small_city_texts["zh"]
    assert "The city has 3 SRDI firms; national-level Little Giants: 1." in en
    assert "Suzhou (Anhui)" in en
    assert "本市共有专精特新企业3家，其中国家级“小巨人”企业1家。" in zh
    assert "宿州市专精特新企业发展报告（城市版）" in zh


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_small_city_withholds_attribute_statistics(
    small_city_texts: dict[str, str], lang: str
) -> None:
    text = small_city_texts[lang]
    note = {
        "en": "Note: statistics based on fewer than 5 firms are not shown",
        "zh": "注：涉及企业少于5家的统计项不予公布",
    }[lang]
    assert note in text
    assert re.search(r"(^|\s|\|)x(\s|\||$)", text, re.MULTILINE)
    assert_no_small_values(text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_withheld_value_in_docx_xml(small_city_files: dict[str, Path], lang: str) -> None:
    xml = docx_text(small_city_files[f"{lang}.docx"])
    assert_no_small_values(xml)
    assert "宿州" in xml if lang == "zh" else "Suzhou (Anhui)" in xml


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is absent")
@pytest.mark.parametrize("kind", ["en.pdf", "zh.pdf", "en.card", "zh.card"])
def test_no_withheld_value_in_pdf_text(small_city_files: dict[str, Path], kind: str) -> None:
    path = small_city_files[kind]
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert_no_small_values(text)
    if kind.endswith(".pdf"):
        assert "Suzhou (Anhui)" in text or "宿州" in text


def test_english_edition_has_no_han(small_city_texts: dict[str, str]) -> None:
    assert not re.search(r"[\u4e00-\u9fff]", small_city_texts["en"])
