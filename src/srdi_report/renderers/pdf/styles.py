"""The PDF's look as data: page geometry, colours and the type scale, turned into ReportLab styles.

One :class:`PdfTheme` holds every size and colour; :func:`make_styles` turns it and the locale's
registered font names into the paragraph styles the flowables use. Chinese text gets a larger
leading, a two-character first-line indent and ``wordWrap="CJK"`` (lines may break between any
two characters); Latin text gets block paragraphs with space between them. Those are rows of
``SCRIPT_RULES``, never an ``if`` on the language in the flowables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from srdi_report.compose.model import Align


@dataclass(frozen=True)
class PdfTheme:
    """Page geometry (points), colours (hex) and type sizes (points) of the report.

    The text column is 160 mm wide, the width the figure theme draws charts for (6.3 in), so a
    200-dpi chart is placed at its natural size.
    """

    page_width: float = A4[0]
    page_height: float = A4[1]
    margin_left: float = 25 * mm
    margin_right: float = 25 * mm
    margin_top: float = 27 * mm
    margin_bottom: float = 24 * mm
    header_offset: float = 12 * mm  # baseline of the running header below the page top
    footer_offset: float = 12 * mm  # baseline of the page number above the page bottom
    accent: str = "#0B4F7C"  # headings, rules, caption labels: a calm dark blue
    accent_light: str = "#DCE8F2"  # table header rows, box background
    zebra: str = "#F4F7FA"  # every other table body row
    rule: str = "#C5CED6"  # hairlines between table rows
    text: str = "#1F2933"
    muted: str = "#52606D"  # notes, sources, running header
    cover_band: str = "#0B4F7C"
    cover_text: str = "#FFFFFF"
    body_size: float = 10.0
    lead_size: float = 11.0
    small_size: float = 8.0
    table_size: float = 8.5
    caption_size: float = 9.5
    h1_size: float = 20.0
    h2_size: float = 14.0
    h3_size: float = 11.5
    h4_size: float = 10.5
    title_size: float = 28.0

    @property
    def frame_width(self) -> float:
        """Width of the text column."""
        return self.page_width - self.margin_left - self.margin_right

    @property
    def frame_height(self) -> float:
        """Height of the text column."""
        return self.page_height - self.margin_top - self.margin_bottom

    def color(self, name: str) -> colors.Color:
        """A theme colour by field name, as a ReportLab colour."""
        return colors.HexColor(str(getattr(self, name)))


DEFAULT_PDF_THEME = PdfTheme()


@dataclass(frozen=True)
class ScriptRules:
    """Typographic rules that differ by writing system, chosen from the locale's font script."""

    word_wrap: str | None  # "CJK": break between any characters; None: break at spaces
    leading: float  # line height as a multiple of the font size
    first_line_indent: float  # in ems of the body size
    paragraph_space: float  # space after a body paragraph, in points
    caption_separator: str  # between "Figure 3" and the title
    heading_separator: str  # between "2.1" and the heading title
    body_alignment: int  # Chinese body text is justified; Latin text is ragged right


# Keyed by fonts.FontFace.script. U+FF1A is the full-width colon Chinese captions use.
SCRIPT_RULES: dict[str, ScriptRules] = {
    "cjk": ScriptRules(
        word_wrap="CJK",
        leading=1.7,
        first_line_indent=2.0,
        paragraph_space=4.0,
        caption_separator="\uff1a",
        heading_separator="\u2002",
        body_alignment=TA_JUSTIFY,
    ),
    "latin": ScriptRules(
        word_wrap=None,
        leading=1.45,
        first_line_indent=0.0,
        paragraph_space=6.0,
        caption_separator=": ",
        heading_separator="\u2002",
        body_alignment=TA_LEFT,
    ),
}

_ALIGNMENTS = {Align.LEFT: TA_LEFT, Align.RIGHT: TA_RIGHT, Align.CENTER: TA_CENTER}


@dataclass(frozen=True)
class FontNames:
    """ReportLab names of the registered regular and bold faces of one family."""

    regular: str
    bold: str


@dataclass(frozen=True)
class Styles:
    """Every paragraph style the PDF uses, built for one locale's fonts."""

    theme: PdfTheme
    rules: ScriptRules
    fonts: FontNames
    body: ParagraphStyle
    lead: ParagraphStyle
    note: ParagraphStyle
    quote: ParagraphStyle
    box: ParagraphStyle
    list_item: ParagraphStyle
    headings: tuple[ParagraphStyle, ...]  # level 1, 2, 3, 4 (deeper levels use the last)
    toc_title: ParagraphStyle
    toc_levels: tuple[ParagraphStyle, ...]
    caption: ParagraphStyle
    source: ParagraphStyle
    table_cells: dict[Align, ParagraphStyle]
    table_heads: dict[Align, ParagraphStyle]
    header_footer: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_line: ParagraphStyle
    # Characters the body face lacks → the registered fallback face that draws them.
    fallback: Mapping[str, str] = field(default_factory=dict)

    def markup(self, text: str) -> str:
        """Paragraph markup of literal text: escaped, fallback characters in their own face.

        ReportLab has no per-glyph font fallback, so a character the body face lacks (a star
        in an English table) is wrapped in ``<font name=...>`` of a face that has it.
        """
        if not self.fallback or not any(ch in self.fallback for ch in text):
            return escape(text)
        out: list[str] = []
        for ch in text:
            face = self.fallback.get(ch)
            out.append(f'<font name="{face}">{escape(ch)}</font>' if face else escape(ch))
        return "".join(out)

    def heading(self, level: int) -> ParagraphStyle:
        """The style of a heading at ``level`` (1 = chapter)."""
        return self.headings[min(max(level, 1), len(self.headings)) - 1]


