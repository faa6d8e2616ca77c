"""The consistency-check command: check (editions.md §4)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from srdi_report.cli.app import app, guarded, stdout

EXIT_ERRORS = 1  # an error no waiver covers: the edition fails


@app.command()
def check(
    edition: Annotated[
        Path, typer.Argument(help="Edition folder (holding manifest.json) or the manifest file.")
    ],
    other: Annotated[
        list[Path] | None,
        typer.Option(help="A separately built manifest of another language (C14); repeatable."),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf/--no-pdf", help="Check the PDFs' extracted text (C15).")
    ] = True,
    cache: Annotated[
        bool, typer.Option("--cache/--no-cache", help="Reuse checks.json when nothing changed.")
    ] = True,
    lang: Annotated[str, typer.Option(help="Language of the messages: en or zh.")] = "en",
) -> None:
    """Run consistency checks C1–C15 on an edition; exit 1 on errors, 2 on bad input."""

    def run() -> None:
        from srdi_report.compose.i18n import gettext_for
        from srdi_report.editions.checks.runner import check_edition

        report = check_edition(edition, use_cache=cache, pdf=pdf, others=tuple(other or ()))
        gettext = gettext_for(lang) if lang != "en" else None
        for found in report.findings:
            waived = " [waived]" if found.key in report.waived else ""
            where = ",".join(found.places[:3]) + (" …" if len(found.places) > 3 else "")
            stdout.print(
                f"{found.check_id} {found.severity} {where}: printed {found.printed!r}, "
                f"expected {found.expected!r}: {found.text(gettext)}{waived}",
                markup=False,
                soft_wrap=True,
            )
        for line in report.lines()[len(report.findings) :]:
            stdout.print(line, markup=False)
        if report.errors:
            raise typer.Exit(EXIT_ERRORS)

    guarded(run)
