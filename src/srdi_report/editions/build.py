"""build_edition(): the orchestrator, one call per stage, writing nothing unless all succeeds.

Stages: identify the source (a hash of the input file, without reading it) → metric results
(cached per request; firms are loaded only when one is missing) → figures per locale (cached
per figure key; only the missing ones are drawn, on a process pool) → a document per locale →
the bytes of every format (cached per document and format) → one atomic commit of every file.
A failure anywhere before the commit leaves the output folders as they were.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from srdi_report.compose.accessors import EditionIdentity
from srdi_report.compose.i18n import normalize_locale
from srdi_report.compose.model import Document
from srdi_report.config.model import Config
from srdi_report.editions.batch_layout import edition_dir
from srdi_report.editions.cache import BuildCache, code_version, content_key
from srdi_report.editions.checks.runner import check_built_edition
from srdi_report.editions.commit import commit_files
from srdi_report.editions.companions import appendix_files, manifest_file
from srdi_report.editions.locales import LocaleJob, locale_outputs
from srdi_report.editions.national import national_edition
from srdi_report.editions.results import (
    METRIC_CODE,
    SourceSummary,
    edition_results,
    identify_source,
)
from srdi_report.editions.spec import EditionSpec
from srdi_report.editions.stages import (
    document_key,
    figure_files,
    locale_figures,
    template_folders,
    worker_count,
)
from srdi_report.errors import Problem
from srdi_report.metrics.result import MetricResult
from srdi_report.registry import Registry
from srdi_report.renderers.registry import check_formats

log = logging.getLogger(__name__)

REPORT_STEM = "report"

EDITIONS: Registry[Callable[[int], EditionSpec]] = Registry("edition")
EDITIONS.register("national")(national_edition)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildStats:
    """What a build did and what it reused (for the CLI, benchmarks and cache tests)."""

    metrics_computed: int = 0
    metrics_cached: int = 0
    figures_drawn: int = 0
    figures_cached: int = 0
    renders_done: int = 0
    renders_cached: int = 0
    seconds: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildResult:
    """The files one build wrote, with the documents it composed.

    Attributes:
        paths: Every written file (reports and figure assets), sorted.
        reports: Report files only, sorted.
        documents: The composed document per locale, in build order.
        source: The firm source the edition was built from.
        warnings: Data warnings of the loader (validation passed).
        stats: Work done and reused.
        files: The bytes of every path (the city batch commits them itself).
    """

    paths: tuple[Path, ...]
    reports: tuple[Path, ...]
    documents: Mapping[str, Document]
    source: SourceSummary
    warnings: tuple[Problem, ...]
    stats: BuildStats
    files: Mapping[Path, bytes] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class PreparedResults:
    """Metric results computed by the caller (the city batch), so the build loads no data.

    Attributes:
        results: Every result the edition requests, by ``MetricRequest.result_key``.
        summary: The source the results were computed from.
        source_key: :func:`identify_source` of that source.
    """

    results: Mapping[str, MetricResult]
    summary: SourceSummary
    source_key: str


def edition_spec(name: str, year: int) -> EditionSpec:
    """The spec of a named edition for a year (``national``).

    Raises:
        UnknownNameError: no such edition; the message lists the known ones.
    """
    return EDITIONS.get(name)(year)


def language_folder(locale: str) -> str:
    """The output folder of a locale: its language (``zh_CN`` → ``zh``, ``en`` → ``en``)."""
    return locale.replace("-", "_").split("_", 1)[0].lower()


def report_path(config: Config, spec: EditionSpec, locale: str, fmt: str) -> Path:
    """``<output.dir>/<edition>/<year>/<lang>/report.<fmt>`` (city: ``city/<year>/<code-slug>``)."""
    folder = edition_dir(Path(config.output.dir), spec)
    return folder / language_folder(locale) / f"{REPORT_STEM}.{fmt}"


def figures_folder(config: Config, spec: EditionSpec, locale: str) -> Path:
    """``<output.figures_dir>/<edition>/<year>/<lang>/`` (city: ``city/<year>/<code-slug>``)."""
    return edition_dir(Path(config.output.figures_dir), spec) / language_folder(locale)


def build_edition(
    spec: EditionSpec,
    config: Config,
    data_path: Path | None = None,
    today: date | None = None,
    *,
    progress: Progress | None = None,
    write: bool = True,
    prepared: PreparedResults | None = None,
) -> BuildResult:
    """Build every locale and format of one edition; write nothing unless all of it succeeds.

    Args:
        spec: The edition (chapters, exhibits, year).
        config: Locales (``output.locales``), formats (``output.formats``), folders, templates,
            draft mode, workers and the cache (``[build]``).
        data_path: The firm file; None = ``config.data.firms``, else the demo snapshot of
            ``spec.year``.
        today: Upper bound of the snapshot date (validation rule N03); the CLI passes the date.
        progress: Called with a short stage description as the build advances.
        write: Write the files (False: compose and render only, for tests and dry runs).
        prepared: Results already computed (the city batch); no data is read then.

    Returns:
        The written paths, the documents and what was reused from the cache.

    Raises:
        DataError: the firm file fails validation (before anything is drawn).
        UnknownNameError: an unknown output format, locale or metric.
        InputError: a template is missing (strict mode) or fails.
    """
    say = progress or (lambda _text: None)
    config = _edition_config(config, spec, data_path)
    check_formats(config.output.formats)  # a bad format or locale fails before any work
    if not config.build.draft:
        from srdi_report.compose.composer import check_templates

        check_templates(spec, template_folders(config))
    cache = BuildCache(Path(config.build.cache_dir), enabled=config.build.cache)
    timer = _Timer()

    if prepared is None:
        say("reading the data")
        source_key = identify_source(config, data_path)
        results, summary, metric_counts = edition_results(
            spec, config, data_path, today, source_key=source_key, cache=cache, progress=say
        )
    else:
        source_key, summary = prepared.source_key, prepared.summary
        results, metric_counts = dict(prepared.results), (0, len(prepared.results))
    timer.lap("metrics")
    identity = EditionIdentity(
        edition_id=spec.edition_id,
        year=spec.year,
        snapshot_date=summary.snapshot_date,
        fin_year=summary.fin_year,
        data_label=summary.label,
    )
    spec_hash = hashlib.sha256(repr(spec).encode()).hexdigest()
    base_key = content_key(
        source_key, code_version(*METRIC_CODE), config.metrics.min_cell, spec_hash
    )
    outputs: dict[Path, bytes] = {}
    jobs: list[LocaleJob] = []
    drawn = cached = 0
    for locale in config.output.locales:
        say(f"figures ({language_folder(locale)})")
        assets, keys, counts = locale_figures(spec, results, locale, config, cache, base_key)
        drawn, cached = drawn + counts[0], cached + counts[1]
        inputs = content_key(base_key, sorted(keys.items()), config.build.draft)
        jobs.append(LocaleJob(locale, assets, document_key(inputs, locale, identity, config)))
        outputs.update(figure_files(assets, figures_folder(config, spec, locale)))
    timer.lap("figures")
    say(f"composing and rendering ({', '.join(config.output.formats)})")
    done = locale_outputs(
        spec,
        results,
        jobs,
        identity=identity,
        config=config,
        cache=cache,
        workers=worker_count(config),
    )
    documents = {out.locale: out.document for out in done}
    for out in done:
        for fmt, data in out.files.items():
            outputs[report_path(config, spec, out.locale, fmt)] = data
    assets_by_locale = {job.locale: job.assets for job in jobs}
    path, manifest, built_manifest = manifest_file(
        config,
        spec,
        documents,
        results,
        assets_by_locale,
        snapshot_date=summary.snapshot_date,
        data_hash=source_key,
        code_version=code_version(*METRIC_CODE),
        spec_hash=spec_hash,
    )
    outputs[path] = manifest
    folders = {loc: report_path(config, spec, loc, "xlsx").parent for loc in documents}
    outputs.update(
        appendix_files(config, spec, documents, results, assets_by_locale, folders, built_manifest)
    )
    rendered = sum(out.counts[0] for out in done)
    reused = sum(out.counts[1] for out in done)
    timer.lap("compose and render")
    if write:
        say("writing files")
        commit_files(outputs)
        timer.lap("write")
        say("consistency checks")
        check_built_edition(path.parent)  # the manifest just written; errors fail the build
        timer.lap("checks")
    reports = {
        report_path(config, spec, loc, f) for loc in documents for f in config.output.formats
    }
    stats = BuildStats(
        metrics_computed=metric_counts[0],
        metrics_cached=metric_counts[1],
        figures_drawn=drawn,
        figures_cached=cached,
        renders_done=rendered,
        renders_cached=reused,
        seconds=timer.seconds,
    )
    log.info("built %s %s: %s", spec.edition_id, spec.year, stats)
    return BuildResult(
        paths=tuple(sorted(outputs)),
        reports=tuple(sorted(reports)),
        documents=documents,
        source=summary,
        warnings=summary.warnings,
        stats=stats,
        files=outputs,
    )


def build_figures(
    spec: EditionSpec,
    config: Config,
    data_path: Path | None = None,
    today: date | None = None,
    *,
    progress: Progress | None = None,
) -> tuple[Path, ...]:
    """Draw (or reuse) every figure of an edition in each locale and write the asset files.

    Files go to ``<output.figures_dir>/<edition>/<year>/<lang>/`` (PNG, SVG, CSV, alt text),
    all written at the end or none.

    Raises:
        DataError: the firm file fails validation.
        FigureSpecError: a figure cannot be drawn (unless ``[build] draft``).
    """
    say = progress or (lambda _text: None)
    config = _edition_config(config, spec, data_path)
    cache = BuildCache(Path(config.build.cache_dir), enabled=config.build.cache)
    say("reading the data")
    source_key = identify_source(config, data_path)
    results, _summary, _counts = edition_results(
        spec, config, data_path, today, source_key=source_key, cache=cache, progress=say
    )
    spec_hash = hashlib.sha256(repr(spec).encode()).hexdigest()
    base_key = content_key(
        source_key, code_version(*METRIC_CODE), config.metrics.min_cell, spec_hash
    )
    outputs: dict[Path, bytes] = {}
    for locale in config.output.locales:
        say(f"figures ({language_folder(locale)})")
        assets, _keys, _drawn = locale_figures(spec, results, locale, config, cache, base_key)
        outputs.update(figure_files(assets, figures_folder(config, spec, locale)))
    say("writing files")
    commit_files(outputs)
    return tuple(sorted(outputs))


def _edition_config(config: Config, spec: EditionSpec, data_path: Path | None) -> Config:
    """Locales as catalog locales; the demo snapshot of the edition's year when no file is given.

    Raises:
        UnknownNameError: a locale has no catalog.
    """
    locales = tuple(dict.fromkeys(normalize_locale(loc) for loc in config.output.locales))
    config = replace(config, output=replace(config.output, locales=locales))
    if data_path is None and not config.data.firms and config.demo.year != spec.year:
        return replace(config, demo=replace(config.demo, year=spec.year))
    return config


class _Timer:
    """Seconds per stage (DEBUG log and stats); a monotonic clock, never the wall clock."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + round(now - self._last, 3)
        self._last = now
