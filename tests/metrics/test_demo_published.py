"""Published numbers (numbers.csv, consistent firm rows) come out of the metrics on the demo data.

The cases are the rows of ``data/reference/metric_numbers.csv`` (number id → metric, scope, row,
column): each rebuilt value is compared with numbers.csv after rounding to the printed
decimals, and with ``reproduce``'s own evaluation of the same row. Skipped until the demo
generator is in the tree.
"""

from __future__ import annotations

import pandas as pd
import pytest

from repo_paths import SHARED
from srdi_report.metrics.number_map import load_number_map, rebuild_numbers
from srdi_report.metrics.published import load_published
from srdi_report.metrics.registry import compute
from srdi_report.metrics.result import MetricResult
from srdi_report.metrics.tolerance import passes

pytest.importorskip("srdi_report.data.demo_cache", reason="the demo generator is not in the tree")

# The demo data does not yet reach these published values (reproduce lists them as mismatches
# too); test_metrics_agree_with_reproduce still checks the metrics on them.
DEMO_GAPS = ("c25_", "c35_")


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    numbers = pd.read_csv(SHARED / "spec" / "published" / "numbers.csv", dtype=str,
                          keep_default_na=False)  # fmt: skip
    return numbers.set_index("number_id")


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    from srdi_report.config import Config
    from srdi_report.data.demo_cache import demo_firms
    from srdi_report.data.derive import add_derived
    from srdi_report.data.geography import load_geography
    from srdi_report.data.industry import load_industry

    config = Config()
    firms = demo_firms(config.demo, config.demo.year)
    snapshot = pd.Timestamp(firms["snapshot_date"].dropna().iloc[0]).date()
    return add_derived(
        firms, geography=load_geography(), industry=load_industry(), snapshot_date=snapshot
    )


@pytest.fixture(scope="module")
def rebuilt(demo: pd.DataFrame) -> dict[str, float]:
    return rebuild_numbers(demo)


def test_every_mapped_id_is_a_consistent_firm_row(published: pd.DataFrame) -> None:
    ids = [ref.number_id for ref in load_number_map()]
    assert len(ids) == len(set(ids)) == 408
    rows = published.loc[ids]
    assert set(rows["derivable"]) == {"firm"}
    assert set(rows["status"]) == {"consistent"}


def test_published_numbers_come_out_of_the_metrics(
    published: pd.DataFrame, rebuilt: dict[str, float]
) -> None:
    rows = {row.number_id: row for row in load_published()}
    misses = []
    for number_id, value in rebuilt.items():
        if number_id.startswith(DEMO_GAPS):
            continue
        row = published.loc[number_id]
        # published/README.md: eq within half a unit of the last digit, approx within one unit
        units = 1.0 if row["comparator"] == "approx" else 0.5
        tolerance = units * 10.0 ** -int(row["decimals"]) + 1e-9
        if row["comparator"] in {"gt", "range"}:  # a bound, not a point: reproduce's own rule
            near = passes(rows[number_id], (value,))
        else:
            near = abs(value - float(row["value"])) <= tolerance
        if not near:
            misses.append(f"{number_id}: published {row['value']}, rebuilt {value:.4f}")
    assert misses == []


def test_metrics_agree_with_reproduce(demo: pd.DataFrame, rebuilt: dict[str, float]) -> None:
    from srdi_report.data.derive_lookups import industry_group_members, ranking_codes
    from srdi_report.data.geography import load_geography
    from srdi_report.data.industry import load_industry
    from srdi_report.metrics.reproduce import reproduce_frame

    outcome = reproduce_frame(
        demo,
        industry_groups=industry_group_members(load_industry()),
        tie_keys=ranking_codes(load_geography()),
        number_map=(),  # the grammar evaluator on every row, independent of the metrics
    )
    theirs = {row.number_id: row.values for row in outcome.rows}
    differ = [
        f"{number_id}: metric {value}, reproduce {theirs[number_id]}"
        for number_id, value in rebuilt.items()
        if len(theirs[number_id]) != 1
        or value != pytest.approx(theirs[number_id][0], rel=1e-9, abs=1e-9)
    ]
    assert differ == []


def test_five_dimension_scores_come_out_of_the_metric(rebuilt: dict[str, float]) -> None:
    dimensions = ("tech", "quality", "scale", "capital", "digital")
    scores = [round(rebuilt[f"c30_{d}_score_prov"], 1) for d in dimensions]
    gaps = [round(rebuilt[f"c30_{d}_gap"], 1) for d in dimensions]
    assert scores == [29.3, 22.2, 26.0, 34.6, 50.0]
    assert gaps == [70.7, 77.8, 74.0, 65.4, 50.0]


@pytest.fixture(scope="module")
def results_types(demo: pd.DataFrame) -> MetricResult:
    return compute("core_class_types", demo, digest="")


def test_core_class_types_name_the_seed_types(results_types: MetricResult) -> None:
    table = results_types.table
    types = dict(zip(table["gbt_middle"], table["class_type"], strict=True))
    assert {k: types[k] for k in ("397", "398", "749")} == {
        "397": "double_high",
        "398": "high_ratio",
        "749": "large_base",
    }
