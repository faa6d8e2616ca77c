"""The plain-text renderer: every block type, numbers per locale, the golden text of a document.

Snapshots live in ``__snapshots__/test_text/``; rewrite them with ``SRDI_UPDATE_SNAPSHOTS=1``
and read the diff as a proofreader before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from srdi_report.compose.model import (
    Align,
    Caption,
    Cover,
    Document,
    DocumentMeta,
    FigureBlock,
    Heading,
    ListBlock,
    NoteRun,
    NumRun,
    PageBreak,
    Paragraph,
    ParagraphStyle,
    RefRun,
    Section,
    TableBlock,
    TableCell,
    TableOfContents,
    TextRun,
)
from srdi_report.errors import UnknownNameError
from srdi_report.renderers.registry import get_renderer, load_renderers
from srdi_report.renderers.text import caption_line, display_width, render_text

SNAPSHOTS = Path(__file__).parent / "__snapshots__" / "test_text"


def assert_golden(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("SRDI_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}; run with SRDI_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8")


def cell(text: str) -> TableCell:
    return TableCell((TextRun(text),))


def num_cell(value: float | None, kind: str, digits: int, **extra: bool) -> TableCell:
    return TableCell((NumRun(value, kind, digits, **extra),))


def document(zh: bool) -> Document:
    caption = Caption(
        label="图表 3" if zh else "Figure 3",
        number=3,
        title="层级分布" if zh else "Tier split",
        source="资料来源：项目组整理" if zh else "Source: compiled by the project team",
    )
    table = TableBlock(
        table_id="c04",
        caption=Caption(caption.label.replace("3", "4"), 4, "注册资本" if zh else "Capital", ""),
        header=((cell("层级" if zh else "Level"), cell("中位数" if zh else "Median")),),
        rows=(
            (cell("国家级" if zh else "National"), num_cell(5774.0, "value", 0)),
            (cell("省级" if zh else "Provincial"), num_cell(None, "value", 0, suppressed=True)),
            (
                TableCell((TextRun("差距" if zh else "Gap"),), colspan=1),
                num_cell(0.233, "pp", 1, signed=True),
            ),
        ),
        align=(Align.LEFT, Align.RIGHT),
        notes=(
            Paragraph(
                (TextRun("x = 少于 5 家" if zh else "x = fewer than 5 firms"),), ParagraphStyle.NOTE
            ),
        ),
    )
    figure = FigureBlock(
        figure_id="c03",
        caption=caption,
        png=b"\x89PNG",
        svg=b"<svg/>",
        alt_text="两类层级" if zh else "Two tiers",
        width_px=1260,
        height_px=720,
    )
    share = NumRun(0.10565686, "share", 2, metric_id="firms_by_level")
    chapter = Section(
        heading=Heading("2", "发展现状" if zh else "Current state", "s2"),
        level=1,
        blocks=(
            Paragraph(
                (TextRun("本章概述。" if zh else "This chapter in brief."),), ParagraphStyle.LEAD
            ),
        ),
        children=(
            Section(
                heading=Heading("2.1", "规模" if zh else "Size", "s2_1"),
                level=2,
                blocks=(
                    Paragraph(
                        (
                            TextRun("国家级占 " if zh else "National-level firms make up "),
                            share,
                            TextRun("（" if zh else " ("),
                            NumRun(17684.0, "approx_count", 1),
                            TextRun(" 家），见" if zh else " firms), see "),
                            RefRun("c03", caption.label),
                            NoteRun("1", "按认定层级。" if zh else "By recognition level."),
                            TextRun("。" if zh else "."),
                        ),
                    ),
                    figure,
                    PageBreak(),
                    ListBlock(items=((TextRun("甲"),), (TextRun("乙"),)), ordered=True),
                    table,
                ),
            ),
        ),
    )
    meta = DocumentMeta(
        "T", "A", "S", "zh-CN" if zh else "en", "zh_CN" if zh else "en", "2026-02-28"
    )
    cover = Cover(
        title="专精特新企业培育发展报告" if zh else "Cultivating SRDI Firms",
        subtitle="",
        edition_line="2026 年版" if zh else "2026 edition",
        publisher="项目组" if zh else "Project team",
        date_line="数据截至 2026年2月28日" if zh else "Data as of February 28, 2026",
    )
    return Document(
        meta=meta,
        cover=cover,
        running_header=cover.title,
        front=(TableOfContents("目录" if zh else "Contents", depth=2),),
        sections=(chapter,),
    )


@pytest.mark.parametrize(("zh", "locale"), [(True, "zh_CN"), (False, "en")])
def test_document_text_matches_snapshot(zh: bool, locale: str) -> None:
    assert_golden(f"document_{locale}.txt", render_text(document(zh), locale))


def test_numbers_follow_the_locale_and_the_suppression_mark() -> None:
    zh = render_text(document(True), "zh_CN")
    en = render_text(document(False), "en")
    assert "国家级占 10.57%（约1.8万 家），见图表 3[1]。" in zh
    assert "National-level firms make up 10.57% (about 17,700 firms), see Figure 3[1]." in en
    assert "  [1] By recognition level." in en
    # A withheld cell prints the document's mark, right-aligned in its column.
    assert "| Provincial |       x |" in en
    assert "| Gap        | +23.3pp |" in en


def test_table_columns_pad_by_display_width() -> None:
    zh = render_text(document(True), "zh_CN").splitlines()
    rows = [line for line in zh if line.startswith("| ")]
    assert len({display_width(line) for line in rows}) == 1, rows
    assert display_width("国家级") == 6


def test_caption_separator_by_language() -> None:
    caption = Caption("图表 16", 16, "省份分布", "")
    assert caption_line(caption, "zh_CN") == "图表 16：省份分布"
    assert caption_line(Caption("Figure 16", 16, "Provinces", ""), "en") == "Figure 16: Provinces"


def test_txt_is_a_registered_format_and_renders_utf8() -> None:
    data = get_renderer("txt").render(document(False), "en")
    assert data.decode("utf-8").startswith("Cultivating SRDI Firms\n2026 edition\nProject team\n")
    assert "txt" in load_renderers()


def test_unknown_format_lists_the_known_ones() -> None:
    with pytest.raises(UnknownNameError) as caught:
        get_renderer("tex")
    assert "unknown output format 'tex'" in str(caught.value)
    assert "txt" in str(caught.value).split("Known: ")[1]
