"""The typer app and what every command shares: consoles, error printing, common options.

Only the cli package prints, configures logging and picks exit codes.
"""

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
    pass

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
