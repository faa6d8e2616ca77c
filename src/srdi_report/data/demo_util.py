"""Small vectorised helpers shared by the demo generator's modules."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def count_for_share(share_pct: float, n: int) -> int:
    """The whole number of firms whose share of ``n`` rounds to ``share_pct`` best."""
    return int(np.floor(share_pct / 100.0 * n + 0.5))


def ratio_count(ratio_pct: float, total: int) -> int:
    """Firms out of ``total`` nearest to a percentage."""
    return int(np.floor(ratio_pct / 100.0 * total + 0.5))


def median_positions(n: int, spread: int = 2) -> IntArray:
    """Sorted positions around the median of ``n`` values (the central pair and neighbours)."""
    lo = (n - 1) // 2
    hi = n // 2
    start = max(0, lo - spread)
    stop = min(n, hi + spread + 1)
    return np.arange(start, stop, dtype=np.int64)


def _pin_positions(values: FloatArray, members: IntArray, lo: int, hi: int, target: float) -> None:
    """Make sorted positions ``lo..hi`` of ``values[members]`` equal ``target`` (in place).

    The fewest values move: the largest ones below ``target`` are raised to it while more than
    ``lo`` lie below, and the smallest ones above are lowered to it while fewer than ``hi + 1``
    lie at or below.
    """
    vals = values[members]
    below = np.flatnonzero(vals < target)
    if below.size > lo:
        order = below[np.argsort(vals[below], kind="stable")]
        values[members[order[lo:]]] = target
    vals = values[members]
    at_or_below = int((vals <= target).sum())
    if at_or_below < hi + 1:
        above = np.flatnonzero(vals > target)
        order = above[np.argsort(vals[above], kind="stable")]
        values[members[order[: hi + 1 - at_or_below]]] = target


def pin_median(values: FloatArray, members: IntArray, target: float, spread: int = 2) -> None:
    """Put ``target`` at the central order statistics of ``values[members]`` (in place).

    Any median definition (lower, upper, mean of the central pair, linear percentile) then
    gives ``target``; the fewest values change (see ``_pin_positions``).
    """
    if members.size == 0:
        return
    pos = median_positions(members.size, spread)
    _pin_positions(values, members, int(pos[0]), int(pos[-1]), target)


def pin_quantile(
    values: FloatArray, members: IntArray, q: float, target: float, spread: int = 1
) -> None:
    """Put ``target`` at the order statistics that a linear ``q``-quantile reads (in place)."""
    if members.size == 0:
        return
    h = (members.size - 1) * q
    lo = max(0, int(np.floor(h)) - spread)
    hi = min(members.size - 1, int(np.ceil(h)) + spread)
    _pin_positions(values, members, lo, hi, target)


def fix_integer_sum(
    values: FloatArray,
    members: IntArray,
    target_sum: int,
    rng: np.random.Generator,
    lower: FloatArray | None = None,
    upper: FloatArray | None = None,
) -> None:
    """Add or remove units on random members so that their integer values sum to target."""
    if members.size == 0:
        return
    diff = int(target_sum - round(float(values[members].sum())))
    step = 1.0 if diff > 0 else -1.0
    guard = 0
    while diff != 0 and guard < 50:
        guard += 1
        k = min(abs(diff), members.size)
        pick = rng.choice(members, size=k, replace=False)
        new = values[pick] + step
        ok = np.ones(k, dtype=bool)
        if lower is not None:
            ok &= new >= lower[pick]
        if upper is not None:
            ok &= new <= upper[pick]
        ok &= new >= 0
        values[pick[ok]] = new[ok]
        diff -= int(step) * int(ok.sum())


def affine_to_mean(
    values: FloatArray,
    members: IntArray,
    floor: float,
    target_sum: float,
    cap: float = float("inf"),
) -> float:
    """Stretch the excess over ``floor`` of ``values[members]`` so their sum is ``target_sum``.

    Values stay at or above ``floor`` (and at or below ``cap``), so counts above and below
    ``floor`` and every order statistic below it are unchanged. Returns the factor used.
    """
    if members.size == 0:
        return 1.0
    excess = np.maximum(values[members] - floor, 0.0)
    base = values[members] - excess
    need = target_sum - float(base.sum())
    lo, hi = 0.0, 1.0
    while (
        float(np.minimum(floor + hi * excess, cap).sum() - floor * excess.size) < need and hi < 1e6
    ):
        hi *= 2.0
    for _ in range(80):
        mid = (lo + hi) / 2.0
        total = float((np.minimum(base + mid * excess, np.maximum(base, cap))).sum())
        if total < target_sum:
            lo = mid
        else:
            hi = mid
    factor = (lo + hi) / 2.0
    values[members] = np.minimum(base + factor * excess, np.maximum(base, cap))
    return factor


def choose(rng: np.random.Generator, pool: IntArray, k: int) -> IntArray:
    """``k`` distinct members of ``pool`` (sorted), or all of it when ``k`` exceeds its size."""
    k = max(0, min(int(k), pool.size))
    return np.sort(rng.choice(pool, size=k, replace=False)) if k else pool[:0]


def weighted_choose(
    rng: np.random.Generator, pool: IntArray, k: int, weight: FloatArray
) -> IntArray:
    """``k`` distinct members of ``pool`` drawn with probability rising with ``weight``."""
    k = max(0, min(int(k), pool.size))
    if k == 0:
        return pool[:0]
    keys = np.log(rng.random(pool.size)) / np.maximum(weight, 1e-12)
    top = np.argpartition(-keys, k - 1)[:k]
    return np.sort(pool[top])


def _mask(indices: IntArray, size: int) -> BoolArray:
    m = np.zeros(size, dtype=bool)
    m[indices] = True
    return m


def setdiff(a: IntArray, b: IntArray) -> IntArray:
    """Sorted indices of ``a`` not in ``b`` (index arrays; faster than ``np.setdiff1d``)."""
    if a.size == 0:
        return a
    size = int(max(a.max(), b.max() if b.size else 0)) + 1
    keep = _mask(a, size) & ~_mask(b, size)
    return np.flatnonzero(keep)


def intersect(a: IntArray, b: IntArray) -> IntArray:
    """Sorted indices in both ``a`` and ``b``."""
    if a.size == 0 or b.size == 0:
        return a[:0]
    size = int(max(a.max(), b.max())) + 1
    return np.flatnonzero(_mask(a, size) & _mask(b, size))


def union(a: IntArray, b: IntArray) -> IntArray:
    """Sorted indices in ``a`` or ``b``."""
    if a.size == 0:
        return np.sort(b)
    if b.size == 0:
        return np.sort(a)
    size = int(max(a.max(), b.max())) + 1
    return np.flatnonzero(_mask(a, size) | _mask(b, size))


def pin_median_room(
    values: FloatArray, members: IntArray, target: float, room: FloatArray, spread: int = 2
) -> None:
    """``pin_median`` that raises only values whose ``room`` covers the rise (in place)."""
    if members.size == 0:
        return
    pos = median_positions(members.size, spread)
    lo, hi = int(pos[0]), int(pos[-1])
    vals = values[members]
    below = np.flatnonzero(vals < target)
    if below.size > lo:
        # Lowering is always possible: the largest values below the target rise only where
        # they can; otherwise values above come down to it.
        feasible = below[room[members[below]] >= target - vals[below]]
        order = feasible[np.argsort(-vals[feasible], kind="stable")]
        take = order[: below.size - lo]
        values[members[take]] = target
    vals = values[members]
    at_or_below = int((vals <= target).sum())
    if at_or_below < hi + 1:
        above = np.flatnonzero(vals > target)
        order = above[np.argsort(vals[above], kind="stable")]
        values[members[order[: hi + 1 - at_or_below]]] = target
