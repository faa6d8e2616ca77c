"""Shares within groups and concentration (charts 15–17, 19–23, B17a, p_clusters_share).

- ``national_ratio_by_<dimension>``: ``share(level = national | key)``, the national-level
  ratio within each province, city, cluster, class … (identity: never withheld).
- ``top_n_concentration``: the summed share of the N keys with most firms (ties by key).
- ``group_shares``: the summed share of the named groups of national_report.md §2 (producer
  services, equipment manufacturing, the three city clusters).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.metrics.dimensions import KEY_COLUMNS, ranked
from srdi_report.metrics.key_codes import KeyCodes, code_counts, key_mask
from srdi_report.metrics.levels import table_of
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.suppression import Disclosure

RATIO_CHARTS: dict[str, tuple[str, ...]] = {
    "province": ("c16",),
    "city": ("c54",),
    "cluster": ("b17a", "c17"),
    "region": (),
    "gbt_major": (),
    "gbt_middle": ("c22",),
    "gbt_minor": ("c23",),
    "field_domain": ("c22",),
}
# (dimension, N, GB/T section the ranking is restricted to or "") of national_report.md §2:
# chart 16 top 3 / chart 15 top 10 provinces; chart 19 top 20 cities; chart 20 top 5 and 12
# major classes and the top 5 in manufacturing; chart 21 top 20 middle classes.
CONCENTRATIONS: tuple[tuple[str, int, str], ...] = (
    ("province", 3, ""),
    ("province", 10, ""),
    ("city", 20, ""),
    ("gbt_major", 5, ""),
    ("gbt_major", 12, ""),
    ("gbt_major", 5, "C"),
    ("gbt_middle", 20, ""),
)
# chart 20 group sums and the three clusters of B17a/chart 17 (definitions, not data):
# (group, dimension of dimensions.KEY_COLUMNS, member keys)
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("producer_services", "gbt_major", ("65", "73", "74", "75")),
    ("equipment_manufacturing", "gbt_major", ("34", "35", "38", "39")),
    ("three_clusters", "cluster", ("jjj", "prd", "yrd")),
)


def _count_of(codes: KeyCodes) -> dict[str, int]:
    """Firms per present key (``MetricContext.counts`` as a dict: no Series to build)."""
    counted = code_counts(codes)
    return {str(codes[1][at]): int(counted[at]) for at in np.flatnonzero(counted)}


def _ranked_counts(
    codes: KeyCodes, mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Present keys and their firms in ranking order (``dimensions.ranked``), among ``mask``."""
    counted = code_counts(codes, mask)
    present = np.flatnonzero(counted)
    keys, counts = codes[1][present], counted[present]
    order = np.lexsort((keys.astype(str), -counts))
    return keys[order], counts[order]


def national_ratio_table(
    firms: pd.DataFrame, dimension: str, context: MetricContext
) -> pd.DataFrame:
    """``<key>, firms, national, share, n``: national-level firms and their share per key."""
    keys, totals, nat = national_counts(firms, dimension, context)
    return pd.DataFrame(
        {
            KEY_COLUMNS[dimension]: keys,
            "firms": totals,
            "national": nat,
            "share": nat.astype(np.float64) / totals.astype(np.float64),
            N_COLUMN: totals,
        }
    )


