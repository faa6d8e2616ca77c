"""The numbers the 2026 report prints (``published/numbers.csv``), as frozen records.

The CSV is the spec's file, shipped byte for byte under ``data/reference/published/`` by
``tools/sync_published.py``; its columns are described in the spec's ``published/README.md``.
Values stay the printed strings (``5.30`` keeps its zero); :attr:`PublishedNumber.number` gives
the exact decimal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path

import pandas as pd

from srdi_report.data.reference_files import read_reference_csv, reference_path

NUMBERS_FILE = "published/numbers.csv"

COLUMNS = (
    "number_id",
    "chart_id",
    "label_zh",
    "label_en",
    "scope",
    "statistic",
    "field",
    "value",
    "unit",
    "comparator",
    "derivable",
    "status",
    "note",
    "value_high",
    "decimals",
)


class Comparator(StrEnum):
    """How the printed number relates to the true value (published/README.md)."""

    EQ = "eq"
    APPROX = "approx"
    GT = "gt"
    LT = "lt"
    RANGE = "range"


@dataclass(frozen=True)
class PublishedNumber:
    """One row of ``numbers.csv``; text fields exactly as in the file."""

    number_id: str
    chart_id: str
    label_zh: str
    label_en: str
    scope: str
    statistic: str
    field: str
    value: str
    unit: str
    comparator: Comparator
    derivable: str
    status: str
    note: str
    value_high: str
    decimals: int

    @property
    def number(self) -> Decimal:
        """The printed value as an exact decimal."""
        return Decimal(self.value)

    @property
    def number_high(self) -> Decimal | None:
        """Upper bound of a ``range`` row, else None."""
        return Decimal(self.value_high) if self.value_high else None

    @property
    def is_firm_derivable(self) -> bool:
        """Whether the number is computed from firm data (``derivable = firm``)."""
        return self.derivable == "firm"

    @property
    def is_consistent(self) -> bool:
        """Whether the seed agrees with itself on this number (``status = consistent``)."""
        return self.status == "consistent"

    @property
    def printed(self) -> str:
        """The published value as printed; a range as ``low–high`` (en dash)."""
        if self.comparator is Comparator.RANGE and self.value_high:
            return f"{self.value}\u2013{self.value_high}"
        return self.value


def parse_numbers(path: Path) -> tuple[PublishedNumber, ...]:
    """Read a ``numbers.csv`` file into records, in file order.

    Args:
        path: The CSV file (UTF-8, header row, the columns of published/README.md).

    Returns:
        One record per row.

    Raises:
        ValueError: a column is missing or a comparator or decimals cell is invalid.
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    return _records(table)


@cache
def load_published() -> tuple[PublishedNumber, ...]:
    """The shipped ``numbers.csv`` as records (cached; the file does not change at run time)."""
    return _records(read_reference_csv(NUMBERS_FILE))


def published_path() -> Path:
    """Filesystem path of the shipped ``numbers.csv``."""
    return reference_path(NUMBERS_FILE)


def _records(table: pd.DataFrame) -> tuple[PublishedNumber, ...]:
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"numbers.csv lacks the columns {', '.join(missing)}")
    rows = []
    for record in table[list(COLUMNS)].to_dict("records"):
        cells = {str(k): str(v) for k, v in record.items()}
        rows.append(
            PublishedNumber(
                number_id=cells["number_id"],
                chart_id=cells["chart_id"],
                label_zh=cells["label_zh"],
                label_en=cells["label_en"],
                scope=cells["scope"],
                statistic=cells["statistic"],
                field=cells["field"],
                value=cells["value"],
                unit=cells["unit"],
                comparator=Comparator(cells["comparator"]),
                derivable=cells["derivable"],
                status=cells["status"],
                note=cells["note"],
                value_high=cells["value_high"],
                decimals=int(cells["decimals"] or 0),
            )
        )
    return tuple(rows)


def firm_rows(numbers: tuple[PublishedNumber, ...]) -> tuple[PublishedNumber, ...]:
    """The rows ``reproduce`` handles: ``derivable = firm``, in file order."""
    return tuple(n for n in numbers if n.is_firm_derivable)
