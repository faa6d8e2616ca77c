"""The quadrant kinds: labelled bubbles on cut lines, and the 2 x 2 matrix of quadrant shares."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kind_inputs import NAN, draw, frame, has_han, make_input

from srdi_report.figures.registry import CHART_KINDS

Check = Callable[[bytes, str], None]
HONOURS = {
    "en": (
        "Little Giant title",
        "High-tech enterprise",
        "Enterprise technology center",
        "Tech-based SME",
        "Single-item champion",
        "Gazelle enterprise",
        "Unicorn enterprise",
    ),
    "zh_CN": (
        "小巨人",
        "高新技术企业",
        "企业技术中心",
        "科技型中小企业",
        "单项冠军",
        "瞪羚企业",
        "独角兽企业",
    ),
}
RATE = (0.181, 0.857, 0.249, 0.646, 0.061, 0.088, 0.021)  # chart c38: holding rate
INDEX = (100.0, 11.0, 40.0, 0.0, 74.4, 20.1, 48.9)  # value index
HOLDERS = (30_288, 143_369, 41_607, 108_073, 10_198, 14_794, 3_544)
CORNERS = {"top_right": "Core brands", "bottom_left": "Emerging signals"}


def honours(locale: str, withheld: tuple[int, ...] = ()) -> object:
    rate = [NAN if i in withheld else v for i, v in enumerate(RATE)]
    index = [NAN if i in withheld else v for i, v in enumerate(INDEX)]
    return make_input(
        frame(withheld, label=HONOURS[locale], x=rate, y=index, size=HOLDERS),
        locale,
        options={
            "x_cut": 0.5,
            "y_cut": "median",
            "x_unit": "share",
            "x_label": "Holding rate",
            "y_label": "Value index",
            "quadrant_labels": CORNERS,
        },
    )


def test_roles() -> None:
    assert CHART_KINDS.get("bubble_quadrant").roles == ("label", "x", "y")
    assert CHART_KINDS.get("quadrant_matrix").roles == ("label", "value")


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_honour_matrix_image(locale: str, check_image: Check) -> None:
    drawn = draw("bubble_quadrant", honours(locale), (6.3, 4.2))
    check_image(drawn.png, f"honours_{locale}")
    assert has_han(drawn.texts) == (locale == "zh_CN")  # no Chinese in English figures
    assert set(HONOURS[locale]) <= set(drawn.texts)  # every bubble is labelled directly
    assert "Core brands" in drawn.texts


def test_alt_text_names_the_extremes_and_the_upper_right_quadrant() -> None:
    assert CHART_KINDS.get("bubble_quadrant").alt_text(honours("en")) == (
        "Quadrant chart of 7 items. Furthest right: High-tech enterprise (85.7%); highest: "
        "Little Giant title (100.0)."
    )
    both = make_input(
        frame(label=["A", "B", "C"], x=[0.9, 0.2, 0.7], y=[80.0, 90.0, 10.0]),
        options={"x_cut": 0.5, "y_cut": 50.0, "x_unit": "share"},
    )
    assert CHART_KINDS.get("bubble_quadrant").alt_text(both).endswith("High on both axes: A.")


def test_withheld_bubble_is_listed_not_drawn() -> None:
    drawn = draw("bubble_quadrant", honours("en", withheld=(6,)), (6.3, 4.2))
    assert "Unicorn enterprise" not in drawn.texts
    assert "Not drawn (x): Unicorn enterprise." in drawn.lines
    assert "x = withheld (fewer than 5 firms)" in drawn.lines


QUADRANTS = {
    "en": ("Leading firms", "Tech start-ups", "Scale-type firms", "Firms in the cultivation stage"),
    "zh_CN": ("头部企业", "科技型初创企业", "规模型企业", "培育期企业"),
}
SHARES = (0.180570, 0.229280, 0.143991, 0.446160)  # chart c13, quadrant_shares order


def stages(locale: str, withheld: tuple[int, ...] = ()) -> object:
    return make_input(
        frame(
            withheld,
            label=QUADRANTS[locale],
            label_code=["head", "startup", "scale", "incubating"],
            value=[NAN if i in withheld else v for i, v in enumerate(SHARES)],
        ),
        locale,
        options={
            "x_label": "Scale (insured employees)",
            "y_label": "Innovation (total patents)",
            "x_cut_label": "High scale: more than 100 insured employees",
            "y_cut_label": "High innovation: more than 50 patents",
        },
    )


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_growth_stage_matrix_image(locale: str, check_image: Check) -> None:
    drawn = draw("quadrant_matrix", stages(locale))
    check_image(drawn.png, f"stages_{locale}")
    assert "44.6%" in drawn.texts
    assert "High scale: more than 100 insured employees" in drawn.lines


def test_matrix_alt_text_orders_quadrants_by_share() -> None:
    assert CHART_KINDS.get("quadrant_matrix").alt_text(stages("en")) == (
        "Four quadrants by share of firms: Firms in the cultivation stage 44.6%, "
        "Tech start-ups 22.9%, Leading firms 18.1%, Scale-type firms 14.4%."
    )


def test_matrix_withheld_quadrant_prints_x(check_image: Check) -> None:
    drawn = draw("quadrant_matrix", stages("en", withheld=(0,)))
    check_image(drawn.png, "stages_withheld_en")
    assert "x" in drawn.texts
    assert "18.1%" not in drawn.texts
    assert "x = withheld (fewer than 5 firms)" in drawn.lines


def test_fixed_ranges_keep_every_label_inside_the_axes() -> None:
    # chart c31: editorial 0-10 axes; a label near the right edge goes left, never clipped
    from kind_inputs import draw as draw_kind
    from kind_inputs import frame as role_frame
    from kind_inputs import make_input as input_of

    inp = input_of(
        role_frame(
            label=["Market share of the main product", "Class-I IP", "High-tech enterprise"],
            x=[9.6, 9.0, 3.0],
            y=[3.5, 6.5, 2.0],
            size=[7.0, 8.0, 5.0],
        ),
        options={"x_cut": 5.0, "y_cut": 5.0, "x_range": (0.0, 10.0), "y_range": (0.0, 10.0)},
    )
    drawn = draw_kind("bubble_quadrant", inp, (6.3, 4.4))
    assert {"0", "10", "Market share of the main product"} <= set(drawn.texts)
