"""C4 one value per metric, C11 subset ≤ set, C12 metric family, C13 precision and format."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from srdi_report.editions.checks.core import (
    ERROR,
    N_,
    WARNING,
    CheckContext,
    Finding,
    check,
    finding,
)
from srdi_report.editions.checks.printed import (
    COUNT_KINDS,
    exact_units,
    expected_text,
    locale_of,
)
from srdi_report.editions.manifest import Manifest, NumberEntry
from srdi_report.number_format import round_half_up

MSG_TWO_VALUES = N_("%(metric)s (%(group)s) is printed with %(n)s different values")
MSG_NOT_ROUNDING = N_("%(number)s prints %(printed)s, but its value rounds to %(expected)s")
MSG_SUBSET = N_("%(number)s counts %(value)s firms, more than the %(total)s of its population")
MSG_SHARE_RANGE = N_("%(number)s is a share of %(value)s, outside 0–100%%")
MSG_FAMILY = N_("%(number)s compares %(a)s with %(b)s, two different metrics")
MSG_SEPARATORS = N_("%(lang)s prints large numbers both with and without thousand separators")
MSG_PRECISION = N_("%(metric)s is printed with %(digits)s decimals in one context")

# A four-digit integer without separators, and one with them.
_BARE = re.compile(r"(?<![\d.,])\d{4,}(?![\d.,]*\d)")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")


def _key(entry: NumberEntry) -> tuple[str, str, str, str] | None:
    if not (entry.metric_id and entry.scope and entry.column and entry.group_key):
        return None
    return (entry.metric_id, entry.scope, entry.column, entry.group_key)


@check("C4", ERROR, "one value per metric")
def one_value(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Every (metric, scope, column, group) has one value; every printing is its rounding."""
    groups: dict[tuple[str, str, str, str], list[NumberEntry]] = defaultdict(list)
    for entry in manifest.numbers:
        if context.exempt(entry.place):
            continue
        key = _key(entry)
        if key is not None and entry.value is not None:
            groups[key].append(entry)
    for (metric, scope, column, group), entries in sorted(groups.items()):
        values = sorted({float(e.value) for e in entries if e.value is not None})
        distinct = [v for i, v in enumerate(values) if i == 0 or not _same(values[i - 1], v)]
        # Unrounded values must be equal; values that are only printings (a transcribed
        # edition) must agree at the coarser precision (252 and 252.25 are one mean).
        coarse = {_rounded(e, min(x.digits for x in entries)) for e in entries}
        as_printed = all(_is_printing(e) for e in entries)
        if (len(coarse) > 1) if as_printed else (len(distinct) > 1):
            yield finding(
                "C4",
                (e.number_id for e in entries),
                " / ".join(sorted({_first_printed(e) for e in entries})),
                "one value",
                MSG_TWO_VALUES,
                metric=f"{metric}.{column}@{scope}",
                group=group,
                n=len(distinct),
            )
    for entry in manifest.numbers:
        if context.exempt(entry.place):
            continue
        for lang, printed in sorted(entry.printed.items()):
            expected = expected_text(entry, locale_of(manifest, lang))
            # Manifests written before numbers kept their sign style may print "+4.91pp".
            if printed != expected and not entry.signed:
                signed = expected_text(replace(entry, signed=True), locale_of(manifest, lang))
                expected = printed if printed == signed else expected
            if printed != expected:
                yield finding(
                    "C4",
                    (entry.number_id,),
                    printed,
                    expected,
                    MSG_NOT_ROUNDING,
                    number=entry.number_id,
                    printed=printed,
                    expected=expected,
                )


def _rounded(entry: NumberEntry, digits: int) -> Decimal | None:
    units = exact_units(entry)
    return None if units is None else round_half_up(units, digits)


def _is_printing(entry: NumberEntry) -> bool:
    """True when the value is itself a printed number (no digits beyond the printed ones)."""
    units = exact_units(entry)
    return units is not None and units == round_half_up(units, entry.digits)


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def _first_printed(entry: NumberEntry) -> str:
    return next(iter(entry.printed.values()), "")


