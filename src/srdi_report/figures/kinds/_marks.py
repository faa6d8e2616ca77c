"""Marks shared by the advanced chart kinds: suppressed cells, number text, notes and options.

A suppressed statistic arrives as NaN (the metrics engine withheld it below ``min_cell``). Every
kind shows it as the mark ``x`` in the muted colour, never as a zero or a gap a reader could take
for a zero, and adds one note saying what ``x`` means (city_edition.md §5).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.layout_engine import ConstrainedLayoutEngine

from srdi_report.figures.marks import text_width_pt
from srdi_report.figures.registry import SUPPRESSED
from srdi_report.number_format import format_axis, format_number

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from srdi_report.figures.registry import DrawInput
    from srdi_report.figures.theme import Theme

SUPPRESSED_MARK = "x"  # the theme's default mark; number text has no theme at hand
# The same msgid as the bar kinds' note (figures/marks.py), so one translation serves both.
MSG_NOTE_WITHHELD = "%(mark)s = withheld (fewer than %(min_cell)s firms)"
CODE_SUFFIX = "_code"  # the factory keeps a labelled role's key in ``<role>_code``
NOTE_Y = 0.01  # figure fraction of the note baseline: clear of the axes' lower edge
POINTS_PER_INCH = 72.0
BOXED_SHARE = 0.75  # a boxed note's text spans at most this share of the chart's width
IN_CARD = "_in_card"  # option set by the city card: its footer carries the notes of its panels
LINE_SPACING = 1.35
# Chinese lines break between characters, but a Latin or number run stays whole
WIDE_TOKENS = re.compile(r"[0-9A-Za-z.,%<>≥≤+/&_-]+|\s+|.")
NO_LINE_START = frozenset("，。、；：？！）》”’,.;:?!)%")
NOTE_PAD_PT = 6.0

# Units a kind may print (number_format.format_number's kinds): ``share`` is a fraction shown as
# a percent, ``pp`` a difference of fractions shown in points.
SHARE = "share"
COUNT = "count"
VALUE = "value"


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas NA: the value was withheld or does not exist."""
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def number_text(value: object, unit: str, digits: int, locale: str) -> str:
    """Format a value for a chart label; a withheld value prints the suppression mark."""
    if is_missing(value):
        return SUPPRESSED_MARK
    return _number_text(float(value), unit, digits, locale)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=8192)
def _number_text(value: float, unit: str, digits: int, locale: str) -> str:
    # Remembered per process: each Babel call parses its locale again (most of a label's cost).
    return format_number(value, unit, digits, locale)


def axis_text(value: float, unit: str, locale: str) -> str:
    """A tick label in the locale (``number_format.format_axis``: 10%, 1.5M, wan in zh)."""
    return _axis_text(float(value), unit, locale)


@functools.lru_cache(maxsize=8192)
def _axis_text(value: float, unit: str, locale: str) -> str:
    # Matplotlib formats the same ticks many times per figure (layout passes, PNG, SVG).
    return str(format_axis(value, locale, unit))


def msg(draw: DrawInput, msgid: str, **values: object) -> str:
    """Translate a msgid held in a variable (an option) and fill its ``%(name)s`` placeholders.

    Literal msgids go through ``fill(draw.gettext("..."), ...)`` instead, so that the catalog
    extractor (``tools/catalogs.py``, gettext keyword calls) finds them.
    """
    return fill(draw.gettext(msgid), **values)


def fill(text: str, **values: object) -> str:
    """Fill the ``%(name)s`` placeholders of an already translated text."""
    return text % values if values else text


def N_(message: str) -> str:  # noqa: N802 (the gettext convention the extractor looks for)
    """Mark a msgid for extraction without translating it (an option's default)."""
    return message


def text_of(draw: DrawInput, item: object) -> str:
    """An option text in the locale.

    A ``{"en": …, "zh": …}`` mapping (bilingual content, e.g. a content CSV's two columns)
    picks its language; anything else is a msgid, translated.
    """
    if isinstance(item, Mapping):
        return str(item.get("en" if draw.locale.lower().startswith("en") else "zh", ""))
    return draw.gettext(str(item)) if item else ""


def label(draw: DrawInput, key: str, default: str) -> str:
    """An option holding a message id (axis label, series label), translated; default if unset."""
    value = draw.options.get(key, default)
    return draw.gettext(str(value)) if value else ""


def opt_float(options: Mapping[str, object], key: str, default: float | None) -> float | None:
    """A numeric option, or ``default`` when the spec does not set it."""
    value = options.get(key)
    return default if value is None else float(value)  # type: ignore[arg-type]


def opt_int(options: Mapping[str, object], key: str, default: int) -> int:
    """An integer option (digits, top n), or ``default``."""
    value = options.get(key)
    return default if value is None else int(value)  # type: ignore[call-overload]


def opt_bool(options: Mapping[str, object], key: str, default: bool) -> bool:
    """A flag option, or ``default``."""
    value = options.get(key)
    return default if value is None else bool(value)


def opt_str(options: Mapping[str, object], key: str, default: str) -> str:
    """A text option (a unit, a mode), or ``default``."""
    value = options.get(key)
    return default if value is None else str(value)


def opt_seq(options: Mapping[str, object], key: str) -> tuple[object, ...]:
    """A list option (reference lines, notes), or an empty tuple."""
    value = options.get(key)
    if value is None:
        return ()
    if isinstance(value, Sequence) and not isinstance(value, str):
        return tuple(value)
    return (value,)


