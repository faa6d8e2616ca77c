"""The factory: views to role frames, roles checked, withheld rows, CSV, keys, determinism."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from figure_data import (
    B17A,
    C05,
    C15,
    C15_FULL,
    C19,
    PROVINCES,
    band_result,
    city_result,
    cluster_result,
    make_result,
    province_result,
    results_of,
)

from srdi_report.figures.factory import draw_figure, figure_key, view_frame
from srdi_report.figures.spec import DataView, FigureSpec, FigureSpecError
from srdi_report.figures.theme import Theme
from srdi_report.metrics.result import MetricResult

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def test_view_frame_sorts_cuts_and_labels_in_the_locale(gettext: Callable[[str], str]) -> None:
    frame, withheld = view_frame("c15", PROVINCES, province_result(), "en", gettext)
    assert frame["category"].tolist() == [
        "Jiangsu",
        "Guangdong",
        "Zhejiang",
        "Shandong",
        "Shanghai",
    ]
    assert frame["category_code"].tolist() == ["320000", "440000", "330000", "370000", "310000"]
    assert frame["value"].tolist() == [0.1442, 0.1352, 0.1135, 0.0717, 0.0627]
    assert withheld == ()
    zh, _ = view_frame("c15", PROVINCES, province_result(), "zh_CN", gettext)
    assert zh["category"].tolist() == ["江苏", "广东", "浙江", "山东", "上海"]


def test_withheld_row_is_flagged_and_kept_last(gettext: Callable[[str], str]) -> None:
    view = DataView(
        "firms_by_province", {"category": "province_code", "value": "share"}, sort="value"
    )
    frame, withheld = view_frame("c15", view, province_result(), "en", gettext)
    assert frame["category"].iloc[-1] == "650000"
    assert frame["suppressed"].tolist() == [False] * 10 + [True]
    assert np.isnan(frame["value"].iloc[-1])
    assert withheld == ("province_code=650000",)


def test_where_keeps_only_the_allowed_rows(gettext: Callable[[str], str]) -> None:
    view = DataView(
        "firms_by_province",
        {"category": "province_code", "value": "firms"},
        where={"province_code": ("110000", "310000")},
    )
    frame, _ = view_frame("x", view, province_result(), "en", gettext)
    assert frame["category"].tolist() == ["310000", "110000"]  # metric order, no sort


def test_missing_role_names_figure_kind_and_role(gettext: Callable[[str], str]) -> None:
    spec = FigureSpec(
        "c05",
        "stacked_bar",
        "t",
        {"main": DataView("firms_by_province", {"category": "province_code", "value": "share"})},
    )
    with pytest.raises(FigureSpecError) as caught:
        draw_figure(spec, results_of(province_result()), "en", gettext)
    assert str(caught.value) == (
        "figure c05: kind 'stacked_bar' needs role(s) series in view 'main'; "
        "the view maps category, value"
    )


def test_missing_result_and_column_are_spec_errors(gettext: Callable[[str], str]) -> None:
    with pytest.raises(FigureSpecError, match="no result 'firms_by_province' for view 'main'"):
        draw_figure(C15, {}, "en", gettext)
    bad = FigureSpec(
        "c15",
        "hbar",
        "t",
        {"main": DataView("firms_by_province", {"category": "province", "value": "share"})},
    )
    with pytest.raises(FigureSpecError, match="has no column\\(s\\) province;"):
        draw_figure(bad, results_of(province_result()), "en", gettext)


def test_asset_carries_csv_alt_text_size_and_texts(gettext: Callable[[str], str]) -> None:
    asset = draw_figure(C15, results_of(province_result()), "en", gettext)
    assert (asset.width_px, asset.height_px) == (1260, 520)  # 6.3 x 2.6 in at 200 dpi
    assert asset.csv.decode().splitlines()[:2] == [
        "category,value,suppressed,category_code",
        "Jiangsu,0.1442,False,320000",
    ]
    assert "Jiangsu leads with 14.42%, followed by Guangdong (13.52%)." in asset.alt_text
    assert {"Jiangsu", "14.42%", "x = withheld (fewer than 5 firms)"} - set(asset.texts) == {
        "x = withheld (fewer than 5 firms)"
    }  # top=5 drops the withheld province, so no key to the x mark


def test_english_figure_has_no_han_character(gettext: Callable[[str], str]) -> None:
    asset = draw_figure(C15, results_of(province_result()), "en", gettext)
    text = "\n".join((*asset.texts, asset.alt_text, asset.csv.decode()))
    assert HAN.findall(text) == []
    zh = draw_figure(C15, results_of(province_result()), "zh_CN", gettext)
    assert HAN.findall("".join(zh.texts))  # the check can fail: Chinese labels are Han


def test_figure_key_changes_with_data_locale_and_theme() -> None:
    results = results_of(province_result())
    key = figure_key(C15, results, "en")
    assert key == figure_key(C15, results_of(province_result()), "en")
    changed = province_result()
    table = changed.table.copy()
    table.loc[0, "share"] = 0.15
    other = results_of(type(changed)(**{**changed.__dict__, "table": table}))
    assert (
        len(
            {
                key,
                figure_key(C15, other, "en"),
                figure_key(C15, results, "zh_CN"),
                figure_key(C15, results, "en", Theme(accent="#000000")),
            }
        )
        == 4
    )


_DRAW = """
import hashlib, sys
sys.path.insert(0, {here!r})
from figure_data import C15, msgid_gettext, province_result, results_of
from srdi_report.figures.factory import draw_figure
for locale in ("en", "zh_CN"):
    asset = draw_figure(C15, results_of(province_result()), locale, msgid_gettext)
    print(locale, hashlib.sha256(asset.png).hexdigest(), hashlib.sha256(asset.svg).hexdigest())
