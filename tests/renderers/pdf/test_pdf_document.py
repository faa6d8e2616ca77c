"""Structure tests of the PDF renderer on small hand-made documents (zh and en)."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess

import pdf_reader
import pytest
from pdf_documents import ZH_SENTENCE, make_document

from srdi_report.compose.model import Document, Paragraph, TableBlock, TextRun
from srdi_report.fonts import FontCoverageError
from srdi_report.renderers.pdf import PdfRenderer, render_pdf
from srdi_report.renderers.pdf.document import LocaleMismatchError
from srdi_report.renderers.registry import get_renderer

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
    reason="poppler-utils (pdftotext, pdffonts) is not installed",
)


@pytest.fixture(scope="module")
def zh_doc() -> Document:
    return make_document("zh")


@pytest.fixture(scope="module")
def en_doc() -> Document:
    return make_document("en")


@pytest.fixture(scope="module")
def zh_pdf(zh_doc: Document) -> bytes:
    return render_pdf(zh_doc, "zh_CN")


@pytest.fixture(scope="module")
def en_pdf(en_doc: Document) -> bytes:
    return render_pdf(en_doc, "en")


def pdftotext(pdf: bytes, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", *pages, "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def pdffonts(pdf: bytes) -> list[list[str]]:
    done = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True)
    rows = done.stdout.decode().splitlines()[2:]
    return [row.split() for row in rows if row.strip()]


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def headings(document: Document) -> list[tuple[int, str]]:
    out = []
    for path in document.walk():
        heading = path[-1].heading
        out.append((path[-1].level - 1, f"{heading.number} {heading.title}"))
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_outline_is_the_contents_entry_then_every_heading_nested_by_level(
    lang: str, zh_doc: Document, en_doc: Document, zh_pdf: bytes, en_pdf: bytes
) -> None:
    doc, pdf = (zh_doc, zh_pdf) if lang == "zh" else (en_doc, en_pdf)
    contents = "\u76ee\u5f55" if lang == "zh" else "Contents"
    flat = pdf_reader.flatten(pdf_reader.outline(pdf))
    assert flat == [(0, contents), *headings(doc)]
    assert flat[1:4] == [
        (0, "1 " + doc.sections[0].heading.title),
        (1, "1.1 " + doc.sections[0].children[0].heading.title),
        (2, "1.1.1 " + doc.sections[0].children[0].children[0].heading.title),
    ]


def test_outline_agrees_with_pypdf(zh_pdf: bytes, zh_doc: Document) -> None:
    pypdf = pytest.importorskip("pypdf")
    import io

    reader = pypdf.PdfReader(io.BytesIO(zh_pdf))
    titles: list[str] = []

    def walk(items: list[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)  # type: ignore[attr-defined]

    walk(reader.outline)
    assert titles == [t for _, t in pdf_reader.flatten(pdf_reader.outline(zh_pdf))]
    assert reader.metadata is not None
    assert reader.metadata.title == zh_doc.meta.title


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_metadata_and_language(lang: str, zh_doc: Document, en_doc: Document,
                               zh_pdf: bytes, en_pdf: bytes) -> None:  # fmt: skip
    doc, pdf = (zh_doc, zh_pdf) if lang == "zh" else (en_doc, en_pdf)
    info = pdf_reader.info(pdf)
    assert info["Title"] == doc.meta.title
    assert info["Author"] == doc.meta.author
    assert info["Subject"] == doc.meta.subject
    assert info["Keywords"] == ", ".join(doc.meta.keywords)
    assert info["CreationDate"] == "D:20260331000000+00'00'"  # the data snapshot, not today
    assert b"/DisplayDocTitle true" in pdf
    assert pdf_reader.string_value(pdf_reader.catalog(pdf), b"Lang") == doc.meta.language


def test_no_helvetica_and_the_english_pdf_has_no_cjk_font(zh_pdf: bytes, en_pdf: bytes) -> None:
    for pdf in (zh_pdf, en_pdf):
        assert b"Helvetica" not in pdf
    assert b"SRDISansSC-Regular" in zh_pdf
    assert b"SRDISansSC" not in en_pdf
    assert b"SRDISans-Regular" in en_pdf


@needs_poppler
def test_every_font_is_embedded_and_subset(zh_pdf: bytes, en_pdf: bytes) -> None:
    zh_fonts, en_fonts = pdffonts(zh_pdf), pdffonts(en_pdf)
    for rows in (zh_fonts, en_fonts):
        assert rows
        for row in rows:
            assert row[-5:-2] == ["yes", "yes", "yes"], row  # emb, sub, uni
    assert {row[0].split("+")[1] for row in zh_fonts} == {
        "SRDISansSC-Regular",
        "SRDISansSC-Bold",
    }
    assert {row[0].split("+")[1] for row in en_fonts} == {"SRDISans-Regular", "SRDISans-Bold"}


@needs_poppler
def test_chinese_text_and_formatted_numbers_extract_exactly(zh_pdf: bytes) -> None:
    text = pdftotext(zh_pdf)
    assert ZH_SENTENCE + "10.57%" in text
    assert "17,684" in text
    assert "\u8d44\u6599\u6765\u6e90\uff1a\u9879\u76ee\u7ec4\u6574\u7406" in text  # source line
    assert "\u56fe\u8868 2\uff1a" in text  # caption label and the full-width colon
    assert "60,000" in text  # last row of the long table
    assert "6.00%" in text


@needs_poppler
def test_english_pdf_has_no_han(en_pdf: bytes) -> None:
    text = pdftotext(en_pdf)
    assert HAN.search(text) is None
    assert "The share of national Little Giants is 10.57% (about 17,684 firms)" in text
    assert "Figure 2: Firms and shares by province" in text


@needs_poppler
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_long_table_repeats_its_header_row_on_every_page(
    lang: str, zh_pdf: bytes, en_pdf: bytes
) -> None:
    pdf = zh_pdf if lang == "zh" else en_pdf
    first, last = (
        ("\u7b2c1\u53f7", "\u7b2c60\u53f7") if lang == "zh" else ("number 1 ", "number 60")
    )
    header = "\u7701\u4efd" if lang == "zh" else "Province "
    pages = [pdftotext(pdf, n) for n in range(1, page_count(pdf) + 1)]
    start = next(i for i, p in enumerate(pages) if first in p)
    end = next(i for i, p in enumerate(pages) if last in p)
    assert end > start, "the long table must span pages"
    for page in pages[start : end + 1]:
        assert re.search(rf"^\s*{header}", page, re.M), page[:300]
    # Each page after the first repeats the caption with the document's "continued" mark.
    doc = make_document(lang)
    caption = "\u56fe\u8868 2\uff1a" if lang == "zh" else "Figure 2: "
    title = doc.sections[0].children[0].children[0].blocks[1]
    assert isinstance(title, TableBlock)
    continued = caption + title.caption.title + doc.continued
    assert continued not in pages[start]
    for page in pages[start + 1 : end + 1]:
        assert continued in page
    # The source line is on the page of the last row, right after it.
    source = "\u8d44\u6599\u6765\u6e90" if lang == "zh" else "Source:"
    assert pages[end].index(last) < pages[end].index(source)


@needs_poppler
def test_suppressed_cell_prints_the_mark(en_pdf: bytes) -> None:
    line = next(ln for ln in pdftotext(en_pdf).splitlines() if "Province number 7 " in ln)
    assert line.split()[-2:] == ["7,000", "x"]


@needs_poppler
def test_contents_page_numbers_point_at_the_headings(en_pdf: bytes, en_doc: Document) -> None:
    toc = pdftotext(en_pdf, 2)
    for _, title in headings(en_doc):
        line = next(ln for ln in toc.splitlines() if title.split(" ", 1)[1] in ln)
        page = int(line.split()[-1])
        assert title.split(" ", 1)[1] in pdftotext(en_pdf, page)


@needs_poppler
def test_running_header_and_page_numbers_skip_the_cover(en_pdf: bytes, en_doc: Document) -> None:
    assert en_doc.running_header not in pdftotext(en_pdf, 1)
    for n in range(2, page_count(en_pdf) + 1):
        lines = [ln.strip() for ln in pdftotext(en_pdf, n).splitlines() if ln.strip()]
        assert lines[0].startswith(en_doc.running_header)
        assert lines[-1] == str(n)


def test_figure_is_embedded_as_an_image(zh_pdf: bytes) -> None:
    assert len(re.findall(rb"/Subtype\s*/Image", zh_pdf)) >= 1


def test_rendering_twice_gives_identical_bytes(en_doc: Document, en_pdf: bytes) -> None:
    assert render_pdf(en_doc, "en") == en_pdf


def test_pages_and_size_are_sane(zh_pdf: bytes, en_pdf: bytes) -> None:
    assert 5 <= page_count(zh_pdf) <= 8
    assert 5 <= page_count(en_pdf) <= 8
    assert len(zh_pdf) < 400_000


def test_registered_as_the_pdf_format(en_doc: Document, en_pdf: bytes) -> None:
    renderer = get_renderer("pdf")
    assert isinstance(renderer, PdfRenderer)
    assert renderer.render(en_doc, "en") == en_pdf


def test_asking_for_another_language_is_an_error(en_doc: Document) -> None:
    with pytest.raises(LocaleMismatchError, match="zh_CN"):
        render_pdf(en_doc, "zh_CN")


def test_a_character_the_font_lacks_fails_the_build(en_doc: Document) -> None:
    chapter = en_doc.sections[0]
    bad = dataclasses.replace(
        chapter, blocks=(Paragraph(runs=(TextRun("Hefei \u5408\u80a5"),)), *chapter.blocks)
    )
    doc = dataclasses.replace(en_doc, sections=(bad, *en_doc.sections[1:]))
    with pytest.raises(FontCoverageError, match="U\\+5408"):
        render_pdf(doc, "en")


def test_another_process_gives_identical_bytes(en_pdf: bytes) -> None:
    import hashlib
    import sys
    from pathlib import Path

    here = Path(__file__).parent
    code = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]);"
        "from pdf_documents import make_document;"
        "from srdi_report.renderers.pdf import render_pdf;"
        "print(hashlib.sha256(render_pdf(make_document('en'), 'en')).hexdigest())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(here)], capture_output=True, check=True, text=True
    )
    assert done.stdout.strip() == hashlib.sha256(en_pdf).hexdigest()


def test_stars_in_english_come_from_the_fallback_face(en_doc: Document) -> None:
    chapter = en_doc.sections[0]
    rated = dataclasses.replace(
        chapter, blocks=(Paragraph(runs=(TextRun("Rating \u2605\u2605\u2606"),)), *chapter.blocks)
    )
    doc = dataclasses.replace(en_doc, sections=(rated, *en_doc.sections[1:]))
    pdf = render_pdf(doc, "en")
    assert b"SRDISansSC-Regular" in pdf  # the symbol run only
    assert b"SRDISans-Regular" in pdf
