"""§6: the transcribed 2022 and 2023 editions through the metric-diff code path."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from repo_paths import SHARED
from srdi_report.editions.diff.metric_table import metric_diff
from srdi_report.editions.diff.published import published_pair

EDITIONS = SHARED / "spec" / "published" / "editions"
pytestmark = pytest.mark.skipif(
    not (EDITIONS / "all_numbers_long.csv").is_file(), reason="shared spec folder not present"
)


def _num(text: str) -> float | None:
    return float(text) if text != "" else None


def _close(expected: float | None, got: float | None, tol: float = 1e-6) -> bool:
    if expected is None or got is None:
        return expected is got
    return math.isclose(expected, got, abs_tol=tol)


def test_reproduces_metric_pairs() -> None:
    old, new = published_pair(
        EDITIONS / "all_numbers_long.csv", "2022", "2023", cutoffs=("2022-06-30", "2023-07-31")
    )
    rows = metric_diff(old, new)
    both = {
        (r.key.metric_id, r.key.group_key): r
        for r in rows
        if r.old_value is not None and r.new_value is not None
    }
    pairs = pd.read_csv(EDITIONS / "metric_pairs.csv", dtype=str, keep_default_na=False)
    assert len(both) == len(pairs) == 168
    for x in pairs.to_dict("records"):
        r = both[(x["metric_key"], x["group_key"])]
        where = f"{x['metric_key']}|{x['group_key']}"
        assert _close(_num(x["value_2022"]), r.old_value), where
        assert _close(_num(x["value_2023"]), r.new_value), where
        assert _close(_num(x["abs_change"]), r.abs_change), where
        pct = None if r.pct_change is None else round(r.pct_change, 2)
        assert _close(_num(x["pct_change"]), pct, 1e-9), where
        assert _close(_num(x["pp_change"]), r.pp_change), where
        assert r.comparable == x["comparable"], where
        assert ";".join(r.exhibits_old) == x["figures_2022"], where
        assert ";".join(r.exhibits_new) == x["figures_2023"], where
    counts = pd.Series([r.comparable for r in both.values()]).value_counts().to_dict()
    assert counts == {"yes": 145, "restated": 13, "no": 10}
    # The cut-offs are 13 months apart: cumulative rows would carry the note (§3.1).
    assert new.cutoff == "2023-07-31"


def test_definition_change_is_never_narrated_as_change(tmp_path: Path) -> None:
    from srdi_report.editions.diff.narrate import Narrator
    from srdi_report.editions.diff.run import default_namer

    old, new = published_pair(EDITIONS / "all_numbers_long.csv", "2022", "2023")
    rows = metric_diff(old, new)
    items = Narrator(default_namer).level_changes(rows)
    tech = [i for i in items if any("tech_contribution_share_pct" in k for k in i.keys)]
    assert [i.rule for i in tech] == ["N8"]
    assert "not comparable" in tech[0].texts["en"]
    rules = {i.rule for i in items}
    assert {"N4", "N5", "N6", "N8"} <= rules
