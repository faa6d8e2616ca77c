"""EditionSpec + metric results + figure assets + templates → one :class:`Document` per locale.

The composer is the only place the pieces meet: the cover and contents, then every section in
spec order with its heading (numbers in headings from the results), its prose (the section's
template, rendered with the metric accessors of ``accessors.py``), and its exhibits. A template
places an exhibit with ``fig("c15")`` / ``tab("c15")`` (a two-part exhibit: the chart with
``fig()``, the table with ``tab()``; one caption line over the first part printed, the source
under the last); exhibits of the section it does not place are appended at the section's end
in spec order, so nothing is lost while prose is written, unless the edition sets ``place_all``
and the build is strict: then an unplaced exhibit is an error naming the template. Every caption
gets the one running number of the spec ("Figure N", translated) and the source line;
cross-references get the same label.

Strict mode (the default) fails on a section whose template does not exist and on a msgid the
catalog does not translate; ``draft=True`` prints a visible placeholder note instead, for
building the report while its prose is still being written.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from babel.dates import format_date

from srdi_report.compose import narrative
from srdi_report.compose.accessors import EditionIdentity, MetricAccessError, TemplateData
from srdi_report.compose.edition_spec import (
    EditionSpec,
    ExhibitSpec,
    HeadingArg,
    NumberedExhibit,
    SectionSpec,
)
from srdi_report.compose.exhibits import FIGURE_PART, TABLE_PART, ExhibitBuilder
from srdi_report.compose.markup import ExhibitSlot, TemplateBlock, parse_inline
from srdi_report.compose.model import (
    Block,
    Cover,
    Document,
    DocumentMeta,
    Heading,
    ListBlock,
    NumRun,
    Paragraph,
    ParagraphStyle,
    RefRun,
    Section,
    TableOfContents,
    TextRun,
)
from srdi_report.compose.templates import (
    TemplateError,
    TemplateRenderer,
    default_template_dirs,
)
from srdi_report.errors import InputError
from srdi_report.figures.asset import FigureAsset
from srdi_report.metrics.result import MetricResult
from srdi_report.number_format import SUPPRESSION_MARK, format_number

__all__ = [
    "EditionIdentity",
    "MissingTemplateError",
    "UnplacedExhibitError",
    "check_templates",
    "compose",
]

log = logging.getLogger(__name__)

# Message ids of the composer's own text (extracted through the MSG_ prefix).
MSG_CONTENTS = "Contents"
MSG_EDITION_LINE = "%(year)s edition"
MSG_AS_OF = "Data as of %(date)s"
MSG_PUBLISHER = "Project team"
MSG_FIGURE_LABEL = "Figure %(number)s"
TOC_DEPTH = 3
# BCP 47 language tags of the document metadata, by catalog locale.
LANGUAGE_TAGS = {"zh_CN": "zh-CN", "en": "en"}
QUANTIFIER_KIND = "quantifier"


class MissingTemplateError(TemplateError):
    """A section's template does not exist (strict mode)."""


class UnplacedExhibitError(TemplateError):
    """A template leaves an exhibit (or one part of it) unplaced where the edition asks for all."""


def compose(
    spec: EditionSpec,
    results: Mapping[str, MetricResult],
    assets: Mapping[str, FigureAsset],
    locale: str,
    *,
    identity: EditionIdentity,
    template_dirs: Sequence[Path] = (),
    draft: bool = False,
    strict_messages: bool | None = None,
) -> Document:
    """Compose one edition in one locale.

    Args:
        spec: Chapters, sections, exhibits and their order.
        results: Metric results by ``MetricRequest.result_key``.
        assets: Figures drawn in ``locale``, by figure id.
        locale: Catalog locale (``zh_CN``, ``en``; ``zh`` is accepted).
        identity: Edition id, year, snapshot date and fiscal year.
        template_dirs: Folders searched before the shipped templates (``--templates``).
        draft: Print a placeholder note for a missing or failing template and for an
            exhibit that cannot be built, instead of failing.
        strict_messages: Refuse a msgid the catalog does not translate; default: not
            ``draft`` (a draft prints the English msgid).

    Returns:
        The document: cover, contents, sections with prose, figures and tables.

    Raises:
        MissingTemplateError: a section's template does not exist (strict mode).
        TemplateError: a template fails (names template and line), or an untranslated msgid.
        InputError: a heading or exhibit reads a result the edition does not have.
    """
    strict = not draft if strict_messages is None else strict_messages
    composer = _Composer(spec, results, assets, locale, identity, template_dirs, draft, strict)
    return composer.document()


