"""Calibration targets of the demo generator, read from ``published/numbers.csv`` at run time.

No published number is written in the generator's code: every target comes from the shipped
copy of ``numbers.csv`` (or, before it is synced into the package, the spec's copy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from srdi_report.data.reference_files import reference_path

_SPEC_COPY = ("shared", "spec", "published", "numbers.csv")


def numbers_path() -> Path:
    """Locate ``numbers.csv``: the package copy first, then the spec beside the repository."""
    shipped = reference_path("published/numbers.csv")
    if shipped.exists():
        return shipped
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.joinpath(*_SPEC_COPY)
        if candidate.exists():
            return candidate
        candidate = parent.parent.joinpath(*_SPEC_COPY)
        if candidate.exists():
            return candidate
    return shipped


@dataclass(frozen=True)
class Targets:
    """The published values by ``number_id`` plus their scopes."""

    values: dict[str, float]
    scopes: dict[str, str]
    decimals: dict[str, int]

    def __call__(self, number_id: str) -> float:
        """The published value of one row."""
        return self.values[number_id]

    def ids(self, prefix: str) -> list[str]:
        """Every number id that starts with ``prefix``, in file order."""
        return [key for key in self.values if key.startswith(prefix)]

    def scope_value(self, number_id: str, column: str) -> str:
        """The value of ``column=...`` in the row's scope (e.g. the city of a B19a row)."""
        match = re.search(rf"{column}=([^&|]+)", self.scopes[number_id])
        if match is None:
            raise KeyError(f"{number_id}: no {column} in scope")
        return match.group(1).strip()


@lru_cache(maxsize=1)
def load_targets() -> Targets:
    """Read every row of ``numbers.csv`` (values as floats where numeric)."""
    frame = pd.read_csv(numbers_path(), dtype=str, keep_default_na=False)
    values: dict[str, float] = {}
    scopes: dict[str, str] = {}
    decimals: dict[str, int] = {}
    for row in frame.itertuples(index=False):
        try:
            values[str(row.number_id)] = float(str(row.value))
        except ValueError:
            continue
        scopes[str(row.number_id)] = str(row.scope)
        decimals[str(row.number_id)] = int(str(row.decimals) or 0)
    return Targets(values=values, scopes=scopes, decimals=decimals)
