"""Write every file of a build in two phases, so a failure leaves no file half-written.

Phase one writes each file's bytes to a temp file beside its target (same filesystem, so the
rename is atomic) and syncs it; any failure removes every temp file and leaves the targets as
they were. Phase two renames them into place. A crash during phase two can leave some targets
new and others old, each one whole: the rename is the smallest step the filesystem offers.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

FILE_MODE = 0o644  # mkstemp creates 0600; outputs are ordinary files


def commit_files(outputs: Mapping[Path, bytes]) -> tuple[Path, ...]:
    """Replace every path in ``outputs`` with its bytes; all or (before the renames) nothing.

    A file that already holds exactly its new bytes is left alone (an unchanged rebuild writes
    nothing and keeps modification times). Returns the paths actually replaced, sorted.
    """
    staged: list[tuple[Path, Path]] = []
    changed = [path for path in sorted(outputs) if not _holds(path, outputs[path])]
    try:
        for path in changed:
            staged.append((_stage(path, outputs[path]), path))
        for temp, path in staged:
            temp.replace(path)
    finally:
        for temp, _path in staged:
            temp.unlink(missing_ok=True)  # gone after a successful rename
    return tuple(changed)


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a file with exactly ``data`` (size first: most changes differ)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _stage(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(FILE_MODE)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp
