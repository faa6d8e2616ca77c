"""The edition diff: ``srdi-report diff OLD NEW`` or ``--spec national --years 2025,2026``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from srdi_report.cli.app import (
    ConfigOption,
    LanguagesOption,
    _build_config,
    _config,
    _progress,
    _today,
    app,
    guarded,
    stdout,
)


@app.command()
def diff(
    old: Annotated[
        Path | None, typer.Argument(help="Earlier edition: its folder or manifest.json.")
    ] = None,
    new: Annotated[
        Path | None, typer.Argument(help="Later edition: its folder or manifest.json.")
    ] = None,
    spec: Annotated[
        str | None, typer.Option(help="Build both editions of this spec first (national).")
    ] = None,
    years: Annotated[
        str | None, typer.Option(help="With --spec: the two years, OLD,NEW (2025,2026).")
    ] = None,
    lang: LanguagesOption = None,
    out: Annotated[
        Path | None, typer.Option(help="Output folder; default output/diff/<old>-vs-<new>.")
    ] = None,
    reports: Annotated[
        bool, typer.Option("--reports/--data-only", help="Also the tracked DOCX and the PDF.")
    ] = True,
    config: ConfigOption = Path("config.toml"),
) -> None:
    """Compare two editions: metric diff, flow table, narrated changes, charts, text, DOCX."""

    def run() -> None:
        from srdi_report.editions.diff.write import run_diff
        from srdi_report.errors import InputError

        cfg = _build_config(_config(config), lang=lang)
        languages = tuple(
            dict.fromkeys(loc.replace("-", "_").split("_")[0].lower() for loc in cfg.output.locales)
        )
        if spec:
            old_path, new_path = _build_both(spec, years, cfg)
        elif old is not None and new is not None:
            old_path, new_path = old, new
        else:
            raise InputError("diff needs OLD NEW (edition folders) or --spec NAME --years A,B")
        with _progress() as progress:
            result = run_diff(
                old_path,
                new_path,
                cfg,
                out_dir=out,
                languages=languages,
                reports=reports,
                progress=progress,
            )
        for note in result.notes:
            stdout.print(note, markup=False)
        d = result.diff
        stdout.print(
            f"diff {d.label}: {len(d.rows)} metric rows, {len(d.flows)} flow rows, "
            f"{len(d.narrated)} narrated changes, {len(d.exhibits)} exhibits; "
            f"{len(result.paths)} files in {result.folder}",
            markup=False,
        )

    guarded(run)


def _build_both(spec: str, years: str | None, cfg: object) -> tuple[Path, Path]:
    """Build (or reuse from the cache) both editions with DOCX; their folders.

    Raises:
        InputError: ``--years`` is not two years.
    """
    from dataclasses import replace

    from srdi_report.config import Config
    from srdi_report.editions.build import build_edition, edition_spec
    from srdi_report.errors import InputError

    assert isinstance(cfg, Config)
    parts = [p.strip() for p in (years or "").split(",") if p.strip()]
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise InputError("--years needs two years, OLD,NEW (e.g. 2025,2026)")
    formats = tuple(dict.fromkeys((*cfg.output.formats, "pdf", "docx")))
    built = replace(cfg, output=replace(cfg.output, formats=formats))
    from srdi_report.editions.checks.core import CheckError

    folders = []
    for year in (int(parts[0]), int(parts[1])):
        edition = edition_spec(spec, year)
        try:
            with _progress() as progress:
                build_edition(edition, built, None, _today(), progress=progress)
        except CheckError as exc:
            # The edition is written before its checks run; the diff report lists the
            # findings (checks.json) instead of stopping here.
            stdout.print(f"{year}: {exc}", markup=False)
        folders.append(Path(built.output.dir) / edition.edition_id / str(year))
    return folders[0], folders[1]
