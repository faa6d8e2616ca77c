"""Marks shared by the kinds: value axes, direct value labels, withheld cells, category ticks.

A withheld value (fewer than ``min_cell`` firms) is never drawn as zero and never left blank: it
is an empty hatched box with the mark ``x`` (the statistical offices' sign for "withheld"), so a
reader sees that the category exists and why it has no bar.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from typing import Any, Literal

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, MaxNLocator
from matplotlib.transforms import ScaledTranslation

from srdi_report import number_format
from srdi_report.figures.alt_text import MSG_NO_DATA, digits_of, format_value
from srdi_report.figures.registry import DrawInput
from srdi_report.figures.theme import Theme

POINTS_PER_INCH = 72.0
LATIN_WIDTH_EM = 0.56  # mean advance of a Latin letter in Noto Sans, in em
WIDE_WIDTH_EM = 1.0  # Han characters and full-width forms are one em wide
LABEL_PAD_PT = 2.5  # gap between a bar's end and its value label
VALUE_AXIS_TICKS = 5
WITHHELD_LENGTH = 0.07
MAX_BAR_IN = 0.5  # a bar is never thicker than this: three bars must not look like walls
# A white box behind a value label keeps a reference line from striking through its digits.
_LABEL_BOX = {
    "boxstyle": "square,pad=0.08",
    "facecolor": "white",
    "edgecolor": "none",
}  # a withheld box spans this fraction of the value axis


def text_width_pt(text: str, size: float) -> float:
    """Estimated width of one line of text at ``size`` points (for layout decisions only)."""
    width = 0.0
    for char in text:
        wide = unicodedata.east_asian_width(char) in ("W", "F")
        width += WIDE_WIDTH_EM if wide else LATIN_WIDTH_EM
    return width * size


def wrap_label(text: str, max_pt: float, size: float) -> str:
    """Break a category label into lines no wider than ``max_pt`` (words kept whole in Latin).

    Chinese breaks between any two characters; Latin at spaces. A single word longer than the
    line stays whole (it is never cut).
    """
    if text_width_pt(text, size) <= max_pt:
        return text
    if " " not in text:
        if any(unicodedata.east_asian_width(c) in ("W", "F") for c in text):
            return _wrap_chars(text, max_pt, size)
        # One Latin word: break only after a dash ("Beijing–Tianjin–Hebei"), never inside.
        return _wrap_words(re.split(r"(?<=[–-])", text), "", max_pt, size)
    return _wrap_words(text.split(" "), " ", max_pt, size)


def _wrap_words(words: Sequence[str], joiner: str, max_pt: float, size: float) -> str:
    lines: list[str] = []
    for word in words:
        candidate = f"{lines[-1]}{joiner}{word}" if lines else word
        if lines and text_width_pt(candidate, size) <= max_pt:
            lines[-1] = candidate
        else:
            lines.append(word)
    return "\n".join(lines)


def _wrap_chars(text: str, max_pt: float, size: float) -> str:
    lines = [""]
    for char in text:
        if lines[-1] and text_width_pt(lines[-1] + char, size) > max_pt:
            lines.append("")
        lines[-1] += char
    return "\n".join(lines)


def category_labels_fit(labels: Sequence[str], step_in: float, size: float) -> bool:
    """Whether horizontal category labels fit in a step of ``step_in`` inches each."""
    longest = max((text_width_pt(line, size) for t in labels for line in t.split("\n")), default=0)
    return longest <= step_in * POINTS_PER_INCH * 0.92


def value_formatter(inp: DrawInput, unit: str) -> FuncFormatter:
    """Tick labels of a value axis in the locale (``number_format.format_axis``)."""
    locale = inp.locale

    def tick(value: float, _position: object) -> str:
        return axis_text(float(value), locale, unit)

    return FuncFormatter(tick)


@functools.lru_cache(maxsize=4096)
def axis_text(value: float, locale: str, unit: str) -> str:
    """A tick label by ``number_format.format_axis``, remembered per process.

    Matplotlib asks for the same ticks many times per draw (layout, PNG, SVG), and each call
    of the formatter parses the Babel locale again.
    """
    return str(number_format.format_axis(value, locale, unit))


def nice_locator() -> MaxNLocator:
    """Ticks at 1, 2, 2.5 or 5 times a power of ten (never 1.5 or 3 steps)."""
    return MaxNLocator(VALUE_AXIS_TICKS, steps=[1, 2, 2.5, 5, 10], min_n_ticks=3)


def bar_thickness(theme: Theme, count: int, length_in: float, per_group: int = 1) -> float:
    """Thickness of a category's bars, in category steps.

    The theme's bar width, with each bar at most :data:`MAX_BAR_IN` thick (a group of
    ``per_group`` bars at most that many times).
    """
    step_in = length_in / max(count, 1)
    cap = MAX_BAR_IN * max(per_group, 1)
    return min(theme.bar_width, cap / step_in) if step_in > 0 else theme.bar_width


def style_value_axis(
    ax: Axes, which: Literal["x", "y"], inp: DrawInput, unit: str, *, show: bool
) -> None:
    """Light grid along the value axis, locale tick labels; hide the axis when ``show`` is off.

    With direct value labels on every bar the value axis only repeats them, so ranked bars
    hide it (``show=False``) and keep the chart quiet.
    """
    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_locator(nice_locator())
    axis.set_major_formatter(value_formatter(inp, unit))
    if show:
        ax.grid(True, axis=which)
        ax.tick_params(axis=which, length=0)
        ax.spines["left" if which == "y" else "bottom"].set_visible(False)
    else:
        axis.set_visible(False)
        ax.spines["left" if which == "y" else "bottom"].set_visible(False)


def label_text(inp: DrawInput, value: float, unit: str) -> str:
    """A direct value label: the number as the tables print it."""
    return format_value(value, unit, digits_of(inp, unit), inp.locale)


def offset_text(
    ax: Axes, x: float, y: float, text: str, dx_pt: float, dy_pt: float, **style: Any
) -> Text:
    """Text at data point (x, y) moved by (dx, dy) points.

    A plain ``Text`` on a shifted transform draws in about half the time of ``annotate`` (no
    arrow and offset-box bookkeeping); a chart of twenty bars has twenty of them.
    """
    figure = ax.get_figure(root=True)
    shift = ScaledTranslation(
        dx_pt / POINTS_PER_INCH,
        dy_pt / POINTS_PER_INCH,
        figure.dpi_scale_trans,  # type: ignore[union-attr]
    )
    return ax.text(x, y, text, transform=ax.transData + shift, **style)


def value_label(
    ax: Axes,
    position: float,
    value: float,
    text: str,
    theme: Theme,
    *,
    horizontal: bool,
    inside: bool = False,
    color: str | None = None,
    boxed: bool = False,
) -> None:
    """Write ``text`` at the end of a bar (after it, or inside it in white when ``inside``).

    ``boxed`` puts a white box behind the label, so a reference line crossing it does not
    strike through the digits (only worth its drawing cost when there is such a line).
    """
    sign = -1.0 if value < 0 else 1.0
    pad = LABEL_PAD_PT * sign * (-1.0 if inside else 1.0)
    style: dict[str, Any] = {
        "fontsize": theme.small_size,
        "color": color or ("white" if inside else theme.note),
        "zorder": 5,
    }
    if boxed and not inside:
        style["bbox"] = _LABEL_BOX
    if horizontal:
        ha = ("right" if sign > 0 else "left") if inside else ("left" if sign > 0 else "right")
        offset_text(ax, value, position, text, pad, 0.0, ha=ha, va="center", **style)
    else:
        va = ("top" if sign > 0 else "bottom") if inside else ("bottom" if sign > 0 else "top")
        offset_text(ax, position, value, text, 0.0, pad, ha="center", va=va, **style)


def withheld_box(
    ax: Axes,
    position: float,
    thickness: float,
    length: float,
    theme: Theme,
    *,
    horizontal: bool,
    label: bool = True,
) -> None:
    """An empty hatched bar of ``length`` data units with the mark ``x`` after it."""
    if horizontal:
        xy, width, height = (0.0, position - thickness / 2), length, thickness
    else:
        xy, width, height = (position - thickness / 2, 0.0), thickness, length
    ax.add_patch(
        Rectangle(
            xy,
            width,
            height,
            facecolor=theme.suppressed_fill,
            edgecolor=theme.suppressed_edge,
            hatch=theme.suppressed_hatch,
            linewidth=0.6,
            zorder=2,
        )
    )
    if label:
        if horizontal:
            ax.annotate(
                theme.suppressed_mark,
                (length, position),
                xytext=(LABEL_PAD_PT, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=theme.small_size,
                color=theme.note,
            )
        else:
            ax.annotate(
                theme.suppressed_mark,
                (position, length),
                xytext=(0, LABEL_PAD_PT),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=theme.small_size,
                color=theme.note,
            )


def no_data(ax: Axes, inp: DrawInput) -> None:
    """An empty chart: no axes, the words "No data to show." in the middle."""
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        inp.gettext(MSG_NO_DATA),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=inp.theme.base_size,
        color=inp.theme.note,
    )


def withheld_note(ax: Axes, inp: DrawInput) -> None:
    """The key to the ``x`` mark, bottom left under the axes (when something is withheld)."""
    text = inp.gettext(MSG_NOTE_WITHHELD) % {
        "mark": inp.theme.suppressed_mark,
        "min_cell": format_value(inp.min_cell, "count", 0, inp.locale),
    }
    # supxlabel, not figure.text: constrained layout reserves room for it under the axes.
    figure = ax.get_figure()
    if figure is not None:
        figure.supxlabel(
            text, x=0.0, ha="left", fontsize=inp.theme.small_size, color=inp.theme.note
        )


MSG_NOTE_WITHHELD = "%(mark)s = withheld (fewer than %(min_cell)s firms)"
NOTE_WITHHELD = MSG_NOTE_WITHHELD  # the first name, still imported by other kinds
