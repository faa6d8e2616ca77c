"""Reference numbers of city editions (city_edition.md §9.1) from the demo data.

The 18 city shares (2 dp) and median total patents of the 2026 report's city table (B19a, in
``published/numbers.csv``) must come out of the metrics each city edition requests for its
own scope; the Guangdong sanity checks give the national and provincial ranks of the card.
"""

from __future__ import annotations

import pandas as pd
import pytest

from repo_paths import SHARED
from srdi_report.data.geography import Geography, load_geography
from srdi_report.editions.city import city_edition, resolve_city
from srdi_report.metrics.registry import compute_all
from srdi_report.metrics.scope import Scope

pytest.importorskip("srdi_report.data.demo_cache", reason="the demo generator is not in the tree")

YEAR = 2026


@pytest.fixture(scope="module")
def geography() -> Geography:
    return load_geography()


@pytest.fixture(scope="module")
def demo(geography: Geography) -> pd.DataFrame:
    from srdi_report.config import Config
    from srdi_report.data.demo_cache import demo_firms
    from srdi_report.data.derive import add_derived
    from srdi_report.data.industry import load_industry

    config = Config()
    firms = demo_firms(config.demo, config.demo.year)
    snapshot = pd.Timestamp(firms["snapshot_date"].dropna().iloc[0]).date()
    return add_derived(firms, geography=geography, industry=load_industry(), snapshot_date=snapshot)


def b19a_rows() -> list[tuple[str, str, float]]:
    """(city name, statistic, published value) of every B19a share and patent median."""
    numbers = pd.read_csv(SHARED / "spec" / "published" / "numbers.csv", dtype=str,
                          keep_default_na=False)  # fmt: skip
    rows = numbers[numbers["chart_id"] == "B19a"]
    out = []
    for row in rows.itertuples(index=False):
        city = str(row.scope).split("|")[0].strip().removeprefix("city=")
        if row.statistic in ("share", "median"):
            out.append((city, str(row.statistic), float(row.value)))
    return out


ROWS = b19a_rows()


def test_the_table_has_eighteen_cities_with_both_numbers() -> None:
    assert len(ROWS) == 36
    assert len({city for city, _, _ in ROWS}) == 18


@pytest.fixture(scope="module")
def city_numbers(demo: pd.DataFrame, geography: Geography) -> dict[str, tuple[float, float]]:
    """City name -> (share of national firms in %, median patents) from each city edition."""
    memo: dict = {}  # type: ignore[type-arg]
    out = {}
    for city in sorted({c for c, _, _ in ROWS}):
        spec = city_edition(resolve_city(city, geography), YEAR, geography=geography)
        requests = {(r.metric, r.scope) for r in spec.metric_requests()}
        assert {("firm_count", ""), ("firm_count", "national"), ("indicators_by_level", "")} <= (
            requests
        )
        scope = Scope.parse(spec.scope)
        firms, medians = compute_all(
            ("firm_count", "indicators_by_level"), demo, scope, geography=geography, memo=memo
        )
        (nation,) = compute_all(("firm_count",), demo, Scope(), geography=geography, memo=memo)
        share = 100 * firms.value("firms") / nation.value("firms")
        median = medians.value("value", indicator="patents_total", statistic="median", level="all")
        out[city] = (share, median)
    return out


@pytest.mark.parametrize(("city", "statistic", "published"), ROWS)
def test_city_editions_reproduce_b19a(
    city_numbers: dict[str, tuple[float, float]], city: str, statistic: str, published: float
) -> None:
    share, median = city_numbers[city]
    if statistic == "share":
        assert round(share, 2) == pytest.approx(published), city
    else:
        assert round(median) == published, city


@pytest.mark.parametrize(
    ("city", "national_rank", "provincial_rank"),
    [("深圳市", 3, 1), ("广州市", 5, 2), ("佛山市", 18, 3)],
)
def test_guangdong_card_ranks(
    demo: pd.DataFrame, geography: Geography, city: str, national_rank: int, provincial_rank: int
) -> None:
    code = resolve_city(city, geography)
    place_spec = city_edition(code, YEAR, geography=geography)
    province = place_spec.caption_args["province_code"]
    national, provincial = compute_all(
        ("city_ranking",), demo, Scope(), geography=geography
    ) + compute_all(
        ("city_ranking",), demo, Scope.parse(f"province={province}"), geography=geography
    )
    assert national.value("rank", city_code=code) == national_rank
    assert provincial.value("rank", city_code=code) == provincial_rank
