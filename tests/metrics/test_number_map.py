"""metrics/number_map.py: published number ids → metric cells."""

from __future__ import annotations

import pandas as pd
import pytest
from firm_frames import SHENZHEN, SUZHOU, firm, frame

from repo_paths import SHARED
from srdi_report.metrics.number_map import NumberRef, cell, load_number_map, rebuild_numbers
from srdi_report.metrics.registry import compute, load_families


def test_every_mapped_id_is_a_firm_number_and_every_metric_exists() -> None:
    refs = load_number_map()
    numbers = pd.read_csv(SHARED / "spec" / "published" / "numbers.csv", dtype=str,
                          keep_default_na=False).set_index("number_id")  # fmt: skip
    ids = [r.number_id for r in refs]
    assert len(ids) == len(set(ids)) == 408
    assert set(numbers.loc[ids, "derivable"]) == {"firm"}
    assert {r.metric for r in refs} <= set(load_families().names())
    top12 = next(r for r in refs if r.number_id == "c20_top12_sum")
    assert top12 == NumberRef(
        "c20_top12_sum", "top_n_concentration", "national",
        (("dimension", "gbt_major"), ("top_n", "12"), ("section", "")), "share", 100.0,
    )  # fmt: skip
    quality = next(r for r in refs if r.number_id == "c30_quality_gap")
    assert quality == NumberRef(
        "c30_quality_gap", "capability_scores", "level=provincial", (("dimension", "quality"),),
        "gap", 1.0,
    )  # fmt: skip


def test_cell_matches_integer_keys_as_text_and_scales() -> None:
    firms = frame([firm("national", SUZHOU)] * 3 + [firm("provincial", SHENZHEN)])
    result = compute("firms_by_level", firms)
    ref = NumberRef("x", "firms_by_level", "national", (("level", "national"),), "share", 100.0)
    assert cell(result, ref) == 75.0
    missing = NumberRef("y", "firms_by_level", "national", (("level", "none"),), "share", 1.0)
    with pytest.raises(KeyError, match="y: 0 rows of firms_by_level match"):
        cell(result, missing)


def test_rebuild_numbers_on_a_small_frame() -> None:
    firms = frame([firm("national", SUZHOU)] * 3 + [firm("provincial", SHENZHEN)])
    refs = [r for r in load_number_map() if r.number_id in {"c03_share_nat", "p_nat_count"}]
    assert rebuild_numbers(firms, refs) == {"c03_share_nat": 75.0, "p_nat_count": 3.0}
