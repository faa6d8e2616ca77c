"""Document → PDF bytes: walk the model into a ReportLab story and build it until the TOC settles.

The walk is the only place that knows the order of things on paper: cover, front matter, then
each chapter on a new page with its sections depth first. Headings (and captions, which the
exhibit modules handle) are kept with the start of what follows them. ``multiBuild`` lays the
story out until the table of contents' page numbers stop changing: the contents are prefilled
with every heading, so a layout-only first pass (no images drawn) and a second, drawn pass
suffice. ``invariant=1`` fixes the document id and the dates are the data snapshot's, so the
same document gives the same bytes.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab import rl_config
from reportlab.platypus import Flowable, PageBreak
from reportlab.platypus.doctemplate import LayoutError

from srdi_report import fonts
from srdi_report.compose.model import (
    Block,
    Document,
    FigureBlock,
    Inline,
    ListBlock,
    NoteRun,
    Section,
    TableBlock,
    TableOfContents,
    TextRun,
)
from srdi_report.compose.model import PageBreak as ModelPageBreak
from srdi_report.compose.model import Paragraph as ModelParagraph
from srdi_report.compose.model import ParagraphStyle as Role
from srdi_report.errors import BuildError
from srdi_report.renderers.pdf.figures import figure_flowables
from srdi_report.renderers.pdf.flowables import (
    box_flowable,
    heading_flowable,
    list_flowables,
    notes_flowables,
    outline_title,
    paragraph_flowables,
)
from srdi_report.renderers.pdf.fonts import PdfFont, register_locale_fonts, register_pdf_font
from srdi_report.renderers.pdf.inline import InlineContext, plain_text
from srdi_report.renderers.pdf.keep import KeepStart
from srdi_report.renderers.pdf.line_break import install_cjk_line_breaking
from srdi_report.renderers.pdf.page import CanvasMaker, CoverFlowable, DryCanvas, ReportDocTemplate
from srdi_report.renderers.pdf.styles import (
    DEFAULT_PDF_THEME,
    FontNames,
    PdfTheme,
    Styles,
    make_styles,
)
from srdi_report.renderers.pdf.tables import table_flowable, table_flowables
from srdi_report.renderers.pdf.toc import ReportToc, toc_flowables

PRODUCER = "srdi-report (ReportLab)"
MAX_PASSES = 8
# Characters the layout itself prints besides the document's text (bullets, ellipsis).
LAYOUT_CHARACTERS = "\u2022\u2026.0123456789"


class LocaleMismatchError(BuildError):
    """The renderer was asked for a language that the document is not written in."""


class PageLayoutError(BuildError):
    """A block cannot be placed on any page (for example a table row taller than a page)."""


class _Story:
    """Collects flowables; keeps pending headings with the start of the next block."""

    def __init__(self) -> None:
        self.flowables: list[Flowable] = []
        self._pending: list[Flowable] = []

    def heading(self, flowable: Flowable) -> None:
        self._pending.append(flowable)

    def add(self, flowables: list[Flowable]) -> None:
        if not flowables:
            return
        if self._pending:
            first = flowables[0]
            inner = first.content if isinstance(first, KeepStart) else [first]
            self.flowables.append(KeepStart([*self._pending, *inner]))
            self._pending = []
            flowables = flowables[1:]
        self.flowables.extend(flowables)

    def join(self, flowable: Flowable) -> None:
        """Keep ``flowable``'s start with the last flowable added (a chart and its table)."""
        last = self.flowables.pop()
        lead = last.content if isinstance(last, KeepStart) else [last]
        self.flowables.append(KeepStart([*lead, flowable]))

    def page_break(self) -> None:
        self.flush()
        if self.flowables and not isinstance(self.flowables[-1], PageBreak):
            self.flowables.append(PageBreak())

    def flush(self) -> None:
        self.flowables.extend(self._pending)
        self._pending = []


