"""The DOCX look as data: page geometry, type scale and colours, written as real Word styles.

Every style the renderer uses is (re)defined here from :class:`DocxTheme`, with the values of the
PDF theme, so both formats look alike. Chinese must never be set in a Latin font: fonts.md §6
found that theme font attributes (``w:asciiTheme``, ``w:eastAsiaTheme`` …) override explicit
names, so every ``w:rFonts`` of the styles part loses them and names the locale's family in the
East Asian, ASCII, high-ANSI and complex-script slots, and every style and the document defaults
carry ``w:lang``. Differences between scripts (first-line indent, justification, line height,
separators) are rows of ``SCRIPT_RULES``, never an ``if`` on the language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement

from srdi_report import fonts

TWIPS_PER_MM = 1440 / 25.4
EMU_PER_TWIP = 635
THEME_ATTRIBUTES = ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme")


@dataclass(frozen=True)
class DocxTheme:
    """Page geometry (mm), type sizes (points) and colours (hex without '#'), as the PDF's."""

    page_width_mm: float = 210.0
    page_height_mm: float = 297.0
    margin_left_mm: float = 25.0
    margin_right_mm: float = 25.0
    margin_top_mm: float = 27.0
    margin_bottom_mm: float = 24.0
    header_mm: float = 12.0
    footer_mm: float = 12.0
    accent: str = "0B4F7C"
    accent_light: str = "DCE8F2"
    rule: str = "C5CED6"
    text: str = "1F2933"
    muted: str = "52606D"
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

    def twips(self, mm: float) -> int:
        """Millimetres → twentieths of a point, rounded."""
        return round(mm * TWIPS_PER_MM)

    @property
    def text_width_twips(self) -> int:
        """Width of the text column in twips (160 mm)."""
        return self.twips(self.page_width_mm - self.margin_left_mm - self.margin_right_mm)

    @property
    def text_height_twips(self) -> int:
        """Height of the text column in twips."""
        return self.twips(self.page_height_mm - self.margin_top_mm - self.margin_bottom_mm)


DEFAULT_DOCX_THEME = DocxTheme()


@dataclass(frozen=True)
class ScriptRules:
    """Typographic rules that differ by writing system (keyed by ``fonts`` script)."""

    line: int  # line spacing in 240ths of the font's single line ("auto" rule)
    first_line_chars: int  # first-line indent of body text, in hundredths of a character
    justify: str  # body paragraph alignment: "both" or "left"
    paragraph_after: float  # space after a body paragraph, points
    caption_separator: str
    heading_separator: str
    east_asian_lang: str  # w:lang w:eastAsia
    hint_east_asian: bool  # w:rFonts w:hint="eastAsia": ambiguous quotes in the CJK face


# U+FF1A is the full-width colon of Chinese captions; U+2002 an en space after heading numbers.
SCRIPT_RULES: dict[str, ScriptRules] = {
    "cjk": ScriptRules(
        line=300,
        first_line_chars=200,
        justify="both",
        paragraph_after=4.0,
        caption_separator="\uff1a",
        heading_separator="\u2002",
        east_asian_lang="zh-CN",
        hint_east_asian=True,
    ),
    "latin": ScriptRules(
        line=264,
        first_line_chars=0,
        justify="left",
        paragraph_after=6.0,
        caption_separator=": ",
        heading_separator="\u2002",
        east_asian_lang="en-US",
        hint_east_asian=False,
    ),
}


class StyleId:
    """Style ids the document part refers to (Word's built-in ids where one exists)."""

    NORMAL = "Normal"
    BODY = "BodyText"
    LEAD = "Lead"
    NOTE = "Note"
    QUOTE = "Quote"
    BOX = "KeyFinding"
    LIST = "ListParagraph"
    TITLE = "Title"
    SUBTITLE = "Subtitle"
    COVER_LINE = "CoverLine"
    HEADINGS = ("Heading1", "Heading2", "Heading3", "Heading4")
    TOC_HEADING = "TOCHeading"
    TOC = ("TOC1", "TOC2", "TOC3", "TOC4")
    CAPTION = "Caption"
    SOURCE = "Source"
    FIGURE = "Figure"
    TABLE_TEXT = "TableText"
    TABLE_HEADING = "TableHeading"
    HEADER = "Header"
    FOOTER = "Footer"
    CAPTION_LABEL = "CaptionLabel"
    TABLE = "ReportTable"

    @classmethod
    def heading(cls, level: int) -> str:
        """The heading style of ``level`` (1 = chapter; deeper levels use the last)."""
        return cls.HEADINGS[min(max(level, 1), len(cls.HEADINGS)) - 1]


