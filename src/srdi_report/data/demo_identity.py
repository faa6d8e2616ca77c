"""Identity, dates and descriptive columns of the demo firms (nothing published depends on them).

Invented names (the demo core syllable plus syllables from ``demo_name_parts.csv``), founding
and recognition dates in order, listing and financing histories, industry tracks and profiles.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from srdi_report.data.demo_util import BoolArray, FloatArray, IntArray
from srdi_report.data.reference_files import read_reference_csv

_AGE_MEDIAN = {"national": 17.0, "provincial": 11.0}  # years (data_schema.md §6.2)
_AGE_SIGMA = 0.42
_MIN_AGE_AT_RECOGNITION = 3.0
_DAYS = 365.25
_BOARD_OPENED = {  # first listing date each venue allows
    "star": "2019-07-22",
    "bse": "2021-11-15",
    "chinext": "2009-10-30",
    "neeq": "2013-01-16",
    "main": "1991-01-01",
    "hkex": "1993-07-15",
    "us": "1995-01-01",
}
_FINANCED = {"national": 0.41, "provincial": 0.22}
_ROUNDS = (
    ("seed_angel", "pre_a", "a"),
    ("a", "b"),
    ("b", "c"),
    ("c", "d_plus", "pre_ipo", "strategic"),
)
_PROFILE_SHARE = 0.05  # firms without an evaluation that still carry a profile text


def firm_ids(n: int, rng: np.random.Generator, taken: set[str] | None = None) -> np.ndarray:
    """``n`` distinct ids ``DM`` + 8 digits (never a USCC), avoiding ``taken``."""
    taken = taken or set()
    out: list[str] = []
    seen = set(taken)
    while len(out) < n:
        draw = rng.integers(1, 10**8, size=int((n - len(out)) * 1.2) + 10)
        for value in draw:
            fid = f"DM{int(value):08d}"
            if fid not in seen:
                seen.add(fid)
                out.append(fid)
                if len(out) == n:
                    break
    return np.array(out, dtype=object)


def names(
    province: np.ndarray, city_short: np.ndarray, listed: BoolArray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Unique (within each province) invented Chinese names and their English forms."""
    parts = read_reference_csv("demo_name_parts")
    syl = parts.loc[parts["kind"] == "syllable"]
    words = parts.loc[parts["kind"] == "word"]
    core = parts.loc[parts["kind"] == "core"].iloc[0]
    form = parts.loc[parts["kind"] == "form"].iloc[0]
    form_l = parts.loc[parts["kind"] == "form_listed"].iloc[0]
    s_zh, s_en = syl["zh"].to_numpy(), syl["en"].to_numpy()
    w_zh, w_en = words["zh"].to_numpy(), words["en"].to_numpy()
    k, m = s_zh.size, w_zh.size
    n = province.size
    zh = np.empty(n, dtype=object)
    en = np.empty(n, dtype=object)
    space = k * k * m
    a = np.zeros(n, dtype=np.int64)
    b = np.zeros(n, dtype=np.int64)
    c = np.zeros(n, dtype=np.int64)
    order = np.argsort(province, kind="stable")
    bounds = np.flatnonzero(np.r_[True, province[order][1:] != province[order][:-1], True])
    for lo, hi in itertools.pairwise(bounds):
        idx = order[lo:hi]
        codes = rng.choice(space, size=idx.size, replace=idx.size > space)
        a[idx], rest = np.divmod(codes, k * m)
        b[idx], c[idx] = np.divmod(rest, m)
    tail_zh = np.where(listed, form_l["zh"], form["zh"])
    tail_en = np.where(listed, form_l["en"], form["en"])
    zh = (
        pd.Series(city_short, dtype=str)
        + core["zh"]
        + pd.Series(s_zh[a])
        + pd.Series(s_zh[b])
        + pd.Series(w_zh[c])
        + pd.Series(tail_zh)
    ).to_numpy(dtype=object)
    en = (
        core["en"]
        + " "
        + pd.Series(s_en[a])
        + pd.Series(np.char.lower(s_en[b].astype(str)))
        + " "
        + pd.Series(w_en[c])
        + " "
        + pd.Series(tail_en)
    ).to_numpy(dtype=object)
    return zh, en


def batches(
    national: BoolArray, rng: np.random.Generator, snapshot_year: int
) -> tuple[np.ndarray, np.ndarray]:
    """lg_batch (Int, 0 = none) and recognition dates for national firms."""
    table = read_reference_csv("demo_batches")
    years = read_reference_csv("lg_batches").set_index("batch")["year"].astype(int)
    table = table.loc[[int(years[b]) < snapshot_year for b in table["batch"]]]
    w = table["weight"].astype(float).to_numpy()
    nat = np.flatnonzero(national)
    batch = np.zeros(national.size, dtype=np.int64)
    from srdi_report.data.demo_geo import _largest_remainder

    counts = _largest_remainder(w, nat.size)
    order = rng.permutation(nat)
    batch[order] = np.repeat(table["batch"].astype(int).to_numpy(), counts)
    dates = np.full(national.size, np.datetime64("NaT"), dtype="datetime64[D]")
    announced = dict(zip(table["batch"].astype(int), table["announced"], strict=True))
    for b, d in announced.items():
        dates[batch == b] = np.datetime64(d)
    return batch, dates


