"""Industry structure of a scope against its benchmark: location quotients (city_edition.md §3 s4).

LQ of a GB/T major class = the class's share of the scope's firms ÷ its share of the
benchmark's firms (the nation by default). A class with LQ ≥ 1.5 and at least ``min_cell``
firms is "specialized" (§4.5). Counts by GB/T class are identity attributes (§5), so nothing
here is withheld; the LQ and the LG ratio of a class are ratios of such counts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.metrics.dimensions import ranked
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.scope import Scope
from srdi_report.metrics.suppression import Disclosure

CLASS = "gbt_major"
OTHER = "other"
TOP_CLASSES = 10  # §3 section 4: top 10 + Other
SPECIALIZED_LQ = 1.5  # §4.5


@metric(
    "industry_location_quotients",
    Unit.RATIO,
    keys=(CLASS,),
    chart_ids=(),
    disclosure=Disclosure.IDENTITY,
    default_benchmark=Scope(),
)
def industry_location_quotients(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Top 10 GB/T major classes by firms and ``other``: share, benchmark share, LQ, LGs.

    Columns: firms, share (of the scope's firms), benchmark_share, lq, lgs, lg_ratio (LGs ÷
    firms of the class), specialized (1 when LQ ≥ 1.5 with at least ``min_cell`` firms),
    rank (1 = most firms; NaN for ``other``). Rows in rank order, ``other`` last.
    """
    counts = ranked(context.counts(firms, CLASS))
    national = context.level_masks(firms)[0][1]
    lgs = context.counts(firms, CLASS, national)
    bench = context.benchmark_firms
    bench_counts = context.counts(bench, CLASS) if len(bench) else pd.Series(dtype=np.int64)
    total, bench_total = len(firms), len(bench)
    min_cell = context.config.min_cell
    rows = []
    for position, code in enumerate(counts.index[:TOP_CLASSES]):
        firms_n = int(counts[code])
        share = firms_n / total if total else np.nan
        bench_share = float(bench_counts.get(code, 0)) / bench_total if bench_total else np.nan
        lq = share / bench_share if bench_share and bench_share > 0 else np.nan
        lg = int(lgs.get(code, 0))
        special = float(bool(lq >= SPECIALIZED_LQ and firms_n >= min_cell))
        rows.append(
            (code, firms_n, share, bench_share, lq, lg, lg / firms_n, special, position + 1.0)
        )
    rest = counts.index[TOP_CLASSES:]
    if len(rest):
        firms_n = int(counts[rest].sum())
        lg = int(sum(int(lgs.get(c, 0)) for c in rest))
        bench_rest = float(sum(float(bench_counts.get(c, 0)) for c in rest))
        bench_share = bench_rest / bench_total if bench_total else np.nan
        share = firms_n / total
        rows.append(
            (
                OTHER,
                firms_n,
                share,
                bench_share,
                share / bench_share if bench_share and bench_share > 0 else np.nan,
                lg,
                lg / firms_n,
                0.0,
                np.nan,
            )
        )
    columns = [CLASS, "firms", "share", "benchmark_share", "lq", "lgs", "lg_ratio"]
    table = pd.DataFrame(rows, columns=[*columns, "specialized", "rank"])
    table[N_COLUMN] = total
    return table
