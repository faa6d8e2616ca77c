from __future__ import annotations

from pathlib import Path

from srdi_report.config.doc import config_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "config.md"


def test_config_doc_is_current() -> None:
    assert DOC.read_text("utf-8") == config_markdown(), "run: python tools/gen_config_doc.py"


def test_config_doc_lists_min_cell() -> None:
    assert (
        "| `[metrics]` | `min_cell` | int | `5` | Fewest firms behind a printed statistic. |"
        in (config_markdown())
    )
