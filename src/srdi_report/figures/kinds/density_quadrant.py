"""Density quadrant: a 2-D binned density of firms on log axes, two cut lines, quadrant shares.

Chart c13 (growth stages, national_report.md: "a 2-D hexbin … cut lines at the two thresholds,
each quadrant labelled with its name and share"). The figure never sees a firm: the metric
(``scale_innovation_grid``) counts firms per cell of fixed edges and withholds sparse cells.

Main view roles: ``x_lower``, ``x_upper``, ``y_lower``, ``y_upper`` (cell edges; a cell from 0
holds the zeros) and ``value`` (share of firms in the cell). Cells are shaded on a log colour
scale; a withheld cell is drawn light grey (it holds fewer than ``min_cell`` firms).

Optional view ``quadrants`` (roles ``label``, labelled so its code stays in ``label_code``, and
``value`` = share): each quadrant's name and share in its corner.

Options:
    x_cut, y_cut (number): the quadrant thresholds ("more than" the cut is high).
    positions: quadrant code -> corner (default head / startup / scale / incubating).
    x_label, y_label, colour_label (msgid): axis and colour-bar captions.
    x_cut_label, y_cut_label (msgid): the threshold rules, printed as notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import LinearSegmentedColormap, LogNorm
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from srdi_report.figures.alt_text import join
from srdi_report.figures.kinds import _marks as mk
from srdi_report.figures.kinds.bubble_quadrant import CORNERS, DEFAULT_POSITIONS, POSITIONS
from srdi_report.figures.registry import chart_kind

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from srdi_report.figures.registry import DrawInput

ROLES = ("x_lower", "x_upper", "y_lower", "y_upper", "value")
# symlog: values below 1 (the zero cell) on a linear stretch as wide as a quarter decade,
# the width of one log cell, so the zero row and column look like the other cells
LINEAR_THRESHOLD = 1.0
LINEAR_SCALE = 0.25
WITHHELD_FILL = "#D9DEE3"
MIN_SHADE = 0.12  # the lightest cell stays visible on white


def _ticks(lower: float, upper: float) -> list[float]:
    """1, 10, … up to the largest edge, after 0 when a cell starts at zero."""
    top = int(np.floor(np.log10(max(upper, 1.0))))
    powers = [10.0**k for k in range(top + 1)]
    return [0.0, *powers[1:]] if lower <= 0 else powers


def _cells(draw: DrawInput) -> tuple[np.ndarray, np.ndarray]:
    """Edges (n × 4: x0, x1, y0, y1) and shares (NaN = withheld) of the main view."""
    frame = draw.frame
    edges = np.column_stack(
        [mk.floats(frame, role) for role in ("x_lower", "x_upper", "y_lower", "y_upper")]
    )
    shares = mk.floats(frame, "value")
    shares[mk.withheld(frame, "value")] = np.nan
    return edges, shares


def _quadrants(draw: DrawInput) -> dict[str, tuple[str, float]]:
    """Corner → (quadrant name, share) from the ``quadrants`` view."""
    if "quadrants" not in draw.views:
        return {}
    frame = draw.views["quadrants"]
    positions = draw.options.get("positions", DEFAULT_POSITIONS)
    mapping = dict(positions) if isinstance(positions, Mapping) else DEFAULT_POSITIONS
    values = mk.floats(frame, "value")
    values[mk.withheld(frame, "value")] = np.nan
    out = {}
    for code, name, value in zip(
        mk.codes(frame, "label"), mk.texts(frame, "label"), values, strict=True
    ):
        position = str(mapping.get(code, ""))
        if position in POSITIONS:
            out[position] = (name, float(value))
    return out


def _format_axis(ax: Axes, draw: DrawInput, edges: np.ndarray) -> None:
    for axis, scale, limits, low, high in (
        (ax.xaxis, ax.set_xscale, ax.set_xlim, edges[:, 0], edges[:, 1]),
        (ax.yaxis, ax.set_yscale, ax.set_ylim, edges[:, 2], edges[:, 3]),
    ):
        lower = float(np.nanmin(low, initial=1.0)) if low.size else 1.0
        upper = float(np.nanmax(high, initial=10.0))
        scale("symlog", linthresh=LINEAR_THRESHOLD, linscale=LINEAR_SCALE)
        axis.set_major_locator(FixedLocator(_ticks(lower, upper)))
        axis.set_minor_locator(NullLocator())
        axis.set_major_formatter(
            FuncFormatter(lambda v, _p: mk.axis_text(v, mk.VALUE, draw.locale))
        )
        limits(0.0 if lower <= 0 else 1.0, upper)
    for key, setter in (("x_label", ax.set_xlabel), ("y_label", ax.set_ylabel)):
        caption = mk.label(draw, key, "")
        if caption:
            setter(caption)


@chart_kind("density_quadrant", ROLES, alt_text=lambda draw: alt_text(draw))
def draw_density_quadrant(fig: Figure, draw: DrawInput) -> None:
    """Shade each cell by its share, draw the cut lines and name the quadrants in the corners."""
    theme = draw.theme
    edges, shares = _cells(draw)
    ax = fig.add_subplot()
    mk.style_axes(ax, theme, grid_axis="")
    cmap = LinearSegmentedColormap.from_list("density", list(theme.sequential[1:]))
    known = shares[~np.isnan(shares) & (shares > 0)]
    norm = LogNorm(
        vmin=float(known.min()) if known.size else 1e-4,
        vmax=float(known.max()) if known.size else 1.0,
    )
    for (x0, x1, y0, y1), share in zip(edges, shares, strict=True):
        face = WITHHELD_FILL if np.isnan(share) else cmap(max(MIN_SHADE, norm(share)))
        ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fc=face, ec="none", zorder=1))
    _format_axis(ax, draw, edges)
    x_cut = mk.opt_float(draw.options, "x_cut", None)
    y_cut = mk.opt_float(draw.options, "y_cut", None)
    if x_cut is not None:
        ax.axvline(x_cut, color=theme.text, lw=0.9, ls=(0, (4, 3)), zorder=3)
    if y_cut is not None:
        ax.axhline(y_cut, color=theme.text, lw=0.9, ls=(0, (4, 3)), zorder=3)
    for position, (name, share) in _quadrants(draw).items():
        x, y, ha, va = CORNERS[position]
        ax.text(
            x,
            y,
            f"{name}\n{mk.number_text(share, mk.SHARE, 1, draw.locale)}",
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=theme.small_size + 0.5,
            color=theme.text,
            fontweight="bold",
            zorder=4,
            linespacing=1.25,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "none", "alpha": 0.85},
        )
    bar = fig.colorbar(
        mappable_of(cmap, norm), ax=ax, fraction=0.035, pad=0.02, aspect=30, shrink=0.9
    )
    bar.outline.set_visible(False)
    bar.ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _p: mk.axis_text(v, mk.SHARE, draw.locale))
    )
    bar.ax.yaxis.set_minor_locator(NullLocator())
    bar.ax.tick_params(labelsize=theme.small_size, length=2)
    caption = mk.label(draw, "colour_label", "")
    if caption:
        bar.set_label(caption, fontsize=theme.small_size)
    lines = [
        draw.gettext(str(draw.options[k]))
        for k in ("x_cut_label", "y_cut_label")
        if draw.options.get(k)
    ]
    if np.isnan(shares).any():
        lines.append(
            mk.fill(
                draw.gettext("Grey cells: fewer than %(min_cell)s firms, not shaded."),
                min_cell=mk.number_text(draw.min_cell, mk.COUNT, 0, draw.locale),
            )
        )
    mk.note(fig, draw, lines)


def mappable_of(cmap: LinearSegmentedColormap, norm: LogNorm) -> ScalarMappable:
    """A scalar mappable for the colour bar (the cells are patches, not an image)."""
    return ScalarMappable(norm=norm, cmap=cmap)


def alt_text(draw: DrawInput) -> str:
    """Quadrant shares, largest first, and the densest cell with its ranges."""
    edges, shares = _cells(draw)
    sentences = []
    quadrants = sorted(_quadrants(draw).values(), key=lambda c: -np.nan_to_num(c[1], nan=-1.0))
    if quadrants:
        parts = [
            mk.fill(
                draw.gettext("%(quadrant)s %(share)s"),
                quadrant=name,
                share=mk.number_text(share, mk.SHARE, 1, draw.locale),
            )
            for name, share in quadrants
        ]
        sentences.append(
            mk.fill(
                draw.gettext("Four quadrants by share of firms: %(parts)s."),
                parts=draw.gettext(", ").join(parts),
            )
        )
    if not np.isnan(shares).all():
        top = int(np.nanargmax(shares))
        x0, x1, y0, y1 = edges[top]
        sentences.append(
            mk.fill(
                draw.gettext(
                    "The densest cell holds %(share)s of firms: %(x_label)s %(x_low)s–%(x_high)s, "
                    "%(y_label)s %(y_low)s–%(y_high)s."
                ),
                share=mk.number_text(shares[top], mk.SHARE, 1, draw.locale),
                x_label=mk.label(draw, "x_label", ""),
                x_low=mk.number_text(x0, mk.VALUE, 0, draw.locale),
                x_high=mk.number_text(x1, mk.VALUE, 0, draw.locale),
                y_label=mk.label(draw, "y_label", ""),
                y_low=mk.number_text(y0, mk.VALUE, 0, draw.locale),
                y_high=mk.number_text(y1, mk.VALUE, 0, draw.locale),
            )
        )
    if not sentences:
        sentences.append(draw.gettext("No data to show."))
    return join(draw, sentences)
