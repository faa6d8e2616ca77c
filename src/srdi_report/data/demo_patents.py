"""The demo ``patents`` table (data_schema.md §2.10, §6): national firms' inventions.

One row per invention application of every national-level firm of a demo snapshot, filed from
``snapshot_year − 6`` to the end of ``snapshot_year − 1`` (the widest window of
national_report.md §0). Per firm the table agrees with the firm counts it overlaps:

- rows = ``invention_applications``; granted rows = ``invention_grants``; granted + rejected +
  withdrawn = ``invention_decided``; the rest are pending;
- ``is_pct`` rows = ``pct_applications``; foreign-related rows (PCT or a foreign office) =
  ``foreign_patents``.

Dates: granted applications lean to the early years, pending ones to the last two, so that the
means and the grant rate of charts 43–44 rise; a refusal or withdrawal carries its decision
date as ``publication_date`` (the table has no decision column), a grant its grant date. Main
IPC subclasses come from ``ipc_subclasses.csv`` (which also gives ``industry_field``) with the
demo weights of ``demo_ipc_weights.csv``, tilted towards the firm's own industry.

Everything is vectorised: about 1.4 million rows for 2026 in a few seconds. The cached table
sits beside the firm snapshots (``patents_<year>.parquet`` in the demo cache folder).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from srdi_report.config.model import DemoConfig
from srdi_report.data.reference_files import read_reference_csv

IntArray = npt.NDArray[np.int64]
PATENTS_STREAM = 42  # a separate random stream: the firm snapshots never depend on it
WINDOW_YEARS = 6
HOME_SHARE = 0.55  # share of a firm's filings in the subclasses of its own industry
REFUSED_SHARE = 0.6  # of decided, not granted applications: rejected (the rest withdrawn)
FAST_TRACK_SHARE = 0.05  # grants within a year of filing (priority examination)
PCT_WITHOUT_OFFICE = 0.25  # PCT filings still in the international phase (no national office)
# Application-year weights (oldest → newest year of the window) per final status.
YEAR_WEIGHTS: Mapping[str, tuple[float, ...]] = MappingProxyType(
    {
        "granted": (0.17, 0.2, 0.21, 0.2, 0.16, 0.06),
        "refused": (0.26, 0.23, 0.19, 0.15, 0.11, 0.06),
        "pending": (0.01, 0.02, 0.05, 0.15, 0.32, 0.45),
    }
)
# Filing offices of foreign-related inventions (WIPO ST.3), demo weights.
OFFICE_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        "US": 0.27,
        "EP": 0.19,
        "TW": 0.13,
        "JP": 0.11,
        "KR": 0.09,
        "DE": 0.04,
        "IN": 0.03,
        "GB": 0.025,
        "AU": 0.02,
        "RU": 0.02,
        "SG": 0.02,
        "CA": 0.015,
        "VN": 0.015,
        "BR": 0.01,
    }
)
# Firm industries outside manufacturing whose filings sit in these fields' subclasses.
HOME_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "63": ("392",),
        "64": ("391", "392"),
        "65": ("391",),
        "73": ("40",),
        "74": ("40",),
        "75": ("40", "391"),
    }
)
STATUSES = ("granted", "rejected", "withdrawn", "pending")  # codes 0–3 of the generator
COLUMNS = (
    "snapshot_date",
    "patent_id",
    "firm_id",
    "kind",
    "application_date",
    "publication_date",
    "grant_date",
    "legal_status",
    "ipc_main",
    "industry_field",
    "is_pct",
    "foreign_jurisdictions",
)
_ID_WEIGHTS = np.array([2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], dtype=np.int64)


def generate_patents(firms: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The demo patents of the national firms of one snapshot frame.

    Args:
        firms: A canonical demo snapshot (``demo_firms``).
        rng: The generator every draw comes from.

    Returns:
        The canonical patents frame (columns :data:`COLUMNS`), rows in patent_id order.
    """
    national = firms[firms["level"].astype(str) == "national"].sort_values("firm_id")
    snapshot = pd.Timestamp(national["snapshot_date"].iloc[0])
    counts = {
        c: national[c].fillna(0).to_numpy(dtype=np.int64)
        for c in (
            "invention_applications",
            "invention_decided",
            "invention_grants",
            "pct_applications",
            "foreign_patents",
        )
    }
    per_firm = counts["invention_applications"]
    firm = np.repeat(np.arange(len(national)), per_firm)
    starts = np.cumsum(per_firm) - per_firm
    place = np.arange(len(firm)) - starts[firm]  # position of a row among its firm's rows
    granted = place < counts["invention_grants"][firm]
    decided = place < counts["invention_decided"][firm]
    refused = decided & ~granted
    rejected = refused & (rng.random(len(firm)) < REFUSED_SHARE)

    first = pd.Timestamp(snapshot.year - WINDOW_YEARS, 1, 1)
    applied, published, grant = _dates(rng, granted, refused, rejected, first, snapshot)
    # foreign-related rows: a random subset of each firm's rows, PCT ones first
    rank = _rank_in_firm(rng, firm, starts)
    pct = rank < counts["pct_applications"][firm]
    foreign = rank < counts["foreign_patents"][firm]
    offices = _offices(rng, pct, foreign)
    subclasses, fields, ipc = _subclasses(rng, national["gbt_minor"].astype(str).to_numpy(), firm)

    order = _shuffled_order(rng, applied)  # serials follow the filing date
    n = len(firm)
    status_codes = np.where(decided, np.where(granted, 0, np.where(rejected, 1, 2)), 3)[order]
    columns: dict[str, object] = {
        "snapshot_date": np.full(n, np.datetime64(snapshot.date(), "ns")),
        "patent_id": _text(_application_numbers(applied[order], np.arange(n))),
        "firm_id": _coded(firm[order], national["firm_id"].astype(str).to_numpy()),
        "kind": _coded(np.zeros(n, dtype=np.int64), np.array(["invention"])),
        "application_date": _as_dates(applied[order]),
        "publication_date": _as_dates(published[order]),
        "grant_date": _as_dates(grant[order]),
        "legal_status": _coded(status_codes, np.array(STATUSES)),
        "ipc_main": _coded(ipc[order], subclasses),
        "industry_field": _coded(ipc[order], fields),
        "is_pct": pd.array(pct[order], dtype="boolean"),
        "foreign_jurisdictions": _text(offices[order]),
    }
    return pd.DataFrame(columns)


