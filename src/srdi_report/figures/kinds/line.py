"""Line trend: a value by year (or any ordered x) per series, labelled at the line ends.

Main view roles: ``x`` (year or ordered label) and ``y`` (the value). Optional role ``series``
(label): one line per series in first-appearance order; without it, one line.

Options:
    unit, digits: value format (defaults: the metric's unit and its digits).
    axis_label (msgid): the value axis caption.
    point_labels (bool, True when there are at most 6 points per line): print every value.
    zero_based (bool, False): start the value axis at 0.

Lines are labelled directly at their right end (name and last value) instead of a legend; the
labels are nudged apart so they never overlap. A withheld point breaks its line and prints ``x``
on the x axis at that position.
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

ROLES = ("x", "y")
MSG_ROSE = "%(series)s rose from %(start)s in %(start_x)s to %(end)s in %(end_x)s."
MSG_FELL = "%(series)s fell from %(start)s in %(start_x)s to %(end)s in %(end_x)s."
MSG_SAME = "%(series)s was %(end)s in both %(start_x)s and %(end_x)s."
MAX_LABELLED_POINTS = 6
MIN_LABEL_GAP = 0.075  # end labels are at least this far apart, as a share of the value range
END_ROOM = 0.32  # extra x range on the right for the end labels, as a share of the x span


def _lines(draw: DrawInput) -> tuple[list[str], list[tuple[str, np.ndarray]]]:
    """The x labels in order and (series name, values on those x) per line; NaN = withheld."""
    frame = draw.frame
    xs = list(dict.fromkeys(mk.texts(frame, "x")))
    names = list(dict.fromkeys(mk.texts(frame, "series"))) if "series" in frame else [""]
    values = mk.floats(frame, "y")
    values[mk.withheld(frame, "y")] = np.nan
    series_of = mk.texts(frame, "series") if "series" in frame else [""] * len(frame)
    lines = []
    for name in names:
        line = np.full(len(xs), np.nan)
        for x, s, v in zip(mk.texts(frame, "x"), series_of, values, strict=True):
            if s == name:
                line[xs.index(x)] = v
        lines.append((name, line))
    return xs, lines


def _spread(targets: list[float], gap: float) -> list[float]:
    """Move label positions apart (keeping their order) so neighbours are ``gap`` apart."""
    order = np.argsort(targets)
    placed = [targets[i] for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    out = [0.0] * len(targets)
    for rank, i in enumerate(order):
        out[i] = placed[rank]
    return out


def _end_labels(ax: Axes, draw: DrawInput, lines: list[tuple[str, np.ndarray]]) -> None:
    unit, digits = unit_of(draw), digits_of(draw)
    low, high = ax.get_ylim()
    ends = []
    for index, (name, line) in enumerate(lines):
        shown = np.flatnonzero(~np.isnan(line))
        if shown.size:
            ends.append((index, name, int(shown[-1]), float(line[shown[-1]])))
    positions = _spread([e[3] for e in ends], (high - low) * MIN_LABEL_GAP)
    for (index, name, last, value), y in zip(ends, positions, strict=True):
        text = mk.number_text(value, unit, digits, draw.locale)
        label = f"{name}  {text}" if name else text
        ax.annotate(
            label,
            (last, value),
            xytext=(len(lines[0][1]) - 1 + 0.12, y),
            textcoords="data",
            va="center",
            ha="left",
            fontsize=draw.theme.small_size + 0.5,
            color=mk.colour(draw.theme, index),
            fontweight="bold",
        )


@chart_kind("line", ROLES, alt_text=lambda draw: alt_text(draw))
def draw_line(fig: Figure, draw: DrawInput) -> None:
    """Draw one line per series with markers, end labels and optional point labels."""
    theme = draw.theme
    xs, lines = _lines(draw)
    unit, digits = unit_of(draw), digits_of(draw)
    ax = fig.add_subplot()
    mk.style_axes(ax, theme)
    positions = np.arange(len(xs))
    label_points = mk.opt_bool(draw.options, "point_labels", len(xs) <= MAX_LABELLED_POINTS)
    for index, (_name, line) in enumerate(lines):
        colour = mk.colour(theme, index)
        ax.plot(
            positions,
            line,
            color=colour,
            lw=theme.line_width,
            marker="o",
            markersize=theme.marker_size,
            zorder=3,
        )
        for x, value in zip(positions, line, strict=True):
            if np.isnan(value):
                continue
            if label_points and x < len(xs) - 1:  # the end label already carries the last value
                ax.annotate(
                    mk.number_text(value, unit, digits, draw.locale),
                    (x, value),
                    xytext=(0, 6),
                    textcoords="offset points",
                    ha="center",
                    fontsize=theme.small_size,
                    color=theme.note,
                )
    known = np.concatenate([line[~np.isnan(line)] for _, line in lines])
    if known.size:
        span = float(known.max() - known.min()) or abs(float(known.max())) or 1.0
        low = 0.0 if mk.opt_bool(draw.options, "zero_based", False) else known.min() - 0.15 * span
        ax.set_ylim(min(low, 0.0) if known.min() < 0 else low, known.max() + 0.15 * span)
    ax.set_xticks(positions, xs)
    ax.set_xlim(-0.3, len(xs) - 1 + max(END_ROOM * max(len(xs) - 1, 1), 0.9))
    ax.yaxis.set_major_formatter(lambda y, _pos: mk.axis_text(y, unit, draw.locale))
    caption = mk.label(draw, "axis_label", "")
    if caption:
        ax.set_ylabel(caption)
    _end_labels(ax, draw, lines)
    withheld = False
    for index, (_name, line) in enumerate(lines):
        for x in np.flatnonzero(np.isnan(line)):
            withheld = True
            mk.draw_mark(
                ax, float(x), ax.get_ylim()[0], theme, va="bottom", color=mk.colour(theme, index)
            )
    if withheld:
        mk.note(fig, draw, [mk.suppression_note(draw)])


def alt_text(draw: DrawInput) -> str:
    """Per line: first and last value and the direction of change."""
    xs, lines = _lines(draw)
    unit, digits = unit_of(draw), digits_of(draw)
    sentences = [
        mk.fill(draw.gettext("Line chart from %(first)s to %(last)s."), first=xs[0], last=xs[-1])
    ]
    for name, line in lines:
        shown = np.flatnonzero(~np.isnan(line))
        who = name or draw.gettext("The value")
        if shown.size < 2:
            sentences.append(
                mk.fill(draw.gettext("%(series)s: not enough values shown."), series=who)
            )
            continue
        first, last = line[shown[0]], line[shown[-1]]
        msgid = MSG_ROSE if last > first else MSG_FELL if last < first else MSG_SAME
        sentences.append(
            mk.msg(
                draw,
                msgid,
                series=who,
                start=mk.number_text(first, unit, digits, draw.locale),
                start_x=xs[shown[0]],
                end=mk.number_text(last, unit, digits, draw.locale),
                end_x=xs[shown[-1]],
            )
        )
    return join(draw, sentences)
