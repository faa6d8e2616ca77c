"""``reproduce``: rebuild every published number derivable from firm data and compare.

Rows of ``numbers.csv`` with ``derivable = firm``: the consistent ones are checked (``ok`` or
``mismatch``, tolerance of published/README.md), the seed's inconsistent ones are listed as
``exception`` with the computed value where it can be computed and the note as the reason.

Numbers the number map covers (``metric_numbers.csv``) are rebuilt by the metrics engine
(``reproduce_engine``), so ``reproduce`` checks the metrics the report prints; the scope grammar
evaluator (``reproduce_eval``) computes the others. Each row records which path computed it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from srdi_report.config import Config
from srdi_report.errors import Problem
from srdi_report.metrics.firm_masks import EvaluationError, FirmMasks
from srdi_report.metrics.number_map import NumberRef, load_number_map
from srdi_report.metrics.published import Comparator, PublishedNumber, firm_rows, load_published
from srdi_report.metrics.reproduce_engine import GRAMMAR_SOURCE, EngineValue, engine_values
from srdi_report.metrics.reproduce_eval import evaluate, to_published_unit
from srdi_report.metrics.reproduce_rules import RuleError, resolve
from srdi_report.metrics.scope_grammar import ScopeSyntaxError
from srdi_report.metrics.tolerance import passes, round_half_up

if TYPE_CHECKING:
    from srdi_report.data.geography import Geography

RANGE_DASH = "\u2013"


class Status(StrEnum):
    """Outcome of one published number."""

    OK = "ok"
    MISMATCH = "mismatch"
    EXCEPTION = "exception"


@dataclass(frozen=True)
class ReproduceRow:
    """One published number next to its rebuilt value.

    ``published`` is the value as printed (a range as ``low–high``); ``rebuilt`` the rebuilt
    value rounded half up to the printed decimals (several values as ``min–max``; empty when
    it cannot be computed); ``values`` the unrounded values in the published unit;
    ``source`` the path that computed it: ``metric:<metric id>`` or ``grammar``.
    """

    number_id: str
    chart_id: str
    label: str
    published: str
    comparator: Comparator
    rebuilt: str
    values: tuple[float, ...]
    status: Status
    reason: str
    source: str


@dataclass(frozen=True)
class ReproduceOutcome:
    """All rows, in numbers.csv order, and the counts the CLI prints.

    ``n_checked`` counts the firm-derivable consistent rows (M, 424 in the 2026 file),
    ``n_ok`` those reproduced; ``exceptions`` are the seed's own inconsistencies.
    """

    rows: tuple[ReproduceRow, ...]
    mismatches: tuple[ReproduceRow, ...]
    exceptions: tuple[ReproduceRow, ...]
    n_ok: int
    n_checked: int
    warnings: tuple[Problem, ...] = ()  # the loader's, for the CLI to print


def reproduce_frame(
    frame: pd.DataFrame,
    numbers: tuple[PublishedNumber, ...] | None = None,
    *,
    industry_groups: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
    tie_keys: Mapping[str, Mapping[str, str]] | None = None,
    number_map: Sequence[NumberRef] | None = None,
    geography: Geography | None = None,
) -> ReproduceOutcome:
    """Rebuild the firm-derivable published numbers from a frame with derived columns.

    Args:
        frame: Canonical firm frame after ``data.derive.add_derived``.
        numbers: Published rows; the shipped numbers.csv when None.
        industry_groups: Members of the report industry groups (see ``FirmMasks``).
        tie_keys: Codes that break ranking ties, per column (see ``FirmMasks``).
        number_map: Ids rebuilt by the metrics engine; the shipped map when None, ``()`` to
            compute every row with the grammar evaluator.
        geography: Geography reference for the engine's place scopes; loaded when needed.

    Returns:
        The outcome; nothing is raised for a row that cannot be computed (it is a mismatch,
        or an exception row, with the reason).
    """
    published = firm_rows(load_published() if numbers is None else numbers)
    refs = load_number_map() if number_map is None else number_map
    engine = engine_values(
        frame, refs, {p.number_id for p in published if p.is_consistent}, geography=geography
    )
    masks = FirmMasks(frame, industry_groups, tie_keys)
    rows = tuple(_reproduce_row(row, masks, engine.get(row.number_id)) for row in published)
    checked = [r for r, p in zip(rows, published, strict=True) if p.is_consistent]
    return ReproduceOutcome(
        rows=rows,
        mismatches=tuple(r for r in rows if r.status is Status.MISMATCH),
        exceptions=tuple(r for r in rows if r.status is Status.EXCEPTION),
        n_ok=sum(1 for r in checked if r.status is Status.OK),
        n_checked=len(checked),
    )


def reproduce_published(
    config: Config, data_path: Path | None, *, today: date | None = None
) -> ReproduceOutcome:
    """Load firm data (a file, or the demo data), derive columns and reproduce.

    Args:
        config: The configuration (demo settings, load options).
        data_path: A firm file; None = ``config.data.firms``, and when that is empty too, the
            demo snapshot of ``config.demo.year``.
        today: upper bound of a file's snapshot date (N03); the CLI passes the date.

    Returns:
        The outcome (see :func:`reproduce_frame`), with the loader's warnings.

    Raises:
        DataError: the file fails validation.
    """
    from srdi_report.data.derive_lookups import industry_group_members, ranking_codes
    from srdi_report.data.geography import load_geography
    from srdi_report.data.industry import load_industry
    from srdi_report.data.source import load_source

    source = load_source(config, data_path, today=today)
    geography = load_geography()
    outcome = reproduce_frame(
        source.firms,
        industry_groups=industry_group_members(load_industry()),
        tie_keys=ranking_codes(geography),
        geography=geography,
    )
    return replace(outcome, warnings=source.warnings)


def _reproduce_row(
    row: PublishedNumber, masks: FirmMasks, engine: EngineValue | None
) -> ReproduceRow:
    values: tuple[float, ...] = ()
    failure = ""
    if engine is not None:
        source, values, failure = engine.source, engine.rebuilt, engine.failure
    else:
        source = GRAMMAR_SOURCE
        try:
            spec = resolve(row)
            values = to_published_unit(spec, evaluate(spec, masks))
        except (EvaluationError, RuleError, ScopeSyntaxError) as err:
            failure = str(err)
    if not row.is_consistent:
        status = Status.EXCEPTION
        reason = f"{row.note} [not computed: {failure}]" if failure else row.note
    elif not failure and passes(row, values):
        status, reason = Status.OK, ""
    else:
        status = Status.MISMATCH
        reason = failure or _mismatch_reason(row, values)
    return ReproduceRow(
        number_id=row.number_id,
        chart_id=row.chart_id,
        label=row.label_en,
        published=row.printed,
        comparator=row.comparator,
        rebuilt=format_rebuilt(values, row.decimals),
        values=values,
        status=status,
        reason=reason,
        source=source,
    )


def format_rebuilt(values: tuple[float, ...], decimals: int) -> str:
    """Rebuilt value(s) rounded half up to the printed decimals; several as ``min–max``."""
    if not values:
        return ""
    low, high = (round_half_up(v, decimals) for v in (min(values), max(values)))
    return str(low) if low == high else f"{low}{RANGE_DASH}{high}"


def _mismatch_reason(row: PublishedNumber, values: tuple[float, ...]) -> str:
    shown = format_rebuilt(values, row.decimals + 2)
    return f"rebuilt {shown} does not meet {row.comparator.value} {row.printed}"
