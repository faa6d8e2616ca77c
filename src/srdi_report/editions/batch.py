"""The city batch (city_edition.md §7): many city editions, one load, one task per city.

``run_batch`` identifies the source, takes each city's shared work from the cache or computes it
after one load and validation of the table (:mod:`batch_prep`), and compares each city's edition
key with the key stored beside its output (``build.json``): an unchanged city is skipped
(``cache = hit``), a city without firms is ``skipped``, the others become tasks
(:mod:`batch_task`) on a process pool or on dask.distributed (:mod:`batch_executors`). Each city's
files are committed when its task returns — temp files renamed into place, the key written last —
so an interrupted batch leaves every finished edition whole and a rerun builds only the rest.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from srdi_report.config.model import Config
from srdi_report.editions.batch_layout import family_dir
from srdi_report.editions.batch_prep import (
    CityPrep,
    SourcePrep,
    cached_prep,
    compute_prep,
    load_prep,
    prep_key,
    store_prep,
)
from srdi_report.editions.batch_task import (
    STATUS_FAILED,
    STATUS_OK,
    STATUS_REDUCED,
    STATUS_SKIPPED,
    CityOutcome,
    CityTask,
    task_config,
)
from srdi_report.editions.cache import (
    PACKAGE_ROOT,
    BuildCache,
    bytes_key,
    code_version,
    content_key,
    tree_version,
)
from srdi_report.editions.city import EDITION_PREFIX, city_place
from srdi_report.editions.commit import commit_files
from srdi_report.editions.results import identify_source
from srdi_report.fileio import write_atomic

log = logging.getLogger(__name__)

KEY_FILE = "build.json"
# Everything of the package an edition's bytes may depend on (reports, card, appendix).
EDITION_CODE = (
    "compose",
    "config",
    "data",
    "figures",
    "metrics",
    "renderers",
    "fileio.py",
    "fonts.py",
    "number_format.py",
    "registry.py",
    "errors.py",
)
BATCH_MODULES = ("batch", "city_index")  # module name prefixes outside an edition's key
SHIPPED_TEMPLATES = (PACKAGE_ROOT / "templates", PACKAGE_ROOT.parents[1] / "templates")
EXECUTORS = ("process", "dask")


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs.

    Attributes:
        year: Snapshot year.
        jobs: Worker processes (0: one per core).
        executor: ``process`` or ``dask``.
        scheduler: A dask scheduler address (``tcp://host:8786``); "" starts a LocalCluster.
        force: Rebuild every city, even unchanged ones.
        bureau_files: Bureau file per admin code.
        svg: Also draw (and write) each figure's SVG.
    """

    year: int
    jobs: int = 0
    executor: str = "process"
    scheduler: str = ""
    force: bool = False
    bureau_files: Mapping[str, Path] = field(default_factory=dict)
    svg: bool = False


@dataclass(frozen=True)
class CityRecord:
    """One row of the batch index (city_edition.md §7)."""

    code: str
    folder: str
    firms: int
    lgs: int
    status: str
    languages: tuple[str, ...]
    formats: tuple[str, ...]
    files: tuple[str, ...]
    bureau_file: bool
    suppressed_items: int = 0
    warnings: tuple[str, ...] = ()
    error: str = ""
    build_seconds: float = 0.0
    cache: str = "miss"
    stages: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchReport:
    """What a batch did: a record per city (in the order given) and the timings."""

    year: int
    records: tuple[CityRecord, ...]
    seconds: Mapping[str, float]
    snapshot_date: str

    @property
    def failed(self) -> tuple[CityRecord, ...]:
        """Records of the cities that failed."""
        return tuple(r for r in self.records if r.status == STATUS_FAILED)

    def count(self, status: str) -> int:
        """How many cities ended with ``status``."""
        return sum(1 for r in self.records if r.status == status)


Progress = Callable[[str, int, int, int, int], None]  # (stage, done, failed, skipped, total)


