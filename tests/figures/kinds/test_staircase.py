"""The staircase kind: the four-stage path with targets, counts and today's data strip."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from kind_inputs import NAN, draw, frame, has_han, make_input

from srdi_report.figures.registry import CHART_KINDS

Check = Callable[[bytes, str], None]
TIERS = {
    "en": ("Growth tier", "Breakthrough tier", "Leading tier"),
    "zh_CN": ("成长层", "攻坚层", "引领层"),
}
TARGETS = {
    "en": (
        "8-15 or more invention applications, take part in industry or group standards",
        "At least 4 Class-I IP rights, at least 2 PCT applications",
        "More than 200 patents, R&D intensity above 25%",
    ),
    "zh_CN": (
        "发明专利申请≥8—15 件，参与行业或团体标准",
        "I 类知识产权≥4 项，PCT 申请≥2 件",
        "专利总量>200 件，研发占比>25%",
    ),
}
LEVELS = {"en": ("National", "Provincial"), "zh_CN": ("国家级", "省级")}


def path(locale: str, withheld_strip: bool = False) -> object:
    strip = frame(
        (0,) if withheld_strip else (),
        category=LEVELS[locale],
        category_code=["national", "provincial"],
        value=[NAN if withheld_strip else 116, 34],
    )
    return make_input(
        frame(category=TIERS[locale], value=[149_688, 17_684, 1_168], label=TARGETS[locale]),
        locale,
        views={"strip": strip},
        options={
            "base_step": "Base tier",
            "targets": ["Fewer than 30 patents, R&D intensity under 15%"],
            "strip_label": "Median patents today",
            "y_label": "Innovation level",
        },
    )


def test_roles_are_category() -> None:
    assert CHART_KINDS.get("staircase").roles == ("category",)


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_four_stage_path_image(locale: str, check_image: Check) -> None:
    drawn = draw("staircase", path(locale))
    check_image(drawn.png, f"path_{locale}")
    assert has_han(drawn.texts) == (locale == "zh_CN")  # no Chinese in English figures
    assert "Base tier" in drawn.texts  # the open first step
    assert "17,684 firms" in drawn.texts
    assert "Median patents today\n116" in drawn.texts  # under the Little Giants' step


def test_alt_text_names_stages_and_the_last_target() -> None:
    assert CHART_KINDS.get("staircase").alt_text(path("en")) == (
        "A path of 4 stages: Base tier, Growth tier, Breakthrough tier, Leading tier. "
        "Target of the last stage: More than 200 patents, R&D intensity above 25%."
    )


def test_withheld_strip_value_prints_x() -> None:
    drawn = draw("staircase", path("en", withheld_strip=True))
    assert "Median patents today\nx" in drawn.texts
    assert "x = withheld (fewer than 5 firms)" in drawn.lines


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_bilingual_content_targets_pick_the_locale(locale: str) -> None:
    # chart c48 passes its targets as {"en", "zh"} texts from content/c48_stage_targets.csv:
    # a msgid read from a CSV is never extracted, so it stayed English in the Chinese figure
    from srdi_report.editions.national_figures import stage_targets

    targets = stage_targets()
    inp = make_input(
        frame(category=TIERS[locale], value=[149_688, 17_684, 1_168]),
        locale,
        options={"base_step": "Base tier", "targets": targets},
    )
    drawn = draw("staircase", inp)
    assert has_han((drawn.alt_text,)) == (locale == "zh_CN")
    assert has_han(drawn.texts) == (locale == "zh_CN")
    last = targets[-1]["zh" if locale == "zh_CN" else "en"]
    assert any(last in text.replace("\n", "") for text in drawn.texts) or last in drawn.alt_text
    assert last in drawn.alt_text
