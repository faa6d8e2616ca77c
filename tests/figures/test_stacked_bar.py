"""The stacked_bar kind: 100% bands by level, a withheld level drawn as one hatched bar."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from figure_data import C05, band_result, results_of

from srdi_report.figures.factory import draw_figure

Check = Callable[[bytes, str], None]


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_percent_stacked_bands(
    locale: str, gettext: Callable[[str], str], check_image: Check
) -> None:
    asset = draw_figure(C05, results_of(band_result()), locale, gettext)
    check_image(asset.png, f"stacked_c05_{locale}")
    assert "30.0%" in asset.texts  # national 100-299 band, one decimal in segments
    assert "3.0%" not in asset.texts  # too thin a segment for a label


def test_withheld_level_is_one_hatched_bar(
    gettext: Callable[[str], str], check_image: Check
) -> None:
    asset = draw_figure(C05, results_of(band_result("provincial")), "en", gettext)
    check_image(asset.png, "stacked_c05_withheld_en")
    assert len(asset.suppressed) == 5
    assert asset.texts.count("x") == 1
    assert asset.alt_text == (
        "Percentage stacked bar chart: Employee bands by level, 2 categories. "
        "In National the largest part is 100-299 (30.0%). "
        "5 values are withheld because they cover fewer than 5 firms."
    )
