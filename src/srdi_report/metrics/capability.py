"""The five-dimension innovation-capability model (national_report.md §3; charts 24, 30, B29a).

``score_d = 100 × median(x_d | scope) / median(x_d | benchmark)``, ``gap_d = 100 − score_d``; a
benchmark median of 0 leaves the dimension undefined (NaN). The weighted composite is
``Σ w_d × score_d`` from unrounded scores, the weights read from the content table of chart 24
(``published/tables/c24_kcl_dimensions.csv``, ``weight_pct``). Priority: gap descending, ties
to the larger weight (§3.3).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from srdi_report.data.reference_files import read_reference_csv
from srdi_report.metrics.columns import fin_year, numeric
from srdi_report.metrics.key_codes import key_mask
from srdi_report.metrics.levels import statistic_of, table_of
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.scope import Scope

DIMENSIONS_TABLE = "published/tables/c24_kcl_dimensions.csv"
# dimension_order of the content table -> (key, the one score indicator of chart 30)
SCORE_INDICATORS: dict[int, tuple[str, str]] = {
    1: ("tech", "patents_total"),
    2: ("quality", "invention_grants"),
    3: ("scale", "insured_employees"),
    4: ("capital", "registered_capital"),
    5: ("digital", "software_copyrights"),
}
COMPOSITE = "composite"
FULL_SCORE = 100.0  # the benchmark's score on every dimension
PERCENT = 100.0  # weight_pct of the content table is in percent


@functools.cache
def dimension_weights() -> tuple[tuple[str, str, float], ...]:
    """``(key, firm column, weight as a fraction)`` per dimension, in the table's order.

    Raises:
        ValueError: the content table's dimensions do not match ``SCORE_INDICATORS``.
    """
    table = read_reference_csv(DIMENSIONS_TABLE)
    orders = [int(v) for v in table["dimension_order"]]
    if sorted(orders) != sorted(SCORE_INDICATORS):
        raise ValueError(f"{DIMENSIONS_TABLE}: dimensions {orders} != {sorted(SCORE_INDICATORS)}")
    weights = [float(v) / PERCENT for v in table["weight_pct"]]
    return tuple((*SCORE_INDICATORS[o], w) for o, w in zip(orders, weights, strict=True))


@metric(
    "capability_scores",
    Unit.SCORE,
    keys=("dimension",),
    chart_ids=("c24", "c30", "b29a", "c31", "c50"),
    default_benchmark=Scope(level="national"),
)
def capability_scores(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Score and gap per dimension for the scope against the benchmark, then the composite.

    Columns: ``weight``, ``scope_median``, ``benchmark_median``, ``score``, ``gap``,
    ``priority`` (1 = largest gap), ``n`` (scope firms with a value), ``n_benchmark``.
    """
    bench = context.benchmark_firms
    keys: list[str] = []
    weights: list[float] = []
    medians: list[tuple[float, int, float, int]] = []
    for key, column, dimension_weight in dimension_weights():
        # the benchmark (the nation) is the same for every city of a batch: once per frame
        of_bench: tuple[float, int] = context.cached(
            bench, f"capability_median:{column}", functools.partial(_median, bench, column)
        )
        keys.append(key)
        weights.append(dimension_weight)
        medians.append((*_median(firms, column), *of_bench))
    weight = np.array(weights, dtype=np.float64)
    scope_median = np.array([m[0] for m in medians], dtype=np.float64)
    bench_median = np.array([m[2] for m in medians], dtype=np.float64)
    n = np.array([m[1] for m in medians], dtype=np.int64)
    n_bench = np.array([m[3] for m in medians], dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(bench_median > 0, FULL_SCORE * scope_median / bench_median, np.nan)
    gap = FULL_SCORE - score
    weighted = weight * score
    # Σ w × score needs every dimension (pandas' sum(min_count=len)): NaN when one is undefined
    composite = float(weighted.sum()) if len(keys) and not np.isnan(weighted).any() else np.nan
    return pd.DataFrame(
        {
            "dimension": np.array([*keys, COMPOSITE], dtype=object),
            "weight": np.append(weight, float(weight.sum())),
            "scope_median": np.append(scope_median, np.nan),
            "benchmark_median": np.append(bench_median, np.nan),
            "score": np.append(score, composite),
            "gap": np.append(gap, FULL_SCORE - composite),
            "priority": np.append(_priority(gap, weight), np.nan),
            N_COLUMN: np.append(n, n.min() if len(keys) else 0),
            "n_benchmark": np.append(n_bench, n_bench.min() if len(keys) else 0),
        }
    )


def _median(firms: pd.DataFrame, column: str) -> tuple[float, int]:
    """(median of the column's non-null values, how many there are)."""
    values = numeric(firms, column)
    values = values[~np.isnan(values)]
    return statistic_of(values, "median"), values.size


def _priority(gap: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """1 for the largest gap; ties to the larger weight; undefined gaps last."""
    order = np.lexsort((-weight, -np.where(np.isnan(gap), -np.inf, gap)))
    ranks = np.empty(len(gap), dtype=np.float64)
    ranks[order] = np.arange(1, len(gap) + 1)
    ranks[np.isnan(gap)] = np.nan
    return ranks


# chart 35: fields (field_domain keys) and score bands (lower bounds, points) of the chart entry
RECOGNITION_FIELDS = (
    "electronics_core",
    "high_end_equipment",
    "software_it",
    "basic_manufacturing",
)
SCORE_BANDS: tuple[tuple[str, float, float], ...] = (
    ("ge85", 85.0, np.inf),
    ("70_85", 70.0, 85.0),
    ("60_70", 60.0, 70.0),
    ("lt60", -np.inf, 60.0),
)


@metric(
    "kcl_recognition_by_field",
    Unit.SHARE,
    keys=("field_domain", "score_band"),
    chart_ids=("c35",),
    n_disclosed=False,  # firms per score band
)
def kcl_recognition_by_field(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 35: national-recognition rate per field and ``kcl_score`` band.

    ``share`` = national-level firms / all firms of the cell; bands ≥ 85, [70, 85), [60, 70),
    < 60; firms without a score are left out. ``n`` = firms in the cell.
    """
    score = numeric(firms, "kcl_score")
    fields = context.key_codes(firms, "field_domain")
    national = context.level_masks(firms)[0][1]
    rows = []
    for domain in RECOGNITION_FIELDS:
        in_field = key_mask(fields, domain)
        for band, low, high in SCORE_BANDS:
            cell = in_field & (score >= low) & (score < high)
            n = int(cell.sum())
            rows.append((domain, band, n, national[cell].sum() / n if n else np.nan, n))
    return pd.DataFrame(table_of(rows, ["field_domain", "score_band", "firms", "share", N_COLUMN]))


CLASSES_TABLE = "published/tables/c29_kcl_classes.csv"
SOFTWARE_BANDS_TABLE = "published/tables/c29_software_rd_bands.csv"
SOFTWARE = "software_it"  # industry_type4 whose R&D bands are the software table's
OTHER_CLASS = "other"


Bands = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class ClassRules:
    """Chart 29 rules read from the content tables; every band list is highest first.

    Attributes:
        classes: ``(class key, score band index, R&D band index)`` per named class.
        score_bands: ``kcl_score`` bands ``[low, high)``.
        rd_bands: R&D-intensity bands (percent) of firms other than software & IT.
        software_bands: R&D-intensity bands of software & IT firms.
    """

    classes: tuple[tuple[str, int, int], ...]
    score_bands: Bands
    rd_bands: Bands
    software_bands: Bands


def _bounds(low: str, high: str) -> tuple[float, float]:
    return (float(low) if low else -np.inf, float(high) if high else np.inf)


def _bands(table: pd.DataFrame, low: str, high: str) -> list[tuple[float, float]]:
    pairs = {_bounds(lo, hi) for lo, hi in zip(table[low], table[high], strict=True)}
    return sorted(pairs, reverse=True)


@functools.cache
def class_rules() -> ClassRules:
    """The chart 29 classes from ``c29_kcl_classes.csv`` and ``c29_software_rd_bands.csv``."""
    table = read_reference_csv(CLASSES_TABLE)
    scores = _bands(table, "kcl_score_min", "kcl_score_max")
    rd = _bands(table, "rd_min_pct", "rd_max_pct")
    software = _bands(read_reference_csv(SOFTWARE_BANDS_TABLE), "rd_min_pct", "rd_max_pct")
    classes = tuple(
        (
            str(row["type_en"]).lower().replace("-", "_").replace(" ", "_"),
            scores.index(_bounds(row["kcl_score_min"], row["kcl_score_max"])),
            rd.index(_bounds(row["rd_min_pct"], row["rd_max_pct"])),
        )
        for row in table.to_dict("records")
    )
    return ClassRules(classes, tuple(scores), tuple(rd), tuple(software))


def _band_index(values: np.ndarray, bands: Bands) -> np.ndarray:
    """Index of the band [low, high) holding each value; -1 for NaN or no band."""
    index = np.full(len(values), -1, dtype=np.int64)
    for i, (low, high) in enumerate(bands):
        index[(values >= low) & (values < high)] = i
    return index


@metric("kcl_classes", Unit.SHARE, keys=("kcl_class",), chart_ids=("c29",))
def kcl_classes(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Chart 29: firms of the R&D sample per innovation-capability class (+ ``other``).

    Sample: firms with an R&D intensity in the financial year. Class = the content table's
    (kcl_score band, R&D band) pair; software & IT firms use the software R&D bands.
    """
    rules = class_rules()
    year = fin_year(firms)
    if year is None:
        raise KeyError("rd_ratio")
    ratio = numeric(firms, f"rd_ratio_{year}")
    sample = ~np.isnan(ratio)
    score_index = _band_index(numeric(firms, "kcl_score"), rules.score_bands)
    software = key_mask(context.key_codes(firms, "industry_type4"), SOFTWARE)
    rd_index = np.where(
        software, _band_index(ratio, rules.software_bands), _band_index(ratio, rules.rd_bands)
    )
    total = int(sample.sum())
    assigned = np.zeros(len(firms), dtype=bool)
    rows = []
    for key, score_band, rd_band in rules.classes:
        members = sample & (score_index == score_band) & (rd_index == rd_band)
        assigned |= members
        rows.append((key, int(members.sum())))
    rows.append((OTHER_CLASS, int((sample & ~assigned).sum())))
    return pd.DataFrame(
        {
            "kcl_class": [k for k, _ in rows],
            "firms": [n for _, n in rows],
            "share": [n / total if total else np.nan for _, n in rows],
            N_COLUMN: total,
        }
    )
