"""When a rebuilt value reproduces a printed one (published/README.md, "Reproduce tolerance").

With ``d`` = decimals and ``u = 10^-d``:

- ``eq``: base statistics (count, share, median, mean, pNN and the pooled rates) must round half
  up to the printed value; ``rank`` is exact; ``pearson_r`` within 0.01; derived statistics
  (ratio, pp_diff, uplift_pct, sum_share, min_share, max_share, score, gap) within 1.0·u,
  because the seed derived some of them from rounded inputs;
- ``approx``: within 1.0·u; ``gt``: strictly above; ``lt``: strictly below;
- ``range``: value − 1.0·u ≤ v ≤ value_high + 1.0·u.

A statistic that yields several values (each class, each group, each correlation pair) passes
only when every value passes. Values arrive in the published unit (percent, 10k firms …).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from srdi_report.metrics.published import Comparator, PublishedNumber

DERIVED_STATISTICS = frozenset(
    {"ratio", "pp_diff", "uplift_pct", "sum_share", "min_share", "max_share", "score", "gap"}
)
PEARSON_TOLERANCE = Decimal("0.01")  # README: r on heavy-tailed counts hangs on a few firms
SIGNIFICANT_DIGITS = 12  # binary noise (29.249999999999996) is dropped before rounding


def to_decimal(value: float) -> Decimal:
    """A float as the decimal it stands for, without binary noise in the last places."""
    return Decimal(f"{value:.{SIGNIFICANT_DIGITS}g}")


def round_half_up(value: float, decimals: int) -> Decimal:
    """Round half up on the decimal value (29.25 → 29.3, never banker's 29.2).

    Args:
        value: The unrounded value.
        decimals: Places after the point (0 or more).

    Returns:
        The rounded decimal, with exactly ``decimals`` places.
    """
    quantum = Decimal(1).scaleb(-decimals)
    return to_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def passes(row: PublishedNumber, values: Sequence[float]) -> bool:
    """Whether rebuilt values (in the published unit) reproduce the printed number.

    Args:
        row: The published number (value, value_high, decimals, comparator, statistic).
        values: One or more rebuilt, unrounded values; all must pass.

    Returns:
        False as well when there is no value or a value is not finite.
    """
    if not values or any(not math.isfinite(v) for v in values):
        return False
    return all(_passes_one(row, v) for v in values)


def _passes_one(row: PublishedNumber, value: float) -> bool:
    unit = Decimal(1).scaleb(-row.decimals)
    printed = row.number
    rebuilt = to_decimal(value)
    if row.comparator is Comparator.GT:
        return rebuilt > printed
    if row.comparator is Comparator.LT:
        return rebuilt < printed
    if row.comparator is Comparator.APPROX:
        return abs(rebuilt - printed) <= unit
    if row.comparator is Comparator.RANGE:
        high = row.number_high if row.number_high is not None else printed
        return printed - unit <= rebuilt <= high + unit
    if row.statistic == "rank":
        return rebuilt == printed
    if row.statistic == "pearson_r":
        return abs(rebuilt - printed) <= PEARSON_TOLERANCE
    if row.statistic in DERIVED_STATISTICS:
        return abs(rebuilt - printed) <= unit
    return round_half_up(value, row.decimals) == printed
