"""Commands for a city's bureau file (city_edition.md §6): bureau-template, bureau-check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from srdi_report.cli.app import (
    ConfigOption,
    DataOption,
    YearOption,
    _config,
    _today,
    app,
    guarded,
    report_problems,
    stdout,
)

CityOption = Annotated[
    str, typer.Option("--city", help="The city: admin code, Chinese or English name.")
]


@app.command("bureau-template")
def bureau_template(
    city: CityOption,
    year: YearOption = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the skeleton here (default: stdout).")
    ] = None,
    config: ConfigOption = Path("config.toml"),
) -> None:
    """Write a commented skeleton of a city's bureau file (city_bureau.yaml)."""

    def run() -> None:
        from srdi_report.data.geography import load_geography
        from srdi_report.editions.bureau_skeleton import bureau_skeleton
        from srdi_report.editions.city_places import resolve_city
        from srdi_report.fileio import write_atomic

        cfg = _config(config)
        geography = load_geography()
        code = resolve_city(city, geography)
        place = geography.city(code)
        text = bureau_skeleton(code, year or cfg.demo.year, (place.name_zh_full, place.name_en))
        if out is None:
            stdout.print(text, markup=False, end="")
            return
        write_atomic(out, text.encode("utf-8"))
        stdout.print(f"wrote {out}", markup=False)

    guarded(run)


@app.command("bureau-check")
def bureau_check(
    path: Annotated[Path, typer.Argument(help="The bureau file (YAML).")],
    city: CityOption,
    year: YearOption = None,
    data: DataOption = None,
    no_firms: Annotated[
        bool, typer.Option("--no-firms", help="Skip the firm_id checks (no firm table).")
    ] = False,
    config: ConfigOption = Path("config.toml"),
) -> None:
    """Check a bureau file; print every problem, one line each; exit 2 on any error."""

    def run() -> None:
        from srdi_report.data.geography import load_geography
        from srdi_report.editions.bureau import check_bureau
        from srdi_report.editions.city_places import resolve_city

        cfg = _config(config)
        geography = load_geography()
        code = resolve_city(city, geography)
        edition_year = year or cfg.demo.year
        firms = None
        as_of = None
        if not no_firms:
            from srdi_report.data.source import load_source

            source = load_source(cfg, data, today=_today())
            firms = source.firms
            as_of = source.snapshot_date
        record, problems = check_bureau(
            path,
            city_code=code,
            year=edition_year,
            firms=firms,
            as_of=as_of,
            resolve=lambda text: resolve_city(text, geography),
        )
        if problems:
            report_problems(problems, all_errors=True)
        if record is None:
            raise typer.Exit(2)
        stdout.print(
            f"{path}: ok for city {code}, {edition_year}: "
            f"{len(record.observations)} observations, {len(record.growth_files)} growth files, "
            f"{len(record.warnings)} warnings",
            markup=False,
        )

    guarded(run)
