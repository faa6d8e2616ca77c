"""Calibration check of the demo data: generate, derive, reproduce, print what misses.

Usage: .venv/bin/python tools/check_demo.py [--seed N] [--all]

Prints one line per firm-derivable consistent row of published/numbers.csv that the demo
2026 snapshot does not reproduce (metrics/reproduce.py decides), then the count and the
generation time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from srdi_report.config.model import DemoConfig
from srdi_report.data.demo import generate_snapshots
from srdi_report.data.derive import add_derived
from srdi_report.data.derive_lookups import industry_group_members, ranking_codes
from srdi_report.data.geography import load_geography
from srdi_report.data.industry import load_industry
from srdi_report.metrics.reproduce import Status, reproduce_frame


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=DemoConfig().seed)
    parser.add_argument("--all", action="store_true", help="print every row, not only misses")
    args = parser.parse_args()
    start = time.perf_counter()
    frames = generate_snapshots(args.seed)
    took = time.perf_counter() - start
    industry, geography = load_industry(), load_geography()
    derived = add_derived(
        frames[2026], geography=geography, industry=industry, snapshot_date=dt.date(2026, 2, 28)
    )
    outcome = reproduce_frame(
        derived, industry_groups=industry_group_members(industry), tie_keys=ranking_codes(geography)
    )
    for row in outcome.rows:
        if args.all or row.status is Status.MISMATCH:
            print(
                f"{row.status.value:9s} {row.number_id:32s} {row.published:>12s} {row.rebuilt:>12s}"
            )
    print(f"{outcome.n_ok} of {outcome.n_checked} ok; generation {took:.1f} s")


if __name__ == "__main__":
    main()
