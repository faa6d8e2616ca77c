"""Arithmetic relations between printed numbers, found when the manifest is built.

The consistency checks (editions.md §4, C1–C3 and C5) need to know which printed numbers are
derived from which: a multiple from two means, a pp gap from two shares, a group sum from its
members, and which categories partition one population. A number run carries its value but not
its inputs, so the relations are found here from the unrounded values, which the build holds
exactly: a printed number equal (to 1e-9, relative) to a / b, a / b - 1 or a - b of two other
numbers printed beside it (the same table row or the same sentence), or to the sum of a run of
shares printed just before it in the same sentence; and a table's categories whose unrounded
shares sum to one, or whose counts sum to the metric's firm count. A relation is only recorded
when it holds on the unrounded values, so the checks then test what a reader sees: the printed
values, at their printed precision.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from srdi_report.editions.manifest import NumberEntry
    from srdi_report.metrics.result import MetricResult

RELATIVE_TOLERANCE = 1e-9
# Kinds a derived number can have, and the kinds its operands can have.
DERIVED_KINDS = frozenset({"ratio", "pp", "pp_number", "share", "value", "score"})
OPERAND_KINDS = frozenset({"share", "count", "value", "money_wan", "money_yi", "score", "ratio"})
SHARE_KINDS = frozenset({"share"})
MAX_SUM_MEMBERS = 12
MIN_SUM_MEMBERS = 2


@dataclass(frozen=True)
class RelationEntry:
    """An arithmetic relation between printed numbers, found at build time (the checks' input).

    Attributes:
        relation_id: ``<kind>:<place>:<result or first input>``.
        kind: ``partition`` (inputs are the categories of one population), ``ratio``
            (result = a / b), ``uplift`` (result = a / b - 1), ``difference`` (result = a - b)
            or ``sum`` (result = the sum of the inputs).
        place: Where the numbers are printed.
        result: Number id of the printed result ("" for a partition).
        inputs: Number ids of the operands, in order.
        total: A partition's unrounded total (1.0 for shares, the population count for
            counts); None for the other kinds.
        label: What the relation covers (``result_key/column/dimension``), for messages.
    """

    relation_id: str
    kind: str
    place: str
    result: str
    inputs: tuple[str, ...]
    total: float | None = None
    label: str = ""


def find_relations(
    numbers: Sequence[NumberEntry], results: Mapping[str, MetricResult] | None = None
) -> tuple[RelationEntry, ...]:
    """Every partition, ratio, uplift, difference and sum relation among printed numbers.

    Args:
        numbers: The manifest's numbers, in reading order.
        results: Metric results by result key (partitions need the full tables); None skips
            partitions.

    Returns:
        Relations sorted by id.
    """
    usable = [n for n in numbers if _usable(n)]
    found: dict[str, RelationEntry] = {}
    for rel in _derived(usable):
        found.setdefault(rel.relation_id, rel)
    for rel in _sums(usable):
        found.setdefault(rel.relation_id, rel)
    if results is not None:
        for rel in _partitions(usable, results):
            found.setdefault(rel.relation_id, rel)
    return tuple(found[k] for k in sorted(found))


def _usable(entry: NumberEntry) -> bool:
    # One language's extra printing (@zh) is left to C14; years and ranks are never operands.
    return (
        entry.value is not None
        and not entry.suppressed
        and math.isfinite(entry.value)
        and "@" not in entry.number_id.rsplit("#", 1)[-1]
        and entry.kind not in ("year", "rank")
    )


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12)


def _neighbourhoods(numbers: Sequence[NumberEntry]) -> list[list[NumberEntry]]:
    """Numbers printed beside each other: one sentence, or one table row (same group key)."""
    groups: dict[tuple[str, str], list[NumberEntry]] = defaultdict(list)
    for entry in numbers:
        row = entry.group_key if entry.place.endswith("/cells") else ""
        if entry.place.endswith("/cells") and not row:
            continue
        groups[(entry.place, row)].append(entry)
    return [g for _, g in sorted(groups.items()) if len(g) >= 3]


def _derived(numbers: Sequence[NumberEntry]) -> list[RelationEntry]:
    out: list[RelationEntry] = []
    for group in _neighbourhoods(numbers):
        for result in group:
            if result.kind not in DERIVED_KINDS or result.value is None:
                continue
            target = result.value
            for a in group:
                for b in group:
                    if a is b or result in (a, b) or a.value is None or b.value is None:
                        continue
                    if a.kind not in OPERAND_KINDS or b.kind not in OPERAND_KINDS:
                        continue
                    kind = _operation(target, a.value, b.value, result.kind, a.kind, b.kind)
                    if kind:
                        out.append(
                            RelationEntry(
                                relation_id=f"{kind}:{result.place}:{result.number_id}",
                                kind=kind,
                                place=result.place,
                                result=result.number_id,
                                inputs=(a.number_id, b.number_id),
                            )
                        )
                        break
                else:
                    continue
                break
    return out


def _operation(target: float, a: float, b: float, kind: str, ka: str, kb: str) -> str:
    """Which operation on (a, b) gives ``target`` ("" none), checked in a fixed order."""
    if target == 0 or a == b:
        return ""  # 0 = a - a and a / a - 1 would match anything equal
    # A share derived as count / count, a multiple as mean / mean: operands of one kind, and
    # never multiples themselves (53 / 17.7 = 3 restates a row, it does not derive a number).
    same = ka == kb and ka != "ratio" and (kind != "share" or ka != "share")
    if b != 0 and same and kind in ("ratio", "share", "value", "score") and _close(target, a / b):
        return "ratio"
    if b != 0 and kind in ("share", "pp") and ka == kb and _close(target, a / b - 1):
        return "uplift"
    if kind in ("pp", "pp_number") and ka == kb == "share" and _close(target, abs(a - b)):
        return "difference"
    return ""


def _sums(numbers: Sequence[NumberEntry]) -> list[RelationEntry]:
    """A share in prose equal to the sum of a run of shares printed just before it."""
    by_place: dict[str, list[NumberEntry]] = defaultdict(list)
    for entry in numbers:
        if not entry.place.endswith("/cells"):
            by_place[entry.place].append(entry)
    out: list[RelationEntry] = []
    for place, entries in sorted(by_place.items()):
        for i, result in enumerate(entries):
            if result.kind not in SHARE_KINDS or result.value is None:
                continue
            total = 0.0
            members: list[NumberEntry] = []
            for member in reversed(entries[max(0, i - MAX_SUM_MEMBERS) : i]):
                if member.kind not in SHARE_KINDS or member.value is None:
                    break
                total += member.value
                members.insert(0, member)
                if len(members) >= MIN_SUM_MEMBERS and _close(total, result.value):
                    out.append(
                        RelationEntry(
                            relation_id=f"sum:{place}:{result.number_id}",
                            kind="sum",
                            place=place,
                            result=result.number_id,
                            inputs=tuple(m.number_id for m in members),
                        )
                    )
                    break
    return out


def _split_key(group_key: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in group_key.split(";") if "=" in part)


def _partitions(
    numbers: Sequence[NumberEntry], results: Mapping[str, MetricResult]
) -> list[RelationEntry]:
    """Categories of one table printed in full whose shares sum to one (or counts to n)."""
    cells: dict[tuple[str, str, str], dict[str, NumberEntry]] = defaultdict(dict)
    for entry in numbers:
        known = entry.result_key in results and entry.column and entry.group_key
        if known and entry.kind in ("share", "count"):
            key = (entry.place, entry.result_key, entry.column)
            cells[key].setdefault(entry.group_key, entry)
    out: list[RelationEntry] = []
    for (place, result_key, column), printed in sorted(cells.items()):
        result = results[result_key]
        table = result.table
        if column not in table.columns:
            continue
        keys = {gk: _split_key(gk) for gk in printed}
        dims = list(next(iter(keys.values())))
        for dim in dims:
            fixed_groups: dict[tuple[tuple[str, str], ...], list[str]] = defaultdict(list)
            for gk, parts in keys.items():
                fixed = tuple((d, parts.get(d, "")) for d in dims if d != dim)
                fixed_groups[fixed].append(gk)
            found = False
            for fixed, members in sorted(fixed_groups.items()):
                if len(members) < 2:
                    continue
                rows = table
                for d, v in fixed:
                    if d not in rows.columns:
                        break
                    rows = rows[rows[d].astype(str) == v]
                else:
                    if dim not in rows.columns:
                        continue
                    categories = {str(v) for v in rows[dim]}
                    if categories != {keys[m][dim] for m in members}:
                        continue
                    total = math.fsum(float(v) for v in rows[column] if _finite(v))
                    kind = printed[members[0]].kind
                    n_firms = float(result.provenance.n_firms)
                    if kind == "share" and abs(total - 1.0) < 1e-6:
                        whole = 1.0
                    elif kind == "count" and not fixed and _close(total, n_firms):
                        whole = n_firms
                    else:
                        continue
                    ids = tuple(printed[m].number_id for m in members)
                    label = f"{result_key}/{column}/{dim}"
                    suffix = ";".join(f"{d}={v}" for d, v in fixed)
                    out.append(
                        RelationEntry(
                            relation_id=f"partition:{place}:{label}[{suffix}]",
                            kind="partition",
                            place=place,
                            result="",
                            inputs=ids,
                            total=whole,
                            label=label,
                        )
                    )
                    found = True
            if found:
                break
    return out


def _finite(value: object) -> bool:
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
