from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from srdi_report.data.derive import derive_with
from srdi_report.data.derive_lookups import DeriveLookups
from srdi_report.data.derive_params import DeriveParameters
from srdi_report.data.industry import load_industry

NA = None
SNAPSHOT = date(2026, 2, 28)


LOOKUPS = DeriveLookups(
    region_by_province={"江苏省": "east", "湖北省": "central", "广东省": "east"},
    cluster_by_city={("广东省", "深圳市"): "prd", ("江苏省", "苏州市"): "yrd"},
    cluster_by_province={"江苏省": "yrd"},
    industry=load_industry().derive,
)


def derive(**columns: object) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    return derive_with(frame, LOOKUPS, SNAPSHOT)


def ints(*values: int | None) -> pd.arrays.IntegerArray:
    return pd.array(list(values), dtype="Int64")


def as_list(series: pd.Series) -> list[object]:
    return [None if pd.isna(v) else v for v in series]


def test_emp_band_edges() -> None:
    out = derive(insured_employees=ints(0, 50, 51, 100, 101, 200, 201, 500, 501, 1000, 1001, NA))
    assert as_list(out["emp_band"]) == [
        "0–50",
        "0–50",
        "51–100",
        "51–100",
        "101–200",
        "101–200",
        "201–500",
        "201–500",
        "501–1000",
        "501–1000",
        ">1000",
        None,
    ]
    assert str(out["emp_band"].dtype) == "string"


def test_capital_threshold_is_closed() -> None:
    out = derive(registered_capital=[9999.99, 10000.0, 12856.0, np.nan])
    assert as_list(out["capital_ge_1yi"]) == [False, True, True, None]


def test_quadrant_boundaries() -> None:
    out = derive(
        insured_employees=ints(100, 101, 101, 100, 100, 101, NA, 20),
        patents_total=ints(50, 50, 51, 51, 20, 35, 500, NA),
    )
    assert as_list(out["quadrant"]) == [
        "incubating",
        "scale",
        "head",
        "startup",
        "incubating",
        "scale",
        None,
        None,
    ]


def test_rd_bands_per_year() -> None:
    out = derive(
        rd_ratio_2023=[14.99, 15.0, 24.99, 25.0, np.nan],
        rd_ratio_2024=[0.0, 30.0, 100.0, np.nan, 15.0],
    )
    assert as_list(out["rd_band_2023"]) == ["low", "mid", "mid", "high", None]
    assert as_list(out["rd_band_2024"]) == ["low", "high", "high", None, "mid"]
    assert as_list(out["discloses_financials"]) == [True, True, True, True, True]


def test_discloses_financials_keeps_a_given_value_and_fills_the_rest() -> None:
    out = derive(
        rd_ratio_2024=[np.nan, 12.0, np.nan],
        discloses_financials=pd.array([True, NA, NA], dtype="boolean"),
    )
    assert as_list(out["discloses_financials"]) == [True, True, False]


def test_kcl_score_hand_computed() -> None:
    # National medians: patents 100, grants 20, employees 200, capital 5000, software 4.
    out = derive(
        level=pd.array(["national"] * 3 + ["provincial"] * 2, dtype="string"),
        patents_total=ints(100, 50, 300, 30, NA),
        invention_grants=ints(20, 10, 40, 5, NA),
        insured_employees=ints(200, 100, 400, 50, 10),
        registered_capital=[5000.0, 2500.0, 9000.0, 1000.0, np.nan],
        software_copyrights=ints(4, 2, 10, 2, 1),
    )
    # firm 3: 0.25*30 + 0.30*25 + 0.15*25 + 0.20*20 + 0.10*50 = 27.75 -> 27.8 (half up)
    # firm 4: employees 5 and software 25 only -> two indicators, below three: null
    assert as_list(out["kcl_score"]) == [100.0, 50.0, 100.0, 27.8, None]


def test_kcl_score_weights_only_the_present_indicators() -> None:
    out = derive(
        level=pd.array(["national", "national", "provincial"], dtype="string"),
        patents_total=ints(100, 100, 50),
        invention_grants=ints(10, 10, 5),
        insured_employees=ints(100, 100, 25),
        registered_capital=[1000.0, 1000.0, np.nan],
        software_copyrights=ints(0, 0, 3),  # national median 0: dimension undefined
    )
    # (0.25*50 + 0.30*50 + 0.15*25) / 0.70 = 31.25 / 0.7 = 44.642… -> 44.6
    assert as_list(out["kcl_score"]) == [100.0, 100.0, 44.6]


def test_firm_age_in_completed_years() -> None:
    out = derive(
        founded_date=pd.to_datetime(["2016-02-28", "2016-02-29", "2016-03-01", None, "2026-02-28"])
    )
    assert as_list(out["firm_age_years"]) == [10, 9, 9, None, 0]
    assert str(out["firm_age_years"].dtype) == "Int64"


def test_listing_and_champion_flags() -> None:
    out = derive(
        listing_board=pd.array(["chinext", "main;hkex", "neeq", "none", NA], dtype="string"),
        single_champion_level=pd.array(["none", "national", "provincial", NA, "none"], "string"),
    )
    assert as_list(out["is_listed"]) == [True, True, False, False, False]
    assert as_list(out["hon_single_champion"]) == [False, True, True, False, False]


