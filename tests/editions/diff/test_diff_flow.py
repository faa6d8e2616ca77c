"""The flow table (editions.md §5): identities hold exactly, moves and level changes counted."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srdi_report.editions.diff.flow import FlowError, check_identities, flow_table
from srdi_report.editions.diff.model import FlowRow


def _frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["firm_id", "level", "city_code"])


OLD = _frame(
    [
        ("a", "provincial", "320500"),  # upgraded, stays in Suzhou
        ("b", "national", "320500"),  # downgraded
        ("c", "national", "320200"),  # moves Wuxi -> Suzhou (same province)
        ("d", "provincial", "440300"),  # exits
        ("e", "national", "440300"),  # stays
        ("f", "provincial", "110100"),  # moves Beijing -> Shenzhen (other province)
    ]
)
NEW = _frame(
    [
        ("a", "national", "320500"),
        ("b", "provincial", "320500"),
        ("c", "national", "320500"),
        ("e", "national", "440300"),
        ("f", "provincial", "440300"),
        ("g", "national", "440300"),  # enters as a national-level firm
        ("h", "provincial", "320200"),  # enters
    ]
)


def _row(rows: tuple[FlowRow, ...], scope: str, code: str) -> FlowRow:
    return next(r for r in rows if r.scope == scope and r.code == code)


def test_flows_by_scope() -> None:
    rows = flow_table(OLD, NEW)
    nation = _row(rows, "national", "")
    assert (nation.firms_old, nation.firms_new) == (6, 7)
    assert (nation.in_both, nation.entered, nation.exited) == (5, 2, 1)
    assert (nation.upgraded, nation.downgraded) == (1, 1)
    assert (nation.lg_old, nation.lg_new, nation.lg_entered, nation.lg_exited) == (3, 4, 1, 0)
    assert nation.moved_city == 2
    suzhou = _row(rows, "city", "320500")
    assert (suzhou.firms_old, suzhou.firms_new, suzhou.moved_in, suzhou.entered) == (2, 3, 1, 1)
    assert (suzhou.lg_old, suzhou.lg_new, suzhou.lg_entered) == (1, 2, 1)
    jiangsu = _row(rows, "province", "320000")
    assert (jiangsu.firms_old, jiangsu.firms_new, jiangsu.moved_city) == (3, 4, 1)
    assert jiangsu.moved_in == 0
    guangdong = _row(rows, "province", "440000")
    assert (guangdong.moved_in, guangdong.exited, guangdong.entered) == (1, 1, 2)
    beijing = _row(rows, "province", "110000")
    assert (beijing.firms_new, beijing.moved_out, beijing.exited) == (0, 1, 1)


def test_broken_identity_is_an_error() -> None:
    good = _row(flow_table(OLD, NEW), "national", "")
    from dataclasses import replace

    with pytest.raises(FlowError, match="lg_new"):
        check_identities(replace(good, upgraded=good.upgraded + 1))
    with pytest.raises(FlowError, match="firms_new"):
        check_identities(replace(good, entered=good.entered + 1))


def test_missing_column() -> None:
    with pytest.raises(FlowError, match="city_code"):
        flow_table(OLD.drop(columns="city_code"), NEW)


firm = st.tuples(
    st.sampled_from(["national", "provincial"]),
    st.sampled_from(["320500", "320200", "440300", "110100"]),
)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.integers(0, 30), firm), st.dictionaries(st.integers(0, 30), firm))
def test_identities_hold_for_any_pair(
    old: dict[int, tuple[str, str]], new: dict[int, tuple[str, str]]
) -> None:
    a = _frame([(str(k), *v) for k, v in sorted(old.items())])
    b = _frame([(str(k), *v) for k, v in sorted(new.items())])
    if a.empty or b.empty:
        return
    rows = flow_table(a, b)  # raises on a broken identity
    nation = _row(rows, "national", "")
    assert nation.firms_new == nation.firms_old + nation.entered - nation.exited
    provinces = [r for r in rows if r.scope == "province"]
    assert sum(r.firms_new for r in provinces) == len(b)
    assert sum(r.lg_new for r in provinces) == nation.lg_new


@pytest.mark.slow
def test_demo_pair_flows_reconcile() -> None:
    """The demo 2025 and 2026 snapshots (editions.md §5): every identity holds exactly."""
    from srdi_report.config.load import config_from_mapping
    from srdi_report.editions.diff.flow import snapshot_ids

    config = config_from_mapping({})
    old, new = snapshot_ids(config, 2025), snapshot_ids(config, 2026)
    rows = flow_table(old, new)  # raises on a broken identity
    nation = _row(rows, "national", "")
    assert nation.firms_new == len(new)
    assert nation.firms_old == len(old)
    assert nation.entered > 0
    assert nation.exited > 0
    assert nation.upgraded > 0
    assert nation.downgraded > 0
    assert nation.moved_city > 0
    lg = int((new["level"].astype(str) == "national").sum())
    assert nation.lg_new == lg
    assert any(r.lg_new < r.lg_old for r in rows if r.scope == "city")  # N6 has a case
