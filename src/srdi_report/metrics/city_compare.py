"""A scope against its benchmark: band distributions and holding rates (city_edition.md §3 s5–s7).

Band distributions (registered capital, insured employees, firm age, total patents) give the
share of the scope's firms per band next to the benchmark's share of the same bands (long form:
one row per band and population, so a chart draws them as two series). They are
attribute statistics (§5): a band of 1 to ``min_cell`` − 1 firms is merged with its neighbour
towards the median band (``disclosure.merge_bands``) and labelled with the merged range; if
fewer than two bands remain the values are blanked (the chart is withheld). A population under
``min_cell`` is blanked as a whole by the registry's rule 1, its bands left unmerged.

Holding rates of honours and of standards give the city and benchmark rates and their gap in
percentage points, one row per honour.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.data.derive_params import (
    AGE_BAND_CODES,
    CAPITAL_BAND_CODES,
    EMP_BAND_CODES,
    PATENT_BAND_CODES,
)
from srdi_report.metrics.columns import flag
from srdi_report.metrics.disclosure import merge_bands, merged_band_label
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.scope import Scope

BAND = "band"
POPULATION = "population"
SCOPE, BENCHMARK = "scope", "benchmark"
UNKNOWN = "unknown"  # no value: in the denominator, never merged
# metric id -> (derived band column, band codes in order)
BAND_METRICS: dict[str, tuple[str, tuple[str, ...]]] = {
    "city_capital_bands": ("capital_band", CAPITAL_BAND_CODES),
    "city_employee_bands": ("emp_band", EMP_BAND_CODES),
    "city_age_bands": ("age_band", AGE_BAND_CODES),
    "city_patent_bands": ("patent_band", PATENT_BAND_CODES),
}
# §3 section 7 honours (chart 6's list without the Little Giant flag itself) and standards
CITY_HONOURS = (
    "hon_high_tech",
    "hon_tech_center",
    "hon_single_champion",
    "hon_eng_research_center",
    "hon_gazelle",
    "hon_unicorn",
    "hon_tech_sme",
)
STANDARDS = "has_standard"


def _band_counts(firms: pd.DataFrame, column: str, codes: tuple[str, ...]) -> tuple[list[int], int]:
    if column not in firms.columns:
        raise KeyError(column)
    values = firms[column].astype("string").fillna("").to_numpy(dtype=object)
    counts = [int((values == code).sum()) for code in codes]
    return counts, len(firms) - sum(counts)


def band_table(
    firms: pd.DataFrame,
    bench: pd.DataFrame,
    column: str,
    codes: tuple[str, ...],
    min_cell: int,
    context: MetricContext | None = None,
) -> pd.DataFrame:
    """Bands of ``firms`` (merged per §5 rule 2) and the benchmark's shares of the same bands.

    Long form, keys ``band`` (code or merged range) and ``population`` (``scope`` rows, then
    ``benchmark`` rows); columns firms, share, n. ``n`` is the scope's firms on every row, the
    benchmark's too, so a city under ``min_cell`` withholds its whole chart. ``unknown`` is a
    last band when some firms have no value.
    """
    counts, unknown = _band_counts(firms, column, codes)
    bench_counts: list[int] = [0] * len(codes)
    bench_unknown = 0
    if len(bench):
        # the benchmark (the nation) is the same for every city of a batch: counted once
        bench_counts, bench_unknown = (
            context.cached(
                bench, f"band_counts:{column}", lambda: _band_counts(bench, column, codes)
            )
            if context is not None
            else _band_counts(bench, column, codes)
        )
    total, bench_total = len(firms), len(bench)
    small_population = 0 < total < min_cell  # withheld whole by rule 1: nothing to merge
    groups = [(i, i, c) for i, c in enumerate(counts)]
    withheld = False
    if not small_population:
        merged = [(g.first, g.last, g.firms) for g in merge_bands(counts, min_cell)]
        # one band left: the city's side is withheld, the bands stay as they are
        withheld = len(merged) < 2
        groups = groups if withheld else merged
    scope_rows: list[tuple[str, str, float, float, int]] = []
    bench_rows: list[tuple[str, str, float, float, int]] = []
    for first, last, held in groups:
        label = merged_band_label(codes[first : last + 1])
        bench_held = sum(bench_counts[first : last + 1])
        value = np.nan if withheld else float(held)
        share = np.nan if withheld or not total else held / total
        scope_rows.append((label, SCOPE, value, share, total))
        bench_rows.append(
            (
                label,
                BENCHMARK,
                float(bench_held),
                bench_held / bench_total if bench_total else np.nan,
                total,  # the city's n: a withheld city withholds its whole chart
            )
        )
    if unknown or bench_unknown:
        scope_rows.append(
            (UNKNOWN, SCOPE, float(unknown), unknown / total if total else np.nan, total)
        )
        bench_rows.append(
            (
                UNKNOWN,
                BENCHMARK,
                float(bench_unknown),
                bench_unknown / bench_total if bench_total else np.nan,
                total,
            )
        )
    return pd.DataFrame(
        scope_rows + bench_rows, columns=[BAND, POPULATION, "firms", "share", N_COLUMN]
    )


def _register_band_metric(name: str, column: str, codes: tuple[str, ...]) -> None:
    def bands(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
        if column not in firms.columns:  # e.g. no founding dates: the chart is left out
            return pd.DataFrame({c: [] for c in (BAND, POPULATION, "firms", "share", N_COLUMN)})
        return band_table(
            firms, context.benchmark_firms, column, codes, context.config.min_cell, context
        )

    bands.__doc__ = f"Share of firms per {column} (small bands merged) and the benchmark's share."
    bands.__module__ = __name__
    metric(name, Unit.SHARE, keys=(BAND, POPULATION), default_benchmark=Scope())(bands)


for _name, (_column, _codes) in BAND_METRICS.items():
    _register_band_metric(_name, _column, _codes)


@metric("honours_vs_benchmark", Unit.SHARE, keys=("honour",), default_benchmark=Scope())
def honours_vs_benchmark(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Holding rate of each honour and of standards in the scope and the benchmark, gap in pp.

    Columns: share, benchmark_share, pp (share − benchmark_share, a fraction); rows in the
    order of :data:`CITY_HONOURS`, then ``has_standard``; honours the data lacks are left out.
    """
    bench = context.benchmark_firms
    rows = []
    for column in (*CITY_HONOURS, STANDARDS):
        if column not in firms.columns:
            continue
        share = float(flag(firms, column).mean()) if len(firms) else np.nan
        bench_share = _rate(context, bench, column) if len(bench) else np.nan
        rows.append((column, share, bench_share, share - bench_share, len(firms)))
    return pd.DataFrame(rows, columns=["honour", "share", "benchmark_share", "pp", N_COLUMN])


def _rate(context: MetricContext, bench: pd.DataFrame, column: str) -> float:
    """Holding rate of ``column`` in the benchmark, once per benchmark frame."""

    def build() -> float:
        return float(flag(bench, column).mean())

    rate: float = context.cached(bench, f"rate:{column}", build)
    return rate
