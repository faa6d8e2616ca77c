from __future__ import annotations

from pathlib import Path

from srdi_report.data.schema_doc import schema_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "data_schema.md"


def test_schema_doc_is_current() -> None:
    assert DOC.read_text("utf-8") == schema_markdown(), "run: python tools/gen_schema_doc.py"


def test_schema_doc_lists_aliases_and_enum_labels() -> None:
    text = schema_markdown()
    assert "| `patents_total` | 专利总量 / 专利数量 / 专利申请总量 | int |" in text
    assert "`national` (国家级" in text
