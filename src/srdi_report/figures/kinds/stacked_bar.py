"""Stacked bar: one bar per category split by series, optionally normalised to 100%.

Roles: ``category``, ``series``, ``value``. Categories and series keep frame order (the metric's
order: bands stay in band order).
Options: ``percent`` (normalise each bar to 100%; the unit becomes ``share``), ``horizontal``
(default True: long category names read best on the left), ``ordered`` (series are ordered bands:
sequential colours light to dark instead of the categorical palette), ``unit`` / ``digits``.

A category with any withheld segment is drawn as one empty hatched bar with the mark ``x``: the
other segments would otherwise let a reader work the withheld one out.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, to_hex, to_rgb
from matplotlib.figure import Figure

from srdi_report.figures import alt_text as alt
from srdi_report.figures import marks
from srdi_report.figures.registry import SUPPRESSED, DrawInput, chart_kind
from srdi_report.figures.theme import Theme

MSG_CHART = "Stacked bar chart"
MSG_CHART_PERCENT = "Percentage stacked bar chart"
MSG_LARGEST_PART = "In %(category)s the largest part is %(series)s (%(value)s)."
AXES_SHARE = 0.75  # the axes take about three quarters of the figure's length (legend, ticks)
LABEL_MIN_FRACTION = 0.06  # segments narrower than this share of the axis carry no label
DARK_LUMINANCE = 0.5  # below this a segment's label is white
MAX_CATEGORY_SENTENCES = 3
STACKED_DIGITS = 1  # segment labels are read as parts of a whole: one decimal is enough
LEGEND_COLUMNS_MAX = 5


def stacked_alt_text(inp: DrawInput) -> str:
    """Chart type, category count and, for the first categories, the largest part."""
    frame = _normalised(inp)
    categories = list(dict.fromkeys(frame["category"]))
    chart = MSG_CHART_PERCENT if _percent(inp) else MSG_CHART
    sentences = [alt.intro(inp, chart, len(categories))]
    shown_inp = replace(_with_unit(inp), frame=frame)
    for category in categories[:MAX_CATEGORY_SENTENCES]:
        rows = alt.shown_rows(frame.loc[frame["category"] == category])
        if rows.empty:
            continue
        top = rows.sort_values("value", ascending=False, kind="stable").iloc[0]
        sentences.append(
            inp.gettext(MSG_LARGEST_PART)
            % {
                "category": category,
                "series": top["series"],
                "value": alt.fmt(shown_inp, float(top["value"])),
            }
        )
    sentences.append(alt.withheld_sentence(inp))
    return alt.join(inp, sentences)


@chart_kind("stacked_bar", ("category", "series", "value"), stacked_alt_text)
def draw_stacked_bar(figure: Figure, inp: DrawInput) -> None:
    """Draw stacked (or 100% stacked) bars with in-segment labels and a one-row legend on top."""
    ax = figure.add_subplot()
    if inp.frame.empty:
        marks.no_data(ax, inp)
        return
    theme = inp.theme
    horizontal = bool(inp.options.get("horizontal", True))
    frame = _normalised(inp)
    categories = list(dict.fromkeys(frame["category"]))
    series = list(dict.fromkeys(frame["series"]))
    colors = _series_colors(theme, len(series), ordered=bool(inp.options.get("ordered", False)))
    withheld = {c for c in categories if frame.loc[frame["category"] == c, SUPPRESSED].any()}
    wide = frame.pivot_table(
        index="category", columns="series", values="value", aggfunc="sum", sort=False
    )
    wide = wide.reindex(index=categories, columns=series).fillna(0.0)
    for c in withheld:
        wide.loc[c] = 0.0
    totals = wide.sum(axis=1).to_numpy(dtype=float)
    axis_end = 1.0 if _percent(inp) else max(float(totals.max(initial=0.0)), 1e-12)
    positions = np.arange(len(categories), dtype=float)
    start = np.zeros(len(categories))
    size = figure.get_size_inches()
    thickness = marks.bar_thickness(
        theme, len(categories), float(size[1] if horizontal else size[0]) * AXES_SHARE
    )
    inp_unit = _with_unit(inp)
    for s_index, name in enumerate(series):
        lengths = wide[name].to_numpy(dtype=float)
        style: dict[str, Any] = {
            "color": colors[s_index],
            "label": str(name),
            "edgecolor": "white",
            "linewidth": 0.5,
            "zorder": 2,
        }
        if horizontal:
            ax.barh(positions, lengths, thickness, left=start, **style)
        else:
            ax.bar(positions, lengths, thickness, bottom=start, **style)
        _segment_labels(ax, inp_unit, positions, start, lengths, axis_end, colors[s_index])
        start = start + lengths
    for c in withheld:
        position = float(categories.index(c))
        length = axis_end * marks.WITHHELD_LENGTH
        marks.withheld_box(ax, position, thickness, length, theme, horizontal=horizontal)
    _axes(ax, inp, categories, axis_end, horizontal=horizontal)
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        ncols=min(len(series), LEGEND_COLUMNS_MAX),
        handlelength=1.0,
        columnspacing=1.2,
        borderaxespad=0.3,
    )
    if withheld:
        marks.withheld_note(ax, inp)


def _segment_labels(
    ax: Axes,
    inp: DrawInput,
    positions: np.ndarray,
    start: np.ndarray,
    lengths: np.ndarray,
    axis_end: float,
    color: str,
) -> None:
    horizontal = bool(inp.options.get("horizontal", True))
    text_color = "white" if _luminance(color) < DARK_LUMINANCE else inp.theme.text
    for position, begin, length in zip(positions, start, lengths, strict=True):
        if not np.isfinite(length) or length < axis_end * LABEL_MIN_FRACTION:
            continue
        middle = begin + length / 2
        xy = (middle, position) if horizontal else (position, middle)
        ax.annotate(
            marks.label_text(inp, float(length), alt.unit_of(inp)),
            xy,
            ha="center",
            va="center",
            fontsize=inp.theme.small_size,
            color=text_color,
        )


def _axes(
    ax: Axes, inp: DrawInput, categories: list[object], axis_end: float, *, horizontal: bool
) -> None:
    labels = [str(c) for c in categories]
    ticks = np.arange(len(categories))
    unit = _unit(inp)
    if horizontal:
        ax.set_yticks(ticks, labels)
        ax.set_ylim(len(categories) - 0.5, -0.5)
        ax.set_xlim(0, axis_end)
        ax.tick_params(axis="y", length=0)
        marks.style_value_axis(ax, "x", inp, unit, show=True)
    else:
        ax.set_xticks(ticks, labels)
        ax.set_xlim(-0.5, len(categories) - 0.5)
        ax.set_ylim(0, axis_end)
        ax.tick_params(axis="x", length=0)
        marks.style_value_axis(ax, "y", inp, unit, show=True)
    ax.grid(False)  # segments carry their labels; a grid through the bars only adds noise


def _percent(inp: DrawInput) -> bool:
    return bool(inp.options.get("percent", False))


def _with_unit(inp: DrawInput) -> DrawInput:
    """The input with the unit of the drawn values and one decimal unless digits are given."""
    options = {**inp.options, "unit": _unit(inp)}
    options.setdefault("digits", STACKED_DIGITS)
    return replace(inp, options=options)


def _unit(inp: DrawInput) -> str:
    return "share" if _percent(inp) else alt.unit_of(inp)


def _normalised(inp: DrawInput) -> pd.DataFrame:
    """The frame with each category's values divided by its total when ``percent`` is on."""
    frame = inp.frame.copy()
    if not _percent(inp):
        return frame
    totals = frame.groupby("category", sort=False)["value"].transform("sum")
    frame["value"] = frame["value"] / totals.where(totals != 0)
    return frame


def _series_colors(theme: Theme, count: int, *, ordered: bool) -> list[str]:
    if not ordered:
        return [theme.color(i) for i in range(count)]
    # Bands are ordered: light to dark along the theme's sequential ramp, skipping the
    # lightest step, which would vanish on white paper.
    ramp = LinearSegmentedColormap.from_list("bands", list(theme.sequential[1:]))
    if count == 1:
        return [to_hex(ramp(1.0))]
    return [to_hex(ramp(i / (count - 1))) for i in range(count)]


def _luminance(color: str) -> float:
    red, green, blue = to_rgb(color)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
