"""docs/charts.md is generated from the kind registry and the national figures: it is current."""

from __future__ import annotations

from pathlib import Path

from srdi_report.editions.national import national_edition
from srdi_report.figures.catalog import charts_markdown
from srdi_report.figures.registry import CHART_KINDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "charts.md"


def test_charts_doc_is_current() -> None:
    expected = charts_markdown(national_edition(2026).figures())
    assert DOC.read_text("utf-8") == expected, "run: python tools/gen_charts_doc.py"


def test_doc_names_every_kind_and_figure() -> None:
    text = charts_markdown(national_edition(2026).figures())
    for name in CHART_KINDS.names():
        assert f"### `{name}`" in text
    assert "| c13 | `density_quadrant` | `quadrant_shares`, `scale_innovation_grid` |" in text
    assert "| c31 | `bubble_quadrant` | `priority_matrix` |" in text
    # a kind's section carries its docstring: roles and options
    assert "Required roles in `main`: `x_lower`, `x_upper`, `y_lower`, `y_upper`, `value`." in text
