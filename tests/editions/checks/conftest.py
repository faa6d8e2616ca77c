"""Small hand-made manifests for the consistency-check tests."""

from __future__ import annotations

from collections.abc import Callable
from types import MappingProxyType

import pytest

from srdi_report.editions.manifest import (
    ExhibitEntry,
    Manifest,
    ManifestIdentity,
    MetricEntry,
    NumberEntry,
    SegmentEntry,
)
from srdi_report.editions.manifest_relations import RelationEntry
from srdi_report.number_format import format_number

IDENTITY = ManifestIdentity(
    edition_id="test",
    year=2026,
    scope="",
    snapshot_date="2026-02-28",
    data_hash="d",
    code_version="c",
    package_version="0",
    spec_hash="s",
    min_cell=5,
    locales=("zh_CN", "en"),
)


def number(
    number_id: str,
    value: float,
    kind: str = "count",
    digits: int = 0,
    *,
    place: str = "",
    metric_id: str = "m",
    column: str = "firms",
    group_key: str = "",
    scope: str = "national",
    printed: dict[str, str] | None = None,
    result_key: str = "m",
) -> NumberEntry:
    """A number printed as its rounding in zh and en unless ``printed`` says otherwise."""
    texts = printed or {
        "en": format_number(value, kind, digits, "en"),
        "zh": format_number(value, kind, digits, "zh_CN"),
    }
    return NumberEntry(
        number_id=number_id,
        place=place or number_id.rsplit("/", 1)[0],
        metric_id=metric_id,
        scope=scope if metric_id else "",
        result_key=result_key if metric_id else "",
        column=column if metric_id else "",
        group_key=group_key,
        value=value,
        kind=kind,
        digits=digits,
        suppressed=False,
        printed=MappingProxyType(dict(sorted(texts.items()))),
    )


def manifest(
    numbers: list[NumberEntry],
    relations: list[RelationEntry] | None = None,
    segments: list[SegmentEntry] | None = None,
    exhibits: list[ExhibitEntry] | None = None,
    metrics: list[MetricEntry] | None = None,
) -> Manifest:
    """A manifest of these numbers (and relations, segments, exhibits, metrics)."""
    return Manifest(
        identity=IDENTITY,
        metrics=tuple(metrics or ()),
        exhibits=tuple(exhibits or ()),
        numbers=tuple(numbers),
        segments=tuple(segments or ()),
        relations=tuple(relations or ()),
    )


@pytest.fixture
def make_number() -> Callable[..., NumberEntry]:
    """The ``number`` factory."""
    return number


@pytest.fixture
def make_manifest() -> Callable[..., Manifest]:
    """The ``manifest`` factory."""
    return manifest
