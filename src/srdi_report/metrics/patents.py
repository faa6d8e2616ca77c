"""Patent trends of national Little Giants from the optional ``patents`` table (charts 42–47).

The table comes with the firm frame (``data/patent_table.py``: ``load_source`` attaches the
user's file or the demo fallback). Rows count when their firm is a national-level firm of the
scope; when the table is the demo fallback beside a user's firms, its own national firms count
instead (the charts are then illustrative). Windows follow the table's snapshot year
(national_report.md §0): ``fin_year − 2 … fin_year`` and ``snapshot_year − 6 … snapshot_year − 1``.

Without a table every metric returns an empty table (``patents.fallback = "omit"``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from srdi_report.data.patent_table import SUBCLASS_LENGTH, patents_of
from srdi_report.metrics.columns import FIN_YEAR_LAG, WINDOW_YEARS
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit

LONG_WINDOW = 6  # snapshot_year − 6 … snapshot_year − 1
TOP_JURISDICTIONS = 8  # chart 47: the first eight offices, the rest as "other"
OTHER = "other"
NOT_A_JURISDICTION = frozenset({"WO"})  # a PCT filing is not an office's filing (§7)
MEAN_STATISTICS = ("applications", "grants")


@dataclass(frozen=True, eq=False)
class PatentRows:
    """The inventions of the national firms a metric describes.

    Attributes:
        rows: Invention rows of those firms (canonical patent columns).
        firms: Number of national firms (the denominator of per-firm means).
        year: Snapshot year of the table.
    """

    rows: pd.DataFrame
    firms: int
    year: int

    def short_window(self) -> range:
        """``fin_year − 2 … fin_year`` (2022–2024 for 2026)."""
        fin_year = self.year - FIN_YEAR_LAG
        return range(fin_year - WINDOW_YEARS + 1, fin_year + 1)

    def long_window(self) -> range:
        """``snapshot_year − 6 … snapshot_year − 1`` (2020–2025 for 2026)."""
        return range(self.year - LONG_WINDOW, self.year)


def patent_rows(firms: pd.DataFrame, context: MetricContext) -> PatentRows | None:
    """The scope's national inventions (once per scope and memo), or None without a table."""
    table = patents_of(context.firms) or patents_of(firms)
    if table is None:
        return None

    def build() -> PatentRows:
        if table.own:
            national = firms["level"].astype(str).to_numpy() == "national"
            ids = firms.loc[national, "firm_id"].astype(str).unique()
        else:
            ids = table.firm_ids
        frame = table.frame
        # the table's inventions grouped by firm once per frame (a city batch then gathers
        # its firms' rows instead of testing every row of the table per city)
        index: InventionIndex = context.cached(
            context.firms, "patents:inventions", lambda: _invention_index(frame)
        )
        snapshot = pd.Timestamp(frame["snapshot_date"].dropna().iloc[0])
        return PatentRows(frame.iloc[index.rows_of(ids)], len(ids), snapshot.year)

    found: PatentRows = context.cached(firms, "patents:national", build)
    return found


@dataclass(frozen=True, eq=False)
class InventionIndex:
    """Row positions of a patents table's inventions, grouped by firm.

    Attributes:
        firm_ids: Distinct firm ids of the inventions.
        order: Invention row positions sorted by firm (table order within a firm).
        starts: Where each firm's run begins in ``order`` (one more entry: the end).
    """

    firm_ids: pd.Index
    order: np.ndarray
    starts: np.ndarray

    def rows_of(self, ids: np.ndarray) -> np.ndarray:
        """Positions of the inventions of ``ids``, in table order (as a row mask keeps them)."""
        found = self.firm_ids.get_indexer(pd.Index(np.asarray(ids, dtype=object)))
        found = np.unique(found[found >= 0])
        if not len(found):
            return np.zeros(0, dtype=np.int64)
        parts = [self.order[self.starts[f] : self.starts[f + 1]] for f in found]
        return np.sort(np.concatenate(parts))


def _invention_index(frame: pd.DataFrame) -> InventionIndex:
    invention = np.flatnonzero((frame["kind"] == "invention").to_numpy(dtype=bool, na_value=False))
    ids = frame["firm_id"].iloc[invention].astype(str).to_numpy(dtype=object)
    codes, uniques = pd.factorize(ids)
    by_firm = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[by_firm], np.arange(len(uniques) + 1))
    return InventionIndex(pd.Index(uniques, dtype=object), invention[by_firm], starts)


def _years(values: pd.Series) -> np.ndarray:
    """Year of each date as float (NaN = no date)."""
    years: np.ndarray = values.dt.year.to_numpy(dtype=np.float64, na_value=np.nan)
    return years


def _granted(rows: pd.DataFrame) -> np.ndarray:
    return (rows["legal_status"] == "granted").to_numpy(dtype=bool, na_value=False)


