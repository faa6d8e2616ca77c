"""Scale × innovation quadrants (charts 13 and 14) from the derived ``quadrant`` column.

Firms with a null quadrant (no insured-employee or patent value) are left out of the
denominator (national_report.md chart 13: "share over the remaining firms").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.data.derive import QUADRANT_CODES
from srdi_report.metrics.registry import MetricContext, metric
from srdi_report.metrics.result import N_COLUMN, Unit

QUADRANTS = tuple(
    QUADRANT_CODES[(s, i)] for s, i in ((True, True), (False, True), (True, False), (False, False))
)


@metric("quadrant_shares", Unit.SHARE, keys=("quadrant",), chart_ids=("c13", "c14"))
def quadrant_shares(firms: pd.DataFrame, context: MetricContext) -> pd.DataFrame:
    """Firms and share per quadrant (head, startup, scale, incubating); ``n`` = firms placed."""
    counts = context.counts(firms, "quadrant").reindex(QUADRANTS, fill_value=0)
    placed = int(counts.sum())
    return pd.DataFrame(
        {
            "quadrant": list(QUADRANTS),
            "firms": counts.to_numpy(),
            "share": counts.to_numpy(dtype=np.float64) / placed if placed else np.nan,
            N_COLUMN: placed,
        }
    )
