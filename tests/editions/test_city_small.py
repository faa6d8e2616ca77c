"""A real 3-firm city of the demo data in reduced mode (city_edition.md §5), and homonyms (§8).

临汾 (Linfen, Shanxi) has 3 firms in the demo snapshot: its edition shows counts, ranks,
districts and industries, withholds every attribute statistic, and no attribute value of its
firms (nor their medians) may appear in the PDF text, the DOCX XML or the appendix XLSX.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest

from srdi_report.config.model import BuildConfig, Config, OutputConfig
from srdi_report.data.geography import load_geography
from srdi_report.editions.build import build_edition
from srdi_report.editions.city import city_edition, city_place, resolve_city, title_names
from srdi_report.editions.city_card_file import write_cards

pytest.importorskip("srdi_report.data.demo_cache", reason="the demo generator is not in the tree")
pypdf = pytest.importorskip("pypdf")

TODAY = date(2026, 3, 1)
CITY = "141000"  # 临汾市, 3 firms in the demo snapshot
ATTRIBUTES = (
    "registered_capital",
    "insured_employees",
    "patents_total",
    "invention_grants",
    "software_copyrights",
    "invention_applications",
)
# Values below this are too common to search for (page numbers, figure numbers, counts).
SEARCHABLE_FROM = 50


def test_homonyms_get_distinct_titles_and_folders() -> None:
    geography = load_geography()
    titles = {}
    for code in ("320500", "341300", "321200", "331000"):
        spec = city_edition(code, 2026, geography=geography)
        titles[code] = (spec.edition_id, title_names(city_place(code, geography))["en"])
    assert titles["320500"][1] == "Suzhou (Jiangsu)"
    assert titles["341300"][1] == "Suzhou (Anhui)"
    assert titles["321200"][1] == "Taizhou (Jiangsu)"
    assert titles["331000"][1] == "Taizhou (Zhejiang)"
    assert len({edition_id for edition_id, _ in titles.values()}) == 4
    assert resolve_city("泰州", geography) == "321200"
    assert resolve_city("台州", geography) == "331000"


@pytest.fixture(scope="module")
def demo_city_values() -> list[str]:
    """The distinctive attribute values of the city's firms and their medians, as printed."""
    from srdi_report.data.demo_cache import demo_firms

    config = Config()
    firms = demo_firms(config.demo, config.demo.year)
    mine = firms[firms["city"].astype(str) == load_geography().city(CITY).name_zh_full]
    assert len(mine) == 3
    values: set[float] = set()
    for column in ATTRIBUTES:
        column_values = pd.to_numeric(mine[column], errors="coerce").dropna().to_numpy()
        values.update(float(v) for v in column_values)
        if len(column_values):
            values.add(float(np.median(column_values)))
    searchable = sorted(round(v) for v in values if v >= SEARCHABLE_FROM)
    assert searchable, "the city's firms have no distinctive value to search for"
    return [f"{v:,}" for v in searchable] + [str(v) for v in searchable if v >= 1000]


def _searched(values: list[str], suffix: str) -> list[str]:
    """The values searched in a file: every one in the printed reports; in the appendix,
    whose ranking sheet lists every city's firm counts, only the four-digit ones."""
    if suffix != ".xlsx":
        return values
    return [v for v in values if len(v.replace(",", "")) >= 4]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("linfen")
    config = Config(
        output=OutputConfig(
            dir=str(tmp / "output"),
            figures_dir=str(tmp / "figures"),
            formats=("txt", "pdf", "docx"),
        ),
        build=BuildConfig(workers=1, cache_dir=str(tmp / "cache"), cache=False),
    )
    spec = city_edition(CITY, 2026, reduced=True)
    result = build_edition(spec, config, None, TODAY)
    write_cards(spec, config, result.documents)
    return {str(p.relative_to(tmp)): p for p in (tmp / "output").rglob("*") if p.is_file()}


def _text_of(path: Path) -> str:
    """The printed text: PDF text, the text nodes of DOCX XML, the XLSX cell values."""
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(
                " ".join(ElementTree.fromstring(archive.read(n)).itertext())
                for n in archive.namelist()
                if n.endswith(".xml")
            )
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return path.read_text("utf-8")


@pytest.mark.slow
def test_small_demo_city_builds_every_language_and_format(built: dict[str, Path]) -> None:
    suffixes = {(p.parent.name, p.suffix) for p in built.values()}
    for lang in ("zh", "en"):
        assert (lang, ".pdf") in suffixes
        assert (lang, ".docx") in suffixes
    assert any(p.suffix == ".xlsx" for p in built.values())
    en = next(p for p in built.values() if p.parent.name == "en" and p.suffix == ".txt")
    text = en.read_text("utf-8")
    assert "The city has 3 SRDI firms" in text
    assert not re.search(r"[\u4e00-\u9fff]", text)
    assert "Withheld items" in text
    # reduced mode: sections 5-7 keep their headings and show one note, no chart or table
    section_5 = text[text.index("# 5 ") : text.index("# 6 ")]
    assert "[figure" not in section_5
    assert "[table" not in section_5
    assert "The city has fewer than 5 firms" in section_5


@pytest.mark.slow
def test_no_attribute_value_of_the_small_city_is_disclosed(
    built: dict[str, Path], demo_city_values: list[str]
) -> None:
    checked = 0
    for name, path in sorted(built.items()):
        if path.suffix not in (".pdf", ".docx", ".xlsx", ".txt"):
            continue
        text = _text_of(path)
        for value in _searched(demo_city_values, path.suffix):
            pattern = rf"(?<![\d.,]){re.escape(value)}(?![\d.,]\d)"
            assert not re.search(pattern, text), (name, value)
        checked += 1
    assert checked >= 8  # report.{pdf,docx,txt} and card.pdf per language, the appendix
