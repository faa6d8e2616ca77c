from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from srdi_report.data.derive import add_derived
from srdi_report.data.derive_lookups import industry_group_members, lookups_from, ranking_codes
from srdi_report.data.derive_params import DeriveParameters
from srdi_report.data.geography import load_geography
from srdi_report.data.industry import load_industry
from srdi_report.errors import UnknownNameError


def firms() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "province": pd.array(
                ["江苏省", "广东省", "广东省", "天津市", "湖北省", "黑龙江省"], "string"
            ),
            "city": pd.array(
                ["苏州市", "深圳市", "汕头市", "天津市", "仙桃市", "哈尔滨市"], "string"
            ),
            "gbt_minor": pd.array(["3985", "6511", "3311", "7320", "2761", "3061"], "string"),
        }
    )


def test_report_scheme_clusters_whole_provinces() -> None:
    out = add_derived(
        firms(),
        geography=load_geography(),
        industry=load_industry(),
        snapshot_date=date(2026, 2, 28),
    )
    assert list(out["city_cluster"]) == ["yrd", "prd", "prd", "jjj", "other", "other"]
    assert list(out["region"]) == ["east", "east", "east", "east", "central", "northeast"]
    assert list(out["field_domain"])[:2] == ["electronics_core", "software_it"]
    assert list(out["gbt_section"]) == ["C", "I", "C", "M", "C", "C"]
    assert list(out["gbt_middle"]) == ["398", "651", "331", "732", "276", "306"]


def test_planning_scheme_keeps_the_nine_bay_area_cities() -> None:
    out = add_derived(
        firms(),
        geography=load_geography(),
        industry=load_industry(),
        snapshot_date=date(2026, 2, 28),
        params=DeriveParameters(cluster_scheme="planning"),
    )
    assert list(out["city_cluster"]) == ["yrd", "prd", "other", "jjj", "other", "other"]


def test_unknown_scheme_is_refused() -> None:
    with pytest.raises(UnknownNameError, match="unknown city-cluster scheme 'bay'"):
        lookups_from(load_geography(), load_industry(), "bay")


def test_industry_groups_as_column_code_pairs() -> None:
    groups = industry_group_members(load_industry())
    assert groups["biopharma_products"] == (("gbt_middle", "276"),)
    assert ("gbt_minor", "3061") in groups["hp_fibre_composites"]
    assert groups["equipment_mfg"] == (
        ("gbt_major", "34"),
        ("gbt_major", "35"),
        ("gbt_major", "38"),
        ("gbt_major", "39"),
    )


def test_ranking_codes_by_full_name() -> None:
    codes = ranking_codes(load_geography())
    assert codes["province"]["江苏省"] == "320000"
    assert codes["city"]["苏州市"] == "320500"
    assert codes["city"]["北京市"] == "110000"
