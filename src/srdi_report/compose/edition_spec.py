"""An edition as data: chapters, sections, exhibits (figures and tables) and their order.

The types live in ``compose`` because the composer and ``compose/tables.py`` read them and a
stage imports only from itself and earlier stages; ``editions/spec.py`` re-exports them, so
editions and the CLI keep writing ``from srdi_report.editions.spec import EditionSpec``.

An :class:`EditionSpec` is declarative and frozen: ``editions/national.py`` builds one value, a
city or year edition builds another from the same parts. Nothing here computes a number; every
number an exhibit shows is named by a metric id, a metric column and the key values of its row.

Exhibits (national_report.md §0) share one running sequence in body order, figures and tables
alike: :meth:`EditionSpec.exhibits` numbers them 1..N from the order in which the sections list
them, so moving a table moves every later number with it.

Tables come in two kinds:

* ``metric``: rows from metric results. Each :class:`RowGroup` selects rows of one metric
  through a :class:`~srdi_report.figures.spec.DataView` whose role ``key`` names the row key
  column; each :class:`Cell` of the group fills one column (a label of the key, a number from
  a metric column filtered by extra keys, or a text joined from a content table).
* ``content``: the rows of a qualitative content CSV (``data/reference/content/``) with
  ``<field>_zh`` / ``<field>_en`` text columns.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from srdi_report.figures.spec import DataView, FigureSpec


def frozen_map(mapping: Mapping[str, object] | None = None) -> Mapping[str, object]:
    """A read-only copy of ``mapping`` (dataclass defaults must not share a mutable dict)."""
    return MappingProxyType(dict(mapping or {}))


class CellSource(StrEnum):
    """Where a table cell takes its content from."""

    KEY = "key"  # the row key, printed through a label source
    VALUE = "value"  # a number from a metric column
    CONTENT = "content"  # a text field of the group's content table, in the edition's language
    CONTENT_NUMBER = "content_number"  # a numeric field of the content table
    RANK = "rank"  # the running row number 1, 2, 3 … of the table
    MSGID = "msgid"  # a fixed message id (a row label such as "Difference")


class Align(StrEnum):
    """Horizontal alignment of a table column (mirrors ``compose.model.Align``)."""

    LEFT = "left"
    RIGHT = "right"
    CENTER = "center"


@dataclass(frozen=True)
class Cell:
    """How one column of a row group is filled.

    Attributes:
        source: What the cell shows (:class:`CellSource`).
        column: VALUE: metric column with the number; KEY: the key column when it is not the
            group's ``key`` role; CONTENT / CONTENT_NUMBER: the content field (without the
            ``_zh`` / ``_en`` suffix for text).
        where: VALUE: further key values the metric row must have (``{"level": "national"}``).
        metric: VALUE: a second metric joined on the row key ("" = the group's metric).
        kind: VALUE / CONTENT_NUMBER: ``compose.model.NumRun`` kind (``share``, ``pp``,
            ``count``, ``value``, ``ratio``, ``score``, ``rank``, ``r``). CONTENT_NUMBER only:
            ``@<field>`` reads the kind per row from a content field and the digits from
            ``<stem>_digits`` (``@kpi_unit`` → ``kpi_digits``), for rows mixing shares and counts.
        digits: Decimal places (national_report.md §6.4).
        labels: KEY: label source (``province``, ``city``, ``cluster``, ``gbt_major``,
            ``gbt_middle``, ``gbt_minor``, ``field_domain`` or ``code:<domain>`` for
            ``data/reference/content/code_labels.csv``).
        msgid: MSGID: the message id printed.
        signed: Print a sign for positive values too (pp differences in tables).
    """

    source: CellSource
    column: str = ""
    where: Mapping[str, object] = field(default_factory=frozen_map)
    metric: str = ""
    kind: str = ""
    digits: int = 0
    labels: str = ""
    msgid: str = ""
    signed: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "where", frozen_map(self.where))


@dataclass(frozen=True)
class RowGroup:
    """Consecutive rows of a table that share their sources.

    Attributes:
        view: Metric rows (``roles["key"]`` = the row key column; ``where``, ``sort``, ``top``
            select and order them); None for content-only rows.
        cells: One cell per table column, left to right.
        keys: Explicit row keys in print order (overrides the view's order; keys absent from
            the result are printed as suppressed rows, never dropped silently).
        content: Content table joined on the row key (``data/reference/content/<name>.csv``),
            or the rows themselves when ``view`` is None.
        content_key: Column of the content table that holds the row key.
        bold: Print the group's rows in bold (total rows).
    """

    view: DataView | None
    cells: tuple[Cell, ...]
    keys: tuple[str, ...] = ()
    content: str = ""
    content_key: str = ""
    bold: bool = False

    @property
    def key_column(self) -> str:
        """The metric column whose values are the row keys ("" for content-only rows)."""
        if self.view is None:
            return ""
        return str(self.view.roles.get("key", ""))


@dataclass(frozen=True)
class TableColumn:
    """A column heading (message id), its alignment and relative width."""

    header: str
    align: Align = Align.LEFT
    width: float = 1.0


class TableKind(StrEnum):
    """A table built from metric results or from a content CSV."""

    METRIC = "metric"
    CONTENT = "content"


@dataclass(frozen=True)
class TableSpec:
    """One real text table of an edition.

    Attributes:
        table_id: Stable ASCII exhibit id (``c04``).
        title: Message id of the caption title.
        kind: :class:`TableKind`.
        columns: Column headings, left to right.
        groups: Row groups, top to bottom.
        notes: Message ids of notes printed under the table.
    """

    table_id: str
    title: str
    kind: TableKind
    columns: tuple[TableColumn, ...]
    groups: tuple[RowGroup, ...]
    notes: tuple[str, ...] = ()

    def metrics(self) -> tuple[DataView, ...]:
        """Every metric view the table reads (group views and joined metrics)."""
        views: list[DataView] = []
        for group in self.groups:
            if group.view is None:
                continue
            views.append(group.view)
            for cell in group.cells:
                if cell.metric and cell.metric != group.view.metric:
                    views.append(
                        DataView(
                            metric=cell.metric,
                            roles={"key": group.key_column},
                            scope=group.view.scope,
                            benchmark=group.view.benchmark,
                        )
                    )
        return tuple(views)

    def content_names(self) -> tuple[str, ...]:
        """Content tables the table reads, in first-use order."""
        return tuple(dict.fromkeys(g.content for g in self.groups if g.content))


class ExhibitForm(StrEnum):
    """How an exhibit is printed: a chart, a text table, or both (chart above the table)."""

    FIGURE = "figure"
    TABLE = "table"
    FIGURE_AND_TABLE = "figure+table"


@dataclass(frozen=True)
class ExhibitSpec:
    """One numbered exhibit: caption title, its figure and/or table, and its status.

    Attributes:
        exhibit_id: Stable ASCII id of national_report.md §0 (``c15``, ``b19a``).
        title: Message id of the caption title (zh in the catalog).
        figure: The chart, when the exhibit has one.
        table: The text table, when the exhibit has one.
        seed_form: What the seed prints (``table`` or ``image``), for the manifest.
        data: ``full``, ``partly`` or ``qualitative`` (national_report.md §0).
        pending: Non-empty when a part cannot be built yet; says what is missing (a metric,
            a chart kind). The builder prints a placeholder note instead of failing.
        illustrative: Drawn from the demo patents table: the caption carries the label
            "Illustrative (demo data)" (national_report.md §7).
        notes: Message ids of notes under the exhibit.
    """

    exhibit_id: str
    title: str
    figure: FigureSpec | None = None
    table: TableSpec | None = None
    seed_form: str = "table"
    data: str = "full"
    pending: str = ""
    illustrative: bool = False
    notes: tuple[str, ...] = ()

    @property
    def form(self) -> ExhibitForm:
        """Figure, table, or both."""
        if self.figure is not None and self.table is not None:
            return ExhibitForm.FIGURE_AND_TABLE
        return ExhibitForm.FIGURE if self.figure is not None else ExhibitForm.TABLE

    def views(self) -> tuple[DataView, ...]:
        """Every metric view of the exhibit's figure and table."""
        views: list[DataView] = []
        if self.figure is not None:
            views.extend(self.figure.views.values())
        if self.table is not None:
            views.extend(self.table.metrics())
        return tuple(views)


@dataclass(frozen=True)
class HeadingArg:
    """A number inside a heading (national_report.md §6.1, "heading with a number").

    Attributes:
        name: Placeholder in the heading msgid (``%(share)s``).
        metric: Metric id.
        column: Metric column.
        where: Key values of the row.
        kind: NumRun kind (``share``, ``ratio`` …) or ``quantifier`` (a vague quantifier of
            a share, §6.2).
        digits: Decimal places.
        scope: Scope text of the result ("" = the edition's scope).
        benchmark: Benchmark scope text ("" = the metric's default).
    """

    name: str
    metric: str
    column: str
    where: Mapping[str, object] = field(default_factory=frozen_map)
    kind: str = "share"
    digits: int = 1
    scope: str = ""
    benchmark: str = ""

    def __post_init__(self) -> None:
        # A frozen spec must not hold a dict someone could still change.
        object.__setattr__(self, "where", frozen_map(self.where))


@dataclass(frozen=True)
class SectionSpec:
    """A chapter or section: printed number, heading, prose template, exhibits, children.

    Attributes:
        number: Printed number (``2.1.3``; "" for the foreword).
        heading: English message id of the heading (may hold ``%(name)s`` placeholders).
        anchor: Stable id for bookmarks and links (``s2_1_3``).
        template: Prose template under ``templates/`` (``chapter_2/s2_1_3.j2``).
        exhibits: Exhibit ids placed in this section, in order (before its children's).
        children: Subsections.
        heading_args: Numbers filling the heading's placeholders.
    """

    number: str
    heading: str
    anchor: str
    template: str
    exhibits: tuple[str, ...] = ()
    children: tuple[SectionSpec, ...] = ()
    heading_args: tuple[HeadingArg, ...] = ()

    @property
    def level(self) -> int:
        """1 for a chapter (and the foreword), 2 for ``2.1``, 3 for ``2.1.3``."""
        return max(1, self.number.count(".") + 1) if self.number else 1

    def walk(self) -> Iterator[SectionSpec]:
        """Yield this section, then its descendants, depth first in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()


# Chapters are sections of level 1; the alias keeps the vocabulary of style_guide.md §1.
ChapterSpec = SectionSpec


@dataclass(frozen=True)
class NumberedExhibit:
    """An exhibit with its running number and the anchor of the section that holds it."""

    number: int
    section: str
    spec: ExhibitSpec


@dataclass(frozen=True)
class MetricRequest:
    """One (metric id, scope text, benchmark text) the edition needs computed.

    ``scope`` "" means the edition's scope, ``benchmark`` "" the metric's default benchmark,
    exactly as in :class:`~srdi_report.figures.spec.DataView`.
    """

    metric: str
    scope: str
    benchmark: str

    @property
    def result_key(self) -> str:
        """The key of the result in the ``results`` mapping (``DataView.result_key``)."""
        return DataView(self.metric, {}, scope=self.scope, benchmark=self.benchmark).result_key


@dataclass(frozen=True)
class EditionSpec:
    """A whole edition.

    Attributes:
        edition_id: ``national``, ``city`` …
        year: Snapshot year (2026).
        scope: Scope text of the edition's firms ("" = population P).
        benchmark: Benchmark scope text ("" = each metric's default).
        title: Message id of the report title; ``subtitle`` likewise.
        front: Front-matter sections (the foreword).
        chapters: Chapters in order.
        exhibit_specs: Every exhibit by id.
        source: Message id of the source line under every exhibit.
        caption_args: Values of the ``%(name)s`` placeholders of exhibit titles (the years
            of a window: ``first``, ``last`` …), the same in every language.
        text_metrics: Results only the prose reads (group sums, class counts …), as
            (metric, scope, benchmark) requests; exhibits' metrics are requested anyway.
        title_args: Names in the title and subtitle: placeholder → text per language
            (``{"city": {"zh": <full Chinese name>, "en": "Suzhou (Jiangsu)"}}``); a locale
            reads its language's text (``zh_CN`` → ``zh``).
        place_all: The templates must place every exhibit (and every part of a two-part
            exhibit) with ``fig()``/``tab()``; a strict build fails on one left unplaced
            (a draft appends it at the section's end, as editions without the flag always do).
    """

    edition_id: str
    year: int
    scope: str
    benchmark: str
    title: str
    subtitle: str
    front: tuple[SectionSpec, ...]
    chapters: tuple[SectionSpec, ...]
    exhibit_specs: Mapping[str, ExhibitSpec]
    source: str = "Source: compiled by the project team"
    caption_args: Mapping[str, object] = field(default_factory=frozen_map)
    text_metrics: tuple[MetricRequest, ...] = ()
    title_args: Mapping[str, Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    place_all: bool = False

    def sections(self) -> tuple[SectionSpec, ...]:
        """Every section (front matter, then chapters), depth first in reading order."""
        return tuple(s for top in (*self.front, *self.chapters) for s in top.walk())

    def exhibits(self) -> tuple[NumberedExhibit, ...]:
        """Exhibits in body order with their running numbers 1..N.

        Raises:
            KeyError: a section names an exhibit id the spec does not define.
        """
        numbered: list[NumberedExhibit] = []
        for section in self.sections():
            for exhibit_id in section.exhibits:
                spec = self.exhibit_specs[exhibit_id]
                numbered.append(NumberedExhibit(len(numbered) + 1, section.anchor, spec))
        return tuple(numbered)

    def exhibit(self, exhibit_id: str) -> NumberedExhibit:
        """One numbered exhibit by id.

        Raises:
            KeyError: no exhibit has this id.
        """
        for item in self.exhibits():
            if item.spec.exhibit_id == exhibit_id:
                return item
        raise KeyError(exhibit_id)

    def figures(self) -> tuple[FigureSpec, ...]:
        """Every figure spec in body order (pending exhibits included)."""
        return tuple(e.spec.figure for e in self.exhibits() if e.spec.figure is not None)

    def tables(self) -> tuple[TableSpec, ...]:
        """Every table spec in body order."""
        return tuple(e.spec.table for e in self.exhibits() if e.spec.table is not None)

    def metric_requests(self, *, include_pending: bool = False) -> tuple[MetricRequest, ...]:
        """The (metric, scope, benchmark) triples the edition needs, deduplicated and sorted.

        Scopes are kept as the views write them ("" = the edition's scope), so each request's
        ``result_key`` is the key the figure factory and the table builder look up. Exhibits
        marked ``pending``
        are left out unless ``include_pending`` (their metrics may not be registered yet).
        """
        requests: set[MetricRequest] = set()
        for item in self.exhibits():
            if item.spec.pending and not include_pending:
                continue
            for view in item.spec.views():
                if view.metric:
                    requests.add(self._request(view.metric, view.scope, view.benchmark))
        for section in self.sections():
            for arg in section.heading_args:
                requests.add(self._request(arg.metric, arg.scope, arg.benchmark))
        requests.update(self.text_metrics)
        return tuple(sorted(requests, key=lambda r: (r.metric, r.scope, r.benchmark)))

    @staticmethod
    def _request(metric: str, scope: str, benchmark: str) -> MetricRequest:
        return MetricRequest(metric, scope, benchmark)
