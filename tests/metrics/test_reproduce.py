from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from srdi_report.config import Config
from srdi_report.config.model import DataConfig
from srdi_report.data.derive_lookups import industry_group_members
from srdi_report.data.industry import load_industry
from srdi_report.metrics.published import Comparator, PublishedNumber, firm_rows, load_published
from srdi_report.metrics.reproduce import (
    Status,
    format_rebuilt,
    reproduce_frame,
    reproduce_published,
)
from srdi_report.metrics.reproduce_report import CSV_HEADER, render_csv, render_table
from srdi_report.metrics.reproduce_rules import RowSpec, resolve
from srdi_report.metrics.scope_grammar import Kind

NA = None


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """Ten firms: 4 national, 5 provincial, 1 single champion outside both levels."""
    patents = np.array([10, 20, 30, 40, 1, 2, 3, 4, 5, 100])
    return pd.DataFrame(
        {
            "firm_id": [f"DM{i:08d}" for i in range(10)],
            "level": pd.array(["national"] * 4 + ["provincial"] * 5 + ["none"], dtype="string"),
            "province": pd.array(
                [
                    "江苏省",
                    "江苏省",
                    "广东省",
                    "广东省",
                    "江苏省",
                    "江苏省",
                    "广东省",
                    "山东省",
                    "山东省",
                    "江苏省",
                ],
                dtype="string",
            ),
            "gbt_minor": pd.array(
                ["3985", "3985", "3061", "3824", "3985", "3311", "3311", "3061", NA, "3985"],
                dtype="string",
            ),
            "patents_total": pd.array(patents, dtype="Int64"),
            "invention_grants": pd.array(2 * patents + 1, dtype="Int64"),
            "invention_decided": pd.array(4 * patents + 2, dtype="Int64"),
            "software_copyrights": pd.array(100 - patents, dtype="Int64"),
            "insured_employees": pd.array(
                [50, 51, 100, 101, NA, 1000, 1001, 20, 30, 500], dtype="Int64"
            ),
            "emp_band": pd.array(
                [
                    *["0–50", "51–100", "51–100", "101–200"],
                    NA,
                    *["501–1000", ">1000", "0–50", "0–50", "201–500"],
                ],
                dtype="string",
            ),
            "hon_tech_center": pd.array(
                [True, True, False, NA, False, False, False, True, False, True], dtype="boolean"
            ),
            "single_champion_level": pd.array(
                ["national"] + ["none"] * 8 + ["national"], dtype="string"
            ),
            "rd_ratio_2024": [18.0, 20.0, 22.0, 35.0, 10.0, 12.0, np.nan, 14.0, 16.0, 5.0],
        }
    )


def row(
    number_id: str,
    scope: str,
    statistic: str,
    field: str,
    value: str,
    *,
    unit: str = "percent",
    comparator: str = "eq",
    status: str = "consistent",
    note: str = "",
    value_high: str = "",
    label_en: str = "",
    decimals: int | None = None,
) -> PublishedNumber:
    places = decimals if decimals is not None else len(value.partition(".")[2])
    return PublishedNumber(
        number_id=number_id,
        chart_id="图表0",
        label_zh="",
        label_en=label_en or number_id,
        scope=scope,
        statistic=statistic,
        field=field,
        value=value,
        unit=unit,
        comparator=Comparator(comparator),
        derivable="firm",
        status=status,
        note=note,
        value_high=value_high,
        decimals=places,
    )


def only(frame: pd.DataFrame, published: PublishedNumber) -> tuple[Status, tuple[float, ...]]:
    outcome = reproduce_frame(frame, (published,), industry_groups=GROUPS)
    (result,) = outcome.rows
    return result.status, result.values


GROUPS = {"hp_fibre_composites": (("gbt_minor", "3061"),)}


def test_share_of_the_population_leaves_out_level_none(frame: pd.DataFrame) -> None:
    status, values = only(frame, row("a", "level=national | all", "share", "level", "44.44"))
    assert status is Status.OK
    assert values == pytest.approx((400 / 9,))


def test_null_flag_counts_as_false(frame: pd.DataFrame) -> None:
    published = row("a", "hon_tech_center=true | level=national", "share", "x", "50.00")
    assert only(frame, published) == (Status.OK, (50.0,))


