"""An edition manifest as the diff's observations (one per metric, scope, group and column).

A number printed in several places (summary, body, table cell) is one observation: its value is
the same unrounded value everywhere (consistency check C4), and its places are collected as the
exhibits that print it. A number computed in a template (no metric id) keeps its own stable
number id as the key, so it still aligns across years.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from srdi_report.editions.diff.model import PERCENT, RANK, EditionSide, Observation, ObservationKey
from srdi_report.editions.manifest import ExhibitEntry, Manifest, NumberEntry

# Number kinds printed as percentages (values stored as fractions) and their diff unit.
_PERCENT_KINDS = frozenset({"share"})
_PP_KINDS = frozenset({"pp"})
_COUNT_KINDS = frozenset({"count", "approx_count"})
COMPUTED = "computed"
# Count columns that are stocks of firms (N6 narrates any fall); medians printed as counts are not.
STOCK_COLUMNS = frozenset({"firms", "national", "provincial", "count", "n"})


def unit_of(kind: str) -> str:
    """The diff unit of a number kind: ``percent``, ``pp``, ``rank``, ``count`` or the kind."""
    if kind in _PERCENT_KINDS:
        return PERCENT
    if kind in _PP_KINDS:
        return "pp"
    if kind == "rank":
        return RANK
    if kind in _COUNT_KINDS:
        return "count"
    return kind


def _scaled(entry: NumberEntry) -> float | None:
    if entry.value is None:
        return None
    if entry.kind in _PERCENT_KINDS or entry.kind in _PP_KINDS:
        return entry.value * 100.0
    return entry.value


_YEAR = re.compile(r"\byear=(\d{4})\b")


def relative_years(group_key: str, year: int) -> str:
    """``year=2024`` in an edition of 2026 → ``year=Y-2``: relative years align across editions."""
    return _YEAR.sub(lambda m: f"year=Y{int(m.group(1)) - year:+d}", group_key)


def number_key(entry: NumberEntry, year: int = 0) -> ObservationKey:
    """The alignment key of a printed number (module docstring).

    Metrics bound to relative years (the last three fiscal years) keep their key across
    editions: a ``year=`` group is written relative to the edition ``year`` (when given).
    """
    if not entry.metric_id:
        base, _, k = entry.number_id.rpartition("#")
        return ObservationKey(COMPUTED, "", base, k)
    if not entry.group_key and not entry.column:
        base, _, k = entry.number_id.rpartition("#")
        return ObservationKey(entry.metric_id, entry.scope, f"@{base}", k)
    group = relative_years(entry.group_key, year) if year else entry.group_key
    return ObservationKey(entry.metric_id, entry.scope, group, entry.column)


def exhibit_of_place(place: str, known: Mapping[str, ExhibitEntry]) -> str:
    """The exhibit id of a ``<exhibit>/cells`` place, else ""."""
    head, _, tail = place.partition("/")
    return head if tail.startswith("cells") and head in known else ""


def edition_side(manifest: Manifest) -> EditionSide:
    """The diff's view of one edition manifest."""
    exhibits = {e.exhibit_id: e for e in manifest.exhibits}
    by_metric: dict[str, list[str]] = {}
    for e in sorted(manifest.exhibits, key=lambda e: e.number):
        for metric in e.metric_ids:
            by_metric.setdefault(metric, []).append(e.exhibit_id)
    n_by_result = {m.result_key: m.n_firms for m in manifest.metrics}
    grouped: dict[ObservationKey, list[tuple[int, NumberEntry]]] = {}
    for i, entry in enumerate(manifest.numbers):
        grouped.setdefault(number_key(entry, manifest.identity.year), []).append((i, entry))
    observations = []
    for key, entries in grouped.items():
        order, first = entries[0]
        printed_in = [exhibit_of_place(e.place, exhibits) for _, e in entries]
        ids = list(dict.fromkeys(x for x in printed_in if x))
        if not ids and first.metric_id:
            ids = by_metric.get(first.metric_id, [])[:1]
        labels: Mapping[str, str] = exhibits[ids[0]].titles if ids else {}
        value = next((_scaled(e) for _, e in entries if e.value is not None), None)
        unit = unit_of(first.kind)
        observations.append(
            Observation(
                key=key,
                value=value,
                unit=unit,
                labels=labels,
                n=n_by_result.get(first.result_key),
                suppressed=any(e.suppressed for _, e in entries),
                cumulative=unit == "count" and key.column in STOCK_COLUMNS,
                exhibits=tuple(ids),
                order=order,
            )
        )
    identity = manifest.identity
    return EditionSide(
        name=identity.edition_id,
        year=identity.year,
        cutoff=identity.snapshot_date,
        label=str(identity.year),
        observations=tuple(observations),
        exhibit_order=tuple(
            e.exhibit_id for e in sorted(manifest.exhibits, key=lambda e: e.number)
        ),
    )
