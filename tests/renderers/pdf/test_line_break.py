"""Chinese line breaking: wrap narrow CJK paragraphs and read the lines ReportLab made."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from srdi_report.renderers.pdf import line_break
from srdi_report.renderers.pdf.fonts import PdfFont, body_font

OPENING = "（《「『“‘"
CLOSING = "。，、；：？！）》」』”’…％"
NUMBER = re.compile(r"[+\-−]?\d[\d,.]*%?")
# Ten CJK characters per line at 10 pt in a 100 pt column.
WIDTH = 100.0


@pytest.fixture(scope="module")
def font() -> PdfFont:
    return body_font("zh_CN")


@pytest.fixture
def installed() -> Iterator[None]:
    line_break.install_cjk_line_breaking()
    yield
    line_break.uninstall_cjk_line_breaking()


@pytest.fixture
def reportlab_default() -> None:
    line_break.uninstall_cjk_line_breaking()


def wrapped(text: str, font: PdfFont, width: float = WIDTH) -> list[str]:
    style = ParagraphStyle("body", fontName=font.regular, fontSize=10, leading=14, wordWrap="CJK")
    para = Paragraph(text, style)
    para.wrap(width, 10_000)
    bl = para.blPara
    if bl.kind == 0:  # one fragment: [extraSpace, [text]] per line
        return [line[1][0] for line in bl.lines]
    return ["".join(word.text for word in line.words) for line in bl.lines]


def assert_rules(lines: list[str], text: str) -> None:
    plain = re.sub(r"<[^>]+>", "", text)
    assert "".join(lines) == plain
    for previous, line in itertools.pairwise(lines):
        assert line[0] not in CLOSING, (previous, line)
        assert previous[-1] not in OPENING, (previous, line)
    breaks = {sum(len(line) for line in lines[:k]) for k in range(1, len(lines))}
    for number in NUMBER.finditer(plain):
        inside = set(range(number.start() + 1, number.end()))
        assert not breaks & inside, (number.group(), lines)


CASES = [
    # (text, where ReportLab alone goes wrong)
    "一二三四五六七八九十，逗号不能在行首。",  # ， would start line 2
    "一二三四五六七八九十；分号也不能。",
    "一二三四五六七八九十》书名号。",
    "一二三四五六七八九十”引号。",
    "一二三四五六七八九《十万个为什么》。",  # 《 would end line 1
    "一二三四五六七八九“引号”在此。",
    "一二三四五六七八九（括号）在此。",
    "一二三四五六七十》。两个闭合标点。",  # two closing marks in a row
    "数值1234567890是一个很长的数字",  # digits split in the middle
    "占比为10.57%，约1.8万家企业参与评选",
    "一二三四五六七八39,218元的收入",
    "国家级比省级高+23.3pp和−2.7%的差异",
    "一二三四五六七八九……省略号",
    "一二三四五六七八九——破折号",
]


@pytest.mark.parametrize("width", [WIDTH, 60.0, 75.0])
@pytest.mark.parametrize("text", CASES)
def test_lines_follow_the_rules(text: str, width: float, font: PdfFont, installed: None) -> None:
    lines = wrapped(text, font, width)
    assert len(lines) >= 2
    assert_rules(lines, text)


@pytest.mark.parametrize(
    ("text", "width"),
    [(CASES[0], WIDTH), (CASES[1], WIDTH), (CASES[4], WIDTH), (CASES[8], 60.0)],
)
def test_reportlab_alone_breaks_them(
    text: str, width: float, font: PdfFont, reportlab_default: None
) -> None:
    # The rules can fail: without the install the same paragraphs break one of them.
    lines = wrapped(text, font, width)
    broken = [
        (previous, line)
        for previous, line in itertools.pairwise(lines)
        if line[0] in CLOSING
        or previous[-1] in OPENING
        or (previous[-1].isdigit() and line[0].isdigit())
    ]
    assert broken


def test_exact_breaks(font: PdfFont, installed: None) -> None:
    # The closing comma hangs in the margin instead of starting line 2.
    assert wrapped("一二三四五六七八九十，逗号不能在行首。", font) == [
        "一二三四五六七八九十，",
        "逗号不能在行首。",
    ]
    # The opening bracket moves down with the title it opens.
    assert wrapped("一二三四五六七八九《十万个为什么》。", font) == [
        "一二三四五六七八九",
        "《十万个为什么》。",
    ]
    # A number that would be cut moves down whole.
    assert wrapped("数值1234567890是一个很长的数字", font, width=60) == [
        "数值",
        "1234567890",
        "是一个很长的",
        "数字",
    ]


def test_mixed_fragments_follow_the_rules(font: PdfFont, installed: None) -> None:
    # Several fragments (<b>) go through cjkFragSplit, not wordSplit.
    text = "国家级企业占<b>10.57%</b>，约<b>1.8万</b>家（见图表3），增长<b>6.3%</b>。"
    lines = wrapped(text, font)
    assert lines == ["国家级企业占10.57%，", "约1.8万家（见图表", "3），增长6.3%。"]
    assert_rules(lines, text)


def test_line_breaks_inside_mixed_fragments(font: PdfFont, installed: None) -> None:
    lines = wrapped("第一行<br/>第二行<b>加粗</b>，然后", font)
    assert lines == ["第一行", "第二行加粗，然后"]


def test_latin_words_do_not_split(font: PdfFont, installed: None) -> None:
    lines = wrapped("专精特新Little Giant企业", font, width=70)
    assert all("Littl" not in line or "Little" in line for line in lines)
    assert all("Gian" not in line or "Giant" in line for line in lines)


def test_a_number_longer_than_the_line_is_cut(font: PdfFont, installed: None) -> None:
    lines = wrapped("12345678901234567890123456789", font, width=40)
    assert "".join(lines) == "12345678901234567890123456789"
    assert len(lines) > 1


def test_install_is_idempotent_and_reversible() -> None:
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    original = textsplit.dumbSplit
    line_break.install_cjk_line_breaking()
    line_break.install_cjk_line_breaking()
    try:
        assert line_break.is_installed()
        assert textsplit.dumbSplit is line_break.dumb_split
        assert paragraph.cjkFragSplit is line_break.cjk_frag_split
        assert "，" in textsplit.ALL_CANNOT_START
        assert paragraph.ALL_CANNOT_START == textsplit.ALL_CANNOT_START
    finally:
        line_break.uninstall_cjk_line_breaking()
    assert textsplit.dumbSplit is original
    assert "，" not in textsplit.ALL_CANNOT_START
    assert not line_break.is_installed()


@pytest.mark.parametrize(
    ("text", "start", "overflow", "expected"),
    [
        ("一二三，四", 0, 3, 4),  # hang the comma
        ("一二《三》", 0, 3, 2),  # 《 may not end the line
        ("值12345", 0, 4, 1),  # move the number down
        ("一二三四", 0, 2, 2),  # a plain break stays where it overflows
        ("，，，，", 0, 0, 1),  # progress even when nothing is allowed
    ],
)
def test_choose_break(text: str, start: int, overflow: int, expected: int) -> None:
    forbidden = line_break.forbidden_breaks(text)
    assert line_break.choose_break(text, start, overflow, forbidden) == expected


# Tokens that always leave a legal break within 60 pt: a closing mark only after a Han
# character, an opening mark only before one, a number always followed by one.
HANS = "专精特新企业国家级省级镕珺堃"
TOKENS = st.one_of(
    st.sampled_from(HANS),
    st.builds(lambda h, c: h + c, st.sampled_from(HANS), st.sampled_from(CLOSING[:-1])),
    st.builds(lambda o, h: o + h, st.sampled_from(OPENING), st.sampled_from(HANS)),
    st.builds(
        lambda n, h: n + h,
        st.sampled_from(["1", "39,218", "6.3%", "10.57%", "+2.5", "2026", "PCT"]),
        st.sampled_from(HANS),
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tokens=st.lists(TOKENS, min_size=4, max_size=40), width=st.integers(60, 160))
def test_random_paragraphs_follow_the_rules(
    tokens: list[str], width: int, font: PdfFont, installed: None
) -> None:
    text = "".join(tokens)
    assert_rules(wrapped(text, font, float(width)), text)
    bold = "".join(f"<b>{t}</b>" if i % 3 == 0 else t for i, t in enumerate(tokens))
    assert_rules(wrapped(bold, font, float(width)), bold)
