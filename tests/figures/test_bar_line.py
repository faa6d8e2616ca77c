"""The bar_line kind: shares as bars, median patents as a line on a second axis."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from figure_data import C19, city_result, make_result, results_of

from srdi_report.figures.factory import draw_figure
from srdi_report.figures.spec import DataView, FigureSpec, FigureSpecError
from srdi_report.metrics.result import Unit

Check = Callable[[bytes, str], None]


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_bar_line_top20_cities(
    locale: str, gettext: Callable[[str], str], check_image: Check
) -> None:
    asset = draw_figure(C19, results_of(city_result()), locale, gettext)
    check_image(asset.png, f"bar_line_c19_{locale}")
    assert asset.suppressed == ("city_code=440600",)
    first = {"en": "Beijing", "zh_CN": "北京"}[locale]
    assert first in asset.texts


def test_bar_line_alt_text(gettext: Callable[[str], str]) -> None:
    asset = draw_figure(C19, results_of(city_result()), "en", gettext)
    assert asset.alt_text == (
        "Bar and line chart: Cities: firm share vs median patents, 20 categories. "
        "Beijing leads with 6.20%, followed by Shanghai (5.93%). "
        "The line is highest for Wuxi (20). "
        "One value is withheld because it covers fewer than 5 firms."
    )


def test_line_from_a_second_view_matched_by_city(gettext: Callable[[str], str]) -> None:
    """c19 of the national spec: the ranking and the medians are two metric results."""
    full = city_result().table
    ranking = make_result("city_ranking", full[["city_code", "share", "n"]])
    medians = make_result(
        "patents_median_by_city",
        full[["city_code", "median", "n"]].iloc[::-1].reset_index(drop=True),  # other order
        unit=Unit.VALUE,
        suppressed=["city_code=440600"],
    )
    spec = FigureSpec(
        "c19",
        "bar_line",
        C19.title,
        {
            "main": DataView(
                "city_ranking",
                {"category": "city_code", "value": "share"},
                labels={"category": "city"},
            ),
            "line": DataView(
                "patents_median_by_city",
                {"category": "city_code", "line": "median"},
                labels={"category": "city"},
            ),
        },
        options=C19.options,
        size=C19.size,
    )
    two = draw_figure(spec, results_of(ranking, medians), "en", gettext)
    one = draw_figure(C19, results_of(city_result()), "en", gettext)
    assert two.png == one.png
    assert two.alt_text.split(". ", 1)[1] == one.alt_text.split(". ", 1)[1]


def test_no_line_anywhere_is_a_spec_error(gettext: Callable[[str], str]) -> None:
    spec = FigureSpec(
        "c19",
        "bar_line",
        "t",
        {"main": DataView("city_quality", {"category": "city_code", "value": "share"})},
    )
    with pytest.raises(FigureSpecError, match="needs role line in view 'main' or a view 'line'"):
        draw_figure(spec, results_of(city_result()), "en", gettext)
