"""Write docs/metrics.md from the metric registry (ids, units, families, chart ids)."""

from __future__ import annotations

import sys
from pathlib import Path

from srdi_report.metrics.catalog import metrics_markdown

if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "docs" / "metrics.md"
    target.write_text(metrics_markdown(), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")