def demo_patents(config: DemoConfig, year: int) -> pd.DataFrame:
    """The demo patents table of snapshot ``year``, generated once and cached.

    Args:
        config: Seed and cache folder of the demo data.
        year: A demo snapshot year (2026, 2025).

    Returns:
        The canonical patents frame, as ``load_patents`` would produce it (plus the derived
        ``industry_field``).
    """
    from srdi_report.data.demo_cache import demo_firms, ensure_demo
    from srdi_report.data.demo_writers import parquet_bytes
    from srdi_report.fileio import write_atomic

    path = ensure_demo(config).folder / f"patents_{year}.parquet"
    if path.exists():
        return _typed(pd.read_parquet(path))
    rng = np.random.Generator(np.random.PCG64([config.seed, year, PATENTS_STREAM]))
    frame = generate_patents(demo_firms(config, year), rng)
    write_atomic(path, parquet_bytes(frame))
    return frame


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Canonical dtypes after a parquet round trip."""
    for column in frame.columns:
        if column.endswith("_date"):
            frame[column] = frame[column].astype("datetime64[ns]")
        elif column == "is_pct":
            frame[column] = frame[column].astype("boolean")
        else:
            frame[column] = frame[column].astype("string")
    return frame


def _day_in_year(rng: np.random.Generator, years: IntArray, last: np.datetime64) -> IntArray:
    """A uniform day of each year (days since 1970), never after ``last``."""
    start = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    end = (years - 1969).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    end = np.minimum(end, int(last.astype(np.int64)) + 1)
    return start + (rng.random(len(years)) * (end - start)).astype(np.int64)


def _dates(
    rng: np.random.Generator,
    granted: npt.NDArray[np.bool_],
    refused: npt.NDArray[np.bool_],
    rejected: npt.NDArray[np.bool_],
    first: pd.Timestamp,
    snapshot: pd.Timestamp,
) -> tuple[IntArray, IntArray, IntArray]:
    """Application, publication and grant days (days since 1970; −1 = none) of every row."""
    n = len(granted)
    years = np.arange(first.year, first.year + WINDOW_YEARS)
    group = np.where(granted, 0, np.where(refused, 1, 2))
    year = np.empty(n, dtype=np.int64)
    for code, name in enumerate(("granted", "refused", "pending")):
        rows = group == code
        weights = np.asarray(YEAR_WEIGHTS[name])
        year[rows] = rng.choice(years, size=int(rows.sum()), p=weights / weights.sum())
    last_filing = np.datetime64(f"{first.year + WINDOW_YEARS - 1}-12-31")
    last = min(last_filing, np.datetime64(snapshot.date(), "D"))
    applied = _day_in_year(rng, year, last)
    end = int(np.datetime64(snapshot.date(), "D").astype(np.int64))
    # Examination takes 1–4 years; a few grants are fast-tracked (priority examination) and
    # withdrawals come early, so that the first decision years are not all grants.
    fast = granted & (rng.random(n) < FAST_TRACK_SHARE)
    lag = np.select(
        [fast, granted, rejected],
        [
            rng.uniform(120.0, 365.0, n),
            420.0 + rng.gamma(3.0, 150.0, n),
            450.0 + rng.gamma(3.0, 150.0, n),
        ],
        120.0 + rng.gamma(2.0, 200.0, n),
    ).astype(np.int64)
    decided_on = applied + lag
    late = decided_on > end  # decided before the snapshot, so squeezed into the time left
    room = np.maximum(end - applied[late], 1)
    decided_on[late] = applied[late] + 1 + (rng.random(int(late.sum())) * (room - 1)).astype(int)
    # a pending application is published 6–18 months after filing, unless not yet
    shown = applied + rng.integers(180, 549, n)
    shown = np.where(shown <= end, shown, -1)
    decided = granted | refused
    published = np.where(decided, decided_on, shown)
    grant = np.where(granted, decided_on, -1)
    return applied, published, grant


def _as_dates(days: IntArray) -> pd.Series:
    values = days.astype("datetime64[D]").astype("datetime64[ns]")
    values[days < 0] = np.datetime64("NaT")
    return pd.Series(values)


def _shuffled_order(rng: np.random.Generator, keys: IntArray) -> IntArray:
    """Positions sorted by ``keys``, ties in random order (a stable integer sort of a shuffle)."""
    shuffle = rng.permutation(len(keys))
    ranked: IntArray = shuffle[np.argsort(keys[shuffle], kind="stable")]
    return ranked


def _rank_in_firm(rng: np.random.Generator, firm: IntArray, starts: IntArray) -> IntArray:
    """A random order of each firm's rows: 0, 1, 2 … per firm."""
    order = _shuffled_order(rng, firm)
    rank = np.empty(len(firm), dtype=np.int64)
    rank[order] = np.arange(len(firm)) - starts[firm[order]]
    return rank


