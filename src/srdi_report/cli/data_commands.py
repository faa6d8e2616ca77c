"""Commands over firm data: demo-data, validate, reproduce, metrics."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from srdi_report.cli.app import (
    ConfigOption,
    OutputFormat,
    _config,
    _today,
    app,
    guarded,
    report_problems,
    stdout,
)


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
