"""docs/config.md as text, generated from the config dataclasses (one table, every key)."""

from __future__ import annotations

import dataclasses
import typing

from srdi_report.config.model import Config


def config_markdown() -> str:
    """Return the Markdown table of every config key: section, key, type, default, help."""
    lines = [
        "# Configuration keys",
        "",
        "Generated from `src/srdi_report/config/model.py` by `tools/gen_config_doc.py`;",
        "a test fails when this file is stale. Every key is optional in `config.toml`.",
        "",
        "| section | key | type | default | meaning |",
        "|---|---|---|---|---|",
    ]
    for section in dataclasses.fields(Config):
        cls = typing.get_type_hints(Config)[section.name]
        hints = typing.get_type_hints(cls)
        for key in dataclasses.fields(cls):
            default = key.default
            if default is dataclasses.MISSING and key.default_factory is not dataclasses.MISSING:
                default = key.default_factory()
            kind = getattr(hints[key.name], "__name__", str(hints[key.name]))
            if isinstance(default, tuple):
                shown = "[" + ", ".join(f'"{v}"' for v in default) + "]"
                kind = "array"
            elif isinstance(default, str):
                shown = f'"{default}"'
            else:
                shown = str(default).lower() if isinstance(default, bool) else str(default)
            help_text = key.metadata.get("help", "")
            lines.append(
                f"| `[{section.name}]` | `{key.name}` | {kind} | `{shown}` | {help_text} |"
            )
    return "\n".join(lines) + "\n"