def test_band_share_keeps_nulls_in_the_denominator(frame: pd.DataFrame) -> None:
    published = row("a", "emp_band=0–50 | level=provincial", "share", "x", "40.00")
    assert only(frame, published) == (Status.OK, (40.0,))
    diff = row(
        "b",
        "emp_band=51–100 | level=national vs emp_band=51–100 | level=provincial",
        "pp_diff",
        "x",
        "50.00",
        unit="pp",
    )
    assert only(frame, diff) == (Status.OK, (50.0,))


def test_medians_ratio_uplift_score_and_gap(frame: pd.DataFrame) -> None:
    median = row("a", "level=national", "median", "patents_total", "25", unit="items")
    assert only(frame, median) == (Status.OK, (25.0,))
    two = "level=national vs level=provincial"
    ratio = row("b", two, "ratio", "patents_total", "8.33", unit="x", label_en="median ratio")
    assert only(frame, ratio)[1] == pytest.approx((25 / 3,))
    assert only(frame, ratio)[0] is Status.OK
    uplift = row("c", two, "uplift_pct", "patents_total", "733", label_en="median uplift")
    assert only(frame, uplift)[1] == pytest.approx(((25 / 3 - 1) * 100,))
    score = row("d", "level=provincial vs level=national", "score", "patents_total", "12.0")
    gap = row("e", "level=provincial vs level=national", "gap", "patents_total", "88.0")
    assert only(frame, score) == (Status.OK, (12.0,))
    assert only(frame, gap) == (Status.OK, (88.0,))
    benchmark = row("f", "level=national", "score", "patents_total", "100.0")
    assert only(frame, benchmark) == (Status.OK, (100.0,))


def test_percentile_is_linear(frame: pd.DataFrame) -> None:
    p90 = row("a", "level=national", "p90", "patents_total", "37", unit="items")
    assert only(frame, p90) == (Status.OK, (37.0,))


def test_window_range_per_group(frame: pd.DataFrame) -> None:
    # national in 0..30: 18, 20, 22 -> mean 20; provincial: 10, 12, 14, 16 -> mean 13
    published = row(
        "a",
        "level in (national, provincial)&0<=rd_ratio_2024<=30",
        "mean",
        "rd_ratio_2024",
        "13",
        comparator="range",
        value_high="20",
        decimals=0,
    )
    status, values = only(frame, published)
    assert values == pytest.approx((20.0, 13.0))
    assert status is Status.OK


def test_ranks_by_firm_count(frame: pd.DataFrame) -> None:
    for province, rank in (("江苏省", "1"), ("广东省", "2"), ("山东省", "3")):
        published = row("a", f"province={province}", "rank", "province", rank, unit="rank")
        assert only(frame, published) == (Status.OK, (float(rank),))


def test_top_n_sum_share_and_distinct_count(frame: pd.DataFrame) -> None:
    published = row("a", "province in top2 | all", "sum_share", "province", "77.78")
    assert only(frame, published)[1] == pytest.approx((700 / 9,))
    distinct = row("b", "all", "count_distinct", "province", "3", unit="classes")
    assert only(frame, distinct) == (Status.OK, (3.0,))


def test_pearson_pairs(frame: pd.DataFrame) -> None:
    positive = row(
        "a",
        "level in (national, provincial)",
        "pearson_r",
        "patents_total,invention_grants",
        "1.000",
    )
    assert only(frame, positive)[1] == pytest.approx((1.0,))
    negative = row("b", "all", "pearson_r", "patents_total,software_copyrights", "-1.000")
    assert only(frame, negative)[0] is Status.OK


def test_single_champion_scope_includes_level_none(frame: pd.DataFrame) -> None:
    published = row("a", "single_champion_level=national", "mean", "patents_total", "55")
    assert only(frame, published) == (Status.OK, (55.0,))
    ratio = row(
        "b",
        "single_champion_level=national vs level=national",
        "ratio",
        "patents_total",
        "2.2",
        unit="x",
        label_en="mean ratio",
    )
    assert only(frame, ratio) == (Status.OK, (2.2,))


def test_pooled_rate(frame: pd.DataFrame) -> None:
    published = row(
        "a", "level=national", "rate_pooled", "invention_grants/invention_decided", "50.00"
    )
    # grants 2p+1 summed over p = 10..40: 204; decided 4p+2: 408
    assert only(frame, published) == (Status.OK, (50.0,))


