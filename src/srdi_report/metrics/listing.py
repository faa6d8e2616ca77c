"""Listing and financing of a scope's firms (city_edition.md §3 section 8, §4.7).

Listing status and board are identity attributes (§5: published by the exchanges), so the board
counts are never withheld; a firm listed on two venues (``main;hkex``) counts once in
``listed`` and once per venue. Financing is an attribute (§2.11): the shares of financed firms
by their last round are withheld under ``min_cell`` and small rounds are pooled into ``other``
(§5 rule 3, ``disclosure.pool_categories``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.data.derive_params import EXCHANGE_BOARDS
from srdi_report.metrics.columns import numeric
from srdi_report.metrics.disclosure import OTHER, pool_categories
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.suppression import Disclosure

BOARD = "board"
ROUND = "round"
LISTED = "listed"  # firms on an exchange (NEEQ quotation is not a listing)
FINANCED = "financed"  # firms with at least one primary-market round
# §4.7 order of the venues; anything else of the vocabulary is "other"
BOARDS = ("main", "chinext", "star", "bse", "neeq", "hkex")
ROUNDS = ("seed_angel", "pre_a", "a", "b", "c", "d_plus", "pre_ipo", "strategic", "equity")
# chart labels (label sources "listing_board" and "financing_round", figures.labels)
BOARD_MSGIDS = {
    LISTED: "Listed on an exchange",
    "main": "Main Board",
    "chinext": "ChiNext",
    "star": "STAR Market",
    "bse": "BSE",
    "neeq": "NEEQ",
    "hkex": "HKEX",
    OTHER: "Other venues",
}
ROUND_MSGIDS = {
    FINANCED: "Financed firms",
    "seed_angel": "Seed or angel round",
    "pre_a": "Pre-A round",
    "a": "Series A",
    "b": "Series B",
    "c": "Series C",
    "d_plus": "Series D or later",
    "pre_ipo": "Pre-IPO round",
    "strategic": "Strategic financing",
    "equity": "Equity financing",
    OTHER: "Other rounds",
}


@metric("listing_by_board", Unit.SHARE, keys=(BOARD,), disclosure=Disclosure.IDENTITY)
def listing_by_board(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Firms listed (any exchange) and firms per venue, with their share of the scope's firms.

    Rows: ``listed``, then the venues of :data:`BOARDS` and ``other`` (foreign and other
    venues); a firm on two venues counts once per venue. Empty when the data has no
    ``listing_board`` column.
    """
    del context
    columns = [BOARD, "firms", "share", N_COLUMN]
    if "listing_board" not in firms.columns:
        return pd.DataFrame({c: [] for c in columns})
    boards = firms["listing_board"].astype("string").fillna("").to_numpy(dtype=object)
    venues = [[p.strip() for p in str(b).split(";") if p.strip()] for b in boards]
    total = len(firms)
    listed = sum(1 for parts in venues if any(p in EXCHANGE_BOARDS for p in parts))
    counts = dict.fromkeys((*BOARDS, OTHER), 0)
    for parts in venues:
        for part in parts:
            if part == "none":
                continue
            counts[part if part in counts else OTHER] += 1
    rows = [(LISTED, listed), *counts.items()]
    return pd.DataFrame(
        [(key, n, n / total if total else np.nan, total) for key, n in rows], columns=columns
    )


@metric("financing_by_round", Unit.SHARE, keys=(ROUND,))
def financing_by_round(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Firms with primary-market financing, and by their last round (small rounds pooled).

    Rows: ``financed`` (share of the scope's firms), then each round in the order of
    :data:`ROUNDS` with ``other`` last, as shares of the scope's firms. Empty when the data has
    no ``financing_events`` column.
    """
    columns = [ROUND, "firms", "share", N_COLUMN]
    if "financing_events" not in firms.columns:
        return pd.DataFrame({c: [] for c in columns})
    events = numeric(firms, "financing_events")
    financed = np.nan_to_num(events) > 0
    total = len(firms)
    by_round: dict[str, int] = {}
    if "last_financing_round" in firms.columns:
        rounds = firms["last_financing_round"].astype("string").fillna("").to_numpy(dtype=object)
        for value, hit in zip(rounds, financed, strict=True):
            if hit:
                key = value if value in ROUNDS else OTHER
                by_round[key] = by_round.get(key, 0) + 1
    pooled = pool_categories(by_round, context.config.min_cell)
    order = [r for r in ROUNDS if r in pooled] + ([OTHER] if OTHER in pooled else [])
    rows = [(FINANCED, int(financed.sum())), *((r, pooled[r]) for r in order)]
    return pd.DataFrame(
        [(key, n, n / total if total else np.nan, total) for key, n in rows], columns=columns
    )
