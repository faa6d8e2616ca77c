"""C1 derived arithmetic, C2 partition sums, C3 group-sum claims, C5 denominators.

All four read the manifest's relations (``manifest_relations``): which printed numbers are
derived from which, and which categories partition a population. Each is tested twice: on the
unrounded values (the relation must still hold), and as a reader would, on the printed values
by interval arithmetic (every printed input stands for the interval of values that round to
it; the printed result must be reachable from those intervals at its own precision).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from srdi_report.editions.checks.core import ERROR, N_, CheckContext, Finding, check, finding
from srdi_report.editions.checks.printed import (
    exact_units,
    half_unit,
    printed_units,
    scale_of,
)
from srdi_report.editions.manifest import Manifest, NumberEntry
from srdi_report.editions.manifest_relations import RelationEntry

MSG_DERIVED = N_("%(number)s prints %(printed)s, but %(op)s of its inputs gives %(expected)s")
MSG_INTERVAL = N_(
    "%(number)s prints %(printed)s, which no values behind the printed inputs can give "
    "(%(low)s to %(high)s)"
)
MSG_PARTITION_SHARES = N_("the %(n)s shares of %(what)s sum to %(total)s%%, not 100%%")
MSG_PARTITION_COUNTS = N_("the %(n)s counts of %(what)s sum to %(total)s, not %(expected)s")
MSG_GROUP_SUM = N_("%(number)s states a sum %(printed)s, but its members sum to %(expected)s")
MSG_DENOMINATOR = N_(
    "%(number)s prints a share %(printed)s of %(denominator)s, which does not give "
    "the printed count %(count)s"
)

# Operands printed approximately ("about 12,300") are not intervals a reader can bound.
APPROX_KINDS = frozenset({"approx_count"})
OPERATIONS = {"ratio": "a / b", "uplift": "a / b - 1", "difference": "a - b", "sum": "the sum"}


def _numbers(manifest: Manifest) -> Mapping[str, NumberEntry]:
    return {n.number_id: n for n in manifest.numbers}


def _first(entry: NumberEntry) -> str:
    return next(iter(entry.printed.values()), "")


Interval = tuple[Decimal, Decimal]


def _interval(entry: NumberEntry) -> Interval | None:
    """Values (in stored units) that print like ``entry``."""
    units = printed_units(entry)
    if units is None or entry.kind in APPROX_KINDS:
        return None
    half = half_unit(entry.digits)
    scale = scale_of(entry.kind)
    return (units - half) / scale, (units + half) / scale


def _divide(a: Interval, b: Interval) -> Interval | None:
    if b[0] <= 0 <= b[1]:
        return None  # a denominator that may be zero bounds nothing
    candidates = [a[0] / b[0], a[0] / b[1], a[1] / b[0], a[1] / b[1]]
    return min(candidates), max(candidates)


def _reachable(rel: RelationEntry, inputs: list[Interval]) -> Interval | None:
    if rel.kind == "sum":
        return sum((i[0] for i in inputs), Decimal(0)), sum((i[1] for i in inputs), Decimal(0))
    if len(inputs) != 2:
        return None
    a, b = inputs
    if rel.kind == "ratio":
        return _divide(a, b)
    if rel.kind == "uplift":
        q = _divide(a, b)
        return None if q is None else (q[0] - 1, q[1] - 1)
    if rel.kind == "difference":
        low, high = a[0] - b[1], a[1] - b[0]
        if low <= 0 <= high:
            return Decimal(0), max(-low, high)
        return (low, high) if low > 0 else (-high, -low)
    return None


def _exact(rel: RelationEntry, values: list[Decimal]) -> Decimal | None:
    if rel.kind == "sum":
        return sum(values, Decimal(0))
    if len(values) != 2 or (rel.kind in ("ratio", "uplift") and values[1] == 0):
        return None
    a, b = values
    if rel.kind == "ratio":
        return a / b
    if rel.kind == "uplift":
        return a / b - 1
    return abs(a - b)


def _stored(entry: NumberEntry) -> Decimal | None:
    units = exact_units(entry)
    return None if units is None else units / scale_of(entry.kind)


def _derived_findings(
    spec: str, rel: RelationEntry, by_id: Mapping[str, NumberEntry]
) -> Iterator[Finding]:
    result = by_id.get(rel.result)
    operands = [by_id.get(i) for i in rel.inputs]
    if result is None or any(o is None for o in operands) or result.value is None:
        return
    entries = [o for o in operands if o is not None]
    stored = [_stored(o) for o in entries]
    printed = printed_units(result)
    if printed is None or any(v is None for v in stored):
        return
    scale = scale_of(result.kind)
    half = half_unit(result.digits)
    exact = _exact(rel, [v for v in stored if v is not None])
    message = MSG_GROUP_SUM if spec == "C3" else MSG_DERIVED
    if exact is not None and abs(exact * scale - printed) > half * Decimal("1.000001"):
        expected = f"{exact * scale:.{result.digits + 2}f}"
        yield finding(
            spec,
            (rel.result, *rel.inputs),
            _first(result),
            expected,
            message,
            number=rel.result,
            printed=_first(result),
            op=OPERATIONS.get(rel.kind, rel.kind),
            expected=expected,
        )
        return
    intervals = [_interval(o) for o in entries]
    if any(i is None for i in intervals):
        return
    reach = _reachable(rel, [i for i in intervals if i is not None])
    if reach is None:
        return
    low, high = reach[0] * scale, reach[1] * scale
    if printed + half < low or printed - half > high:
        yield finding(
            spec,
            (rel.result, *rel.inputs),
            _first(result),
            f"{low:.{result.digits + 1}f}–{high:.{result.digits + 1}f}",
            MSG_INTERVAL,
            number=rel.result,
            printed=_first(result),
            low=f"{low:.{result.digits + 1}f}",
            high=f"{high:.{result.digits + 1}f}",
        )


def _is_denominator(rel: RelationEntry, by_id: Mapping[str, NumberEntry]) -> bool:
    result = by_id.get(rel.result)
    operands = [by_id.get(i) for i in rel.inputs]
    return (
        rel.kind == "ratio"
        and result is not None
        and result.kind == "share"
        and all(o is not None and o.kind == "count" for o in operands)
    )


@check("C1", ERROR, "derived arithmetic")
def derived(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Ratios, multiples, uplifts and differences recompute from their inputs."""
    by_id = _numbers(manifest)
    for rel in manifest.relations:
        if rel.kind not in ("ratio", "uplift", "difference") or context.exempt(rel.place):
            continue
        if _is_denominator(rel, by_id):
            continue  # a share of a count is C5's
        yield from _derived_findings("C1", rel, by_id)


