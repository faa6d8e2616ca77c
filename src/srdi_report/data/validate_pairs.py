"""Rules across two snapshots of the same population: Y01–Y05 (data_schema.md §3.2).

Firms are matched by firm_id. Each Y03–Y05 finding is one line per column, located at the
current file's row of the first firm concerned (in the current file's row order).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd

from srdi_report.data.validate_context import mask_of, number_text
from srdi_report.data.validate_messages import problem
from srdi_report.errors import Location, Problem

MISSING_SHARE_MAX = 0.10  # Y02: more than this share of earlier ids gone suggests a new id scheme
CUMULATIVE = (
    "patents_total",
    "invention_applications",
    "invention_grants",
    "utility_models",
    "designs",
    "pct_applications",
    "foreign_patents",
    "software_copyrights",
    "invention_citations",
    "patent_citations",
)
STABLE = ("founded_date", "lg_batch")
FISCAL_PREFIXES = ("rd_ratio_", "revenue_growth_")
RESTATEMENT_TOLERANCE = 1e-9  # fiscal values are compared as written; floats may differ in ulps


class Snapshot(Protocol):
    """What the Y rules need of a loaded snapshot (TypedFirms and the loader's result)."""

    @property
    def frame(self) -> pd.DataFrame:
        """The canonical frame."""

    @property
    def source_rows(self) -> npt.NDArray[np.int64]:
        """Spreadsheet row per frame row."""

    @property
    def headers(self) -> Mapping[str, str]:
        """Canonical name → header as written."""

    @property
    def file_label(self) -> str:
        """The file as given."""

    @property
    def snapshot_date(self) -> date:
        """The snapshot date."""


def _label(snapshot: Snapshot, column: str) -> str:
    written = snapshot.headers.get(column, column)
    return column if written == column else f"{written}={column}"


def _plural(n: int) -> dict[str, str]:
    return {"firms": f"{n:,}", "s": "" if n == 1 else "s"}


def _matched(previous: Snapshot, current: Snapshot, columns: list[str]) -> pd.DataFrame:
    """Firms present in both snapshots: current position and both values of ``columns``."""
    before = previous.frame[["firm_id", *columns]].dropna(subset=["firm_id"])
    after = current.frame[["firm_id", *columns]].dropna(subset=["firm_id"])
    before = before.drop_duplicates("firm_id")
    after = after.assign(position=np.arange(len(after))).drop_duplicates("firm_id")
    joined = after.merge(before, on="firm_id", how="inner", suffixes=("", "__before"))
    return joined.sort_values("position", kind="stable")


def _changed_lines(
    previous: Snapshot,
    current: Snapshot,
    message_id: str,
    columns: list[str],
    changed: str,
) -> list[Problem]:
    """One line per column where ``changed`` (``decreased`` or ``differs``) holds for a firm."""
    if not columns:
        return []
    joined = _matched(previous, current, columns)
    found = []
    for column in columns:
        after, before = joined[column], joined[f"{column}__before"]
        both = mask_of(after.notna() & before.notna())
        if changed == "decreased":
            mask = both & mask_of(after < before)
        elif pd.api.types.is_float_dtype(after.dtype):
            gap = (after.astype("Float64") - before.astype("Float64")).abs()
            mask = both & mask_of(gap > RESTATEMENT_TOLERANCE)
        else:
            mask = both & mask_of(after != before)
        hits = np.flatnonzero(mask)
        if hits.size == 0:
            continue
        first = joined.iloc[int(hits[0])]
        position = int(first["position"])
        location = Location(
            current.file_label, int(current.source_rows[position]), _label(current, column)
        )
        found.append(
            problem(
                message_id,
                location,
                number_text(first[column]),
                previous=previous.snapshot_date.isoformat(),
                firm_id=str(first["firm_id"]),
                before=number_text(first[f"{column}__before"]),
                after=number_text(first[column]),
                **_plural(int(hits.size)),
            )
        )
    return found


def validate_pair(previous: Snapshot, current: Snapshot) -> list[Problem]:
    """The Y rules between an earlier and a later snapshot of the same population.

    Args:
        previous: the earlier snapshot.
        current: the later snapshot.

    Returns:
        The problems, sorted; after a Y01 error nothing else is compared (the pair is wrong).
    """
    if previous.snapshot_date >= current.snapshot_date:
        location = Location(previous.file_label, None, _label(previous, "snapshot_date"))
        return [
            problem(
                "Y01",
                location,
                previous.snapshot_date.isoformat(),
                previous=previous.snapshot_date.isoformat(),
                current=current.snapshot_date.isoformat(),
            )
        ]
    found: list[Problem] = []
    before_ids = previous.frame["firm_id"].dropna().unique()
    missing = int((~pd.Index(before_ids).isin(current.frame["firm_id"].dropna())).sum())
    if before_ids.size and missing > MISSING_SHARE_MAX * before_ids.size:
        found.append(
            problem(
                "Y02",
                Location(current.file_label, None, _label(current, "firm_id")),
                None,
                missing=f"{missing:,}",
                total=f"{before_ids.size:,}",
                previous=previous.file_label,
                share=f"{missing / before_ids.size:.1%}",
            )
        )

    def shared(names: list[str]) -> list[str]:
        return [c for c in names if c in previous.frame.columns and c in current.frame.columns]

    fiscal = sorted(
        c for c in current.frame.columns if c.startswith(FISCAL_PREFIXES) and c[-4:].isdigit()
    )
    found += _changed_lines(previous, current, "Y03", shared(list(CUMULATIVE)), "decreased")
    found += _changed_lines(previous, current, "Y04", shared(list(STABLE)), "differs")
    found += _changed_lines(previous, current, "Y05", shared(fiscal), "differs")
    return sorted(found, key=Problem.sort_key)
