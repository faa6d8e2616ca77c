"""The five-dimension model: scores, gaps, weights from the content table, composite, priority."""

from __future__ import annotations

import math

import pytest
from firm_frames import SHENZHEN, firm, frame

from srdi_report.config.model import MetricsConfig
from srdi_report.metrics.capability import dimension_weights
from srdi_report.metrics.registry import compute
from srdi_report.metrics.scope import Scope

PROVINCIAL = Scope(level="provincial")
NATIONAL_MEDIANS = {  # national_report.md §3 table: the 2026 medians
    "patents_total": 116,
    "invention_grants": 27,
    "insured_employees": 173,
    "registered_capital": 5774,
    "software_copyrights": 4,
}
PROVINCIAL_MEDIANS = {
    "patents_total": 34,
    "invention_grants": 6,
    "insured_employees": 45,
    "registered_capital": 2000,
    "software_copyrights": 2,
}


def _level(level: str, medians: dict[str, int], n: int = 5) -> list[dict[str, object]]:
    # n firms at the median, so every median is exact whatever n is
    return [firm(level, SHENZHEN, **{k: float(v) for k, v in medians.items()}) for _ in range(n)]


@pytest.fixture(scope="module")
def model_firms():
    return frame(_level("national", NATIONAL_MEDIANS) + _level("provincial", PROVINCIAL_MEDIANS))


def test_weights_come_from_the_chart_24_table() -> None:
    assert [(k, c, round(w, 2)) for k, c, w in dimension_weights()] == [
        ("tech", "patents_total", 0.25),
        ("quality", "invention_grants", 0.30),
        ("scale", "insured_employees", 0.15),
        ("capital", "registered_capital", 0.20),
        ("digital", "software_copyrights", 0.10),
    ]


def test_provincial_scores_and_gaps_are_the_published_ones(model_firms) -> None:
    result = compute("capability_scores", model_firms, PROVINCIAL)
    assert result.benchmark == Scope(level="national")
    scores = {
        d: round(result.value("score", dimension=d), 1)
        for d in ("tech", "quality", "scale", "capital", "digital")
    }
    gaps = {d: round(result.value("gap", dimension=d), 1) for d in scores}
    assert scores == {
        "tech": 29.3,
        "quality": 22.2,
        "scale": 26.0,
        "capital": 34.6,
        "digital": 50.0,
    }
    assert gaps == {"tech": 70.7, "quality": 77.8, "scale": 74.0, "capital": 65.4, "digital": 50.0}
    assert result.value("score", dimension="composite") == pytest.approx(
        29.8236, abs=1e-4
    )  # printed 29.8
    assert result.value("benchmark_median", dimension="capital") == 5774


def test_priority_is_gap_order_ties_to_the_larger_weight(model_firms) -> None:
    table = compute("capability_scores", model_firms, PROVINCIAL).table
    ordered = table.dropna(subset=["priority"]).sort_values("priority")["dimension"].tolist()
    assert ordered == ["quality", "scale", "tech", "capital", "digital"]


def test_the_benchmark_scores_100_against_itself(model_firms) -> None:
    result = compute("capability_scores", model_firms, Scope(level="national"))
    assert result.table["score"].tolist() == [100.0] * 6
    assert result.provenance.benchmark_key == "level=national"


def test_zero_benchmark_median_leaves_the_dimension_undefined() -> None:
    national = dict(NATIONAL_MEDIANS, software_copyrights=0)
    firms = frame(_level("national", national) + _level("provincial", PROVINCIAL_MEDIANS))
    result = compute("capability_scores", firms, PROVINCIAL)
    assert math.isnan(result.value("score", dimension="digital"))
    assert math.isnan(result.value("score", dimension="composite"))
    assert math.isnan(result.value("priority", dimension="digital"))


def test_a_scope_below_min_cell_is_withheld(model_firms) -> None:
    small = frame(
        _level("national", NATIONAL_MEDIANS) + _level("provincial", PROVINCIAL_MEDIANS, 3)
    )
    result = compute("capability_scores", small, PROVINCIAL, config=MetricsConfig(min_cell=5))
    assert result.table["score"].isna().all()
    assert [s.key for s in result.suppressed] == [
        "dimension=tech",
        "dimension=quality",
        "dimension=scale",
        "dimension=capital",
        "dimension=digital",
        "dimension=composite",
    ]
    assert {s.reason for s in result.suppressed} == {"n < min_cell (5)"}


def test_recognition_rate_by_field_and_score_band() -> None:
    scores = [90.0, 86.0, 85.0, 72.0, 65.0, 10.0, None]
    levels = [
        "national",
        "national",
        "provincial",
        "national",
        "provincial",
        "provincial",
        "national",
    ]
    firms = frame([firm(level, SHENZHEN) for level in levels])
    firms["kcl_score"] = scores
    result = compute("kcl_recognition_by_field", firms, config=MetricsConfig(min_cell=1))
    assert result.value("share", field_domain="electronics_core", score_band="ge85") == 2 / 3
    assert result.value("firms", field_domain="electronics_core", score_band="70_85") == 1
    assert result.value("share", field_domain="electronics_core", score_band="lt60") == 0.0
    assert math.isnan(result.value("share", field_domain="software_it", score_band="ge85"))


def test_kcl_classes_use_the_software_bands_for_software_firms() -> None:
    rows = [
        # (kcl_score, rd_ratio, industry_type4) -> class
        (85.0, 26.0, "hard_tech"),  # double_high
        (85.0, 26.0, "software_it"),  # software: 26 is mid -> high_output
        (70.0, 36.0, "software_it"),  # high_input
        (70.0, 20.0, "hard_tech"),  # potential
        (50.0, 10.0, "hard_tech"),  # basic
        (50.0, 20.0, "hard_tech"),  # other
        (90.0, None, "hard_tech"),  # not in the sample
    ]
    firms = frame([firm("provincial", SHENZHEN, industry_type4=t) for *_, t in rows])
    firms["kcl_score"] = [r[0] for r in rows]
    firms["rd_ratio_2024"] = [r[1] for r in rows]
    result = compute("kcl_classes", firms, config=MetricsConfig(min_cell=1))
    assert result.table.to_dict("list") == {
        "kcl_class": ["double_high", "high_output", "high_input", "potential", "basic", "other"],
        "firms": [1, 1, 1, 1, 1, 1],
        "share": [1 / 6] * 6,
        "n": [6] * 6,
    }