def _offices(
    rng: np.random.Generator, pct: npt.NDArray[np.bool_], foreign: npt.NDArray[np.bool_]
) -> npt.NDArray[np.object_]:
    """``;``-joined foreign offices: 1–4 for a Paris filing, 0–3 for a PCT filing."""
    codes = np.array(list(OFFICE_WEIGHTS))
    weights = np.array(list(OFFICE_WEIGHTS.values()))
    rows = np.flatnonzero(foreign)
    size = np.minimum(rng.geometric(0.55, len(rows)), 4)
    size = np.where(pct[rows], np.where(rng.random(len(rows)) < PCT_WITHOUT_OFFICE, 0, size), size)
    size = np.minimum(size, 3 + ~pct[rows])
    # weighted sampling without replacement: the top keys of log-weight + Gumbel noise
    keys = np.log(weights)[None, :] + rng.gumbel(size=(len(rows), len(codes)))
    picked = np.argsort(-keys, axis=1)[:, :4]
    picked.sort(axis=1)  # offices in the order of OFFICE_WEIGHTS (US first)
    text = np.full(len(rows), "", dtype=object)
    for slot in range(4):
        has = size > slot
        part = codes[picked[has, slot]].astype(object)
        text[has] = np.where(slot == 0, part, text[has] + ";" + part)
    out = np.full(len(foreign), None, dtype=object)
    text[text == ""] = None
    out[rows] = text
    return out


