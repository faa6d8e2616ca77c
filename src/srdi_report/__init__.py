"""srdi_report: bilingual statistical publications on SRDI Little Giant firms.

The public API::

    from srdi_report import build_edition, edition_spec, load_config

    config = load_config(Path("config.toml"))
    result = build_edition(edition_spec("national", 2026), config)

``build_edition`` and ``edition_spec`` are imported on first use, so ``import srdi_report``
(and the CLI's ``--help``) does not load pandas, matplotlib and ReportLab.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from srdi_report import log as _log  # noqa: F401  (installs the package's NullHandler)

if TYPE_CHECKING:
    from srdi_report.config import load_config
    from srdi_report.editions.build import BuildResult, build_edition, edition_spec

__version__ = "0.1.0"

__all__ = ["BuildResult", "__version__", "build_edition", "edition_spec", "load_config"]

_LAZY = {
    "load_config": "srdi_report.config",
    "build_edition": "srdi_report.editions.build",
    "edition_spec": "srdi_report.editions.build",
    "BuildResult": "srdi_report.editions.build",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'srdi_report' has no attribute {name!r}")
