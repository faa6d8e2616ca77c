"""The line kind: series labelled at their ends, point labels, withheld points."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kind_inputs import NAN, draw, frame, has_han, make_input

from srdi_report.figures.registry import CHART_KINDS

Check = Callable[[bytes, str], None]
GROWTH = (0.0732, 0.0814, 0.0421, 0.0241, 0.0530, 0.0031)  # chart b11a, national then provincial
SERIES = {"en": ("National", "Provincial"), "zh_CN": ("国家级", "省级")}


def revenue_growth(locale: str, withheld: tuple[int, ...] = ()) -> object:
    values = [NAN if i in withheld else v for i, v in enumerate(GROWTH)]
    national, provincial = SERIES[locale]
    return make_input(
        frame(
            withheld,
            x=["2022", "2023", "2024"] * 2,
            series=[national] * 3 + [provincial] * 3,
            y=values,
        ),
        locale,
        options={"digits": 2, "axis_label": "Median revenue growth"},
        unit="share",
    )


def test_roles_are_x_and_y() -> None:
    assert CHART_KINDS.get("line").roles == ("x", "y")


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_two_series_image(locale: str, check_image: Check) -> None:
    drawn = draw("line", revenue_growth(locale))
    check_image(drawn.png, f"revenue_growth_{locale}")
    assert has_han(drawn.texts) == (locale == "zh_CN")  # no Chinese in English figures
    national = SERIES[locale][0]
    assert f"{national}  4.21%" in drawn.texts  # the end label names the series and its value
    assert "8.14%" in drawn.texts


def test_alt_text_gives_direction_first_and_last_value() -> None:
    assert CHART_KINDS.get("line").alt_text(revenue_growth("en")) == (
        "Line chart from 2022 to 2024. National fell from 7.32% in 2022 to 4.21% in 2024. "
        "Provincial fell from 2.41% in 2022 to 0.31% in 2024."
    )


def test_withheld_point_breaks_the_line_with_x(check_image: Check) -> None:
    drawn = draw("line", revenue_growth("en", withheld=(4,)))
    check_image(drawn.png, "withheld_en")
    assert "x" in drawn.texts
    assert "5.30%" not in drawn.texts
    assert "x = withheld (fewer than 5 firms)" in drawn.lines