class _Composer:
    def __init__(
        self,
        spec: EditionSpec,
        results: Mapping[str, MetricResult],
        assets: Mapping[str, FigureAsset],
        locale: str,
        identity: EditionIdentity,
        template_dirs: Sequence[Path],
        draft: bool,
        strict_messages: bool,
    ) -> None:
        self.spec = spec
        self.draft = draft
        self.numbered = {e.spec.exhibit_id: e for e in spec.exhibits()}
        self.data = TemplateData(results, identity, locale, self._gettext_plain)
        self.templates = TemplateRenderer(
            locale,
            template_dirs,
            self.data.globals(),
            ref_label=self.label,
            strict_messages=strict_messages,
        )
        self.locale = self.templates.locale
        self.data.locale = self.locale
        self.identity = identity
        self.exhibits = ExhibitBuilder(
            spec=spec,
            results=results,
            assets=assets,
            locale=self.locale,
            text=self.text,
            gettext=self.gettext,
            label=self.label,
            draft=draft,
        )

    # text

    def _gettext_plain(self, msgid: str) -> str:
        return self.templates.gettext(msgid)

    def text(self, msgid: str, **args: object) -> str:
        """Translate a msgid and fill in its ``%(name)s`` placeholders (``%%`` → ``%``).

        A msgid with neither placeholders nor ``%%`` is printed as translated, so a lone
        percent sign in a plain label ("Gap rate (%)") needs no doubling.
        """
        translated = self.templates.gettext(msgid)
        if not args and "%(" not in translated and "%%" not in translated:
            return translated
        try:
            return translated % args
        except KeyError as err:
            given = ", ".join(sorted(args)) or "none"
            raise InputError(
                f"message {msgid!r} needs the value {err.args[0]!r} (given: {given})"
            ) from None

    def gettext(self, msgid: str) -> str:
        """Translate a msgid without filling anything in (table headers and notes)."""
        return self.templates.gettext(msgid)

    def label(self, exhibit_id: str) -> str:
        """The printed label of an exhibit ("Figure 16" in English)."""
        if exhibit_id not in self.numbered:
            known = ", ".join(sorted(self.numbered)[:12])
            raise KeyError(f"no exhibit {exhibit_id!r} in this edition; some known: {known}")
        return self.text(MSG_FIGURE_LABEL, number=self.numbered[exhibit_id].number)

    # the document

    def document(self) -> Document:
        self.check_templates()
        language = self.locale.replace("-", "_").split("_", 1)[0].lower()
        names = {name: texts[language] for name, texts in self.spec.title_args.items()}
        title = self.text(self.spec.title, **names)
        subtitle = self.text(self.spec.subtitle, **names) if self.spec.subtitle else ""
        publisher = self.text(MSG_PUBLISHER)
        snapshot = self.identity.snapshot_date
        cover = Cover(
            title=title,
            subtitle=subtitle,
            edition_line=self.text(MSG_EDITION_LINE, year=str(self.identity.year)),
            publisher=publisher,
            date_line=self.text(
                MSG_AS_OF, date=format_date(snapshot, format="long", locale=self.locale)
            ),
        )
        meta = DocumentMeta(
            title=title,
            author=publisher,
            subject=subtitle,
            language=LANGUAGE_TAGS.get(self.locale, self.locale.replace("_", "-")),
            locale=self.locale,
            date=snapshot.isoformat(),
        )
        sections = tuple(self.section(s) for s in (*self.spec.front, *self.spec.chapters))
        front: tuple[Block, ...] = (
            TableOfContents(title=self.text(MSG_CONTENTS), depth=TOC_DEPTH),
        )
        return Document(
            meta=meta,
            cover=cover,
            running_header=title,
            front=front,
            sections=sections,
            suppression_mark=SUPPRESSION_MARK,
        )

    def section(self, spec: SectionSpec) -> Section:
        heading = Heading(number=spec.number, title=self.heading(spec), anchor=spec.anchor)
        blocks: list[Block] = []
        placed: dict[str, set[str]] = {}  # exhibit id -> parts the template placed
        for block in self.prose(spec):
            if isinstance(block, ExhibitSlot):
                blocks += self.place(spec, block, placed)
            else:
                blocks.append(self.resolve(block))
        # What the template did not place goes at the end of the section, so nothing is lost:
        # a whole exhibit, or the other part of a two-part exhibit placed by one part. An
        # edition that asks for every exhibit to be placed refuses this in a strict build.
        for exhibit_id in spec.exhibits:
            exhibit = self.numbered[exhibit_id]
            done = placed.get(exhibit_id, set())
            left = [part for part in _parts(exhibit.spec) if part not in done]
            if exhibit_id in placed and not left:
                continue
            self.unplaced(spec, exhibit_id, left if done else [])
            only = left[0] if done and len(left) == 1 else ""
            blocks += self.exhibits.blocks(exhibit, only, after=bool(done))
        children = tuple(self.section(child) for child in spec.children)
        return Section(heading, spec.level, tuple(blocks), children)

    def unplaced(self, spec: SectionSpec, exhibit_id: str, parts: Sequence[str]) -> None:
        """An exhibit (or part) the template does not place.

        An error where the edition asks for every exhibit to be placed and the build is
        strict; else a log line (the exhibit goes at the section's end).
        """
        what = f"the {parts[0]} of exhibit {exhibit_id!r}" if parts else f"exhibit {exhibit_id!r}"
        where = f"{what} is not placed; it goes at the end of the section"
        if self.spec.place_all and not self.draft:
            figure = parts[0] == FIGURE_PART if parts else self.numbered[exhibit_id].spec.figure
            call = "fig" if figure else "tab"
            raise UnplacedExhibitError(
                spec.template, None, f"{where} (place it with {call}({exhibit_id!r}))"
            )
        log.debug("%s: %s", spec.template, where)

    def has_template(self, spec: SectionSpec) -> bool:
        return any((folder / spec.template).is_file() for folder in self.templates.search_paths)

    def check_templates(self) -> None:
        """Strict mode: fail before any work, naming every section without a template."""
        if not self.draft:
            _check_templates(self.spec, self.templates.search_paths)

    def prose(self, spec: SectionSpec) -> tuple[TemplateBlock, ...]:
        if not self.has_template(spec):
            return (_draft_note(spec, f"{spec.template}: no template yet"),)
        context = {"section": spec, "args": self.spec.caption_args}
        try:
            return self.templates.render_blocks(spec.template, context)
        except TemplateError as err:
            if not self.draft:
                raise
            # Draft: the prose of one section is being written; keep building the rest.
            log.warning("draft: section %s not rendered: %s", spec.number or spec.anchor, err)
            return (_draft_note(spec, str(err)),)

    def place(
        self, spec: SectionSpec, slot: ExhibitSlot, placed: dict[str, set[str]]
    ) -> list[Block]:
        exhibit = self.numbered.get(slot.exhibit_id)
        where = f"{spec.template}: exhibit {slot.exhibit_id!r}"
        if exhibit is None or slot.exhibit_id not in spec.exhibits:
            raise TemplateError(
                spec.template,
                None,
                f"{where} is not one of this section's exhibits "
                f"({', '.join(spec.exhibits) or 'none'})",
            )
        part = _slot_part(slot, exhibit.spec)
        parts = {part} if part else set(_parts(exhibit.spec))
        done = placed.setdefault(slot.exhibit_id, set())
        if done & parts:
            raise TemplateError(spec.template, None, f"{where} is placed twice")
        after = bool(done)
        done |= parts
        more = bool(set(_parts(exhibit.spec)) - done)
        return self.exhibits.blocks(exhibit, only=part, after=after, more=more)

    def resolve(self, block: Paragraph | ListBlock) -> Paragraph | ListBlock:
        """Fill in the labels of cross-references the template could not know."""
        if isinstance(block, Paragraph):
            return replace(block, runs=self.resolve_runs(block.runs))
        return replace(block, items=tuple(self.resolve_runs(item) for item in block.items))

    def resolve_runs(self, runs: tuple[object, ...]) -> tuple:  # type: ignore[type-arg]
        out = []
        for run in runs:
            if isinstance(run, RefRun) and not run.label:
                run = RefRun(run.target_id, self.label(run.target_id))
            out.append(run)
        return tuple(out)

    # headings with numbers (national_report.md §6.1)

    def heading(self, spec: SectionSpec) -> str:
        args = {arg.name: self.heading_number(spec, arg) for arg in spec.heading_args}
        return self.text(spec.heading, **args)

    def heading_number(self, spec: SectionSpec, arg: HeadingArg) -> str:
        try:
            view = self.data.view(arg.metric, arg.scope, arg.benchmark)
            run = view.cell_run(arg.column, dict(arg.where), arg.digits)
        except MetricAccessError as err:
            raise InputError(f"heading of section {spec.number}: {err}") from None
        if run.value is None:
            raise InputError(
                f"heading of section {spec.number}: {arg.metric}.{arg.column} is withheld"
            )
        if arg.kind == QUANTIFIER_KIND:
            phrase = narrative.quantifier(run.value)
            if phrase is not None:
                return self.plain(self.templates.phrase(phrase))
            return format_number(run.value, "share", arg.digits, self.locale)
        return format_number(run.value, arg.kind, arg.digits, self.locale)

    def plain(self, markup: str) -> str:
        """Markup with number tokens → plain text (a heading is a string, not runs)."""
        parts = []
        for run in parse_inline(markup):
            if isinstance(run, NumRun) and run.value is not None:
                parts.append(format_number(run.value, run.kind, run.digits, self.locale))
            elif isinstance(run, TextRun):
                parts.append(run.text)
        return "".join(parts)


