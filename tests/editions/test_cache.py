"""The build cache: content keys, round trips, misses on a disabled cache or a torn entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from srdi_report.editions.cache import BuildCache, bytes_key, code_version, content_key
from srdi_report.editions.commit import commit_files


def test_store_then_load_round_trips_under_the_key(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    key = content_key("metric", "firms_by_level", {"scope": ""})
    cache.store("metrics", key, {"share": 0.1057})
    assert cache.load("metrics", key) == {"share": 0.1057}
    assert cache.path("metrics", key) == tmp_path / "metrics" / key[:2] / f"{key}.pkl"
    assert cache.load("figures", key) is None  # kinds do not share entries


def test_disabled_cache_neither_reads_nor_writes(tmp_path: Path) -> None:
    BuildCache(tmp_path).store("metrics", "ab" * 32, 1)
    off = BuildCache(tmp_path / "off", enabled=False)
    off.store("metrics", "ab" * 32, 1)
    assert not (tmp_path / "off").exists()
    assert BuildCache(tmp_path, enabled=False).load("metrics", "ab" * 32) is None


def test_torn_entry_is_a_miss(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    key = "cd" * 32
    cache.store("render", key, b"pdf bytes")
    cache.path("render", key).write_bytes(b"\x80\x05not a pickle")
    assert cache.load("render", key) is None


def test_content_key_is_stable_and_sensitive() -> None:
    first = content_key("metric", {"b": 1, "a": 2}, 5)
    assert first == content_key("metric", {"a": 2, "b": 1}, 5)  # key order does not matter
    assert first != content_key("metric", {"a": 2, "b": 1}, 3)  # min_cell does
    assert len(first) == 64
    assert bytes_key(b"ab", b"c") != bytes_key(b"a", b"bc")  # chunks are length-prefixed


def test_code_version_covers_the_named_parts() -> None:
    assert code_version("metrics") == code_version("metrics")
    assert code_version("metrics") != code_version("figures")
    assert code_version("metrics", "number_format.py") != code_version("metrics")


def test_commit_writes_every_file_or_leaves_none(tmp_path: Path) -> None:
    good = tmp_path / "a" / "report.txt"  # sorts first: staged before the failure
    good.parent.mkdir()
    good.write_bytes(b"old")
    blocked = tmp_path / "b"
    blocked.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(FileExistsError):
        commit_files({good: b"new", blocked / "report.txt": b"x"})
    assert good.read_bytes() == b"old"  # the staged new bytes were never renamed into place
    assert sorted(p.name for p in good.parent.iterdir()) == ["report.txt"]  # no temp left
    commit_files({good: b"new"})
    assert good.read_bytes() == b"new"
    assert (good.stat().st_mode & 0o777) == 0o644
