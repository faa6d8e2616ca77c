"""Published numbers (numbers.csv, consistent firm rows) come out of the metrics on the demo data.

Each case names the metric, scope and row that rebuild one published number; the value is read
from the spec's numbers.csv and compared after rounding to the printed decimals. Skipped until
the demo generator is in the tree.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from srdi_report.metrics.registry import compute
from srdi_report.metrics.result import MetricResult, data_hash
from srdi_report.metrics.scope import Scope

pytest.importorskip("srdi_report.data.demo_cache", reason="the demo generator is not in the tree")

from conftest import SHARED

PERCENT = 100.0
PROVINCES = {  # c16 rows: key of the number id -> province admin code
    "jiangsu": "320000", "guangdong": "440000", "shandong": "370000", "zhejiang": "330000",
    "beijing": "110000", "shanghai": "310000", "hubei": "420000", "hebei": "130000",
    "sichuan": "510000", "hunan": "430000",
}  # fmt: skip
CITIES = {  # b19a rows
    "beijing": "110000", "shanghai": "310000", "shenzhen": "440300", "suzhou": "320500",
    "guangzhou": "440100", "chongqing": "500000", "hangzhou": "330100",
}  # fmt: skip
HONOURS = ("little_giant", "high_tech", "tech_center", "tech_sme", "single_champion",
           "eng_research_center", "gazelle", "unicorn")  # fmt: skip
EVALS = {"intl_adv": "eval_intl_adv_or_lead", "dom_adv": "eval_dom_adv_or_lead",
         "reach_intl": "eval_reach_intl", "reach_dom": "eval_reach_dom"}  # fmt: skip
CORE = {"emp": "insured_employees", "patents": "patents_total",
        "apps": "invention_applications_pending", "grants": "invention_grants",
        "sw": "software_copyrights"}  # fmt: skip
LEVEL_OF = {"nat": "national", "prov": "provincial", "diff": "pp_diff", "ratio": "ratio"}
DIMENSIONS = {"tech": "tech", "quality": "quality", "scale": "scale", "capital": "capital",
              "digital": "digital"}  # fmt: skip

Case = tuple[str, str, Scope, dict[str, Any], str, float]


def _cases() -> list[Case]:
    cases: list[Case] = [
        ("c03_share_nat", "firms_by_level", Scope(), {"level": "national"}, "share", PERCENT),
        ("c03_share_prov", "firms_by_level", Scope(), {"level": "provincial"}, "share", PERCENT),
        ("p_pop_total", "firm_count", Scope(), {}, "firms", 1.0),
        ("p_nat_count", "firms_by_level", Scope(), {"level": "national"}, "firms", 1.0),
        ("c16_top3_sum", "top_n_concentration", Scope(),
         {"dimension": "province", "top_n": 3, "section": ""}, "share", PERCENT),
        ("c21_top20_middle_sum", "top_n_concentration", Scope(),
         {"dimension": "gbt_middle", "top_n": 20, "section": ""}, "share", PERCENT),
        ("c21_middle_classes", "distinct_classes", Scope(), {"column": "gbt_middle"}, "classes",
         1.0),
        ("c23_minor_classes", "distinct_classes", Scope(), {"column": "gbt_minor"}, "classes", 1.0),
        ("c22_core_elec_nat_count", "firm_count",
         Scope(level="national", field_domain="electronics_core"), {}, "firms", 1.0),
    ]  # fmt: skip
    for stat, column in (("median", "value"), ("mean", "value")):
        for level in ("nat", "prov", "ratio"):
            cases.append((f"c04_cap_{stat}_{level}", "indicators_by_level", Scope(),
                          {"indicator": "registered_capital", "statistic": stat,
                           "level": LEVEL_OF[level]}, column, 1.0))  # fmt: skip
    for level in ("nat", "prov", "diff"):
        cases.append((f"c04_cap_ge1yi_{level}", "capital_ge_1yi_by_level", Scope(),
                      {"level": LEVEL_OF[level]}, "share", PERCENT))  # fmt: skip
    for band, code in (("0-50", "0\u201350"), ("51-100", "51\u2013100"),
                       ("101-200", "101\u2013200"), ("201-500", "201\u2013500"),
                       ("501-1000", "501\u20131000"), ("gt1000", ">1000")):  # fmt: skip
        for level in ("nat", "prov", "diff"):
            cases.append(
                (
                    f"c05_emp_{band}_{level}",
                    "employee_bands_by_level",
                    Scope(),
                    {"emp_band": code, "level": LEVEL_OF[level]},
                    "share",
                    PERCENT,
                )
            )
    for honour in HONOURS:
        for level in ("nat", "prov", "diff"):
            cases.append((f"c06_{honour}_{level}", "honours_by_level", Scope(),
                          {"honour": f"hon_{honour}", "level": LEVEL_OF[level]}, "share",
                          PERCENT))  # fmt: skip
        if honour not in {"little_giant", "tech_sme"}:  # chart 37 has the other six
            ratio = {"honour": f"hon_{honour}", "level": "ratio"}
            cases.append((f"c37_{honour}_ratio", "honours_by_level", Scope(), ratio, "share", 1.0))
    for key, column in EVALS.items():
        for level in ("nat", "prov", "diff"):
            cases.append(
                (
                    f"c09_{key}_{level}",
                    "evaluations_by_level",
                    Scope(),
                    {"evaluation": column, "level": LEVEL_OF[level]},
                    "share",
                    PERCENT,
                )
            )
        cases.append(
            (
                f"c09_{key}_ratio",
                "evaluations_by_level",
                Scope(),
                {"evaluation": column, "level": "ratio"},
                "share",
                1.0,
            )
        )
    for key, column in CORE.items():
        for level in ("nat", "prov"):
            cases.append((f"c26_{key}_median_{level}", "indicators_by_level", Scope(),
                          {"indicator": column, "statistic": "median",
                           "level": LEVEL_OF[level]}, "value", 1.0))  # fmt: skip
        cases.append(
            (
                f"c26_{key}_ratio",
                "indicators_by_level",
                Scope(),
                {"indicator": column, "statistic": "median", "level": "ratio"},
                "value",
                1.0,
            )
        )
    for level in ("nat", "prov"):
        cases.append(
            (
                f"c07_std_rate_{level}",
                "standards_by_level",
                Scope(),
                {"level": LEVEL_OF[level]},
                "share",
                PERCENT,
            )
        )
        cases.append(
            (
                f"c07_std_mean_{level}",
                "standards_by_level",
                Scope(),
                {"level": LEVEL_OF[level]},
                "mean_standards",
                1.0,
            )
        )
        for has in ("yes", "no"):
            for key, column in (("patents", "patents_total"), ("grants", "invention_grants")):
                cases.append((f"c08_{key}_median_{level}_{has}", "innovation_by_standard",
                              Scope(), {"level": LEVEL_OF[level], "has_standard": has,
                                        "indicator": column}, "value", 1.0))  # fmt: skip
        cases.append((f"c08_patents_uplift_{level}", "innovation_by_standard", Scope(),
                      {"level": LEVEL_OF[level], "has_standard": "uplift",
                       "indicator": "patents_total"}, "value", PERCENT))  # fmt: skip
        for tail, has in (("eval", "yes"), ("noeval", "no")):
            cases.append(
                (
                    f"c10_grants_median_{level}_{tail}",
                    "inventions_by_tech_eval",
                    Scope(),
                    {"level": LEVEL_OF[level], "has_tech_eval": has},
                    "value",
                    1.0,
                )
            )
        cases.append(
            (
                f"c10_grants_uplift_{level}",
                "inventions_by_tech_eval",
                Scope(),
                {"level": LEVEL_OF[level], "has_tech_eval": "uplift"},
                "value",
                PERCENT,
            )
        )
    cases += [
        ("c07_std_rate_all", "standards_by_level", Scope(), {"level": "all"}, "share", PERCENT),
        ("c07_std_ratio", "standards_by_level", Scope(), {"level": "ratio"}, "share", 1.0),
        ("c07_std_mean_gap", "standards_by_level", Scope(), {"level": "uplift"},
         "mean_standards", PERCENT),
    ]  # fmt: skip
    for year in (2022, 2023, 2024):
        for level in ("nat", "prov", "diff"):
            cases.append(
                (
                    f"b11a_growth_{year}_{level}",
                    "revenue_growth_by_level",
                    Scope(),
                    {"year": year, "level": LEVEL_OF[level]},
                    "value",
                    PERCENT,
                )
            )
            cases.append((f"c11_rd_mean_{year}_{level}", "rd_intensity_by_level", Scope(),
                          {"year": year, "statistic": "mean", "level": LEVEL_OF[level]},
                          "value", PERCENT))  # fmt: skip
    for pct in ("p50", "p75", "p90"):
        for level in ("nat", "prov", "diff"):
            cases.append((f"c12_rd_{pct}_{level}", "rd_intensity_by_level", Scope(),
                          {"year": 2024, "statistic": pct, "level": LEVEL_OF[level]},
                          "value", PERCENT))  # fmt: skip
    for key, code in PROVINCES.items():
        cases.append((f"c16_share_{key}", "province_ranking", Scope(), {"province_code": code},
                      "share", PERCENT))  # fmt: skip
        cases.append(
            (
                f"c16_natratio_{key}",
                "province_ranking",
                Scope(),
                {"province_code": code},
                "national_ratio",
                PERCENT,
            )
        )
        cases.append((f"c16_rank_{key}", "province_ranking", Scope(), {"province_code": code},
                      "rank", 1.0))  # fmt: skip
    for key, code in CITIES.items():
        cases.append((f"b19a_share_{key}", "city_ranking", Scope(), {"city_code": code},
                      "share", PERCENT))  # fmt: skip
        cases.append((f"b19a_rank_{key}", "city_ranking", Scope(), {"city_code": code},
                      "rank", 1.0))  # fmt: skip
        cases.append(
            (
                f"b19a_patents_median_{key}",
                "patents_median_by_city",
                Scope(),
                {"city_code": code},
                "value",
                1.0,
            )
        )
    for major in ("75", "65", "73", "34", "35", "38", "74", "39", "33", "51", "26", "30"):
        cases.append((f"c20_share_{major}", "gbt_major_ranking", Scope(), {"gbt_major": major},
                      "share", PERCENT))  # fmt: skip
        cases.append((f"c20_rank_{major}", "gbt_major_ranking", Scope(), {"gbt_major": major},
                      "rank", 1.0))  # fmt: skip
    for middle in ("397", "398", "382", "749", "346"):
        cases.append(
            (
                f"c22_natratio_{middle}",
                "national_ratio_by_gbt_middle",
                Scope(),
                {"gbt_middle": middle},
                "share",
                PERCENT,
            )
        )
    for minor in ("3985", "3824", "3983", "4011", "4014", "3825", "3841", "6511", "6520", "3073"):
        cases.append(
            (
                f"c23_natratio_{minor}",
                "national_ratio_by_gbt_minor",
                Scope(),
                {"gbt_minor": minor},
                "share",
                PERCENT,
            )
        )
    for band in ("high", "mid", "low"):
        cases += [
            (f"c28_share_{band}", "rd_bands", Scope(), {"rd_band": band}, "share", PERCENT),
            (f"c28_patents_median_{band}", "rd_bands", Scope(), {"rd_band": band},
             "patents_median", 1.0),
            (f"c28_grants_median_{band}", "rd_bands", Scope(), {"rd_band": band},
             "invention_grants_median", 1.0),
            (f"c28_natshare_{band}", "rd_bands", Scope(), {"rd_band": band}, "national_share",
             PERCENT),
        ]  # fmt: skip
    for key, dimension in DIMENSIONS.items():
        cases.append(
            (
                f"c30_{key}_score_prov",
                "capability_scores",
                Scope(level="provincial"),
                {"dimension": dimension},
                "score",
                1.0,
            )
        )
        cases.append(
            (
                f"c30_{key}_gap",
                "capability_scores",
                Scope(level="provincial"),
                {"dimension": dimension},
                "gap",
                1.0,
            )
        )
        cases.append(
            (
                f"c30_{key}_score_nat",
                "capability_scores",
                Scope(level="national"),
                {"dimension": dimension},
                "score",
                1.0,
            )
        )
    cities = "city_group_shares"
    cases += [
        ("b19a_yrd_seats", cities, Scope(), {"group": "yrd_in_top20"}, "cities", 1.0),
        ("b19a_yrd_sum", cities, Scope(), {"group": "yrd_in_top20"}, "share", PERCENT),
        ("b19a_midwest_sum", cities, Scope(), {"group": "central_west"}, "share", PERCENT),
    ]
    return cases + _cases_chapter3()


C40 = {  # number id stem -> indicator of champion_comparison
    "patents": "patents_total", "inv_apps": "invention_applications", "pct": "pct_applications",
    "foreign": "foreign_patents", "inv_grants": "invention_grants",
    "grant_rate": "invention_grant_rate", "hv_inv": "high_value_inventions_valid",
    "citations": "citations_per_invention", "award_inv": "award_inventions",
    "std_inv": "standard_inventions", "emp": "insured_employees", "inventors": "patent_inventors",
    "univ_coop": "univ_coop_patents", "capital": "registered_capital",
    "pledged": "pledged_patents", "licensed": "licensed_patents",
    "litigated": "litigated_patents", "std_nat": "std_national",
    "std_ind_local": "std_local_industry", "std_group": "std_group",
    "sw": "software_copyrights", "digital": "digital_tech_patents_valid",
}  # fmt: skip
C40_COLUMNS = {"lg": "little_giant", "champ": "champion", "ratio": "multiple"}
C25 = {"patents": "patents_total", "apps": "invention_applications_pending",
       "grants": "invention_grants", "emp": "insured_employees",
       "cap": "registered_capital"}  # fmt: skip
C35_FIELDS = {"elec": "electronics_core", "equip": "high_end_equipment", "sw": "software_it",
              "basic": "basic_manufacturing"}  # fmt: skip


def _cases_chapter3() -> list[Case]:
    cases: list[Case] = []
    for pair in ("patents_apps", "patents_grants", "patents_emp", "patents_cap", "apps_grants",
                 "apps_emp", "apps_cap", "grants_emp", "grants_cap"):  # fmt: skip
        x, y = pair.split("_")
        cases.append((f"c25_r_{pair}", "core_correlations", Scope(), {"x": C25[x], "y": C25[y]},
                      "value", 1.0))  # fmt: skip
    for code in ("397", "398", "382", "346", "6560", "651", "7320", "33"):
        cases.append(
            (
                f"c33_grants_median_{code}",
                "field_class_indicators",
                Scope(),
                {"industry": code, "statistic": "invention_grants_median"},
                "value",
                1.0,
            )
        )
        cases.append(
            (
                f"c33_rd_mean_{code}",
                "field_class_indicators",
                Scope(),
                {"industry": code, "statistic": "rd_intensity_mean"},
                "value",
                PERCENT,
            )
        )
    cases.append(
        (
            "c33_sw_median_6560",
            "field_class_indicators",
            Scope(),
            {"industry": "6560", "statistic": "software_copyrights_median"},
            "value",
            1.0,
        )
    )
    for band in ("ge85", "70_85", "60_70", "lt60"):
        for key, domain in C35_FIELDS.items():
            cases.append(
                (
                    f"c35_{band}_{key}",
                    "kcl_recognition_by_field",
                    Scope(),
                    {"field_domain": domain, "score_band": band},
                    "share",
                    PERCENT,
                )
            )
    for stem, indicator in C40.items():
        for suffix, column in C40_COLUMNS.items():
            number_id = f"c40_{stem}_{suffix}"
            if number_id in C40_IDS:
                scale = PERCENT if indicator == "invention_grant_rate" else 1.0
                cases.append((number_id, "champion_comparison", Scope(),
                              {"indicator": indicator}, column, scale))  # fmt: skip
    return cases


# c40_capital_lg is an inconsistent row (12,500 vs chart 4's 12,856, C63)
C40_IDS = {
    "c40_patents_lg", "c40_patents_champ", "c40_patents_ratio", "c40_inv_apps_lg",
    "c40_inv_apps_champ", "c40_pct_lg", "c40_pct_champ", "c40_pct_ratio", "c40_foreign_lg",
    "c40_foreign_champ", "c40_inv_grants_lg", "c40_inv_grants_champ", "c40_inv_grants_ratio",
    "c40_grant_rate_lg", "c40_grant_rate_champ", "c40_hv_inv_lg", "c40_hv_inv_champ",
    "c40_citations_lg", "c40_citations_champ", "c40_award_inv_lg", "c40_award_inv_champ",
    "c40_std_inv_lg", "c40_std_inv_champ", "c40_emp_lg", "c40_emp_champ", "c40_emp_ratio",
    "c40_inventors_lg", "c40_inventors_champ", "c40_univ_coop_lg", "c40_univ_coop_champ",
    "c40_capital_champ", "c40_pledged_lg", "c40_pledged_champ", "c40_licensed_lg",
    "c40_licensed_champ", "c40_litigated_lg", "c40_litigated_champ", "c40_std_nat_lg",
    "c40_std_nat_champ", "c40_std_nat_ratio", "c40_std_ind_local_lg", "c40_std_ind_local_champ",
    "c40_std_group_lg", "c40_std_group_champ", "c40_sw_lg", "c40_sw_champ", "c40_digital_lg",
    "c40_digital_champ",
}  # fmt: skip

CASES = _cases()
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
def results(demo: pd.DataFrame) -> dict[tuple[str, str], MetricResult]:
    digest = data_hash(demo)
    out = {}
    for _id, name, scope, *_rest in CASES:
        if (name, scope.key) not in out:
            out[name, scope.key] = compute(name, demo, scope, digest=digest)
    return out


def test_every_case_names_a_consistent_firm_row(published: pd.DataFrame) -> None:
    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids)) == 357
    rows = published.loc[ids]
    assert set(rows["derivable"]) == {"firm"}
    assert set(rows["status"]) == {"consistent"}


def test_published_numbers_come_out_of_the_metrics(
    published: pd.DataFrame, results: dict[tuple[str, str], MetricResult]
) -> None:
    misses = []
    for number_id, name, scope, keys, column, scale in CASES:
        if number_id.startswith(DEMO_GAPS):
            continue
        row = published.loc[number_id]
        value = results[name, scope.key].value(column, **keys) * scale
        # published/README.md: eq within half a unit of the last digit, approx within one unit
        units = 1.0 if row["comparator"] == "approx" else 0.5
        tolerance = units * 10.0 ** -int(row["decimals"]) + 1e-9
        if not abs(value - float(row["value"])) <= tolerance:
            misses.append(f"{number_id}: published {row['value']}, rebuilt {value:.4f}")
    assert misses == []


def test_metrics_agree_with_reproduce(
    demo: pd.DataFrame, results: dict[tuple[str, str], MetricResult]
) -> None:
    from srdi_report.data.derive_lookups import industry_group_members, ranking_codes
    from srdi_report.data.geography import load_geography
    from srdi_report.data.industry import load_industry
    from srdi_report.metrics.reproduce import reproduce_frame

    outcome = reproduce_frame(
        demo,
        industry_groups=industry_group_members(load_industry()),
        tie_keys=ranking_codes(load_geography()),
    )
    rebuilt = {row.number_id: row.values for row in outcome.rows}
    differ = []
    for number_id, name, scope, keys, column, scale in CASES:
        value = results[name, scope.key].value(column, **keys) * scale
        other = rebuilt[number_id]
        if len(other) != 1 or value != pytest.approx(other[0], rel=1e-9, abs=1e-9):
            differ.append(f"{number_id}: metric {value}, reproduce {other}")
    assert differ == []


def test_core_class_types_name_the_seed_types(results_types: MetricResult) -> None:
    types = dict(
        zip(results_types.table["gbt_middle"], results_types.table["class_type"], strict=True)
    )
    assert {k: types[k] for k in ("397", "398", "749")} == {
        "397": "double_high",
        "398": "high_ratio",
        "749": "large_base",
    }


@pytest.fixture(scope="module")
def results_types(demo: pd.DataFrame) -> MetricResult:
    return compute("core_class_types", demo, digest="")


def test_the_shipped_number_map_rebuilds_every_case(
    demo: pd.DataFrame, results: dict[tuple[str, str], MetricResult]
) -> None:
    from srdi_report.metrics.number_map import load_number_map, rebuild_numbers

    assert sorted(ref.number_id for ref in load_number_map()) == sorted(c[0] for c in CASES)
    rebuilt = rebuild_numbers(demo)
    for number_id, name, scope, keys, column, scale in CASES:
        expected = results[name, scope.key].value(column, **keys) * scale
        assert rebuilt[number_id] == pytest.approx(expected, rel=1e-12), number_id
