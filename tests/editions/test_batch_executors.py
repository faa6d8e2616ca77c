"""Real city builds on both executors: the same bytes from a process pool and from dask.

Two small cities (1 and 3 firms, reduced mode), both languages and formats, built once on a
2-process pool and once on a 2-worker dask LocalCluster. Slow: every figure is drawn.
"""

from __future__ import annotations

import dataclasses
import socket
from pathlib import Path

import pytest

from srdi_report.config.model import Config, OutputConfig
from srdi_report.editions.batch import BatchOptions, run_batch

SMALL_CITIES = ("513400", "632200")  # Liangshan (1 firm), Haibei (3 firms)
YEAR = 2026
LOOPBACK = ("127.0.0.1", "localhost", "::1")
_CONNECT = socket.socket.connect  # before the test-wide block on the network


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dask LocalCluster talks to its workers over loopback TCP; nothing else is allowed."""

    def connect(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in LOOPBACK:
            raise OSError("network access is blocked in tests")
        _CONNECT(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)


def _config(tmp: Path) -> Config:
    base = Config()
    return dataclasses.replace(
        base,
        output=OutputConfig(
            dir=str(tmp / "out"), figures_dir=str(tmp / "fig"), formats=("pdf", "docx")
        ),
        build=dataclasses.replace(base.build, cache_dir=str(tmp / "cache")),
    )


def _outputs(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "build.json"  # build.json holds the build seconds
    }


@pytest.mark.slow
@pytest.mark.usefixtures("loopback")
def test_dask_and_the_process_pool_write_the_same_bytes(tmp_path: Path) -> None:
    cluster = run_batch(
        _config(tmp_path / "dask"),
        SMALL_CITIES,
        BatchOptions(year=YEAR, jobs=2, executor="dask"),
    )
    pool = run_batch(_config(tmp_path / "pool"), SMALL_CITIES, BatchOptions(year=YEAR, jobs=2))
    outcomes = [(r.status, r.error) for r in pool.records]
    assert [(r.status, r.error) for r in cluster.records] == outcomes
    assert ("reduced", "") in outcomes, outcomes  # at least one city built (both are small)
    from_pool = _outputs(tmp_path / "pool" / "out")
    from_dask = _outputs(tmp_path / "dask" / "out")
    assert len(from_pool) >= 9  # per city: 2 × (report.pdf, report.docx, card.pdf, ...)
    assert from_pool.keys() == from_dask.keys()
    different = [name for name, data in from_pool.items() if from_dask[name] != data]
    assert different == []
    pdfs = [name for name in from_pool if name.endswith("/en/report.pdf")]
    assert pdfs
    assert all(from_pool[name].startswith(b"%PDF") for name in pdfs)