@dataclass(frozen=True)
class ParaStyle:
    """One paragraph style as data; sizes in points, spacing in points, indents in twips."""

    style_id: str
    name: str  # Word's built-in name where one exists ("heading 1", "toc 1", "caption")
    size: float
    based_on: str = StyleId.NORMAL
    next_id: str = ""
    bold: bool = False
    italic: bool = False
    color: str = ""
    before: float = 0.0
    after: float = 0.0
    line: int = 0  # 0: inherit
    justify: str = ""
    left: int = 0
    right: int = 0
    first_line: int = 0
    first_line_chars: int = 0
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    outline_level: int | None = None
    shade: str = ""
    left_border: str = ""  # colour of a thick bar on the left (key-finding box)
    bottom_border: str = ""
    right_tab: int = 0  # position of a right tab (with dot leader when ``dots``)
    dots: bool = False
    centre_tab: int = 0


def script_rules(locale: str) -> ScriptRules:
    """The rules of the locale's body script."""
    return SCRIPT_RULES[fonts.scripts_for_locale(locale)[0]]


def paragraph_styles(theme: DocxTheme, rules: ScriptRules) -> tuple[ParaStyle, ...]:
    """Every paragraph style of the report, from the theme and the script's rules."""
    body_after, width = rules.paragraph_after, theme.text_width_twips
    first = round(rules.first_line_chars / 100 * theme.body_size * 20)
    s = StyleId
    return (
        ParaStyle(s.NORMAL, "Normal", theme.body_size, based_on="", color=theme.text,
                  line=rules.line),
        ParaStyle(s.BODY, "Body Text", theme.body_size, after=body_after, justify=rules.justify,
                  first_line=first, first_line_chars=rules.first_line_chars),
        ParaStyle(s.LEAD, "Lead", theme.lead_size, next_id=s.BODY, color=theme.accent, before=2,
                  after=10, justify=rules.justify),
        ParaStyle(s.NOTE, "Note", theme.small_size, color=theme.muted, after=2, line=240),
        ParaStyle(s.QUOTE, "Quote", theme.body_size, color=theme.muted, before=2, after=8,
                  left=360, right=360),
        ParaStyle(s.BOX, "Key Finding", theme.body_size, after=0, justify=rules.justify,
                  left=200, right=200, shade=theme.accent_light, left_border=theme.accent),
        ParaStyle(s.LIST, "List Paragraph", theme.body_size, after=2, justify=rules.justify,
                  left=400),
        ParaStyle(s.TITLE, "Title", theme.title_size, bold=True, color=theme.accent, after=14,
                  line=240),
        ParaStyle(s.SUBTITLE, "Subtitle", 14.0, color=theme.accent, after=0, line=240),
        ParaStyle(s.COVER_LINE, "Cover Line", 11.0, after=10, line=240),
        ParaStyle(s.HEADINGS[0], "heading 1", theme.h1_size, next_id=s.BODY, bold=True,
                  color=theme.accent, after=14, keep_next=True, keep_lines=True,
                  page_break_before=True, outline_level=0, line=240),
        ParaStyle(s.HEADINGS[1], "heading 2", theme.h2_size, next_id=s.BODY, bold=True,
                  color=theme.accent, before=14, after=6, keep_next=True, keep_lines=True,
                  outline_level=1, line=240),
        ParaStyle(s.HEADINGS[2], "heading 3", theme.h3_size, next_id=s.BODY, bold=True,
                  color=theme.text, before=10, after=4, keep_next=True, keep_lines=True,
                  outline_level=2, line=240),
        ParaStyle(s.HEADINGS[3], "heading 4", theme.h4_size, next_id=s.BODY, bold=True,
                  color=theme.muted, before=8, after=3, keep_next=True, keep_lines=True,
                  outline_level=3, line=240),
        ParaStyle(s.TOC_HEADING, "TOC Heading", theme.h1_size, next_id=s.NORMAL, bold=True,
                  color=theme.accent, after=16, keep_next=True, line=240),
        ParaStyle(s.TOC[0], "toc 1", 10.5, next_id=s.NORMAL, bold=True, color=theme.accent,
                  before=7, after=0, right=560, right_tab=width, dots=False),
        ParaStyle(s.TOC[1], "toc 2", 9.5, next_id=s.NORMAL, left=280, right=560,
                  right_tab=width, dots=True),
        ParaStyle(s.TOC[2], "toc 3", 9.0, next_id=s.NORMAL, color=theme.muted, left=560,
                  right=560, right_tab=width, dots=True),
        ParaStyle(s.TOC[3], "toc 4", 8.5, next_id=s.NORMAL, color=theme.muted, left=840,
                  right=560, right_tab=width, dots=True),
        ParaStyle(s.CAPTION, "caption", theme.caption_size, next_id=s.BODY, bold=True,
                  before=8, after=5, keep_next=True, keep_lines=True, line=240),
        ParaStyle(s.SOURCE, "Source", theme.small_size, color=theme.muted, before=3, after=2,
                  line=240),
        ParaStyle(s.FIGURE, "Figure", theme.body_size, justify="center", before=2, after=0,
                  keep_next=True, line=240),
        ParaStyle(s.TABLE_TEXT, "Table Text", theme.table_size, line=240, before=1, after=1),
        ParaStyle(s.TABLE_HEADING, "Table Heading", theme.table_size, based_on=s.TABLE_TEXT,
                  bold=True, line=240, before=1, after=1, keep_next=True),
        ParaStyle(s.HEADER, "header", theme.small_size, color=theme.muted, line=240,
                  bottom_border=theme.rule, centre_tab=width // 2, right_tab=width),
        ParaStyle(s.FOOTER, "footer", theme.small_size + 1, justify="center", line=240),
    )  # fmt: skip


def apply_styles(
    doc: DocxDocument, locale: str, theme: DocxTheme = DEFAULT_DOCX_THEME
) -> ScriptRules:
    """Define the report's styles in ``doc`` and set fonts and languages everywhere.

    Returns:
        The script rules used (separators for captions and headings).
    """
    rules = script_rules(locale)
    root = doc.styles.element
    for spec in paragraph_styles(theme, rules):
        _replace(root, _paragraph_style_xml(spec))
    _replace(root, _character_style_xml(StyleId.CAPTION_LABEL, "Caption Label", theme.accent))
    _replace(root, _table_style_xml(theme))
    family = fonts.upstream_families(locale)[0]
    defaults = root.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    default_ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for child in list(default_ppr):
        default_ppr.remove(child)  # spacing comes from the styles
    set_fonts(default_rpr, family, rules)
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:type")) in ("paragraph", "character", "table"):
            set_fonts(style.get_or_add_rPr(), family, rules)
    # Conditional table formats and other nested run properties: no theme fonts anywhere.
    for rfonts in root.iter(qn("w:rFonts")):
        if any(rfonts.get(qn(attribute)) for attribute in THEME_ATTRIBUTES):
            set_fonts(rfonts.getparent(), family, rules)
    _theme_font_language(doc, rules)
    return rules


def set_fonts(rpr: BaseOxmlElement, family: str, rules: ScriptRules) -> None:
    """fonts.md §6 on one ``w:rPr``: theme attributes out, the family in all slots, ``w:lang``."""
    rfonts = rpr.get_or_add_rFonts()
    for attribute in THEME_ATTRIBUTES:
        rfonts.attrib.pop(qn(attribute), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), family)
    if rules.hint_east_asian:
        rfonts.set(qn("w:hint"), "eastAsia")
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.attrib.clear()
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), rules.east_asian_lang)


