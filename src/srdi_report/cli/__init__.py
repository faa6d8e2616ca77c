"""The command line: ``srdi-report``.

Commands live in ``*_commands`` modules beside ``app``; each registers itself on
import, and every such module is imported here, so a new command family is a new
module and no shared list to edit.
"""

from __future__ import annotations

import importlib
import pkgutil

from srdi_report.cli.app import app

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _module.name.endswith("_commands"):
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["app"]
