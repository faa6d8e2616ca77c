"""The density quadrant kind (chart c13): binned firms on log axes, cut lines, quadrant shares."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from kind_inputs import NAN, draw, frame, has_han, make_input

from srdi_report.figures.registry import CHART_KINDS
from srdi_report.metrics.histograms import grid_counts, log_edges

Check = Callable[[bytes, str], None]
QUADRANTS = {
    "en": ("Leading firms", "Tech start-ups", "Scale-type firms", "Firms in the cultivation stage"),
    "zh_CN": ("头部企业", "科技型初创企业", "规模型企业", "培育期企业"),
}
CODES = ["head", "startup", "scale", "incubating"]


def grid(locale: str = "en", min_cell: int = 5) -> object:
    """A grid as ``scale_innovation_grid`` returns it, from seeded log-normal firms."""
    rng = np.random.default_rng(11)
    employees = np.round(rng.lognormal(4.0, 1.1, 3000))
    patents = np.round(np.exp(0.6 * np.log1p(employees) + rng.normal(1.2, 0.9, 3000)))
    patents[:60] = 0.0  # firms without patents: the zero row
    edges = log_edges(4, 4)
    counts = grid_counts(employees, patents, edges, edges)
    xi, yi = np.nonzero(counts)
    firms = counts[xi, yi]
    shares = np.where(firms >= min_cell, firms / firms.sum(), NAN)
    main = frame(
        tuple(np.flatnonzero(np.isnan(shares))),
        x_lower=edges[xi],
        x_upper=edges[xi + 1],
        y_lower=edges[yi],
        y_upper=edges[yi + 1],
        value=shares,
    )
    quadrants = frame(label=QUADRANTS[locale], label_code=CODES, value=[0.181, 0.229, 0.144, 0.446])
    return make_input(
        main,
        locale,
        views={"quadrants": quadrants},
        options={
            "x_cut": 100.0,
            "y_cut": 50.0,
            "x_label": "Scale (insured employees)",
            "y_label": "Innovation (total patents)",
            "colour_label": "Share of firms per cell",
            "x_cut_label": "More than 100 insured employees",
        },
        unit="share",
    )


def test_roles_are_cell_edges_and_value() -> None:
    assert CHART_KINDS.get("density_quadrant").roles == (
        "x_lower",
        "x_upper",
        "y_lower",
        "y_upper",
        "value",
    )


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_density_with_quadrant_shares(locale: str, check_image: Check) -> None:
    drawn = draw("density_quadrant", grid(locale), (6.3, 4.4))
    check_image(drawn.png, f"grid_{locale}")
    assert has_han(drawn.texts) == (locale == "zh_CN")
    assert f"{QUADRANTS[locale][3]}\n44.6%" in drawn.texts  # name and share in the corner
    assert {"0", "10", "100", "1,000"} <= set(drawn.texts)  # ticks in the locale, zero cell
    assert "Grey cells: fewer than 5 firms, not shaded." in drawn.lines


def test_alt_text_gives_quadrants_and_the_densest_cell() -> None:
    alt = CHART_KINDS.get("density_quadrant").alt_text(grid())
    assert alt.startswith(
        "Four quadrants by share of firms: Firms in the cultivation stage 44.6%, "
        "Tech start-ups 22.9%, Leading firms 18.1%, Scale-type firms 14.4%. "
        "The densest cell holds "
    )
    assert "Scale (insured employees) " in alt


def test_every_cell_withheld_draws_grey_cells_and_no_crash() -> None:
    drawn = draw("density_quadrant", grid(min_cell=10_000), (6.3, 4.4))
    assert "Grey cells: fewer than 5 firms, not shaded." in drawn.lines
    assert "densest" not in drawn.alt_text
