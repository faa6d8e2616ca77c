"""The content tables of chapters 4-6: every fact is a number of a known kind, equal to the
published value it restates, in both languages."""

from __future__ import annotations

import csv

import pytest

from srdi_report.compose.content import content_view
from srdi_report.compose.model import NumRun
from srdi_report.data.reference_files import reference_path

FACT_TABLES = ("ch4_targets", "ch5_case_facts")
# content row -> (published number id, factor from the published unit to the stored one)
PUBLISHED = {
    ("ch4_targets", "base_rd_short"): ("p_s411_rd_short", 0.01),
    ("ch4_targets", "base_rd_mid"): ("p_s411_rd_mid", 0.01),
    ("ch4_targets", "base_superdeduction"): ("p_s411_superdeduction", 0.01),
    ("ch4_targets", "growth_inv_hardtech"): ("p_s412_inv_hardtech", 1.0),
    ("ch4_targets", "breakthrough_class1"): ("p_s413_classI", 1.0),
    ("ch4_targets", "tech_city_platform_staff"): ("p_s421_city_platform", 1.0),
    ("ch4_targets", "talent_engineers"): ("p_s422_engineers", 1.0),
    ("ch4_targets", "capital_credit_cap"): ("p_s423_loan", 1.0),
    ("ch4_targets", "digital_cad_rate"): ("p_s424_cad", 0.01),
    ("ch5_case_facts", "granted_patents"): ("p_c51_patents", 1.0),
    ("ch5_case_facts", "pct_patents"): ("p_c51_pct", 1.0),
    ("ch5_case_facts", "shengfeng_inventions"): ("p_c52_shengfeng_inv", 1.0),
    ("ch5_case_facts", "materials_major"): ("p_c52_mat_major", 1.0),
}


def _kinds() -> set[str]:
    with reference_path("number_styles.csv").open(encoding="utf-8") as fh:
        return {row["kind"] for row in csv.DictReader(fh)}


def _published() -> dict[str, float]:
    with reference_path("published/numbers.csv").open(encoding="utf-8") as fh:
        return {row["number_id"]: float(row["value"]) for row in csv.DictReader(fh)}


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@pytest.mark.parametrize("table", FACT_TABLES)
def test_every_fact_is_a_number_of_a_known_kind(table: str, locale: str) -> None:
    kinds = _kinds()
    view = content_view(table, locale)
    assert len(view) > 10
    for row in view:
        assert row.kind in kinds, (table, row.key, row.kind)
        run = row.num("value", row.kind, int(row.digits))
        assert isinstance(run, NumRun)
        assert run.value is not None


def test_the_award_is_one_value_in_ten_thousands_in_both_languages() -> None:
    """One number, one value (check C14); the English number style prints it in yuan."""
    zh = content_view("ch4_targets", "zh_CN").row(key="tech_award_low")
    en = content_view("ch4_targets", "en").row(key="tech_award_low")
    assert (zh.kind, zh.num("value", zh.kind).value) == ("money_wan", 3.0)
    assert (en.kind, en.num("value", en.kind).value) == ("money_wan", 3.0)


@pytest.mark.parametrize(("table", "key"), sorted(PUBLISHED))
def test_facts_equal_the_published_numbers(table: str, key: str) -> None:
    number_id, factor = PUBLISHED[(table, key)]
    row = next(r for r in content_view(table, "en") if r.key == key)
    assert float(row.text("value")) == pytest.approx(_published()[number_id] * factor)


def test_hard_tech_classes_share_one_threshold() -> None:
    view = content_view("ch6_trend_classes", "en")
    assert [r.gbt_minor for r in view] == ["3985", "3824", "4011"]
    assert {r.text("threshold") for r in view} == {"0.20"}
