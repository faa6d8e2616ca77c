"""c35: national-recognition rates by field and kcl_score band, made exact by class swaps.

The score of national_report.md §3.4 depends only on a firm's five indicators, so the rates
are moved without touching any value: two firms of the same level exchange their industry
classes (one inside the field, one outside every field of the table). Class sizes and national
ratios per class stay as planned; the field's score histogram per level changes.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from srdi_report.data.demo_targets import Targets
from srdi_report.data.demo_util import BoolArray, FloatArray, IntArray

_TOL = 0.00045  # inside the 0.05 pp tolerance of a 1-dp share
_SEARCH = 45
_TILT_CAP = 2.3  # the lowest band is the scarcest source of swap partners


def kcl_scores(columns: dict[str, np.ndarray], national: BoolArray) -> FloatArray:
    """kcl_score per firm, computed by the pipeline's own function (data/derive.py)."""
    from srdi_report.data.derive import kcl_score
    from srdi_report.data.derive_params import DeriveParameters

    frame = pd.DataFrame(
        {
            k: columns[k]
            for k in (
                "patents_total",
                "invention_grants",
                "insured_employees",
                "registered_capital",
                "software_copyrights",
            )
        }
    )
    frame["level"] = np.where(national, "national", "provincial")
    return kcl_score(frame, DeriveParameters()).to_numpy(dtype=float)


def _bands(
    targets: Targets,
) -> tuple[dict[str, list[tuple[str, float]]], list[tuple[float, float]]]:
    """Per field, (band key, rate); and the band edges [lo, hi) from the scopes."""
    fields: dict[str, list[tuple[str, float]]] = {}
    edges: dict[str, tuple[float, float]] = {}
    for key in targets.ids("c35_"):
        scope = targets.scopes[key]
        field = targets.scope_value(key, "field_domain")
        cond = scope.split("&")[-1]
        lo_m = re.search(r"([\d.]+)<=kcl_score", cond) or re.search(r"kcl_score>=([\d.]+)", cond)
        hi_m = re.search(r"kcl_score<([\d.]+)", cond)
        lo = float(lo_m.group(1)) if lo_m else -np.inf
        hi = float(hi_m.group(1)) if hi_m else np.inf
        band = f"{lo}-{hi}"
        edges[band] = (lo, hi)
        fields.setdefault(field, []).append((band, targets(key)))
    return fields, list(edges.values())


def _band_index(score: FloatArray, edges: list[tuple[float, float]]) -> np.ndarray:
    out = np.full(score.size, -1)
    for i, (lo, hi) in enumerate(edges):
        out[(score >= lo) & (score < hi)] = i
    return out


