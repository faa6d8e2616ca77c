"""The radar kind: scores against the 100 ring, several polygons, withheld scores and series."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kind_inputs import NAN, draw, frame, has_han, make_input

from srdi_report.figures.registry import CHART_KINDS

Check = Callable[[bytes, str], None]
DIMENSIONS = {
    "en": (
        "Technological strength",
        "Innovation quality",
        "Innovation scale",
        "Capital strength",
        "Digital capability",
    ),
    "zh_CN": ("技术实力", "创新质量", "创新规模", "资本实力", "数字化能力"),
}
PROVINCIAL = (29.3, 22.2, 26.0, 34.6, 50.0)  # national_report.md section 3


def provincial(locale: str) -> object:
    return make_input(
        frame(category=DIMENSIONS[locale], value=PROVINCIAL),
        locale,
        options={
            "benchmark_value": 100.0,
            "benchmark_label": "National-level Little Giants",
            "series_label": "Provincial-level SRDI",
            "digits": 1,
        },
        unit="score",
    )


def test_roles_are_category_and_value() -> None:
    assert CHART_KINDS.get("radar").roles == ("category", "value")


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_provincial_radar_image(locale: str, check_image: Check) -> None:
    drawn = draw("radar", provincial(locale), (5.0, 4.2))
    check_image(drawn.png, f"provincial_{locale}")
    assert has_han(drawn.texts) == (locale == "zh_CN")  # no Chinese in English figures
    assert "National-level Little Giants = 100" in drawn.texts
    assert "22.2" in drawn.lines  # each axis label carries its score


def test_alt_text_names_highest_and_lowest_dimension() -> None:
    assert CHART_KINDS.get("radar").alt_text(provincial("en")) == (
        "Radar of 5 dimensions against a benchmark of 100. Provincial-level SRDI scores highest "
        "on Digital capability (50.0) and lowest on Innovation quality (22.2)."
    )


def test_two_polygons_a_withheld_score_and_a_score_beyond_the_rim(check_image: Check) -> None:
    names = DIMENSIONS["en"]
    inp = make_input(
        frame(
            (6,),
            series=["All firms"] * 5 + ["Little Giants"] * 5,
            category=names * 2,
            value=[62.1, 48.1, 32.9, 38.9, 50.0, 180.0, NAN, 320.0, 90.0, 75.0],
        ),
        options={"benchmark_label": "Nation"},
    )
    drawn = draw("radar", inp, (3.6, 3.2))
    check_image(drawn.png, "two_series_withheld_en")
    assert "x" in drawn.texts  # the withheld LG score sits on its axis
    assert "320" in drawn.texts  # 320 is beyond the 300 rim: drawn at the rim, value printed
    assert "x = withheld (fewer than 5 firms)" in drawn.lines
    assert drawn.alt_text.endswith(
        "Little Giants scores highest on Innovation scale (320.0) and lowest on "
        "Digital capability (75.0)."
    )


def test_every_score_withheld_gives_a_boxed_note() -> None:
    inp = make_input(frame(tuple(range(5)), category=DIMENSIONS["en"], value=[NAN] * 5))
    drawn = draw("radar", inp, (3.6, 3.2))
    assert len(drawn.texts) == 1  # only the boxed note, wrapped to the chart's width
    assert " ".join(drawn.lines) == (
        "Not shown: fewer than 5 firms, to avoid disclosing individual firms."
    )
    assert drawn.alt_text.endswith("The scope: not shown.")
