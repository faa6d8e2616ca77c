"""Codes to names per locale: reference names, short English city names, message ids."""

from __future__ import annotations

import pytest

from srdi_report.errors import UnknownNameError
from srdi_report.figures.labels import label_codes


def same(message: str) -> str:
    return message


def test_province_city_cluster_and_industry_names() -> None:
    assert label_codes(["320000", "110000"], "province", "en", same) == ["Jiangsu", "Beijing"]
    assert label_codes(["320000"], "province", "zh_CN", same) == ["江苏"]
    assert label_codes(["320500"], "city", "zh_CN", same) == ["苏州"]
    assert label_codes(["yrd", "other"], "cluster", "en", same) == [
        "Yangtze River Delta",
        "Other areas",
    ]
    assert label_codes(["jjj"], "cluster", "zh_CN", same) == ["京津冀"]


def test_english_city_names_are_short_unless_two_collide() -> None:
    assert label_codes(["320500", "320100"], "city", "en", same) == ["Suzhou", "Nanjing"]
    suzhous = label_codes(["320500", "341300"], "city", "en", same)
    assert suzhous == ["Suzhou (Jiangsu)", "Suzhou (Anhui)"]


def test_keys_and_msgids_go_through_gettext() -> None:
    upper = str.upper
    assert label_codes(["national"], "level_short", "en", upper) == ["NATIONAL"]
    assert label_codes(["biomedicine"], "field_domain", "en", same) == ["Biomedicine"]
    assert label_codes(["Other"], "msgid", "en", upper) == ["OTHER"]


def test_unknown_source_or_code_is_an_error() -> None:
    with pytest.raises(UnknownNameError, match="unknown label source 'county'"):
        label_codes(["1"], "county", "en", same)
    with pytest.raises(UnknownNameError, match="no level_short with code 'none'"):
        label_codes(["none"], "level_short", "en", same)


def test_coded_domains_come_from_code_labels_csv() -> None:
    assert label_codes(["0–50", ">1000"], "emp_band", "en", same) == [
        "0–50 employees",
        "1001 employees or more",
    ]
    assert label_codes(["hon_gazelle"], "honour", "zh_CN", same) == ["瞪羚企业"]
    assert label_codes(["national"], "level", "en", same) == ["National-level Little Giants"]