def _targets_hist(
    n0: np.ndarray, p_total: int, rates: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Integer national and provincial histograms with exact rates and the given sums."""
    n_total = int(n0.sum())
    w = (1 - rates / 100) / (rates / 100)
    order = np.argsort(-rates)  # highest rate (top band) first
    tilt = np.zeros(rates.size)
    tilt[order] = np.minimum(np.arange(rates.size), _TILT_CAP)
    base = np.maximum(n0, 1.0)

    def hist(lam: float) -> np.ndarray:
        h: np.ndarray = base * np.exp(lam * tilt)
        out: np.ndarray = h / h.sum() * n_total
        return out

    lo, hi = -10.0, 10.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if (hist(mid) * w).sum() < p_total:
            lo = mid
        else:
            hi = mid
    want = hist((lo + hi) / 2)
    last = int(order[-1])
    others = [int(i) for i in order[:-1]]
    options = []
    for i in others:
        opts = []
        for n in range(max(1, int(want[i]) - _SEARCH), int(want[i]) + _SEARCH + 1):
            for p in (int(np.floor(n * w[i])), int(np.ceil(n * w[i]))):
                if p >= 0 and abs(n / (n + p) - rates[i] / 100) <= _TOL:
                    opts.append((abs(n - want[i]), n, p))
        options.append(sorted(set(opts))[:30])
    best = None
    for a in options[0]:
        for b in options[1]:
            for c in options[2] if len(options) > 2 else [(0, 0, 0)]:
                n_last = n_total - a[1] - b[1] - c[1]
                p_last = p_total - a[2] - b[2] - c[2]
                if n_last <= 0 or p_last < 0:
                    continue
                if abs(n_last / (n_last + p_last) - rates[last] / 100) <= _TOL:
                    cost = a[0] + b[0] + c[0]
                    if best is None or cost < best[0]:
                        best = (cost, a, b, c, n_last, p_last)
    if best is None:
        return None
    n_out = np.zeros(rates.size, dtype=np.int64)
    p_out = np.zeros(rates.size, dtype=np.int64)
    for i, pick in zip(others, best[1:4], strict=False):
        n_out[i], p_out[i] = pick[1], pick[2]
    n_out[last], p_out[last] = best[4], best[5]
    return n_out, p_out


def calibrate_fields(
    targets: Targets,
    columns: dict[str, np.ndarray],
    national: BoolArray,
    minor: np.ndarray,
    movable: BoolArray,
    rng: np.random.Generator,
    champion: BoolArray | None = None,
    keep_all_medians: bool = False,
) -> list[str]:
    """Swap classes so every c35 rate is exact; returns the fields it could not solve."""
    from srdi_report.data.industry import load_industry

    industry = load_industry()
    domains = {c: industry.field_class(str(c)).field_domain for c in np.unique(minor)}
    fields, edges = _bands(targets)
    score = kcl_scores(columns, national)
    band = _band_index(score, edges)
    failed = []
    # Class medians at or above the national median are invisible to the score (each
    # indicator is capped at the benchmark); only the others constrain the swaps.
    # A class median at or above the national median is invisible to the score (each
    # indicator is capped at the benchmark): it is put back after the swaps instead.
    medians = {}
    for k, (members, col, m) in _class_medians(targets, minor).items():
        bench = float(np.median(np.asarray(columns[col], dtype=float)[national]))
        if m < bench or keep_all_medians:
            medians[k] = (members, col, m)
    done: list[str] = []
    # Software last: its surplus of low scores feeds the other fields as partners first.
    order = sorted(fields, key=lambda f: f == "software_it")
    for field in order:
        rows = fields[field]
        field_of = pd.Series(minor).map(domains).to_numpy(dtype=object)
        in_c = _manufacturing(minor)
        inside = field_of == field
        in_target_class = np.zeros(minor.size, dtype=bool)
        for members, _col, _m in medians.values():
            in_target_class |= members
        # Partners: firms outside the fields already calibrated (and outside this one).
        outside = ~np.isin(field_of, [*done, field]) & movable & ~in_target_class
        band_keys = [b for b, _ in rows]
        rates = np.array([r for _, r in rows])
        idx_of = {f"{lo}-{hi}": i for i, (lo, hi) in enumerate(edges)}
        cols = [idx_of[b] for b in band_keys]
        n0 = np.array([np.sum(inside & national & (band == c)) for c in cols], dtype=float)
        p0 = np.array([np.sum(inside & ~national & (band == c)) for c in cols], dtype=float)
        solved = _targets_hist(n0, int(p0.sum()), rates)
        if solved is None or not _feasible(solved, n0, p0, inside, national, band, cols, movable):
            failed.append(field)
            done.append(field)
            continue
        for flag, target in ((True, solved[0]), (False, solved[1])):
            level = national == flag
            need: dict[int, int] = {}
            outs: list[IntArray] = []
            for j, c in enumerate(cols):
                cur = int(np.sum(inside & level & (band == c)))
                d = int(target[j]) - cur
                if d < 0:
                    pool = rng.permutation(np.flatnonzero(inside & level & (band == c) & movable))
                    # Firms of classes without a published median move first.
                    pool = pool[np.argsort(in_target_class[pool], kind="stable")]
                    outs.append(pool[:-d])
                elif d > 0:
                    need[c] = d
            out_idx = rng.permutation(np.concatenate(outs)) if outs else np.zeros(0, dtype=np.int64)
            _swap(
                out_idx, need, outside & level, band, minor, medians, columns, rng, champion, in_c
            )
        done.append(field)
    return failed


def _class_medians(targets: Targets, minor: np.ndarray) -> dict[str, tuple[BoolArray, str, float]]:
    """Classes with a published median (c33): membership, column and value."""
    codes = minor.astype(str).astype("U4")
    out: dict[str, tuple[BoolArray, str, float]] = {}
    for key in targets.ids("c33_"):
        if "_median_" not in key:
            continue
        col = targets.scopes[key].split("=")[0].strip()
        code = targets.scope_value(key, col)
        width = {"gbt_minor": 4, "gbt_middle": 3, "gbt_major": 2}[col]
        members = np.char.startswith(codes, code) & (len(code) == width)
        column = "software_copyrights" if "_sw_" in key else "invention_grants"
        out[key] = (members, column, targets(key))
    return out


def _swap(
    out_idx: IntArray,
    need: dict[int, int],
    candidates: BoolArray,
    band: np.ndarray,
    minor: np.ndarray,
    medians: dict[str, tuple[BoolArray, str, float]],
    columns: dict[str, np.ndarray],
    rng: np.random.Generator,
    champion: BoolArray | None = None,
    in_c: BoolArray | None = None,
) -> None:
    """Exchange classes of out-movers with candidates of the needed bands.

    A firm leaving a class with a published median is replaced by one on the same side of
    that median (below, at or above), so the class median does not move. Single champions
    only ever hold manufacturing (section C) classes.
    """
    champ = np.zeros(minor.size, dtype=bool) if champion is None else champion
    manufacturing = _manufacturing(minor) if in_c is None else in_c
    pools = {c: rng.permutation(np.flatnonzero(candidates & (band == c))) for c in need}
    used = {c: np.zeros(pools[c].size, dtype=bool) for c in need}
    for i in out_idx:
        open_bands = [c for c, k in need.items() if k > 0]
        if not open_bands:
            break
        conds = [
            (columns[col], float(np.sign(columns[col][i] - m)), m)
            for members, col, m in medians.values()
            if members[i]
        ]
        for c in rng.permutation(open_bands):
            c = int(c)
            ok = ~used[c]
            if champ[i]:
                ok &= manufacturing[pools[c]]
            if not manufacturing[i]:
                ok &= ~champ[pools[c]]
            for v, side, m in conds:
                ok &= np.sign(v[pools[c]] - m) == side
            hits = np.flatnonzero(ok)
            if hits.size:
                pos = int(hits[0])
                used[c][pos] = True
                j = pools[c][pos]
                minor[i], minor[j] = minor[j], minor[i]
                manufacturing[i], manufacturing[j] = manufacturing[j], manufacturing[i]
                need[c] -= 1
                break


def _feasible(
    solved: tuple[np.ndarray, np.ndarray],
    n0: np.ndarray,
    p0: np.ndarray,
    inside: BoolArray,
    national: BoolArray,
    band: np.ndarray,
    cols: list[int],
    movable: BoolArray,
) -> bool:
    """True when every band can give up the firms the target histograms take away."""
    for flag, target, cur in ((True, solved[0], n0), (False, solved[1], p0)):
        for j, c in enumerate(cols):
            out = cur[j] - target[j]
            if out > 0:
                supply = int(np.sum(inside & (national == flag) & (band == c) & movable))
                if supply < out:
                    return False
    return True


def _manufacturing(minor: np.ndarray) -> BoolArray:
    """True where the class is in section C (majors 13-43)."""
    codes = pd.Series(minor)
    uniq = codes.unique()
    flags = {u: 13 <= int(str(u)[:2]) <= 43 for u in uniq}
    return codes.map(flags).to_numpy(dtype=bool)
