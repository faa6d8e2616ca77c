"""Write docs/config.md from the config dataclasses (their defaults and help texts)."""

from __future__ import annotations

import sys
from pathlib import Path

from srdi_report.config.doc import config_markdown

if __name__ == "__main__":
    target = Path(__file__).resolve().parents[1] / "docs" / "config.md"
    target.write_text(config_markdown(), encoding="utf-8")
    sys.stdout.write(f"wrote {target}\n")
