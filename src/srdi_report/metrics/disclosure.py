"""Disclosure rules 2–5 of city_edition.md §5, as pure functions on counts.

Rule 1 (withhold a statistic over 1 to ``min_cell`` − 1 firms) lives in ``suppression.py`` and
runs on every attribute metric. The rules here shape what is left so that no single firm's
figures can be read back from a small city's edition:

- :func:`merge_bands`: a band of 1 to ``min_cell`` − 1 firms joins its neighbour towards the
  median band, repeatedly, until every shown band is 0 or at least ``min_cell``; the merged
  band is labelled with its range (:func:`merged_band_label`).
- :func:`pool_categories`: nominal categories under ``min_cell`` go into "other"; if "other"
  is itself small, the next smallest category joins it.
- :func:`complementary_suppress`: when exactly one part of an additive total is withheld, the
  next smallest part is withheld too, so the hidden part cannot be found by subtraction.
- :func:`eligible_ranks`: ranks on an attribute statistic over the cities (or any units) with at
  least ``min_cell`` firms only; the others are "not ranked" (None).

Every function is deterministic (ties broken by position or key) and never changes anything
when every count is 0 or at least ``min_cell``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

OTHER = "other"
_RANGE = re.compile(r"^(\d+)\u2013(\d+)$")
_BELOW = re.compile(r"^<(\d+)$")
_AT_LEAST = re.compile(r"^>=(\d+)$")
_ABOVE = re.compile(r"^>(\d+)$")


def is_small(count: float, min_cell: int) -> bool:
    """Whether a count is shown only after merging or pooling: 0 < count < min_cell."""
    return 0 < count < min_cell


@dataclass(frozen=True)
class BandGroup:
    """Adjacent bands shown as one: positions ``first``..``last`` (inclusive) and their firms."""

    first: int
    last: int
    firms: int


def median_band(counts: Sequence[int]) -> int:
    """Position of the band holding the population's median firm (the first band when empty)."""
    total = sum(counts)
    if total <= 0:
        return 0
    half = total / 2
    running = 0
    for position, count in enumerate(counts):
        running += count
        if running >= half:
            return position
    return len(counts) - 1  # pragma: no cover - the loop always reaches half


def merge_bands(counts: Sequence[int], min_cell: int) -> tuple[BandGroup, ...]:
    """Merge small bands towards the median band until none is small (rule 2).

    The smallest small group goes first (ties: the one farthest from the median band, then the
    lower position). It joins its neighbour on the median's side; the median group itself joins
    its larger neighbour (ties: the lower one). Merging stops when one group is left.

    Args:
        counts: Firms per band, bands in their natural order.
        min_cell: Fewest firms behind a shown band.

    Returns:
        The groups in band order; their firms sum to ``sum(counts)``.
    """
    groups = [BandGroup(i, i, int(c)) for i, c in enumerate(counts)]
    centre = median_band(counts)
    while len(groups) > 1:
        small = [i for i, g in enumerate(groups) if is_small(g.firms, min_cell)]
        if not small:
            break
        at = min(small, key=lambda i: (groups[i].firms, -_distance(groups[i], centre), i))
        group = groups[at]
        if group.first <= centre <= group.last:
            left = groups[at - 1].firms if at > 0 else -1
            right = groups[at + 1].firms if at + 1 < len(groups) else -1
            other = at - 1 if left >= right else at + 1
        else:
            other = at + 1 if group.last < centre else at - 1
        low, high = sorted((at, other))
        joined = BandGroup(
            groups[low].first, groups[high].last, groups[low].firms + groups[high].firms
        )
        groups[low : high + 1] = [joined]
    return tuple(groups)


def _distance(group: BandGroup, centre: int) -> int:
    if group.first <= centre <= group.last:
        return 0
    return min(abs(group.first - centre), abs(group.last - centre))


