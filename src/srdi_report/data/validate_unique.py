"""Uniqueness rules: U01 (duplicate firm_id) and U02 (same name and province, other id)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from srdi_report.data.validate_context import ProblemSink, rows_text


def _other_rows(sink: ProblemSink, keys: pd.Series) -> Callable[[int], str]:
    """A lazy look-up: position → text naming the other rows with the same key."""
    rows_of = sink.typed.source_rows
    members: dict[object, list[int]] = {}
    for position, key in zip(keys.index.tolist(), keys.tolist(), strict=True):
        members.setdefault(key, []).append(int(position))

    def text(position: int) -> str:
        own_key = keys.loc[position]
        others = [p for p in members[own_key] if p != position]
        return rows_text(int(rows_of[p]) for p in others)

    return text


def check_duplicate_ids(sink: ProblemSink) -> None:
    """U01: every row whose firm_id occurs more than once, naming the other rows."""
    if not sink.has("firm_id"):
        return
    ids = sink.frame["firm_id"]
    duplicated = ids.notna() & ids.duplicated(keep=False)
    mask = duplicated.to_numpy(dtype=bool)
    if not mask.any():
        return
    others = _other_rows(sink, ids[mask])
    sink.per_row("U01", "firm_id", mask, lambda p: {"rows": others(p)})


def check_double_entries(sink: ProblemSink) -> None:
    """U02: rows sharing name_zh and province but with different firm_ids."""
    if not sink.has("name_zh", "province", "firm_id"):
        return
    frame = sink.frame
    # Hashing one column first leaves only the few rows with a repeated name to compare.
    repeated = frame["name_zh"].duplicated(keep=False).to_numpy(dtype=bool)
    if not repeated.any():
        return
    keyed = frame.loc[repeated, ["name_zh", "province", "firm_id"]].dropna()
    candidates = keyed[keyed.duplicated(["name_zh", "province"], keep=False)]
    if candidates.empty:
        return
    distinct_ids = candidates.groupby(["name_zh", "province"], sort=True)["firm_id"].transform(
        "nunique"
    )
    suspects = candidates[distinct_ids > 1]
    if suspects.empty:
        return
    # Rows of the same firm_id inside a group are U01's business; name the rows of other ids.
    rows_of = sink.typed.source_rows
    members: dict[tuple[object, object], list[tuple[int, object]]] = {}
    for position, name, province, firm_id in suspects.itertuples(index=True, name=None):
        members.setdefault((name, province), []).append((int(position), firm_id))

    def other_ids(position: int) -> str:
        name, province, own = suspects.loc[position, ["name_zh", "province", "firm_id"]]
        group = members[(name, province)]
        return rows_text(int(rows_of[p]) for p, firm_id in group if firm_id != own)

    mask = np.zeros(len(frame), dtype=bool)
    mask[suspects.index.to_numpy()] = True
    sink.per_row("U02", "name_zh", mask, lambda p: {"rows": other_ids(p)})


def check_unique(sink: ProblemSink) -> None:
    """Run U01 and U02."""
    check_duplicate_ids(sink)
    check_double_entries(sink)