@check("C3", ERROR, "group-sum claims")
def group_sums(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """A stated sum equals the sum of exactly its members, within rounding."""
    by_id = _numbers(manifest)
    for rel in manifest.relations:
        if rel.kind == "sum" and not context.exempt(rel.place):
            yield from _derived_findings("C3", rel, by_id)


@check("C5", ERROR, "denominators")
def denominators(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Printed share × printed denominator rounds to the printed count."""
    by_id = _numbers(manifest)
    for rel in manifest.relations:
        if context.exempt(rel.place) or not _is_denominator(rel, by_id):
            continue
        for found in _derived_findings("C5", rel, by_id):
            count, denominator = (by_id[i] for i in rel.inputs)
            yield Finding(
                check_id=found.check_id,
                severity=found.severity,
                places=found.places,
                printed=found.printed,
                expected=found.expected,
                message=MSG_DENOMINATOR,
                args=(
                    ("count", _first(count)),
                    ("denominator", _first(denominator)),
                    ("number", rel.result),
                    ("printed", found.printed),
                ),
            )


@check("C2", ERROR, "partition sums")
def partitions(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Categories of one population sum to it: counts exactly, shares to 100 within rounding."""
    by_id = _numbers(manifest)
    for rel in manifest.relations:
        if rel.kind != "partition" or rel.total is None:
            continue
        members = [by_id[i] for i in rel.inputs if i in by_id]
        units = [printed_units(m) for m in members]
        if not members or any(u is None for u in units):
            continue
        total = sum((u for u in units if u is not None), Decimal(0))
        kind = members[0].kind
        if kind == "share":
            slack = sum((half_unit(m.digits) for m in members), Decimal(0))
            if abs(total - 100) > slack * Decimal("1.000001"):
                yield finding(
                    "C2",
                    (rel.place, *rel.inputs),
                    f"{total}%",
                    "100%",
                    MSG_PARTITION_SHARES,
                    n=len(members),
                    what=rel.label,
                    total=total,
                )
        else:
            expected = Decimal(repr(rel.total)).quantize(Decimal(1))
            if total != expected:
                yield finding(
                    "C2",
                    (rel.place, *rel.inputs),
                    str(total),
                    str(expected),
                    MSG_PARTITION_COUNTS,
                    n=len(members),
                    what=rel.label,
                    total=total,
                    expected=expected,
                )