def merged_band_label(codes: Sequence[str]) -> str:
    """The label of adjacent band codes shown as one ("100–199" + "200–499" → "100–499").

    Codes take the reference forms ``a–b``, ``<a``, ``>=a`` and ``>a``. An open lower end keeps
    ``<``, an open upper end gives ``>=`` the first band's lower bound. Anything else joins the
    codes with "+" (a label, never a number).
    """
    if len(codes) == 1:
        return codes[0]
    first, last = codes[0], codes[-1]
    lower = _lower(first)
    upper = _upper(last)
    if lower is None and upper is not None:
        return f"<{upper + 1}"
    if lower is not None and upper is None and _open_top(last):
        return f">={lower}"
    if lower is not None and upper is not None:
        return f"{lower}\u2013{upper}"
    return "+".join(codes)


def _lower(code: str) -> int | None:
    found = _RANGE.match(code) or _AT_LEAST.match(code)
    if found:
        return int(found.group(1))
    above = _ABOVE.match(code)
    return int(above.group(1)) + 1 if above else None


def _upper(code: str) -> int | None:
    found = _RANGE.match(code)
    if found:
        return int(found.group(2))
    below = _BELOW.match(code)
    return int(below.group(1)) - 1 if below else None


def _open_top(code: str) -> bool:
    return bool(_AT_LEAST.match(code) or _ABOVE.match(code))


def pool_categories(
    counts: Mapping[str, int], min_cell: int, *, other: str = OTHER
) -> dict[str, int]:
    """Pool small nominal categories into ``other`` (rule 3).

    A category with 1 to ``min_cell`` − 1 firms joins ``other`` (which may already exist);
    while ``other`` holds 1 to ``min_cell`` − 1 firms the next smallest category joins it
    (ties by key). Categories with 0 firms stay as a true zero.

    Returns:
        Category → firms, keys sorted with ``other`` last; the total is unchanged.
    """
    kept = {k: int(v) for k, v in counts.items() if k != other}
    pooled = int(counts.get(other, 0))
    for key in sorted(kept):
        if is_small(kept[key], min_cell):
            pooled += kept.pop(key)
    while is_small(pooled, min_cell):
        candidates = sorted((v, k) for k, v in kept.items() if v > 0)
        if not candidates:
            break
        value, key = candidates[0]
        pooled += value
        del kept[key]
    out = {k: kept[k] for k in sorted(kept)}
    if pooled or other in counts:
        out[other] = pooled
    return out


def complementary_suppress(
    parts: Mapping[str, float], withheld: set[str] | frozenset[str]
) -> frozenset[str]:
    """Parts to withhold so that a withheld part cannot be recovered from the total (rule 4).

    Args:
        parts: Value of each part of an additive total that is printed.
        withheld: The parts already withheld (rule 1).

    Returns:
        ``withheld`` plus, when it holds exactly one part and another part is shown, the
        smallest shown part (ties by key).
    """
    out = frozenset(withheld)
    if len(out) != 1:
        return out
    shown = sorted((value, key) for key, value in parts.items() if key not in out)
    shown = [(v, k) for v, k in shown if not math.isnan(v)]
    if not shown:
        return out
    return out | {shown[0][1]}


@dataclass(frozen=True)
class EligibleRank:
    """A rank among the eligible units, or None ("not ranked"), and the eligible count."""

    rank: int | None
    tied: bool
    eligible: int


def eligible_ranks(
    values: Mapping[str, float],
    firms: Mapping[str, int],
    min_cell: int,
    *,
    descending: bool = True,
) -> dict[str, EligibleRank]:
    """Competition ranks (1, 2, 2, 4) on an attribute statistic over eligible units (rule 5).

    A unit is eligible when it has at least ``min_cell`` firms and a value; the others get
    ``rank=None`` ("not ranked"). ``eligible`` is the denominator printed with every rank.
    """
    eligible = {
        k: float(v)
        for k, v in values.items()
        if firms.get(k, 0) >= min_cell and v is not None and not math.isnan(float(v))
    }
    sign = -1.0 if descending else 1.0
    ordered = sorted(eligible.values(), key=lambda v: sign * v)
    out: dict[str, EligibleRank] = {}
    for key in sorted(values):
        if key not in eligible:
            out[key] = EligibleRank(None, False, len(eligible))
            continue
        value = eligible[key]
        better = sum(1 for v in ordered if sign * v < sign * value)
        same = sum(1 for v in ordered if v == value)
        out[key] = EligibleRank(better + 1, same > 1, len(eligible))
    return out
