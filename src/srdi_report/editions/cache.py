"""Content-hash cache of a build's expensive parts, so a rebuild of unchanged input only loads.

The parts are the source summary, metric results, figures and rendered files.

Every key is a SHA-256 over what the cached value depends on, never a time stamp or a path's
mtime: the input file's bytes (or the demo snapshot's recorded hash), the request, the settings
that change the value, and the source code of the stages that compute it (:func:`code_version`),
so an edited metric or chart kind never reuses a stale entry. Entries are pickles written
atomically under ``<root>/<kind>/<key[:2]>/<key>.pkl``; a corrupt or unreadable entry is a miss.
The cache is private to this machine: it is never shipped, and pickles are only read from it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import srdi_report
from srdi_report.fileio import write_atomic

log = logging.getLogger(__name__)

PACKAGE_ROOT = Path(srdi_report.__file__).resolve().parent
CACHE_FORMAT = "1"  # bump when the layout of an entry changes
PICKLE_PROTOCOL = 5


@dataclass(frozen=True)
class BuildCache:
    """A folder of cached build parts; ``enabled=False`` makes every lookup a miss.

    Attributes:
        root: The cache folder (``.cache/build`` by default, relative to the working directory).
        enabled: Read and write entries; when False nothing is read or written.
    """

    root: Path
    enabled: bool = True

    def path(self, kind: str, key: str) -> Path:
        """Where the entry ``key`` of ``kind`` lives."""
        return self.root / kind / key[:2] / f"{key}.pkl"

    def load(self, kind: str, key: str) -> Any | None:
        """The cached value, or None on a miss (absent, disabled, unreadable)."""
        if not self.enabled:
            return None
        path = self.path(kind, key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            value = pickle.loads(data)  # our own cache folder, written by store()
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            # A class renamed since the entry was written, or a torn file: recompute.
            log.debug("cache entry %s unreadable; recomputing", path)
            return None
        log.debug("cache hit %s/%s", kind, key[:12])
        return value

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry exists (without reading it; a torn one still counts)."""
        return self.enabled and self.path(kind, key).is_file()

    def store(self, kind: str, key: str, value: object) -> None:
        """Write ``value`` under ``key`` (atomically; nothing when disabled)."""
        if self.enabled:
            write_atomic(self.path(kind, key), pickle.dumps(value, protocol=PICKLE_PROTOCOL))


def content_key(*parts: object) -> str:
    """SHA-256 of JSON-encodable parts (sorted keys), as hex: the key of one entry."""
    text = json.dumps([CACHE_FORMAT, *parts], sort_keys=True, ensure_ascii=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bytes_key(*chunks: bytes) -> str:
    """SHA-256 of byte chunks, each length-prefixed so that two splits never collide."""
    digest = hashlib.sha256(CACHE_FORMAT.encode())
    for chunk in chunks:
        digest.update(len(chunk).to_bytes(8, "big"))
        digest.update(chunk)
    return digest.hexdigest()


@functools.cache
def code_version(*parts: str) -> str:
    """Hash of the package version and the source of the named parts of the package.

    A part is a subpackage (``metrics``) or a top-level module (``number_format.py``). Files
    are read in sorted order, so the hash is the same in every process and checkout.
    """
    digest = hashlib.sha256(srdi_report.__version__.encode())
    for part in sorted(parts):
        for path in _part_files(PACKAGE_ROOT / part):
            digest.update(path.relative_to(PACKAGE_ROOT).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def tree_version(folders: Iterable[Path], suffixes: tuple[str, ...]) -> str:
    """Hash of every file with one of ``suffixes`` under ``folders`` (templates, catalogs)."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in suffixes):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _part_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in (".py", ".csv"))
