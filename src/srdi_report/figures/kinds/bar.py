"""Vertical bar: one bar per category (or a group per category with ``series``), value labels.

Roles: ``category``, ``value``; optional ``series`` (grouped bars, legend on top) and ``note``
(a count printed under each category label, e.g. the firms behind a ratio).
Options: ``highlight``, ``reference`` (a number) or ``reference_view`` (a view whose first
``value`` is the line, e.g. the national average) + ``reference_label`` (msgid), ``sort_series``
(grouped bars: order categories by this series' value), ``unit`` / ``digits``, ``note_unit``
(default ``count``), ``note_digits`` and ``note_msgid`` (a pattern with ``%(value)s``, e.g.
"%(value)s firms"), ``value_axis`` (default off: the value labels carry the numbers),
``value_noun`` (alt text: "12.34% of firms").

:func:`draw_bars` is shared with ``hbar``: the same marks, turned on their side.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from srdi_report.figures import alt_text as alt
from srdi_report.figures import marks
from srdi_report.figures.registry import SUPPRESSED, DrawInput, chart_kind
from srdi_report.figures.spec import FigureSpecError
from srdi_report.figures.theme import DEFAULT_THEME

MSG_CHART = "Bar chart"
MSG_REFERENCE = "The dashed line marks %(label)s (%(value)s)."
LEGEND_COLUMNS_MAX = 4
AXES_SHARE = 0.9  # the axes take about nine tenths of the figure width
LABEL_SHARE = 0.34  # category labels of horizontal bars take at most a third of the width
HEADROOM = 1.12  # value axis end, as a multiple of the largest value: room for its label


def bar_alt_text(inp: DrawInput) -> str:
    """What the bars show, who leads and the reference line."""
    return bars_alt_text(inp, MSG_CHART)


def bars_alt_text(inp: DrawInput, chart_msgid: str) -> str:
    """Alt text of ``bar`` and ``hbar``: intro, leader, lowest, reference, withheld."""
    frame = inp.frame
    sentences = [alt.intro(inp, chart_msgid, int(frame["category"].nunique()))]
    if "series" in frame.columns:
        first = frame["series"].iloc[0] if len(frame) else None
        one = replace(inp, frame=frame.loc[frame["series"] == first])
        sentences.append(
            inp.gettext(alt.MSG_SERIES) % {"series": first, "sentence": alt.ranked_headline(one)}
        )
    else:
        sentences.append(alt.ranked_headline(inp))
        sentences.append(alt.lowest_sentence(inp))
    sentences.append(reference_sentence(inp))
    sentences.append(alt.withheld_sentence(inp))
    return alt.join(inp, sentences)


@chart_kind("bar", ("category", "value"), bar_alt_text)
def draw_bar(figure: Figure, inp: DrawInput) -> None:
    """Draw vertical bars in frame order."""
    ax = figure.add_subplot()
    if inp.frame.empty:
        marks.no_data(ax, inp)
        return
    draw_bars(ax, inp, horizontal=False)
    reference_line(ax, inp, horizontal=False)


def draw_bars(ax: Axes, inp: DrawInput, *, horizontal: bool) -> None:
    """Bars, value labels, withheld boxes and category ticks for ``bar`` and ``hbar``."""
    theme = inp.theme
    frame = inp.frame
    unit = alt.unit_of(inp)
    categories = category_order(inp)
    series = list(dict.fromkeys(frame["series"])) if "series" in frame.columns else [None]
    figure = ax.get_figure(root=True)
    size = figure.get_size_inches() if isinstance(figure, Figure) else (6.3, 3.6)
    length_in = float(size[1] if horizontal else size[0]) * AXES_SHARE
    step = marks.bar_thickness(theme, len(categories), length_in, len(series)) / len(series)
    # The value axis spans the largest bar and the reference line; with nothing shown (all
    # withheld) it still has a length, so withheld boxes stay short marks, not full bars.
    top = max(_largest(frame), reference_value(inp) or 0.0) or 1.0
    highlighted = highlight_mask(inp)
    boxed = reference_value(inp) is not None
    for s_index, name in enumerate(series):
        rows = frame if name is None else frame.loc[frame["series"] == name]
        offset = (s_index - (len(series) - 1) / 2) * step
        positions = np.array([categories.index(c) for c in rows["category"]], dtype=float)
        positions += offset
        values = rows["value"].to_numpy(dtype=float)
        # Withheld means flagged and without a value: a flagged row keeps a value the
        # suppression did not touch (an identity share next to a withheld median).
        withheld = rows[SUPPRESSED].to_numpy(dtype=bool) & np.isnan(values)
        if name is None:
            colors = [theme.highlight if h else theme.accent for h in highlighted]
        else:
            colors = [theme.color(s_index)] * len(rows)
        shown = ~np.isnan(values)
        bar = ax.barh if horizontal else ax.bar
        bar(
            positions[shown],
            values[shown],
            step * 0.92 if name is not None else step,
            color=[c for c, keep in zip(colors, shown, strict=True) if keep],
            label=name,
            zorder=2,
        )
        for position, value in zip(positions[shown], values[shown], strict=True):
            text = marks.label_text(inp, value, unit)
            marks.value_label(ax, position, value, text, theme, horizontal=horizontal, boxed=boxed)
        for position in positions[withheld]:
            length = top * marks.WITHHELD_LENGTH
            marks.withheld_box(ax, position, step, length, theme, horizontal=horizontal)
    _category_axis(ax, inp, categories, horizontal=horizontal)
    value_which: Literal["x", "y"] = "x" if horizontal else "y"
    marks.style_value_axis(
        ax, value_which, inp, unit, show=bool(inp.options.get("value_axis", False))
    )
    limit = top * HEADROOM
    low = min(0.0, float(np.nanmin(frame["value"].to_numpy(dtype=float), initial=0.0)) * HEADROOM)
    (ax.set_xlim if horizontal else ax.set_ylim)(low, limit)
    if len(series) > 1:
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=min(len(series), LEGEND_COLUMNS_MAX),
            handlelength=1.0,
            borderaxespad=0.2,
        )
    if frame[SUPPRESSED].any():
        marks.withheld_note(ax, inp)


def category_order(inp: DrawInput) -> list[object]:
    """Categories in frame order, or by one series' value with ``options["sort_series"]``.

    ``sort_series`` names a series by label or code (``national``); its largest value comes
    first, and categories it lacks follow in frame order.
    """
    frame = inp.frame
    order = list(dict.fromkeys(frame["category"]))
    wanted = inp.options.get("sort_series")
    if not wanted or "series" not in frame.columns:
        return order
    codes = frame["series_code"] if "series_code" in frame.columns else frame["series"]
    mask = (codes.astype(str) == str(wanted)) | (frame["series"].astype(str) == str(wanted))
    ranked = frame.loc[mask].sort_values(
        "value", ascending=False, kind="stable", na_position="last"
    )
    first = list(dict.fromkeys(ranked["category"]))
    return first + [c for c in order if c not in first]


def _largest(frame: pd.DataFrame) -> float:
    values = frame["value"].to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else 0.0


def _category_axis(ax: Axes, inp: DrawInput, categories: list[object], *, horizontal: bool) -> None:
    labels = [str(c) for c in categories]
    if "note" in inp.frame.columns:
        notes = inp.frame.drop_duplicates("category").set_index("category")["note"]
        note_unit = str(inp.options.get("note_unit", "count"))
        note_digits = inp.options.get("note_digits", alt.DEFAULT_DIGITS.get(note_unit, 0))
        note_inp = replace(inp, options={**inp.options, "digits": note_digits})
        note_of = {str(k): float(v) for k, v in notes.items()}
        pattern = inp.gettext(str(inp.options.get("note_msgid", "%(value)s")))
        labels = [
            f"{label}\n{pattern % {'value': marks.label_text(note_inp, note_of[label], note_unit)}}"
            if np.isfinite(note_of.get(label, np.nan))
            else label
            for label in labels
        ]
    positions = np.arange(len(categories))
    theme = inp.theme
    if horizontal:
        size = theme.small_size + 0.5
        max_pt = _figure_width_in(ax) * LABEL_SHARE * marks.POINTS_PER_INCH
        labels = [marks.wrap_label(label, max_pt, size) for label in labels]
        ax.set_yticks(positions, labels)
        ax.set_ylim(len(categories) - 0.5, -0.5)  # first row on top
        ax.tick_params(axis="y", length=0, pad=4)
        ax.spines["left"].set_visible(True)
        return
    ax.set_xticks(positions, labels)
    ax.set_xlim(-0.5, len(categories) - 0.5)
    ax.tick_params(axis="x", length=0, pad=4)
    step_in = _axes_width_in(ax) / max(len(categories), 1)
    if not marks.category_labels_fit(labels, step_in, theme.small_size + 0.5):
        for tick in ax.get_xticklabels():
            tick.set_rotation(45)
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")


def _axes_width_in(ax: Axes) -> float:
    return _figure_width_in(ax) * AXES_SHARE


def _figure_width_in(ax: Axes) -> float:
    figure = ax.get_figure(root=True)
    return float(figure.get_figwidth() if isinstance(figure, Figure) else inp_default_width())


def inp_default_width() -> float:
    """The A4 column width of the default theme, in inches."""
    return DEFAULT_THEME.column_width_in


def highlight_mask(inp: DrawInput) -> list[bool]:
    """Per row, whether it is the highlighted category (``options["highlight"]``: label or code)."""
    wanted = inp.options.get("highlight")
    frame = inp.frame
    if wanted is None or wanted == "":
        return [False] * len(frame)
    codes = frame["category_code"] if "category_code" in frame.columns else frame["category"]
    return [
        str(label) == str(wanted) or str(code) == str(wanted)
        for label, code in zip(frame["category"], codes, strict=True)
    ]


def reference_value(inp: DrawInput) -> float | None:
    """The reference line's value, or None when the chart has none.

    ``options["reference"]`` (a number), else the first ``value`` of the view named by
    ``options["reference_view"]`` (e.g. the national average).
    """
    value = inp.options.get("reference")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    name = inp.options.get("reference_view")
    if not name:
        return None
    frame = inp.views.get(str(name))
    if frame is None or frame.empty or "value" not in frame.columns:
        raise FigureSpecError(
            f"figure {inp.figure_id}: reference_view {name!r} is not a view with a value"
        )
    first = float(frame["value"].iloc[0])
    return first if np.isfinite(first) else None


def reference_line(ax: Axes, inp: DrawInput, *, horizontal: bool) -> None:
    """A dashed line at :func:`reference_value`, labelled with ``reference_label``."""
    value = reference_value(inp)
    if value is None:
        return
    theme = inp.theme
    line = ax.axvline if horizontal else ax.axhline
    line(float(value), color=theme.text, linewidth=0.8, linestyle=(0, (4, 3)), zorder=3)
    label = _reference_text(inp)
    if not label:
        return
    if horizontal:
        ax.annotate(
            label,
            (float(value), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=theme.small_size,
            color=theme.text,
        )
    else:
        # In the right margin, level with the line: never over a bar or its label.
        ax.annotate(
            _reference_text(inp, "\n"),
            (1.0, float(value)),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=theme.small_size,
            color=theme.text,
        )


def _reference_text(inp: DrawInput, separator: str = " ") -> str:
    msgid = inp.options.get("reference_label")
    value = reference_value(inp)
    if not msgid or value is None:
        return ""
    return f"{inp.gettext(str(msgid))}{separator}{alt.fmt(inp, float(value))}"


def reference_sentence(inp: DrawInput) -> str:
    """``The dashed line marks the national average (12.34%).`` or ""."""
    msgid = inp.options.get("reference_label")
    value = reference_value(inp)
    if not msgid or value is None:
        return ""
    return inp.gettext(MSG_REFERENCE) % {
        "label": inp.gettext(str(msgid)),
        "value": alt.fmt(inp, float(value)),
    }
