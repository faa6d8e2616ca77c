"""Donut: the parts of one whole (at most about six), labelled outside with name and value.

Main view roles: ``category`` (label, in order, clockwise from the top) and ``value`` (a share of
the whole or a count; the ring is drawn from the values as given).

Options:
    unit, digits: label format (defaults: the metric's unit and its digits).
    center_label (msgid): text in the hole (e.g. "Firms"); with ``center_value`` (number) the
        number is printed above it.

A withheld part cannot be drawn to size: it is left out of the ring and listed under the chart
with ``x``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from srdi_report.figures.alt_text import digits_of, join, unit_of
from srdi_report.figures.kinds import _marks as mk
from srdi_report.figures.registry import chart_kind

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from srdi_report.figures.registry import DrawInput

ROLES = ("category", "value")
RING_WIDTH = 0.36
LABEL_RADIUS = 1.16
MIN_LABEL_GAP = 0.13  # vertical gap between outside labels on one side (axes units)


def _parts(draw: DrawInput) -> tuple[list[str], np.ndarray]:
    frame = draw.frame
    values = mk.floats(frame, "value")
    values[mk.withheld(frame, "value")] = np.nan
    return mk.texts(frame, "category"), values


def _spread(ys: list[float]) -> list[float]:
    """Push labels on one side apart, top to bottom, keeping their order."""
    order = sorted(range(len(ys)), key=lambda i: -ys[i])
    placed = dict.fromkeys(range(len(ys)), 0.0)
    previous = math.inf
    for i in order:
        y = min(ys[i], previous - MIN_LABEL_GAP)
        placed[i] = y
        previous = y
    return [placed[i] for i in range(len(ys))]


@chart_kind("donut", ROLES, alt_text=lambda draw: alt_text(draw))
def draw_donut(fig: Figure, draw: DrawInput) -> None:
    """Draw the ring clockwise from the top with outside labels and an optional centre text."""
    theme = draw.theme
    names, values = _parts(draw)
    shown = ~np.isnan(values) & (np.nan_to_num(values) > 0)
    ax = fig.add_subplot()
    ax.set_aspect("equal")
    ax.set_axis_off()
    if not shown.any():
        mk.boxed_note(ax, mk.all_suppressed_text(draw), theme)
        return
    colours = [mk.colour(theme, i) for i in range(len(names))]
    wedges, _ = ax.pie(
        values[shown],
        colors=[c for c, s in zip(colours, shown, strict=True) if s],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": RING_WIDTH, "edgecolor": "white", "linewidth": 1.2},
    )
    unit, digits = unit_of(draw), digits_of(draw)
    labels = [n for n, s in zip(names, shown, strict=True) if s]
    numbers = [v for v, s in zip(values, shown, strict=True) if s]
    anchors = []
    for wedge in wedges:
        angle = math.radians((wedge.theta1 + wedge.theta2) / 2)
        anchors.append((math.cos(angle), math.sin(angle)))
    for side in (1, -1):
        members = [i for i, (x, _) in enumerate(anchors) if (x >= 0) == (side == 1)]
        ys = _spread([anchors[i][1] * LABEL_RADIUS for i in members])
        for i, y in zip(members, ys, strict=True):
            x, y0 = anchors[i]
            text = f"{labels[i]}  {mk.number_text(numbers[i], unit, digits, draw.locale)}"
            ax.annotate(
                text,
                (x * 1.02, y0 * 1.02),
                xytext=(side * (LABEL_RADIUS + 0.05), y),
                textcoords="data",
                ha="left" if side == 1 else "right",
                va="center",
                fontsize=theme.small_size + 0.5,
                color=theme.text,
                arrowprops={
                    "arrowstyle": "-",
                    "color": theme.muted,
                    "lw": 0.6,
                    "shrinkA": 0,
                    "shrinkB": 2,
                },
            )
    centre = mk.label(draw, "center_label", "")
    centre_value = mk.opt_float(draw.options, "center_value", None)
    if centre_value is not None:
        ax.text(
            0,
            0.08,
            mk.number_text(centre_value, mk.COUNT, 0, draw.locale),
            ha="center",
            va="center",
            fontsize=theme.title_size + 2,
            fontweight="bold",
            color=theme.text,
        )
    if centre:
        ax.text(
            0,
            -0.12 if centre_value is not None else 0,
            centre,
            ha="center",
            va="center",
            fontsize=theme.small_size + 0.5,
            color=theme.note,
        )
    ax.set_xlim(-2.1, 2.1)
    ax.set_ylim(-1.3, 1.3)
    hidden = [n for n, v in zip(names, values, strict=True) if np.isnan(v)]
    if hidden:
        listed = draw.gettext(", ").join(hidden)
        mk.note(
            fig,
            draw,
            [
                mk.fill(draw.gettext("Not drawn (x): %(parts)s."), parts=listed),
                mk.suppression_note(draw),
            ],
        )


def alt_text(draw: DrawInput) -> str:
    """The number of parts, the largest two with their values, and withheld parts."""
    names, values = _parts(draw)
    unit, digits = unit_of(draw), digits_of(draw)
    order = [
        i
        for i in np.argsort(-np.nan_to_num(values, nan=-np.inf), kind="stable")
        if not np.isnan(values[i])
    ]
    sentences = [mk.fill(draw.gettext("Donut chart of %(count)s parts."), count=len(names))]
    if order:
        first = order[0]
        sentences.append(
            mk.fill(
                draw.gettext("The largest is %(first)s (%(first_value)s)."),
                first=names[first],
                first_value=mk.number_text(values[first], unit, digits, draw.locale),
            )
        )
    if len(order) > 1:
        second = order[1]
        sentences.append(
            mk.fill(
                draw.gettext("Next is %(second)s (%(second_value)s)."),
                second=names[second],
                second_value=mk.number_text(values[second], unit, digits, draw.locale),
            )
        )
    hidden = [n for n, v in zip(names, values, strict=True) if np.isnan(v)]
    if hidden:
        listed = draw.gettext(", ").join(hidden)
        sentences.append(mk.fill(draw.gettext("Not shown: %(parts)s."), parts=listed))
    return join(draw, sentences)
