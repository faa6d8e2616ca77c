"""metrics/registry.py: the registry of named metrics, compute() and provenance."""

from __future__ import annotations

import pandas as pd
import pytest
from firm_frames import NANJING, SHENZHEN, SUZHOU, firm, frame

from srdi_report.errors import UnknownNameError
from srdi_report.metrics.registry import FAMILY_MODULES, METRICS, compute, load_families, metric
from srdi_report.metrics.result import Unit, data_hash
from srdi_report.metrics.scope import Scope


@pytest.fixture(scope="module")
def firms() -> pd.DataFrame:
    return frame(
        [
            firm("national", SUZHOU),
            firm("provincial", SUZHOU),
            firm("provincial", NANJING),
            firm("provincial", SHENZHEN),
            firm("none", SHENZHEN),
        ]
    )


def test_unknown_metric_lists_the_known_ones_and_a_close_match(firms: pd.DataFrame) -> None:
    with pytest.raises(UnknownNameError) as caught:
        compute("firms_by_levle", firms)
    message = str(caught.value)
    assert message.startswith("unknown metric 'firms_by_levle'. Did you mean 'firms_by_level'?")
    assert "Known: capability_scores, capital_ge_1yi_by_level, " in message
    assert ", top_n_concentration" in message


def test_every_family_registers_and_each_metric_names_its_family() -> None:
    registry = load_families()
    families = {registry.get(name).family for name in registry}
    assert families == set(FAMILY_MODULES)
    # 56 + six patent metrics (charts 42-47) + nine city metrics + four figure metrics (c13, c31)
    assert len(registry) == 77  # + listing_by_board, financing_by_round (city section 8)


def test_a_name_cannot_be_registered_twice() -> None:
    load_families()
    with pytest.raises(ValueError, match="metric 'firm_count' is registered twice"):
        metric("firm_count", Unit.COUNT)(lambda firms, context: firms)


def test_compute_wraps_the_table_with_provenance(firms: pd.DataFrame) -> None:
    result = compute("firms_by_level", firms, Scope(province="320000"), digest="abc")
    assert result.table.to_dict("list") == {
        "level": ["national", "provincial"],
        "firms": [1, 2],
        "share": [1 / 3, 2 / 3],
        "n": [3, 3],
    }
    assert result.n_firms == 3
    assert result.unit is Unit.SHARE
    assert result.family == "counts"
    assert result.chart_ids == ("c03",)
    assert result.label_key == "metric.firms_by_level"
    assert result.provenance.scope_key == "province=320000"
    assert result.provenance.benchmark_key == "none"
    assert result.provenance.filter == "level in (national, provincial) & province_code=320000"
    assert result.provenance.data_hash == "abc"


def test_data_hash_is_stable_and_sees_a_changed_value(firms: pd.DataFrame) -> None:
    changed = firms.copy()
    changed.loc[0, "patents_total"] = 2.0
    assert data_hash(firms) == data_hash(firms.copy())
    assert data_hash(firms) != data_hash(changed)
    assert compute("firm_count", firms).provenance.data_hash == data_hash(firms)


def test_default_benchmark_follows_the_scope_year(firms: pd.DataFrame) -> None:
    result = compute("capability_scores", firms, Scope(year=2026, level="provincial"))
    assert result.benchmark == Scope(year=2026, level="national")


def test_a_missing_column_is_an_input_error(firms: pd.DataFrame) -> None:
    from srdi_report.errors import InputError

    with pytest.raises(
        InputError, match="metric 'honours_by_level' needs column 'hon_little_giant'"
    ):
        compute("honours_by_level", firms)


def test_metrics_registry_is_the_module_level_registry() -> None:
    assert METRICS.kind == "metric"


def test_a_shared_memo_gives_the_same_results_for_every_scope(firms: pd.DataFrame) -> None:
    from srdi_report.metrics.registry import compute_all

    names = ("capability_scores", "firms_by_level")
    memo: dict = {}
    for city in ("320500", "320100", "440300"):
        scope = Scope(city=city)
        alone = compute_all(names, firms, scope, digest="")
        shared = compute_all(names, firms, scope, digest="", memo=memo)
        for a, b in zip(alone, shared, strict=True):
            pd.testing.assert_frame_equal(a.table, b.table)
    assert any(name == "bench:level=national" for _id, name in memo)


def test_the_whole_config_or_its_metrics_section_sets_min_cell(firms: pd.DataFrame) -> None:
    from srdi_report.config import Config
    from srdi_report.config.model import MetricsConfig

    whole = Config(metrics=MetricsConfig(min_cell=2))
    small = compute("quadrant_shares", firms, Scope(city="320100"), config=whole)
    assert len(small.suppressed) == 4  # one firm < 2
    allowed = compute("quadrant_shares", firms, Scope(city="320100"), config=MetricsConfig(1))
    assert allowed.suppressed == ()


def test_the_batch_place_mask_selects_the_same_firms(firms: pd.DataFrame) -> None:
    from srdi_report.metrics.registry import compute_all

    memo: dict = {}
    for scope in (Scope(city="320500"), Scope(province="440000"), Scope(city="110000")):
        batch = compute_all(("firm_count",), firms, scope, digest="", memo=memo)[0]
        alone = compute("firm_count", firms, scope, digest="")
        assert batch.n_firms == alone.n_firms, scope.key
    assert compute_all(("firm_count",), firms, Scope(city="320500"), memo=memo)[0].n_firms == 2
