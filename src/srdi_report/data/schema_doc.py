"""docs/data_schema.md as text, generated from the machine-readable schema (column_aliases.csv)."""

from __future__ import annotations

from srdi_report.data.reference_files import read_reference_csv

_REQ = {
    "R": "required",
    "C": "core (warning H06 when missing)",
    "O": "optional",
    "D": "derivable (computed when absent, checked when present)",
    "X": "derived (always computed; an input column is ignored)",
}


def _cell(text: str) -> str:
    return text.replace("|", " / ").replace("\n", " ") if text else "–"


def _allowed(text: str) -> str:
    if not text:
        return "–"
    keys = []
    for item in text.split(";"):
        key, _, labels = item.partition("=")
        keys.append(f"`{key}`" + (f" ({labels.replace('|', ', ')})" if labels else ""))
    return "; ".join(keys)


def schema_markdown() -> str:
    """Return the input-schema reference: one table per input table, one row per column."""
    columns = read_reference_csv("column_aliases")
    lines = [
        "# Input data schema",
        "",
        "Generated from `src/srdi_report/data/reference/column_aliases.csv` (the machine-readable",
        "copy of the specification) by `tools/gen_schema_doc.py`; a test fails when it is stale.",
        "One file per snapshot, one row per firm. Headers may be the canonical name or any alias",
        "(Chinese or English); enum values may be the English key or a Chinese label.",
        "",
        "Requirement codes: " + "; ".join(f"**{k}** {v}" for k, v in _REQ.items()) + ".",
    ]
    for table, rows in columns.groupby("table", sort=False):
        lines += [
            "",
            f"## `{table}`",
            "",
            "| column | aliases | type | unit | req | min | max | allowed values | disclosure |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for row in rows.itertuples(index=False):
            lines.append(
                f"| `{row.column}` | {_cell(str(row.aliases))} | {row.dtype} | "
                f"{_cell(str(row.unit))} | {row.req} | {_cell(str(row.min))} | "
                f"{_cell(str(row.max))} | {_allowed(str(row.allowed))} | "
                f"{_cell(str(row.disclosure))} |"
            )
    return "\n".join(lines) + "\n"
