"""The donut kind: parts clockwise from the top, outside labels, withheld parts listed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kind_inputs import NAN, draw, frame, has_han, make_input

from srdi_report.figures.registry import CHART_KINDS

Check = Callable[[bytes, str], None]
QUADRANTS = {
    "en": ("Incubating firms", "Tech start-ups", "Leading firms", "Scale-type firms"),
    "zh_CN": ("培育期企业", "科技型初创企业", "头部企业", "规模型企业"),
}
SHARES = (0.446160, 0.229280, 0.180570, 0.143991)


def quadrant_shares(locale: str, withheld: tuple[int, ...] = ()) -> object:
    values = [NAN if i in withheld else v for i, v in enumerate(SHARES)]
    return make_input(
        frame(withheld, category=QUADRANTS[locale], value=values),
        locale,
        options={"digits": 1, "center_label": "Firms placed", "center_value": 159_927},
        unit="share",
    )


def test_roles_are_category_and_value() -> None:
    assert CHART_KINDS.get("donut").roles == ("category", "value")


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_four_parts_image(locale: str, check_image: Check) -> None:
    drawn = draw("donut", quadrant_shares(locale))
    check_image(drawn.png, f"quadrants_{locale}")
    assert has_han(drawn.texts) == (locale == "zh_CN")  # no Chinese in English figures
    assert f"{QUADRANTS[locale][0]}  44.6%" in drawn.texts
    assert "159,927" in drawn.texts


def test_alt_text_names_the_two_largest_parts() -> None:
    assert CHART_KINDS.get("donut").alt_text(quadrant_shares("en")) == (
        "Donut chart of 4 parts. The largest is Incubating firms (44.6%). "
        "Next is Tech start-ups (22.9%)."
    )


def test_withheld_part_is_left_out_and_listed() -> None:
    drawn = draw("donut", quadrant_shares("en", withheld=(3,)))
    assert "Not drawn (x): Scale-type firms." in drawn.lines
    assert "x = withheld (fewer than 5 firms)" in drawn.lines
    assert not any("14.4%" in text for text in drawn.texts)
    assert drawn.alt_text.endswith("Not shown: Scale-type firms.")
