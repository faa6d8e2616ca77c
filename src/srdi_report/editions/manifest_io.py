"""The manifest as a file: deterministic JSON out, validated dataclasses back in.

``manifest_json`` writes sorted keys, UTF-8 with ``ensure_ascii=False``, two-space indent and
a trailing newline; floats in Python's shortest round-trip ``repr``, so a value read back is the
same float. ``read_manifest`` checks every field's type and raises :class:`ManifestError` with
the file and the JSON path of the first wrong field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import srdi_report
from srdi_report.compose.edition_spec import EditionSpec
from srdi_report.editions.manifest import (
    MANIFEST_VERSION,
    ExhibitEntry,
    Manifest,
    ManifestIdentity,
    MetricEntry,
    NumberEntry,
    SegmentEntry,
)
from srdi_report.editions.manifest_relations import RelationEntry
from srdi_report.errors import InputError

MANIFEST_NAME = "manifest.json"


class ManifestError(InputError):
    """A manifest file is missing, not JSON, or has a missing or mistyped field."""


def manifest_identity(
    spec: EditionSpec,
    *,
    snapshot_date: date | str,
    data_hash: str,
    code_version: str,
    spec_hash: str,
    min_cell: int,
    locales: tuple[str, ...],
) -> ManifestIdentity:
    """The identity of a build of ``spec`` (the values ``build_edition`` already holds)."""
    return ManifestIdentity(
        edition_id=spec.edition_id,
        year=spec.year,
        scope=spec.scope,
        snapshot_date=str(snapshot_date),
        data_hash=data_hash,
        code_version=code_version,
        package_version=srdi_report.__version__,
        spec_hash=spec_hash,
        min_cell=min_cell,
        locales=tuple(locales),
    )


def manifest_json(manifest: Manifest) -> bytes:
    """The manifest as deterministic UTF-8 JSON bytes ending in a newline."""
    data = {
        "version": manifest.version,
        "identity": _identity_dict(manifest.identity),
        "metrics": [vars(m) for m in manifest.metrics],
        "exhibits": [_plain(vars(e)) for e in manifest.exhibits],
        "numbers": [_plain(vars(n)) for n in manifest.numbers],
        "segments": [_plain(vars(s)) for s in manifest.segments],
        "relations": [_plain(vars(r)) for r in manifest.relations],
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def write_manifest(manifest: Manifest, path: Path) -> None:
    """Write ``manifest_json(manifest)`` to ``path`` (parents created)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(manifest_json(manifest))


def read_manifest(path: Path) -> Manifest:
    """Read a manifest written by :func:`manifest_json`.

    Args:
        path: The ``manifest.json`` file, or the folder holding it.

    Raises:
        ManifestError: the file is missing, not JSON, of another version, or a field is missing
            or of the wrong type (the message names the file and the field).
    """
    if path.is_dir():
        path = path / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ManifestError(f"{path}: no manifest") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(f"{path}: not a manifest: {exc}") from exc
    try:
        return parse_manifest(data)
    except ManifestError as exc:
        raise ManifestError(f"{path}: {exc}") from exc


def parse_manifest(data: object) -> Manifest:
    """A manifest from its parsed JSON.

    Raises:
        ManifestError: a field is missing or of the wrong type.
    """
    top = _obj(data, "$")
    version = _get(top, "version", int, "$")
    if version != MANIFEST_VERSION:
        raise ManifestError(f"manifest version {version}, expected {MANIFEST_VERSION}")
    ident = _obj(top.get("identity"), "$.identity")
    identity = ManifestIdentity(
        edition_id=_get(ident, "edition_id", str, "$.identity"),
        year=_get(ident, "year", int, "$.identity"),
        scope=_get(ident, "scope", str, "$.identity"),
        snapshot_date=_get(ident, "snapshot_date", str, "$.identity"),
        data_hash=_get(ident, "data_hash", str, "$.identity"),
        code_version=_get(ident, "code_version", str, "$.identity"),
        package_version=_get(ident, "package_version", str, "$.identity"),
        spec_hash=_get(ident, "spec_hash", str, "$.identity"),
        min_cell=_get(ident, "min_cell", int, "$.identity"),
        locales=tuple(_strs(ident.get("locales"), "$.identity.locales")),
    )
    return Manifest(
        identity=identity,
        metrics=tuple(_metric(m, f"$.metrics[{i}]") for i, m in enumerate(_list(top, "metrics"))),
        exhibits=tuple(
            _exhibit(e, f"$.exhibits[{i}]") for i, e in enumerate(_list(top, "exhibits"))
        ),
        numbers=tuple(_number(n, f"$.numbers[{i}]") for i, n in enumerate(_list(top, "numbers"))),
        segments=tuple(
            _segment(s, f"$.segments[{i}]") for i, s in enumerate(_list(top, "segments"))
        ),
        version=version,
        # Optional: manifests written before the consistency checks have no relations.
        relations=tuple(
            _relation(r, f"$.relations[{i}]") for i, r in enumerate(top.get("relations") or [])
        ),
    )


# --- writing --------------------------------------------------------------------------------


def _identity_dict(identity: ManifestIdentity) -> dict[str, Any]:
    out = dict(vars(identity))
    out["locales"] = list(identity.locales)
    return out


