"""Value tokens of data_schema.md §1.2 (nulls, booleans, units, currencies, totals rows).

They are Chinese text for the most part, so they live in ``reference/value_tokens.csv``, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from srdi_report.data.reference_files import read_reference_csv
from srdi_report.data.schema import fold


@dataclass(frozen=True)
class ValueTokens:
    """The token sets; every set holds folded text (NFKC, trimmed, ASCII lower-case).

    ``nulls`` is the exception: null tokens compare exactly (``None`` is null, ``none`` is the
    English key of several enums).
    """

    nulls: frozenset[str]
    trues: frozenset[str]
    falses: frozenset[str]
    numeric_none: frozenset[str]  # 'no' words that are an error in a number column
    total_rows: frozenset[str]
    date_marks: Mapping[str, str]  # "year"/"month"/"day" → the character
    units: Mapping[str, Mapping[str, float]]  # unit text → {column unit → factor}
    currencies: tuple[str, ...]  # longest first, so that a suffix test finds the full name

    def booleans(self) -> dict[str, bool]:
        """Folded token → boolean."""
        return {**dict.fromkeys(self.falses, False), **dict.fromkeys(self.trues, True)}


@cache
def value_tokens() -> ValueTokens:
    """The tokens of ``value_tokens.csv``, read once."""
    rows = read_reference_csv("value_tokens.csv").to_dict("records")

    def of(kind: str) -> frozenset[str]:
        return frozenset(fold(row["token"]) for row in rows if row["kind"] == kind)

    units: dict[str, dict[str, float]] = {}
    for row in rows:
        if row["kind"] == "unit":
            units.setdefault(fold(row["token"]), {})[row["unit"]] = float(row["factor"])
    currencies = sorted(of("currency"), key=lambda token: (-len(token), token))
    return ValueTokens(
        nulls=frozenset(row["token"] for row in rows if row["kind"] == "null"),
        trues=of("true"),
        falses=of("false"),
        numeric_none=of("numeric_none"),
        total_rows=of("total_row"),
        date_marks={row["unit"]: row["token"] for row in rows if row["kind"] == "date_mark"},
        units=units,
        currencies=tuple(currencies),
    )
