"""The bar_line kind: shares as bars, median patents as a line on a second axis."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from figure_data import C19, city_result, results_of

from srdi_report.figures.factory import draw_figure

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
