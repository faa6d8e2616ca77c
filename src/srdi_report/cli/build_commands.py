"""Commands that build editions: build (national, city, cities), figures."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from srdi_report.cli.app import (
    ConfigOption,
    DataOption,
    LanguagesOption,
    YearOption,
    _build_config,
    _config,
    _progress,
    _today,
    app,
    guarded,
    report_problems,
    stderr,
    stdout,
)
from srdi_report.config import Config

if TYPE_CHECKING:
    from srdi_report.editions.batch import BatchReport, Progress

CITY_FORMATS = "pdf,docx"  # city_edition.md §2: both formats unless --format says otherwise
BUREAU_SUFFIX = ".yaml"


@app.command()
def build(
    edition: Annotated[
        str, typer.Argument(help="Edition to build: national, city, cities (a batch).")
    ] = "national",
    place: Annotated[
        str | None,
        typer.Argument(help="City of a city edition: admin code, Chinese or English name."),
    ] = None,
    year: YearOption = None,
    lang: LanguagesOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Formats, comma-separated (pdf,docx,txt); default: output.formats "
            "(city editions: pdf,docx).",
        ),
    ] = None,
    data: DataOption = None,
    templates: Annotated[
        Path | None, typer.Option(help="Your template folder, searched before the shipped one.")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Output folder; default: output.dir.")] = None,
    draft: Annotated[
        bool | None,
        typer.Option(
            "--draft/--strict",
            help="Draft: placeholders for missing templates and failing exhibits.",
        ),
    ] = None,
    cache: Annotated[
        bool | None, typer.Option("--cache/--no-cache", help="Reuse unchanged build parts.")
    ] = None,
    every: Annotated[bool, typer.Option("--all", help="cities: every city in the data.")] = False,
    province: Annotated[
        str | None, typer.Option(help="cities: every city of a province (name or code).")
    ] = None,
    cities: Annotated[
        str | None, typer.Option(help="cities: comma-separated names or admin codes.")
    ] = None,
    city_list: Annotated[
        Path | None, typer.Option("--list", help="cities: a file of names or codes, one a line.")
    ] = None,
    bureau_file: Annotated[
        Path | None, typer.Option(help="city: the bureau's YAML file (city_bureau.yaml).")
    ] = None,
    bureau_dir: Annotated[
        Path | None, typer.Option(help="cities: a folder of <admin_code>.yaml bureau files.")
    ] = None,
    jobs: Annotated[int, typer.Option(help="cities: worker processes; 0 = one per core.")] = 0,
    executor: Annotated[
        str, typer.Option(help="cities: process (a local pool) or dask (dask.distributed).")
    ] = "process",
    scheduler: Annotated[
        str | None,
        typer.Option(help="cities: dask scheduler (tcp://HOST:PORT); none = a LocalCluster."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="city, cities: rebuild unchanged editions too.")
    ] = False,
    svg: Annotated[
        bool, typer.Option("--svg", help="city, cities: also write each figure's SVG.")
    ] = False,
    config: ConfigOption = Path("config.toml"),
) -> None:
    """Build an edition: output/<edition>/<year>/<lang>/report.<format> for each language.

    City editions go to output/city/<year>/<code>-<slug>/<lang>/ (report.pdf, report.docx,
    card.pdf); `build cities` also writes output/city/<year>/index.csv, .xlsx, index-<lang>.pdf.
    Exit codes: 0 built, 1 some city failed, 2 bad input or data (nothing built).
    """

    def run() -> None:
        is_city = edition in ("city", "cities")
        cfg = _build_config(
            _config(config),
            lang=lang,
            formats=fmt or (CITY_FORMATS if is_city else None),
            out=out,
            templates=templates,
            draft=draft,
            cache=cache,
        )
        if is_city:
            request = _CityRequest(
                batch=edition == "cities",
                place=place or "",
                every=every,
                province=province or "",
                cities=tuple(c.strip() for c in (cities or "").split(",") if c.strip()),
                city_list=city_list,
                bureau_file=bureau_file,
                bureau_dir=bureau_dir,
                jobs=jobs,
                executor=executor,
                scheduler=scheduler or "",
                force=force,
                svg=svg,
            )
            _build_cities(request, cfg, year or cfg.demo.year, data)
            return
        _build_one(edition, cfg, year or cfg.demo.year, data)

    guarded(run)


def _build_one(edition: str, cfg: Config, year: int, data: Path | None) -> None:
    from srdi_report.editions.build import build_edition, edition_spec

    spec = edition_spec(edition, year)
    with _progress() as progress:
        result = build_edition(spec, cfg, data, _today(), progress=progress)
    if result.warnings:
        report_problems(result.warnings, all_errors=False)
    for path in result.reports:
        stdout.print(f"wrote {path}", markup=False)
    stats = result.stats
    stdout.print(
        f"{result.source.label}: {result.source.firms:,} firms; metrics "
        f"{stats.metrics_computed} computed, {stats.metrics_cached} cached; figures "
        f"{stats.figures_drawn} drawn, {stats.figures_cached} cached; "
        f"{sum(stats.seconds.values()):.1f} s",
        markup=False,
    )


@dataclass(frozen=True)
class _CityRequest:
    """The city options of `build city` / `build cities`."""

    batch: bool
    place: str
    every: bool
    province: str
    cities: tuple[str, ...]
    city_list: Path | None
    bureau_file: Path | None
    bureau_dir: Path | None
    jobs: int
    executor: str
    scheduler: str
    force: bool
    svg: bool = False


def _build_cities(request: _CityRequest, cfg: Config, year: int, data: Path | None) -> None:
    """`build city X` (one city, in this process) or `build cities …` (a batch and its index).

    Raises:
        InputError: no city chosen, an unknown or ambiguous one, a bureau option misused.
        DataError: the firm table fails validation (exit 2, nothing built).
    """
    from srdi_report.data.geography import load_geography
    from srdi_report.editions.batch import BatchOptions, run_batch
    from srdi_report.editions.batch_select import select_cities
    from srdi_report.editions.city import resolve_city
    from srdi_report.errors import InputError

    geography = load_geography()
    if request.batch:
        if request.place:
            raise InputError("build cities takes --all, --province, --cities or --list, not a name")
        if request.bureau_file is not None:
            raise InputError("--bureau-file is for one city; a batch takes --bureau-dir")
        codes = select_cities(
            geography,
            every=request.every,
            province=request.province,
            cities=request.cities,
            list_file=request.city_list,
        )
        bureaus = _bureau_files(request.bureau_dir, codes)
    else:
        if not request.place:
            raise InputError("build city needs the city: srdi-report build city <name or code>")
        if request.bureau_dir is not None:
            raise InputError(
                "--bureau-dir is for a batch (build cities); one city takes --bureau-file"
            )
        codes = (resolve_city(request.place, geography),)
        bureaus = {codes[0]: request.bureau_file} if request.bureau_file is not None else {}
    options = BatchOptions(
        year=year,
        jobs=request.jobs if request.batch else 1,
        executor=request.executor,
        scheduler=request.scheduler,
        force=request.force or not cfg.build.cache,  # --no-cache: rebuild every city
        bureau_files=bureaus,
        svg=request.svg,
    )
    with _bar(len(codes)) as progress:
        report = run_batch(cfg, codes, options, data_path=data, today=_today(), progress=progress)
    _print_report(report, cfg, geography, batch=request.batch)
    if report.failed:
        raise typer.Exit(1)


def _bureau_files(folder: Path | None, codes: tuple[str, ...]) -> dict[str, Path]:
    """``<admin_code>.yaml`` of each chosen city found in ``folder``.

    Raises:
        InputError: the folder does not exist.
    """
    from srdi_report.errors import InputError

    if folder is None:
        return {}
    if not folder.is_dir():
        raise InputError(f"--bureau-dir {folder}: no such folder")
    found = {code: folder / f"{code}{BUREAU_SUFFIX}" for code in codes}
    return {code: path for code, path in found.items() if path.is_file()}


def _print_report(report: BatchReport, cfg: Config, geography: object, *, batch: bool) -> None:
    from srdi_report.editions.batch_layout import family_dir
    from srdi_report.editions.city import EDITION_PREFIX
    from srdi_report.editions.city_index import write_index

    root = Path(cfg.output.dir)
    for record in report.records:
        if record.status == "failed":
            stderr.print(f"failed {record.code}: {record.error}", markup=False)
        elif not batch:
            for name in record.files:
                stdout.print(f"wrote {root / name}", markup=False)
    if batch:
        folder = family_dir(root, EDITION_PREFIX, report.year)
        for path in write_index(report, geography, folder, cfg.output.locales):  # type: ignore[arg-type]
            stdout.print(f"wrote {path}", markup=False)
    hits = sum(1 for r in report.records if r.cache == "hit")
    stdout.print(
        f"{len(report.records)} cities: {report.count('ok')} built, "
        f"{report.count('reduced')} reduced, {len(report.failed)} failed, "
        f"{report.count('skipped')} skipped ({hits} unchanged); "
        f"{report.seconds.get('total', 0.0):.1f} s",
        markup=False,
    )


@contextmanager
def _bar(total: int) -> Iterator[Progress | None]:
    """A progress bar (done / failed / skipped, elapsed, ETA) on a terminal; nothing otherwise."""
    if not stderr.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=stderr) as bar:
        task = bar.add_task("cities", total=total, counts="")

        def update(stage: str, done: int, failed: int, skipped: int, count: int) -> None:
            label = stage if not stage.isdigit() else "cities"
            bar.update(
                task,
                description=label,
                completed=done + failed + skipped,
                total=count,
                counts=f"done {done} · failed {failed} · skipped {skipped}",
            )

        yield update


@app.command()
def figures(
    edition: Annotated[str, typer.Option(help="Edition: national.")] = "national",
    year: YearOption = None,
    lang: LanguagesOption = None,
    data: DataOption = None,
    cache: Annotated[
        bool | None, typer.Option("--cache/--no-cache", help="Reuse unchanged figures.")
    ] = None,
    config: ConfigOption = Path("config.toml"),
) -> None:
    """Draw an edition's figures: figures/<edition>/<year>/<lang>/<id>.png, .svg, .csv."""

    def run() -> None:
        from srdi_report.editions.build import build_figures, edition_spec

        cfg = _build_config(_config(config), lang=lang, cache=cache)
        spec = edition_spec(edition, year or cfg.demo.year)
        with _progress() as progress:
            paths = build_figures(spec, cfg, data, _today(), progress=progress)
        folders = sorted({path.parent for path in paths})
        for folder in folders:
            count = sum(1 for path in paths if path.parent == folder and path.suffix == ".png")
            stdout.print(f"wrote {count} figures to {folder}", markup=False)

    guarded(run)
