"""Text blocks → ReportLab flowables: headings, paragraphs, boxes, lists, notes.

A heading is a :class:`HeadingParagraph`, a Paragraph that also carries its outline key, level
and plain title; the page template reads them after the heading is placed to add a bookmark,
an outline entry and a table-of-contents entry with the page it landed on.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import quoteattr

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, ListFlowable, ListItem, Paragraph, Table, TableStyle

from srdi_report.compose.model import Caption, Heading, ListBlock, NoteRun
from srdi_report.compose.model import Paragraph as ModelParagraph
from srdi_report.compose.model import ParagraphStyle as Role
from srdi_report.renderers.pdf.inline import InlineContext, note_markup, runs_markup
from srdi_report.renderers.pdf.styles import Styles


class HeadingParagraph(Paragraph):  # type: ignore[misc]
    """A heading paragraph that knows its outline key, level (1 = chapter) and plain title."""

    def __init__(self, markup: str, style: object, key: str, level: int, title: str) -> None:
        super().__init__(markup, style)
        self.outline_key = key
        self.outline_level = level
        self.outline_title = title


def heading_title(heading: Heading, styles: Styles) -> str:
    """The printed heading: number, separator, title (the number alone is never printed)."""
    if heading.number:
        return f"{heading.number}{styles.rules.heading_separator}{heading.title}"
    return heading.title


def outline_title(heading: Heading) -> str:
    """The heading as bookmarks and the table of contents show it: number, space, title."""
    return f"{heading.number} {heading.title}" if heading.number else heading.title


def heading_flowable(heading: Heading, level: int, styles: Styles) -> HeadingParagraph:
    """A heading at ``level`` with its bookmark data."""
    return HeadingParagraph(
        styles.markup(heading_title(heading, styles)),
        styles.heading(level),
        key=heading.anchor,
        level=level,
        title=outline_title(heading),
    )


def notes_flowables(notes: Iterable[NoteRun], styles: Styles) -> list[Flowable]:
    """One small paragraph per note mark met in a block."""
    return [Paragraph(note_markup(note, styles.markup), styles.note) for note in notes]


def _role_style(role: Role, styles: Styles) -> object:
    return {
        Role.BODY: styles.body,
        Role.LEAD: styles.lead,
        Role.NOTE: styles.note,
        Role.QUOTE: styles.quote,
        Role.BOX: styles.box,
    }[role]


def paragraph_flowables(para: ModelParagraph, ctx: InlineContext, styles: Styles) -> list[Flowable]:
    """A body, lead, note or quote paragraph, followed by the notes its runs carry.

    Box paragraphs go through :func:`box_flowable` so that consecutive ones share one box.
    """
    flow: list[Flowable] = [Paragraph(runs_markup(para.runs, ctx), _role_style(para.style, styles))]
    return flow + notes_flowables(ctx.take_notes(), styles)


def box_flowable(paras: list[ModelParagraph], ctx: InlineContext, styles: Styles) -> list[Flowable]:
    """Consecutive key-finding paragraphs in one tinted box with an accent bar on the left.

    One table row per paragraph, so a long box can still break between paragraphs.
    """
    theme = styles.theme
    rows = [[Paragraph(runs_markup(p.runs, ctx), styles.box)] for p in paras]
    table = Table(rows, colWidths=[theme.frame_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), theme.color("accent_light")),
                ("LINEBEFORE", (0, 0), (0, -1), 3, theme.color("accent")),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, 0), 8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
            ]
        )
    )
    table.spaceBefore = 4
    table.spaceAfter = 10
    return [table, *notes_flowables(ctx.take_notes(), styles)]


def list_flowables(block: ListBlock, ctx: InlineContext, styles: Styles) -> list[Flowable]:
    """A bulleted or numbered list; every list restarts its numbering at 1."""
    items = [ListItem(Paragraph(runs_markup(runs, ctx), styles.list_item)) for runs in block.items]
    size = styles.list_item.fontSize
    if block.ordered:
        flow = ListFlowable(
            items,
            bulletType="1",
            start=1,
            bulletFormat="%s.",
            leftIndent=size * 2.0,
            bulletFontName=styles.fonts.regular,
            bulletFontSize=size,
            bulletColor=styles.theme.color("accent"),
        )
    else:
        flow = ListFlowable(
            items,
            bulletType="bullet",
            start="\u2022",
            leftIndent=size * 1.6,
            bulletFontName=styles.fonts.regular,
            bulletFontSize=size,
            bulletColor=styles.theme.color("accent"),
        )
    flow.spaceBefore = 2
    flow.spaceAfter = 6
    return [flow, *notes_flowables(ctx.take_notes(), styles)]


def caption_flowable(
    caption: Caption, styles: Styles, style: ParagraphStyle | None = None, anchor: str = ""
) -> Paragraph:
    """The caption above an exhibit: the label in the accent colour, a separator, the title.

    Tables carry it as their first row and figures keep it in one ``KeepTogether`` with the
    image, so a caption never ends a page alone. ``anchor`` (the exhibit id) names the spot
    that cross-references link to.
    """
    label = styles.markup(caption.label)
    accent = styles.theme.accent
    sep = styles.markup(styles.rules.caption_separator)
    name = f"<a name={quoteattr(anchor)}/>" if anchor else ""
    return Paragraph(
        f'{name}<font color="{accent}">{label}</font>{sep}{styles.markup(caption.title)}',
        style or styles.caption,
    )


def source_markup(caption: Caption, styles: Styles) -> str:
    """The source line under an exhibit (empty when the caption has none)."""
    return styles.markup(caption.source)
