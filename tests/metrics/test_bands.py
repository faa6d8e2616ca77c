"""metrics/bands.py: employee bands (nulls in the denominator), capital ≥ 1亿, R&D bands."""

from __future__ import annotations

import pandas as pd
import pytest
from firm_frames import SHENZHEN, SUZHOU, firm, frame

from srdi_report.config.model import MetricsConfig
from srdi_report.data.derive import emp_band, rd_band
from srdi_report.data.derive_params import DeriveParameters
from srdi_report.metrics.registry import compute

ONE = MetricsConfig(min_cell=1)


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    employees = [30.0, 80.0, 150.0, 150.0, None, 40.0, 40.0, 1200.0]
    levels = ["national"] * 4 + ["provincial"] * 4
    rows = [
        firm(lv, SUZHOU if lv == "national" else SHENZHEN, insured_employees=e)
        for lv, e in zip(levels, employees, strict=True)
    ]
    firms = frame(rows)
    firms["emp_band"] = emp_band(firms["insured_employees"].to_numpy(float), DeriveParameters())
    firms["capital_ge_1yi"] = pd.array(
        [True, True, False, None, False, True, False, False], dtype="boolean"
    )
    rd = [30.0, 20.0, 10.0, None, 25.0, 14.9, 15.0, None]
    firms["rd_ratio_2024"] = rd
    firms["rd_band_2024"] = rd_band(firms["rd_ratio_2024"].to_numpy(float), DeriveParameters())
    firms["patents_total"] = [100.0, 40.0, 10.0, 5.0, 60.0, 2.0, 8.0, 1.0]
    return firms


def test_employee_band_shares_keep_nulls_in_the_denominator(firms: pd.DataFrame) -> None:
    result = compute("employee_bands_by_level", firms, config=ONE)
    assert result.value("share", emp_band="0\u201350", level="national") == 0.25
    assert result.value("share", emp_band="0\u201350", level="provincial") == 0.5
    assert result.value("share", emp_band="0\u201350", level="pp_diff") == -0.25
    assert result.value("share", emp_band="unknown", level="provincial") == 0.25
    assert result.value("share", emp_band=">1000", level="provincial") == 0.25
    bands = result.table.loc[result.table["level"] == "national", "emp_band"].tolist()
    assert bands == [
        "0\u201350",
        "51\u2013100",
        "101\u2013200",
        "201\u2013500",
        "501\u20131000",
        ">1000",
        "unknown",
    ]
    national = result.table[result.table["level"] == "national"]["share"].sum()
    assert national == pytest.approx(1.0)


def test_capital_at_least_one_yi(firms: pd.DataFrame) -> None:
    result = compute("capital_ge_1yi_by_level", firms, config=ONE)
    assert result.value("share", level="national") == 0.5
    assert result.value("share", level="provincial") == 0.25
    assert result.value("share", level="pp_diff") == 0.25


def test_rd_bands_of_the_financial_year(firms: pd.DataFrame) -> None:
    result = compute("rd_bands", firms, config=ONE)
    assert result.table["rd_band"].tolist() == ["high", "mid", "low", "all"]
    assert result.value("firms", rd_band="high") == 2  # 30 and 25 (25 is high)
    assert result.value("share", rd_band="mid") == pytest.approx(2 / 6)  # 20 and 15
    assert result.value("patents_median", rd_band="high") == 80.0
    assert result.value("national_share", rd_band="low") == 0.5  # 10 (nat), 14.9 (prov)
    assert result.value("national_share", rd_band="all") == 0.5
