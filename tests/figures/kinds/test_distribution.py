"""The distribution kind: P50/P75/P90 rows per group, reference rules, binned histogram."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from kind_inputs import NAN, draw, frame, has_han, make_input

from srdi_report.figures.registry import CHART_KINDS
from srdi_report.metrics.histograms import bin_counts, log_edges

Check = Callable[[bytes, str], None]
STATISTICS = ("p50", "p75", "p90")
RD = {"national": (0.201, 0.245, 0.278), "provincial": (0.182, 0.231, 0.265)}  # chart c12
GROUPS = {"en": ("National", "Provincial"), "zh_CN": ("国家级", "省级")}
POLICY = [
    {"value": 0.18, "label": "Baseline line"},
    {"value": 0.23, "label": "Good line"},
    {"value": 0.27, "label": "Excellent line"},
]


def rd_percentiles(locale: str, withheld: tuple[int, ...] = ()) -> object:
    values = [*RD["national"], *RD["provincial"]]
    values = [NAN if i in withheld else v for i, v in enumerate(values)]
    return make_input(
        frame(
            withheld,
            category=np.repeat(GROUPS[locale], 3),
            series=["P50 (median)", "P75", "P90"] * 2,
            series_code=list(STATISTICS) * 2,  # labelled statistics keep their codes
            value=values,
        ),
        locale,
        options={"digits": 1, "reference_lines": POLICY, "axis_label": "R&D intensity"},
        unit="share",
    )


def test_roles_are_category_series_value() -> None:
    assert CHART_KINDS.get("distribution").roles == ("category", "series", "value")


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_percentile_rows_with_policy_lines(locale: str, check_image: Check) -> None:
    drawn = draw("distribution", rd_percentiles(locale), (6.3, 2.8))
    check_image(drawn.png, f"rd_percentiles_{locale}")
    assert has_han(drawn.texts) == (locale == "zh_CN")  # no Chinese in English figures
    assert {"P50", "P75", "P90"} <= set(drawn.texts)  # marker captions above the first row
    assert {"20.1%", "26.5%", "Good line"} <= set(drawn.texts)


def test_alt_text_reads_each_groups_percentiles() -> None:
    assert CHART_KINDS.get("distribution").alt_text(rd_percentiles("en")) == (
        "Percentiles of 2 groups. National: P50 20.1%, P75 24.5%, P90 27.8%. "
        "Provincial: P50 18.2%, P75 23.1%, P90 26.5%."
    )


def test_withheld_group_shows_x_not_a_zero() -> None:
    drawn = draw("distribution", rd_percentiles("en", withheld=(3, 4, 5)), (6.3, 2.8))
    assert "x" in drawn.texts
    assert "18.2%" not in drawn.texts
    assert "x = withheld (fewer than 5 firms)" in drawn.lines
    assert drawn.alt_text.endswith("Provincial: P50 x, P75 x, P90 x.")


def _binned(locale: str = "en") -> object:
    """Patents per firm as ``value_histogram`` gives them: fixed log bins, shares per group."""
    rng = np.random.default_rng(7)  # seeded: the baseline must not move
    edges = log_edges(4)
    rows = []
    groups = {"National": rng.lognormal(4.7, 1.0, 400), "Provincial": rng.lognormal(3.5, 1.0, 400)}
    for group, values in groups.items():
        values[:20] = 0.0  # firms without patents: the zero bin, not drawable on a log axis
        counts = bin_counts(values, edges)
        for low, high, count in zip(edges[:-1], edges[1:], counts, strict=True):
            rows.append((group, low, high, count / counts.sum() if count >= 5 else NAN))
    withheld = tuple(i for i, row in enumerate(rows) if np.isnan(row[3]))
    histogram = frame(
        withheld,
        category=[r[0] for r in rows],
        lower=[r[1] for r in rows],
        upper=[r[2] for r in rows],
        value=[r[3] for r in rows],
    )
    return make_input(
        frame(
            category=np.repeat(["National", "Provincial"], 3),
            series=list(STATISTICS) * 2,
            value=[116, 230, 420, 34, 70, 140],
        ),
        locale,
        views={"histogram": histogram},
        options={"log_scale": True, "digits": 0, "axis_label": "Patents"},
        unit="value",
    )


def test_binned_histogram_on_a_log_axis(check_image: Check) -> None:
    drawn = draw("distribution", _binned(), (6.3, 4.0))
    check_image(drawn.png, "binned_log_histogram_en")
    assert {"116", "140", "National", "Provincial"} <= set(drawn.texts)
    # the zero bin cannot sit on a log axis: its share is a note; sparse bins are not drawn
    assert "National: 5.0% of firms at zero (not on the log axis)." in drawn.lines
    assert "Histogram bins of fewer than 5 firms are not drawn." in drawn.lines


def test_histogram_needs_no_firm_values() -> None:
    inp = _binned()
    bins = inp.views["histogram"]  # type: ignore[attr-defined]
    assert set(bins.columns) == {"category", "lower", "upper", "value", "suppressed"}
    assert len(bins) == 2 * 21  # two groups x (the zero bin + 20 log bins): no row per firm


def test_quartiles_draw_a_box_with_whiskers(check_image: Check) -> None:
    codes = ["p10", "p25", "p50", "p75", "p90"]
    inp = make_input(
        frame(
            category=np.repeat(["National", "Provincial"], 5),
            series=codes * 2,
            value=[0.12, 0.165, 0.201, 0.245, 0.278, 0.10, 0.14, 0.182, 0.231, 0.265],
        ),
        options={"digits": 1},
        unit="share",
    )
    drawn = draw("distribution", inp, (6.3, 2.6))
    check_image(drawn.png, "box_en")
    assert {"P10", "P25", "P50", "P75", "P90"} <= set(drawn.texts)
    assert "16.5%" in drawn.texts