def national_counts(
    firms: pd.DataFrame, dimension: str, context: MetricContext
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(present keys ascending, firms per key, national-level firms per key)."""
    codes = context.key_codes(firms, dimension)
    national = context.level_masks(firms)[0][1]
    totals = code_counts(codes)
    present = np.flatnonzero(totals)
    return codes[1][present], totals[present], code_counts(codes, national)[present]


def _register_ratio_metric(dimension: str) -> None:
    def national_ratio_by(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
        return national_ratio_table(firms, dimension, context)

    national_ratio_by.__doc__ = f"Share of national-level firms within each {dimension}."
    national_ratio_by.__module__ = __name__
    metric(
        f"national_ratio_by_{dimension}",
        Unit.SHARE,
        keys=(KEY_COLUMNS[dimension],),
        chart_ids=RATIO_CHARTS[dimension],
        disclosure=Disclosure.IDENTITY,
    )(national_ratio_by)


for _dimension in RATIO_CHARTS:
    _register_ratio_metric(_dimension)


@metric(
    "top_n_concentration",
    Unit.SHARE,
    keys=("dimension", "top_n", "section"),
    chart_ids=("c15", "c16", "c19", "b19a", "c20", "c21"),
    disclosure=Disclosure.IDENTITY,
)
def top_n_concentration(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Summed share of the N keys with most firms (``share`` of all firms of the scope).

    ``section`` restricts the ranked keys to one GB/T section (the top 5 manufacturing major
    classes of chart 20), still as a share of all firms.
    """
    total = len(firms)
    rows: list[tuple[str, int, str, int, float, int]] = []
    for dimension, top_n, restrict in CONCENTRATIONS:
        mask = None
        if restrict:
            if "gbt_section" not in firms.columns:
                raise KeyError("gbt_section")
            mask = key_mask(context.key_codes(firms, "gbt_section"), restrict)
        _keys, counted = _ranked_counts(context.key_codes(firms, dimension), mask)
        firms_in_top = int(counted[:top_n].sum())
        share = firms_in_top / total if total else float("nan")
        rows.append((dimension, top_n, restrict, firms_in_top, share, total))
    return pd.DataFrame(
        table_of(rows, ["dimension", "top_n", "section", "firms", "share", N_COLUMN])
    )


@metric(
    "group_shares",
    Unit.SHARE,
    keys=("group",),
    chart_ids=("c20", "c17", "b17a"),
    disclosure=Disclosure.IDENTITY,
)
def group_shares(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Summed share of the members of each named group (producer services, equipment, clusters)."""
    total = len(firms)
    rows = []
    for group, dimension, members in GROUPS:
        counted = _count_of(context.key_codes(firms, dimension))
        inside = sum(counted.get(member, 0) for member in members)
        rows.append((group, inside, inside / total if total else float("nan"), total))
    return pd.DataFrame(table_of(rows, ["group", "firms", "share", N_COLUMN]))


HEATMAP_CLUSTERS = ("jjj", "yrd", "prd")  # chart 18 columns, the report scheme's clusters
HEATMAP_TOP_MAJORS = 10  # chart 18 rows: the top 10 major classes of chart 20


@metric(
    "industry_cluster_quotients",
    Unit.RATIO,
    keys=("gbt_major", "city_cluster"),
    chart_ids=("c18",),
    disclosure=Disclosure.IDENTITY,
)
def industry_cluster_quotients(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 18: share of each top-10 major class within each cluster and its location quotient.

    ``share`` = share(gbt_major = i | cluster c); ``quotient`` = that share / share(gbt_major =
    i | scope) (1 = as common as in the scope). Rows in ranking order of the classes, clusters
    jjj, yrd, prd.
    """
    majors = context.key_codes(firms, "gbt_major")
    clusters = context.key_codes(firms, "cluster")
    ranking = ranked(context.counts(firms, "gbt_major")).iloc[:HEATMAP_TOP_MAJORS]
    top = ranking.index.to_numpy(dtype=object)
    at = np.searchsorted(majors[1], top)  # the top keys are present: exact positions
    overall = ranking.to_numpy(dtype=np.float64) / len(firms)
    parts = []
    for cluster in HEATMAP_CLUSTERS:
        inside = key_mask(clusters, cluster)
        total = int(inside.sum())
        cell = code_counts(majors, inside)[at].astype(np.float64)
        share = cell / total if total else np.full(len(top), np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            quotient = np.where(overall != 0, share / overall, np.nan)
        parts.append((cluster, cell, share, quotient, total))
    # rows in ranking order of the classes, then clusters in chart order
    n_top, n_clusters = len(top), len(parts)
    return pd.DataFrame(
        {
            "gbt_major": np.repeat(top, n_clusters),
            "city_cluster": np.tile(np.array([p[0] for p in parts], dtype=object), n_top),
            "firms": np.column_stack([p[1] for p in parts]).ravel().astype(np.int64),
            "share": np.column_stack([p[2] for p in parts]).ravel(),
            "quotient": np.column_stack([p[3] for p in parts]).ravel(),
            N_COLUMN: np.tile(np.array([p[4] for p in parts], dtype=np.int64), n_top),
        }
    )


# chart 19 / B19a prose groups, by city admin code: the four tier-1 cities and the named
# central/western cities (Chongqing, Chengdu, Wuhan, Changsha)
CITY_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tier1", ("110000", "310000", "440100", "440300")),
    ("central_west", ("500000", "510100", "420100", "430100")),
)
TOP_CITIES = 20  # chart 19: the top 20 cities
TOP_CLUSTER = "yrd"  # chart 19 prose: YRD cities among the top 20


@metric(
    "city_group_shares",
    Unit.SHARE,
    keys=("group",),
    chart_ids=("c19", "b19a"),
    disclosure=Disclosure.IDENTITY,
)
def city_group_shares(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 19 prose: summed shares of named city groups.

    Groups: the tier-1 cities, the named central/western cities, and the YRD cities among the
    top 20; ``cities`` = members present.
    """
    cities = context.key_codes(firms, "city")
    counts = _count_of(cities)
    total = len(firms)
    groups = [(name, [c for c in members if c in counts]) for name, members in CITY_GROUPS]
    top = _ranked_counts(cities)[0][:TOP_CITIES]
    in_cluster = key_mask(context.key_codes(firms, "cluster"), TOP_CLUSTER)
    in_yrd = set(cities[1][np.flatnonzero(code_counts(cities, in_cluster))])
    groups.append((f"{TOP_CLUSTER}_in_top{TOP_CITIES}", [c for c in top if c in in_yrd]))
    rows = []
    for name, members in groups:
        inside = sum(counts.get(member, 0) for member in members)
        rows.append((name, len(members), inside, inside / total if total else np.nan, total))
    return pd.DataFrame(table_of(rows, ["group", "cities", "firms", "share", N_COLUMN]))


# chart 22: the five core middle classes and the type rule of the chart entry (thresholds are
# the spec's own: 3,000 firms, the national average, twice the national average)
CORE_CLASSES = ("397", "398", "382", "749", "346")
LARGE_BASE_FIRMS = 3000
HIGH_RATIO_MULTIPLE = 2.0


def class_type(firms_in_class: int, ratio: float, average: float) -> str:
    """``double_high``, ``high_ratio``, ``large_base`` or ``none`` (chart 22 type rule)."""
    if firms_in_class >= LARGE_BASE_FIRMS:
        return "double_high" if ratio > average else "large_base"
    return "high_ratio" if ratio >= HIGH_RATIO_MULTIPLE * average else "none"


@metric(
    "core_class_types",
    Unit.SHARE,
    keys=("gbt_middle", "class_type"),
    chart_ids=("c22",),
    disclosure=Disclosure.IDENTITY,
)
def core_class_types(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 22: firms, national-level ratio and type of each core middle class.

    ``average`` = the scope's national-level share, the benchmark of the type rule.
    """
    keys, totals, nat = national_counts(firms, "gbt_middle", context)
    ratios = nat.astype(np.float64) / totals.astype(np.float64)
    where = {str(key): at for at, key in enumerate(keys)}
    at = np.array([where.get(code, -1) for code in CORE_CLASSES], dtype=np.int64)
    found = at >= 0
    safe = np.maximum(at, 0)
    counts = np.where(found, totals[safe] if len(keys) else 0, 0).astype(np.int64)
    shares = np.where(found, ratios[safe] if len(keys) else np.nan, np.nan)
    national_firms = np.where(found, nat[safe] if len(keys) else 0, 0).astype(np.int64)
    national = context.level_masks(firms)[0][1]
    average = national.sum() / len(firms) if len(firms) else np.nan
    types = [
        class_type(int(c), float(r), float(average)) for c, r in zip(counts, shares, strict=True)
    ]
    return pd.DataFrame(
        {
            "gbt_middle": np.array(CORE_CLASSES, dtype=object),
            "class_type": np.array(types, dtype=object),
            "firms": counts,
            "national": national_firms,
            "share": shares,
            "average": np.full(len(CORE_CLASSES), average, dtype=np.float64),
            N_COLUMN: counts,
        }
    )
