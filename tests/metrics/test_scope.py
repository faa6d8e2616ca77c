"""metrics/scope.py: filters, keys and parsing of CLI scope text."""

from __future__ import annotations

import pandas as pd
import pytest
from firm_frames import HEFEI, NANJING, SHENZHEN, SUZHOU, firm, frame

from srdi_report.errors import InputError
from srdi_report.metrics.scope import Scope

KEYS = "year, level, province, city, cluster, region, industry, field_domain, population"


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    return frame(
        [
            firm("national", SUZHOU, gbt_major="35", gbt_middle="351", gbt_minor="3511"),
            firm("provincial", SUZHOU, snapshot_year=2025),
            firm("provincial", NANJING, field_domain="software_it", gbt_section="I"),
            firm("provincial", SHENZHEN),
            firm("none", HEFEI),
        ]
    )


def _ids(scope: Scope, firms: pd.DataFrame) -> list[str]:
    return scope.apply(firms)["firm_id"].tolist()


def test_national_scope_is_the_srdi_population(firms: pd.DataFrame) -> None:
    assert _ids(Scope(), firms) == ["F00000", "F00001", "F00002", "F00003"]
    assert _ids(Scope(include_non_srdi=True), firms) == [f"F0000{i}" for i in range(5)]
    assert Scope().key == "national"


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (Scope(city="320500"), ["F00000", "F00001"]),
        (Scope(province="320000", year=2026), ["F00000", "F00002"]),
        (Scope(cluster="prd"), ["F00003"]),
        (Scope(region="east", level="provincial"), ["F00001", "F00002", "F00003"]),
        (Scope(industry="35"), ["F00000"]),
        (Scope(industry="397"), ["F00001", "F00002", "F00003"]),
        (Scope(industry="3511"), ["F00000"]),
        (Scope(industry="I"), ["F00002"]),
        (Scope(field_domain="software_it"), ["F00002"]),
        (Scope(level="none", include_non_srdi=True), ["F00004"]),
    ],
)
def test_each_filter_selects_its_firms(scope: Scope, expected: list[str], firms) -> None:
    assert _ids(scope, firms) == expected


def test_key_and_filter_text_are_stable() -> None:
    scope = Scope(year=2026, level="national", city="320500", industry="397")
    assert scope.key == "year=2026;level=national;city=320500;industry=397"
    assert scope.filter_text == (
        "level in (national, provincial) & snapshot_year=2026 & level=national"
        " & city_code=320500 & gbt_middle=397"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("city=苏州", Scope(city="320500")),
        ("city=Suzhou (Jiangsu)", Scope(city="320500")),
        ("city=320500", Scope(city="320500")),
        ("province=Jiangsu, level=national", Scope(province="320000", level="national")),
        ("province=江苏&year=2025", Scope(province="320000", year=2025)),
        ("national", Scope()),
        ("cluster=yrd;industry=C", Scope(cluster="yrd", industry="C")),
        ("population=all", Scope(include_non_srdi=True)),
    ],
)
def test_parse_resolves_places_to_admin_codes(text: str, expected: Scope) -> None:
    assert Scope.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "city=Suzhou",
            "city 'Suzhou' is ambiguous: 320500 (Suzhou (Jiangsu)), 341300 (Suzhou (Anhui));"
            " give the admin code",
        ),
        (
            "town=苏州",
            f"unknown scope key 'town'; known: {KEYS}",
        ),
        (
            "city",
            f"scope part 'city' is not key=value (keys: {KEYS})",
        ),
        ("level=county", "unknown level 'county'; known: national, provincial, none"),
        ("industry=39x", "industry code '39x' is not a GB/T 4754 section letter or 2-4 digits"),
        ("year=last", "scope year 'last' is not a year"),
        ("city=Atlantis", "unknown city 'Atlantis'; give its admin code or full name"),
    ],
)
def test_parse_errors_say_what_to_write(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        Scope.parse(text)
    assert str(caught.value) == message


def test_a_missing_column_is_an_input_error(firms: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="the firm data has no column 'region', which the scope"):
        Scope(region="east").mask(firms.drop(columns="region"))
