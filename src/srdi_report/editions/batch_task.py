"""One city of a batch (city_edition.md §7): the task a worker runs, and what it sends back.

A :class:`CityTask` carries the city's firm rows and the results computed once for the whole
batch (national, provincial and cluster benchmarks, rankings, and the scores that need the
nation's firms), never the whole table; it is a frozen, picklable value, so the same function
runs in a process pool or on a dask.distributed worker. :func:`run_city` computes the city's own
metrics on its rows, builds every locale and format through the ordinary build
(``build_edition`` with prepared results, nothing written), adds ``card.pdf`` and returns the
bytes of every file. Any error of the city is caught here and returned with its type and message,
so one broken city never stops the batch; an interrupt (KeyboardInterrupt) is not caught.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from srdi_report.config.model import Config
from srdi_report.editions.results import SourceSummary
from srdi_report.editions.spec import EditionSpec, MetricRequest
from srdi_report.errors import DataError
from srdi_report.metrics.result import MetricResult

if TYPE_CHECKING:
    from srdi_report.editions.bureau_model import BureauFile

log = logging.getLogger(__name__)

STATUS_OK = "ok"
STATUS_REDUCED = "reduced"
LISTING_COLUMN = "listing_board"  # section 8 needs the data's listing columns
STATUS_FAILED = "failed"
STATUS_SKIPPED = "skipped"
CARD_FIGURE = "card.png"
CARD_NAME = "card.pdf"
SVG_WRITER = "svg_bytes"  # the figure factory's SVG writer (figures.context.svg_bytes)


@dataclass(frozen=True, eq=False)
class CityTask:
    """Everything one city's build needs, and nothing of the other cities.

    Attributes:
        code: The city's admin code.
        year: The snapshot year.
        rows: The city's firm rows (derived columns; every snapshot of the city).
        shared: Results computed once for the batch, by ``MetricRequest.result_key``: the
            benchmarks this city's edition reads and its scores against the nation.
        summary: The source the batch was loaded from.
        source_key: Content key of that source (``results.identify_source``).
        digest: ``data_hash`` of the whole frame, so the provenance equals a single build's.
        config: The batch's config (one worker per task: no pool inside a task).
        bureau_path: The city's bureau file, if any.
        svg: Draw the SVG of each figure too (the reports embed the PNG only).
        firms: The city's firms in the population; under ``min_cell`` the edition builds in
            reduced mode (city_edition.md §5). None: count nothing, build in full.
    """

    code: str
    year: int
    rows: pd.DataFrame
    shared: Mapping[str, MetricResult]
    summary: SourceSummary
    source_key: str
    digest: str
    config: Config
    bureau_path: Path | None = None
    svg: bool = False
    firms: int | None = None


@dataclass(frozen=True)
class CityOutcome:
    """What a task sends back: the files' bytes, or the error that stopped the city.

    Attributes:
        code: The city's admin code.
        status: ``ok``, ``reduced`` (fewer firms than ``min_cell``) or ``failed``.
        files: Every output file (reports, card, appendix, manifest, figures) by path.
        error: ``Type: message`` of a failed city, else "".
        warnings: Build warnings (one line each).
        suppressed_items: Withheld cells over the city's results.
        seconds: Wall time of the task.
        stages: Seconds per stage (metrics, figures, compose and render, card).
    """

    code: str
    status: str
    files: Mapping[Path, bytes] = field(default_factory=dict)
    error: str = ""
    warnings: tuple[str, ...] = ()
    suppressed_items: int = 0
    seconds: float = 0.0
    stages: Mapping[str, float] = field(default_factory=dict)


def init_worker() -> None:
    """Load what every task of a worker shares once: fonts, catalogs, geography, renderers.

    Run as the process pool's initializer and on every dask worker; later tasks find them in
    the modules' caches.
    """
    from srdi_report.compose.i18n import gettext_for
    from srdi_report.fonts import faces_for_locale
    from srdi_report.renderers.registry import get_renderer

    _geography()
    for locale in ("zh_CN", "en"):
        gettext_for(locale)
        faces_for_locale(locale)
    for fmt in ("pdf", "docx"):
        try:
            get_renderer(fmt)
        except Exception:  # noqa: BLE001  (a format not installed: the task reports it)
            log.debug("renderer %s not available in the worker", fmt)
    import matplotlib

    matplotlib.use("Agg")


def run_city(task: CityTask) -> CityOutcome:
    """Build one city; every error of the city is returned in the outcome, never raised.

    KeyboardInterrupt and SystemExit are not caught: an interrupted batch stops, and the
    editions already committed stay whole.
    """
    started = time.perf_counter()
    cpu = time.process_time()
    try:
        outcome = _build(task, started)
    except Exception as err:
        log.debug("city %s failed", task.code, exc_info=True)
        return CityOutcome(
            code=task.code,
            status=STATUS_FAILED,
            error=error_text(err),
            seconds=round(time.perf_counter() - started, 3),
        )
    # CPU seconds of the task: on a shared machine wall time says more about the neighbours
    stages = {**outcome.stages, "cpu": round(time.process_time() - cpu, 3)}
    return replace(outcome, stages=stages)


def city_spec(
    code: str,
    year: int,
    config: Config,
    bureau: BureauFile | None = None,
    *,
    firms: int | None = None,
    listing: bool = True,
) -> EditionSpec:
    """The city's edition spec, with the bureau's file when the edition accepts one.

    ``firms`` under ``min_cell`` gives the reduced edition (§5); ``listing`` False leaves out
    section 8 for data without listing columns. The batch's shared results are computed for
    the full spec, a superset of what the reduced one reads.
    """
    from srdi_report.editions.city import city_edition

    min_cell = config.metrics.min_cell
    return city_edition(
        code,
        year,
        geography=_geography(),
        min_cell=min_cell,
        bureau=bureau,
        listing=listing,
        reduced=firms is not None and 0 < firms < min_cell,
    )


def own_requests(spec: EditionSpec) -> tuple[MetricRequest, ...]:
    """Requests a task computes on its own rows: the city's scope and no benchmark at all.

    The others (benchmark scopes, rankings, and any metric compared with a benchmark, given
    or the metric's default such as the scores against the nation's Little Giants) need other
    cities' firms and arrive in :attr:`CityTask.shared`.
    """
    from srdi_report.metrics.registry import load_families

    registry = load_families()
    return tuple(
        r
        for r in spec.metric_requests()
        if not r.scope and not r.benchmark and registry.get(r.metric).default_benchmark is None
    )


def load_bureau(
    path: Path, *, city_code: str, year: int, firms: pd.DataFrame, as_of: date | None
) -> BureauFile:
    """The city's bureau file, validated against its rows (city_edition.md §6).

    Raises:
        DataError: the file fails validation; its message lists every error, one a line
            (``file:line:column: key — value — reason``).
    """
    from srdi_report.editions.bureau import load_bureau as load

    return load(path, city_code=city_code, year=year, firms=firms, as_of=as_of)


def error_text(err: Exception) -> str:
    """``Type: message`` of a city's failure; a data error lists its error lines."""
    if isinstance(err, DataError):
        lines = [str(p) for p in err.problems if p.is_error] or [str(err)]
        return f"{type(err).__name__}: {' | '.join(lines)}"
    return f"{type(err).__name__}: {err}"