def founded(
    national: BoolArray,
    recognition: np.ndarray,
    snapshot: np.datetime64,
    rng: np.random.Generator,
) -> np.ndarray:
    """Founding dates: older national firms, always before recognition."""
    median = np.where(national, _AGE_MEDIAN["national"], _AGE_MEDIAN["provincial"])
    age = median * np.exp(_AGE_SIGMA * rng.normal(0.0, 1.0, national.size))
    age = np.clip(age, 1.2, 70.0)
    days = np.floor(age * _DAYS).astype("timedelta64[D]")
    out = snapshot - days
    has = ~np.isnat(recognition)
    latest = recognition - np.timedelta64(int(_MIN_AGE_AT_RECOGNITION * _DAYS), "D")
    out[has] = np.minimum(
        out[has], latest[has] - rng.integers(0, 900, has.sum()).astype("timedelta64[D]")
    )
    result: np.ndarray = out
    return result


def listing_dates(
    boards: np.ndarray, founded_on: np.ndarray, snapshot: np.datetime64, rng: np.random.Generator
) -> np.ndarray:
    """A listing (or NEEQ quotation) date between the venue's opening and the snapshot."""
    out = np.full(boards.size, np.datetime64("NaT"), dtype="datetime64[D]")
    for i in np.flatnonzero(boards != "none"):
        venue = str(boards[i]).split(";")[0]
        start = max(
            np.datetime64(_BOARD_OPENED.get(venue, "1995-01-01")),
            founded_on[i] + np.timedelta64(3 * 365, "D"),
        )
        span = int((snapshot - start) / np.timedelta64(1, "D"))
        if span <= 1:
            boards[i] = "none"
            continue
        out[i] = start + np.timedelta64(int(rng.integers(0, span)), "D")
    return out


def financing(
    national: BoolArray,
    listed: BoolArray,
    founded_on: np.ndarray,
    snapshot: np.datetime64,
    z: FloatArray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """financing_events, last_financing_date, last_financing_round."""
    n = national.size
    p = np.where(national, _FINANCED["national"], _FINANCED["provincial"]) * np.exp(0.2 * z)
    p = np.where(listed, 0.95, np.minimum(p, 0.95))
    has = rng.random(n) < p
    events = np.where(has, 1 + rng.geometric(0.5, n) - 1 + listed.astype(int), 0)
    start = np.maximum(founded_on, np.datetime64("2012-01-01"))
    span = np.maximum((snapshot - start).astype(np.int64), 1)
    last = start + (rng.random(n) * span).astype("timedelta64[D]")
    last = np.where(has, last, np.datetime64("NaT"))
    rounds = np.full(n, None, dtype=object)
    for i in np.flatnonzero(has):
        choices = _ROUNDS[min(int(events[i]), len(_ROUNDS)) - 1]
        rounds[i] = choices[int(rng.integers(0, len(choices)))]
    return events.astype(float), last, rounds


def tracks(minor: np.ndarray) -> np.ndarray:
    """A local industry track from the firm's major class (empty where none fits)."""
    table = read_reference_csv("demo_tracks")
    mapping = dict(zip(table["major"], table["track"], strict=True))
    return np.array([mapping.get(str(c)[:2]) for c in minor], dtype=object)


def profiles(evals: dict[str, BoolArray], rng: np.random.Generator) -> np.ndarray:
    """Profile texts that state the evaluation a firm received (or a neutral sentence)."""
    table = read_reference_csv("demo_profiles").set_index("flag")["text"]
    n = next(iter(evals.values())).size
    out = np.full(n, None, dtype=object)
    neutral = rng.random(n) < _PROFILE_SHARE
    out[neutral] = table["none"]
    for column, flag in evals.items():
        for i in np.flatnonzero(flag):
            out[i] = table[column] if out[i] is None else out[i] + table[column]
    return out


def rd_staff_and_revenue(
    disclosing: BoolArray, listed: BoolArray, z: FloatArray, rng: np.random.Generator
) -> tuple[FloatArray, FloatArray]:
    """rd_staff_ratio (percent) for disclosing firms; revenue (CNY 10k) for listed ones."""
    n = z.size
    staff = np.where(
        disclosing, np.round(np.clip(18 + 9 * rng.normal(0, 1, n) + 3 * z, 3, 85), 2), np.nan
    )
    revenue = np.where(
        listed, np.round(np.exp(np.log(60000) + 0.9 * rng.normal(0, 1, n) + 0.5 * z), 2), np.nan
    )
    return staff, revenue


def members_of(mask: BoolArray) -> IntArray:
    """Indices where ``mask`` holds."""
    return np.flatnonzero(mask)