def _theme_font_language(doc: DocxDocument, rules: ScriptRules) -> None:
    """The settings' theme font language (the template says Japanese) follows the edition."""
    settings = doc.settings.element
    el = settings.find(qn("w:themeFontLang"))
    if el is not None:
        el.set(qn("w:val"), "en-US")
        el.set(qn("w:eastAsia"), rules.east_asian_lang)


def _replace(root: BaseOxmlElement, new: BaseOxmlElement) -> None:
    """Put ``new`` in place of the style with its id, or append it."""
    style_id = new.get(qn("w:styleId"))
    for old in root.findall(qn("w:style")):
        if old.get(qn("w:styleId")) == style_id:
            old.addprevious(new)
            root.remove(old)
            return
    root.append(new)


def _pt(points: float) -> int:
    """Points → twips."""
    return round(points * 20)


def _half(points: float) -> int:
    """Points → half-points (w:sz)."""
    return round(points * 2)


def _paragraph_style_xml(s: ParaStyle) -> BaseOxmlElement:
    head = [f"<w:name w:val={quoteattr(s.name)}/>"]
    if s.based_on:
        head.append(f'<w:basedOn w:val="{s.based_on}"/>')
    if s.next_id:
        head.append(f'<w:next w:val="{s.next_id}"/>')
    head.append("<w:qFormat/>")
    ppr: list[str] = []
    if s.keep_next:
        ppr.append("<w:keepNext/>")
    if s.keep_lines:
        ppr.append("<w:keepLines/>")
    if s.page_break_before:
        ppr.append("<w:pageBreakBefore/>")
    ppr.append("<w:widowControl/>")
    borders = []
    if s.left_border:
        borders.append(f'<w:left w:val="single" w:sz="24" w:space="8" w:color="{s.left_border}"/>')
    if s.bottom_border:
        borders.append(
            f'<w:bottom w:val="single" w:sz="4" w:space="3" w:color="{s.bottom_border}"/>'
        )
    if borders:
        ppr.append(f"<w:pBdr>{''.join(borders)}</w:pBdr>")
    if s.shade:
        ppr.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{s.shade}"/>')
    tabs = []
    if s.centre_tab:
        tabs.append(f'<w:tab w:val="center" w:pos="{s.centre_tab}"/>')
    if s.right_tab:
        leader = ' w:leader="dot"' if s.dots else ""
        tabs.append(f'<w:tab w:val="right"{leader} w:pos="{s.right_tab}"/>')
    if tabs:
        ppr.append(f"<w:tabs>{''.join(tabs)}</w:tabs>")
    line = f' w:line="{s.line}" w:lineRule="auto"' if s.line else ""
    ppr.append(f'<w:spacing w:before="{_pt(s.before)}" w:after="{_pt(s.after)}"{line}/>')
    ind = f'w:left="{s.left}" w:right="{s.right}"'
    if s.first_line:
        ind += f' w:firstLine="{s.first_line}"'
    if s.first_line_chars:
        ind += f' w:firstLineChars="{s.first_line_chars}"'
    ppr.append(f"<w:ind {ind}/>")
    if s.justify:
        ppr.append(f'<w:jc w:val="{s.justify}"/>')
    if s.outline_level is not None:
        ppr.append(f'<w:outlineLvl w:val="{s.outline_level}"/>')
    rpr = ["<w:rFonts/>"]
    if s.bold:
        rpr.append("<w:b/><w:bCs/>")
    if s.italic:
        rpr.append("<w:i/><w:iCs/>")
    if s.color:
        rpr.append(f'<w:color w:val="{s.color}"/>')
    rpr.append(f'<w:sz w:val="{_half(s.size)}"/><w:szCs w:val="{_half(s.size)}"/>')
    default = ' w:default="1"' if s.style_id == StyleId.NORMAL else ""
    xml = (
        f'<w:style {nsdecls("w")} w:type="paragraph"{default} w:styleId="{s.style_id}">'
        f"{''.join(head)}<w:pPr>{''.join(ppr)}</w:pPr><w:rPr>{''.join(rpr)}</w:rPr></w:style>"
    )
    return parse_xml(xml)


