"""An edition's metric results: identified by the input's hash, loaded from the cache or computed.

The firm file is read (about 3 s for the demo) only when a result is missing from the cache;
an unchanged rebuild hashes the input file, loads every result and never builds the frame.
Results are keyed for the figure factory and the composer by ``MetricRequest.result_key`` (=
``DataView.result_key``): the bare metric id for a view in the edition's scope with the default
benchmark, ``metric|scope|benchmark`` otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from srdi_report.config.model import Config
from srdi_report.editions.cache import BuildCache, code_version, content_key
from srdi_report.editions.spec import EditionSpec, MetricRequest
from srdi_report.errors import Problem
from srdi_report.fileio import sha256_file
from srdi_report.metrics.columns import FIN_YEAR_LAG
from srdi_report.metrics.result import MetricResult

log = logging.getLogger(__name__)

SOURCE_CODE = ("data",)  # what turns an input file into the derived firm frame
METRIC_CODE = ("data", "metrics")  # what turns that frame into a result


@dataclass(frozen=True)
class SourceSummary:
    """What an edition needs to know of its firm source besides the results.

    Attributes:
        key: Content hash of the input (file bytes or the demo snapshot) and its load settings.
        snapshot_date: The data's as-of date.
        fin_year: The last full fiscal year (snapshot year − 2).
        label: The file as given, or ``demo <year>``.
        firms: Rows of the loaded frame.
        warnings: The loader's warnings (the data passed validation).
    """

    key: str
    snapshot_date: date
    fin_year: int
    label: str
    firms: int
    warnings: tuple[Problem, ...]


def identify_source(config: Config, data_path: Path | None) -> str:
    """Content key of the firm input, computed without parsing it.

    The demo snapshot is identified by the hash its cache manifest recorded (the demo is
    generated first if absent); a user's file by its bytes. Load settings and the data code
    are part of the key: a changed alias table or derivation changes every downstream result.
    """
    path = data_path or (Path(config.data.firms) if config.data.firms else None)
    if path is None:
        from srdi_report.data.demo_cache import ensure_demo

        manifest = ensure_demo(config.demo)
        snapshots = {s.year: s.sha256 for s in manifest.snapshots}
        identity = f"demo:{config.demo.year}:{snapshots.get(config.demo.year, '')}"
    else:
        identity = f"file:{sha256_file(path)}" if path.is_file() else f"missing:{path}"
    # the patents table rides with the firms (charts 42-47): its bytes and fallback count too
    patents = Path(config.data.patents) if config.data.patents else None
    patents_identity = (
        f"file:{sha256_file(patents)}" if patents is not None and patents.is_file() else ""
    )
    return content_key(
        "source",
        identity,
        asdict(config.data),
        patents_identity,
        asdict(config.patents),
        code_version(*SOURCE_CODE),
    )


def edition_results(
    spec: EditionSpec,
    config: Config,
    data_path: Path | None,
    today: date | None,
    *,
    source_key: str,
    cache: BuildCache,
    progress: Callable[[str], None],
) -> tuple[dict[str, MetricResult], SourceSummary, tuple[int, int]]:
    """Every result the edition requests, its source summary and (computed, cached) counts.

    Raises:
        DataError: the firm file fails validation.
        UnknownNameError: a requested metric is not registered.
    """
    requests = spec.metric_requests()
    version = code_version(*METRIC_CODE)
    keys = {
        r: content_key(
            "metric",
            source_key,
            asdict(r),
            spec.scope,
            spec.benchmark,
            config.metrics.min_cell,
            version,
        )
        for r in requests
    }
    found: dict[MetricRequest, MetricResult] = {}
    for request in requests:
        hit = cache.load("metrics", keys[request])
        if isinstance(hit, MetricResult):
            found[request] = hit
    summary = cache.load("source", source_key)
    missing = [r for r in requests if r not in found]
    if missing or not isinstance(summary, SourceSummary):
        progress(f"computing {len(missing)} metrics")
        summary, computed = _compute(spec, missing, config, data_path, today, source_key)
        for request, result in computed.items():
            cache.store("metrics", keys[request], result)
            found[request] = result
        cache.store("source", source_key, summary)
    results = {request.result_key: found[request] for request in requests}
    return results, summary, (len(missing), len(requests) - len(missing))


def _compute(
    spec: EditionSpec,
    requests: Sequence[MetricRequest],
    config: Config,
    data_path: Path | None,
    today: date | None,
    source_key: str,
) -> tuple[SourceSummary, dict[MetricRequest, MetricResult]]:
    """Load the firms once and compute ``requests``, one engine call per (scope, benchmark).

    A request's empty scope is the edition's scope; an empty benchmark the edition's, else the
    metric's default.
    """
    from srdi_report.data.source import load_source
    from srdi_report.metrics.registry import Memo, compute_all
    from srdi_report.metrics.result import data_hash
    from srdi_report.metrics.scope import Scope

    source = load_source(config, data_path, today=today)
    summary = SourceSummary(
        key=source_key,
        snapshot_date=source.snapshot_date,
        fin_year=source.snapshot_date.year - FIN_YEAR_LAG,
        label=source.label,
        firms=len(source.firms),
        warnings=source.warnings,
    )
    digest = data_hash(source.firms)
    memo: Memo = {}
    groups: dict[tuple[str, str], list[MetricRequest]] = {}
    for request in requests:
        groups.setdefault((request.scope, request.benchmark), []).append(request)
    computed: dict[MetricRequest, MetricResult] = {}
    for (scope_text, bench_text), group in sorted(groups.items()):
        scope = Scope.parse(scope_text or spec.scope)
        bench_text = bench_text or spec.benchmark
        benchmark = Scope.parse(bench_text) if bench_text else None
        names = [r.metric for r in group]
        log.debug("computing %d metrics for scope %r", len(names), scope.key)
        batch = compute_all(names, source.firms, scope, benchmark, config, digest=digest, memo=memo)
        computed.update(zip(group, batch, strict=True))
    return summary, computed