"""


def test_same_bytes_in_another_process(gettext: Callable[[str], str]) -> None:
    """This process (which drew other figures before) and a fresh one give the same bytes."""
    root = Path(__file__).resolve().parents[2]
    script = _DRAW.format(here=str(Path(__file__).parent))
    other = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root
    )
    draw_figure(C15_FULL, results_of(province_result()), "zh_CN", gettext)  # leave some state
    mine = []
    for locale in ("en", "zh_CN"):
        here = draw_figure(C15, results_of(province_result()), locale, gettext)
        png, svg = hashlib.sha256(here.png).hexdigest(), hashlib.sha256(here.svg).hexdigest()
        mine.append(f"{locale} {png} {svg}")
        assert b"<dc:date>" not in here.svg
        assert b"Software" not in here.png
    assert other.stdout.splitlines() == mine


def test_unknown_label_code_is_an_error(gettext: Callable[[str], str]) -> None:
    table = pd.DataFrame({"province_code": ["999999"], "share": [1.0], "n": [10]})
    from srdi_report.errors import UnknownNameError

    with pytest.raises(UnknownNameError, match="no province with code '999999'"):
        view_frame("c15", PROVINCES, make_result("firms_by_province", table), "en", gettext)


def test_title_placeholders_are_filled_or_the_title_left_out(
    gettext: Callable[[str], str],
) -> None:
    spec = replace(C15, title="Top provinces, %(first)s–%(last)s")
    results = results_of(province_result())
    filled = draw_figure(spec, results, "en", gettext, title_args={"first": 2022, "last": 2024})
    assert filled.alt_text.startswith(
        "Horizontal bar chart: Top provinces, 2022–2024, 5 categories."
    )
    bare = draw_figure(spec, results, "en", gettext)
    assert bare.alt_text.startswith("Horizontal bar chart of 5 categories. Jiangsu leads")


@pytest.mark.parametrize(
    ("spec", "make"),
    [(C15_FULL, province_result), (B17A, cluster_result), (C05, band_result), (C19, city_result)],
)
def test_a_view_without_rows_draws_no_data(
    spec: FigureSpec, make: Callable[[], MetricResult], gettext: Callable[[str], str]
) -> None:
    view = spec.views["main"]
    first = next(iter(view.roles.values()))
    empty = replace(spec, views={"main": replace(view, where={first: ("none",)})})
    asset = draw_figure(empty, results_of(make()), "en", gettext)
    assert "No data to show." in asset.texts
    assert asset.csv.decode().count("\n") == 1  # the header only


def test_everything_withheld_is_drawn_as_withheld_not_as_data(
    gettext: Callable[[str], str],
) -> None:
    table = province_result().table.assign(share=np.nan, n=3)
    keys = [f"province_code={code}" for code in table["province_code"]]
    result = make_result("firms_by_province", table, suppressed=keys)
    asset = draw_figure(C15_FULL, results_of(result), "en", gettext)
    assert asset.texts.count("x") == 11
    assert asset.alt_text == (
        "Horizontal bar chart: Top-10 provinces by number of SRDI firms, 11 categories. "
        "The dashed line marks Equal share (3.23%). "
        "11 values are withheld because they cover fewer than 5 firms."
    )