def check_templates(spec: EditionSpec, template_dirs: Sequence[Path] = ()) -> None:
    """Fail unless every section of ``spec`` has its template (the user's folders, then ours).

    Build calls this in strict mode before computing anything, so a missing template costs
    no drawing.

    Raises:
        MissingTemplateError: names the first section without a template and lists the rest.
    """
    search = (*(Path(p).resolve() for p in template_dirs), *default_template_dirs())
    _check_templates(spec, search)


def _check_templates(spec: EditionSpec, search: Sequence[Path]) -> None:
    missing = [s for s in spec.sections() if not any((f / s.template).is_file() for f in search)]
    if not missing:
        return
    folders = ", ".join(str(p) for p in search) or "(none)"
    names = ", ".join(f"{s.number or s.anchor} ({s.template})" for s in missing[1:])
    others = f"; also without one: {names}" if names else ""
    first = missing[0]
    raise MissingTemplateError(
        first.template,
        None,
        f"section {first.number or first.anchor} has no template (searched {folders})"
        f"{others}; build with --draft to print placeholders",
    )


def _draft_note(spec: SectionSpec, text: str) -> Paragraph:
    """A visible placeholder for a section's prose in draft mode."""
    return Paragraph((TextRun(f"[draft] {text}"),), ParagraphStyle.NOTE, f"{spec.anchor}/draft")


def _slot_part(slot: ExhibitSlot, exhibit: ExhibitSpec) -> str:
    """``figure`` or ``table`` when the template asked for one part of a two-part exhibit."""
    if exhibit.figure is not None and exhibit.table is not None:
        return slot.kind
    return ""


def _parts(exhibit: ExhibitSpec) -> tuple[str, ...]:
    """The parts an exhibit has: figure, table or both, in print order."""
    present = ((FIGURE_PART, exhibit.figure), (TABLE_PART, exhibit.table))
    return tuple(part for part, value in present if value is not None)


def numbered_exhibits(spec: EditionSpec) -> Mapping[str, NumberedExhibit]:
    """The spec's exhibits by id, with their running numbers."""
    return {e.spec.exhibit_id: e for e in spec.exhibits()}
