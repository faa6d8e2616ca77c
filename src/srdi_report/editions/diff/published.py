"""Transcribed published editions as diff observations (editions.md §6).

The numbers of a published edition arrive as a long table (``all_numbers_long.csv``: edition,
figure, metric_key, group_key, value, unit, comparator …) with no manifest. Each (edition,
metric_key, group_key) becomes one observation through the same :func:`metric_diff` as our own
builds:

* printed several times → the most precise printing (most decimals; then an exact printing
  over an approximate one);
* units in ten-thousands (``10k firms``) are converted to units;
* a transcription carries no definition hashes, so the definition and population changes
  between two published editions come from a small table
  (``data/reference/published/editions/definition_changes.csv``): ``definition`` →
  not comparable, ``population`` → restated.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from srdi_report.editions.diff.model import PERCENT, RANK, EditionSide, Observation, ObservationKey
from srdi_report.errors import InputError

CHANGES = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "reference"
    / "published"
    / "editions"
    / "definition_changes.csv"
)
_TEN_K = re.compile(r"^10k\s+(\S+)")
_EXACT = ("eq", "derived")
# Stocks that should not fall from one edition to the next (N6 narrates any decline).
_CUMULATIVE = frozenset({"firms", "companies", "applications", "patents", "persons"})
COLUMNS = ("edition", "figure", "metric_key", "group_key", "value", "unit", "comparator")


class PublishedError(InputError):
    """A transcription table lacks a column or holds a non-numeric value."""


def _decimals(text: str) -> int:
    return len(text.split(".", 1)[1]) if "." in text else 0


def _unit(unit: str) -> tuple[str, float]:
    """The diff unit and the factor to it (``10k firms`` → ``firms``, 10,000)."""
    match = _TEN_K.match(unit)
    if match:
        return match.group(1), 10_000.0
    return unit, 1.0


def _diff_unit(unit: str) -> str:
    if unit == "percent":
        return PERCENT
    if unit == "rank":
        return RANK
    return unit


def read_changes(path: Path = CHANGES) -> dict[tuple[str, str], tuple[str, str]]:
    """(metric_key, group_key) → (``definition`` | ``population``, note)."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    return {
        (str(r.metric_key), str(r.group_key)): (str(r.change), str(r.note))
        for r in table.itertuples(index=False)
    }


def published_side(
    table: pd.DataFrame,
    edition: str,
    changes: Mapping[tuple[str, str], tuple[str, str]],
    *,
    later: bool,
    cutoff: str = "",
) -> EditionSide:
    """One transcribed edition as observations.

    Args:
        table: The long table (``all_numbers_long.csv``), every column as text.
        edition: Its ``edition`` value (``2022``).
        changes: Definition and population changes (:func:`read_changes`).
        later: True for the later edition of the pair: it carries the changed definition
            hash or population rule, the earlier one the base.
        cutoff: The edition's cut-off date (ISO), for the interval note.

    Raises:
        PublishedError: a column is missing or a value is not a number.
    """
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise PublishedError(f"transcription lacks column(s) {', '.join(missing)}")
    rows = table[table["edition"].astype(str) == str(edition)]
    chosen: dict[tuple[str, str], tuple[tuple[int, int, int], float, str, list[str]]] = {}
    for order, r in enumerate(rows.itertuples(index=False)):
        key = (str(r.metric_key), str(r.group_key))
        text = str(r.value).strip()
        try:
            raw = float(text)
        except ValueError as exc:
            raise PublishedError(f"{edition} {key}: value {text!r} is not a number") from exc
        unit, factor = _unit(str(r.unit))
        rank = (_decimals(text), 1 if str(r.comparator) in _EXACT else 0, -order)
        figures = chosen[key][3] if key in chosen else []
        figures.append(str(r.figure))
        if key not in chosen or rank > chosen[key][0]:
            chosen[key] = (rank, raw * factor, unit, figures)
    observations = []
    for i, ((metric, group), (_rank, value, unit, figures)) in enumerate(chosen.items()):
        change, note = changes.get((metric, group), ("", ""))
        tag = "later" if later else "base"
        observations.append(
            Observation(
                key=ObservationKey(metric, "national", group, ""),
                value=value,
                unit=_diff_unit(unit),
                definition_hash=f"{change}:{tag}" if change == "definition" else "same",
                definition_note={"en": note} if change == "definition" else {},
                population_rule=f"{change}:{tag}" if change == "population" else "same",
                cumulative=unit in _CUMULATIVE,
                exhibits=tuple(sorted(set(figures))),
                order=i,
            )
        )
    year = int(edition) if str(edition).isdigit() else 0
    return EditionSide("published", year, cutoff, str(edition), tuple(observations))


def published_pair(
    path: Path,
    old: str,
    new: str,
    *,
    cutoffs: tuple[str, str] = ("", ""),
    changes_path: Path = CHANGES,
) -> tuple[EditionSide, EditionSide]:
    """Both editions of a transcription table (``all_numbers_long.csv``) as diff sides."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    changes = read_changes(changes_path)
    return (
        published_side(table, old, changes, later=False, cutoff=cutoffs[0]),
        published_side(table, new, changes, later=True, cutoff=cutoffs[1]),
    )
