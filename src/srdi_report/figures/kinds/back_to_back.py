"""Back-to-back (butterfly) bars: one distribution by band on the left, another on the right.

Main view roles: ``category`` (band label, rows top → bottom in first-appearance order),
``series`` (the two compared groups: national and provincial, scope and benchmark) and ``value``.

Options:
    left, right: the series codes drawn on each side (chart c05: ``left="provincial"``,
        ``right="national"``); codes are read from ``series_code`` when the role is labelled.
    first_side ("right"), used without ``left``/``right``: the series met first goes there.
    unit (default: the metric's unit), digits (default 2 for shares): value label format.
    axis_label (msgid): the value axis caption under both halves ("Share of firms").

Both halves share one scale, so equal bars mean equal values. A withheld value prints ``x`` at
the spine of its half.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from srdi_report.figures.alt_text import digits_of, join, unit_of
from srdi_report.figures.kinds import _marks as mk
from srdi_report.figures.registry import chart_kind

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from srdi_report.figures.registry import DrawInput

ROLES = ("category", "series", "value")
HEADROOM = 1.28  # the longest bar leaves room for its value label
LABEL_GAP = 0.015  # gap between a bar end and its label, as a share of the scale


def _halves(draw: DrawInput) -> tuple[tuple[str, dict[str, float]], tuple[str, dict[str, float]]]:
    """(left name, category → value), (right name, category → value); NaN marks withheld."""
    frame = draw.frame
    codes = mk.codes(frame, "series")
    names = dict(zip(codes, mk.texts(frame, "series"), strict=True))
    order = list(names)
    left, right = draw.options.get("left"), draw.options.get("right")
    if left is not None and right is not None:
        order = [str(left).lower(), str(right).lower()]
    else:
        while len(order) < 2:
            order.append("")
        if mk.opt_str(draw.options, "first_side", "right") == "right":
            order = [order[1], order[0]]
    values = mk.floats(frame, "value")
    values[mk.withheld(frame, "value")] = np.nan
    halves = []
    for code in order[:2]:
        rows = {
            c: float(v)
            for c, s, v in zip(mk.texts(frame, "category"), codes, values, strict=True)
            if s == code
        }
        halves.append((names.get(code, ""), rows))
    return halves[0], halves[1]


def _half(ax: Axes, draw: DrawInput, values: list[float], scale: float, index: int) -> None:
    theme = draw.theme
    unit, digits = unit_of(draw), digits_of(draw)
    rows = np.arange(len(values))
    heights = [0.0 if np.isnan(v) else v for v in values]
    ax.barh(rows, heights, height=theme.bar_width, color=mk.colour(theme, index), lw=0)
    for row, value in zip(rows.tolist(), values, strict=True):
        if np.isnan(value):
            mk.draw_mark(ax, scale * LABEL_GAP * 2, row, theme, ha="left")
            continue
        text = mk.number_text(value, unit, digits, draw.locale)
        ax.text(
            value + scale * LABEL_GAP,
            row,
            text,
            va="center",
            ha="left",
            fontsize=theme.small_size,
            color=theme.note,
        )
    ax.set_xlim(0, scale)
    ax.set_ylim(len(values) - 0.5, -0.5)
    ax.set_yticks([])
    mk.style_axes(ax, theme, grid_axis="x")
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_formatter(lambda x, _pos: mk.axis_text(x, unit, draw.locale))


@chart_kind("back_to_back", ROLES, alt_text=lambda draw: alt_text(draw))
def draw_back_to_back(fig: Figure, draw: DrawInput) -> None:
    """Draw the two halves on one scale with the band labels in a centre column."""
    theme = draw.theme
    (left_name, left), (right_name, right) = _halves(draw)
    categories = list(dict.fromkeys(mk.texts(draw.frame, "category")))
    left_values = [left.get(c, np.nan) for c in categories]
    right_values = [right.get(c, np.nan) for c in categories]
    known = [v for v in (*left_values, *right_values) if not np.isnan(v)]
    scale = (max(known) if known else 1.0) * HEADROOM or 1.0
    grid = fig.add_gridspec(1, 3, width_ratios=(1.0, 0.30, 1.0), wspace=0.0)
    ax_left, ax_mid, ax_right = (fig.add_subplot(grid[0, i]) for i in range(3))
    _half(ax_left, draw, left_values, scale, 1)
    ax_left.invert_xaxis()
    for text in ax_left.texts:  # labels of the mirrored half read outwards, to the left
        text.set_horizontalalignment("right")
    _half(ax_right, draw, right_values, scale, 0)
    ax_mid.set_axis_off()
    ax_mid.set_ylim(len(categories) - 0.5, -0.5)
    for row, name in enumerate(categories):
        ax_mid.text(
            0.5,
            row,
            name,
            ha="center",
            va="center",
            fontsize=theme.small_size + 0.5,
            color=theme.text,
        )
    for ax, name, index in ((ax_left, left_name, 1), (ax_right, right_name, 0)):
        ax.set_title(
            name,
            color=mk.colour(theme, index),
            fontsize=theme.base_size,
            fontweight="bold",
            loc="center",
        )
    axis_label = mk.label(draw, "axis_label", "")
    if axis_label:
        fig.supxlabel(axis_label, fontsize=theme.small_size + 0.5, color=theme.text)
    if any(np.isnan(v) for v in (*left_values, *right_values)):
        mk.note(fig, draw, [mk.suppression_note(draw)])


def alt_text(draw: DrawInput) -> str:
    """Each side's largest band and its value; then what is withheld."""
    unit, digits = unit_of(draw), digits_of(draw)
    sentences = []
    for name, values in _halves(draw):
        known = {c: v for c, v in values.items() if not np.isnan(v)}
        if not known:
            sentences.append(mk.fill(draw.gettext("%(series)s: not shown."), series=name))
            continue
        top = max(known, key=lambda c: known[c])
        sentences.append(
            mk.fill(
                draw.gettext("%(series)s: the largest band is %(category)s (%(value)s)."),
                series=name,
                category=top,
                value=mk.number_text(known[top], unit, digits, draw.locale),
            )
        )
    return join(draw, sentences)
