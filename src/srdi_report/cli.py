"""The typer app: the only module that prints, configures logging and picks exit codes."""

from __future__ import annotations

import logging
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from srdi_report import __version__
from srdi_report.config import Config, load_config
from srdi_report.errors import DataError, Problem, SrdiError, summarise_problems

if TYPE_CHECKING:
    from srdi_report.editions.spec import EditionSpec

app = typer.Typer(
    name="srdi-report",
    help="Bilingual statistical publications on SRDI Little Giant firms.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)

MAX_PROBLEM_LINES = 50  # data_schema.md §3.1: the first 50 errors, then a count

ConfigOption = Annotated[
    Path, typer.Option("--config", help="Configuration file (TOML).", show_default=True)
]


class OutputFormat(StrEnum):
    """How `reproduce` prints its table."""

    table = "table"
    csv = "csv"


def problem_lines(problems: tuple[Problem, ...], *, limit: int | None) -> Iterator[str]:
    """Errors first, then warnings, each capped at ``limit`` lines with a count of the rest."""
    for severity_is_error, noun in ((True, "errors"), (False, "warnings")):
        group = [p for p in problems if p.is_error == severity_is_error]
        shown = group if limit is None else group[:limit]
        yield from (str(p) for p in shown)
        if len(group) > len(shown):
            yield f"… and {len(group) - len(shown):,} more {noun} (--all-errors to list them)"


def report_problems(problems: tuple[Problem, ...], *, all_errors: bool) -> None:
    """Print problem lines and the per-file summary to stderr."""
    for line in problem_lines(problems, limit=None if all_errors else MAX_PROBLEM_LINES):
        stderr.print(line, markup=False)
    for file in sorted({p.location.file for p in problems}):
        mine = [p for p in problems if p.location.file == file]
        stderr.print(summarise_problems(file, mine), markup=False)


def guarded(action: Callable[[], None], *, all_errors: bool = False) -> None:
    """Run a command; typed errors become messages and exit codes, bugs a crash report."""
    try:
        action()
    except typer.Exit:
        raise  # a command's own exit code (reproduce: 1 on a mismatch)
    except DataError as err:
        report_problems(err.problems, all_errors=all_errors)
        raise typer.Exit(err.exit_code) from None
    except SrdiError as err:
        stderr.print(f"error: {err}", markup=False)
        raise typer.Exit(err.exit_code) from None
    except KeyboardInterrupt:
        stderr.print("interrupted; finished files are intact", markup=False)
        raise typer.Exit(130) from None
    except Exception:  # noqa: BLE001  (the CLI boundary; the traceback is kept in a file)
        with tempfile.NamedTemporaryFile(
            "w", prefix="srdi-report-crash-", suffix=".txt", delete=False
        ) as handle:
            handle.write(traceback.format_exc())
        stderr.print(f"internal error (a bug); traceback in {handle.name}", markup=False)
        raise typer.Exit(3) from None


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger("srdi_report")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)


def _config(path: Path) -> Config:
    return load_config(path)


def _today() -> date:
    """The upper bound of a snapshot date (rule N03); the library never reads the clock."""
    return datetime.now(UTC).date()


def _print_version(value: bool) -> None:
    if value:
        stdout.print(__version__)
        raise typer.Exit(0)


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version.", is_eager=True, callback=_print_version
        ),
    ] = False,
) -> None:
    """Build SRDI reports, check data, and reproduce published numbers."""
    _setup_logging(verbose)


