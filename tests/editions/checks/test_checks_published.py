"""The checks on the transcribed 2022 and 2023 editions find the seeds' slips (editions.md §6)."""

from __future__ import annotations

import pytest

from repo_paths import SHARED
from srdi_report.editions.checks.published import published_manifests
from srdi_report.editions.checks.runner import run_checks

FOLDER = SHARED / "spec" / "published" / "editions"
pytestmark = pytest.mark.skipif(
    not (FOLDER / "all_numbers_long.csv").is_file(), reason="shared spec not mounted"
)


def _errors(year: int) -> list[tuple[str, str, str]]:
    manifest = published_manifests(FOLDER)[year]
    return sorted((f.check_id, f.printed, f.expected) for f in run_checks(manifest).errors)


def test_the_2022_slips_found_from_numbers_alone() -> None:
    assert _errors(2022) == [
        ("C1", "46%", "51.54"),  # Beijing / Shanghai swapped: 24.08 / 15.89 = +51.5%
        ("C1", "52%", "46.13"),  # and 23.22 / 15.89 = +46.1%
        ("C2", "654", "638"),  # A-share boards sum to 654, A-share listed 638
        ("C2", "9278", "9279"),  # PCT buckets
        ("C2", "9278", "9279"),  # provinces
        ("C5", "6.4%", "5.515"),  # Main Board: 174 / 3,155 = 5.5%
    ]


def test_the_2023_slips_found_from_numbers_alone() -> None:
    assert _errors(2023) == [
        ("C1", "27%", "21.51"),  # Jiangsu employees +27% for 305 / 251
        ("C1", "5%", "4.03"),  # "over 5%" for 24.2 / 600
        ("C2", "856", "852"),  # venues sum to 856, listed 852, no dual-listing note
        ("C4", "244 / 246", "one value"),  # Tianjin on the province and the city chart
    ]


def test_every_declared_relation_resolves_and_the_controls_pass() -> None:
    manifests = published_manifests(FOLDER)
    # 2022: 3 partitions, 4 board shares, 2 uplifts, 1 control; 2023: 3 partitions, 3 + 4 controls.
    assert {year: len(m.relations) for year, m in manifests.items()} == {2022: 10, 2023: 10}
    checked = {r.result for r in manifests[2023].relations if r.kind == "ratio"}
    assert "图表2.8/share_by_pct_bucket_pct[pct_0]#1" in checked  # 9,334 / 12,192 = 76.6%: ok


def test_consistent_partitions_and_one_mean_at_two_precisions_pass() -> None:
    manifest = published_manifests(FOLDER)[2023]
    provinces = [r for r in manifest.relations if r.kind == "partition" and "3.1" in r.place]
    assert len(provinces) == 1
    assert len(provinces[0].inputs) == 31
    found = run_checks(published_manifests(FOLDER)[2022], only=["C4"]).errors
    assert not [f for f in found if "avg_employees" in f.places[0]]  # 252 vs 252.25 agree
