"""The transcribed 2022 and 2023 editions as pseudo-manifests, for the checks (editions.md §6).

``published/editions/all_numbers_long.csv`` holds every number the two seed editions print;
each row becomes a :class:`NumberEntry` whose value is the printed value (so C4's rounding test
holds trivially and the other checks work on what a reader saw). The relations a reader can
recompute (partitions, shares of two counts, uplifts against a mean) are declared in
``published_relations.csv`` by metric and group keys: the seed prints no provenance.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from srdi_report.editions.manifest import Manifest, ManifestIdentity, NumberEntry
from srdi_report.editions.manifest_relations import RelationEntry
from srdi_report.errors import InputError
from srdi_report.number_format import format_number

NUMBERS_NAME = "all_numbers_long.csv"
RELATIONS_NAME = "published_relations.csv"
EDITIONS_NAME = "published_editions.csv"  # the seeds' cut-offs (editions.md §0)
PUBLISHED_EDITION = "published"


class PublishedError(InputError):
    """The transcribed numbers file is missing or lacks a column."""


def _kind(unit: str) -> str:
    if unit == "percent":
        return "share"
    if unit in ("firms", "companies"):
        return "count"
    if unit == "x":
        return "ratio"
    if unit == "rank":
        return "rank"
    return "value"


def _entry(row: dict[str, str], number_id: str) -> NumberEntry | None:
    try:
        printed = Decimal(row["value"])
    except ArithmeticError:
        return None
    digits = max(0, -int(printed.as_tuple().exponent))
    kind = _kind(row["unit"])
    value = float(printed / 100) if kind == "share" else float(printed)
    return NumberEntry(
        number_id=number_id,
        place=row["figure"],
        metric_id=row["metric_key"],
        scope=PUBLISHED_EDITION,
        result_key=row["metric_key"],
        column="value",
        group_key=row["group_key"],
        value=value,
        kind=kind,
        digits=digits,
        suppressed=False,
        # The transcription is the printed value; printed in our style, so C4's rounding test
        # compares like with like and only the seed's contradictions remain.
        printed=MappingProxyType({"zh": format_number(value, kind, digits, "zh_CN")}),
    )


def published_manifests(folder: Path) -> dict[int, Manifest]:
    """One pseudo-manifest per transcribed edition year.

    Args:
        folder: ``published/editions`` (holding ``all_numbers_long.csv``).

    Raises:
        PublishedError: the file is missing or lacks a column.
    """
    path = folder / NUMBERS_NAME
    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    except OSError as exc:
        raise PublishedError(f"{path}: {exc}") from exc
    need = {"edition", "figure", "metric_key", "group_key", "value", "unit", "comparator"}
    if rows and not need <= set(rows[0]):
        raise PublishedError(f"{path}: needs the columns {sorted(need)}")
    numbers: dict[int, list[NumberEntry]] = defaultdict(list)
    seen: dict[tuple[int, str], int] = defaultdict(int)
    for row in rows:
        year = int(row["edition"])
        base = f"{row['figure']}/{row['metric_key']}[{row['group_key']}]"
        seen[(year, base)] += 1
        entry = _entry(row, f"{base}#{seen[(year, base)]}")
        if entry is not None and row["comparator"] != "derived":
            numbers[year].append(entry)
    relations = _relations(numbers)
    cutoffs = _cutoffs()
    return {
        year: Manifest(
            identity=ManifestIdentity(
                edition_id=PUBLISHED_EDITION,
                year=year,
                scope="",
                snapshot_date=cutoffs.get(year, f"{year}-12-31"),
                data_hash="",
                code_version="",
                package_version="",
                spec_hash="",
                min_cell=0,
                locales=("zh_CN",),
            ),
            metrics=(),
            exhibits=(),
            numbers=tuple(entries),
            segments=(),
            relations=tuple(relations.get(year, ())),
        )
        for year, entries in sorted(numbers.items())
    }


def _cutoffs() -> dict[int, str]:
    text = resources.files("srdi_report.editions.checks").joinpath(EDITIONS_NAME)
    rows = csv.DictReader(text.read_text("utf-8").splitlines())
    return {int(row["edition"]): row["cutoff"] for row in rows}


def _find(entries: list[NumberEntry], key: str) -> NumberEntry | None:
    """``metric[group]``: the most precise printing of that metric and group."""
    metric, _, group = key.partition("[")
    group = group.rstrip("]")
    found = [e for e in entries if e.metric_id == metric and e.group_key == group]
    return max(found, key=lambda e: e.digits) if found else None


def _relations(numbers: dict[int, list[NumberEntry]]) -> dict[int, list[RelationEntry]]:
    text = resources.files("srdi_report.editions.checks").joinpath(RELATIONS_NAME)
    out: dict[int, list[RelationEntry]] = defaultdict(list)
    for row in csv.DictReader(text.read_text("utf-8").splitlines()):
        year = int(row["edition"])
        entries = numbers.get(year, [])
        if row["kind"] == "partition":
            selector = dict(p.split("=", 1) for p in row["inputs"].split(";"))
            groups = set(selector.get("groups", "").split())
            members = [
                e
                for e in entries
                if e.place == selector["figure"]
                and e.metric_id == selector["metric"]
                and (not groups or e.group_key in groups)
            ]
            total = _find(entries, row["total"])
            if members and total is not None and total.value is not None:
                out[year].append(
                    RelationEntry(
                        relation_id=f"partition:{selector['figure']}:{selector['metric']}",
                        kind="partition",
                        place=selector["figure"],
                        result="",
                        inputs=tuple(m.number_id for m in members),
                        total=total.value,
                        label=row["label"],
                    )
                )
            continue
        result = _find(entries, row["result"])
        operands = [_find(entries, k) for k in row["inputs"].split()]
        if result is None or any(o is None for o in operands):
            continue
        out[year].append(
            RelationEntry(
                relation_id=f"{row['kind']}:{result.place}:{result.number_id}",
                kind=row["kind"],
                place=result.place,
                result=result.number_id,
                inputs=tuple(o.number_id for o in operands if o is not None),
                label=row["label"],
            )
        )
    return out