def _character_style_xml(style_id: str, name: str, color: str) -> BaseOxmlElement:
    return parse_xml(
        f'<w:style {nsdecls("w")} w:type="character" w:styleId="{style_id}">'
        f'<w:name w:val={quoteattr(name)}/><w:basedOn w:val="DefaultParagraphFont"/>'
        f'<w:qFormat/><w:rPr><w:rFonts/><w:color w:val="{color}"/></w:rPr></w:style>'
    )


def _table_style_xml(theme: DocxTheme) -> BaseOxmlElement:
    """Hairlines between rows, an accent rule above and below, a tinted header row."""
    rule, accent = theme.rule, theme.accent
    return parse_xml(
        f'<w:style {nsdecls("w")} w:type="table" w:styleId="{StyleId.TABLE}">'
        '<w:name w:val="Report Table"/><w:basedOn w:val="TableNormal"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f'<w:rPr><w:rFonts/><w:sz w:val="{_half(theme.table_size)}"/>'
        f'<w:szCs w:val="{_half(theme.table_size)}"/></w:rPr>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
        f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{accent}"/>'
        f'<w:bottom w:val="single" w:sz="8" w:space="0" w:color="{accent}"/>'
        f'<w:insideH w:val="single" w:sz="2" w:space="0" w:color="{rule}"/>'
        "</w:tblBorders><w:tblCellMar>"
        '<w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr><w:tblPr/><w:tcPr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{theme.accent_light}"/></w:tcPr>'
        "</w:tblStylePr></w:style>"
    )


def heading_text(number: str, title: str, rules: ScriptRules) -> str:
    """The printed heading: number, separator, title (as the PDF prints it)."""
    return f"{number}{rules.heading_separator}{title}" if number else title


def outline_text(number: str, title: str) -> str:
    """The heading as the table of contents lists it: number, space, title."""
    return f"{number} {title}" if number else title


def column_twips(widths: Sequence[float], total: int) -> list[int]:
    """Relative widths → whole twips that sum exactly to ``total`` (the rest goes last)."""
    scale = sum(widths) or 1.0
    out = [int(total * w / scale) for w in widths]
    out[-1] += total - sum(out)
    return out
