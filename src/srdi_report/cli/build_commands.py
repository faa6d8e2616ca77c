"""Commands that build editions: build, figures."""

from __future__ import annotations

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
    stdout,
)
from srdi_report.config import Config

if TYPE_CHECKING:
    from srdi_report.editions.spec import EditionSpec


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