def _subclasses(
    rng: np.random.Generator, gbt_minor: npt.NDArray[Any], firm: IntArray
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.str_], IntArray]:
    """Subclasses, their industry fields, and the subclass position of every row.

    A share :data:`HOME_SHARE` of a firm's rows is drawn among the subclasses of its own
    industry (its GB/T major, or :data:`HOME_FIELDS`); the rest from the demo weights.
    """
    table = read_reference_csv("ipc_subclasses.csv")
    weights = read_reference_csv("demo_ipc_weights.csv").set_index("ipc_subclass")["weight"]
    subclass = table["ipc_subclass"].to_numpy(dtype=str)
    fields = table["industry_field"].to_numpy(dtype=str)
    base = weights.reindex(subclass).astype(float).to_numpy()
    base /= base.sum()
    choice = rng.choice(len(subclass), size=len(firm), p=base)
    majors, firm_major = np.unique([code[:2] for code in gbt_minor], return_inverse=True)
    row_major = firm_major[firm]
    home_rows = rng.random(len(firm)) < HOME_SHARE
    field_major = np.array([f[:2] for f in fields])
    for position, code in enumerate(majors.tolist()):
        own = (*HOME_FIELDS.get(code, ()), code)
        members = np.flatnonzero(np.isin(fields, own) | (field_major == code))
        if not members.size:
            continue
        rows = np.flatnonzero(home_rows & (row_major == position))
        p = base[members] / base[members].sum()
        choice[rows] = members[rng.choice(members.size, size=rows.size, p=p)]
    return subclass, fields, choice.astype(np.int64)


def _coded(codes: IntArray, values: npt.NDArray[Any]) -> pd.Series:
    """A ``string`` column from positions into a few values (cheap for many rows)."""
    uniques, inverse = np.unique(values, return_inverse=True)
    categories = pd.Categorical.from_codes(inverse[codes], pd.Index(uniques.astype(object)))
    return pd.Series(categories).astype("string")


def _text(values: npt.NDArray[np.object_]) -> pd.Series:
    return pd.Series(pd.array(values, dtype="string"))


def _application_numbers(applied: IntArray, serial: IntArray) -> npt.NDArray[np.object_]:
    """CNIPA invention application numbers: ``CN`` + year + ``1`` + 7 digits + ``.`` + check.

    The check character is the CNIPA one: digits weighted 2–9, 2–5, sum mod 11, 10 = ``X``.
    Built as ASCII bytes column by column (formatting a million numbers one by one is slow).
    """
    years = applied.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    number = years * 10**8 + 10**7 + serial  # 12 digits: year, type 1, serial
    chars = np.empty((len(number), 16), dtype=np.uint8)
    chars[:, 0], chars[:, 1], chars[:, 14] = ord("C"), ord("N"), ord(".")
    total = np.zeros(len(number), dtype=np.int64)
    rest = number.copy()
    for place in range(11, -1, -1):
        digit = rest % 10
        rest //= 10
        chars[:, 2 + place] = ord("0") + digit
        total += digit * _ID_WEIGHTS[place]
    check = total % 11
    chars[:, 15] = np.where(check == 10, ord("X"), ord("0") + check)
    return chars.view("S16").ravel().astype("U16").astype(object)
