"""Bureau-file checks that read other data: the firm table and the glossary (§6).

- ``firm_id``: must exist in the firm table and belong to the city (errors); a ``name.zh``
  unlike the table's is a warning; an ``honor_little_giant`` milestone of a firm whose
  ``level`` is not national, or whose ``lg_batch`` year is not the milestone's year, is a
  warning.
- English text: a non-preferred rendering listed in ``glossary.csv`` (``variants_en``) is a
  warning naming the preferred term.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import pandas as pd
import yaml

from srdi_report.compose.i18n import load_glossary
from srdi_report.data.batches import load_batches
from srdi_report.editions.bureau_model import GrowthFile
from srdi_report.editions.bureau_problem import BureauProblem, at
from srdi_report.editions.bureau_vocab import EVENT_LITTLE_GIANT

__all__ = ["check_firms", "lint_english"]

# Variants shorter than this with no space are common words ("some", "rest"); linting them in
# free text would bury the real findings.
MIN_VARIANT_CHARS = 8
NATIONAL_LEVEL = "national"


def check_firms(
    label: str,
    cards: Sequence[tuple[GrowthFile, dict[str, yaml.Node], str]],
    firms: pd.DataFrame | None,
    city_code: str,
) -> list[BureauProblem]:
    """The ``firm_id`` rules of §6 for every card that gives one.

    Args:
        label: The file as printed.
        cards: Cards with their key nodes and key paths (from ``validate_tree``).
        firms: The firm table (the city's rows or all rows); None skips the check with a
            warning per card that gives a ``firm_id``.
        city_code: The admin code of the city being built.
    """
    out: list[BureauProblem] = []
    wanted = {card.firm_id for card, _, _ in cards if card.firm_id}
    # A batch passes only the city's rows: then a missing id is "not a firm of this city".
    only_city = (
        firms is not None
        and "city_code" in firms.columns
        and set(firms["city_code"].dropna().astype(str).unique()) <= {city_code}
    )
    missing = (
        f"no firm of city {city_code} has this id in the firm table"
        if only_city
        else "no firm with this id in the firm table"
    )
    table = _index(firms, wanted) if firms is not None else None
    batch_year = load_batches().year_of()
    for card, keys, path in cards:
        if not card.firm_id:
            continue
        node = keys["firm_id"]
        where = f"{path}.firm_id"
        if table is None:
            out.append(
                at(
                    label,
                    node.start_mark,
                    where,
                    card.firm_id,
                    "B24",
                    "not checked: no firm table was given",
                    warning=True,
                )
            )
            continue
        if card.firm_id not in table.index:
            out.append(at(label, node.start_mark, where, card.firm_id, "B24", missing))
            continue
        row = table.loc[card.firm_id]
        if isinstance(row, pd.DataFrame):  # cannot happen after drop_duplicates; for mypy
            row = row.iloc[0]
        own_city = _text(row.get("city_code"))
        if own_city and own_city != city_code:
            out.append(
                at(
                    label,
                    node.start_mark,
                    where,
                    card.firm_id,
                    "B24",
                    f"the firm belongs to city {own_city}, not {city_code}",
                )
            )
            continue
        name = _text(row.get("name_zh"))
        if name and name != card.name.zh:
            out.append(
                at(
                    label,
                    keys["name"].start_mark,
                    f"{path}.name.zh",
                    card.name.zh,
                    "B25",
                    f"differs from the firm table's name {name!r}",
                    warning=True,
                )
            )
        out += _little_giant(label, card, keys, path, row, batch_year)
    return out


def _little_giant(
    label: str,
    card: GrowthFile,
    keys: dict[str, yaml.Node],
    path: str,
    row: pd.Series,
    batch_year: dict[int, int],
) -> list[BureauProblem]:
    out: list[BureauProblem] = []
    level = _text(row.get("level"))
    batch = _text(row.get("lg_batch"))
    year = batch_year.get(int(float(batch))) if batch.replace(".", "", 1).isdigit() else None
    items = keys["milestones"].value if isinstance(keys["milestones"], yaml.SequenceNode) else []
    for milestone in card.milestones:
        if milestone.event != EVENT_LITTLE_GIANT:
            continue
        node = _milestone_node(items, milestone.date) or keys["milestones"]
        where = f"{path}.milestones"
        if level != NATIONAL_LEVEL:
            out.append(
                at(
                    label,
                    node.start_mark,
                    where,
                    milestone.date,
                    "B26",
                    f"honor_little_giant, but the firm table's level is {level or 'empty'!s}",
                    warning=True,
                )
            )
        elif year is not None and year != milestone.year:
            out.append(
                at(
                    label,
                    node.start_mark,
                    where,
                    milestone.date,
                    "B26",
                    f"honor_little_giant in {milestone.year}, but the firm's batch {batch} "
                    f"is of {year}",
                    warning=True,
                )
            )
    return out


def _milestone_node(items: Sequence[yaml.Node], day: str) -> yaml.Node | None:
    for item in items:
        if isinstance(item, yaml.MappingNode):
            for key, value in item.value:
                dated = key.value == "date" and isinstance(value, yaml.ScalarNode)
                if dated and str(value.value).strip() == day:
                    return item
    return None


def _index(firms: pd.DataFrame, wanted: set[str]) -> pd.DataFrame:
    # Only the rows the cards name: the caller may pass the whole national table.
    ids = firms["firm_id"].astype(str)
    frame = firms.loc[ids.isin(wanted)].copy()
    frame["firm_id"] = frame["firm_id"].astype(str)
    return frame.drop_duplicates("firm_id").set_index("firm_id")


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def lint_english(label: str, texts: Sequence[tuple[str, yaml.Node, str]]) -> list[BureauProblem]:
    """Warnings for non-preferred glossary renderings in the English texts."""
    out: list[BureauProblem] = []
    for path, node, text in texts:
        for pattern, variant, preferred in _variants():
            if pattern.search(text):
                out.append(
                    at(
                        label,
                        node.start_mark,
                        path,
                        variant,
                        "B28",
                        f"the glossary prefers {preferred!r}",
                        warning=True,
                    )
                )
    return out


@cache
def _variants() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    found: list[tuple[re.Pattern[str], str, str]] = []
    for term in load_glossary().terms.values():
        for variant in term.variants_en:
            if len(variant) < MIN_VARIANT_CHARS and " " not in variant:
                continue
            if variant.lower() in term.en.lower():
                continue
            pattern = re.compile(rf"(?<![\w-]){re.escape(variant)}(?![\w-])", re.IGNORECASE)
            found.append((pattern, variant, term.en))
    return tuple(sorted(found, key=lambda item: item[1]))
