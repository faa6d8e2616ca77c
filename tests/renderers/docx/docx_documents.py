"""Small hand-made Documents (zh and en) for the DOCX renderer's tests."""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache

from srdi_report.compose.model import (
    Align,
    Block,
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

LONG_ROWS = 70  # body rows of the long table: more than one A4 page


@cache
def tiny_png(width: int = 40, height: int = 20) -> bytes:
    """A solid blue PNG written by hand (no matplotlib, no fonts)."""
    row = b"\x00" + bytes((0, 114, 178)) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    out = io.BytesIO()
    out.write(b"\x89PNG\r\n\x1a\n")
    out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
    out.write(chunk(b"IDAT", zlib.compress(raw)))
    out.write(chunk(b"IEND", b""))
    return out.getvalue()


def _cell(text: str, *, bold: bool = False, colspan: int = 1) -> TableCell:
    return TableCell(runs=(TextRun(text),), bold=bold, colspan=colspan)


def _num(value: float | None, kind: str, digits: int, *, suppressed: bool = False) -> TableCell:
    return TableCell(runs=(NumRun(value=value, kind=kind, digits=digits, suppressed=suppressed),))


def make_document(lang: str, *, long_rows: int = LONG_ROWS, chapters: int = 2) -> Document:
    """A document with every block kind; ``lang`` is "zh" or "en"."""

    def t(zh: str, en: str) -> str:
        return zh if lang == "zh" else en

    def label(n: int) -> str:
        return t(f"图表 {n}", f"Figure {n}")

    source = t("资料来源：项目组整理", "Source: compiled by the project team")
    number = 0

    def caption(title_zh: str, title_en: str) -> Caption:
        nonlocal number
        number += 1
        return Caption(label(number), number, t(title_zh, title_en), source)

    sections = []
    for c in range(1, chapters + 1):
        figure = FigureBlock(
            figure_id=f"c{c}f",
            caption=caption("企业层级分布", "Firms by level"),
            png=tiny_png(),
            svg=b"",
            alt_text=t(f"柱状图{c}：国家级企业最多", f"Bar chart {c}: national firms lead"),
            width_px=400,
            height_px=200,
            width_fraction=0.8,
        )
        small = TableBlock(
            table_id=f"c{c}s",
            caption=caption("注册资本倍数", "Registered capital multiples"),
            header=((_cell(t("层级", "Level")), _cell(t("中位数（万元）", "Median"), colspan=2)),),
            rows=(
                (_cell(t("国家级", "National")), _num(5774.0, "value", 0), _num(2.89, "ratio", 2)),
                (_cell(t("省级", "Provincial")), _num(2000.0, "value", 0), _num(1.0, "ratio", 2)),
            ),
            align=(Align.LEFT, Align.RIGHT, Align.RIGHT),
        )
        blocks: list[Block] = [small]
        if c == 1:
            blocks.append(
                TableBlock(
                    table_id="c1l",
                    caption=caption("各省企业数量与占比", "Firms and shares by province"),
                    header=(
                        (
                            _cell(t("省份", "Province")),
                            _cell(t("企业数量（家）", "Firms")),
                            _cell(t("占比", "Share")),
                        ),
                    ),
                    rows=tuple(
                        (
                            _cell(t(f"第{i}号省份", f"Province {i}")),
                            _num(1000.0 * i + 0.4, "count", 0),
                            _num(i / 1000, "share", 2, suppressed=(i == 7)),
                        )
                        for i in range(1, long_rows + 1)
                    ),
                    align=(Align.LEFT, Align.RIGHT, Align.RIGHT),
                    widths=(0.5, 0.3, 0.2),
                    notes=(
                        Paragraph(
                            runs=(TextRun(t("注：x 表示不足 5 家。", "Note: x marks < 5.")),),
                            style=ParagraphStyle.NOTE,
                        ),
                    ),
                )
            )
        else:
            blocks.append(PageBreak())
        sub = Section(
            heading=Heading(f"{c}.1", t(f"层级分布{c}", f"Tier split {c}"), f"s{c}_1"),
            level=2,
            blocks=(
                Paragraph(
                    runs=(
                        TextRun(t("国家级“小巨人”企业占比", "The national share is ")),
                        NumRun(value=0.10565686016777, kind="share", digits=2, bold=True),
                        TextRun(t("，见", ", see ")),
                        RefRun(target_id=figure.figure_id, label=figure.caption.label),
                        TextRun(t("。", ".")),
                        NoteRun(mark="1", text=t("按认定层级统计。", "By recognition level.")),
                    )
                ),
                figure,
                ListBlock(
                    items=((TextRun(t("第一项", "First")),), (TextRun(t("第二项", "Second")),)),
                    ordered=True,
                ),
                ListBlock(items=((TextRun(t("要点", "Point")),),)),
                Paragraph(
                    runs=(TextRun(t("关键发现：研发强度较高。", "Key finding: R&D is high.")),),
                    style=ParagraphStyle.BOX,
                ),
            ),
            children=(
                Section(
                    heading=Heading(f"{c}.1.1", t("规模特征", "Scale"), f"s{c}_1_1"),
                    level=3,
                    blocks=tuple(blocks),
                ),
            ),
        )
        sections.append(
            Section(
                heading=Heading(str(c), t(f"总体格局{c}", f"The overall picture {c}"), f"s{c}"),
                level=1,
                blocks=(
                    Paragraph(
                        runs=(TextRun(t("本章概述。", "This chapter in brief.")),),
                        style=ParagraphStyle.LEAD,
                    ),
                ),
                children=(sub,),
            )
        )
    return Document(
        meta=DocumentMeta(
            title=t("专精特新企业发展报告", "SRDI Firms Report"),
            author=t("项目组", "Project team"),
            subject=t("专精特新", "SRDI firms"),
            language="zh-CN" if lang == "zh" else "en",
            locale="zh_CN" if lang == "zh" else "en",
            date="2026-03-31",
            keywords=(t("小巨人", "Little Giants"), "SRDI"),
        ),
        cover=Cover(
            title=t("专精特新企业发展报告", "SRDI Firms Report"),
            subtitle=t("国家版", "National edition"),
            edition_line=t("2026 年版", "2026 edition"),
            publisher=t("项目组", "The project team"),
            date_line="2026-03-31",
        ),
        running_header=t("专精特新企业发展报告 2026", "SRDI Firms Report 2026"),
        front=(TableOfContents(title=t("目录", "Contents"), depth=3),),
        sections=tuple(sections),
        suppression_mark="x",
    )