def _plain(fields: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, Mapping):
            out[name] = {
                k: list(v) if isinstance(v, tuple) else v for k, v in sorted(value.items())
            }
        elif isinstance(value, tuple):
            out[name] = list(value)
        elif isinstance(value, float) and not math.isfinite(value):
            out[name] = None  # JSON has no NaN; a manifest value is either a number or null
        else:
            out[name] = value
    return out


# --- reading --------------------------------------------------------------------------------


def _obj(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ManifestError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _list(top: Mapping[str, Any], name: str) -> list[Any]:
    value = top.get(name)
    if not isinstance(value, list):
        raise ManifestError(f"$.{name}: expected a list, got {type(value).__name__}")
    return value


def _get(obj: Mapping[str, Any], name: str, kind: type, where: str) -> Any:
    if name not in obj:
        raise ManifestError(f"{where}.{name}: missing")
    value = obj[name]
    # bool is an int in Python; a manifest never means True by 1.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ManifestError(f"{where}.{name}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _strs(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ManifestError(f"{where}: expected a list of strings")
    return value


def _text_map(obj: Mapping[str, Any], name: str, where: str) -> Mapping[str, str]:
    value = obj.get(name)
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ManifestError(f"{where}.{name}: expected an object of strings")
    return MappingProxyType(dict(sorted(value.items())))


def _texts_map(obj: Mapping[str, Any], name: str, where: str) -> Mapping[str, tuple[str, ...]]:
    value = obj.get(name)
    if not isinstance(value, dict):
        raise ManifestError(f"{where}.{name}: expected an object of string lists")
    return MappingProxyType(
        {k: tuple(_strs(v, f"{where}.{name}.{k}")) for k, v in sorted(value.items())}
    )


def _value(obj: Mapping[str, Any], where: str) -> float | None:
    if "value" not in obj:
        raise ManifestError(f"{where}.value: missing")
    value = obj["value"]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ManifestError(f"{where}.value: expected a number or null")
    return float(value)


def _metric(value: object, where: str) -> MetricEntry:
    m = _obj(value, where)
    return MetricEntry(
        result_key=_get(m, "result_key", str, where),
        metric_id=_get(m, "metric_id", str, where),
        scope_key=_get(m, "scope_key", str, where),
        benchmark_key=_get(m, "benchmark_key", str, where),
        filter=_get(m, "filter", str, where),
        unit=_get(m, "unit", str, where),
        physical_unit=_get(m, "physical_unit", str, where),
        label_key=_get(m, "label_key", str, where),
        n_firms=_get(m, "n_firms", int, where),
        data_hash=_get(m, "data_hash", str, where),
    )


def _exhibit(value: object, where: str) -> ExhibitEntry:
    e = _obj(value, where)
    return ExhibitEntry(
        exhibit_id=_get(e, "exhibit_id", str, where),
        number=_get(e, "number", int, where),
        kind=_get(e, "kind", str, where),
        section=_get(e, "section", str, where),
        titles=_text_map(e, "titles", where),
        labels=_text_map(e, "labels", where),
        metric_ids=tuple(_strs(e.get("metric_ids"), f"{where}.metric_ids")),
        spec_hash=_get(e, "spec_hash", str, where),
        figure_hashes=_text_map(e, "figure_hashes", where),
        data_hashes=_text_map(e, "data_hashes", where),
        images=_text_map(e, "images", where),
        figure_texts=_texts_map(e, "figure_texts", where),
        pending=_get(e, "pending", str, where),
    )


def _number(value: object, where: str) -> NumberEntry:
    n = _obj(value, where)
    return NumberEntry(
        number_id=_get(n, "number_id", str, where),
        place=_get(n, "place", str, where),
        metric_id=_get(n, "metric_id", str, where),
        scope=_get(n, "scope", str, where),
        result_key=_get(n, "result_key", str, where),
        column=_get(n, "column", str, where),
        group_key=_get(n, "group_key", str, where),
        value=_value(n, where),
        kind=_get(n, "kind", str, where),
        digits=_get(n, "digits", int, where),
        suppressed=_get(n, "suppressed", bool, where),
        printed=_text_map(n, "printed", where),
        signed=_get(n, "signed", bool, where) if "signed" in n else False,
    )


def _relation(value: object, where: str) -> RelationEntry:
    r = _obj(value, where)
    total = r.get("total")
    if total is not None and (isinstance(total, bool) or not isinstance(total, int | float)):
        raise ManifestError(f"{where}.total: expected a number or null")
    return RelationEntry(
        relation_id=_get(r, "relation_id", str, where),
        kind=_get(r, "kind", str, where),
        place=_get(r, "place", str, where),
        result=_get(r, "result", str, where),
        inputs=tuple(_strs(r.get("inputs"), f"{where}.inputs")),
        total=None if total is None else float(total),
        label=_get(r, "label", str, where),
    )


def _segment(value: object, where: str) -> SegmentEntry:
    s = _obj(value, where)
    return SegmentEntry(
        segment_id=_get(s, "segment_id", str, where),
        role=_get(s, "role", str, where),
        section=_get(s, "section", str, where),
        texts=_text_map(s, "texts", where),
    )
