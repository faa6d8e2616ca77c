"""Quadrant charts: labelled bubbles on two cut lines, and a 2 x 2 matrix of quadrant shares.

``bubble_quadrant`` (chart c31 priority matrix, chart c38 honour value matrix). Main view
roles: ``label``, ``x``, ``y``; optional ``size`` (bubble area grows with size). Options:
    x_cut, y_cut (number or "median"): the quadrant lines (default: the medians of x and y).
    x_log, y_log (bool): logarithmic axes.
    x_range, y_range (pair of numbers): fixed axis limits (a 0–10 editorial scale), else
        the data with a margin.
    x_label, y_label (msgid): axis captions.
    x_unit, y_unit: tick format (default ``value``).
    quadrant_labels: msgids by position ``top_right``, ``top_left``, ``bottom_right``,
        ``bottom_left``, written in the quadrant corners.
    Optional view ``quadrants`` (roles ``label`` = position code, ``value`` = share): the share
    of each quadrant, printed after its name.

``quadrant_matrix`` (chart c13 growth stages, where only the shares per quadrant exist). Main
view roles ``label`` (the quadrant; its code, e.g. ``head``, from ``label_code`` when labelled)
and ``value`` (the share); options ``positions`` (code -> position, default
head/startup/scale/incubating as chart c13 places them), ``x_label``, ``y_label``,
``x_cut_label``, ``y_cut_label`` (msgids of the thresholds, printed as notes). Each tile is
shaded by its share. A per-firm scatter or a binned density (employees x patents) would need a
metric that does not exist yet; the matrix draws what ``quadrant_shares`` gives.

Withheld bubbles and shares print ``x``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.patches import Rectangle
from matplotlib.patheffects import withStroke
from matplotlib.ticker import FuncFormatter

from srdi_report.figures.alt_text import join
from srdi_report.figures.kinds import _marks as mk
from srdi_report.figures.registry import chart_kind

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.transforms import Bbox

    from srdi_report.figures.registry import DrawInput

ROLES = ("label", "x", "y")
MATRIX_ROLES = ("label", "value")
POSITIONS = ("top_right", "top_left", "bottom_right", "bottom_left")
DEFAULT_POSITIONS = {
    "head": "top_right",
    "startup": "top_left",
    "scale": "bottom_right",
    "incubating": "bottom_left",
}
MAX_BUBBLE_PT2 = 900.0  # area of the largest bubble in points²
MIN_BUBBLE_PT2 = 40.0
CORNERS = {  # (x, y, ha, va) in axes fraction
    "top_right": (0.98, 0.98, "right", "top"),
    "top_left": (0.02, 0.98, "left", "top"),
    "bottom_right": (0.98, 0.02, "right", "bottom"),
    "bottom_left": (0.02, 0.02, "left", "bottom"),
}


def _cut(draw: DrawInput, key: str, values: np.ndarray) -> float:
    value = draw.options.get(key, "median")
    if value == "median":
        known = values[~np.isnan(values)]
        return float(np.median(known)) if known.size else 0.0
    return float(value)  # type: ignore[arg-type]


def _quadrant_of(x: float, y: float, x_cut: float, y_cut: float) -> str:
    return ("top_" if y >= y_cut else "bottom_") + ("right" if x >= x_cut else "left")


def _shares(draw: DrawInput) -> dict[str, float]:
    if "quadrants" not in draw.views:
        return {}
    frame = draw.views["quadrants"]
    values = mk.floats(frame, "value")
    values[mk.withheld(frame, "value")] = np.nan
    return dict(zip(mk.codes(frame, "label"), values, strict=True))


def _corner_names(ax: Axes, draw: DrawInput, shares: Mapping[str, float]) -> None:
    names = draw.options.get("quadrant_labels")
    if not isinstance(names, Mapping):
        return
    for position, (x, y, ha, va) in CORNERS.items():
        msgid = names.get(position)
        if not msgid:
            continue
        text = draw.gettext(str(msgid))
        if position in shares:
            text += "  " + mk.number_text(shares[position], mk.SHARE, 1, draw.locale)
        ax.text(
            x,
            y,
            text,
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=draw.theme.small_size,
            color=draw.theme.note,
            fontweight="bold",
        )


def _tick(value: float, _position: object, *, unit: str, locale: str) -> str:
    return mk.axis_text(value, unit, locale)


def _axis_format(ax: Axes, draw: DrawInput) -> None:
    for axis, key in ((ax.xaxis, "x"), (ax.yaxis, "y")):
        unit = mk.opt_str(draw.options, f"{key}_unit", mk.VALUE)
        axis.set_major_formatter(FuncFormatter(partial(_tick, unit=unit, locale=draw.locale)))
    if mk.label(draw, "x_label", ""):
        ax.set_xlabel(mk.label(draw, "x_label", ""))
    if mk.label(draw, "y_label", ""):
        ax.set_ylabel(mk.label(draw, "y_label", ""))


def _place_labels(
    ax: Axes,
    draw: DrawInput,
    labels: list[str],
    xs: np.ndarray,
    ys: np.ndarray,
    areas: np.ndarray,
    hidden: np.ndarray,
) -> None:
    """Label each bubble on the first side (right, left, above, below) that overlaps no label.

    Greedy, largest bubble first: crowded small bubbles (several honours near 5%) would
    otherwise print their names on top of each other.
    """
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = ax.get_window_extent(renderer)
    placed: list[Bbox] = []
    for i in np.argsort(-areas, kind="stable"):
        if hidden[i]:
            continue
        gap = float(np.sqrt(areas[i])) / 2 + 2
        text = None
        for dx, dy, ha, va in (
            (gap, 0, "left", "center"),
            (-gap, 0, "right", "center"),
            (0, gap, "center", "bottom"),
            (0, -gap, "center", "top"),
            (gap, gap, "left", "bottom"),
            (gap, -gap, "left", "top"),
        ):
            if text is not None:
                text.remove()
            text = ax.annotate(
                labels[i],
                (xs[i], ys[i]),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=draw.theme.small_size,
                color=draw.theme.text,
                # A white halo keeps a label legible where it crosses a cut line or a bubble.
                path_effects=[withStroke(linewidth=2.4, foreground="white")],
            )
            box = text.get_window_extent(renderer).expanded(1.04, 1.1)
            inside = box.x0 >= frame.x0 and box.x1 <= frame.x1 + 4  # never clipped at the edge
            if inside and not any(box.overlaps(other) for other in placed):
                break
        if text is not None:
            placed.append(text.get_window_extent(renderer))


@chart_kind("bubble_quadrant", ROLES, alt_text=lambda draw: alt_text(draw))
def draw_bubble_quadrant(fig: Figure, draw: DrawInput) -> None:
    """Draw bubbles with direct labels, the two cut lines and the quadrant names."""
    theme = draw.theme
    frame = draw.frame
    labels = mk.texts(frame, "label")
    xs, ys = mk.floats(frame, "x"), mk.floats(frame, "y")
    hidden = mk.withheld(frame, "x") | mk.withheld(frame, "y")
    sizes = mk.floats(frame, "size") if "size" in frame else np.ones(len(frame))
    ax = fig.add_subplot()
    mk.style_axes(ax, theme, grid_axis="")
    if mk.opt_bool(draw.options, "x_log", False):
        ax.set_xscale("log")
    if mk.opt_bool(draw.options, "y_log", False):
        ax.set_yscale("log")
    x_cut, y_cut = _cut(draw, "x_cut", xs), _cut(draw, "y_cut", ys)
    big = np.nanmax(sizes) if not np.isnan(sizes).all() else 1.0
    areas = MIN_BUBBLE_PT2 + (MAX_BUBBLE_PT2 - MIN_BUBBLE_PT2) * np.nan_to_num(sizes) / (big or 1.0)
    shown = ~hidden
    colours = [
        mk.colour(theme, 0 if _quadrant_of(x, y, x_cut, y_cut) == "top_right" else 4)
        for x, y in zip(xs, ys, strict=True)
    ]
    ax.scatter(
        xs[shown],
        ys[shown],
        s=areas[shown],
        c=[c for c, s in zip(colours, shown, strict=True) if s],
        alpha=0.55,
        edgecolors="white",
        linewidths=0.8,
        zorder=3,
    )
    ax.axvline(x_cut, color=theme.muted, lw=0.8, ls=(0, (4, 3)), zorder=1)
    ax.axhline(y_cut, color=theme.muted, lw=0.8, ls=(0, (4, 3)), zorder=1)
    ax.margins(0.12)
    for key, setter in (("x_range", ax.set_xlim), ("y_range", ax.set_ylim)):
        limits = mk.opt_seq(draw.options, key)
        if len(limits) == 2:
            setter(float(limits[0]), float(limits[1]))  # type: ignore[arg-type]
    _axis_format(ax, draw)
    fig.canvas.draw()  # fix the layout first: label boxes are measured in display space
    ax.set_xlim(ax.get_xlim())
    ax.set_ylim(ax.get_ylim())
    _place_labels(ax, draw, labels, xs, ys, areas, hidden)
    _corner_names(ax, draw, _shares(draw))
    lines = []
    if hidden.any():
        names = draw.gettext(", ").join(np.array(labels)[hidden].tolist())
        lines = [
            mk.fill(draw.gettext("Not drawn (x): %(parts)s."), parts=names),
            mk.suppression_note(draw),
        ]
    mk.note(fig, draw, lines)


def alt_text(draw: DrawInput) -> str:
    """Item count, the items highest on each axis, and those high on both."""
    frame = draw.frame
    labels = mk.texts(frame, "label")
    xs, ys = mk.floats(frame, "x"), mk.floats(frame, "y")
    hidden = mk.withheld(frame, "x") | mk.withheld(frame, "y")
    xs[hidden], ys[hidden] = np.nan, np.nan
    x_cut, y_cut = _cut(draw, "x_cut", xs), _cut(draw, "y_cut", ys)
    sentences = [mk.fill(draw.gettext("Quadrant chart of %(count)s items."), count=len(labels))]
    if not np.isnan(xs).all() and not np.isnan(ys).all():
        right, up = int(np.nanargmax(xs)), int(np.nanargmax(ys))
        x_unit = mk.opt_str(draw.options, "x_unit", mk.VALUE)
        y_unit = mk.opt_str(draw.options, "y_unit", mk.VALUE)
        sentences.append(
            mk.fill(
                draw.gettext(
                    "Furthest right: %(x_item)s (%(x_value)s); highest: %(y_item)s (%(y_value)s)."
                ),
                x_item=labels[right],
                x_value=mk.number_text(xs[right], x_unit, 1, draw.locale),
                y_item=labels[up],
                y_value=mk.number_text(ys[up], y_unit, 1, draw.locale),
            )
        )
    both = [
        label
        for label, x, y in zip(labels, xs, ys, strict=True)
        if not np.isnan(x) and not np.isnan(y) and x >= x_cut and y >= y_cut
    ]
    if both:
        sentences.append(
            mk.fill(
                draw.gettext("High on both axes: %(items)s."), items=draw.gettext(", ").join(both)
            )
        )
    return join(draw, sentences)


def _matrix_cells(draw: DrawInput) -> dict[str, tuple[str, float]]:
    """Position → (quadrant name, share)."""
    frame = draw.frame
    positions = draw.options.get("positions", DEFAULT_POSITIONS)
    mapping = dict(positions) if isinstance(positions, Mapping) else DEFAULT_POSITIONS
    values = mk.floats(frame, "value")
    values[mk.withheld(frame, "value")] = np.nan
    cells = {}
    for code, name, value in zip(
        mk.codes(frame, "label"), mk.texts(frame, "label"), values, strict=True
    ):
        position = str(mapping.get(code, ""))
        if position in POSITIONS:
            cells[position] = (name, float(value))
    return cells


@chart_kind("quadrant_matrix", MATRIX_ROLES, alt_text=lambda draw: matrix_alt_text(draw))
def draw_quadrant_matrix(fig: Figure, draw: DrawInput) -> None:
    """Draw a 2 × 2 matrix: each tile names its quadrant and its share, shaded by the share."""
    theme = draw.theme
    cells = _matrix_cells(draw)
    ax = fig.add_subplot()
    ax.set_xlim(0, 2)
    ax.set_ylim(0, 2)
    ax.set_aspect("auto")
    cmap = LinearSegmentedColormap.from_list("share", list(theme.sequential))
    known = [s for _, s in cells.values() if not np.isnan(s)]
    top = max(known) if known else 1.0
    origin = {
        "top_right": (1, 1),
        "top_left": (0, 1),
        "bottom_right": (1, 0),
        "bottom_left": (0, 0),
    }
    withheld = False
    for position, (x0, y0) in origin.items():
        name, share = cells.get(position, ("", np.nan))
        if np.isnan(share):
            withheld = withheld or bool(name)
            ax.add_patch(
                Rectangle(
                    (x0, y0), 1, 1, fc="white", ec="white", lw=3, hatch=theme.suppressed_hatch
                )
            )
        else:
            shade = 0.15 + 0.7 * share / (top or 1.0)
            ax.add_patch(Rectangle((x0, y0), 1, 1, fc=cmap(shade), ec="white", lw=3))
        ink = (
            "white"
            if not np.isnan(share) and 0.15 + 0.7 * share / (top or 1.0) > 0.6
            else theme.text
        )
        ax.text(
            x0 + 0.5,
            y0 + 0.62,
            name,
            ha="center",
            va="center",
            fontsize=theme.base_size,
            fontweight="bold",
            color=ink,
        )
        ax.text(
            x0 + 0.5,
            y0 + 0.36,
            mk.number_text(share, mk.SHARE, 1, draw.locale),
            ha="center",
            va="center",
            fontsize=theme.title_size + 4,
            color=ink,
        )
    ax.set_xticks([0.5, 1.5], [draw.gettext("Low"), draw.gettext("High")])
    ax.set_yticks([0.5, 1.5], [draw.gettext("Low"), draw.gettext("High")])
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    for key, setter in (("x_label", ax.set_xlabel), ("y_label", ax.set_ylabel)):
        caption = mk.label(draw, key, "")
        if caption:
            setter(caption)
    lines = [
        draw.gettext(str(draw.options[k]))
        for k in ("x_cut_label", "y_cut_label")
        if draw.options.get(k)
    ]
    if withheld:
        lines.append(mk.suppression_note(draw))
    mk.note(fig, draw, lines)


def matrix_alt_text(draw: DrawInput) -> str:
    """Each quadrant's share, largest first."""
    cells = sorted(_matrix_cells(draw).values(), key=lambda c: -np.nan_to_num(c[1], nan=-1.0))
    parts = [
        mk.fill(
            draw.gettext("%(quadrant)s %(share)s"),
            quadrant=name,
            share=mk.number_text(share, mk.SHARE, 1, draw.locale),
        )
        for name, share in cells
    ]
    return mk.fill(
        draw.gettext("Four quadrants by share of firms: %(parts)s."),
        parts=draw.gettext(", ").join(parts),
    )
