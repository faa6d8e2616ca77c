"""The heatmap kind: colour from one role, cell labels from another, withheld cells hatched."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from kind_inputs import NAN, draw, frame, has_han, make_input

from srdi_report.figures.registry import CHART_KINDS

Check = Callable[[bytes, str], None]
INDUSTRIES = {
    "en": ("Software and IT services", "General equipment", "Special equipment", "Electronics"),
    "zh_CN": (
        "软件和信息技术服务业",
        "通用设备制造业",
        "专用设备制造业",
        "计算机、通信和其他电子设备制造业",
    ),
}
CLUSTERS = {
    "en": ("Beijing–Tianjin–Hebei", "Yangtze River Delta", "Pearl River Delta"),
    "zh_CN": ("京津冀", "长三角", "珠三角"),
}
QUOTIENTS = (1.21, 0.95, 0.88, 0.79, 1.07, 1.02, 0.93, 1.01, 1.10, 1.12, 0.90, 1.31)
SHARES = (0.153, 0.120, 0.111, 0.061, 0.081, 0.077, 0.052, 0.060, 0.062, 0.070, 0.057, 0.091)


def quotients(locale: str, withheld: tuple[int, ...] = ()) -> object:
    colour = [NAN if i in withheld else v for i, v in enumerate(QUOTIENTS)]
    label = [NAN if i in withheld else v for i, v in enumerate(SHARES)]
    return make_input(
        frame(
            withheld,
            y=np.repeat(INDUSTRIES[locale], 3),
            x=list(CLUSTERS[locale]) * 4,
            value=colour,
            label=label,
        ),
        locale,
        options={
            "center": 1.0,
            "unit": "share",
            "digits": 1,
            "colorbar_label": "Location quotient",
        },
        unit="ratio",
    )


def test_roles_are_x_y_value() -> None:
    assert CHART_KINDS.get("heatmap").roles == ("x", "y", "value")


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_cluster_by_industry_image(locale: str, check_image: Check) -> None:
    drawn = draw("heatmap", quotients(locale), (6.3, 3.2))
    check_image(drawn.png, f"quotients_{locale}")
    assert has_han(drawn.texts) == (locale == "zh_CN")  # no Chinese in English figures
    assert "15.3%" in drawn.texts  # the cell label is the share, the colour the quotient
    assert "Location quotient" in drawn.texts


def test_alt_text_names_highest_and_lowest_cell() -> None:
    assert CHART_KINDS.get("heatmap").alt_text(quotients("en")) == (
        "Heatmap of 4 rows by 3 columns. Highest: Electronics in Pearl River Delta (1.31); "
        "lowest: General equipment in Beijing–Tianjin–Hebei (0.79)."
    )


def test_withheld_cells_are_hatched_with_x(check_image: Check) -> None:
    drawn = draw("heatmap", quotients("en", withheld=(2, 11)), (6.3, 3.2))
    check_image(drawn.png, "withheld_en")
    assert drawn.texts.count("x") == 2
    assert "9.1%" not in drawn.texts
    assert drawn.alt_text.endswith("2 cells are not shown.")