@check("C11", ERROR, "subset not above set")
def subsets(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """A firm count never exceeds its result's population; a share lies within 0–1."""
    population = {m.result_key: m.n_firms for m in manifest.metrics}
    for entry in manifest.numbers:
        if entry.value is None or entry.suppressed:
            continue
        total = population.get(entry.result_key)
        if entry.kind in COUNT_KINDS and total and entry.value > total:
            yield finding(
                "C11",
                (entry.number_id,),
                _first_printed(entry),
                f"<= {total}",
                MSG_SUBSET,
                number=entry.number_id,
                value=f"{entry.value:g}",
                total=total,
            )
        plain_share = entry.kind == "share" and not entry.signed
        if plain_share and entry.metric_id and not 0.0 <= entry.value <= 1.0 + 1e-12:
            yield finding(
                "C11",
                (entry.number_id,),
                _first_printed(entry),
                "0–100%",
                MSG_SHARE_RANGE,
                number=entry.number_id,
                value=_first_printed(entry),
            )


@check("C12", ERROR, "metric family consistency")
def families(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Both sides of a comparison (ratio, uplift, difference) read one metric."""
    by_id = {n.number_id: n for n in manifest.numbers}
    for rel in manifest.relations:
        if rel.kind not in ("ratio", "uplift", "difference") or len(rel.inputs) != 2:
            continue
        a, b = (by_id.get(i) for i in rel.inputs)
        if a is None or b is None or not a.metric_id or not b.metric_id:
            continue
        if a.kind == "count" and b.kind == "count":
            continue  # a share of two counts divides a part by its population
        # Two groups of one metric may sit in two columns (little_giant vs champion), and one
        # statistic may come from two metrics at two groupings (a class's national ratio vs the
        # national ratio of all firms, a city's vs its province's): the metrics carry no
        # definition hash per column yet, so two metrics count as one definition when their
        # unit and physical unit agree (patents per firm against applications per firm slip
        # through; docs/checks.md).
        if a.metric_id != b.metric_id and _definition(manifest, a) != _definition(manifest, b):
            yield finding(
                "C12",
                (rel.result, *rel.inputs),
                f"{_first_printed(a)} vs {_first_printed(b)}",
                "one metric on both sides",
                MSG_FAMILY,
                number=rel.result,
                a=a.metric_id,
                b=b.metric_id,
            )


def _definition(manifest: Manifest, entry: NumberEntry) -> tuple[str, str, str]:
    for metric in manifest.metrics:
        if metric.result_key == entry.result_key:
            return (entry.kind, metric.unit, metric.physical_unit)
    return (entry.kind, "", "")


@check("C13", WARNING, "precision and format")
def formats(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Thousand separators everywhere or nowhere per language; one precision per context."""
    languages = sorted({lang for n in manifest.numbers for lang in n.printed})
    for lang in languages:
        bare: list[str] = []
        grouped: list[str] = []
        for entry in manifest.numbers:
            text = entry.printed.get(lang, "")
            if entry.kind in ("year", "rank") or not text:
                continue
            if _BARE.search(text):
                bare.append(entry.number_id)
            elif _GROUPED.search(text):
                grouped.append(entry.number_id)
        if bare and grouped:
            yield finding(
                "C13",
                (bare[0], grouped[0]),
                f"{len(bare)} without, {len(grouped)} with",
                "one style",
                MSG_SEPARATORS,
                lang=lang,
            )
    # One number (metric, column, group) printed in one context (tables, or prose) keeps one
    # precision: 104 vs 104.43 vs 104.4 for one mean is the slip.
    contexts: dict[tuple[str, str, str, str, bool], set[int]] = defaultdict(set)
    first: dict[tuple[str, str, str, str, bool], list[str]] = defaultdict(list)
    for entry in manifest.numbers:
        if _key(entry) is None or entry.kind in ("year", "rank", "approx_count"):
            continue
        cells = entry.place.endswith("/cells")
        key = (entry.metric_id, entry.column, entry.group_key, entry.kind, cells)
        contexts[key].add(entry.digits)
        first[key].append(entry.number_id)
    for key, digits in sorted(contexts.items()):
        if len(digits) > 1:
            yield finding(
                "C13",
                first[key][:2],
                ", ".join(str(d) for d in sorted(digits)),
                "one precision",
                MSG_PRECISION,
                metric=f"{key[0]}.{key[1]} ({key[2]})",
                digits="/".join(str(d) for d in sorted(digits)),
            )
