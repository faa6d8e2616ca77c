"""The tier pyramid kind: four levels sized from the counts, base tier open, withheld tiers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kind_inputs import NAN, draw, frame, has_han, make_input

from srdi_report.figures.registry import CHART_KINDS

Check = Callable[[bytes, str], None]
NAMES = {
    "en": (
        "Growth tier: provincial SRDI firms",
        "Breakthrough tier: national-level Little Giants",
        "Leading tier: key Little Giants and single-item champions",
    ),
    "zh_CN": (
        "成长层：省级专精特新企业",
        "攻坚层：国家级“小巨人”企业",
        "引领层：重点“小巨人”与单项冠军",
    ),
}


def national(locale: str) -> object:
    return make_input(
        frame(
            tier=NAMES[locale], firms=[149_688, 17_684, 1_168], share=[0.894343, 0.105657, 0.006978]
        ),
        locale,
        options={"base_tier": True},
    )


def test_roles_are_tier_firms_share() -> None:
    assert CHART_KINDS.get("tier_pyramid").roles == ("tier", "firms", "share")


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_national_pyramid_image(locale: str, check_image: Check) -> None:
    drawn = draw("tier_pyramid", national(locale), (6.3, 3.4))
    check_image(drawn.png, f"national_{locale}")
    assert has_han(drawn.texts) == (locale == "zh_CN")  # no Chinese in English figures
    assert "149,688 firms · 89.43%" in drawn.texts
    assert "Base tier" in drawn.texts  # the open tier the data does not cover
    assert "Tier widths grow with the logarithm of the number of firms." in drawn.lines


def test_title_and_description_split_at_the_colon() -> None:
    drawn = draw("tier_pyramid", national("zh_CN"), (6.3, 3.4))
    assert "攻坚层" in drawn.texts
    assert "国家级“小巨人”企业" in drawn.texts


def test_alt_text_lists_tiers_bottom_up() -> None:
    assert CHART_KINDS.get("tier_pyramid").alt_text(national("en")) == (
        "Tier pyramid from the bottom up: Growth tier: provincial SRDI firms: 149,688 firms "
        "(89.43%); Breakthrough tier: national-level Little Giants: 17,684 firms (10.57%); "
        "Leading tier: key Little Giants and single-item champions: 1,168 firms (0.70%)."
    )


def test_withheld_tier_is_hatched_with_x_and_noted(check_image: Check) -> None:
    small_city = make_input(
        frame(
            (1,),
            tier=["Growth tier", "Breakthrough tier"],
            firms=[3, NAN],
            share=[1.0, NAN],
            benchmark=[0.894343, 0.105657],
        )
    )
    drawn = draw("tier_pyramid", small_city, (3.2, 2.8))
    check_image(drawn.png, "withheld_en")
    assert "x" in drawn.texts
    assert "x = withheld (fewer than 5 firms)" in drawn.lines
    assert "Nation: 10.57%" in drawn.texts
    assert drawn.alt_text.endswith("Breakthrough tier: not shown.")
