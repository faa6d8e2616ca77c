"""Small hand-made Documents (zh and en) for the PDF renderer's tests."""

from __future__ import annotations

import io
from functools import cache

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

ZH_SENTENCE = "国家级专精特新“小巨人”企业占比"
ZH_LONG_ROW = 60  # body rows of the long table: more than one A4 page


@cache
def tiny_png() -> tuple[bytes, int, int]:
    """A small bar chart drawn by matplotlib (no text, so no font is needed)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3.2, 1.6), dpi=100)
    ax.bar([0, 1, 2], [3, 5, 2], color="#0072B2")
    ax.set_xticks([])
    ax.set_yticks([])
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue(), 320, 160


def _cell(text: str, *, bold: bool = False, colspan: int = 1) -> TableCell:
    return TableCell(runs=(TextRun(text),), bold=bold, colspan=colspan)


def _num(value: float | None, kind: str, digits: int, *, suppressed: bool = False) -> TableCell:
    return TableCell(runs=(NumRun(value=value, kind=kind, digits=digits, suppressed=suppressed),))


def _lang_text(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en


def make_document(lang: str, *, long_rows: int = ZH_LONG_ROW, chapters: int = 2) -> Document:
    """A document with every block kind; ``lang`` is "zh" or "en"."""
    t = lambda zh, en: _lang_text(zh, en, lang)  # noqa: E731
    locale = "zh_CN" if lang == "zh" else "en"
    png, w, h = tiny_png()
    label = lambda n: t(f"图表 {n}", f"Figure {n}")  # noqa: E731
    source = t("资料来源：项目组整理", "Source: compiled by the project team")
    share_para = Paragraph(
        runs=(
            TextRun(t(ZH_SENTENCE, "The share of national Little Giants is ")),
            NumRun(value=0.10565686016777, kind="share", digits=2, bold=True),
            TextRun(t("（约", " (about ")),
            NumRun(value=17684, kind="count", digits=0),
            TextRun(t("家），见", " firms), see ")),
            RefRun(target_id="c03", label=label(1)),
            TextRun(t("。", ".")),
            NoteRun(mark="1", text=t("按认定层级统计。", "Counted by recognition level.")),
        )
    )
    long_table = TableBlock(
        table_id="c21",
        caption=Caption(
            label(2), 2, t("各省企业数量与占比", "Firms and shares by province"), source
        ),
        header=(
            (
                _cell(t("省份", "Province")),
                _cell(t("企业数量（家）", "Firms")),
                _cell(t("占比", "Share")),
            ),
        ),
        rows=tuple(
            (
                _cell(t(f"第{i}号省份名称", f"Province number {i}")),
                _num(1000.0 * i + 0.4, "count", 0),
                _num(i / 1000, "share", 2, suppressed=(i == 7)),
            )
            for i in range(1, long_rows + 1)
        ),
        align=(Align.LEFT, Align.RIGHT, Align.RIGHT),
        notes=(
            Paragraph(
                runs=(TextRun(t("注：x 表示不足 5 家。", "Note: x marks fewer than 5 firms.")),),
                style=ParagraphStyle.NOTE,
            ),
        ),
    )
    figure = FigureBlock(
        figure_id="c03",
        caption=Caption(label(1), 1, t("企业层级分布", "Firms by level"), source),
        png=png,
        svg=b"",
        alt_text="bars",
        width_px=w,
        height_px=h,
        width_fraction=0.8,
    )
    small_table = TableBlock(
        table_id="c04",
        caption=Caption(label(3), 3, t("注册资本倍数", "Registered capital multiples"), source),
        header=(
            (_cell(t("层级", "Level")), _cell(t("中位数（万元）", "Median (CNY 10k)"), colspan=2)),
        ),
        rows=(
            (_cell(t("国家级", "National")), _num(5774.0, "value", 0), _num(2.89, "ratio", 2)),
            (_cell(t("省级", "Provincial")), _num(2000.0, "value", 0), _num(1.0, "ratio", 2)),
        ),
        align=(Align.LEFT, Align.RIGHT, Align.RIGHT),
    )
    sections = []
    for c in range(1, chapters + 1):
        sub = Section(
            heading=Heading(f"{c}.1", t(f"层级分布{c}", f"Tier split {c}"), f"s{c}_1"),
            level=2,
            blocks=(
                share_para,
                figure,
                ListBlock(
                    items=(
                        (TextRun(t("第一项", "First item")),),
                        (TextRun(t("第二项", "Second item")),),
                    ),
                    ordered=True,
                ),
                ListBlock(items=((TextRun(t("要点", "Point")),),)),
                Paragraph(
                    runs=(
                        TextRun(
                            t("关键发现：研发强度较高。", "Key finding: R&D intensity is high.")
                        ),
                    ),
                    style=ParagraphStyle.BOX,
                ),
            ),
            children=(
                Section(
                    heading=Heading(f"{c}.1.1", t("规模特征", "Scale"), f"s{c}_1_1"),
                    level=3,
                    blocks=(small_table, long_table if c == 1 else PageBreak()),
                ),
            ),
        )
        sections.append(
            Section(
                heading=Heading(
                    str(c), t(f"第{c}章 总体格局", f"Chapter {c}: the overall picture"), f"s{c}"
                ),
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
            locale=locale,
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
        continued=t("\uff08\u7eed\uff09", " (continued)"),
    )
