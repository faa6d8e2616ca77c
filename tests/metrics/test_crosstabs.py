"""metrics/crosstabs.py: honours, standards, evaluations, correlations."""

from __future__ import annotations

import pandas as pd
import pytest
from firm_frames import SHENZHEN, SUZHOU, firm, frame

from srdi_report.config.model import MetricsConfig
from srdi_report.metrics.crosstabs import EVALUATIONS, HONOURS
from srdi_report.metrics.registry import compute

ONE = MetricsConfig(min_cell=1)


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    rows = [firm("national", SUZHOU) for _ in range(4)] + [
        firm("provincial", SHENZHEN) for _ in range(4)
    ]
    firms = frame(rows)
    for column in (*HONOURS, *EVALUATIONS):
        firms[column] = pd.array([False] * 8, dtype="boolean")
    firms["hon_tech_center"] = pd.array(
        [True, True, True, False, True, None, False, False], dtype="boolean"
    )
    firms["eval_reach_intl"] = pd.array(
        [True, False, False, False, True, False, False, False], dtype="boolean"
    )
    firms["std_total"] = [2.0, 4.0, 0.0, 0.0, 3.0, 0.0, 0.0, 0.0]
    firms["has_standard"] = pd.array(firms["std_total"] > 0, dtype="boolean")
    firms["patents_total"] = [10.0, 30.0, 5.0, 7.0, 8.0, 2.0, 4.0, 6.0]
    firms["has_tech_eval"] = firms["eval_reach_intl"]
    firms["invention_grants"] = [9.0, 3.0, 5.0, 1.0, 4.0, 1.0, 2.0, 2.0]
    return firms


def test_honour_rates_pp_and_multiple(firms: pd.DataFrame) -> None:
    result = compute("honours_by_level", firms, config=ONE)
    assert result.value("share", honour="hon_tech_center", level="national") == 0.75
    assert result.value("share", honour="hon_tech_center", level="provincial") == 0.25
    assert result.value("share", honour="hon_tech_center", level="pp_diff") == 0.5
    assert result.value("share", honour="hon_tech_center", level="ratio") == 3.0
    assert result.value("share", honour="hon_unicorn", level="all") == 0.0


def test_evaluations_by_level(firms: pd.DataFrame) -> None:
    result = compute("evaluations_by_level", firms, config=ONE)
    assert result.value("share", evaluation="eval_reach_intl", level="ratio") == 1.0
    assert result.value("share", evaluation="eval_reach_dom", level="national") == 0.0


def test_standards_holding_rate_and_mean_among_holders(firms: pd.DataFrame) -> None:
    result = compute("standards_by_level", firms, config=ONE)
    assert result.value("share", level="national") == 0.5
    assert result.value("mean_standards", level="national") == 3.0
    assert result.value("share", level="ratio") == 2.0
    assert result.value("mean_standards", level="uplift") == 0.0


def test_innovation_by_standard_uplift(firms: pd.DataFrame) -> None:
    result = compute("innovation_by_standard", firms, config=ONE)
    assert result.value(level="national", has_standard="yes", indicator="patents_total") == 20.0
    assert result.value(level="national", has_standard="no", indicator="patents_total") == 6.0
    uplift = result.value(level="national", has_standard="uplift", indicator="patents_total")
    assert uplift == pytest.approx(20 / 6 - 1)
    # composite = patents + software copyrights (1) + standards
    assert result.value(level="national", has_standard="yes", indicator="composite") == 24.0


def test_inventions_by_tech_eval(firms: pd.DataFrame) -> None:
    result = compute("inventions_by_tech_eval", firms, config=ONE)
    assert result.value(level="national", has_tech_eval="yes") == 9.0
    assert result.value(level="national", has_tech_eval="no") == 3.0
    assert result.value(level="national", has_tech_eval="uplift") == pytest.approx(2.0)


def test_correlation_of_identical_columns_is_one(firms: pd.DataFrame) -> None:
    result = compute("core_correlations", firms, config=ONE)
    assert result.value(x="patents_total", y="patents_total") == pytest.approx(1.0)
    expected = pd.Series(firms["patents_total"]).corr(pd.Series(firms["invention_grants"]))
    assert result.value(x="patents_total", y="invention_grants") == pytest.approx(expected)
