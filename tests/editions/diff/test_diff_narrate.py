"""Narrated changes (editions.md §3.2): the rules fire, and every number is the table's."""

from __future__ import annotations

import pytest

from srdi_report.editions.diff.metric_table import metric_diff
from srdi_report.editions.diff.model import EditionSide, FlowRow, Observation, ObservationKey
from srdi_report.editions.diff.narrate import Narrator, rank_items
from srdi_report.editions.diff.rankings import rankings
from srdi_report.editions.diff.run import default_namer


def _obs(
    metric: str, value: float, unit: str, group: str = "", column: str = "", **kw: object
) -> Observation:
    labels = {"en": f"label {metric}", "zh": f"label {metric}"}
    key = ObservationKey(metric, "national", group, column)
    return Observation(key, value, unit, labels=labels, n=100, **kw)  # type: ignore[arg-type]


def _ranking(shares: dict[str, float]) -> list[Observation]:
    return [
        _obs("province_ranking", v, "percent", f"province_code={code}", "share")
        for code, v in shares.items()
    ]


OLD = EditionSide(
    "national", 2025, "2025-02-28", "2025",
    (
        _obs("firm_count", 150635.0, "count", column="firms", cumulative=True),
        _obs("industry_share", 10.0, "percent", "gbt_major=35", "share"),
        _obs("patents", 50.0, "count", column="total", cumulative=True),
        *_ranking(
            {"440000": 15.0, "320000": 14.0, "330000": 9.0, "370000": 8.0, "420000": 7.5,
             "110000": 7.0, "500000": 1.0}
        ),
    ),
)  # fmt: skip
NEW = EditionSide(
    "national", 2026, "2026-02-28", "2026",
    (
        _obs("firm_count", 167372.0, "count", column="firms", cumulative=True),
        _obs("industry_share", 11.5, "percent", "gbt_major=35", "share"),
        _obs("patents", 48.0, "count", column="total", cumulative=True),
        *_ranking(
            {"320000": 15.5, "440000": 14.5, "110000": 9.5, "330000": 9.0, "370000": 8.0,
             "420000": 5.0, "430000": 1.1}
        ),
    ),
)  # fmt: skip


@pytest.fixture(scope="module")
def items() -> dict[str, list]:  # type: ignore[type-arg]
    rows = metric_diff(OLD, NEW)
    narrator = Narrator(default_namer)
    found = (
        narrator.level_changes(rows)
        + narrator.ranking_changes(rankings(OLD.observations), rankings(NEW.observations), {})
        + narrator.flow_changes(
            [FlowRow("city", "370100", 100, 110, 95, 15, 5, 0, 0, 269, 246, 36, 60, 4, 3, 0)], 0
        )
    )
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for item in rank_items(found):
        out.setdefault(item.rule, []).append(item)
    return out


def test_every_rule_over_the_table_fires(items: dict[str, list]) -> None:  # type: ignore[type-arg]
    assert set(items) >= {"N1", "N2", "N3", "N4", "N5", "N6"}
    n1 = items["N1"][0]
    assert "Jiangsu" in n1.texts["en"]
    assert "Guangdong" in n1.texts["en"]
    assert "江苏" in n1.texts["zh"]
    assert any("Beijing" in i.texts["en"] and "no. 6" in i.texts["en"] for i in items["N3"])
    assert {i.keys for i in items["N2"]} == {("430000",), ("500000",)}
    n4 = items["N4"][0]
    assert "150,635" in n4.texts["en"]
    assert "167,372" in n4.texts["en"]
    assert "+11.1%" in n4.texts["en"]
    assert any("industry_share" in i.texts["en"] and "+1.50" in i.texts["en"] for i in items["N5"])
    assert any("Jinan" in i.texts["en"] and "60" in i.texts["en"] for i in items["N6"])


def test_numbers_equal_the_metric_table(items: dict[str, list]) -> None:  # type: ignore[type-arg]
    rows = {r.key.text(): r for r in metric_diff(OLD, NEW)}
    checked = 0
    for rule in ("N4", "N5", "N6", "N8"):
        for item in items.get(rule, []):
            for key in item.keys:
                if key not in rows:
                    continue
                row = rows[key]
                allowed = {row.old_value, row.new_value, row.pct_change, row.pp_change}
                assert set(item.numbers) <= allowed
                checked += 1
    assert checked >= 3


def test_no_han_in_english_sentences(items: dict[str, list]) -> None:  # type: ignore[type-arg]
    import re

    for group in items.values():
        for item in group:
            assert not re.search(r"[\u4e00-\u9fff]", item.texts["en"])
            assert re.search(r"[\u4e00-\u9fff]", item.texts["zh"])


def test_round_thresholds() -> None:
    from srdi_report.editions.diff.narrate import _passed, round_numbers

    assert list(round_numbers(100, 2000)) == [100, 200, 500, 1000, 2000]
    assert _passed(95, 102, 100) == 100
    assert _passed(933, 1033, 100) == 1000
    assert _passed(285, 325, 100) is None  # 300 is not a round threshold
    assert _passed(1033, 933, 100) is None  # a fall passes nothing