def test_industry_group_share(frame: pd.DataFrame) -> None:
    published = row(
        "a", "level=national | report_industry_group=hp_fibre_composites", "share", "level", "50.0"
    )
    assert only(frame, published) == (Status.OK, (50.0,))


def test_each_class_range(frame: pd.DataFrame) -> None:
    published = row(
        "a",
        "level=national | gbt_minor in (3985, 3824) (each class)",
        "share",
        "level",
        "60",
        comparator="range",
        value_high="100",
        decimals=0,
    )
    # 3985: 2 national of 3 in P; 3824: 1 of 1
    status, values = only(frame, published)
    assert values == pytest.approx((200 / 3, 100.0))
    assert status is Status.OK


def test_wan_counts_compare_in_units_of_ten_thousand(frame: pd.DataFrame) -> None:
    published = row("a", "all", "count", "firm_id", "0", unit="万家 (10k firms)", decimals=0)
    assert only(frame, published) == (Status.OK, (0.0009,))


def test_a_wrong_value_is_a_mismatch_with_reason(frame: pd.DataFrame) -> None:
    outcome = reproduce_frame(frame, (row("a", "level=national | all", "share", "level", "45.00"),))
    assert outcome.n_checked == 1
    assert outcome.n_ok == 0
    (mismatch,) = outcome.mismatches
    assert mismatch.rebuilt == "44.44"
    assert mismatch.reason == "rebuilt 44.4444 does not meet eq 45.00"


def test_missing_column_is_a_mismatch(frame: pd.DataFrame) -> None:
    outcome = reproduce_frame(frame, (row("a", "level=national", "mean", "pct_applications", "3"),))
    assert outcome.mismatches[0].reason == "column pct_applications is not in the data"
    assert outcome.mismatches[0].rebuilt == ""


def test_inconsistent_rows_are_exceptions_with_the_note(frame: pd.DataFrame) -> None:
    numbers = (
        row("ok", "level=national | all", "share", "level", "44.44"),
        row(
            "seed_slip",
            "province in top2 | all",
            "sum_share",
            "province",
            "86.3",
            status="inconsistent",
            note="the ten shares sum to 77.58 (C26)",
        ),
    )
    outcome = reproduce_frame(frame, numbers)
    assert (outcome.n_ok, outcome.n_checked) == (1, 1)
    (exception,) = outcome.exceptions
    assert exception.status is Status.EXCEPTION
    assert exception.rebuilt == "77.8"
    assert exception.reason == "the ten shares sum to 77.58 (C26)"
    lines = list(csv.reader(io.StringIO(render_csv(outcome))))
    assert tuple(lines[0]) == CSV_HEADER
    assert lines[0] == [
        "chart_id",
        "label",
        "published",
        "rebuilt",
        "status",
        "number_id",
        "reason",
        "source",
    ]
    assert lines[2] == [
        "图表0",
        "seed_slip",
        "86.3",
        "77.8",
        "exception",
        "seed_slip",
        "the ten shares sum to 77.58 (C26)",
        "grammar",
    ]
    table = render_table(outcome)
    assert table.endswith("1 of 1 reproduced (0 mismatches); 1 exception (seed inconsistencies)\n")


def test_format_rebuilt() -> None:
    assert format_rebuilt((29.25,), 1) == "29.3"
    assert format_rebuilt((27.8, 26.5), 0) == "27–28"
    assert format_rebuilt((), 2) == ""


def test_rank_ties_break_by_code(frame: pd.DataFrame) -> None:
    tied = frame.assign(
        province=pd.array(["甲", "乙"] * 5, dtype="string"),
        level=pd.array(["national"] * 10, dtype="string"),
    )  # five firms each
    published = row("a", "province=甲", "rank", "province", "1", unit="rank")
    by_text = reproduce_frame(tied, (published,))  # no codes: the value's text, 乙 < 甲
    assert by_text.rows[0].values == (2.0,)
    by_code = reproduce_frame(tied, (published,), tie_keys={"province": {"甲": "11", "乙": "12"}})
    assert by_code.rows[0].values == (1.0,)
    assert by_code.n_ok == 1


