"""Validation of one typed firm snapshot: every rule runs, every problem is collected.

``validate_firms`` applies the value, range, uniqueness, geography, industry and cross-field
rules of data_schema.md §3.2 (R01–R07, U01–U02, V09, V11, G01–G10, I01–I05, X01–X21) to the
frame that load.py typed, and returns the normalised frame with the problems. The loader raises
``DataError`` when any problem is an error. ``validate_pair`` checks two snapshots (Y rules),
``validate_patents`` the optional patents table against its firms snapshot (P rules).

Every rule computes boolean masks over whole columns; only failing rows reach Python code, and
geography is resolved once per distinct (province, city, district) value, not per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from srdi_report.data.batches import BatchCalendar, load_batches
from srdi_report.data.geography import Geography, load_geography
from srdi_report.data.industry import IndustryReference, load_industry
from srdi_report.data.typed import TypedFirms
from srdi_report.data.validate_context import ProblemSink
from srdi_report.data.validate_cross import check_cross
from srdi_report.data.validate_geography import check_geography
from srdi_report.data.validate_industry import check_industry
from srdi_report.data.validate_pairs import validate_pair
from srdi_report.data.validate_patents import validate_patents
from srdi_report.data.validate_unique import check_double_entries, check_duplicate_ids
from srdi_report.data.validate_values import check_values
from srdi_report.errors import Problem

__all__ = ["ValidationOutcome", "validate_firms", "validate_pair", "validate_patents"]


@dataclass(frozen=True, eq=False)  # eq=False: == on a DataFrame is elementwise, not a bool
class ValidationOutcome:
    """The normalised frame and every problem found, sorted (file, row, column, rule).

    ``frame`` is ``typed.frame`` itself, changed in place by the normalisations the warnings
    state (province and city full names, district from a county in the city column, padded
    GB/T codes, English names with Han characters emptied).
    """

    frame: pd.DataFrame
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that stop the load."""
        return tuple(p for p in self.problems if p.is_error)


def validate_firms(
    typed: TypedFirms,
    *,
    calendar: BatchCalendar | None = None,
    geography: Geography | None = None,
    industry: IndustryReference | None = None,
) -> ValidationOutcome:
    """Apply the R, U, V09, V11, G, I and X rules to one typed snapshot.

    Args:
        typed: the loader's typed frame with raw cells, spreadsheet rows and headers.
        calendar: national batches (R05, X15, X16); default: the shipped ``lg_batches.csv``.
        geography: the geography reference (G rules); default: the shipped one.
        industry: the GB/T 4754-2017 reference (I rules); default: the shipped one.

    Returns:
        The normalised frame and all problems (errors and warnings), in deterministic order.
    """
    sink = ProblemSink(typed)
    batches = calendar if calendar is not None else load_batches()
    check_values(sink, batches)
    check_duplicate_ids(sink)
    check_geography(sink, geography if geography is not None else load_geography())
    section = check_industry(sink, industry if industry is not None else load_industry())
    check_cross(sink, batches, section)
    check_double_entries(sink)
    problems = tuple(sorted(sink.problems, key=Problem.sort_key))
    return ValidationOutcome(frame=typed.frame, problems=problems)
