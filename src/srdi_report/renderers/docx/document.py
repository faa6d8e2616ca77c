"""Document → DOCX bytes: the same walk as the PDF, written as Word paragraphs, fields and tables.

Order on paper: the cover (first page, no header or footer), the front matter with the table of
contents, then each chapter on a new page (``Heading 1`` breaks the page) with its sections
depth first. Captions stand above their exhibit with the source line below, as in the PDF.
The table of contents is a real ``TOC`` field already filled with the headings and estimated
page numbers (:mod:`.pages`); Word's "Update field" replaces them with the real ones.
"""

from __future__ import annotations

import io
import re

from docx import Document as new_docx  # noqa: N813 - a function, despite its name
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu, Twips

from srdi_report import fonts
from srdi_report.compose.model import (
    Block,
    Caption,
    Document,
    FigureBlock,
    ListBlock,
    Section,
    TableBlock,
    TableOfContents,
)
from srdi_report.compose.model import PageBreak as ModelPageBreak
from srdi_report.compose.model import Paragraph as ModelParagraph
from srdi_report.compose.model import ParagraphStyle as Role
from srdi_report.errors import BuildError
from srdi_report.renderers.docx.cover import band_run, title_table
from srdi_report.renderers.docx.embedded_fonts import embedding_members
from srdi_report.renderers.docx.fields import (
    REF_PREFIX,
    TOC_PREFIX,
    RunFormat,
    TocEntry,
    bookmark,
    bookmark_name,
    field_runs,
    seq_runs,
    text_run,
    toc_paragraphs,
)
from srdi_report.renderers.docx.inline import InlineContext, note_elements, runs_elements
from srdi_report.renderers.docx.lists import ListNumbering, number_paragraph
from srdi_report.renderers.docx.package import (
    app_properties,
    drop_template_leftovers,
    font_charset,
    normalise_zip,
    set_core_properties,
    theme_fonts,
    zip_members,
)
from srdi_report.renderers.docx.pages import estimate_pages
from srdi_report.renderers.docx.styles import (
    DEFAULT_DOCX_THEME,
    EMU_PER_TWIP,
    DocxTheme,
    ScriptRules,
    StyleId,
    apply_styles,
    heading_text,
    outline_text,
)
from srdi_report.renderers.docx.tables import table_element

COVER_LINES_GAP_PT = 48.0  # from the band to the edition line, as in the PDF
CAPTION_ROOM_TWIPS = 1800  # room a figure leaves on its page for caption and source (90 pt)
DEFAULT_SEQ = "Exhibit"
HEADING_1_NAME = "Heading 1"  # the English built-in name, which Word accepts in every UI language
_ROLE_STYLES = {
    Role.BODY: StyleId.BODY,
    Role.LEAD: StyleId.LEAD,
    Role.NOTE: StyleId.NOTE,
    Role.QUOTE: StyleId.QUOTE,
    Role.BOX: StyleId.BOX,
}
_SPACES = re.compile(r"\s+")


class LocaleMismatchError(BuildError):
    """The renderer was asked for a language that the document is not written in."""


class FigureImageError(BuildError):
    """A figure block has no PNG bytes or no pixel size."""


def caption_parts(caption: Caption) -> tuple[str, str]:
    """The label's text before its number and the SEQ identifier ("Figure 16" → "Figure ").

    Figures and tables share one running number (``Caption.number``), so both use the same
    identifier, as Word's caption dialog does for one label.
    """
    prefix = caption.label.rstrip("0123456789")
    identifier = _SPACES.sub("_", prefix.strip()) or DEFAULT_SEQ
    return prefix, identifier


