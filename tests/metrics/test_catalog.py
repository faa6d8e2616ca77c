"""docs/metrics.md is generated from the registry and kept current."""

from __future__ import annotations

from pathlib import Path

from srdi_report.metrics.catalog import metrics_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"


def test_metrics_doc_is_current() -> None:
    assert DOC.read_text("utf-8") == metrics_markdown(), "run: python tools/gen_metrics_doc.py"


def test_metrics_doc_rows() -> None:
    text = metrics_markdown()
    assert (
        "| `capability_scores` | score | capability | c24, c30, b29a, c31, c50 | attribute "
        "| `dimension` | Score and gap per dimension for the scope against the benchmark, then "
        "the composite. |"
    ) in text
    assert "| c30 | `capability_scores` |" in text
    assert "| c04 | `capital_ge_1yi_by_level`, `indicators_by_level` |" in text
