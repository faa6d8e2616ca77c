"""The bureau file of a city edition: load, check, and add sections 9–10 (city_edition.md §6).

Public API (the batch and the CLI call these):

- :func:`load_bureau` ``(path, *, city_code, year, firms, as_of=None)`` → :class:`BureauFile`,
  or :class:`~srdi_report.errors.DataError` with every problem (exit code 2).
- :func:`check_bureau` the same without raising: the record (or None) and all problems.
- :func:`bureau_sections` ``(bureau)`` → the :class:`SectionSpec` of sections 9 and 10 that
  the file supplies.
- :func:`apply_bureau` ``(spec, bureau)`` → the city edition's spec with those sections
  before the appendix, the bureau's record as ``args.bureau`` for the templates
  ``city/s9.j2`` and ``city/s10.j2``, and its headline as the cover's subtitle.

The bureau's text is data: the templates print it through ``literal()`` (no markup, no
placeholders) and never compile it as a template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from srdi_report.editions.bureau_checks import check_firms, lint_english
from srdi_report.editions.bureau_model import (
    BureauFile,
    GrowthFile,
    Highlight,
    LocalText,
    Milestone,
    Observation,
)
from srdi_report.editions.bureau_problem import BureauProblem
from srdi_report.editions.bureau_validate import BureauContext, validate_tree
from srdi_report.editions.bureau_yaml import read_tree
from srdi_report.editions.spec import EditionSpec, SectionSpec
from srdi_report.errors import DataError

__all__ = [
    "BUREAU_SEGMENT_PREFIXES",
    "BureauFile",
    "BureauFileError",
    "BureauProblem",
    "GrowthFile",
    "Highlight",
    "LocalText",
    "Milestone",
    "Observation",
    "apply_bureau",
    "bureau_sections",
    "check_bureau",
    "load_bureau",
]

OBSERVATIONS_NUMBER = "9"
GROWTH_NUMBER = "10"
APPENDIX_NUMBER = "11"
# The cover's subtitle when the bureau gives a headline: the headline itself, in each language.
BUREAU_SUBTITLE = "%(headline)s"
# Segment ids of the bureau's text (templates city/s9.j2, city/s10.j2): the number-consistency
# checks exempt them (§6: the bureau's numbers are the bureau's, not the engine's).
BUREAU_SEGMENT_PREFIXES = ("city/s9/", "city/s10/")


class BureauFileError(DataError):
    """A bureau file failed validation: every problem, and a message naming the first error.

    A ``DataError`` (exit code 2; the CLI prints every problem line); its message is what a
    batch index records for the failed city, so it names the file and the first error.
    """

    def __init__(self, problems: tuple[BureauProblem, ...]) -> None:
        super().__init__(problems)
        errors = [p for p in self.problems if p.is_error]
        first = f"; first: {errors[0]}" if errors else ""
        noun = "error" if len(errors) == 1 else "errors"
        self.args = (f"{len(errors)} {noun} in the bureau file{first}",)


def check_bureau(
    path: Path,
    *,
    city_code: str,
    year: int,
    firms: pd.DataFrame | None,
    as_of: date | None = None,
    resolve: Callable[[str], str] | None = None,
) -> tuple[BureauFile | None, tuple[BureauProblem, ...]]:
    """Check a bureau file; never raises for its content.

    Args:
        path: The YAML file (``city_bureau.yaml`` or ``<admin_code>.yaml``).
        city_code: Admin code of the city being built.
        year: The edition year.
        firms: The firm table (the city's rows suffice; all rows are fine): columns
            ``firm_id``, ``name_zh``, ``level``, ``lg_batch`` and, if present, ``city_code``
            and ``snapshot_date``. None skips the ``firm_id`` checks (with a warning).
        as_of: The edition's as-of date; default the newest ``snapshot_date`` of ``firms``,
            else 31 December of ``year``.
        resolve: Turns the file's ``city`` into an admin code; default the geography
            reference (:func:`srdi_report.editions.city_places.resolve_city`).

    Returns:
        The record with its warnings attached (None if any error), and every problem sorted
        by line and column.
    """
    label = str(path)
    ctx = BureauContext(
        label=label,
        folder=Path(path).parent,
        city_code=city_code,
        year=year,
        as_of=as_of or _as_of(firms, year),
        resolve_city=resolve or _default_resolver(),
    )
    root, problems = read_tree(Path(path), label)
    found: list[BureauProblem] = list(problems)
    record = None
    if root is not None:
        walked = validate_tree(root, ctx)
        found += walked.problems
        found += check_firms(label, walked.cards, firms, city_code)
        found += lint_english(label, walked.english)
        record = walked.record
    ordered = tuple(sorted(found, key=lambda p: p.sort_key()))
    if record is None or any(p.is_error for p in ordered):
        return None, ordered
    return replace(record, warnings=ordered), ordered


def load_bureau(
    path: Path,
    *,
    city_code: str,
    year: int,
    firms: pd.DataFrame | None,
    as_of: date | None = None,
) -> BureauFile:
    """Load and validate a bureau file for one city edition.

    Args and defaults as :func:`check_bureau`.

    Returns:
        The validated record; its ``warnings`` hold the problems that did not stop it.

    Raises:
        BureauFileError: any error (a ``DataError`` with all problems, warnings included,
            one line each: ``file:line:column: key — value — reason``); exit code 2.
    """
    record, problems = check_bureau(path, city_code=city_code, year=year, firms=firms, as_of=as_of)
    if record is None:
        raise BureauFileError(problems)
    return record


def bureau_sections(bureau: BureauFile) -> tuple[SectionSpec, ...]:
    """Sections 9 (observations) and 10 (growth files), each only if the file supplies it."""
    sections: list[SectionSpec] = []
    if bureau.observations:
        sections.append(
            SectionSpec(
                number=OBSERVATIONS_NUMBER,
                heading="Lessons and observations",
                anchor=f"city_s{OBSERVATIONS_NUMBER}",
                template=f"city/s{OBSERVATIONS_NUMBER}.j2",
            )
        )
    if bureau.growth_files:
        sections.append(
            SectionSpec(
                number=GROWTH_NUMBER,
                heading="Growth files",
                anchor=f"city_s{GROWTH_NUMBER}",
                template=f"city/s{GROWTH_NUMBER}.j2",
            )
        )
    return tuple(sections)


def apply_bureau(spec: EditionSpec, bureau: BureauFile | None) -> EditionSpec:
    """The city edition ``spec`` with the bureau's sections, text and headline.

    Sections 9–10 go before the appendix (section numbers never shift); the templates read
    the record as ``args.bureau``; the headline (if any) becomes the cover's subtitle and is
    also given to the card as ``args.bureau_headline`` (``{"zh": …, "en": …}``).
    """
    if bureau is None:
        return spec
    chapters = list(spec.chapters)
    at = next((i for i, s in enumerate(chapters) if s.number == APPENDIX_NUMBER), len(chapters))
    chapters[at:at] = bureau_sections(bureau)
    args = dict(spec.caption_args)
    args["bureau"] = bureau
    title_args = dict(spec.title_args)
    subtitle = spec.subtitle
    if bureau.headline is not None:
        headline = MappingProxyType({"zh": bureau.headline.zh, "en": bureau.headline.en})
        args["bureau_headline"] = headline
        title_args["headline"] = headline
        subtitle = BUREAU_SUBTITLE
    return replace(
        spec,
        chapters=tuple(chapters),
        caption_args=MappingProxyType(args),
        title_args=MappingProxyType(title_args),
        subtitle=subtitle,
    )


def _as_of(firms: pd.DataFrame | None, year: int) -> date:
    if firms is not None and "snapshot_date" in firms.columns and len(firms):
        newest = pd.to_datetime(firms["snapshot_date"]).max()
        if not pd.isna(newest):
            return date(newest.year, newest.month, newest.day)
    return date(year, 12, 31)


def _default_resolver() -> Callable[[str], str]:
    from srdi_report.data.geography import load_geography
    from srdi_report.editions.city_places import resolve_city

    geography = load_geography()
    return lambda text: resolve_city(text, geography)