def make_styles(
    fonts: FontNames,
    script: str,
    theme: PdfTheme = DEFAULT_PDF_THEME,
    fallback: Mapping[str, str] | None = None,
) -> Styles:
    """Build the paragraph styles for fonts of one script ("cjk" or "latin").

    Args:
        fonts: Registered ReportLab names of the regular and bold face.
        script: A key of ``SCRIPT_RULES``.
        theme: Sizes and colours.
        fallback: Characters the body face lacks → registered name of a face that has them.
    """
    rules = SCRIPT_RULES[script]
    text, muted, accent = theme.color("text"), theme.color("muted"), theme.color("accent")

    def style(name: str, size: float, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": fonts.regular,
            "fontSize": size,
            "leading": round(size * rules.leading, 2),
            "textColor": text,
            "wordWrap": rules.word_wrap,
            # The default bullet font is Helvetica, which would appear in pdffonts.
            "bulletFontName": fonts.regular,
            # No single line of a paragraph alone at the top of a page (nor at the foot).
            "allowWidows": 0,
            "allowOrphans": 0,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    body_size = theme.body_size
    body = style(
        "body",
        body_size,
        firstLineIndent=rules.first_line_indent * body_size,
        spaceAfter=rules.paragraph_space,
        alignment=rules.body_alignment,
    )
    headings = (
        style(
            "h1", theme.h1_size, fontName=fonts.bold, textColor=accent, leading=theme.h1_size * 1.3,
            spaceBefore=0, spaceAfter=14,
        ),
        style(
            "h2", theme.h2_size, fontName=fonts.bold, textColor=accent,
            leading=theme.h2_size * 1.35, spaceBefore=14, spaceAfter=6,
        ),
        style(
            "h3", theme.h3_size, fontName=fonts.bold, textColor=text, leading=theme.h3_size * 1.4,
            spaceBefore=10, spaceAfter=4,
        ),
        style(
            "h4", theme.h4_size, fontName=fonts.bold, textColor=muted, leading=theme.h4_size * 1.4,
            spaceBefore=8, spaceAfter=3,
        ),
    )  # fmt: skip
    toc_levels = (
        # rightIndent keeps a wrapped title clear of the page-number column.
        style(
            "toc1",
            10.5,
            fontName=fonts.bold,
            textColor=accent,
            spaceBefore=7,
            leading=15,
            rightIndent=40,
        ),
        style("toc2", 9.5, leftIndent=14, leading=13.5, rightIndent=40),
        style("toc3", 9.0, leftIndent=28, textColor=muted, leading=12.5, rightIndent=40),
        style("toc4", 8.5, leftIndent=42, textColor=muted, leading=12, rightIndent=40),
    )
    cell_size, small = theme.table_size, theme.small_size
    table_cells = {
        align: style(f"cell-{align}", cell_size, alignment=ta, leading=cell_size * 1.3)
        for align, ta in _ALIGNMENTS.items()
    }
    table_heads = {
        align: style(
            f"head-{align}", cell_size, alignment=ta, leading=cell_size * 1.3, fontName=fonts.bold
        )
        for align, ta in _ALIGNMENTS.items()
    }
    return Styles(
        theme=theme,
        rules=rules,
        fonts=fonts,
        body=body,
        lead=style(
            "lead", theme.lead_size, textColor=accent, spaceAfter=10, spaceBefore=2,
            alignment=rules.body_alignment,
            leading=round(theme.lead_size * rules.leading, 2),
        ),
        note=style("note", small, textColor=muted, leading=small * 1.45, spaceAfter=2),
        quote=style(
            "quote", body_size, textColor=muted, leftIndent=18, rightIndent=18, spaceAfter=8,
            spaceBefore=2,
        ),
        box=style("box", body_size, spaceAfter=3, alignment=rules.body_alignment),
        list_item=style("list", body_size, spaceAfter=2, alignment=rules.body_alignment),
        headings=headings,
        toc_title=style(
            "toc-title", theme.h1_size, fontName=fonts.bold, textColor=accent, spaceAfter=16,
            leading=theme.h1_size * 1.3,
        ),
        toc_levels=toc_levels,
        caption=style(
            "caption", theme.caption_size, fontName=fonts.bold, spaceBefore=8, spaceAfter=5,
            leading=theme.caption_size * 1.4,
        ),
        source=style("source", small, textColor=muted, leading=small * 1.45, spaceBefore=3),
        table_cells=table_cells,
        table_heads=table_heads,
        header_footer=style("header-footer", small, textColor=muted, leading=small * 1.2),
        cover_title=style(
            "cover-title", theme.title_size, fontName=fonts.bold,
            textColor=theme.color("cover_text"), leading=theme.title_size * 1.3,
        ),
        cover_subtitle=style(
            "cover-subtitle", 14, textColor=theme.color("cover_text"), leading=20,
        ),
        cover_line=style("cover-line", 11, textColor=text, leading=16),
        fallback=dict(fallback or {}),
    )  # fmt: skip
