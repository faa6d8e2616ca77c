"""Heatmap: a row × column grid (industry × cluster, province × industry), colour = value.

Main view roles: ``x`` (columns), ``y`` (rows), both labels in first-appearance order, and
``value`` (the colour). Optional role ``label``: the number printed in the cell when it differs
from the colour (chart c18: colour = location quotient, label = share).

Options:
    center (number): a diverging scale centred here (1.0 for quotients); else sequential.
    min_spread (number, 0.2): the diverging scale spans at least center ± this (the
        narrative calls a quotient of 1.2 a specialisation), so small deviations stay pale.
    unit, digits: format of the printed cell numbers (``label``, else ``value``).
    value_unit (default: the metric's unit), value_digits (2): format of the colour bar ticks.
    colorbar_label (msgid): caption of the colour bar.
    annotate (bool, True): print the numbers in the cells.

A withheld cell is white with a hatch and ``x``; a cell absent from the data stays blank.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from matplotlib.colors import LinearSegmentedColormap, Normalize, TwoSlopeNorm, to_rgb
from matplotlib.patches import Rectangle

from srdi_report.figures.alt_text import digits_of, join, unit_of
from srdi_report.figures.kinds import _marks as mk
from srdi_report.figures.registry import chart_kind

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from srdi_report.figures.registry import DrawInput

ROLES = ("x", "y", "value")
DEFAULT_MIN_SPREAD = 0.2
GRID_SHARE = 0.62  # the cells take about this share of the figure width
ROW_LABEL_SHARE = 0.3
DARK_CELL = 0.45  # relative luminance below which cell text turns white
WITHHELD = -1.0  # grid code of a withheld cell (values are kept separately as NaN)


def _grid(draw: DrawInput, role: str) -> tuple[list[str], list[str], np.ndarray, np.ndarray]:
    """Rows, columns, the role's values as a matrix (NaN = absent) and the withheld mask."""
    frame = draw.frame
    rows = list(dict.fromkeys(mk.texts(frame, "y")))
    cols = list(dict.fromkeys(mk.texts(frame, "x")))
    values = np.full((len(rows), len(cols)), np.nan)
    withheld = np.zeros((len(rows), len(cols)), dtype=bool)
    mask = mk.withheld(frame, "value")
    for r, c, v, w in zip(
        mk.texts(frame, "y"), mk.texts(frame, "x"), mk.floats(frame, role), mask, strict=True
    ):
        values[rows.index(r), cols.index(c)] = np.nan if w else v
        withheld[rows.index(r), cols.index(c)] = w
    return rows, cols, values, withheld