def _build(task: CityTask, started: float) -> CityOutcome:
    from srdi_report.metrics.registry import Memo, compute_all
    from srdi_report.metrics.scope import Scope

    config = task.config
    bureau = None
    if task.bureau_path is not None:
        bureau = load_bureau(
            task.bureau_path,
            city_code=task.code,
            year=task.year,
            firms=task.rows,
            as_of=task.summary.snapshot_date,
        )
    spec = city_spec(
        task.code,
        task.year,
        config,
        bureau,
        firms=task.firms,
        listing=LISTING_COLUMN in task.rows.columns,
    )
    mine = own_requests(spec)
    memo: Memo = {}
    computed = compute_all(
        [r.metric for r in mine],
        task.rows,
        Scope.parse(spec.scope),
        None,
        config,
        digest=task.digest,
        geography=_geography(),
        memo=memo,
    )
    results: dict[str, MetricResult] = dict(task.shared)
    results.update({r.result_key: res for r, res in zip(mine, computed, strict=True)})
    needed = {r.result_key for r in spec.metric_requests()}
    missing = sorted(needed - set(results))
    if missing:
        from srdi_report.errors import InputError

        raise InputError(f"batch results missing for city {task.code}: {', '.join(missing)}")
    results = {key: results[key] for key in sorted(needed)}
    metrics_seconds = round(time.perf_counter() - started, 3)
    files, warnings, stages = _render(task, spec, results)
    return CityOutcome(
        code=task.code,
        status=STATUS_OK,
        files=files,
        warnings=(*warnings, *(str(w) for w in _bureau_warnings(bureau))),
        suppressed_items=sum(len(r.suppressed) for r in results.values()),
        seconds=round(time.perf_counter() - started, 3),
        stages={"metrics": metrics_seconds, **stages},
    )


