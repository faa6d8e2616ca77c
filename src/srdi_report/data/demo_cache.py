"""The demo dataset on disk: generated once per generator version and seed, then read back.

``ensure_demo`` writes ``firms_<year>.parquet`` for each snapshot and a ``manifest.json``
(row counts per level, file sizes, SHA-256, generator version) into
``<cache_dir>/v<version>-<fingerprint>-seed<seed>/`` (``generator_fingerprint``), every file
atomically. ``export_demo`` writes one snapshot as CSV, XLSX or Parquet with byte-identical output
for the same seed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pandas as pd

from srdi_report.config.model import DemoConfig
from srdi_report.errors import InputError
from srdi_report.fileio import sha256_bytes, sha256_file, write_atomic

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class SnapshotInfo:
    """One cached snapshot file."""

    year: int
    rows: int
    national: int
    provincial: int
    size_bytes: int
    sha256: str
    file: str


@dataclass(frozen=True)
class DemoManifest:
    """What ``ensure_demo`` produced (or found)."""

    folder: Path
    generator_version: str
    seed: int
    snapshots: tuple[SnapshotInfo, ...]


def _folder(config: DemoConfig) -> Path:
    from srdi_report.data.demo import GENERATOR_VERSION

    key = f"v{GENERATOR_VERSION}-{generator_fingerprint()[:12]}-seed{config.seed}"
    return Path(config.cache_dir) / key


@cache
def generator_fingerprint() -> str:
    """SHA-256 over the generator's code and every reference file it may read.

    A cache keyed by the version number alone goes stale when the code or a target changes
    without a version bump; keyed by content, an edited generator never reuses old files.
    """
    package = Path(__file__).resolve().parent
    sources = sorted(package.glob("demo*.py")) + sorted(
        p for p in (package / "reference").rglob("*") if p.is_file()
    )
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_manifest(folder: Path) -> DemoManifest | None:
    path = folder / MANIFEST
    if not path.exists():
        return None
    raw = json.loads(path.read_text(encoding="utf-8"))
    snaps = tuple(SnapshotInfo(**s) for s in raw["snapshots"])
    for snap in snaps:
        file = folder / snap.file
        if not file.exists() or file.stat().st_size != snap.size_bytes:
            return None
    return DemoManifest(folder, str(raw["generator_version"]), int(raw["seed"]), snaps)


def ensure_demo(config: DemoConfig) -> DemoManifest:
    """Generate and cache the demo snapshots unless a complete cache exists.

    Args:
        config: Seed and cache folder (relative to the working directory).

    Returns:
        The manifest of the cached files.
    """
    from srdi_report.data.demo import GENERATOR_VERSION, generate_snapshots
    from srdi_report.data.demo_writers import parquet_bytes

    folder = _folder(config)
    found = _read_manifest(folder)
    if found is not None:
        return found
    frames = generate_snapshots(config.seed)
    snaps = []
    for year in sorted(frames, reverse=True):
        frame = frames[year]
        data = parquet_bytes(frame)
        name = f"firms_{year}.parquet"
        write_atomic(folder / name, data)
        level = frame["level"].astype(str)
        snaps.append(
            SnapshotInfo(
                year=year,
                rows=len(frame),
                national=int((level == "national").sum()),
                provincial=int((level == "provincial").sum()),
                size_bytes=len(data),
                sha256=sha256_bytes(data),
                file=name,
            )
        )
    manifest = DemoManifest(folder, GENERATOR_VERSION, config.seed, tuple(snaps))
    payload = {
        "generator_version": GENERATOR_VERSION,
        "seed": config.seed,
        "snapshots": [asdict(s) for s in snaps],
    }
    text = json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    write_atomic(folder / MANIFEST, text.encode("utf-8"))
    return manifest


def demo_firms(config: DemoConfig, year: int) -> pd.DataFrame:
    """One cached snapshot as the canonical frame (dtypes of docs/architecture.md)."""
    from srdi_report.data.demo_frame import input_columns

    manifest = ensure_demo(config)
    snap = _snapshot(manifest, year)
    frame = pd.read_parquet(manifest.folder / snap.file)
    dtypes = {"date": "datetime64[ns]", "int": "Int64", "float": "float64", "bool": "boolean"}
    for name, dtype in input_columns(year):
        frame[name] = frame[name].astype(dtypes.get(dtype, "string"))  # type: ignore[call-overload]
    return frame


def export_demo(config: DemoConfig, year: int, out: Path) -> Path:
    """Write one snapshot as ``.csv``, ``.xlsx`` or ``.parquet`` (byte-identical per seed).

    Args:
        config: The demo settings.
        year: Snapshot year (one of the cached snapshots).
        out: Target file; the suffix picks the format.

    Returns:
        The path written.

    Raises:
        InputError: the suffix is not one of the three formats.
    """
    from srdi_report.data.demo_writers import csv_bytes, parquet_bytes, xlsx_bytes

    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".parquet"):
        raise InputError(f"{out}: unsupported demo export format (use .csv, .xlsx or .parquet)")
    frame = demo_firms(config, year)
    if suffix == ".csv":
        data = csv_bytes(frame)
    elif suffix == ".parquet":
        data = parquet_bytes(frame)
    else:
        stamp = pd.Timestamp(frame["snapshot_date"].iloc[0]).to_pydatetime()
        data = xlsx_bytes(frame, datetime(stamp.year, stamp.month, stamp.day, tzinfo=UTC))
    write_atomic(out, data)
    return out


def _snapshot(manifest: DemoManifest, year: int) -> SnapshotInfo:
    for snap in manifest.snapshots:
        if snap.year == year:
            return snap
    years = ", ".join(str(s.year) for s in manifest.snapshots)
    raise InputError(f"no demo snapshot for {year} (available: {years})")


def file_hash(path: Path) -> str:
    """SHA-256 of a written file (for manifests and tests)."""
    return sha256_file(path)