def _in(years: np.ndarray, window: range) -> np.ndarray:
    return (years >= window.start) & (years < window.stop)


def _empty(*columns: str) -> pd.DataFrame:
    # empty arrays, not empty Series: a Series each costs more than the whole metric
    return pd.DataFrame({c: np.empty(0, dtype=np.float64) for c in (*columns, N_COLUMN)})


def _count_by(keys: pd.Series, firm_ids: pd.Series, total: int, key: str) -> pd.DataFrame:
    """``<key>, grants, share, n`` (n = distinct firms), keys ascending; share of ``total``."""
    frame = pd.DataFrame({key: keys.astype(str).to_numpy(), "firm": firm_ids.to_numpy()})
    grouped = frame.groupby(key, sort=True)
    grants = grouped.size()
    out = pd.DataFrame(
        {
            key: grants.index.to_numpy(dtype=object),
            "grants": grants.to_numpy(dtype=np.float64),
            "share": grants.to_numpy(dtype=np.float64) / total if total else np.nan,
            N_COLUMN: grouped["firm"].nunique().to_numpy(),
        }
    )
    return out


def _window_grants(found: PatentRows) -> pd.DataFrame:
    rows = found.rows
    keep = _granted(rows) & _in(_years(rows["grant_date"]), found.short_window())
    grants: pd.DataFrame = rows.loc[keep]
    return grants


