from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from srdi_report.fileio import sha256_file, write_all_atomic, write_atomic


def test_write_atomic_replaces_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.pdf"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.pdf"]
    assert target.stat().st_mode & 0o777 == 0o644


def test_failed_write_keeps_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.bin"
    write_atomic(target, b"previous")

    def boom(_fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(target, b"half")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_write_all_and_hash(tmp_path: Path) -> None:
    write_all_atomic({tmp_path / "b": b"2", tmp_path / "a": b"1"})
    assert sha256_file(tmp_path / "a") == hashlib.sha256(b"1").hexdigest()
