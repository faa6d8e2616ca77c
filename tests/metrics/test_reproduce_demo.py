"""``reproduce`` on the calibrated demo data: every consistent published number must come back.

Runs once per session (one test, session-scoped outcome); skipped until the demo generator is in
the tree. A failure lists each mismatch with its published and rebuilt value.
"""

from __future__ import annotations

import pytest

from srdi_report.config import Config
from srdi_report.metrics.reproduce import ReproduceOutcome, Status, reproduce_published

pytest.importorskip("srdi_report.data.demo_cache", reason="the demo generator is not in the tree")


@pytest.fixture(scope="session")
def demo_outcome() -> ReproduceOutcome:
    return reproduce_published(Config(), None)


def test_demo_reproduces_all_424_and_lists_31_exceptions(demo_outcome: ReproduceOutcome) -> None:
    mismatches = [
        f"{r.number_id}: published {r.published}, rebuilt {r.rebuilt or '-'} ({r.reason})"
        for r in demo_outcome.mismatches
    ]
    assert mismatches == []
    assert (demo_outcome.n_ok, demo_outcome.n_checked) == (424, 424)
    assert len(demo_outcome.exceptions) == 31
    assert all(r.status is Status.EXCEPTION and r.reason for r in demo_outcome.exceptions)
