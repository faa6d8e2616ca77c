"""Layout rules of the PDF renderer: column widths, Chinese line breaks, lists, one-pass builds."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess

import pytest
from pdf_documents import make_document

from srdi_report.compose.model import (
    Align,
    Caption,
    ListBlock,
    NumRun,
    Paragraph,
    Section,
    TableBlock,
    TableCell,
    TextRun,
)
from srdi_report.renderers.pdf import render_pdf
from srdi_report.renderers.pdf.fonts import body_font
from srdi_report.renderers.pdf.inline import InlineContext
from srdi_report.renderers.pdf.styles import FontNames, make_styles
from srdi_report.renderers.pdf.tables import column_widths, fitting_size, natural_widths, rebalance

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)
# Closing marks that must never start a line: ，。、；：？！）》”
CANNOT_START = "\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01\uff09\u300b\u201d"


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def table(rows: int, widths: tuple[float, ...] = (), label: str = "Region") -> TableBlock:
    def cell(text: str) -> TableCell:
        return TableCell(runs=(TextRun(text),))

    return TableBlock(
        table_id="t",
        caption=Caption("Figure 1", 1, "T", "Source"),
        header=((cell(label), cell("Firms"), cell("Share")),),
        rows=tuple(
            (
                cell("A long region name " * (1 + i % 3)),
                TableCell(runs=(NumRun(value=123456.0 * (i + 1), kind="count"),)),
                TableCell(runs=(NumRun(value=0.1234, kind="share", digits=2),)),
            )
            for i in range(rows)
        ),
        align=(Align.LEFT, Align.RIGHT, Align.RIGHT),
        widths=widths,
    )


@pytest.fixture(scope="module")
def en_styles() -> object:
    font = body_font("en")
    return make_styles(FontNames(font.regular, font.bold), font.face.script)


def test_explicit_widths_are_scaled_to_the_column(en_styles: object) -> None:
    ctx = InlineContext("en", "x")
    widths = column_widths(table(3, (0.5, 0.25, 0.25)), ctx, en_styles, 400.0)  # type: ignore[arg-type]
    assert widths == pytest.approx([200.0, 100.0, 100.0])


def test_measured_widths_fill_the_column_and_keep_numbers_on_one_line(en_styles: object) -> None:
    ctx = InlineContext("en", "x")
    block = table(6)
    wide = column_widths(block, ctx, en_styles, 450.0)  # type: ignore[arg-type]
    assert sum(wide) == pytest.approx(450.0)
    narrow = column_widths(block, ctx, en_styles, 200.0)  # type: ignore[arg-type]
    assert sum(narrow) == pytest.approx(200.0)
    # The number columns keep their width; only the text column gives way.
    assert narrow[1:] == pytest.approx(column_widths(block, ctx, en_styles, 230.0)[1:])  # type: ignore[arg-type]
    assert narrow[0] < wide[0]


@needs_pdftotext
def test_chinese_lines_never_start_with_closing_punctuation() -> None:
    doc = make_document("zh", long_rows=3, chapters=1)
    # Clauses of 1 to 9 characters, each closed by a different mark, so that some mark is
    # bound to fall where a line would end.
    marks = CANNOT_START
    text = "".join("\u4f01\u4e1a" * (1 + i % 9) + marks[i % len(marks)] for i in range(80))
    chapter = doc.sections[0]
    para = Paragraph(runs=(TextRun(text),))
    doc = dataclasses.replace(
        doc, sections=(dataclasses.replace(chapter, blocks=(para, *chapter.blocks)),)
    )
    lines = [ln.strip() for ln in pdftotext(render_pdf(doc, "zh_CN")).splitlines()]
    body = [ln for ln in lines if ln and ("\u4f01\u4e1a" in ln)]
    assert len(body) >= 10, "the test paragraph must wrap over many lines"
    starts = [ln[0] for ln in body]
    assert not set(starts) & set(CANNOT_START), starts


@needs_pdftotext
def test_each_numbered_list_restarts_at_one() -> None:
    doc = make_document("en", long_rows=3, chapters=1)
    chapter = doc.sections[0]
    lists = (
        ListBlock(items=((TextRun("Alpha"),), (TextRun("Beta"),)), ordered=True),
        ListBlock(items=((TextRun("Gamma"),), (TextRun("Delta"),)), ordered=True),
    )
    section = Section(heading=chapter.heading, level=1, blocks=lists)
    text = pdftotext(render_pdf(dataclasses.replace(doc, sections=(section,)), "en"))
    flat = re.sub(r"\s+", " ", text)
    assert "1. Alpha 2. Beta" in flat
    assert "1. Gamma 2. Delta" in flat


def test_document_without_contents_is_drawn_with_its_images() -> None:
    doc = dataclasses.replace(make_document("en", long_rows=3, chapters=1), front=())
    pdf = render_pdf(doc, "en")
    assert re.search(rb"/Subtype\s*/Image", pdf)
    assert b"/Outlines" in pdf


def test_a_wide_table_is_set_smaller_so_that_numbers_never_wrap(en_styles: object) -> None:
    ctx = InlineContext("en", "x")
    cols = 11
    block = TableBlock(
        table_id="wide",
        caption=Caption("Figure 2", 2, "Wide", "Source"),
        header=(tuple(TableCell(runs=(TextRun(f"Col {i}"),)) for i in range(cols)),),
        rows=(
            (
                TableCell(runs=(TextRun("Jiangsu"),)),
                *(
                    TableCell(runs=(NumRun(value=1234567.0, kind="count"),))
                    for _ in range(cols - 1)
                ),
            ),
        ),
        align=(Align.LEFT, *([Align.RIGHT] * (cols - 1))),
        widths=(0.1, *([0.09] * (cols - 1))),
    )
    size, widths = fitting_size(block, ctx, en_styles, 453.5)  # type: ignore[arg-type]
    assert size < en_styles.theme.table_size  # type: ignore[attr-defined]
    body, _ = natural_widths(block, ctx, en_styles, size)  # type: ignore[arg-type]
    assert all(body[i] <= widths[i] + 0.5 for i in range(1, cols))
    # One size larger, the numbers would not have fitted.
    larger, _ = natural_widths(block, ctx, en_styles, size + 0.5)  # type: ignore[arg-type]
    assert any(larger[i] > widths[i] + 0.5 for i in range(1, cols))


def test_characters_the_body_face_lacks_are_set_in_a_fallback_face(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from srdi_report.fonts import font_face
    from srdi_report.renderers.pdf import document as pdf_document
    from srdi_report.renderers.pdf.fonts import register_pdf_font

    latin, cjk = register_pdf_font(font_face("latin")), register_pdf_font(font_face("cjk"))
    assert pdf_document.fallback_faces("A\u2605B", latin, [cjk]) == {"\u2605": cjk.regular}
    # A locale whose faces are Latin, then CJK for what Latin lacks (a star rating).
    monkeypatch.setattr(pdf_document, "register_locale_fonts", lambda _locale: (latin, cjk))
    doc = make_document("en", long_rows=3, chapters=1)
    chapter = doc.sections[0]
    stars = Paragraph(runs=(TextRun("Rating \u2605\u2605\u2606"),))
    doc = dataclasses.replace(
        doc, sections=(dataclasses.replace(chapter, blocks=(stars, *chapter.blocks)),)
    )
    pdf = render_pdf(doc, "en")
    assert b"SRDISansSC-Regular" in pdf
    if shutil.which("pdftotext"):
        assert "Rating \u2605\u2605\u2606" in pdftotext(pdf)


def test_a_reference_links_to_its_exhibit() -> None:
    import io

    pypdf = pytest.importorskip("pypdf")
    doc = make_document("en", long_rows=3, chapters=1)
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(doc, "en")))
    pages = [page.extract_text() for page in reader.pages]
    figure_page = next(i for i, text in enumerate(pages) if "Figure 1: Firms by level" in text)
    ref_page = next(i for i, text in enumerate(pages) if "see Figure 1" in text)
    links = [
        annot.get_object()
        for annot in reader.pages[ref_page].get("/Annots") or []
        if annot.get_object().get("/Subtype") == "/Link"
    ]
    targets = [reader.get_page_number(link["/Dest"][0].get_object()) for link in links]
    assert targets == [figure_page]


def test_rebalance_gives_number_columns_room_from_text_columns() -> None:
    # Column 1 needs 80 but has 60; the text column can spare 30, column 2 needs all it has.
    widths = rebalance([100.0, 60.0, 50.0], need=[0.0, 80.0, 50.0], numeric=[1, 2], floor=70.0)
    assert widths == pytest.approx([80.0, 80.0, 50.0])
    # Not enough room anywhere: the widths stay as they were (the caller sets smaller type).
    assert rebalance([75.0, 60.0, 50.0], [0.0, 80.0, 50.0], [1, 2], 70.0) == [75.0, 60.0, 50.0]


@pytest.mark.parametrize("depth", [0, 1])
def test_contents_of_any_depth_give_a_drawn_pdf(depth: int) -> None:
    doc = make_document("en", long_rows=3, chapters=1)
    toc = dataclasses.replace(doc.front[0], depth=depth)  # type: ignore[arg-type]
    pdf = render_pdf(dataclasses.replace(doc, front=(toc,)), "en")
    assert re.search(rb"/Subtype\s*/Image", pdf)


def test_a_table_row_taller_than_a_page_is_a_typed_error() -> None:
    from srdi_report.renderers.pdf.document import PageLayoutError

    doc = make_document("en", long_rows=3, chapters=1)
    huge = TableBlock(
        table_id="huge",
        caption=Caption("Figure 9", 9, "Huge cell", "Source"),
        header=((TableCell(runs=(TextRun("Text"),)), TableCell(runs=(TextRun("N"),))),),
        rows=(
            (
                TableCell(runs=(TextRun("word " * 3000),)),
                TableCell(runs=(NumRun(value=1.0, kind="count"),)),
            ),
        ),
        align=(Align.LEFT, Align.RIGHT),
    )
    chapter = doc.sections[0]
    doc = dataclasses.replace(
        doc, sections=(dataclasses.replace(chapter, blocks=(huge, *chapter.blocks)),)
    )
    with pytest.raises(PageLayoutError, match="cannot be laid out"):
        render_pdf(doc, "en")


@needs_pdftotext
def test_the_table_under_a_chart_of_the_same_number_prints_no_second_caption() -> None:
    """A two-part exhibit: the chart shows "Figure 1: T", the table (caption not shown) none."""
    doc = make_document("en", long_rows=3, chapters=1)
    hidden = dataclasses.replace(
        table(3),
        table_id="hidden",
        caption=Caption("Figure 9", 9, "Unique hidden title", "Source line", shown=False),
    )
    first = doc.sections[0]
    doc = dataclasses.replace(
        doc, sections=(dataclasses.replace(first, blocks=(*first.blocks, hidden)),)
    )
    text = pdftotext(render_pdf(doc, "en"))
    assert "Unique hidden title" not in text
    assert "Figure 9" not in text
    assert "Source line" in text  # the source line still closes the exhibit
    shown = dataclasses.replace(hidden, caption=dataclasses.replace(hidden.caption, shown=True))
    doc = dataclasses.replace(
        doc, sections=(dataclasses.replace(first, blocks=(*first.blocks, shown)),)
    )
    assert "Unique hidden title" in pdftotext(render_pdf(doc, "en"))


def test_a_header_that_nearly_fits_gets_the_room_for_one_line() -> None:
    """No header wraps into a full line plus one stray character when others have slack."""
    from srdi_report.renderers.pdf.tables import _whole_headers

    # Column 1's header misses by 10 pt: column 0 (100 pt of slack) lends it; column 2's
    # header is far too wide to fit on one line and wraps as before.
    assert _whole_headers([300.0, 60.0, 60.0], [200.0, 40.0, 40.0], [100.0, 70.0, 150.0]) == [
        290.0,
        70.0,
        60.0,
    ]
    # Nobody has slack: the widths stay.
    assert _whole_headers([100.0, 60.0], [100.0, 60.0], [100.0, 70.0]) == [100.0, 60.0]


def test_the_table_of_a_chart_starts_on_the_chart_s_page() -> None:
    """A chart and its uncaptioned table (one exhibit) are kept together, not split apart."""
    from reportlab.platypus import Table

    from srdi_report.compose.model import FigureBlock
    from srdi_report.renderers.pdf.document import _Walker
    from srdi_report.renderers.pdf.keep import KeepStart

    doc = make_document("en", long_rows=3, chapters=1)
    figure = next(b for path in doc.walk() for b in path[-1].blocks if isinstance(b, FigureBlock))
    number = figure.caption.number
    part = dataclasses.replace(
        table(4), caption=Caption("Figure", number, "T", "Source", shown=False)
    )
    other = dataclasses.replace(table(4), caption=Caption("Figure 99", 99, "T", "Source"))
    first = doc.sections[0]
    blocks = (Paragraph((TextRun("Text."),)), figure, part, figure, other)
    doc = dataclasses.replace(doc, sections=(dataclasses.replace(first, blocks=blocks),))
    font = body_font("en")
    styles = make_styles(FontNames(font.regular, font.bold), font.face.script)
    walker = _Walker(doc, styles, InlineContext(locale="en", suppression_mark="x"))
    walker.blocks(blocks)
    flows = walker.story.flowables
    joined = [f for f in flows if isinstance(f, KeepStart) and isinstance(f.content[-1], Table)]
    # Only the uncaptioned part joins its chart; a captioned table after a chart stands alone.
    assert len(joined) == 1
    assert len(joined[0].content) == 2


def test_no_column_is_narrower_than_its_longest_word(en_styles: object) -> None:
    """Headers such as "Weight" over "25%" are not broken inside the word ("Weigh" / "t")."""
    from srdi_report.renderers.pdf.tables import word_widths

    def cell(text: str) -> TableCell:
        return TableCell(runs=(TextRun(text),))

    block = TableBlock(
        table_id="w",
        caption=Caption("Figure 1", 1, "T", "Source"),
        header=((cell("Dimension"), cell("Weight"), cell("Significance"), cell("Features")),),
        rows=tuple(
            (
                cell("Technological strength"),
                TableCell(runs=(NumRun(value=0.25, kind="share", digits=0),)),
                cell("High"),
                cell("Shows the scale of accumulated technology " * 3),
            )
            for _ in range(3)
        ),
        align=(Align.LEFT, Align.RIGHT, Align.LEFT, Align.LEFT),
    )
    ctx = InlineContext(locale="en", suppression_mark="x")
    total = 400.0
    widths = column_widths(block, ctx, en_styles, total)  # type: ignore[arg-type]
    words = word_widths(block, ctx, en_styles, en_styles.theme.table_size)  # type: ignore[attr-defined]
    assert sum(widths) == pytest.approx(total)
    assert all(w >= need - 0.01 for w, need in zip(widths, words, strict=True))
    # The spec's proportions (a 5% weight column) are repaired the same way.
    spec_widths = dataclasses.replace(block, widths=(0.3, 0.05, 0.3, 0.35))
    widths = column_widths(spec_widths, ctx, en_styles, total)  # type: ignore[arg-type]
    assert widths[1] > 0.05 * total
    assert sum(widths) == pytest.approx(total)
    assert all(w >= need - 0.01 for w, need in zip(widths, words, strict=True))


def test_a_bold_line_of_its_own_is_kept_with_the_next_block() -> None:
    """A run-in subheading ("Filing and grant trends") never ends a page alone."""
    from srdi_report.renderers.pdf.document import _Walker
    from srdi_report.renderers.pdf.keep import KeepStart

    doc = make_document("en", long_rows=3, chapters=1)
    subheading = Paragraph((TextRun("Filing and grant trends", bold=True),))
    body = Paragraph((TextRun("Applications rose every year. " * 5),))
    long_bold = Paragraph((TextRun("A whole bold paragraph of text. " * 5, bold=True),))
    blocks = (body, subheading, body, long_bold, body)
    font = body_font("en")
    styles = make_styles(FontNames(font.regular, font.bold), font.face.script)
    walker = _Walker(doc, styles, InlineContext(locale="en", suppression_mark="x"))
    walker.blocks(blocks)
    flows = walker.story.flowables
    kept = [f for f in flows if isinstance(f, KeepStart)]
    assert len(kept) == 1  # the subheading with the body after it; the long bold text flows
    assert len(kept[0].content) == 2
    assert len(flows) == 4
