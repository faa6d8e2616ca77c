"""The edition manifest (editions.md §1): what one build printed, the only input of the diff.

One manifest covers every language of an edition (zh and en share everything but the language):
identity, the metric results read, the exhibits, every printed number with its unrounded value
and its printed text per language, and every text segment with its text per language. Maps per
language are keyed by the language (``zh``, ``en``), never the full locale.

Ids align two editions, never positions in the text:

* segments keep the composer's ``segment_id`` (template path + block id); the rest get derived
  ids (``manifest_walk``);
* a number is ``<place>/<base>#<k>``: ``place`` the segment that prints it or ``<exhibit>/cells``
  for a table, ``base`` its declared ``number_id`` or else its metric id (``value`` for numbers
  computed in a template), ``k`` its occurrence of that base at that place, counted in the
  reference language (``en`` when built, else the first language in sorted order). The other
  languages are matched to it by (base, value, kind, digits, suppressed), since a sentence may
  order its numbers differently in zh; a number printed in one language only keeps a
  ``@<lang>`` suffix so the consistency checks can report it.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

from srdi_report.compose.edition_spec import EditionSpec, ExhibitSpec
from srdi_report.compose.model import Document
from srdi_report.editions.manifest_locate import Location, Locator
from srdi_report.editions.manifest_relations import RelationEntry, find_relations
from srdi_report.editions.manifest_walk import WalkedDocument, WalkedNumber, walk_document
from srdi_report.figures.asset import FigureAsset
from srdi_report.metrics.result import MetricResult

MANIFEST_VERSION = 1
REFERENCE_LANGUAGE = "en"


def language_of(locale: str) -> str:
    """``zh_CN`` → ``zh``, ``en`` → ``en`` (the key of every per-language map)."""
    return locale.replace("-", "_").split("_", 1)[0].lower()


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(sorted(mapping.items())))


@dataclass(frozen=True)
class ManifestIdentity:
    """Which edition this is and what it was built from.

    Attributes:
        edition_id: Spec name (``national``, ``city``).
        year: Edition year.
        scope: Scope text of the edition's firms ("" = population P).
        snapshot_date: As-of date of the data (ISO).
        data_hash: Content key of the firm source (``SourceSummary.key``).
        code_version: Hash of the code that computed and composed (``cache.code_version``).
        package_version: ``srdi_report.__version__``.
        spec_hash: SHA-256 of the edition spec.
        min_cell: Small-cell suppression threshold of the build.
        locales: The locales built, in build order.
    """

    edition_id: str
    year: int
    scope: str
    snapshot_date: str
    data_hash: str
    code_version: str
    package_version: str
    spec_hash: str
    min_cell: int
    locales: tuple[str, ...]


@dataclass(frozen=True)
class MetricEntry:
    """One metric result the edition read (``MetricResult.provenance``)."""

    result_key: str
    metric_id: str
    scope_key: str
    benchmark_key: str
    filter: str
    unit: str
    physical_unit: str
    label_key: str
    n_firms: int
    data_hash: str


@dataclass(frozen=True)
class ExhibitEntry:
    """One numbered exhibit.

    Attributes:
        exhibit_id: Stable ASCII id (``c15``).
        number: Running number of figures and tables alike.
        kind: ``figure``, ``table`` or ``figure+table``.
        section: Anchor of the section that holds it.
        titles: Caption title per language.
        labels: Caption label per language ("Figure 15").
        metric_ids: Metrics it reads, sorted.
        spec_hash: SHA-256 of what the exhibit shows (chart kind, views, options, table
            columns and row groups), titles and notes left out: a changed hash is a definition
            change for the chart diff (editions.md §3.3), a reworded title is not.
        figure_hashes: The figure factory's content key per language (empty for tables).
        data_hashes: SHA-256 of the drawn data (the asset CSV) per language.
        images: PNG path per language, relative to the manifest's folder ("" unknown).
        figure_texts: Every text drawn in the image per language (legends, ticks, labels).
        pending: Why the exhibit is not built yet ("" when built).
    """

    exhibit_id: str
    number: int
    kind: str
    section: str
    titles: Mapping[str, str]
    labels: Mapping[str, str]
    metric_ids: tuple[str, ...]
    spec_hash: str
    figure_hashes: Mapping[str, str]
    data_hashes: Mapping[str, str]
    images: Mapping[str, str]
    figure_texts: Mapping[str, tuple[str, ...]]
    pending: str = ""


@dataclass(frozen=True)
class NumberEntry:
    """One printed number.

    Attributes:
        number_id: Stable id (module docstring).
        place: Segment id, or ``<exhibit>/cells`` for a table cell.
        metric_id: The metric it comes from ("" for template arithmetic).
        scope: Scope key of its result ("" when it cannot be told from the metric id).
        result_key: Key of its result in ``metrics`` ("" likewise).
        column: Metric column holding the value ("" when not found exactly once).
        group_key: Key columns of its row, ``level=national;statistic=mean`` ("" likewise);
            with ``metric_id`` and ``scope`` the row of the metric diff (editions.md §3.1).
        value: Unrounded value (fractions for shares), None when withheld.
        kind: Number style kind.
        digits: Decimal places.
        suppressed: Withheld below ``min_cell``.
        printed: Printed text per language.
        signed: Printed with a plus sign when positive (the ``<kind>_signed`` style).
    """

    number_id: str
    place: str
    metric_id: str
    scope: str
    result_key: str
    column: str
    group_key: str
    value: float | None
    kind: str
    digits: int
    suppressed: bool
    printed: Mapping[str, str]
    signed: bool = False


@dataclass(frozen=True)
class SegmentEntry:
    """One text segment: heading, paragraph, list, caption, note or cover line."""

    segment_id: str
    role: str
    section: str
    texts: Mapping[str, str]


@dataclass(frozen=True)
class Manifest:
    """What one edition printed, in every language it was built in."""

    identity: ManifestIdentity
    metrics: tuple[MetricEntry, ...]
    exhibits: tuple[ExhibitEntry, ...]
    numbers: tuple[NumberEntry, ...]
    segments: tuple[SegmentEntry, ...]
    version: int = MANIFEST_VERSION
    relations: tuple[RelationEntry, ...] = ()

    def number(self, number_id: str) -> NumberEntry:
        """The number with this id.

        Raises:
            KeyError: no such number.
        """
        for entry in self.numbers:
            if entry.number_id == number_id:
                return entry
        raise KeyError(number_id)

    def segment(self, segment_id: str) -> SegmentEntry:
        """The segment with this id.

        Raises:
            KeyError: no such segment.
        """
        for entry in self.segments:
            if entry.segment_id == segment_id:
                return entry
        raise KeyError(segment_id)


def build_manifest(
    spec: EditionSpec,
    documents: Mapping[str, Document],
    results: Mapping[str, MetricResult],
    assets_by_locale: Mapping[str, Mapping[str, FigureAsset]],
    identity: ManifestIdentity,
    *,
    image_folder: str = "",
) -> Manifest:
    """The manifest of one built edition.

    Args:
        spec: The edition spec (exhibit order, numbers, metric views).
        documents: The composed document per locale (``BuildResult.documents``).
        results: Metric results by result key (``edition_results``).
        assets_by_locale: Figure assets per locale, by figure id (``locale_figures``).
        identity: Edition identity (:func:`manifest_identity` in ``manifest_io`` builds one).
        image_folder: The edition's figures folder relative to the manifest's folder, POSIX
            (``../../../figures/national/2026``); images are ``<folder>/<lang>/<id>.png``.
            "" leaves the image paths empty.

    Returns:
        The manifest; every tuple in a fixed order (metrics by key, exhibits by number,
        segments and numbers in the reference language's reading order, then any left over).
    """
    walked = {language_of(loc): walk_document(doc) for loc, doc in documents.items()}
    languages = sorted(walked)
    reference = REFERENCE_LANGUAGE if REFERENCE_LANGUAGE in walked else languages[0]
    order = [reference, *(lang for lang in languages if lang != reference)]
    metrics = tuple(_metric_entry(key, results[key]) for key in sorted(results))
    assets = {language_of(loc): dict(a) for loc, a in assets_by_locale.items()}
    exhibits = _exhibits(spec, walked, assets, image_folder)
    locate = Locator(spec, results)
    numbers = _numbers(walked, order, locate)
    return Manifest(
        identity=identity,
        metrics=metrics,
        exhibits=exhibits,
        numbers=numbers,
        segments=_segments(walked, order),
        relations=find_relations(numbers, results),
    )


def _metric_entry(key: str, result: MetricResult) -> MetricEntry:
    p = result.provenance
    return MetricEntry(
        result_key=key,
        metric_id=p.metric_id,
        scope_key=p.scope_key,
        benchmark_key=p.benchmark_key,
        filter=p.filter,
        unit=str(result.unit),
        physical_unit=result.physical_unit,
        label_key=result.label_key,
        n_firms=int(p.n_firms),
        data_hash=p.data_hash,
    )


def _exhibits(
    spec: EditionSpec,
    walked: Mapping[str, WalkedDocument],
    assets: Mapping[str, Mapping[str, FigureAsset]],
    image_folder: str,
) -> tuple[ExhibitEntry, ...]:
    entries: list[ExhibitEntry] = []
    for item in spec.exhibits():
        ex = item.spec
        titles: dict[str, str] = {}
        labels: dict[str, str] = {}
        for lang, doc in walked.items():
            caption = next((c for c in doc.captions if c.exhibit_id == ex.exhibit_id), None)
            if caption is not None:
                titles[lang], labels[lang] = caption.title, caption.label
        figure_hashes: dict[str, str] = {}
        data_hashes: dict[str, str] = {}
        images: dict[str, str] = {}
        texts: dict[str, tuple[str, ...]] = {}
        for lang, by_id in assets.items():
            asset = by_id.get(ex.exhibit_id)
            if asset is not None:
                figure_hashes[lang] = asset.key or hashlib.sha256(asset.png).hexdigest()
                data_hashes[lang] = hashlib.sha256(asset.csv).hexdigest()
                texts[lang] = tuple(asset.texts)
                if image_folder:
                    images[lang] = f"{image_folder.rstrip('/')}/{lang}/{ex.exhibit_id}.png"
        entries.append(
            ExhibitEntry(
                exhibit_id=ex.exhibit_id,
                number=item.number,
                kind=str(ex.form),
                section=item.section,
                titles=_frozen(titles),
                labels=_frozen(labels),
                metric_ids=tuple(sorted({v.metric for v in ex.views() if v.metric})),
                spec_hash=exhibit_spec_hash(ex, spec.year),
                figure_hashes=_frozen(figure_hashes),
                data_hashes=_frozen(data_hashes),
                images=_frozen(images),
                figure_texts=MappingProxyType(dict(sorted(texts.items()))),
                pending=ex.pending,
            )
        )
    return tuple(entries)


def exhibit_spec_hash(exhibit: ExhibitSpec, year: int | None = None) -> str:
    """SHA-256 of what an exhibit shows, without its title and notes (``ExhibitEntry``).

    With the edition ``year``, the years a spec names near it (the last three years of a
    trend, the financial year) are hashed relative to it ("Y-2"), so next year's edition of
    the same exhibit has the same hash: its data changed, not its definition.
    """
    figure = replace(exhibit.figure, title="") if exhibit.figure is not None else None
    table = replace(exhibit.table, title="", notes=()) if exhibit.table is not None else None
    text = repr((figure, table))
    if year is not None:
        text = _YEAR.sub(lambda m: _relative_year(int(m.group(0)), year), text)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_YEAR = re.compile(r"(?<![0-9.])20[0-9]{2}(?![0-9])")
RELATIVE_YEARS = range(-10, 2)  # a band cut such as 2000 (CNY 10k) is far from any edition year


def _relative_year(value: int, year: int) -> str:
    offset = value - year
    return f"Y{offset:+d}" if offset in RELATIVE_YEARS else str(value)


def _signature(number: WalkedNumber) -> tuple[object, ...]:
    run = number.run
    value = None if run.value is None or math.isnan(run.value) else float(run.value)
    return (number.place, _base(number), repr(value), run.kind, run.digits, run.suppressed)


def _base(number: WalkedNumber) -> str:
    return number.run.number_id or number.run.metric_id or "value"


def _numbers(
    walked: Mapping[str, WalkedDocument], order: Sequence[str], locate: Locator
) -> tuple[NumberEntry, ...]:
    # id → (first walked number, printed per language); open ids per signature for matching.
    entries: dict[str, tuple[WalkedNumber, dict[str, str]]] = {}
    reference = order[0]
    open_ids: dict[tuple[object, ...], list[str]] = defaultdict(list)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for number in walked[reference].numbers:
        counts[(number.place, _base(number))] += 1
        number_id = f"{number.place}/{_base(number)}#{counts[(number.place, _base(number))]}"
        entries[number_id] = (number, {reference: number.printed})
        open_ids[_signature(number)].append(number_id)
    for lang in order[1:]:
        waiting = {sig: list(ids) for sig, ids in open_ids.items()}
        extra: dict[tuple[str, str], int] = defaultdict(int)
        for number in walked[lang].numbers:
            queue = waiting.get(_signature(number))
            if queue:
                entries[queue.pop(0)][1][lang] = number.printed
                continue
            extra[(number.place, _base(number))] += 1
            k = extra[(number.place, _base(number))]
            entries[f"{number.place}/{_base(number)}#{k}@{lang}"] = (number, {lang: number.printed})
    out: list[NumberEntry] = []
    for number_id, (number, printed) in entries.items():
        run = number.run
        value = None if run.value is None or math.isnan(run.value) else float(run.value)
        where = locate(run.metric_id, number.place, value) if run.metric_id else Location()
        out.append(
            NumberEntry(
                number_id=number_id,
                place=number.place,
                metric_id=run.metric_id,
                scope=where.scope,
                result_key=where.result_key,
                column=where.column,
                group_key=where.group_key,
                value=value,
                kind=run.kind,
                digits=run.digits,
                suppressed=run.suppressed,
                printed=_frozen(printed),
                signed=run.signed,
            )
        )
    return tuple(out)


def _segments(
    walked: Mapping[str, WalkedDocument], order: Sequence[str]
) -> tuple[SegmentEntry, ...]:
    texts: dict[str, dict[str, str]] = {}
    first: dict[str, tuple[str, str]] = {}
    for lang in order:
        for seg in walked[lang].segments:
            texts.setdefault(seg.segment_id, {})[lang] = seg.text
            first.setdefault(seg.segment_id, (seg.role, seg.section))
    return tuple(
        SegmentEntry(seg_id, first[seg_id][0], first[seg_id][1], _frozen(by_lang))
        for seg_id, by_lang in texts.items()
    )