@app.command("demo-data")
def demo_data(
    year: Annotated[int | None, typer.Option(help="Snapshot year (2025 or 2026).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Also write the snapshot here (.csv, .xlsx, .parquet).")
    ] = None,
    config: ConfigOption = Path("config.toml"),
) -> None:
    """Generate the deterministic, calibrated demo dataset (cached outside git)."""

    def run() -> None:
        from srdi_report.data.demo_cache import ensure_demo, export_demo

        cfg = _config(config)
        manifest = ensure_demo(cfg.demo)
        stdout.print(f"demo data: {manifest.folder}", markup=False)
        for snapshot in manifest.snapshots:
            stdout.print(
                f"  {snapshot.year}: {snapshot.rows:,} firms "
                f"({snapshot.national:,} national, {snapshot.provincial:,} provincial), "
                f"{snapshot.size_bytes / 1e6:.1f} MB, sha256 {snapshot.sha256[:12]}",
                markup=False,
            )
        if out is not None:
            written = export_demo(cfg.demo, year or cfg.demo.year, out)
            stdout.print(f"wrote {written}", markup=False)

    guarded(run)


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(help="Firm file to check.")],
    snapshot_date: Annotated[str | None, typer.Option(help="Snapshot date if absent.")] = None,
    encoding: Annotated[str | None, typer.Option(help="Override CSV encoding detection.")] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet, or '*' for all.")] = None,
    strict: Annotated[bool, typer.Option(help="Warnings are errors.")] = False,
    all_errors: Annotated[bool, typer.Option("--all-errors", help="List every problem.")] = False,
) -> None:
    """Check a firm file against the schema; one line per problem, exit 2 on any error."""

    def run() -> None:
        from srdi_report.data.load import LoadOptions, load_firms

        loaded = load_firms(
            path,
            LoadOptions(
                snapshot_date=snapshot_date,
                encoding=encoding,
                sheet=sheet,
                strict=strict,
                today=_today(),
            ),
        )
        if loaded.problems:
            report_problems(loaded.problems, all_errors=all_errors)
        stdout.print(
            f"{path}: {len(loaded.frame):,} firms, snapshot {loaded.snapshot_date.isoformat()}",
            markup=False,
        )

    guarded(run, all_errors=all_errors)


@app.command()
def reproduce(
    data: Annotated[
        Path | None, typer.Option(help="Firm file to check; default: the demo data.")
    ] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", help="Output format.")] = (
        OutputFormat.table
    ),
    config: ConfigOption = Path("config.toml"),
) -> None:
    """Rebuild every published number derivable from firm data; exit 1 on any mismatch."""

    def run() -> None:
        from srdi_report.metrics.reproduce import reproduce_published
        from srdi_report.metrics.reproduce_report import render_csv, render_table

        cfg = _config(config)
        outcome = reproduce_published(cfg, data, today=_today())
        if outcome.warnings:
            report_problems(outcome.warnings, all_errors=False)
        text = render_csv(outcome) if fmt is OutputFormat.csv else render_table(outcome)
        stdout.print(text, markup=False, end="")
        if outcome.mismatches:
            raise typer.Exit(1)

    guarded(run)


class MetricsFormat(StrEnum):
    """Formats of the metrics provenance export."""

    csv = "csv"
    json = "json"
    xlsx = "xlsx"


@app.command()
def metrics(
    scope: Annotated[
        str,
        typer.Option(help="Scope: national, city=320500, province=Guangdong, level=national"),
    ] = "national",
    fmt: Annotated[MetricsFormat, typer.Option("--format", help="Output format.")] = (
        MetricsFormat.csv
    ),
    out: Annotated[Path | None, typer.Option(help="Write here (required for xlsx).")] = None,
    data: Annotated[Path | None, typer.Option(help="Firm file; default: the demo data.")] = None,
    config: ConfigOption = Path("config.toml"),
) -> None:
    """Compute every registered metric for one scope, with provenance (metric, scope, n, hash)."""

    def run() -> None:
        from srdi_report.data.source import load_source
        from srdi_report.errors import InputError
        from srdi_report.fileio import write_atomic
        from srdi_report.metrics.export import export_bytes
        from srdi_report.metrics.registry import compute_all, load_families
        from srdi_report.metrics.scope import Scope

        if fmt is MetricsFormat.xlsx and out is None:
            raise InputError("--format xlsx needs --out FILE.xlsx")
        cfg = _config(config)
        parsed = Scope.parse(scope)
        source = load_source(cfg, data, today=_today())
        if source.warnings:
            report_problems(source.warnings, all_errors=False)
        results = compute_all(load_families().names(), source.firms, parsed, config=cfg)
        payload = export_bytes(results, fmt.value)
        if out is None:
            stdout.file.write(payload.decode("utf-8"))
        else:
            write_atomic(out, payload)
            stdout.print(f"wrote {out} ({len(results)} metrics, {source.label})", markup=False)

    guarded(run)


