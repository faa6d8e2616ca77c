"""The calibrated demo dataset (data_schema.md §6): counts, coverage, invariants, round trips,
determinism and the reproduce run."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from srdi_report.config.model import DemoConfig
from srdi_report.data import demo, demo_cache
from srdi_report.data.demo_targets import load_targets
from srdi_report.data.demo_writers import csv_bytes, parquet_bytes, xlsx_bytes
from srdi_report.data.reference_files import read_reference_csv

SEED = DemoConfig().seed


@pytest.fixture(scope="session")
def frames() -> dict[int, pd.DataFrame]:
    return demo.generate_snapshots(SEED)


@pytest.fixture(scope="session")
def current(frames: dict[int, pd.DataFrame]) -> pd.DataFrame:
    return frames[2026]


@pytest.fixture(scope="session")
def previous(frames: dict[int, pd.DataFrame]) -> pd.DataFrame:
    return frames[2025]


def _num(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def test_level_counts_are_the_published_ones(current: pd.DataFrame) -> None:
    t = load_targets()
    level = current["level"].astype(str)
    assert len(current) == int(t("p_pop_total")) == 167372
    assert int((level == "national").sum()) == int(t("p_nat_count")) == 17684
    assert int((level == "provincial").sum()) == 149688
    assert set(level) == {"national", "provincial"}


def test_columns_are_the_input_columns_in_order(current: pd.DataFrame) -> None:
    from srdi_report.data.demo_frame import input_columns

    assert list(current.columns) == [c for c, _ in input_columns(2026)]
    assert "rd_ratio_2024" in current.columns
    assert "rd_ratio_2025" not in current.columns
    assert "patent_applications_2025" in current.columns
    assert current["firm_id"].is_monotonic_increasing
    assert str(current["insured_employees"].dtype) == "Int64"
    assert str(current["hon_high_tech"].dtype) == "boolean"
    assert str(current["snapshot_date"].dtype) == "datetime64[ns]"


def test_ids_and_names_are_invented(current: pd.DataFrame) -> None:
    ids = current["firm_id"].astype(str)
    assert ids.str.fullmatch(r"DM\d{8}").all()
    assert ids.is_unique
    names = current["name_zh"].astype(str)
    assert names.str.contains("示例").all()
    assert names.str.endswith("有限公司").all()
    assert not current.duplicated(["province", "name_zh"]).any()
    assert not current["name_en"].astype(str).str.contains(r"[\u4e00-\u9fff]").any()


def test_every_province_and_city_has_firms(current: pd.DataFrame) -> None:
    provinces = set(read_reference_csv("provinces")["name_zh_full"])
    cities = read_reference_csv("cities")
    assert set(current["province"].astype(str)) == provinces
    assert set(current["city_code"].astype(str)) == set(cities["admin_code"])
    for name in ("阿里地区", "果洛藏族自治州", "三沙市", "仙桃市", "石河子市"):
        assert (current["city"] == name).any(), name
    counts = current["city"].value_counts()
    assert int((counts <= 5).sum()) >= 30


def test_districts_belong_to_their_city(current: pd.DataFrame) -> None:
    counties = read_reference_csv("counties")
    cities = read_reference_csv("cities").set_index("admin_code")
    pairs = set(zip(counties["city_code"], counties["name_zh_full"], strict=True))
    frame = current[["city_code", "district"]].astype(str)
    has_counties = frame["city_code"].isin(set(counties["city_code"]))
    direct = frame["city_code"].map(cities["kind"]) == "direct_county"
    assert current.loc[direct.to_numpy(), "district"].isna().all()
    inside = frame.loc[has_counties.to_numpy()]
    assert all(
        (c, d) in pairs for c, d in zip(inside["city_code"], inside["district"], strict=True)
    )
    towns = current.loc[(~has_counties & ~direct).to_numpy(), "district"]
    assert towns.notna().all()


def test_patent_counts_hold_every_cross_field_rule(current: pd.DataFrame) -> None:
    f = {c: _num(current, c) for c in current.columns if current[c].dtype == "Int64"}
    assert np.array_equal(
        f["patents_total"], f["invention_applications"] + f["utility_models"] + f["designs"]
    )  # X06, exactly
    assert (f["invention_grants"] <= f["invention_decided"]).all()
    assert (
        f["invention_decided"] + f["invention_applications_pending"] <= f["invention_applications"]
    ).all()
    assert (f["invention_applications"] <= f["patents_total"]).all()
    assert (f["inventions_valid"] <= f["invention_grants"]).all()
    assert (f["inventions_valid"] <= f["patents_valid"]).all()
    assert (f["patents_valid"] <= f["patents_total"]).all()
    assert (f["high_value_inventions_valid"] <= f["inventions_valid"]).all()
    for column in ("award_inventions", "standard_inventions"):
        assert (f[column] <= f["invention_grants"]).all()
    for column in (
        "univ_coop_patents",
        "pledged_patents",
        "licensed_patents",
        "litigated_patents",
        "transferred_patents",
    ):
        assert (f[column] <= f["patents_total"]).all()
    assert (f["digital_tech_patents_valid"] <= f["patents_valid"]).all()
    assert (f["pct_applications"] <= f["foreign_patents"]).all()
    assert (f["invention_citations"] <= f["patent_citations"]).all()
    typed = f["std_national"] + f["std_industry"] + f["std_local"] + f["std_group"]
    assert (typed <= f["std_total"]).all()
    years = [c for c in f if c.startswith("patent_applications_")]
    assert (sum(f[c] for c in years) <= f["patents_total"]).all()
    assert (f["patents_total"] <= 100_000).all()  # R03 stays quiet


def test_honours_dates_and_champions_are_consistent(current: pd.DataFrame) -> None:
    national = (current["level"] == "national").to_numpy()
    assert current.loc[national, "hon_little_giant"].all()  # X10
    assert not current.loc[~national, "is_key_little_giant"].any()  # X11
    assert current.loc[national, "lg_batch"].notna().all()
    assert current.loc[~national, "lg_batch"].isna().all()
    batch_year = read_reference_csv("lg_batches").set_index("batch")["year"].astype(int)
    nat = current.loc[national]
    assert (
        nat["lg_recognition_date"].dt.year.to_numpy()
        == nat["lg_batch"].astype(str).map(batch_year).to_numpy()
    ).all()
    for column in ("lg_recognition_date", "listing_date", "last_financing_date"):
        has = current[column].notna()
        assert (current.loc[has, "founded_date"] <= current.loc[has, column]).all(), column
        assert (current.loc[has, column] <= pd.Timestamp("2026-02-28")).all(), column
    champions = current["single_champion_level"] != "none"
    assert current.loc[champions.to_numpy(), "gbt_major"].astype(int).between(13, 43).all()  # X13
    national_champions = int((current["single_champion_level"] == "national").sum())
    assert 200 <= national_champions <= 500
    centre = current["hon_tech_center"].to_numpy(dtype=bool)
    assert ((current["tech_center_level"] != "none").to_numpy() == centre).all()  # X19


def test_previous_snapshot_transitions(current: pd.DataFrame, previous: pd.DataFrame) -> None:
    assert 145_000 <= len(previous) <= 155_000
    assert previous["snapshot_date"].dt.date.eq(dt.date(2025, 2, 28)).all()
    assert "rd_ratio_2021" in previous.columns
    assert "rd_ratio_2024" not in previous.columns
    assert previous["firm_id"].is_unique
    both = previous.merge(current, on="firm_id", suffixes=("_25", "_26"))
    gone = len(previous) - len(both)
    assert 0.005 <= gone / len(previous) <= 0.015  # exits
    assert (both["founded_date_25"] == both["founded_date_26"]).all()
    for column in (
        "patents_total",
        "invention_applications",
        "invention_grants",
        "utility_models",
        "designs",
        "pct_applications",
        "foreign_patents",
        "software_copyrights",
        "invention_citations",
        "patent_citations",
    ):
        assert (_num(both, f"{column}_26") >= _num(both, f"{column}_25")).all(), column
    growth = np.median(
        _num(both, "patents_total_26") / np.maximum(_num(both, "patents_total_25"), 1)
    )
    assert 1.05 <= growth <= 1.15
    for column in ("rd_ratio_2022", "rd_ratio_2023", "revenue_growth_2023"):
        a, b = _num(both, f"{column}_25"), _num(both, f"{column}_26")
        ok = np.isfinite(a) & np.isfinite(b)
        assert np.array_equal(a[ok], b[ok])
    latest = current["lg_batch"].astype("Float64") == 7
    b7 = current.loc[latest.fillna(False).to_numpy(), "firm_id"]
    then = previous.set_index("firm_id").reindex(b7)["level"]
    assert (then.dropna() == "provincial").all()
    assert then.notna().mean() >= 0.95
    nat26 = set(current.loc[current["level"] == "national", "firm_id"])
    nat25 = set(previous.loc[previous["level"] == "national", "firm_id"])
    lost = nat25 - nat26
    assert len(nat25) == 17684 - len(b7) + len(lost)
    moved = (both["city_26"] != both["city_25"]).sum()
    assert 0 < moved <= 0.001 * len(both)


def test_writers_are_deterministic(current: pd.DataFrame) -> None:
    sample = current.iloc[:200]
    when = dt.datetime(2026, 2, 28, tzinfo=dt.UTC)
    assert xlsx_bytes(sample, when) == xlsx_bytes(sample, when)
    assert parquet_bytes(sample) == parquet_bytes(sample)
    text = csv_bytes(sample).decode("utf-8")
    assert not text.startswith("\ufeff")
    assert "\r" not in text
    assert re.search(r",(true|false),", text)
    assert "e+" not in text
    assert "E+" not in text
    assert text.splitlines()[1].startswith("2026-02-28,DM")


# SHA-256 of the CSV exports for the default seed. A change of the generator, the targets or
# the reference data it reads changes them: bump demo.GENERATOR_VERSION and update both.
CSV_SHA256 = {
    2026: "3ee1d2e1197f8092e80db86092c1d45fa309633ef312c6aaee78bb6e3809710e",
    2025: "c71384cd074faa2b27c518ccd22bcddcd7926ac75af5cae53d8659918ce95b21",
}


def test_csv_is_pinned_and_reads_back_through_the_loader(
    tmp_path: Path, current: pd.DataFrame, previous: pd.DataFrame
) -> None:
    from srdi_report.data.load import LoadOptions, load_firms
    from srdi_report.data.validate_pairs import validate_pair

    loaded = {}
    for year, frame in ((2026, current), (2025, previous)):
        data = csv_bytes(frame)
        # Byte-identical across runs: the same seed gives the pinned SHA-256.
        assert hashlib.sha256(data).hexdigest() == CSV_SHA256[year], year
        path = tmp_path / f"demo_{year}.csv"
        path.write_bytes(data)
        result = load_firms(path, LoadOptions())
        assert result.problems == ()
        pd.testing.assert_frame_equal(
            result.frame.reset_index(drop=True), frame.reset_index(drop=True)
        )
        loaded[year] = result
    assert validate_pair(loaded[2025], loaded[2026]) == []


def test_cache_manifest_and_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frames: dict[int, pd.DataFrame]
) -> None:
    monkeypatch.setattr(demo, "generate_snapshots", lambda seed: frames)
    config = DemoConfig(seed=SEED, cache_dir=str(tmp_path / "cache"))
    manifest = demo_cache.ensure_demo(config)
    fingerprint = demo_cache.generator_fingerprint()[:12]
    assert (
        manifest.folder
        == tmp_path / "cache" / f"v{demo.GENERATOR_VERSION}-{fingerprint}-seed{SEED}"
    )
    by_year = {s.year: s for s in manifest.snapshots}
    assert (by_year[2026].rows, by_year[2026].national, by_year[2026].provincial) == (
        167372,
        17684,
        149688,
    )
    for snap in manifest.snapshots:
        assert demo_cache.file_hash(manifest.folder / snap.file) == snap.sha256
    assert (manifest.folder / "manifest.json").exists()
    again = demo_cache.ensure_demo(config)  # found, not regenerated
    assert again.snapshots == manifest.snapshots
    pd.testing.assert_frame_equal(demo_cache.demo_firms(config, 2026), frames[2026])
    out = demo_cache.export_demo(config, 2025, tmp_path / "firms.parquet")
    assert out.read_bytes() == parquet_bytes(frames[2025])


def test_reproduce_matches_the_published_numbers(current: pd.DataFrame) -> None:
    from srdi_report.data.derive import add_derived
    from srdi_report.data.derive_lookups import industry_group_members, ranking_codes
    from srdi_report.data.geography import load_geography
    from srdi_report.data.industry import load_industry
    from srdi_report.metrics.reproduce import reproduce_frame

    industry, geography = load_industry(), load_geography()
    derived = add_derived(
        current, geography=geography, industry=industry, snapshot_date=dt.date(2026, 2, 28)
    )
    outcome = reproduce_frame(
        derived, industry_groups=industry_group_members(industry), tie_keys=ranking_codes(geography)
    )
    assert outcome.n_checked == 424
    assert [r.number_id for r in outcome.mismatches] == []
    assert outcome.n_ok == 424


def test_previous_snapshot_feeds_the_edition_diff(
    current: pd.DataFrame, previous: pd.DataFrame
) -> None:
    def ranking(frame: pd.DataFrame, column: str, n: int) -> list[str]:
        counts = frame[column].astype(str).value_counts()
        return list(counts.index[:n])

    assert ranking(current, "province", 1) != ranking(previous, "province", 1)  # N1
    now, before = ranking(current, "city", 20), ranking(previous, "city", 20)
    assert set(now) != set(before)  # N2
    assert any(c in before and abs(before.index(c) - now.index(c)) >= 3 for c in now)  # N3
    share_now = current["gbt_major"].value_counts(normalize=True)
    share_before = previous["gbt_major"].value_counts(normalize=True)
    assert (share_now - share_before).abs().max() >= 0.01  # N5
    lg_now = current.loc[current["level"] == "national", "city"].value_counts()
    lg_before = previous.loc[previous["level"] == "national", "city"].value_counts()
    assert (lg_now.reindex(lg_before.index).fillna(0) < lg_before).any()  # N6
    crossed = ((lg_now.reindex(lg_before.index).fillna(0) >= 100) != (lg_before >= 100)).any()
    assert crossed  # N7


def test_xlsx_and_parquet_read_back_through_the_loader(
    tmp_path: Path, current: pd.DataFrame
) -> None:
    from srdi_report.data.load import LoadOptions, load_firms

    sample = current.iloc[::40].reset_index(drop=True)
    when = dt.datetime(2026, 2, 28, tzinfo=dt.UTC)
    for name, data in (
        ("sample.xlsx", xlsx_bytes(sample, when)),
        ("sample.parquet", parquet_bytes(sample)),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        result = load_firms(path, LoadOptions())
        assert result.problems == (), name
        pd.testing.assert_frame_equal(result.frame.reset_index(drop=True), sample)


def test_cache_folder_follows_the_generator_fingerprint(tmp_path: Path) -> None:
    config = DemoConfig(cache_dir=str(tmp_path))
    folder = demo_cache._folder(config)
    assert folder.name.endswith(f"-seed{config.seed}")
    assert demo_cache.generator_fingerprint()[:12] in folder.name
    demo_cache.generator_fingerprint.cache_clear()
    try:
        real = demo_cache.generator_fingerprint()
        demo_cache.generator_fingerprint.cache_clear()
        original = Path.read_bytes

        def edited(path: Path) -> bytes:
            data = original(path)
            return data + b"#" if path.name == "demo_scale.py" else data

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Path, "read_bytes", edited)
            assert demo_cache.generator_fingerprint() != real
    finally:
        demo_cache.generator_fingerprint.cache_clear()
