"""Structure tests of the DOCX renderer on small hand-made documents (zh and en)."""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx_documents import LONG_ROWS, make_document
from lxml import etree

from srdi_report.compose.model import Document, FigureBlock, TableBlock
from srdi_report.renderers.docx import DocxRenderer, render_docx
from srdi_report.renderers.docx.document import LocaleMismatchError, caption_parts
from srdi_report.renderers.docx.package import DocxMetadataError
from srdi_report.renderers.docx.styles import DEFAULT_DOCX_THEME
from srdi_report.renderers.registry import get_renderer

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
STYLE_IDS = ("Normal", "BodyText", "Heading1", "Heading2", "Heading3", "Title", "Caption",
             "TableText", "TableHeading", "ReportTable", "TOC1")  # fmt: skip
PDF_PAGES = 6
REPORT_TABLES = "//w:tbl[w:tblPr/w:tblStyle/@w:val='ReportTable']"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclasses.dataclass
class Rendered:
    document: Document
    data: bytes

    def part(self, name: str) -> etree._Element:
        with zipfile.ZipFile(io.BytesIO(self.data)) as z:
            return etree.fromstring(z.read(name))

    @property
    def body(self) -> etree._Element:
        return self.part("word/document.xml")

    def paragraphs(self, style: str) -> list[etree._Element]:
        return self.body.xpath(f"//w:p[w:pPr/w:pStyle/@w:val='{style}']", namespaces=NS)


def text(el: etree._Element) -> str:
    return "".join(el.xpath(".//w:t/text()", namespaces=NS))


def instructions(el: etree._Element) -> list[str]:
    return [t.strip() for t in el.xpath(".//w:instrText/text()", namespaces=NS)]


@pytest.fixture(scope="module", params=["zh", "en"])
def rendered(request: pytest.FixtureRequest) -> Rendered:
    document = make_document(request.param)
    return Rendered(document, render_docx(document, document.meta.locale))


@pytest.fixture(scope="module")
def zh() -> Rendered:
    document = make_document("zh")
    return Rendered(document, render_docx(document))


@pytest.fixture(scope="module")
def en() -> Rendered:
    document = make_document("en")
    return Rendered(document, render_docx(document))


def test_headings_carry_heading_styles_in_reading_order(rendered: Rendered) -> None:
    sep = "\u2002"
    for level in (1, 2, 3):
        got = [text(p) for p in rendered.paragraphs(f"Heading{level}")]
        want = [
            f"{path[-1].heading.number}{sep}{path[-1].heading.title}"
            for path in rendered.document.walk()
            if path[-1].level == level
        ]
        assert got == want
        assert len(got) == 2


