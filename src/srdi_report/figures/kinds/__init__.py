"""One module per chart kind; importing this package registers every kind in ``CHART_KINDS``.

Every module of this folder is imported (in name order), so a new kind needs no edit here.
"""

from __future__ import annotations

import importlib
import pkgutil

KIND_MODULES = tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.ispkg))

for _module in KIND_MODULES:
    importlib.import_module(f"{__name__}.{_module}")
