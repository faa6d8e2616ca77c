"""The national Little Giant batches (reference ``lg_batches.csv``): batch → year.

Used by R05 (the latest batch issued by a snapshot date) and X16 (recognition year = batch
year). The reference has the columns ``batch`` and ``year``; an optional ``announced`` column
(ISO date of the list's publication) makes "issued by the snapshot date" exact. Without it a
batch counts as issued from 1 January of its year, so that no valid row is ever rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from srdi_report.data.reference_files import read_reference_csv


@dataclass(frozen=True)
class Batch:
    """One national batch: its number, year and (if known) announcement date."""

    number: int
    year: int
    announced: date | None = None

    @property
    def issued(self) -> date:
        """The date from which the batch exists (announcement, else 1 January of its year)."""
        return self.announced or date(self.year, 1, 1)


@dataclass(frozen=True)
class BatchCalendar:
    """The batches in number order."""

    batches: tuple[Batch, ...]

    def latest_by(self, day: date) -> int:
        """Highest batch number issued on or before ``day`` (0 if none)."""
        issued = [b.number for b in self.batches if b.issued <= day]
        return max(issued, default=0)

    def year_of(self) -> dict[int, int]:
        """Batch number → year."""
        return {b.number: b.year for b in self.batches}


@lru_cache(maxsize=1)
def load_batches() -> BatchCalendar:
    """The shipped batch calendar (cached)."""
    table = read_reference_csv("lg_batches")
    batches = []
    for row in table.to_dict("records"):
        announced = row.get("announced", "")
        batches.append(
            Batch(
                number=int(row["batch"]),
                year=int(row["year"]),
                announced=date.fromisoformat(announced) if announced else None,
            )
        )
    return BatchCalendar(tuple(sorted(batches, key=lambda b: b.number)))
