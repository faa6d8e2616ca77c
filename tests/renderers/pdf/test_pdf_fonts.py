"""ReportLab registration of the report faces: names, <b>, embedding and extractable text.

(Named test_pdf_fonts.py: tests/test_fonts.py already uses the module name test_fonts.)
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
from reportlab.lib.fonts import tt2ps
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph, SimpleDocTemplate

from srdi_report import fonts
from srdi_report.renderers.pdf import line_break
from srdi_report.renderers.pdf.fonts import body_font, fallback_markup, register_locale_fonts

ZH_TEXT = "国家级“小巨人”企业占10.57%（约1.8万家），朱镕基、王珺、李堃；增长−2.7%。"
EN_TEXT = "National Little Giants make up 10.57% (about 17,700 firms), down 2.7 pp."


def build_pdf(paragraphs: list[tuple[str, str]], font_name: str) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A5, invariant=1, initialFontName=font_name)
    flow = []
    for name, text in paragraphs:
        style = ParagraphStyle("p", fontName=name, fontSize=10, leading=14, wordWrap="CJK")
        flow.append(Paragraph(text, style))
    doc.build(flow)
    return out.getvalue()


def test_locale_fonts_are_registered_with_bold_family() -> None:
    (zh,) = register_locale_fonts("zh_CN")
    assert (zh.regular, zh.bold) == ("SRDISansSC-Regular", "SRDISansSC-Bold")
    assert zh.face == fonts.font_face("cjk")
    (en,) = register_locale_fonts("en")
    assert (en.regular, en.bold) == ("SRDISans-Regular", "SRDISans-Bold")
    for font in (zh, en):
        assert font.regular in pdfmetrics.getRegisteredFontNames()
        assert tt2ps(font.regular, 1, 0) == font.bold  # what <b> resolves to
        assert tt2ps(font.regular, 0, 0) == font.regular
    assert register_locale_fonts("zh_CN") == (zh,)  # registering again changes nothing
    assert body_font("zh") == zh


def test_pdf_embeds_both_weights_and_the_text_extracts() -> None:
    zh, en = body_font("zh_CN"), body_font("en")
    content = [(zh.regular, ZH_TEXT), (zh.regular, f"<b>{ZH_TEXT}</b>"), (en.regular, EN_TEXT)]
    line_break.install_cjk_line_breaking()
    try:
        pdf = build_pdf(content, zh.regular)
        assert build_pdf(content, zh.regular) == pdf  # invariant=1: the same bytes again
    finally:
        line_break.uninstall_cjk_line_breaking()
    names = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([A-Za-z-]+)", pdf))
    assert names == {b"SRDISansSC-Regular", b"SRDISansSC-Bold", b"SRDISans-Regular"}
    assert b"/FontFile2" in pdf
    assert b"Helvetica" not in pdf


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_returns_the_exact_text(tmp_path: Path) -> None:
    zh, en = body_font("zh_CN"), body_font("en")
    path = tmp_path / "fonts.pdf"
    content = [(zh.regular, ZH_TEXT), (zh.regular, f"<b>{ZH_TEXT}</b>"), (en.regular, EN_TEXT)]
    path.write_bytes(build_pdf(content, zh.regular))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", ZH_TEXT) * 2 in flat
    assert re.sub(r"\s+", "", EN_TEXT) in flat
    if shutil.which("pdffonts"):
        listing = subprocess.run(
            ["pdffonts", str(path)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        embedded = [line.split() for line in listing.splitlines()[2:]]
        assert {row[0].split("+")[1] for row in embedded} == {
            "SRDISansSC-Regular",
            "SRDISansSC-Bold",
            "SRDISans-Regular",
        }
        assert all(row[-5] == "yes" and row[-4] == "yes" and row[-3] == "yes" for row in embedded)


def test_embedded_font_streams_are_truetype() -> None:
    # Embedded TrueType streams carry /Length1; decompressed they start with the sfnt version.
    zh = body_font("zh_CN")
    pdf = build_pdf([(zh.regular, "镕")], zh.regular)
    streams = re.findall(rb"/Length1 \d+[^>]*>>\s*stream\r?\n(.*?)endstream", pdf, re.S)
    assert len(streams) == 1
    assert zlib.decompress(streams[0])[:4] == b"\x00\x01\x00\x00"


def test_fallback_markup_wraps_only_missing_symbols() -> None:
    assert fallback_markup("R&D ≥ 25% <b>", "en") == (
        'R&amp;D <font name="SRDISansSC-Regular">≥ </font>25% &lt;b&gt;'
    )
    assert fallback_markup("≥", "en", bold=True) == '<font name="SRDISansSC-Bold">≥</font>'
    assert fallback_markup("苏州★ & more", "zh_CN") == "苏州★ &amp; more"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_english_pdf_draws_stars_from_the_fallback(tmp_path: Path) -> None:
    en = body_font("en")
    text = "Rating ★★★★☆, R&D ≥ 25%"
    regular, bold = fallback_markup(text, "en"), fallback_markup(text, "en", bold=True)
    path = tmp_path / "stars.pdf"
    path.write_bytes(build_pdf([(en.regular, regular), (en.regular, f"<b>{bold}</b>")], en.regular))
    pdf = path.read_bytes()
    names = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([A-Za-z-]+)", pdf))
    assert names == {
        b"SRDISans-Regular",
        b"SRDISans-Bold",
        b"SRDISansSC-Regular",
        b"SRDISansSC-Bold",
    }
    extracted = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert extracted.count("★★★★☆") == 2
    assert extracted.count("≥") == 2
