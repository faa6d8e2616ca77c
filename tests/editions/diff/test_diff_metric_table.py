"""The metric diff table (editions.md §3.1) on hand-made observations."""

from __future__ import annotations

import pytest

from srdi_report.editions.diff.metric_table import cutoff_note, metric_diff, months_apart
from srdi_report.editions.diff.model import EditionSide, Observation, ObservationKey


def _obs(
    metric: str, value: float | None, unit: str = "count", group: str = "", **kw: object
) -> Observation:
    return Observation(ObservationKey(metric, "national", group, ""), value, unit, **kw)  # type: ignore[arg-type]


def _side(year: int, cutoff: str, *obs: Observation) -> EditionSide:
    ordered = tuple(Observation(**{**o.__dict__, "order": i}) for i, o in enumerate(obs))
    return EditionSide("national", year, cutoff, str(year), ordered)


def _by(rows, metric: str, group: str = ""):  # type: ignore[no-untyped-def]
    return next(r for r in rows if r.key.metric_id == metric and r.key.group_key == group)


def test_changes_by_unit() -> None:
    old = _side(
        2025, "2025-02-28",
        _obs("firms", 150.0), _obs("share", 10.0, "percent"), _obs("rank", 5.0, "rank"),
        _obs("zero", 0.0), _obs("gone", 3.0),
    )  # fmt: skip
    new = _side(
        2026, "2026-02-28",
        _obs("firms", 165.0), _obs("share", 12.5, "percent"), _obs("rank", 2.0, "rank"),
        _obs("zero", 4.0), _obs("fresh", 7.0),
    )  # fmt: skip
    rows = metric_diff(old, new)
    firms = _by(rows, "firms")
    assert firms.abs_change == 15.0
    assert firms.pct_change == pytest.approx(10.0)
    assert firms.pp_change is None
    share = _by(rows, "share")
    assert share.pp_change == 2.5
    assert share.pct_change is None
    assert _by(rows, "rank").rank_change == 3.0  # moved up three places
    assert _by(rows, "zero").status == "from zero"
    assert _by(rows, "zero").pct_change is None
    assert _by(rows, "fresh").status == "only_new"
    assert _by(rows, "gone").status == "only_old"
    assert rows[-1].key.metric_id == "gone"  # removed rows at the end
    assert [r.key.metric_id for r in rows[:4]] == ["firms", "share", "rank", "zero"]


def test_definition_population_supersedes_and_suppression() -> None:
    old = _side(
        2022, "2022-06-30",
        _obs("growth_yoy", 18.3, "percent"),
        _obs("density", 62.99, "value", definition_hash="a"),
        _obs("b1", 248.0, population_rule="publicized", cumulative=True),
        _obs("small", 4.0, suppressed=True),
    )  # fmt: skip
    new = _side(
        2023, "2023-07-31",
        _obs("growth_cagr", 15.6, "percent", supersedes="growth_yoy"),
        _obs("density", 78.9, "value", definition_hash="b"),
        _obs("b1", 155.0, population_rule="after re-review", cumulative=True),
        _obs("small", 9.0),
    )  # fmt: skip
    rows = metric_diff(old, new)
    growth = _by(rows, "growth_cagr")
    assert growth.status == "superseded"
    assert growth.comparable == "no"
    assert growth.old_value == 18.3
    assert not any(r.key.metric_id == "growth_yoy" for r in rows)
    assert _by(rows, "density").comparable == "no"
    b1 = _by(rows, "b1")
    assert b1.comparable == "restated"
    assert "population restated" in b1.notes
    assert "cut-offs 13 months apart" in b1.notes
    small = _by(rows, "small")
    assert small.abs_change is None
    assert "suppressed" in small.notes


def test_cutoff_note() -> None:
    assert cutoff_note("2025-02-28", "2026-02-28") == ""
    assert cutoff_note("2022-06-30", "2023-07-31") == "cut-offs 13 months apart"
    assert months_apart("2022-06-30", "2023-07-31") == 13
    assert cutoff_note("", "2026-02-28") == ""