class _Walker:
    """Turns blocks into flowables for one document."""

    def __init__(self, document: Document, styles: Styles, ctx: InlineContext) -> None:
        self.document = document
        self.styles = styles
        self.ctx = ctx
        self.story = _Story()
        # Number of the figure just added: the table of a two-part exhibit (its caption not
        # shown) that follows it directly starts on the same page, not alone on the next one.
        self.last_figure: int | None = None

    def blocks(self, blocks: tuple[Block, ...]) -> None:
        box: list[ModelParagraph] = []
        for block in blocks:
            if isinstance(block, ModelParagraph) and block.style is Role.BOX:
                box.append(block)
                continue
            if box:
                self.story.add(box_flowable(box, self.ctx, self.styles))
                box = []
            self.block(block)
        if box:
            self.story.add(box_flowable(box, self.ctx, self.styles))

    def block(self, block: Block) -> None:
        ctx, styles = self.ctx, self.styles
        after_figure, self.last_figure = self.last_figure, None
        if (
            isinstance(block, TableBlock)
            and not block.caption.shown
            and after_figure == block.caption.number
            and self.story.flowables
        ):
            self.story.join(table_flowable(block, ctx, styles, self.document.continued))
        elif isinstance(block, ModelParagraph) and _run_in_heading(block):
            # A bold line of its own ("Filing and grant trends") heads what follows: like a
            # heading, it never ends a page alone.
            for flowable in paragraph_flowables(block, ctx, styles):
                self.story.heading(flowable)
        elif isinstance(block, ModelParagraph):
            self.story.add(paragraph_flowables(block, ctx, styles))
        elif isinstance(block, ListBlock):
            self.story.add(list_flowables(block, ctx, styles))
        elif isinstance(block, TableBlock):
            self.story.add(table_flowables(block, ctx, styles, self.document.continued))
        elif isinstance(block, FigureBlock):
            self.story.add(figure_flowables(block, ctx, styles))
            self.last_figure = block.caption.number
        elif isinstance(block, ModelPageBreak):
            self.story.page_break()
        elif isinstance(block, TableOfContents):
            self.story.add(toc_flowables(block, styles, self.toc_entries()))
        else:  # pragma: no cover - the Block union is closed
            raise BuildError(f"unknown block {type(block).__name__}")

    def toc_entries(self) -> list[tuple[int, str, int, str]]:
        """Every heading as the page template will announce it, with page 0 for now."""
        return [
            (
                path[-1].level - 1,
                self.styles.markup(outline_title(path[-1].heading)),
                0,
                path[-1].heading.anchor,
            )
            for path in self.document.walk()
        ]

    def section(self, section: Section) -> None:
        if section.level == 1:
            self.story.page_break()
        self.story.heading(heading_flowable(section.heading, section.level, self.styles))
        self.blocks(section.blocks)
        for child in section.children:
            self.section(child)

    def walk(self) -> list[Flowable]:
        doc = self.document
        self.story.flowables.append(CoverFlowable(doc.cover, self.styles))
        self.story.flowables.append(PageBreak())
        self.blocks(doc.front)
        for chapter in doc.sections:
            self.section(chapter)
        if doc.notes:
            for note in doc.notes:
                self.story.add(paragraph_flowables(note, self.ctx, self.styles))
        self.story.add(notes_flowables(self.ctx.take_notes(), self.styles))
        self.story.flush()
        return self.story.flowables


def document_text(document: Document, ctx: InlineContext) -> Iterator[str]:
    """Every string the PDF prints, for the font coverage check (numbers as formatted)."""
    meta, cover = document.meta, document.cover

    def runs_text(runs: tuple[Inline, ...]) -> str:
        notes = "".join(run.text for run in runs if isinstance(run, NoteRun))
        return plain_text(runs, ctx) + notes

    yield from (cover.title, cover.subtitle, cover.edition_line, cover.publisher, cover.date_line)
    yield from (document.running_header, document.suppression_mark, meta.title)

    def blocks(items: tuple[Block, ...]) -> Iterator[str]:
        for block in items:
            if isinstance(block, ModelParagraph):
                yield runs_text(block.runs)
            elif isinstance(block, ListBlock):
                yield from (runs_text(item) for item in block.items)
            elif isinstance(block, TableBlock | FigureBlock):
                cap = block.caption
                yield from (cap.label, cap.title, cap.source)
                yield from blocks(block.notes)
                if isinstance(block, TableBlock):
                    for row in (*block.header, *block.rows):
                        yield from (runs_text(cell.runs) for cell in row)
            elif isinstance(block, TableOfContents):
                yield block.title

    yield from blocks(document.front)
    for path in document.walk():
        section = path[-1]
        yield section.heading.number + section.heading.title
        yield from blocks(section.blocks)
    yield from blocks(document.notes)


# Longest bold paragraph (characters) that is read as a run-in heading of what follows it.
RUN_IN_HEADING_CHARS = 80


def _run_in_heading(block: ModelParagraph) -> bool:
    """A short body paragraph set wholly in bold text: a subheading inside a section."""
    if block.style is not Role.BODY or not block.runs:
        return False
    if not all(isinstance(run, TextRun) and run.bold for run in block.runs):
        return False
    return len("".join(run.text for run in block.runs if isinstance(run, TextRun))) <= (
        RUN_IN_HEADING_CHARS
    )