def run_batch(
    config: Config,
    codes: Sequence[str],
    options: BatchOptions,
    *,
    data_path: Path | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """Build the city editions of ``codes``; only what is missing or changed.

    Raises:
        DataError: the firm table fails validation (before any city is built).
        InputError: an unknown executor, or a bureau file for a city not in the batch.
    """
    from srdi_report.errors import InputError

    if options.executor not in EXECUTORS:
        raise InputError(f"unknown executor {options.executor!r}; use one of {EXECUTORS}")
    say = progress or (lambda *_args: None)
    timer: dict[str, float] = {}
    started = time.perf_counter()
    codes = tuple(dict.fromkeys(codes))
    config = _batch_config(config, options.year, data_path)
    cache = BuildCache(Path(config.build.cache_dir), enabled=True)
    source_key = identify_source(config, data_path)
    base = prep_key(source_key, config, options.year)
    source, preps = cached_prep(cache, base, codes, config, options.year)
    loaded: SourcePrep | None = None
    if source is None or len(preps) < len(codes):
        say("loading the data", 0, 0, 0, len(codes))
        loaded = load_prep(config, data_path, today, source_key)
        source = loaded
        missing = [c for c in codes if c not in preps]
        say("computing benchmarks", 0, 0, 0, len(codes))
        computed = compute_prep(loaded, missing, config, options.year)
        store_prep(cache, base, loaded, computed, config, options.year)
        preps.update(computed)
    timer["prepare"] = round(time.perf_counter() - started, 3)
    fixed = _fixed_key(config, source_key)
    records: dict[str, CityRecord] = {}
    todo: list[tuple[str, str]] = []
    for code in codes:
        prep = preps[code]
        bureau = options.bureau_files.get(code)
        key = edition_key(fixed, prep, bureau, options.svg)
        folder = _folder(config, code, options.year)
        if prep.firms == 0:
            records[code] = _skipped(config, code, folder, bureau is not None)
            continue
        hit = None if options.force else _stored(folder, key, Path(config.output.dir))
        if hit is not None:
            records[code] = hit
        else:
            todo.append((code, key))
    skipped = len(codes) - len(todo)
    say("building", 0, 0, skipped, len(codes))
    if todo:
        if loaded is None:
            say("loading the data", 0, 0, skipped, len(codes))
            loaded = load_prep(config, data_path, today, source_key)
        tasks = _tasks(loaded, todo, preps, config, options, source_key)
        done = failed = 0
        builds = time.perf_counter()
        for outcome, key in _execute(tasks, options, len(todo)):
            record = _commit(config, outcome, preps[outcome.code], key, options)
            records[outcome.code] = record
            done += record.status != STATUS_FAILED
            failed += record.status == STATUS_FAILED
            say(outcome.code, done, failed, skipped, len(codes))
        timer["build"] = round(time.perf_counter() - builds, 3)
    timer["total"] = round(time.perf_counter() - started, 3)
    assert source is not None
    return BatchReport(
        year=options.year,
        records=tuple(records[code] for code in codes),
        seconds=timer,
        snapshot_date=source.summary.snapshot_date.isoformat(),
    )


def edition_key(fixed: str, prep: CityPrep, bureau: Path | None, svg: bool = False) -> str:
    """The content key of one city's edition (§7): its rows, shared results and bureau file.

    ``fixed`` covers what every city shares (source, code, templates, catalogs, fonts,
    config); the shared results are functions of the source key and the metrics code, both in it.
    """
    bureau_hash = bytes_key(bureau.read_bytes()) if bureau is not None and bureau.is_file() else ""
    return content_key("city-edition", fixed, prep.code, prep.row_hash, bureau_hash, svg)


def city_folder(config: Config, code: str, year: int) -> Path:
    """``output/city/<year>/<code>-<slug>``: one city's folder."""
    return _folder(config, code, year)


def _fixed_key(config: Config, source_key: str) -> str:
    from srdi_report.compose.i18n import locales_dir
    from srdi_report.fonts import font_face

    templates = ((Path(config.build.templates),) if config.build.templates else ()) + (
        SHIPPED_TEMPLATES
    )
    fonts = [font_face(script).regular.parent.name for script in ("cjk", "latin")]
    return content_key(
        "city-batch-fixed",
        source_key,
        code_version(*EDITION_CODE, *_edition_modules()),
        tree_version(templates, (".j2",)),
        tree_version((locales_dir(),), (".po", ".csv")),
        fonts,
        importlib.metadata.version("matplotlib"),
        importlib.metadata.version("reportlab"),
        dataclasses.asdict(config.metrics),
        list(config.output.locales),
        list(config.output.formats),
        config.build.draft,
    )


def _edition_modules() -> tuple[str, ...]:
    """The editions package's modules an edition's bytes depend on.

    The batch's own modules (this engine, its executors, the index) are left out: changing
    how cities are scheduled or indexed does not change a city's files.
    """
    folder = PACKAGE_ROOT / "editions"
    return tuple(
        path.relative_to(PACKAGE_ROOT).as_posix()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and path.suffix in (".py", ".csv")
        and not path.name.startswith(BATCH_MODULES)
    )


def _folder(config: Config, code: str, year: int) -> Path:
    from srdi_report.editions.batch_task import _geography

    place = city_place(code, _geography())
    return family_dir(Path(config.output.dir), EDITION_PREFIX, year) / f"{code}-{place.slug}"


def _stored(folder: Path, key: str, root: Path) -> CityRecord | None:
    """The record of an unchanged, complete edition (its key matches), else None."""
    try:
        stored = json.loads((folder / KEY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if stored.get("key") != key:
        return None
    files = tuple(stored.get("files", ()))
    if not files or not all((root / name).is_file() for name in files):
        return None
    return CityRecord(
        code=stored["code"],
        folder=stored["folder"],
        firms=int(stored["firms"]),
        lgs=int(stored["lgs"]),
        status=stored["status"],
        languages=tuple(stored["languages"]),
        formats=tuple(stored["formats"]),
        files=files,
        bureau_file=bool(stored["bureau_file"]),
        suppressed_items=int(stored["suppressed_items"]),
        warnings=tuple(stored["warnings"]),
        build_seconds=float(stored["build_seconds"]),
        cache="hit",
        stages=dict(stored.get("stages", {})),
    )


def _skipped(config: Config, code: str, folder: Path, bureau: bool) -> CityRecord:
    return CityRecord(
        code=code,
        folder=folder.name,
        firms=0,
        lgs=0,
        status=STATUS_SKIPPED,
        languages=(),
        formats=(),
        files=(),
        bureau_file=bureau,
        warnings=("no firms",),
        cache="miss",
    )


def _tasks(
    source: SourcePrep,
    todo: Sequence[tuple[str, str]],
    preps: Mapping[str, CityPrep],
    config: Config,
    options: BatchOptions,
    source_key: str,
) -> Iterator[tuple[CityTask, str]]:
    """One task per city, made when the executor asks for it (rows are cut lazily)."""
    alone = len(todo) == 1 and options.executor == "process"
    run_config = task_config(config, alone=alone)
    for code, key in todo:
        yield (
            CityTask(
                code=code,
                year=options.year,
                rows=source.rows(code),
                shared=preps[code].shared,
                summary=source.summary,
                source_key=source_key,
                digest=source.digest,
                config=run_config,
                bureau_path=options.bureau_files.get(code),
                svg=options.svg,
                firms=preps[code].firms,
            ),
            key,
        )


def _execute(
    tasks: Iterator[tuple[CityTask, str]], options: BatchOptions, count: int
) -> Iterator[tuple[CityOutcome, str]]:
    from srdi_report.editions.batch_executors import (
        dask_outcomes,
        default_jobs,
        inline_outcomes,
        process_outcomes,
    )

    if options.executor == "dask":
        return dask_outcomes(tasks, scheduler=options.scheduler, jobs=options.jobs)
    if count == 1 or default_jobs(options.jobs) == 1:
        return inline_outcomes(tasks)
    return process_outcomes(tasks, jobs=min(default_jobs(options.jobs), count))


def _commit(
    config: Config, outcome: CityOutcome, prep: CityPrep, key: str, options: BatchOptions
) -> CityRecord:
    """Write a city's files (temp + rename), then its key: the key marks a finished edition."""
    folder = _folder(config, outcome.code, options.year)
    root = Path(config.output.dir)
    languages = tuple(dict.fromkeys(_language(loc) for loc in config.output.locales))
    status = outcome.status
    if status == STATUS_OK and prep.firms < config.metrics.min_cell:
        status = STATUS_REDUCED
    if status == STATUS_FAILED:
        # the previous build (if any) stays as it was; its key is dropped so a rerun retries
        (folder / KEY_FILE).unlink(missing_ok=True)
        files: tuple[str, ...] = ()
    else:
        commit_files(dict(outcome.files))
        files = tuple(
            sorted(
                p.relative_to(root).as_posix()
                for p in outcome.files
                if _is_relative(p, root) and p.suffix in (".pdf", ".docx", ".xlsx")
            )
        )
    record = CityRecord(
        code=outcome.code,
        folder=folder.name,
        firms=prep.firms,
        lgs=prep.lgs,
        status=status,
        languages=languages if files else (),
        formats=tuple(config.output.formats) if files else (),
        files=files,
        bureau_file=outcome.code in options.bureau_files,
        suppressed_items=outcome.suppressed_items,
        warnings=outcome.warnings,
        error=outcome.error,
        build_seconds=outcome.seconds,
        cache="miss",
        stages=outcome.stages,
    )
    if status != STATUS_FAILED:
        stored = dataclasses.asdict(record)
        stored.pop("cache")
        stored.pop("error")
        stored["key"] = key
        text = json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        write_atomic(folder / KEY_FILE, text.encode("utf-8"))
    return record


def _is_relative(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_", 1)[0].lower()


def _batch_config(config: Config, year: int, data_path: Path | None) -> Config:
    """Catalog locales; the demo snapshot of ``year`` when no file is given (as a single build)."""
    from srdi_report.compose.i18n import normalize_locale

    locales = tuple(dict.fromkeys(normalize_locale(loc) for loc in config.output.locales))
    config = dataclasses.replace(config, output=dataclasses.replace(config.output, locales=locales))
    if data_path is None and not config.data.firms and config.demo.year != year:
        config = dataclasses.replace(config, demo=dataclasses.replace(config.demo, year=year))
    return config
