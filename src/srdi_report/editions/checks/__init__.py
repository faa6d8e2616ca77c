"""Consistency checks C1–C15 of editions.md §4, run on an edition's manifest (and its PDFs).

Importing the package registers every check in :data:`core.CHECKS`; :func:`runner.run_checks`
runs them.
"""

from srdi_report.editions.checks import (  # noqa: F401  (importing registers the checks)
    arith,
    labels,
    parity,
    pdf_text,
    values,
    words,
)
from srdi_report.editions.checks.core import CHECKS, CheckContext, Finding

__all__ = ["CHECKS", "CheckContext", "Finding"]