def render_pdf(
    document: Document, locale: str | None = None, theme: PdfTheme = DEFAULT_PDF_THEME
) -> bytes:
    """Render a document to PDF bytes.

    Args:
        document: The composed document (one language).
        locale: The Babel locale asked for; must name the document's language
            (``document.meta.locale``), which is what numbers and fonts follow.
        theme: Page geometry, colours and type sizes.

    Returns:
        The PDF file's bytes; the same document and theme give the same bytes.

    Raises:
        LocaleMismatchError: ``locale`` is another language than the document's.
        FontCoverageError: The locale's font cannot draw a character of the text.
        PageLayoutError: A block is taller than a page and cannot split.
    """
    meta = document.meta
    if locale is not None and _language(locale) != _language(meta.locale):
        raise LocaleMismatchError(
            f"asked for a {locale!r} PDF of a document written in {meta.locale!r}"
        )
    font, *others = register_locale_fonts(meta.locale)
    # Symbols the locale's faces lack (stars in English ratings) come from the fallback faces;
    # ReportLab embeds a face only if a character is drawn with it.
    others += [register_pdf_font(face) for face in fonts.fallback_faces(meta.locale)]
    ctx = InlineContext(locale=meta.locale, suppression_mark=document.suppression_mark)
    text = "".join(document_text(document, ctx)) + LAYOUT_CHARACTERS
    fallback = fallback_faces(text, font, others, strict=_strict_text(document))
    names = FontNames(font.regular, font.bold)
    styles = make_styles(names, font.face.script, theme, fallback)
    ctx.markup = styles.markup
    ctx.targets = exhibit_ids(document)
    if styles.rules.word_wrap == "CJK":
        # Chinese line-breaking rules for the CJK wrapper (process-wide, idempotent).
        install_cjk_line_breaking()
    story = _Walker(document, styles, ctx).walk()
    out = io.BytesIO()
    template = ReportDocTemplate(
        out,
        styles,
        document.running_header,
        date=meta.date,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        keywords=", ".join(meta.keywords),
        creator=PRODUCER,
        producer=PRODUCER,
        lang=meta.language,
        invariant=1,
        initialFontName=font.regular,
        initialFontSize=theme.body_size,
    )
    # With a table of contents the first pass only finds pages: it draws no images and is
    # never the one saved (its prefilled page numbers, all 0, cannot match the real ones).
    has_entries = any(isinstance(f, ReportToc) and f.has_entries() for f in story)
    maker = CanvasMaker(dry_passes=1 if has_entries else 0)
    try:
        with _no_ascii85():
            template.multiBuild(story, maxPasses=MAX_PASSES, canvasmaker=maker)
    except LayoutError as exc:
        # Something taller than a page that cannot split (one huge table row).
        first_line = str(exc).splitlines()[0][:300]
        raise PageLayoutError(f"the PDF cannot be laid out: {first_line}") from exc
    if isinstance(template.canv, DryCanvas):  # pragma: no cover - guarded by dry_passes
        raise BuildError("the PDF was laid out but never drawn")
    return out.getvalue()


@contextmanager
def _no_ascii85() -> Iterator[None]:
    """Write binary streams without ASCII85: 20% smaller and, in pure Python, much faster."""
    previous = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = previous


def exhibit_ids(document: Document) -> frozenset[str]:
    """Ids of every table and figure in the document (the targets of cross-references)."""
    blocks = list(document.front)
    for path in document.walk():
        blocks.extend(path[-1].blocks)
    return frozenset(
        b.table_id if isinstance(b, TableBlock) else b.figure_id
        for b in blocks
        if isinstance(b, TableBlock | FigureBlock)
    )


def fallback_faces(
    text: str, body: PdfFont, others: list[PdfFont], strict: str = ""
) -> dict[str, str]:
    """Which face draws each character the body face lacks.

    Args:
        text: Everything the document prints.
        body: The locale's body face.
        others: The locale's further faces, in order of preference.
        strict: Text drawn without paragraph markup (running header), which must be covered by
            the body face itself.

    Returns:
        Character → ReportLab name of the first face that has it.

    Raises:
        FontCoverageError: A character no face of the locale has, or a character of ``strict``
            the body face lacks.
    """
    fonts.check_coverage(strict, body.face)
    chosen: dict[str, str] = {}
    missing = fonts.missing_glyphs(text, body.face)
    # A fallback face draws symbols and punctuation only: a letter the body face lacks (a Han
    # character in an English edition) is a real error, never something to paper over.
    letters = tuple(ch for ch in missing if unicodedata.category(ch).startswith("L"))
    if letters:
        raise fonts.FontCoverageError(body.face.family, letters)
    for face in others:
        if not missing:
            break
        lacking = set(fonts.missing_glyphs("".join(missing), face.face))
        chosen.update({ch: face.regular for ch in missing if ch not in lacking})
        missing = tuple(ch for ch in missing if ch in lacking)
    if missing:
        raise fonts.FontCoverageError(body.face.family, missing)
    return chosen


def _strict_text(document: Document) -> str:
    """Text the page template draws straight on the canvas: header and chapter titles."""
    chapters = "".join(outline_title(chapter.heading) for chapter in document.sections)
    return document.running_header + chapters + "".join(str(n) for n in range(10))


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower()
