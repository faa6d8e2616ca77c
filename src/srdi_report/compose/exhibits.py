"""One numbered exhibit → its blocks: a FigureBlock and/or a TableBlock with captions and notes.

Every exhibit carries the caption "Figure N: title" (translated; N from the spec's one
running sequence) and the source line, each printed once: a chart and a table under one number
(placed together or apart) print the caption line above the first part printed and the source
line and notes under the last; the other part's caption is kept but not shown. An exhibit the
spec marks ``pending`` (a metric or chart kind not built yet) becomes a visible note with its
label, so numbering never shifts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from srdi_report.compose.edition_spec import EditionSpec, ExhibitSpec, NumberedExhibit
from srdi_report.compose.model import (
    Block,
    Caption,
    FigureBlock,
    Paragraph,
    ParagraphStyle,
    TableBlock,
    TextRun,
)
from srdi_report.compose.tables import table_block
from srdi_report.errors import InputError
from srdi_report.figures.asset import FigureAsset
from srdi_report.metrics.result import MetricResult

MSG_ILLUSTRATIVE = "Illustrative (demo data)"
FIGURE_PART = "figure"
TABLE_PART = "table"
# Figure specs give inches at the A4 text column (theme.column_width_in); wider prints full.
COLUMN_WIDTH_IN = 6.3


class MissingFigureError(InputError):
    """An exhibit's figure was not drawn (its asset is missing)."""


@dataclass(frozen=True)
class ExhibitBuilder:
    """Builds exhibit blocks for one edition and locale.

    Attributes:
        spec: The edition.
        results: Metric results by result key (tables read them).
        assets: Drawn figures by figure id.
        locale: Catalog locale.
        text: Translate a msgid and fill its placeholders.
        gettext: Translate a msgid as is (what the table builder takes).
        label: The printed label of an exhibit id.
    """

    spec: EditionSpec
    results: Mapping[str, MetricResult]
    assets: Mapping[str, FigureAsset]
    locale: str
    text: Callable[..., str]
    gettext: Callable[[str], str]
    label: Callable[[str], str]
    draft: bool = False

    def caption(
        self, exhibit: NumberedExhibit, *, source: bool = True, shown: bool = True
    ) -> Caption:
        """The caption of an exhibit.

        Args:
            exhibit: The exhibit and its number.
            source: False leaves the source line to another part.
            shown: False for a part printed after the one that shows the caption line.
        """
        spec = exhibit.spec
        return Caption(
            label=self.label(spec.exhibit_id),
            number=exhibit.number,
            title=self.text(spec.title, **dict(self.spec.caption_args)),
            source=self.text(self.spec.source) if source else "",
            shown=shown,
        )

    def blocks(
        self,
        exhibit: NumberedExhibit,
        only: str = "",
        *,
        after: bool = False,
        more: bool = False,
    ) -> list[Block]:
        """The blocks of an exhibit: figure, table or both (``only`` picks one part).

        Args:
            exhibit: The exhibit and its number.
            only: ``figure`` or ``table``: that part alone; empty: every part.
            after: Another part of this exhibit is already printed (it showed the caption).
            more: Another part follows later (it prints the source line and notes).
        """
        spec = exhibit.spec
        if spec.pending:
            return [] if after else [self.pending(exhibit, spec.pending)]
        try:
            return self.parts(exhibit, only, after=after, more=more)
        except InputError as err:
            if not self.draft:
                raise
            return [self.pending(exhibit, f"draft: {err}")]

    def parts(
        self, exhibit: NumberedExhibit, only: str, *, after: bool = False, more: bool = False
    ) -> list[Block]:
        """The figure and/or table of an exhibit that is not pending."""
        spec = exhibit.spec
        parts = [
            part
            for part, present in ((FIGURE_PART, spec.figure), (TABLE_PART, spec.table))
            if present is not None and (not only or only == part)
        ]
        blocks: list[Block] = []
        for index, part in enumerate(parts):
            last = index == len(parts) - 1 and not more
            caption = self.caption(exhibit, source=last, shown=index == 0 and not after)
            notes = self.notes(spec) if last else ()
            if part == FIGURE_PART:
                blocks.append(self.figure(spec, caption, notes))
            else:
                blocks.append(self.table(spec, caption, notes))
        return blocks

    def figure(
        self, spec: ExhibitSpec, caption: Caption, notes: tuple[Paragraph, ...]
    ) -> FigureBlock:
        """The figure of an exhibit from its drawn asset."""
        assert spec.figure is not None
        asset = self.assets.get(spec.figure.figure_id)
        if asset is None:
            raise MissingFigureError(
                f"exhibit {spec.exhibit_id}: figure {spec.figure.figure_id!r} was not drawn"
            )
        width = min(1.0, spec.figure.size[0] / COLUMN_WIDTH_IN)
        return FigureBlock(
            figure_id=spec.figure.figure_id,
            caption=caption,
            png=asset.png,
            svg=asset.svg,
            alt_text=asset.alt_text,
            width_px=asset.width_px,
            height_px=asset.height_px,
            width_fraction=round(width, 4),
            notes=notes,
        )

    def table(
        self, spec: ExhibitSpec, caption: Caption, notes: tuple[Paragraph, ...]
    ) -> TableBlock:
        """The text table of an exhibit, its own notes first, then the exhibit's."""
        assert spec.table is not None
        block = table_block(spec.table, self.results, self.locale, self.gettext, caption=caption)
        if not notes:
            return block
        return TableBlock(
            table_id=block.table_id,
            caption=block.caption,
            header=block.header,
            rows=block.rows,
            align=block.align,
            widths=block.widths,
            notes=(*block.notes, *notes),
        )

    def notes(self, spec: ExhibitSpec) -> tuple[Paragraph, ...]:
        """Notes under the exhibit: the illustrative label first, then the spec's notes."""
        args = dict(self.spec.caption_args)
        texts = ([self.text(MSG_ILLUSTRATIVE)] if spec.illustrative else []) + [
            self.text(note, **args) for note in spec.notes
        ]
        return tuple(Paragraph((TextRun(t),), ParagraphStyle.NOTE) for t in texts)

    def pending(self, exhibit: NumberedExhibit, reason: str) -> Paragraph:
        """A visible placeholder: the exhibit's label and title and what is missing."""
        caption = self.caption(exhibit, source=False)
        text = f"[pending] {caption.label} {caption.title}: {reason}"
        return Paragraph(
            (TextRun(text),), ParagraphStyle.NOTE, f"exhibit/{exhibit.spec.exhibit_id}"
        )