def floats(frame: pd.DataFrame, role: str) -> np.ndarray:
    """A role column as float64, NaN for withheld or missing cells."""
    return pd.to_numeric(frame[role], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def texts(frame: pd.DataFrame, role: str) -> list[str]:
    """A label role as text (codes already replaced by the factory)."""
    return [str(item) for item in frame[role].tolist()]


def codes(frame: pd.DataFrame, role: str) -> list[str]:
    """The keys behind a role: ``<role>_code`` when the factory labelled it, else the role."""
    column = role + CODE_SUFFIX if role + CODE_SUFFIX in frame else role
    return [str(item).strip().lower() for item in frame[column].tolist()]


def withheld(frame: pd.DataFrame, role: str) -> np.ndarray:
    """Rows to draw as withheld: flagged ``suppressed`` by the factory, or NaN in ``role``."""
    mask: np.ndarray = np.isnan(floats(frame, role))
    if SUPPRESSED in frame:
        mask |= frame[SUPPRESSED].fillna(False).to_numpy(dtype=bool)
    return mask


def colour(theme: Theme, index: int) -> str:
    """The ``index``-th palette colour, cycling."""
    return theme.palette[index % len(theme.palette)]


def style_axes(ax: Axes, theme: Theme, *, grid_axis: str = "y") -> None:
    """The house look: light grid behind the data, no top or right spine, muted ticks."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(theme.muted)
    ax.tick_params(colors=theme.text, labelsize=theme.small_size, length=2.5, width=0.6)
    if grid_axis:
        ax.grid(axis=grid_axis, color=theme.grid, linewidth=0.6)  # type: ignore[arg-type]
        ax.set_axisbelow(True)


def draw_mark(ax: Axes, x: float, y: float, theme: Theme, **text_kw: object) -> None:
    """The suppression mark at data coordinates ``(x, y)``."""
    kw: dict[str, object] = {
        "ha": "center",
        "va": "center",
        "color": theme.note,
        "fontsize": theme.base_size,
        "fontweight": "bold",
    }
    kw.update(text_kw)
    ax.text(x, y, theme.suppressed_mark, **kw)  # type: ignore[arg-type]


def note_height(fig: Figure, draw: DrawInput, count: int) -> float:
    """Figure fraction that ``count`` note lines take at the bottom (0 without notes)."""
    if count == 0:
        return 0.0
    height_pt = float(fig.get_window_extent().height) * POINTS_PER_INCH / float(fig.dpi)
    return (count * draw.theme.small_size * LINE_SPACING + NOTE_PAD_PT) / height_pt


def note(fig: Figure, draw: DrawInput, lines: Sequence[str]) -> None:
    """Notes under the plot, left-aligned, in the small size (one line each).

    Constrained layout does not see figure texts, so the layout rectangle is raised by the
    notes' height: the axes and their tick labels stay clear of them.
    """
    if not lines or draw.options.get(IN_CARD):
        return
    reserve = note_height(fig, draw, len(lines))
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0.0, reserve, 1.0, 1.0 - reserve))
    fig.text(
        0.01,
        NOTE_Y,
        "\n".join(lines),
        ha="left",
        va="bottom",
        color=draw.theme.note,
        fontsize=draw.theme.small_size,
    )


def suppression_note(draw: DrawInput) -> str:
    """The key to the ``x`` mark, with the figure's ``min_cell`` (the msgid the bar kinds use)."""
    return msg(
        draw,
        MSG_NOTE_WITHHELD,
        mark=draw.theme.suppressed_mark,
        min_cell=format_number(draw.min_cell, COUNT, 0, draw.locale),
    )


def boxed_note(ax: Axes, text: str, theme: Theme) -> None:
    """Replace a chart by a boxed note in the same frame (every series withheld)."""
    ax.set_axis_off()
    # Wrap by hand: matplotlib's wrap=True wraps at the figure edge, not the axes frame.
    width_pt = float(ax.get_window_extent().width) * POINTS_PER_INCH / float(ax.figure.dpi)
    ax.text(
        0.5,
        0.5,
        wrap(text, width_pt * BOXED_SHARE, theme.base_size),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=theme.text,
        fontsize=theme.base_size,
        bbox={"boxstyle": "round,pad=0.8", "fc": "white", "ec": theme.muted, "lw": 0.8},
    )


def all_suppressed_text(draw: DrawInput) -> str:
    """The boxed note's text when nothing of a chart can be shown."""
    return fill(
        draw.gettext(
            "Not shown: fewer than %(min_cell)d firms, to avoid disclosing individual firms."
        ),
        min_cell=draw.min_cell,
    )


def text_width(text: str, size: float) -> float:
    """Estimated width of ``text`` in points at ``size`` (Han characters are one em wide)."""
    return text_width_pt(text, size)


def wrap(text: str, max_pt: float, size: float) -> str:
    """Break ``text`` into lines no wider than ``max_pt`` at ``size`` points.

    Latin text breaks at spaces, a Latin word without spaces only after a dash (never inside).
    Chinese text breaks between characters, which is how Chinese is set, but keeps a run of
    Latin letters and digits whole ("PCT", "200") and never starts a line with closing
    punctuation. A single word wider than the line stays whole.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        tokens, joiner = _tokens(paragraph)
        line = ""
        for token in tokens:
            candidate = f"{line}{joiner}{token}" if line else token.lstrip()
            fits = text_width_pt(candidate, size) <= max_pt
            if line and not fits and not token.isspace() and token not in NO_LINE_START:
                lines.append(line.rstrip())
                line = token
            else:
                line = candidate
        lines.append(line.rstrip())
    return "\n".join(lines)


def _tokens(paragraph: str) -> tuple[list[str], str]:
    """The units a line may break between, and what joins them."""
    if any(unicodedata.east_asian_width(c) in ("W", "F") for c in paragraph):
        return WIDE_TOKENS.findall(paragraph), ""
    if " " in paragraph:
        return paragraph.split(" "), " "
    return [t for t in re.split(r"(?<=[–-])", paragraph) if t], ""
