"""``reproduce`` on the calibrated demo data: every consistent published number must come back.

Runs once per session (session-scoped outcomes); skipped until the demo generator is in the
tree. A failure lists each mismatch with its published and rebuilt value. The mapped numbers
(``metric_numbers.csv``) must come out of the metrics engine, and agree with the scope grammar
evaluator computing the same rows independently.
"""

from __future__ import annotations

import pandas as pd
import pytest

from srdi_report.config import Config
from srdi_report.data.derive_lookups import industry_group_members, ranking_codes
from srdi_report.data.geography import load_geography
from srdi_report.data.industry import load_industry
from srdi_report.metrics.number_map import NumberRef, cell, load_number_map
from srdi_report.metrics.published import PublishedNumber, firm_rows, load_published
from srdi_report.metrics.reproduce import (
    ReproduceOutcome,
    Status,
    reproduce_frame,
    reproduce_published,
)
from srdi_report.metrics.result import MetricResult

pytest.importorskip("srdi_report.data.demo_cache", reason="the demo generator is not in the tree")


@pytest.fixture(scope="session")
def demo_outcome() -> ReproduceOutcome:
    return reproduce_published(Config(), None)


@pytest.fixture(scope="session")
def demo_frame() -> pd.DataFrame:
    from srdi_report.data.source import load_source

    return load_source(Config(), None).firms


def run(
    frame: pd.DataFrame,
    numbers: tuple[PublishedNumber, ...] | None = None,
    number_map: tuple[NumberRef, ...] | None = None,
) -> ReproduceOutcome:
    """``reproduce_frame`` with the lookups ``reproduce_published`` passes."""
    geography = load_geography()
    return reproduce_frame(
        frame,
        numbers,
        industry_groups=industry_group_members(load_industry()),
        tie_keys=ranking_codes(geography),
        number_map=number_map,
        geography=geography,
    )


def test_demo_reproduces_all_424_and_lists_31_exceptions(demo_outcome: ReproduceOutcome) -> None:
    mismatches = [
        f"{r.number_id}: published {r.published}, rebuilt {r.rebuilt or '-'} ({r.reason})"
        for r in demo_outcome.mismatches
    ]
    assert mismatches == []
    assert (demo_outcome.n_ok, demo_outcome.n_checked) == (424, 424)
    assert len(demo_outcome.exceptions) == 31
    assert all(r.status is Status.EXCEPTION and r.reason for r in demo_outcome.exceptions)


def test_mapped_numbers_come_out_of_the_engine(demo_outcome: ReproduceOutcome) -> None:
    metric_of = {ref.number_id: ref.metric for ref in load_number_map()}
    sources = {r.number_id: r.source for r in demo_outcome.rows}
    assert len(metric_of) >= 408
    assert {i: sources[i] for i in metric_of} == {i: f"metric:{m}" for i, m in metric_of.items()}
    grammar = sorted(i for i, s in sources.items() if s == "grammar")
    assert len(grammar) == 455 - len(metric_of)
    assert set(grammar).isdisjoint(metric_of)
    consistent = {p.number_id for p in firm_rows(load_published()) if p.is_consistent}
    assert len(consistent - set(metric_of)) == 424 - len(metric_of)  # 16 in the 2026 map
    quality = next(r for r in demo_outcome.rows if r.number_id == "c30_quality_gap")
    assert (quality.rebuilt, quality.status, quality.source) == (
        "77.8",
        Status.OK,
        "metric:capability_scores",
    )


def test_engine_agrees_with_the_grammar_on_every_mapped_id(
    demo_outcome: ReproduceOutcome, demo_frame: pd.DataFrame
) -> None:
    grammar = {r.number_id: r for r in run(demo_frame, number_map=()).rows}
    assert {r.source for r in grammar.values()} == {"grammar"}
    differ = []
    for row in demo_outcome.rows:
        if not row.source.startswith("metric:"):
            continue
        theirs = grammar[row.number_id].values
        if len(row.values) != 1 or len(theirs) != 1 or abs(row.values[0] - theirs[0]) > 1e-9:
            differ.append(f"{row.number_id}: engine {row.values}, grammar {theirs}")
    assert differ == []


def test_a_wrong_metric_shows_as_a_mismatch(
    demo_frame: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    def off_by_one(result: MetricResult, ref: NumberRef) -> float:
        value = cell(result, ref)
        return value + 1.0 if ref.number_id == "c30_quality_gap" else value

    monkeypatch.setattr("srdi_report.metrics.reproduce_engine.cell", off_by_one)
    numbers = tuple(
        p for p in load_published() if p.number_id in {"c30_quality_gap", "c30_quality_score_prov"}
    )
    outcome = run(demo_frame, numbers)
    by_id = {r.number_id: r for r in outcome.rows}
    assert (outcome.n_ok, outcome.n_checked) == (1, 2)
    assert by_id["c30_quality_score_prov"].status is Status.OK
    wrong = by_id["c30_quality_gap"]
    assert (wrong.status, wrong.rebuilt, wrong.source) == (
        Status.MISMATCH,
        "78.8",
        "metric:capability_scores",
    )
    assert wrong.reason == "rebuilt 78.778 does not meet eq 77.8"