LanguagesOption = Annotated[
    str | None,
    typer.Option(
        "--lang", help="Languages, comma-separated (zh,en); default: output.locales in the config."
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(help="Edition year (the snapshot year); default: demo.year in the config."),
]
DataOption = Annotated[
    Path | None, typer.Option(help="Firm file (CSV, XLSX, Parquet); default: the demo data.")
]


def _split(text: str | None) -> tuple[str, ...] | None:
    """``"zh, en"`` → ``("zh", "en")``; None or empty → None (keep the config's value)."""
    if not text:
        return None
    parts = tuple(part.strip() for part in text.split(",") if part.strip())
    return parts or None


def _build_config(
    cfg: Config,
    *,
    lang: str | None,
    formats: str | None = None,
    out: Path | None = None,
    templates: Path | None = None,
    draft: bool | None = None,
    cache: bool | None = None,
) -> Config:
    """Apply the command-line options to the config (each option is a config key too)."""
    output = cfg.output
    build_cfg = cfg.build
    locales = _split(lang)
    if locales:
        output = replace(output, locales=locales)
    fmts = _split(formats)
    if fmts:
        output = replace(output, formats=fmts)
    if out is not None:
        output = replace(output, dir=str(out))
    if templates is not None:
        build_cfg = replace(build_cfg, templates=str(templates))
    if draft is not None:
        build_cfg = replace(build_cfg, draft=draft)
    if cache is not None:
        build_cfg = replace(build_cfg, cache=cache)
    return replace(cfg, output=output, build=build_cfg)


@contextmanager
def _progress() -> Iterator[Callable[[str], None]]:
    """A spinner with the current stage on a terminal; nothing when output is piped or in CI."""
    if not stderr.is_terminal:
        yield lambda _text: None
        return
    started = time.perf_counter()
    with stderr.status("starting") as status:

        def update(text: str) -> None:
            status.update(f"{text} [{time.perf_counter() - started:.1f} s]")

        yield update


@app.command()
def build(
    edition: Annotated[str, typer.Argument(help="Edition to build: national, city.")] = "national",
    place: Annotated[
        str | None,
        typer.Argument(help="City of a city edition: admin code, Chinese or English name."),
    ] = None,
    year: YearOption = None,
    lang: LanguagesOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", help="Formats, comma-separated (pdf,txt); default: output.formats."
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
    config: ConfigOption = Path("config.toml"),
) -> None:
    """Build an edition: output/<edition>/<year>/<lang>/report.<format> for each language."""

    def run() -> None:
        from srdi_report.editions.build import build_edition, edition_spec

        cfg = _build_config(
            _config(config),
            lang=lang,
            formats=fmt,
            out=out,
            templates=templates,
            draft=draft,
            cache=cache,
        )
        if edition == "city":
            spec = _city_spec(place, year or cfg.demo.year, cfg)
        else:
            spec = edition_spec(edition, year or cfg.demo.year)
        with _progress() as progress:
            result = build_edition(spec, cfg, data, _today(), progress=progress)
        if result.warnings:
            report_problems(result.warnings, all_errors=False)
        reports = result.reports
        if edition == "city":
            from srdi_report.editions.city_card_file import write_cards

            reports = (*reports, *write_cards(spec, cfg, result.documents))
        for path in reports:
            stdout.print(f"wrote {path}", markup=False)
        stats = result.stats
        stdout.print(
            f"{result.source.label}: {result.source.firms:,} firms; metrics "
            f"{stats.metrics_computed} computed, {stats.metrics_cached} cached; figures "
            f"{stats.figures_drawn} drawn, {stats.figures_cached} cached; "
            f"{sum(stats.seconds.values()):.1f} s",
            markup=False,
        )

    guarded(run)


def _city_spec(place: str | None, year: int, cfg: Config) -> EditionSpec:
    """The city edition of ``place`` (resolved through the geography reference).

    Raises:
        InputError: no city given, or an unknown or ambiguous one (candidates listed).
    """
    from srdi_report.data.geography import load_geography
    from srdi_report.editions.city import city_edition, resolve_city
    from srdi_report.errors import InputError

    if not place:
        raise InputError("build city needs the city: srdi-report build city <name or code>")
    geography = load_geography()
    code = resolve_city(place, geography)
    return city_edition(code, year, geography=geography, min_cell=cfg.metrics.min_cell)


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
