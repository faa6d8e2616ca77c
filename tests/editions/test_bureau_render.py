"""The bureau file in a city edition: sections 9–10 in both languages, text printed as data.

The document is composed from the city edition's spec with only its bureau sections (no
metrics needed), so the test is fast; a whole build is covered by the city edition's tests.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from srdi_report.compose.accessors import EditionIdentity
from srdi_report.compose.composer import compose
from srdi_report.compose.model import (
    Document,
    FigureBlock,
    ListBlock,
    PageBreak,
    Paragraph,
    ParagraphStyle,
    TextRun,
)
from srdi_report.data.geography import Geography, load_geography
from srdi_report.editions.bureau import (
    BUREAU_SEGMENT_PREFIXES,
    BureauFile,
    LocalText,
    bureau_sections,
    load_bureau,
)
from srdi_report.editions.bureau_layout import layout_growth_files
from srdi_report.editions.city import city_edition
from srdi_report.renderers.registry import get_renderer

AS_OF = date(2026, 2, 28)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bureau"
HAN = re.compile("[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def geography() -> Geography:
    return load_geography()


@pytest.fixture(scope="module")
def shenzhen() -> BureauFile:
    return load_bureau(
        FIXTURES / "440300.yaml", city_code="440300", year=2026, firms=None, as_of=AS_OF
    )


def compose_bureau(geography: Geography, bureau: BureauFile, locale: str) -> Document:
    spec = city_edition("440300", 2026, geography=geography, bureau=bureau)
    only = tuple(s for s in spec.chapters if s.number in ("9", "10"))
    identity = EditionIdentity(
        edition_id=spec.edition_id, year=2026, snapshot_date=AS_OF, fin_year=2024
    )
    return compose(replace(spec, chapters=only), {}, {}, locale, identity=identity)


def text_of(block: object) -> str:
    if isinstance(block, Paragraph):
        return "".join(getattr(run, "text", "") for run in block.runs)
    if isinstance(block, ListBlock):
        return "\n".join("".join(getattr(r, "text", "") for r in item) for item in block.items)
    return ""


@pytest.fixture(scope="module")
def documents(geography: Geography, shenzhen: BureauFile) -> dict[str, Document]:
    return {lang: compose_bureau(geography, shenzhen, lang) for lang in ("zh", "en")}


def section_text(document: Document, number: str) -> str:
    section = next(s for s in document.sections if s.heading.number == number)
    return "\n".join(text_of(b) for b in section.blocks)


def test_outline_gets_sections_9_and_10_before_the_appendix(
    geography: Geography, shenzhen: BureauFile
) -> None:
    plain = city_edition("440300", 2026, geography=geography)
    spec = city_edition("440300", 2026, geography=geography, bureau=shenzhen)
    numbers = [s.number for s in spec.chapters]
    assert numbers == [*[s.number for s in plain.chapters][:-1], "9", "10", "11"]
    assert spec.caption_args["bureau"] is shenzhen
    assert "bureau" not in plain.caption_args
    assert spec.title_args["headline"]["en"] == "A market-driven city where Little Giants take root"


def test_only_the_supplied_sections(shenzhen: BureauFile) -> None:
    assert [s.number for s in bureau_sections(replace(shenzhen, observations=()))] == ["10"]
    assert [s.number for s in bureau_sections(replace(shenzhen, growth_files=()))] == ["9"]


def test_headings_and_cover_headline(documents: dict[str, Document]) -> None:
    zh, en = documents["zh"], documents["en"]
    assert [s.heading.title for s in zh.sections] == ["经验与观察", "成长档案"]
    assert [s.heading.title for s in en.sections] == ["Lessons and observations", "Growth files"]
    assert zh.cover.subtitle == "市场沃土孕育深圳“小巨人”"
    assert en.cover.subtitle == "A market-driven city where Little Giants take root"


def test_observations_in_both_languages(documents: dict[str, Document]) -> None:
    zh, en = section_text(documents["zh"], "9"), section_text(documents["en"], "9")
    assert "一企一策的精准服务" in zh
    assert "Services tailored to each firm" in en
    assert "深圳在企业服务平台上设立专精特新专区" in zh
    assert "本节文字由深圳市中小企业服务局提供" in zh
    assert "Text supplied by Shenzhen SME Service Bureau." in en


def test_growth_file_cards(documents: dict[str, Document]) -> None:
    zh, en = section_text(documents["zh"], "10"), section_text(documents["en"], "10")
    assert "影石创新科技股份有限公司：让镜头看见完整的全景" in zh
    assert "Arashi Vision Inc. (Insta360): Cameras that see the whole scene" in en
    # the vocabulary's wording, from the catalogs, in date order
    assert "2015-07　注册成立\n2021-11　被评为国家级制造业单项冠军（产品）企业" in zh
    assert "2023-05: Recognized as a national-level Little Giant" in en
    assert "专业化" in zh
    assert "Innovativeness" in en
    assert "Growth files supplied by Shenzhen SME Service Bureau." in en
    assert en.count("Milestones") == 3


def test_bureau_segments_carry_the_exempt_prefixes(documents: dict[str, Document]) -> None:
    for section in documents["en"].sections:
        for block in section.blocks:
            segment = getattr(block, "segment_id", "")
            assert segment.startswith(BUREAU_SEGMENT_PREFIXES), segment


def test_english_has_no_han(documents: dict[str, Document]) -> None:
    for number in ("9", "10"):
        assert not HAN.search(section_text(documents["en"], number))
    assert not HAN.search(documents["en"].cover.subtitle)


def test_bureau_text_is_data_not_markup(geography: Geography, shenzhen: BureauFile) -> None:
    observation = shenzhen.observations[0]
    tricky = replace(
        observation,
        body=replace(observation.body, en="- **not bold** {{ edition.year }} %(city)s {% if %}"),
    )
    bureau = replace(shenzhen, observations=(tricky,))
    document = compose_bureau(geography, bureau, "en")
    section = document.sections[0]
    body = [b for b in section.blocks if isinstance(b, Paragraph)][1]
    assert body.style is ParagraphStyle.BODY
    assert body.runs == (TextRun("- **not bold** {{ edition.year }} %(city)s {% if %}"),)


# --- page layout of the growth files: two cards per page, logos ----------------------------------


@pytest.fixture(scope="module")
def guangzhou_laid_out(geography: Geography) -> dict[str, Document]:
    bureau = load_bureau(
        FIXTURES / "440100.yaml", city_code="440100", year=2026, firms=None, as_of=AS_OF
    )
    spec = city_edition("440100", 2026, geography=geography, bureau=bureau)
    only = tuple(s for s in spec.chapters if s.number in ("9", "10"))
    identity = EditionIdentity(
        edition_id=spec.edition_id, year=2026, snapshot_date=AS_OF, fin_year=2024
    )
    out = {}
    for lang in ("zh", "en"):
        document = compose(replace(spec, chapters=only), {}, {}, lang, identity=identity)
        out[lang] = layout_growth_files(document, spec.caption_args["bureau"])
    return out


def test_two_cards_per_page_and_the_logo(guangzhou_laid_out: dict[str, Document]) -> None:
    section = guangzhou_laid_out["en"].sections[1]
    kinds = [
        type(b).__name__ + (f":{b.segment_id}" if isinstance(b, Paragraph) else "")
        for b in section.blocks
        if isinstance(b, PageBreak | FigureBlock) or getattr(b, "segment_id", "").find("/name") > 0
    ]
    assert kinds == [
        "Paragraph:city/s10/name[gf-1]",
        "Paragraph:city/s10/name[gf-2]",
        "FigureBlock",
        "PageBreak",
        "Paragraph:city/s10/name[gf-3]",
    ]
    logo = next(b for b in section.blocks if isinstance(b, FigureBlock))
    assert logo.png.startswith(b"\x89PNG")
    assert (logo.width_px, logo.height_px) == (120, 120)
    assert not logo.caption.shown
    assert logo.alt_text.startswith("Guangzhou Robustel IoT Technology Co., Ltd.")


def test_layout_without_a_bureau_is_a_no_op(documents: dict[str, Document]) -> None:
    assert layout_growth_files(documents["en"], None) is documents["en"]


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_laid_out_cards_render(guangzhou_laid_out: dict[str, Document], fmt: str) -> None:
    for lang, document in guangzhou_laid_out.items():
        data = get_renderer(fmt).render(document, document.meta.locale)
        assert len(data) > 1000, (fmt, lang)
        if fmt == "txt":
            text = data.decode("utf-8")
            assert ("宏景科技股份有限公司" in text) == (lang == "zh")
        if fmt == "docx":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                xml = archive.read("word/document.xml").decode("utf-8")
            assert bool(HAN.search(xml)) == (lang == "zh")
            assert ("Hongjing Technology Co., Ltd." in xml) == (lang == "en")


def test_local_text_paragraphs() -> None:
    text = LocalText(zh="第一段\n接续。\n\n第二段。", en="First line\ngoes on.\n\n\nSecond.")
    assert text.paragraphs("zh_CN") == ("第一段接续。", "第二段。")
    assert text.paragraphs("en") == ("First line goes on.", "Second.")
    assert text.text("en") == "First line goes on. Second."
    assert text.text("zh") == "第一段接续。第二段。"