@metric("patent_fields", Unit.SHARE, keys=("industry_field",), chart_ids=("c42",))
def patent_fields(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 42: granted inventions of fin_year−2…fin_year by industrial field, share of all.

    The field is the patent's (IPC → GB/T 4754 concordance), not the firm's industry; a grant
    without a field stays in the denominator.
    """
    found = patent_rows(firms, context)
    if found is None:
        return _empty("industry_field", "grants", "share")
    grants = _window_grants(found)
    known = grants["industry_field"].notna().to_numpy(dtype=bool)
    with_field = grants.loc[known]
    field = with_field["industry_field"]
    return _count_by(field, with_field["firm_id"], len(grants), "industry_field")


@metric("patent_ipc_subclasses", Unit.COUNT, keys=("ipc_subclass",), chart_ids=("c45",))
def patent_ipc_subclasses(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 45: granted inventions of fin_year−2…fin_year by main IPC subclass (4 characters)."""
    found = patent_rows(firms, context)
    if found is None:
        return _empty("ipc_subclass", "grants", "share")
    grants = _window_grants(found)
    subclass = grants["ipc_main"].astype("string").str[:SUBCLASS_LENGTH]
    known = subclass.notna().to_numpy(dtype=bool)
    return _count_by(subclass[known], grants.loc[known, "firm_id"], len(grants), "ipc_subclass")


@metric(
    "patent_means_by_year",
    Unit.VALUE,
    keys=("year", "statistic"),
    chart_ids=("c43",),
    physical_unit="items",
)
def patent_means_by_year(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 43: invention applications filed and grants per national firm, by year.

    ``value`` = Σ applications filed (grants granted) in the year / national firms of the
    scope, for fin_year−2 … fin_year; ``count`` the sum; ``n`` the national firms.
    """
    found = patent_rows(firms, context)
    if found is None:
        return _empty("year", "statistic", "value", "count")
    rows = found.rows
    filed = _years(rows["application_date"])
    granted = np.where(_granted(rows), _years(rows["grant_date"]), np.nan)
    records = []
    for year in found.short_window():
        for statistic, years in zip(MEAN_STATISTICS, (filed, granted), strict=True):
            count = int((years == year).sum())
            value = count / found.firms if found.firms else np.nan
            records.append((year, statistic, value, count, found.firms))
    return pd.DataFrame.from_records(
        records, columns=["year", "statistic", "value", "count", N_COLUMN]
    )


@metric("patent_grant_rate", Unit.SHARE, keys=("year",), chart_ids=("c44",))
def patent_grant_rate(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 44: granted / (granted + rejected + withdrawn) by decision year.

    The decision year of a grant is the year of ``grant_date``; a refusal or withdrawal has no
    decision column, so its latest published date (``publication_date``, else the filing
    date) stands for it. Years snapshot_year−6 … snapshot_year−1; ``n`` = firms with a decision.
    """
    found = patent_rows(firms, context)
    if found is None:
        return _empty("year", "rate", "granted", "decided")
    rows = found.rows
    status = rows["legal_status"].astype("string")
    decided = status.isin(("granted", "rejected", "withdrawn")).to_numpy(dtype=bool)
    granted = _granted(rows)
    published = _years(rows["publication_date"]) if "publication_date" in rows else None
    refused_on = _years(rows["application_date"])
    if published is not None:
        refused_on = np.where(np.isnan(published), refused_on, published)
    year = np.where(granted, _years(rows["grant_date"]), refused_on)
    firm = rows["firm_id"].to_numpy()
    records = []
    for y in found.long_window():
        here = decided & (year == y)
        n_granted, n_decided = int((here & granted).sum()), int(here.sum())
        rate = n_granted / n_decided if n_decided else np.nan
        records.append((y, rate, n_granted, n_decided, len(set(firm[here].tolist()))))
    return pd.DataFrame.from_records(
        records, columns=["year", "rate", "granted", "decided", N_COLUMN]
    )


def _foreign(rows: pd.DataFrame) -> np.ndarray:
    """Foreign-related: a PCT filing or at least one foreign office (§7)."""
    pct = (
        rows["is_pct"].to_numpy(dtype=bool, na_value=False)
        if "is_pct" in rows
        else np.zeros(len(rows), dtype=bool)
    )
    if "foreign_jurisdictions" not in rows:
        return pct
    offices = rows["foreign_jurisdictions"].astype("string").str.strip()
    return pct | (offices.notna() & (offices != "")).to_numpy(dtype=bool)


@metric("patent_foreign_trend", Unit.COUNT, keys=("year",), chart_ids=("c46",))
def patent_foreign_trend(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 46: foreign-related invention publications and their applicant firms by year.

    Per publication year of snapshot_year−6 … snapshot_year−1: ``publications``,
    ``applicants`` (distinct firms, also ``n``), ``pct`` and ``pct_share`` of the publications.
    """
    found = patent_rows(firms, context)
    if found is None:
        return _empty("year", "publications", "applicants", "pct", "pct_share")
    rows = found.rows
    foreign = _foreign(rows)
    year = (
        _years(rows["publication_date"])
        if "publication_date" in rows
        else np.full(len(rows), np.nan)
    )
    pct = (
        rows["is_pct"].to_numpy(dtype=bool, na_value=False) if "is_pct" in rows else foreign & False
    )
    firm = rows["firm_id"].to_numpy()
    records = []
    for y in found.long_window():
        here = foreign & (year == y)
        publications = int(here.sum())
        n_pct = int((here & pct).sum())
        share = n_pct / publications if publications else np.nan
        applicants = len(set(firm[here].tolist()))
        records.append((y, publications, applicants, n_pct, share, applicants))
    columns = ["year", "publications", "applicants", "pct", "pct_share", N_COLUMN]
    return pd.DataFrame.from_records(records, columns=columns)


def _top_with_other(counts: pd.Series, firms: pd.Series, top: int) -> pd.DataFrame:
    """The first ``top`` keys by count (ties by key), then ``other``; with ranks and shares."""
    order = sorted(counts.index, key=lambda k: (-int(counts[k]), str(k)))
    head, tail = order[:top], order[top:]
    keys: Sequence[str] = [*head, *([OTHER] if tail else [])]
    filings = [int(counts[k]) for k in head] + ([int(counts[tail].sum())] if tail else [])
    n = [int(firms[k]) for k in head] + ([int(firms[tail].max())] if tail else [])
    total = sum(filings)
    return pd.DataFrame(
        {
            "jurisdiction": keys,
            "rank": np.arange(1, len(keys) + 1, dtype=np.float64),
            "filings": np.asarray(filings, dtype=np.float64),
            "share": np.asarray(filings, dtype=np.float64) / total if total else np.nan,
            N_COLUMN: n,
        }
    )


@metric("patent_jurisdictions", Unit.COUNT, keys=("jurisdiction",), chart_ids=("c47",))
def patent_jurisdictions(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 47: foreign filings of fin_year−2 … fin_year inventions by office, top 8 + other.

    ``foreign_jurisdictions`` is exploded (one filing per office; WO is not an office); the
    window is the application year. Rows in rank order; ``n`` = firms filing there (for
    ``other``, the most of any office it holds).
    """
    found = patent_rows(firms, context)
    if found is None or "foreign_jurisdictions" not in found.rows:
        return _empty("jurisdiction", "rank", "filings", "share")
    rows = found.rows
    keep = _in(_years(rows["application_date"]), found.short_window())
    offices = rows.loc[keep, "foreign_jurisdictions"].astype("string").dropna()
    exploded = (
        pd.DataFrame({"office": offices.str.split(";"), "firm": rows.loc[offices.index, "firm_id"]})
        .explode("office")
        .assign(office=lambda f: f["office"].astype(str).str.strip().str.upper())
    )
    exploded = exploded[(exploded["office"] != "") & ~exploded["office"].isin(NOT_A_JURISDICTION)]
    if exploded.empty:
        return _empty("jurisdiction", "rank", "filings", "share")
    grouped = exploded.groupby("office", sort=True)
    return _top_with_other(grouped.size(), grouped["firm"].nunique(), TOP_JURISDICTIONS)
