"""(a) The metric diff table (editions.md §3.1): two editions' observations aligned by key.

The same function diffs our own manifests and the transcribed published editions; everything it
needs is on the observations (value, unit, definition hash, population rule, supersedes).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from srdi_report.editions.diff.model import (
    PERCENT,
    RANK,
    EditionSide,
    MetricDiffRow,
    Observation,
    ObservationKey,
)

# Cut-offs further from 12 months apart than this get the interval note (editions.md §3.1).
CUTOFF_TOLERANCE_DAYS = 15
NOTE_POPULATION = "population restated"
NOTE_SUPPRESSED = "suppressed"


def months_apart(old: str, new: str) -> int | None:
    """Whole months between two ISO dates, None when either is unknown or unparsable."""
    try:
        a, b = date.fromisoformat(old[:10]), date.fromisoformat(new[:10])
    except ValueError:
        return None
    return round((b - a).days / 30.4375)


def cutoff_note(old: str, new: str) -> str:
    """``cut-offs N months apart`` when the interval is not 12 months ± 15 days, else ""."""
    try:
        a, b = date.fromisoformat(old[:10]), date.fromisoformat(new[:10])
    except ValueError:
        return ""
    try:
        anniversary = a.replace(year=a.year + 1)
    except ValueError:  # 29 February
        anniversary = a.replace(year=a.year + 1, day=28)
    if abs((b - anniversary).days) <= CUTOFF_TOLERANCE_DAYS:
        return ""
    return f"cut-offs {months_apart(old, new)} months apart"


def _changes(
    old: Observation, new: Observation
) -> tuple[float | None, float | None, float | None, float | None, str]:
    """abs, pct, pp and rank change, and the status (``both`` or ``from zero``)."""
    if old.value is None or new.value is None or old.suppressed or new.suppressed:
        return None, None, None, None, "both"
    delta = new.value - old.value
    unit = new.unit or old.unit
    if unit == PERCENT:
        return delta, None, delta, None, "both"
    if unit == RANK:
        return delta, None, None, old.value - new.value, "both"
    if old.value == 0:
        return delta, None, None, None, "from zero"
    return delta, delta / abs(old.value) * 100.0, None, None, "both"


def _row(
    old: Observation | None,
    new: Observation | None,
    status: str,
    cutoff: str,
) -> MetricDiffRow:
    either = new or old
    assert either is not None
    abs_c = pct = pp = rank = None
    definition_changed = status == "superseded"
    restated = False
    if old is not None and new is not None:
        abs_c, pct, pp, rank, kind = _changes(old, new)
        if status == "both":
            status = kind
        if old.definition_hash and new.definition_hash:
            definition_changed |= old.definition_hash != new.definition_hash
        restated = bool(
            old.population_rule
            and new.population_rule
            and old.population_rule != new.population_rule
        )
    notes: list[str] = []
    comparable = "yes"
    if definition_changed:
        comparable = "no"
    elif restated:
        comparable = "restated"
        notes.append(NOTE_POPULATION)
    if old is None or new is None:
        comparable = ""
    if cutoff and either.cumulative:
        notes.append(cutoff)
    if (old is not None and old.suppressed) or (new is not None and new.suppressed):
        notes.append(NOTE_SUPPRESSED)
    return MetricDiffRow(
        key=either.key,
        labels=either.labels,
        unit=either.unit,
        old_value=old.value if old else None,
        new_value=new.value if new else None,
        abs_change=abs_c,
        pct_change=pct,
        pp_change=pp,
        rank_change=rank,
        old_n=old.n if old else None,
        new_n=new.n if new else None,
        status=status,
        definition_changed=definition_changed,
        definition_note=(new.definition_note if new else either.definition_note),
        comparable=comparable,
        suppressed_old=bool(old and old.suppressed),
        suppressed_new=bool(new and new.suppressed),
        notes=tuple(notes),
        exhibits_old=old.exhibits if old else (),
        exhibits_new=new.exhibits if new else (),
        cumulative=either.cumulative,
    )


def _index(observations: Iterable[Observation]) -> dict[ObservationKey, Observation]:
    out: dict[ObservationKey, Observation] = {}
    for obs in observations:
        out.setdefault(obs.key, obs)
    return out


def metric_diff(old: EditionSide, new: EditionSide) -> tuple[MetricDiffRow, ...]:
    """Align two editions' observations and compute every change (editions.md §3.1).

    Rows present in both come first, in the new edition's reading order; a new metric that
    names an old one in ``supersedes`` is paired with it (``superseded``, not comparable);
    the rest are ``only_new`` (in reading order) and then ``only_old`` (removed) at the end.

    Args:
        old: The earlier edition.
        new: The later edition.

    Returns:
        One row per key printed in either edition.
    """
    before, after = _index(old.observations), _index(new.observations)
    cutoff = cutoff_note(old.cutoff, new.cutoff)
    rows: list[tuple[int, int, MetricDiffRow]] = []
    used: set[ObservationKey] = set()
    for key, obs in after.items():
        if key in before:
            rows.append((0, obs.order, _row(before[key], obs, "both", cutoff)))
            used.add(key)
            continue
        if obs.supersedes:
            former = ObservationKey(obs.supersedes, key.scope, key.group_key, key.column)
            if former in before and former not in after:
                rows.append((0, obs.order, _row(before[former], obs, "superseded", cutoff)))
                used.add(former)
                continue
        rows.append((0, obs.order, _row(None, obs, "only_new", cutoff)))
    for key, obs in before.items():
        if key not in used:
            rows.append((1, obs.order, _row(obs, None, "only_old", cutoff)))
    rows.sort(key=lambda r: (r[0], r[1], r[2].key.text()))
    return tuple(r[2] for r in rows)
