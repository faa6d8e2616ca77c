"""The calibrated demo dataset (data_schema.md §6): ``generate_snapshots(seed)``.

The 2026 snapshot reproduces the firm-derivable published numbers of the 2026 report; the 2025
snapshot is derived from it with the transitions of §6.3. One ``numpy`` Generator (PCG64) is
passed down every module; nothing else is random.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.data.demo_build import SNAPSHOT_YEAR, build_2026
from srdi_report.data.demo_frame import to_frame
from srdi_report.data.demo_targets import load_targets

GENERATOR_VERSION = "1"


def generate_snapshots(seed: int) -> dict[int, pd.DataFrame]:
    """Generate the demo snapshots.

    Args:
        seed: Seed of the PCG64 generator; the same seed gives identical frames.

    Returns:
        ``{2026: frame, 2025: frame}``: canonical input columns, sorted by firm_id.
    """
    from srdi_report.data.demo_previous import previous_snapshot

    rng = np.random.Generator(np.random.PCG64(seed))
    targets = load_targets()
    columns = build_2026(targets, rng, SNAPSHOT_YEAR)
    current = to_frame(columns, SNAPSHOT_YEAR)
    previous = previous_snapshot(current, rng, SNAPSHOT_YEAR - 1)
    return {SNAPSHOT_YEAR: current, SNAPSHOT_YEAR - 1: previous}