def test_standard_and_evaluation_flags() -> None:
    out = derive(
        std_total=ints(0, 3, NA),
        eval_reach_dom=pd.array([False, NA, True], dtype="boolean"),
        eval_intl_adv_or_lead=pd.array([False, True, NA], dtype="boolean"),
    )
    assert as_list(out["has_standard"]) == [False, True, False]
    assert as_list(out["has_tech_eval"]) == [False, True, True]


def test_geography_region_and_clusters() -> None:
    out = derive(
        province=pd.array(["江苏省", "广东省", "广东省", "湖北省"], dtype="string"),
        city=pd.array(["苏州市", "深圳市", "汕头市", "武汉市"], dtype="string"),
    )
    assert as_list(out["region"]) == ["east", "east", "east", "central"]
    assert as_list(out["city_cluster"]) == ["yrd", "prd", "other", "other"]


def test_industry_levels_from_the_most_specific_code() -> None:
    out = derive(
        gbt_minor=pd.array(["3824", "3971", NA, NA], dtype="string"),
        gbt_middle=pd.array([NA, NA, "651", NA], dtype="string"),
        gbt_major=pd.array([NA, NA, NA, "38"], dtype="string"),
    )
    assert as_list(out["gbt_middle"]) == ["382", "397", "651", None]
    assert as_list(out["gbt_major"]) == ["38", "39", "65", "38"]
    assert as_list(out["gbt_section"]) == ["C", "C", "I", "C"]
    assert as_list(out["field_domain"]) == [
        "electronics_core",
        "electronics_core",
        "software_it",
        "basic_manufacturing",
    ]
    assert as_list(out["industry_type4"])[2] == "software_it"
    assert as_list(out["key_field10"])[0] == "power_equipment"


def test_given_field_domain_is_kept() -> None:
    out = derive(
        gbt_minor=pd.array(["3824", "3824"], dtype="string"),
        field_domain=pd.array(["new_energy", NA], dtype="string"),
    )
    assert as_list(out["field_domain"]) == ["new_energy", "electronics_core"]


def test_input_frame_is_not_changed() -> None:
    frame = pd.DataFrame({"insured_employees": ints(10)})
    derive_with(frame, LOOKUPS, SNAPSHOT)
    assert list(frame.columns) == ["insured_employees"]


def test_parameters_can_move_the_cuts() -> None:
    params = DeriveParameters(quadrant_employees_above=50)
    frame = pd.DataFrame({"insured_employees": ints(60), "patents_total": ints(10)})
    assert derive_with(frame, LOOKUPS, SNAPSHOT, params)["quadrant"].iloc[0] == "scale"
    with pytest.raises(ValueError, match="one code more"):
        DeriveParameters(emp_band_codes=("a",))


def test_large_frame_scores_every_firm() -> None:
    # Speed is measured by `make bench`, not here (timed unit tests flake on shared machines).
    n = 167_372
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(
        {
            "level": pd.array(rng.choice(["national", "provincial"], n), dtype="string"),
            "province": pd.array(rng.choice(["江苏省", "广东省"], n), dtype="string"),
            "city": pd.array(rng.choice(["苏州市", "深圳市"], n), dtype="string"),
            "gbt_minor": pd.array(rng.choice(["3824", "3971", "6511"], n), dtype="string"),
            "insured_employees": pd.array(rng.integers(0, 2000, n), dtype="Int64"),
            "patents_total": pd.array(rng.integers(0, 300, n), dtype="Int64"),
            "invention_grants": pd.array(rng.integers(0, 50, n), dtype="Int64"),
            "registered_capital": rng.lognormal(8, 1, n),
            "software_copyrights": pd.array(rng.integers(0, 30, n), dtype="Int64"),
            "rd_ratio_2024": rng.uniform(0, 40, n),
            "founded_date": pd.Timestamp("2000-01-01")
            + pd.to_timedelta(rng.integers(0, 9000, n), unit="D"),
        }
    )
    out = derive_with(frame, LOOKUPS, SNAPSHOT)
    assert out["kcl_score"].notna().all()
    assert len(out) == n


def test_city_edition_bands() -> None:
    out = derive(
        founded_date=pd.to_datetime(
            ["2021-02-28", "2021-03-01", "2016-02-28", "1996-02-28", "1995-02-28", None]
        ),
        registered_capital=[999.99, 1000.0, 4999.0, 5000.0, 10000.0, np.nan],
        patents_total=ints(49, 50, 999, 1000, 0, NA),
    )
    assert as_list(out["firm_age_years"]) == [5, 4, 10, 30, 31, None]
    assert as_list(out["age_band"]) == ["0–5", "0–5", "6–10", "21–30", ">30", None]
    assert as_list(out["capital_band"]) == [
        "<1000",
        "1000–4999",
        "1000–4999",
        "5000–9999",
        ">=10000",
        None,
    ]
    assert as_list(out["patent_band"]) == ["<50", "50–99", "500–999", ">=1000", "<50", None]


def test_any_row_index_is_kept() -> None:
    frame = pd.DataFrame(
        {"insured_employees": ints(10, 2000), "rd_ratio_2024": [30.0, np.nan]}, index=[7, 3]
    )
    out = derive_with(frame, LOOKUPS, SNAPSHOT)
    assert list(out.index) == [7, 3]
    assert as_list(out["emp_band"]) == ["0–50", ">1000"]
    assert as_list(out["rd_band_2024"]) == ["high", None]
    assert as_list(out["quadrant"]) == [None, None]
