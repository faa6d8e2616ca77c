"""The back-to-back kind: two distributions on one scale, sides chosen by series code."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from kind_inputs import NAN, draw, frame, has_han, make_input

from srdi_report.figures.registry import CHART_KINDS

Check = Callable[[bytes, str], None]
BANDS = ("0–50", "51–100", "101–200", "201–500", "501–1000", "1001 and more")
NATIONAL = (0.091212, 0.182594, 0.281780, 0.314691, 0.108573, 0.009896)
PROVINCIAL = (0.488897, 0.200397, 0.138501, 0.094697, 0.025399, 0.003701)
SIDES = {"en": ("National", "Provincial"), "zh_CN": ("国家级", "省级")}


def employee_bands(locale: str, withheld: tuple[int, ...] = ()) -> object:
    national, provincial = SIDES[locale]
    values = np.ravel(np.column_stack([NATIONAL, PROVINCIAL]))  # the metric's row order
    values[list(withheld)] = NAN
    return make_input(
        frame(
            withheld,
            category=np.repeat(BANDS, 2),
            series=[national, provincial] * len(BANDS),
            series_code=["national", "provincial"] * len(BANDS),
            value=values,
        ),
        locale,
        options={
            "left": "provincial",
            "right": "national",
            "digits": 2,
            "axis_label": "Share of firms",
        },
        unit="share",
    )


def test_roles_are_category_series_value() -> None:
    assert CHART_KINDS.get("back_to_back").roles == ("category", "series", "value")


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_employee_bands_image(locale: str, check_image: Check) -> None:
    drawn = draw("back_to_back", employee_bands(locale))
    check_image(drawn.png, f"employee_bands_{locale}")
    assert has_han(drawn.texts) == (locale == "zh_CN")  # no Chinese in English figures
    assert "48.89%" in drawn.texts
    assert "31.47%" in drawn.texts
    assert "201–500" in drawn.texts  # band labels sit in the centre column


def test_left_and_right_follow_the_series_codes() -> None:
    # Provincial left, national right (chart c05), whatever order the metric lists them in.
    assert CHART_KINDS.get("back_to_back").alt_text(employee_bands("en")) == (
        "Provincial: the largest band is 0–50 (48.89%). "
        "National: the largest band is 201–500 (31.47%)."
    )


def test_withheld_bands_print_x_and_the_note(check_image: Check) -> None:
    drawn = draw("back_to_back", employee_bands("en", withheld=(8, 9, 10, 11)))
    check_image(drawn.png, "withheld_en")
    assert drawn.texts.count("x") == 4
    assert "x = withheld (fewer than 5 firms)" in drawn.lines
    assert "2.54%" not in drawn.texts
