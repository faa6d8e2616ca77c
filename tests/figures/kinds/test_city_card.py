"""The city profile card: one page from named views; a 3-firm city shows withheld cells as x."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from kind_inputs import NAN, draw, frame, has_han, make_input

from srdi_report.figures.kinds.city_card import _tiles
from srdi_report.figures.registry import CHART_KINDS

Check = Callable[[bytes, str], None]
PAGE = (6.3, 9.0)  # the A4 text area: the city edition's one-page card
EXHIBIT = (6.3, 4.4)  # the card as an exhibit inside a report page (chart c54)
MEDIAN_CODES = ("patents_total", "invention_grants", "registered_capital", "insured_employees")
DIMENSIONS = {
    "en": (
        "Technological strength",
        "Innovation quality",
        "Innovation scale",
        "Capital",
        "Digital",
    ),
    "zh_CN": ("技术实力", "创新质量", "创新规模", "资本实力", "数字化能力"),
}
TIERS = {
    "en": ("Growth tier", "Breakthrough tier", "Leading tier"),
    "zh_CN": ("成长层", "攻坚层", "引领层"),
}
TIER_CODES = ("growth", "breakthrough", "leading")
CITY = {"en": "Suzhou", "zh_CN": "苏州市"}


def ranking(city: str, code: str, rank: int, firms: int) -> object:
    """40 cities by firm count, the card's city at ``rank``."""
    counts = np.geomspace(11_000, 3, 40).round()
    names = [f"City {i}" for i in range(40)]
    codes = [f"9{i:05d}" for i in range(40)]
    names[rank - 1], codes[rank - 1], counts[rank - 1] = city, code, firms
    return frame(category=names, category_code=codes, value=counts, rank=np.arange(1, 41))


def views(locale: str, small: bool) -> dict[str, object]:
    city = CITY[locale]
    code = "141000" if small else "320500"
    nation_medians = frame(category=MEDIAN_CODES, value=[39, 7, 2410, 56])
    if small:
        medians = frame((0, 1, 2, 3), category=MEDIAN_CODES, value=[NAN] * 4)
        tiers = frame(
            tier=TIERS[locale][:2], tier_code=TIER_CODES[:2], firms=[3, 0], share=[1.0, 0.0]
        )
        radar = frame(tuple(range(5)), category=DIMENSIONS[locale], value=[NAN] * 5)
        industries = frame(
            category=["General equipment", "Metal products"], value=[2, 1], share=[0.667, 0.333]
        )
    else:
        medians = frame(category=MEDIAN_CODES, value=[72, 13, 2244.5, 57])
        tiers = frame(
            tier=TIERS[locale],
            tier_code=TIER_CODES,
            firms=[5773, 671, 48],
            share=[0.895872, 0.104128, 0.007449],
        )
        radar = frame(category=DIMENSIONS[locale], value=[62.1, 48.1, 32.9, 38.9, 50.0])
        industries = frame(
            category=["General equipment", "Special equipment", "Software and IT services"],
            value=[780, 650, 540],
            share=[0.121, 0.101, 0.084],
        )
    return {
        "ranking": ranking(city, code, 38 if small else 4, 3 if small else 6444),
        "province": frame(
            category=["Other", city],
            category_code=["100000", code],
            rank=[1, 2 if small else 1] if small else [2, 1],
        ),
        "nation": frame(value=[0.105657]),
        "medians": medians,
        "medians_nation": nation_medians,
        "tiers": tiers,
        "tiers_nation": frame(tier=TIER_CODES, share=[0.894343, 0.105657, 0.006978]),
        "radar": radar,
        "industries": industries,
    }


def card(locale: str, small: bool = False) -> object:
    code = "141000" if small else "320500"
    main = frame(
        category=[CITY[locale]],
        category_code=[code],
        value=[3 if small else 6444],
        rank=[38 if small else 4],
        share=[0.0000179 if small else 0.038501],
        national=[0 if small else 671],
        national_ratio=[0.0 if small else 0.104128],
        tied=[small],
    )
    return make_input(main, locale, views=views(locale, small), options={"as_of": "2026-02-28"})


def test_roles_are_the_citys_ranking_row() -> None:
    assert CHART_KINDS.get("city_card").roles == ("category", "value", "rank")


def test_full_page_card_image(check_image: Check) -> None:
    drawn = draw("city_card", card("en"), PAGE)
    check_image(drawn.png, "suzhou_page_en")
    assert {"6,444", "671", "4 / 40", "1 / 2", "72", "Nation: 39"} <= set(drawn.texts)
    assert "CNY 22.4 million" in drawn.texts  # money tiles in CNY million in English
    assert "Suzhou: no. 4" in drawn.texts  # the rank strip marks the city
    assert "Nation: 10.57%" in drawn.texts  # the pyramid's grey national share, matched by code
    assert not has_han(drawn.texts)


def test_three_firm_city_gets_a_reduced_card_not_a_crash(check_image: Check) -> None:
    drawn = draw("city_card", card("zh_CN", small=True), PAGE)
    check_image(drawn.png, "three_firms_page_zh_CN")
    assert drawn.texts.count("x") == 4  # the four median tiles
    assert "3" in drawn.texts  # identity counts are never withheld
    assert "38 / 40" in drawn.texts
    assert "tied" in drawn.texts
    assert "Not shown: fewer than" in " ".join(drawn.lines)  # the radar's boxed note
    assert "x = withheld (fewer than 5 firms)" in drawn.lines


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_exhibit_sized_card_is_compact(locale: str, check_image: Check) -> None:
    drawn = draw("city_card", card(locale), EXHIBIT)
    check_image(drawn.png, f"suzhou_exhibit_{locale}")
    assert "Rank among all cities" not in drawn.texts  # no rank strip in the compact layout
    assert "Top industries" in drawn.texts


def test_alt_text_states_firms_little_giants_rank_and_withheld() -> None:
    kind = CHART_KINDS.get("city_card")
    assert kind.alt_text(card("en")) == (
        "Profile card of Suzhou: 6,444 SRDI firms, 671 national-level Little Giants, "
        "rank 4 / 40 among cities."
    )
    assert kind.alt_text(card("en", small=True)) == (
        "Profile card of Suzhou: 3 SRDI firms, 0 national-level Little Giants, rank 38 / 40 "
        "among cities. Medians over fewer than 5 firms are not shown."
    )


def test_municipality_replaces_the_rank_in_province() -> None:
    inp = card("en")
    municipal = make_input(inp.frame, "en", views=dict(inp.views), options={"municipality": True})
    tiles = _tiles(municipal)
    assert (tiles[3].label, tiles[3].value) == ("Rank in province", "Municipality")
    assert (tiles[2].value, tiles[2].line) == ("4 / 40", "by number of firms")