def _luminance(rgb: tuple[float, float, float]) -> float:
    red, green, blue = rgb
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@chart_kind("heatmap", ROLES, alt_text=lambda draw: alt_text(draw))
def draw_heatmap(fig: Figure, draw: DrawInput) -> None:
    """Draw the grid with a colour bar, numbers in the cells and withheld cells hatched."""
    theme = draw.theme
    rows, cols, values, withheld = _grid(draw, "value")
    has_label = "label" in draw.frame
    labels = _grid(draw, "label")[2] if has_label else values
    center = mk.opt_float(draw.options, "center", None)
    known = values[~np.isnan(values)]
    low, high = (float(known.min()), float(known.max())) if known.size else (0.0, 1.0)
    if center is not None:
        # A floor on the spread: quotients of 0.97-1.03 must not look like strong contrasts.
        floor = mk.opt_float(draw.options, "min_spread", DEFAULT_MIN_SPREAD) or 1e-9
        spread = max(abs(high - center), abs(center - low), floor)
        norm: Normalize = TwoSlopeNorm(center, center - spread, center + spread)
        cmap = LinearSegmentedColormap.from_list("diverging", list(theme.diverging))
    else:
        norm = Normalize(low, high if high > low else low + 1.0)
        cmap = LinearSegmentedColormap.from_list("sequential", list(theme.sequential))
    ax = fig.add_subplot()
    # A vector mesh (not imshow's raster): crisp cells in the SVG, white gaps between them.
    image = ax.pcolormesh(
        np.arange(len(cols) + 1) - 0.5,
        np.arange(len(rows) + 1) - 0.5,
        np.ma.masked_invalid(values),
        cmap=cmap,
        norm=norm,
        edgecolors="white",
        linewidth=1.2,
    )
    ax.set_xlim(-0.5, len(cols) - 0.5)
    ax.set_ylim(len(rows) - 0.5, -0.5)  # first row on top
    # Column names wrap to their cell's width and row names to a third of the figure, so
    # neighbouring labels never run into each other.
    size = theme.small_size + 0.5
    width_pt = fig.get_figwidth() * mk.POINTS_PER_INCH
    cell_pt = width_pt * GRID_SHARE / max(len(cols), 1)
    ax.set_xticks(range(len(cols)), [mk.wrap(c, cell_pt * 0.92, size) for c in cols], fontsize=size)
    ax.set_yticks(
        range(len(rows)),
        [mk.wrap(r, width_pt * ROW_LABEL_SHARE, size) for r in rows],
        fontsize=size,
    )
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    unit, digits = unit_of(draw), digits_of(draw)
    annotate = mk.opt_bool(draw.options, "annotate", True)
    for r in range(len(rows)):
        for c in range(len(cols)):
            if withheld[r, c]:
                ax.add_patch(
                    Rectangle(
                        (c - 0.5, r - 0.5),
                        1,
                        1,
                        fc="white",
                        ec=theme.grid,
                        hatch=theme.suppressed_hatch,
                        lw=0.5,
                    )
                )
                mk.draw_mark(ax, c, r, theme)
            elif annotate and not np.isnan(labels[r, c]) and not np.isnan(values[r, c]):
                rgb = to_rgb(cmap(norm(values[r, c])))
                ink = "white" if _luminance(rgb) < DARK_CELL else theme.text
                text = mk.number_text(labels[r, c], unit, digits, draw.locale)
                ax.text(c, r, text, ha="center", va="center", color=ink, fontsize=theme.small_size)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.outline.set_visible(False)
    bar.ax.tick_params(labelsize=theme.small_size, length=2, color=theme.muted)
    bar_unit = mk.opt_str(draw.options, "value_unit", draw.unit or mk.VALUE)
    bar.ax.yaxis.set_major_formatter(lambda x, _pos: mk.axis_text(x, bar_unit, draw.locale))
    caption = mk.label(draw, "colorbar_label", "")
    if caption:
        bar.set_label(caption, fontsize=theme.small_size, color=theme.text)
    if withheld.any():
        mk.note(fig, draw, [mk.suppression_note(draw)])


def alt_text(draw: DrawInput) -> str:
    """Grid size, the highest cell and the lowest cell of the colour value."""
    rows, cols, values, withheld = _grid(draw, "value")
    unit = mk.opt_str(draw.options, "value_unit", draw.unit or mk.VALUE)
    digits = mk.opt_int(draw.options, "value_digits", 2)
    sentences = [
        mk.fill(
            draw.gettext("Heatmap of %(rows)s rows by %(columns)s columns."),
            rows=len(rows),
            columns=len(cols),
        )
    ]
    if not np.isnan(values).all():
        high = np.unravel_index(int(np.nanargmax(values)), values.shape)
        low = np.unravel_index(int(np.nanargmin(values)), values.shape)
        sentences.append(
            mk.fill(
                draw.gettext(
                    "Highest: %(row)s in %(column)s (%(value)s); lowest: %(low_row)s in "
                    "%(low_column)s (%(low_value)s)."
                ),
                row=rows[high[0]],
                column=cols[high[1]],
                value=mk.number_text(values[high], unit, digits, draw.locale),
                low_row=rows[low[0]],
                low_column=cols[low[1]],
                low_value=mk.number_text(values[low], unit, digits, draw.locale),
            )
        )
    if withheld.any():
        sentences.append(
            mk.fill(draw.gettext("%(count)s cells are not shown."), count=int(withheld.sum()))
        )
    return join(draw, sentences)