def _render(
    task: CityTask, spec: EditionSpec, results: Mapping[str, MetricResult]
) -> tuple[dict[Path, bytes], tuple[str, ...], dict[str, float]]:
    """Every file of the edition (the ordinary build, nothing written) and ``card.pdf``.

    Returns:
        The files by path, the build's warnings and its seconds per stage.
    """
    from srdi_report.editions.build import PreparedResults, build_edition, figures_folder
    from srdi_report.editions.city_card_file import card_path, card_pdf

    config = task.config
    prepared = PreparedResults(results, task.summary, task.source_key)
    with _svg_drawn(task.svg):
        built = build_edition(spec, config, prepared=prepared, write=False)
    files = {path: data for path, data in built.files.items() if task.svg or path.suffix != ".svg"}
    card_started = time.perf_counter()
    for locale, document in built.documents.items():
        png = files.get(figures_folder(config, spec, locale) / CARD_FIGURE)
        if png is not None:
            files[card_path(config, spec, locale)] = card_pdf(png, title=document.meta.title)
    stages = {k: v for k, v in built.stats.seconds.items() if k != "metrics"}
    stages["card"] = round(time.perf_counter() - card_started, 3)
    return files, tuple(str(w) for w in built.warnings), stages


@contextlib.contextmanager
def _svg_drawn(wanted: bool) -> Iterator[None]:
    """Skip the SVG of every figure drawn inside the block unless ``wanted``.

    The reports embed each figure's PNG; its SVG is a separate asset that costs a quarter of
    a figure's drawing time (city_edition.md §7: skip SVG for city figures unless asked). The
    figure factory has no switch for it, so the block swaps its SVG writer for one writing
    nothing, and puts it back.
    """
    from srdi_report.figures import factory

    if wanted:
        yield
        return
    original = getattr(factory, SVG_WRITER)
    setattr(factory, SVG_WRITER, _no_svg)
    try:
        yield
    finally:
        setattr(factory, SVG_WRITER, original)


def _no_svg(_figure: object) -> bytes:
    return b""


def _bureau_warnings(bureau: BureauFile | None) -> tuple[object, ...]:
    return tuple(bureau.warnings) if bureau is not None else ()


def task_config(config: Config, *, alone: bool = False) -> Config:
    """The batch config as a task runs it: no stage cache; one process unless ``alone``.

    The batch keeps its own per-edition cache (the key beside the output); a stage cache per
    figure and file would only fill the disk with entries no other city reuses. A city built
    alone in this process (``build city``) draws and renders its two languages side by side
    (``[build] workers``); in a pool every core already runs a city.
    """
    workers = config.build.workers if alone else 1
    return replace(config, build=replace(config.build, workers=workers, cache=False))


@functools.cache
def _geography() -> Any:
    from srdi_report.data.geography import load_geography

    return load_geography()
