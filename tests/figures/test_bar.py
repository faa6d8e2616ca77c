"""The bar and hbar kinds: images in both languages, alt text, withheld bars."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest
from figure_data import (
    B17A,
    C15_FULL,
    C23,
    C29,
    HONOURS,
    cluster_result,
    honour_result,
    make_result,
    middle_class_result,
    province_result,
    results_of,
)

from srdi_report.figures.factory import draw_figure
from srdi_report.figures.spec import DataView, FigureSpec

Check = Callable[[bytes, str], None]


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_hbar_ranked_with_highlight_reference_and_withheld(
    locale: str, gettext: Callable[[str], str], check_image: Check
) -> None:
    asset = draw_figure(C15_FULL, results_of(province_result()), locale, gettext)
    check_image(asset.png, f"hbar_c15_{locale}")
    assert asset.suppressed == ("province_code=650000",)
    assert "x" in asset.texts  # the withheld mark sits where Xinjiang's bar would be
    assert "x = withheld (fewer than 5 firms)" in asset.texts


def test_hbar_alt_text_names_leader_runner_up_lowest_and_withheld(
    gettext: Callable[[str], str],
) -> None:
    asset = draw_figure(C15_FULL, results_of(province_result()), "en", gettext)
    assert asset.alt_text == (
        "Horizontal bar chart: Top-10 provinces by number of SRDI firms, 11 categories. "
        "Jiangsu leads with 14.42%, followed by Guangdong (13.52%). "
        "The lowest shown is Sichuan (3.58%). "
        "The dashed line marks Equal share (3.23%). "
        "One value is withheld because it covers fewer than 5 firms."
    )


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_bar_with_counts_under_labels_and_average_line(
    locale: str, gettext: Callable[[str], str], check_image: Check
) -> None:
    asset = draw_figure(B17A, results_of(cluster_result()), locale, gettext)
    check_image(asset.png, f"bar_b17a_{locale}")
    expected = {"en": "Yangtze River Delta\nabout 52,000 firms", "zh_CN": "长三角\n约5.2万 firms"}
    assert expected[locale] in asset.texts
    assert "National average\n10.57%" in asset.texts


def test_bar_alt_text(gettext: Callable[[str], str]) -> None:
    asset = draw_figure(B17A, results_of(cluster_result()), "zh_CN", gettext)
    assert asset.alt_text == (
        "Bar chart: National-level share in the three city clusters, 3 categories. "
        "京津冀 leads with 13.00%, followed by 长三角 (12.10%). "
        "The lowest shown is 珠三角 (10.50%). "
        "The dashed line marks National average (10.57%)."
    )


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_grouped_hbar_has_a_legend_and_a_series_headline(
    locale: str, gettext: Callable[[str], str], check_image: Check
) -> None:
    asset = draw_figure(C29, results_of(honour_result()), locale, gettext)
    check_image(asset.png, f"hbar_grouped_c29_{locale}")
    assert asset.alt_text == (
        "Horizontal bar chart: Honours by level, 3 categories. National: Provincial technology "
        "centre leads with 45.00%, followed by Famous trademark (30.00%)."
    )


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_long_class_names_wrap(
    locale: str, gettext: Callable[[str], str], check_image: Check
) -> None:
    asset = draw_figure(C23, results_of(middle_class_result()), locale, gettext)
    check_image(asset.png, f"hbar_wrapped_c23_{locale}")
    wrapped = {
        "en": "Semiconductor device equipment\nmanufacturing",
        "zh_CN": "半导体器件专用设备制造",
    }
    assert wrapped[locale] in asset.texts
    headline = {
        "en": "Semiconductor device equipment manufacturing leads with 5.00% of firms, "
        "followed by Special electronic materials (4.00%).",
        "zh_CN": "半导体器件专用设备制造 leads with 5.00% of firms, "
        "followed by 电子专用材料 (4.00%).",
    }
    assert headline[locale] in asset.alt_text


def test_reference_from_a_view_and_bars_sorted_by_one_series(
    gettext: Callable[[str], str],
) -> None:
    average = make_result(
        "average", pd.DataFrame({"level": ["national"], "share": [0.25], "n": [9]})
    )
    spec = FigureSpec(
        "c36",
        "hbar",
        "t",
        {
            "main": C29.views["main"],
            "reference": DataView("average", {"value": "share"}),
        },
        options={
            "sort_series": "provincial",
            "reference_view": "reference",
            "reference_label": "Average",
        },
        size=C29.size,
    )
    asset = draw_figure(spec, results_of(honour_result(), average), "en", gettext)
    ticks = [t for t in asset.texts if t in HONOURS]
    assert ticks == [
        "Provincial technology centre",
        "Famous trademark",
        "Manufacturing single champion",
    ]
    assert "Average 25.00%" in asset.texts
    assert asset.alt_text.endswith("The dashed line marks Average (25.00%).")
