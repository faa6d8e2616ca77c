"""Write docs/data_schema.md from the machine-readable schema."""

from __future__ import annotations

import sys
from pathlib import Path

from srdi_report.data.schema_doc import schema_markdown

if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "docs" / "data_schema.md"
    target.write_text(schema_markdown(), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")