class _Writer:
    """Appends the document's blocks to the body of a python-docx document."""

    def __init__(
        self,
        document: Document,
        doc: DocxDocument,
        rules: ScriptRules,
        theme: DocxTheme,
        pages: dict[str, int],
    ) -> None:
        self.document = document
        self.doc = doc
        self.rules = rules
        self.theme = theme
        self.pages = pages
        self.body = doc.element.body
        self.sect_pr = self.body.find(qn("w:sectPr"))
        self.ctx = InlineContext(
            locale=document.meta.locale,
            suppression_mark=document.suppression_mark,
            targets=frozenset(_exhibit_ids(document)),
        )
        self.lists = ListNumbering(doc, theme.accent)
        self.bookmarks = 0
        self.marked: set[str] = set()
        self.sequences: dict[str, int] = {}  # SEQ identifier → the last number given
        self.break_pending = False

    # --- output ---------------------------------------------------------------------------

    def append(self, element: BaseOxmlElement) -> None:
        self.sect_pr.addprevious(element)

    def paragraph(
        self,
        style: str,
        elements: list[BaseOxmlElement],
        *,
        jc: str = "",
        keep_next: bool = False,
    ) -> BaseOxmlElement:
        """A paragraph in ``style``; a pending page break goes before it."""
        para = OxmlElement("w:p")
        props = OxmlElement("w:pPr")
        style_el = OxmlElement("w:pStyle")
        style_el.set(qn("w:val"), style)
        props.append(style_el)
        if keep_next:
            props.append(OxmlElement("w:keepNext"))
        if self.break_pending:
            props.append(OxmlElement("w:pageBreakBefore"))
            self.break_pending = False
        if jc:
            jc_el = OxmlElement("w:jc")
            jc_el.set(qn("w:val"), jc)
            props.append(jc_el)
        para.append(props)
        for element in elements:
            para.append(element)
        self.append(para)
        return para

    def mark(self, para: BaseOxmlElement, name: str) -> None:
        # A bookmark name must be unique; the first holder keeps it, as Word does.
        if name in self.marked:
            return
        self.marked.add(name)
        self.bookmarks += 1
        bookmark(para, name, self.bookmarks)

    def notes(self) -> None:
        for note in self.ctx.take_notes():
            self.paragraph(StyleId.NOTE, note_elements(note))

    # --- blocks ---------------------------------------------------------------------------

    def blocks(self, blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            self.block(block)

    def block(self, block: Block) -> None:
        if isinstance(block, ModelParagraph):
            self.paragraph(_ROLE_STYLES[block.style], runs_elements(block.runs, self.ctx))
            self.notes()
        elif isinstance(block, ListBlock):
            self.list_block(block)
        elif isinstance(block, TableBlock):
            self.table(block)
        elif isinstance(block, FigureBlock):
            self.figure(block)
        elif isinstance(block, ModelPageBreak):
            self.break_pending = True
        elif isinstance(block, TableOfContents):
            self.contents(block)
        else:  # pragma: no cover - the Block union is closed
            raise BuildError(f"unknown block {type(block).__name__}")

    def list_block(self, block: ListBlock) -> None:
        num_id = self.lists.new_list(block.ordered)
        for item in block.items:
            para = self.paragraph(StyleId.LIST, runs_elements(item, self.ctx))
            number_paragraph(para, num_id)
        self.notes()

    def caption(self, caption: Caption, exhibit_id: str) -> None:
        if not caption.shown:
            return  # the second part of a chart-and-table exhibit: its partner has the caption
        prefix, identifier = caption_parts(caption)
        label = RunFormat(style=StyleId.CAPTION_LABEL)
        elements = [
            text_run(prefix, label),
            *seq_runs(identifier, caption.number, self.sequences.get(identifier), label),
            text_run(self.rules.caption_separator + caption.title),
        ]
        self.sequences[identifier] = caption.number
        para = self.paragraph(StyleId.CAPTION, elements)
        self.mark(para, bookmark_name(REF_PREFIX, exhibit_id))

    def source_and_notes(self, caption: Caption, notes: tuple[ModelParagraph, ...]) -> None:
        if caption.source:
            self.paragraph(StyleId.SOURCE, [text_run(caption.source)])
        for note in notes:
            self.paragraph(StyleId.NOTE, runs_elements(note.runs, self.ctx))
        self.notes()

    def table(self, block: TableBlock) -> None:
        self.caption(block.caption, block.table_id)
        self.append(table_element(block, self.ctx, self.theme))
        self.source_and_notes(block.caption, block.notes)

    def figure(self, block: FigureBlock) -> None:
        if not block.png or block.width_px <= 0 or block.height_px <= 0:
            raise FigureImageError(f"figure {block.figure_id} has no PNG or no pixel size")
        self.caption(block.caption, block.figure_id)
        width, height = self.image_size(block)
        try:
            inline = self.doc.part.new_pic_inline(
                io.BytesIO(block.png), width=Emu(width), height=Emu(height)
            )
        except Exception as exc:
            raise FigureImageError(
                f"figure {block.figure_id}: unreadable PNG ({type(exc).__name__}: {exc})"
            ) from exc
        doc_pr = inline.find(qn("wp:docPr"))
        doc_pr.set("descr", block.alt_text)
        doc_pr.set("title", f"{block.caption.label} {block.caption.title}".strip())
        doc_pr.set("name", block.figure_id)
        run = OxmlElement("w:r")
        run.add_drawing(inline)
        self.paragraph(StyleId.FIGURE, [run], keep_next=bool(block.caption.source))
        self.source_and_notes(block.caption, block.notes)

    def image_size(self, block: FigureBlock) -> tuple[int, int]:
        """Width and height in EMU: text width × fraction, aspect kept, capped by the page."""
        theme = self.theme
        width = theme.text_width_twips * min(max(block.width_fraction, 0.05), 1.0)
        height = width * block.height_px / block.width_px
        limit = theme.text_height_twips - CAPTION_ROOM_TWIPS
        if height > limit:
            width, height = width * limit / height, limit
        return round(width * EMU_PER_TWIP), round(height * EMU_PER_TWIP)

    def contents(self, block: TableOfContents) -> None:
        self.paragraph(StyleId.TOC_HEADING, [text_run(block.title)])
        entries = [
            TocEntry(
                level=path[-1].level,
                text=outline_text(path[-1].heading.number, path[-1].heading.title),
                bookmark=bookmark_name(TOC_PREFIX, path[-1].heading.anchor),
                page=str(self.pages.get(path[-1].heading.anchor, "")),
            )
            for path in self.document.walk()
        ]
        for para in toc_paragraphs(entries, max(block.depth, 1), StyleId.TOC):
            self.append(para)

    def section(self, section: Section) -> None:
        heading = section.heading
        text = heading_text(heading.number, heading.title, self.rules)
        para = self.paragraph(StyleId.heading(section.level), [text_run(text)])
        self.mark(para, bookmark_name(TOC_PREFIX, heading.anchor))
        self.blocks(section.blocks)
        for child in section.children:
            self.section(child)

    def cover(self) -> None:
        """Band, title and subtitle in white inside it, then edition, publisher and date."""
        cover, white = self.document.cover, RunFormat(color="FFFFFF")
        inside = []
        for style, text in ((StyleId.TITLE, cover.title), (StyleId.SUBTITLE, cover.subtitle)):
            if text:
                inside.append(self.paragraph(style, [text_run(text, white)]))
        if not inside:
            inside.append(self.paragraph(StyleId.TITLE, []))
        for para in inside:
            para.getparent().remove(para)
        self.append(title_table(inside, self.theme))
        lines = [
            self.paragraph(StyleId.COVER_LINE, [text_run(text)])
            for text in (cover.edition_line, cover.publisher, cover.date_line)
            if text
        ] or [self.paragraph(StyleId.COVER_LINE, [])]
        _space_before(lines[0], COVER_LINES_GAP_PT)
        # The band is anchored outside the table: inside a cell it would be placed in the cell.
        lines[0].append(band_run(self.doc, self.theme))
        self.break_pending = True

    def write(self) -> None:
        self.cover()
        self.blocks(self.document.front)
        for chapter in self.document.sections:
            self.section(chapter)
        for note in self.document.notes:
            self.paragraph(StyleId.NOTE, runs_elements(note.runs, self.ctx))
        self.notes()


def _space_before(para: BaseOxmlElement, points: float) -> None:
    spacing = para.get_or_add_pPr().get_or_add_spacing()
    spacing.before = Twips(round(points * 20))


def _exhibit_ids(document: Document) -> list[str]:
    ids: list[str] = []

    def scan(blocks: tuple[Block, ...]) -> None:
        for block in blocks:
            if isinstance(block, TableBlock):
                ids.append(block.table_id)
            elif isinstance(block, FigureBlock):
                ids.append(block.figure_id)

    scan(document.front)
    for path in document.walk():
        scan(path[-1].blocks)
    return ids


def _page_setup(doc: DocxDocument, document: Document, theme: DocxTheme) -> None:
    """A4, the PDF's margins, running header and page number on every page but the cover."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Twips(theme.twips(theme.page_width_mm))
    section.page_height = Twips(theme.twips(theme.page_height_mm))
    section.left_margin = Twips(theme.twips(theme.margin_left_mm))
    section.right_margin = Twips(theme.twips(theme.margin_right_mm))
    section.top_margin = Twips(theme.twips(theme.margin_top_mm))
    section.bottom_margin = Twips(theme.twips(theme.margin_bottom_mm))
    section.header_distance = Twips(theme.twips(theme.header_mm))
    section.footer_distance = Twips(theme.twips(theme.footer_mm))
    section.gutter = Twips(0)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header._p.get_or_add_pPr().style = StyleId.HEADER
    header._p.append(text_run(document.running_header))
    # The chapter on the right, as the PDF prints it: Word and LibreOffice fill a STYLEREF in a
    # header per page from the nearest chapter heading.
    header._p.append(text_run("\t\t"))
    for run in field_runs(f'STYLEREF "{HEADING_1_NAME}"', ""):
        header._p.append(run)
    footer = section.footer.paragraphs[0]
    footer._p.get_or_add_pPr().style = StyleId.FOOTER
    for run in field_runs("PAGE", "2"):
        footer._p.append(run)
    # Empty first-page header and footer in the plain style: the cover shows neither, nor
    # the header's rule.
    for part in (section.first_page_header, section.first_page_footer):
        part.is_linked_to_previous = False
        part.paragraphs[0]._p.get_or_add_pPr().style = StyleId.NORMAL


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower()


def render_docx(
    document: Document, locale: str | None = None, theme: DocxTheme = DEFAULT_DOCX_THEME
) -> bytes:
    """Render a document to DOCX bytes.

    Args:
        document: The composed document (one language).
        locale: The Babel locale asked for; must name the document's language.
        theme: Page geometry, colours and type sizes.

    Returns:
        The DOCX file's bytes; the same document and theme give the same bytes.

    Raises:
        LocaleMismatchError: ``locale`` is another language than the document's.
        FigureImageError: A figure has no readable PNG.
        DocxMetadataError: The document's date is not an ISO date.
    """
    meta = document.meta
    if locale is not None and _language(locale) != _language(meta.locale):
        raise LocaleMismatchError(
            f"asked for a {locale!r} DOCX of a document written in {meta.locale!r}"
        )
    doc = new_docx()
    rules = apply_styles(doc, meta.locale, theme)
    _page_setup(doc, document, theme)
    pages = estimate_pages(document, rules, theme)
    _Writer(document, doc, rules, theme, pages).write()
    set_core_properties(doc, meta)
    drop_template_leftovers(doc)
    out = io.BytesIO()
    doc.save(out)
    family = fonts.upstream_families(meta.locale)[0]
    script = fonts.scripts_for_locale(meta.locale)[0]
    theme_part = doc.part.part_related_by(RT.THEME)
    replace = {
        "docProps/app.xml": app_properties(meta),
        theme_part.partname.lstrip("/"): theme_fonts(theme_part.blob, family),
    }
    members = zip_members(out.getvalue())
    replace.update(embedding_members(members, meta.locale, font_charset(script)))
    return normalise_zip(out.getvalue(), replace, add=True)
