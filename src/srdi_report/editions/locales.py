"""Compose and render every locale of an edition, the locales side by side when there is work.

Composing a document and rendering its PDF take a few seconds of one core per locale, and the
locales do not depend on each other, so on a machine with two cores the zh and en editions are
built at the same time in forked worker processes (the figures, drawn before, are already in
hand). A locale whose document and files are all cached is read in this process: starting a
worker would cost more than reading it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from srdi_report.compose.accessors import EditionIdentity
from srdi_report.compose.model import Document
from srdi_report.config.model import Config
from srdi_report.editions.cache import BuildCache
from srdi_report.editions.spec import EditionSpec
from srdi_report.editions.stages import composed_document, render_formats, render_key
from srdi_report.errors import SrdiError
from srdi_report.figures.asset import FigureAsset
from srdi_report.metrics.result import MetricResult


@dataclass(frozen=True, eq=False)
class LocaleJob:
    """One locale's inputs: its figures and the content key of its document."""

    locale: str
    assets: Mapping[str, FigureAsset]
    document_key: str


@dataclass(frozen=True, eq=False)
class LocaleOutput:
    """One locale's document, the bytes per format and (rendered, cached) file counts."""

    locale: str
    document: Document
    files: Mapping[str, bytes]
    counts: tuple[int, int]


def locale_outputs(
    spec: EditionSpec,
    results: Mapping[str, MetricResult],
    jobs: Sequence[LocaleJob],
    *,
    identity: EditionIdentity,
    config: Config,
    cache: BuildCache,
    workers: int,
) -> list[LocaleOutput]:
    """Every job's output, in job order; uncached jobs run in parallel when ``workers > 1``."""
    pending = [job for job in jobs if not _cached(job, config, cache)]
    parallel = workers > 1 and len(pending) > 1
    if not parallel:
        return [_run(spec, results, job, identity, config, cache) for job in jobs]
    context = multiprocessing.get_context("fork")  # workers inherit the imported modules
    with ProcessPoolExecutor(max_workers=min(workers, len(pending)), mp_context=context) as pool:
        futures = {
            job.locale: pool.submit(_run_in_worker, spec, results, job, identity, config, cache)
            for job in pending
        }
        done = {locale: future.result() for locale, future in futures.items()}
    # A job that failed in a worker (or was cached) runs here: a typed error such as a
    # TemplateError does not survive pickling, so it is raised again in this process, whole.
    return [
        done.get(job.locale) or _run(spec, results, job, identity, config, cache) for job in jobs
    ]


def _cached(job: LocaleJob, config: Config, cache: BuildCache) -> bool:
    """Whether the job's document and every file are in the cache (no work to hand out)."""
    if not cache.has("documents", job.document_key):
        return False
    return all(
        cache.has("render", render_key(job.document_key, fmt, job.locale))
        for fmt in config.output.formats
    )


def _run_in_worker(
    spec: EditionSpec,
    results: Mapping[str, MetricResult],
    job: LocaleJob,
    identity: EditionIdentity,
    config: Config,
    cache: BuildCache,
) -> LocaleOutput | None:
    """``_run`` in a worker; None when it raised one of our errors (the parent reruns it)."""
    try:
        return _run(spec, results, job, identity, config, cache)
    except SrdiError:
        return None


def _run(
    spec: EditionSpec,
    results: Mapping[str, MetricResult],
    job: LocaleJob,
    identity: EditionIdentity,
    config: Config,
    cache: BuildCache,
) -> LocaleOutput:
    document = composed_document(
        spec,
        results,
        job.assets,
        job.locale,
        identity=identity,
        config=config,
        cache=cache,
        key=job.document_key,
    )
    files, counts = render_formats(
        document, job.document_key, job.locale, config.output.formats, cache
    )
    return LocaleOutput(job.locale, document, files, counts)
