"""draw_figures on a process pool and write_assets: same assets as one process, atomic files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest
from figure_data import (
    B17A,
    C05,
    C15_FULL,
    C19,
    band_result,
    city_result,
    cluster_result,
    msgid_gettext,
    province_result,
    results_of,
)

from srdi_report.figures.build import draw_figures, figures_folder, write_assets

SPECS = (C19, C15_FULL, C05, B17A)


def shouting_gettext_for(locale: str) -> Callable[[str], str]:
    """A module-level factory (it pickles by name), as ``compose.i18n.gettext_for`` is."""
    return shout_chart_names


def shout_chart_names(message: str) -> str:
    return message.upper() if message.endswith("chart") else message


def all_results() -> dict[str, object]:
    return dict(results_of(province_result(), city_result(), band_result(), cluster_result()))


def test_pool_gives_the_same_assets_as_one_process_in_spec_order() -> None:
    results = all_results()
    pooled = draw_figures(SPECS, results, "en", msgid_gettext, workers=2)  # type: ignore[arg-type]
    alone = draw_figures(SPECS, results, "en", msgid_gettext, workers=1)  # type: ignore[arg-type]
    assert list(pooled) == ["c19", "c15", "c05", "b17a"]
    for figure_id, asset in pooled.items():
        assert asset == alone[figure_id]


def test_a_gettext_that_does_not_pickle_draws_in_process() -> None:
    assets = draw_figures(SPECS[:2], all_results(), "en", lambda m: m, workers=2)  # type: ignore[arg-type]
    assert sorted(assets) == ["c15", "c19"]


def test_a_gettext_factory_is_called_in_each_worker() -> None:
    assets = draw_figures(
        SPECS[:2], all_results(), "en", lambda m: m, workers=2, gettext_for=shouting_gettext_for
    )  # type: ignore[arg-type]
    assert "HORIZONTAL BAR CHART" in assets["c15"].alt_text


def test_repeated_figure_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="figure ids repeat: \\['c19'\\]"):
        draw_figures((C19, C19), all_results(), "en", msgid_gettext)  # type: ignore[arg-type]


def test_write_assets_writes_four_files_per_figure(tmp_path: Path) -> None:
    assets = draw_figures(SPECS[:2], all_results(), "zh_CN", msgid_gettext, workers=1)  # type: ignore[arg-type]
    folder = figures_folder(tmp_path, "national", 2026, "zh_CN")
    paths = write_assets(assets, folder)
    assert [p.name for p in paths] == [
        "c15.alt.txt", "c15.csv", "c15.png", "c15.svg",
        "c19.alt.txt", "c19.csv", "c19.png", "c19.svg",
    ]  # fmt: skip
    assert folder == tmp_path / "figures" / "national" / "2026" / "zh_CN"
    assert (folder / "c15.png").read_bytes() == assets["c15"].png
    assert (folder / "c15.csv").read_text(encoding="utf-8").splitlines()[
        1
    ] == "江苏,0.1442,False,320000"
    assert (folder / "c15.alt.txt").read_text(encoding="utf-8").startswith("Horizontal bar chart:")


def test_specs_with_nested_read_only_options_reach_the_workers() -> None:
    lines = (MappingProxyType({"value": 0.05, "label": "Five percent"}),)
    spec = replace(C15_FULL, options=MappingProxyType({**C15_FULL.options, "lines": lines}))
    assets = draw_figures((spec, C19), all_results(), "en", msgid_gettext, workers=2)  # type: ignore[arg-type]
    assert (
        assets["c15"].png
        == draw_figures((C15_FULL,), all_results(), "en", msgid_gettext)["c15"].png
    )  # type: ignore[arg-type]
