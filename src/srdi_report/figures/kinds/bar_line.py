"""Bar + line on two axes: bars (e.g. share of all firms) left, a line with markers right.

Roles: ``category``, ``value`` (bars), and ``line`` (the line, e.g. median patents) either in
the main view or in a view named ``line`` with ``category`` and ``line`` roles, matched to the
bars by category key (two metrics: the city ranking and the city medians).
Options: ``unit`` / ``digits`` (bars), ``line_unit`` (default ``value``) / ``line_digits``
(default 0), ``value_label`` and ``line_label`` (msgids naming each axis; printed above it in
the colour of its marks, which replaces a legend), ``highlight``.

A withheld bar is an empty hatched box with ``x``; a withheld line point leaves a gap and an
``x`` on the line's axis floor.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from srdi_report.figures import alt_text as alt
from srdi_report.figures import marks
from srdi_report.figures.kinds.bar import highlight_mask
from srdi_report.figures.registry import SUPPRESSED, DrawInput, chart_kind
from srdi_report.figures.spec import FigureSpecError

MSG_CHART = "Bar and line chart"
MSG_LINE_TOP = "The line is highest for %(category)s (%(value)s)."
LINE_DEFAULT_DIGITS = 0
HEADROOM = 1.1
LINE_VIEW = "line"


def with_line(inp: DrawInput) -> DrawInput:
    """The input whose main frame has the ``line`` column (joined from the ``line`` view).

    Raises:
        FigureSpecError: neither the main view nor a ``line`` view has the line role.
    """
    if "line" in inp.frame.columns:
        return inp
    other = inp.views.get(LINE_VIEW)
    if other is None or "line" not in other.columns:
        raise FigureSpecError(
            f"figure {inp.figure_id}: kind 'bar_line' needs role line in view 'main' "
            f"or a view {LINE_VIEW!r} with roles category and line"
        )
    key = "category_code" if "category_code" in inp.frame.columns else "category"
    other_key = key if key in other.columns else "category"
    lines = other.drop_duplicates(other_key).set_index(other_key)
    frame = inp.frame.copy()
    frame["line"] = frame[key].map(lines["line"]).astype(float)
    withheld_line = frame[key].map(lines[SUPPRESSED]).fillna(False).astype(bool)
    frame[SUPPRESSED] = frame[SUPPRESSED].astype(bool) | withheld_line.to_numpy()
    return replace(inp, frame=frame)


def bar_line_alt_text(inp: DrawInput) -> str:
    """Bars' leader, the line's peak and what is withheld."""
    inp = with_line(inp)
    frame = inp.frame
    sentences = [alt.intro(inp, MSG_CHART, len(frame))]
    sentences.append(alt.ranked_headline(inp))
    line_rows = frame.loc[~frame[SUPPRESSED].astype(bool) & frame["line"].notna()]
    if not line_rows.empty:
        peak = line_rows.sort_values("line", ascending=False, kind="stable").iloc[0]
        sentences.append(
            inp.gettext(MSG_LINE_TOP)
            % {"category": peak["category"], "value": _line_text(inp, float(peak["line"]))}
        )
    sentences.append(alt.withheld_sentence(inp))
    return alt.join(inp, sentences)


@chart_kind("bar_line", ("category", "value"), bar_line_alt_text)
def draw_bar_line(figure: Figure, inp: DrawInput) -> None:
    """Draw the bars on the left axis and the line with markers on a twin right axis."""
    inp = with_line(inp)
    theme = inp.theme
    frame = inp.frame
    ax = figure.add_subplot()
    if frame.empty:
        marks.no_data(ax, inp)
        return
    right = ax.twinx()
    positions = np.arange(len(frame), dtype=float)
    values = frame["value"].to_numpy(dtype=float)
    line = frame["line"].to_numpy(dtype=float)
    withheld = frame[SUPPRESSED].to_numpy(dtype=bool)
    shown = np.isfinite(values)  # a row flagged for its line value still has its bar
    colors = [theme.highlight if h else theme.accent for h in highlight_mask(inp)]
    ax.bar(
        positions[shown],
        values[shown],
        theme.bar_width,
        color=[c for c, keep in zip(colors, shown, strict=True) if keep],
        zorder=2,
    )
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size and finite.max() > 0 else 1.0
    for position in positions[withheld & ~np.isfinite(values)]:
        length = top * marks.WITHHELD_LENGTH
        marks.withheld_box(ax, position, theme.bar_width, length, theme, horizontal=False)
    line_shown = np.where(withheld, np.nan, line)
    right.plot(
        positions,
        line_shown,
        color=theme.secondary,
        marker="o",
        markersize=theme.marker_size,
        markeredgecolor="white",
        markeredgewidth=0.6,
        zorder=4,
    )
    lines = line_shown[np.isfinite(line_shown)]
    _axes(ax, right, inp, top, float(lines.max()) if lines.size else 0.0)
    for position, bar_top in zip(positions, values, strict=True):
        if not (withheld[int(position)] and np.isnan(line_shown[int(position)])):
            continue
        # Above the bar (or on the floor without one): never over the bar's colour.
        ax.annotate(
            theme.suppressed_mark,
            (position, bar_top if np.isfinite(bar_top) else 0.0),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=theme.small_size,
            color=theme.secondary,
        )
    if withheld.any():
        marks.withheld_note(ax, inp)


def _axes(ax: Axes, right: Axes, inp: DrawInput, top: float, line_top: float) -> None:
    theme = inp.theme
    frame = inp.frame
    labels = [str(c) for c in frame["category"]]
    ax.set_xticks(np.arange(len(frame)), labels)
    ax.set_xlim(-0.5, len(frame) - 0.5)
    ax.tick_params(axis="x", length=0)
    step_in = ax.get_figure(root=True).get_figwidth() * 0.8 / max(len(frame), 1)  # type: ignore[union-attr]
    if not marks.category_labels_fit(labels, step_in, theme.small_size + 0.5):
        for tick in ax.get_xticklabels():
            tick.set_rotation(45)
            tick.set_horizontalalignment("right")
            tick.set_rotation_mode("anchor")
    marks.style_value_axis(ax, "y", inp, alt.unit_of(inp), show=True)
    ax.set_ylim(0, top * HEADROOM if top > 0 else 1.0)
    line_unit = str(inp.options.get("line_unit", "value"))
    right.yaxis.set_major_locator(marks.nice_locator())
    right.yaxis.set_major_formatter(marks.value_formatter(inp, line_unit))
    right.set_ylim(0, line_top * HEADROOM if line_top > 0 else 1.0)
    if line_top <= 0:  # every line value withheld: a scale with no points says nothing
        right.yaxis.set_ticks([])
    right.tick_params(axis="y", length=0, labelcolor=theme.secondary)
    for side in ("top", "left", "bottom"):
        right.spines[side].set_visible(False)
    right.spines["right"].set_visible(False)
    ax.tick_params(axis="y", labelcolor=theme.accent)
    for axes, msgid_key, colour, x, ha in (
        (ax, "value_label", theme.accent, 0.0, "left"),
        (right, "line_label", theme.secondary, 1.0, "right"),
    ):
        msgid = inp.options.get(msgid_key)
        if msgid:
            axes.annotate(
                inp.gettext(str(msgid)),
                (x, 1.0),
                xycoords="axes fraction",
                xytext=(0, 6),
                textcoords="offset points",
                ha=ha,
                va="bottom",
                fontsize=theme.small_size + 0.5,
                color=colour,
                fontweight="bold",
            )


def _line_text(inp: DrawInput, value: float) -> str:
    unit = str(inp.options.get("line_unit", "value"))
    digits = inp.options.get("line_digits", LINE_DEFAULT_DIGITS)
    options = {**inp.options, "unit": unit, "digits": digits}
    return alt.fmt(replace(inp, options=options), value)
