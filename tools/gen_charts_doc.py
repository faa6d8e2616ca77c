"""Write docs/charts.md from the chart-kind registry and the national edition's figures."""

from __future__ import annotations

import sys
from pathlib import Path

from srdi_report.editions.national import national_edition
from srdi_report.figures.catalog import charts_markdown

YEAR = 2026  # the model report's snapshot year; the specs do not change with it


def main() -> Path:
    """Write the file and return its path."""
    target = Path(__file__).resolve().parents[1] / "docs" / "charts.md"
    target.write_text(charts_markdown(national_edition(YEAR).figures()), encoding="utf-8")
    return target


if __name__ == "__main__":
    sys.stdout.write(f"wrote {main()}\n")