def test_toc_is_a_filled_field_linked_to_heading_bookmarks(rendered: Rendered) -> None:
    body = rendered.body
    assert 'TOC \\o "1-3" \\h \\z \\u' in instructions(body)
    entries = body.xpath("//w:p[starts-with(w:pPr/w:pStyle/@w:val, 'TOC')]", namespaces=NS)
    links = [p.find(w("hyperlink")) for p in entries if p.find(w("hyperlink")) is not None]
    walk = rendered.document.walk()
    assert len(links) == len(walk) == 6
    bookmarks = set(body.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    for link, path in zip(links, walk, strict=True):
        heading = path[-1].heading
        assert text(link).startswith(f"{heading.number} {heading.title}")
        anchor = link.get(w("anchor"))
        assert anchor == f"_Toc_{heading.anchor}"
        assert anchor in bookmarks
        assert instructions(link) == [f"PAGEREF {anchor} \\h"]
        # The cached page number: the estimate, a positive integer after the cover.
        page = text(link)[len(f"{heading.number} {heading.title}") :]
        assert page.isdigit()
        assert int(page) >= 2
    # Field begins and ends balance across the whole body.
    types = body.xpath("//w:fldChar/@w:fldCharType", namespaces=NS)
    assert types.count("begin") == types.count("end") == types.count("separate")


def test_toc_pages_follow_chapter_order(rendered: Rendered) -> None:
    entries = rendered.body.xpath("//w:hyperlink[starts-with(@w:anchor, '_Toc_')]", namespaces=NS)
    pages = [int(e.xpath(".//w:t/text()", namespaces=NS)[-1]) for e in entries]
    assert pages == sorted(pages)
    assert pages[3] > pages[0]  # chapter 2 starts after the long table of chapter 1


def test_captions_are_seq_fields_numbered_in_order(rendered: Rendered) -> None:
    captions = rendered.paragraphs("Caption")
    identifier = "Figure" if rendered.document.meta.locale == "en" else "\u56fe\u8868"
    numbers = []
    for para in captions:
        assert instructions(para) == [f"SEQ {identifier} \\* ARABIC"]
        result = para.xpath(
            ".//w:r[preceding-sibling::w:r[w:fldChar/@w:fldCharType='separate']]"
            "[following-sibling::w:r[w:fldChar/@w:fldCharType='end']]//w:t/text()",
            namespaces=NS,
        )
        numbers.append(int("".join(result)))
        assert para.xpath(".//w:bookmarkStart/@w:name", namespaces=NS)[0].startswith("_Ref_")
    assert numbers == list(range(1, 6))
    # Caption above, source below: the paragraph after a figure is its source line.
    assert text(captions[0]).endswith(_first_figure(rendered.document).caption.title)


def _first_figure(document: Document) -> FigureBlock:
    return next(
        block
        for path in document.walk()
        for block in path[-1].blocks
        if isinstance(block, FigureBlock)
    )


def test_caption_parts_split_label_and_identifier() -> None:
    cap = _first_figure(make_document("en")).caption
    assert caption_parts(cap) == ("Figure ", "Figure")
    zh_cap = dataclasses.replace(cap, label="\u56fe\u886816", number=16)
    assert caption_parts(zh_cap) == ("\u56fe\u8868", "\u56fe\u8868")


def test_every_image_has_alt_text_and_fits_the_text_width(rendered: Rendered) -> None:
    doc_prs = rendered.body.xpath("//wp:inline/wp:docPr", namespaces=NS)
    alts = [p.get("descr") for p in doc_prs]
    assert len(doc_prs) == 2
    want = [
        b.alt_text
        for path in rendered.document.walk()
        for b in path[-1].blocks
        if hasattr(b, "alt_text")
    ]
    assert alts == want
    assert all(p.get("title") for p in doc_prs)
    extents = rendered.body.xpath("//wp:inline/wp:extent/@cx", namespaces=NS)
    text_width_emu = DEFAULT_DOCX_THEME.text_width_twips * 635
    assert [int(cx) for cx in extents] == [round(text_width_emu * 0.8)] * 2


def test_cover_band_is_anchored_behind_the_text_and_decorative(rendered: Rendered) -> None:
    anchors = rendered.body.xpath("//wp:anchor", namespaces=NS)
    assert len(anchors) == 1
    band = anchors[0]
    assert band.get("behindDoc") == "1"
    assert band.xpath("wp:positionH/@relativeFrom", namespaces=NS) == ["page"]
    assert band.xpath(".//wp:docPr//@val", namespaces=NS) == ["1"]  # adec:decorative
    # The title sits in the cover table, above the band's lower edge, in white.
    title = rendered.paragraphs("Title")[0]
    assert title.xpath("ancestor::w:tbl", namespaces=NS)
    assert title.xpath(".//w:color/@w:val", namespaces=NS) == ["FFFFFF"]
    ids = rendered.body.xpath("//wp:docPr/@id", namespaces=NS)
    assert len(ids) == len(set(ids)) == 3


def test_styles_set_east_asian_fonts_and_languages(zh: Rendered, en: Rendered) -> None:
    for rendered, family, east_asian in ((zh, "Noto Sans SC", "zh-CN"), (en, "Noto Sans", "en-US")):
        styles = rendered.part("word/styles.xml")
        assert not styles.xpath(
            "//w:rFonts[@w:asciiTheme or @w:eastAsiaTheme or @w:hAnsiTheme or @w:cstheme]",
            namespaces=NS,
        )
        default = styles.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        fonts = default.find(w("rFonts"))
        assert fonts.get(w("eastAsia")) == fonts.get(w("ascii")) == family
        lang = default.find(w("lang"))
        assert (lang.get(w("val")), lang.get(w("eastAsia"))) == ("en-US", east_asian)
        for style_id in STYLE_IDS:
            style = styles.xpath(f"w:style[@w:styleId='{style_id}']", namespaces=NS)[0]
            rpr = style.find(w("rPr"))
            assert rpr.find(w("rFonts")).get(w("eastAsia")) == family, style_id
            assert rpr.find(w("lang")).get(w("eastAsia")) == east_asian, style_id
        theme_lang = rendered.part("word/settings.xml").find(w("themeFontLang"))
        assert theme_lang.get(w("eastAsia")) == east_asian


def test_english_file_has_no_han_character(en: Rendered) -> None:
    with zipfile.ZipFile(io.BytesIO(en.data)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                found = HAN.findall(z.read(name).decode("utf-8"))
                assert not found, (name, found[:5])


def test_header_rows_repeat_and_numbers_align_right(rendered: Rendered) -> None:
    tables = rendered.body.xpath(REPORT_TABLES, namespaces=NS)
    assert len(tables) == 3
    text_width = str(DEFAULT_DOCX_THEME.text_width_twips)
    for tbl in tables:
        rows = tbl.findall(w("tr"))
        assert rows[0].find(f"{w('trPr')}/{w('tblHeader')}") is not None
        assert all(r.find(f"{w('trPr')}/{w('tblHeader')}") is None for r in rows[1:])
        grid = [int(c.get(w("w"))) for c in tbl.iter(w("gridCol"))]
        assert sum(grid) == int(text_width)
        assert tbl.find(f"{w('tblPr')}/{w('tblW')}").get(w("w")) == text_width
        for row in rows[1:]:
            jcs = [c.find(f".//{w('jc')}").get(w("val")) for c in row.findall(w("tc"))]
            assert jcs == ["left", "right", "right"]
    long_table = tables[1]
    assert len(long_table.findall(w("tr"))) == LONG_ROWS + 1
    # Widths given by the block (0.5, 0.3, 0.2) are kept.
    grid = [int(c.get(w("w"))) for c in long_table.iter(w("gridCol"))]
    assert grid[0] == pytest.approx(int(text_width) * 0.5, abs=1)
    # The spanning header cell of the small table spans two grid columns.
    assert tables[0].xpath(".//w:gridSpan/@w:val", namespaces=NS) == ["2"]


def test_numbers_are_formatted_and_suppressed_cells_print_the_mark(rendered: Rendered) -> None:
    long_table = rendered.body.xpath(REPORT_TABLES, namespaces=NS)[1]
    row7 = long_table.findall(w("tr"))[7]
    cells = [text(c) for c in row7.findall(w("tc"))]
    assert cells[1:] == ["7,000", "x"]
    row8 = [text(c) for c in long_table.findall(w("tr"))[8].findall(w("tc"))]
    assert row8[1:] == ["8,000", "0.80%"]
    assert "10.57%" in text(rendered.paragraphs("BodyText")[0])


def test_lists_restart_with_their_own_numbering_instance(rendered: Rendered) -> None:
    items = rendered.paragraphs("ListParagraph")
    num_ids = [p.xpath("w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)[0] for p in items]
    # Per chapter: an ordered list of two items, then a bullet list of one.
    assert len(num_ids) == 6
    assert len(set(num_ids)) == 4
    assert num_ids[0] == num_ids[1] != num_ids[3] == num_ids[4]
    numbering = rendered.part("word/numbering.xml")
    for num_id in set(num_ids):
        num = numbering.xpath(f"w:num[@w:numId='{num_id}']", namespaces=NS)[0]
        assert num.xpath("w:lvlOverride/w:startOverride/@w:val", namespaces=NS) == ["1"]
    ordered = numbering.xpath(
        f"w:num[@w:numId='{num_ids[0]}']/w:abstractNumId/@w:val", namespaces=NS
    )
    fmt = numbering.xpath(
        f"w:abstractNum[@w:abstractNumId='{ordered[0]}']/w:lvl/w:numFmt/@w:val", namespaces=NS
    )
    assert fmt == ["decimal"]


def test_page_setup_header_footer_and_cover(rendered: Rendered) -> None:
    sect = rendered.body.find(f"{w('body')}/{w('sectPr')}")
    size = sect.find(w("pgSz"))
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    assert sect.find(w("titlePg")) is not None
    margins = sect.find(w("pgMar"))
    assert margins.get(w("left")) == margins.get(w("right")) == "1417"
    kinds = {r.get(w("type")) for r in sect.findall(w("headerReference"))}
    assert kinds == {"default", "first"}
    with zipfile.ZipFile(io.BytesIO(rendered.data)) as z:
        xml = {n: z.read(n).decode() for n in z.namelist() if re.match(r"word/(header|footer)", n)}
    assert any(rendered.document.running_header in x for x in xml.values())
    assert any("PAGE" in x and "fldChar" in x for x in xml.values())
    title = rendered.paragraphs("Title")
    assert [text(p) for p in title] == [rendered.document.cover.title]


def test_cross_references_link_to_caption_bookmarks(rendered: Rendered) -> None:
    links = rendered.body.xpath("//w:hyperlink[starts-with(@w:anchor, '_Ref_')]", namespaces=NS)
    bookmarks = set(rendered.body.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    assert [link.get(w("anchor")) for link in links] == ["_Ref_c1f", "_Ref_c2f"]
    assert all(link.get(w("anchor")) in bookmarks for link in links)


def test_same_document_gives_identical_bytes_and_fixed_properties(zh: Rendered) -> None:
    again = render_docx(make_document("zh"))
    assert again == zh.data
    with zipfile.ZipFile(io.BytesIO(zh.data)) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        names = [i.filename for i in infos]
        assert "docProps/thumbnail.jpeg" not in names
        assert "word/stylesWithEffects.xml" not in names
    core = zh.part("docProps/core.xml")
    assert core.findtext("dcterms:created", namespaces=NS) == "2026-03-31T00:00:00Z"
    assert core.findtext("dcterms:modified", namespaces=NS) == "2026-03-31T00:00:00Z"
    assert core.findtext("dc:title", namespaces=NS) == zh.document.meta.title
    assert core.findtext("dc:language", namespaces=NS) == "zh-CN"
    assert core.find("cp:revision", NS) is None
    assert core.find("cp:lastPrinted", NS) is None
    # A different snapshot date changes the file.
    other = dataclasses.replace(
        zh.document, meta=dataclasses.replace(zh.document.meta, date="2026-06-30")
    )
    assert render_docx(other) != zh.data


def test_registry_locale_check_and_bad_date() -> None:
    document = make_document("en", long_rows=3, chapters=1)
    assert isinstance(get_renderer("docx"), DocxRenderer)
    assert get_renderer("docx").render(document, "en")[:2] == b"PK"
    with pytest.raises(LocaleMismatchError):
        render_docx(document, "zh_CN")
    bad = dataclasses.replace(document, meta=dataclasses.replace(document.meta, date="March"))
    with pytest.raises(DocxMetadataError):
        render_docx(bad)


def _pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))


def _heading_pages(pdf: Path, document: Document) -> dict[str, int]:
    """Page (1-based) where each chapter heading's text first appears in a converted PDF."""
    pages = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    # pdftotext may space out CJK glyphs: compare without any white space.
    squeezed = [re.sub(r"\s+", "", page) for page in pages]
    found = {}
    for chapter in document.sections:
        title = re.sub(r"\s+", "", chapter.heading.title)
        hits = [i + 1 for i, page in enumerate(squeezed) if title in page]
        found[chapter.heading.anchor] = hits[-1] if hits else 0  # the last hit: not the TOC
    return found


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: the DOCX files are not test-opened",
)
def test_libreoffice_opens_both_files_with_the_expected_page_count(tmp_path: Path) -> None:
    documents = {lang: make_document(lang) for lang in ("zh", "en")}
    paths = []
    for lang, document in documents.items():
        path = tmp_path / f"report_{lang}.docx"
        path.write_bytes(render_docx(document))
        paths.append(str(path))
    out = tmp_path / "out"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *paths],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    for lang, document in documents.items():
        converted = out / f"report_{lang}.pdf"
        assert converted.exists(), f"LibreOffice did not convert the {lang} file"
        # The PDF renderer lays these documents out on 6 pages (cover, contents, 2 + 2).
        assert abs(_pdf_pages(converted) - PDF_PAGES) <= 1, lang
        if shutil.which("pdftotext"):
            toc = _toc_pages(render_docx(document))
            actual = _heading_pages(converted, document)
            for anchor, page in actual.items():
                assert abs(page - toc[anchor]) <= 1, (lang, anchor, page, toc[anchor])


def _toc_pages(data: bytes) -> dict[str, int]:
    """The cached (estimated) page of each table-of-contents entry, by heading anchor."""
    body = Rendered(make_document("en"), data).body
    links = body.xpath("//w:hyperlink[starts-with(@w:anchor, '_Toc_')]", namespaces=NS)
    return {
        link.get(w("anchor"))[len("_Toc_") :]: int(link.xpath(".//w:t/text()", namespaces=NS)[-1])
        for link in links
    }


def test_tables_keep_caption_header_and_first_rows_together(zh: Rendered) -> None:
    long_table = zh.body.xpath(REPORT_TABLES, namespaces=NS)[1]
    rows = long_table.findall(w("tr"))

    def kept(row: etree._Element) -> bool:
        return all(p.find(f"{w('pPr')}/{w('keepNext')}") is not None for p in row.iter(w("p")))

    assert [kept(row) for row in rows[:5]] == [True, True, True, False, False]
    caption = long_table.getprevious()
    assert caption.find(f"{w('pPr')}/{w('pStyle')}").get(w("val")) == "Caption"


def test_duplicate_anchors_get_one_bookmark() -> None:
    document = make_document("en", long_rows=3)
    first = document.sections[0]
    twin = dataclasses.replace(
        document.sections[1],
        heading=dataclasses.replace(document.sections[1].heading, anchor=first.heading.anchor),
    )
    body = Rendered(document, render_docx(dataclasses.replace(document, sections=(first, twin))))
    names = body.body.xpath("//w:bookmarkStart/@w:name", namespaces=NS)
    assert len(names) == len(set(names))
    assert names.count(f"_Toc_{first.heading.anchor}") == 1


def test_seq_switches_keep_word_numbering_equal_to_the_model() -> None:
    document = make_document("en", long_rows=3)
    chapter = document.sections[0]
    sub = chapter.children[0]
    figure = _first_figure(document)
    small, long_table = (b for b in sub.children[0].blocks if isinstance(b, TableBlock))
    # The small table shares the figure's number; the long table skips to 7.
    small = dataclasses.replace(small, caption=dataclasses.replace(small.caption, number=1))
    long_table = dataclasses.replace(
        long_table, caption=dataclasses.replace(long_table.caption, label="Figure 7", number=7)
    )
    leaf = dataclasses.replace(sub.children[0], blocks=(small, long_table))
    sub = dataclasses.replace(sub, children=(leaf,))
    document = dataclasses.replace(
        document, sections=(dataclasses.replace(chapter, children=(sub,)),)
    )
    assert figure.caption.number == 1
    rendered = Rendered(document, render_docx(document))
    got = [instructions(p)[0] for p in rendered.paragraphs("Caption")]
    assert got == [
        "SEQ Figure \\* ARABIC",
        "SEQ Figure \\* ARABIC \\c",
        "SEQ Figure \\* ARABIC \\r 7",
    ]


def test_second_part_of_a_two_part_exhibit_prints_no_caption() -> None:
    """A chart and a table under one number: one caption line (the chart's), one SEQ field."""
    document = make_document("en")
    figure = _first_figure(document)
    hidden = dataclasses.replace(figure.caption, shown=False)

    def hide(blocks: tuple[object, ...]) -> tuple[object, ...]:
        return tuple(dataclasses.replace(b, caption=hidden) if b is figure else b for b in blocks)

    sections = tuple(
        dataclasses.replace(
            s,
            blocks=hide(s.blocks),
            children=tuple(dataclasses.replace(c, blocks=hide(c.blocks)) for c in s.children),
        )
        for s in document.sections
    )
    shown = Rendered(document, render_docx(document)).paragraphs("Caption")
    body = Rendered(document, render_docx(dataclasses.replace(document, sections=sections)))
    captions = body.paragraphs("Caption")
    assert len(captions) == len(shown) - 1  # the hidden part's SEQ field is not written either