def frame_naming_every_scope_value(n: int = 3000) -> pd.DataFrame:
    """A frame where every value a numbers.csv scope names occurs, numbers random."""
    rng = np.random.default_rng(3)
    named: dict[str, set[str]] = {}
    numeric: set[str] = set()
    for published in firm_rows(load_published()):
        spec = resolve(published)
        numeric.update(c for pair in _pairs_or_columns(spec) for c in pair)
        for scope in spec.scope.expand():
            for group in scope.groups:
                clauses = [group.subset, group.within]
                clauses += [c.within for c in group.subset.conditions if c.within]
                for clause in clauses:
                    for condition in clause.conditions if clause else ():
                        if condition.kind in {Kind.EQ, Kind.IN}:
                            named.setdefault(condition.column, set()).update(condition.terms)
                        elif condition.kind is Kind.RANGE:
                            numeric.add(condition.column)
    for members in GROUPS_ALL.values():
        for column, code in members:
            named.setdefault(column, set()).add(code)
    columns: dict[str, object] = {}
    for column, values in sorted(named.items()):
        if column == "report_industry_group":
            continue
        if values <= {"true", "false"}:
            columns[column] = pd.array(rng.random(n) < 0.5, dtype="boolean")
        else:
            ordered = sorted(values)
            columns[column] = pd.array([ordered[i % len(ordered)] for i in range(n)], "string")
    for column in sorted(numeric - set(columns)):
        columns[column] = rng.uniform(0, 100, n).round(1)
    columns["level"] = pd.array(rng.choice(["national", "provincial"], n), dtype="string")
    return pd.DataFrame(columns)


def _pairs_or_columns(spec: RowSpec) -> list[tuple[str, ...]]:
    if spec.field.kind in {"cross", "set"} and spec.statistic == "pearson_r":
        return list(spec.field.pairs())
    if spec.field.kind in {"single", "sum", "ratio", "diff"}:
        return [spec.field.columns]
    return []


GROUPS_ALL = industry_group_members(load_industry())


def test_every_firm_row_is_evaluable_by_the_grammar() -> None:
    outcome = reproduce_frame(
        frame_naming_every_scope_value(), industry_groups=GROUPS_ALL, number_map=()
    )
    assert len(outcome.rows) == 455
    assert {r.source for r in outcome.rows} == {"grammar"}
    failed = [(r.number_id, r.reason) for r in outcome.rows if not r.values]
    assert failed == []
    assert outcome.n_checked == 424
    assert len(outcome.exceptions) == 31


def test_money_in_wan_yuan_is_not_rescaled(frame: pd.DataFrame) -> None:
    published = row(
        "a", "level=national", "mean", "registered_capital", "10000", unit="万元 (CNY 10k)"
    )
    frame = frame.assign(registered_capital=[5000.0, 15000.0, np.nan, 10000.0] + [1.0] * 6)
    assert only(frame, published) == (Status.OK, (10000.0,))


def test_reproduce_published_reads_a_firm_file(tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_text(
        "snapshot_date,firm_id,level,province,city,gbt_minor,registered_capital\n"
        "2026-02-28,DM00000001,national,江苏省,苏州市,3985,6200\n"
        "2026-02-28,DM00000002,provincial,北京市,北京市,6511,1000\n"
        "2026-02-28,DM00000003,provincial,广东省,深圳市,3983,500\n",
        encoding="utf-8",
    )
    config = Config(data=DataConfig(firms=str(path)))
    outcome = reproduce_published(config, None)
    by_id = {r.number_id: r for r in outcome.rows}
    assert by_id["c03_share_nat"].rebuilt == "33.33"
    assert by_id["c03_share_nat"].source == "metric:firms_by_level"
    assert by_id["c17_natratio_yrd"].rebuilt == "100.00"  # 苏州 is in the YRD cluster
    assert by_id["c20_rank_39"].values == (1.0,)  # 3985 and 3983 are both in major 39
    # a metric that lacks a column fails its own ids (no fallback to the grammar), the rest run
    capital = by_id["c04_cap_median_prov"]
    assert (capital.rebuilt, capital.status) == ("", Status.MISMATCH)
    assert capital.reason == "metric 'indicators_by_level' needs column 'insured_employees'"
    assert by_id["c40_pct_lg"].reason == (
        "metric 'champion_comparison' needs column 'single_champion_level'"
    )
    assert outcome.n_checked == 424
