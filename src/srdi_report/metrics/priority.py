"""Chart 31: the priority matrix of evaluation factors, editorial coordinates plus one from data.

national_report.md chart 31: factors and zones come from ``content/c31_priority_matrix.csv``
(x = policy importance, y = observed gap, both on 0–10, and a bubble size); the coordinates are
editorial except where a factor has a computed gap: invention-patent quality takes
y = gap / 10 of the innovation-quality dimension of chart 30 (the scope against the national
level), so the bubble moves with the data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.data.reference_files import read_reference_csv
from srdi_report.metrics.capability import capability_scores
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit
from srdi_report.metrics.scope import Scope

MATRIX_TABLE = "content/c31_priority_matrix.csv"
# factor -> chart 30 dimension whose gap (0–100) places the factor on the y axis (0–10)
COMPUTED_GAPS = {"invention_quality": "quality"}
GAP_SCALE = 10.0
AXIS_RANGE = (0.0, 10.0)


@metric(
    "priority_matrix",
    Unit.SCORE,
    keys=("factor", "zone"),
    chart_ids=("c31",),
    default_benchmark=Scope(level="national"),
)
def priority_matrix(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Importance ``x``, gap ``y`` (0–10) and bubble ``size`` per factor, content order.

    ``computed`` is 1 where ``y`` comes from the data (the scope's dimension gap / 10, clipped
    to 0–10), else 0; ``n`` = the scope's firms with a value of that dimension for computed
    rows and the scope's firms for the editorial ones.
    """
    table = read_reference_csv(MATRIX_TABLE)
    scores = capability_scores(firms, context)
    at = {str(d): i for i, d in enumerate(scores["dimension"])}
    gaps = scores["gap"].to_numpy(dtype=np.float64)
    counts = scores[N_COLUMN].to_numpy(dtype=np.float64)
    y = table["y"].astype(np.float64).to_numpy()
    computed = np.zeros(len(table), dtype=np.int64)
    n = np.full(len(table), len(firms), dtype=np.int64)
    for row, factor in enumerate(table["factor"]):
        dimension = COMPUTED_GAPS.get(str(factor))
        if dimension is None:
            continue
        gap = float(gaps[at[dimension]])
        y[row] = float(np.clip(gap / GAP_SCALE, *AXIS_RANGE)) if not np.isnan(gap) else np.nan
        computed[row] = 1
        n[row] = int(counts[at[dimension]])
    return pd.DataFrame(
        {
            "factor": table["factor"].to_numpy(dtype=object),
            "zone": table["zone"].to_numpy(dtype=object),
            "x": table["x"].astype(np.float64).to_numpy(),
            "y": y,
            "size": table["size"].astype(np.float64).to_numpy(),
            "computed": computed,
            N_COLUMN: n,
        }
    )
