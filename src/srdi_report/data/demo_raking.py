"""Median raking: group offsets on a log scale until every group median is on target.

Many published medians are over overlapping groups (level x standards, level x evaluation,
cities, R&D bands, industry classes). Each firm's log value is a base draw plus the offsets
of its groups; offsets are moved, a damped step at a time, by the log gap between a group's
current median and its target. Exact values at the central order statistics are put last by
``pin_groups``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from srdi_report.data.demo_util import FloatArray, IntArray, pin_median

_DAMP = 0.85


@dataclass(frozen=True)
class MedianGroup:
    """Firms of one published median and its value."""

    name: str
    members: IntArray
    target: float


def rake(
    log_base: FloatArray,
    groups: list[MedianGroup],
    iterations: int,
    cap: FloatArray | None = None,
    floor_value: float = 0.0,
) -> FloatArray:
    """Return values ``exp(log_base + offsets)`` whose group medians meet their targets."""
    log_v = log_base.copy()
    for _ in range(iterations):
        worst = 0.0
        for group in groups:
            if group.members.size == 0:
                continue
            vals = np.exp(log_v[group.members])
            if cap is not None:
                vals = np.minimum(vals, cap[group.members])
            cur = float(np.median(np.floor(np.maximum(vals, floor_value) + 0.5)))
            cont = float(np.median(np.maximum(vals, floor_value)))
            if cur == group.target:
                continue
            step = np.log(max(group.target, 0.3)) - np.log(max(cont, 0.3))
            log_v[group.members] += _DAMP * step
            worst = max(worst, abs(cur - group.target))
        if worst == 0.0:
            break
    out = np.exp(log_v)
    if cap is not None:
        out = np.minimum(out, cap)
    return np.floor(np.maximum(out, floor_value) + 0.5)


def pin_groups(values: FloatArray, groups: list[MedianGroup]) -> None:
    """Put each target at its group's central order statistics (in place)."""
    for group in groups:
        if group.members.size:
            pin_median(values, group.members, group.target)


def misses(values: FloatArray, groups: list[MedianGroup]) -> list[tuple[str, float, float]]:
    """Groups whose median is off target: (name, median, target)."""
    out = []
    for g in groups:
        if g.members.size == 0:
            continue
        med = float(np.median(values[g.members]))
        if abs(med - g.target) > 0.5:
            out.append((g.name, med, g.target))
    return out
