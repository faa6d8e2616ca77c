"""Distribution: percentile markers per group (P50/P75/P90), over a binned histogram when given.

Main view roles: ``category`` (the group label, one row per group, top → bottom), ``series``
(the statistic code: ``p50``, ``p75``, ``p90``; also ``p10``, ``p25``, ``mean`` when present; when
the role is labelled the factory keeps the code in ``series_code``) and ``value``. The metric
computes the percentiles (``rd_intensity_by_level``); the figure never does.

Optional view ``histogram`` (roles ``lower``, ``upper``, ``value`` = the share of the group's
firms in the bin, and ``category`` when there are several groups): a binned histogram from a
metric (``value_histogram``: fixed edges, sparse bins withheld), drawn above the percentile rows
on the same value axis, one outline per group. The figure never needs the firm frame. On a log
axis the bin from 0 (the zeros) cannot be drawn: its share is printed as a note.

Options:
    unit, digits: value format (defaults: the metric's unit and its digits).
    log_scale (bool, False): logarithmic value axis, for heavy tails.
    reference_lines: a list of ``{"value": number, "label": msgid}`` drawn as vertical rules
        (chart c12's policy lines 18% / 23% / 27%).
    axis_label (msgid): the value axis caption.

With ``p25`` and ``p75`` rows the range becomes a box (P25-P75) with whiskers to the outer
percentiles, all read from the metric. A withheld percentile prints ``x`` at the row's start; a
row with every percentile withheld shows only ``x``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.patches import Rectangle
from matplotlib.patheffects import withStroke

from srdi_report.figures.alt_text import digits_of, join, unit_of
from srdi_report.figures.kinds import _marks as mk
from srdi_report.figures.registry import chart_kind

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from srdi_report.figures.registry import DrawInput

ROLES = ("category", "series", "value")
# Marker and caption per statistic code, in the order they are drawn (median last, on top).
MARKERS = {"p10": "|", "p25": "|", "mean": "d", "p75": "s", "p90": "^", "p50": "o"}
STATISTIC_LABELS = {
    "p10": "P10",
    "p25": "P25",
    "p50": "P50",
    "p75": "P75",
    "p90": "P90",
    "mean": "Mean",
}
SPAN = ("p10", "p25", "p50", "p75", "p90")  # the row's range line runs over these
HISTOGRAM_VIEW = "histogram"
BOX_HALF = 0.16  # half the height of a P25-P75 box, in row units


def _rows(draw: DrawInput) -> tuple[list[str], dict[str, dict[str, float]]]:
    """Groups in order and, per group, statistic code → value (NaN = withheld)."""
    frame = draw.frame
    groups = list(dict.fromkeys(mk.texts(frame, "category")))
    values = mk.floats(frame, "value")
    values[mk.withheld(frame, "value")] = np.nan
    table: dict[str, dict[str, float]] = {g: {} for g in groups}
    for group, code, value in zip(
        mk.texts(frame, "category"), mk.codes(frame, "series"), values, strict=True
    ):
        if code in MARKERS:
            table[group][code] = float(value)
    return groups, table


def _references(draw: DrawInput) -> list[tuple[float, str]]:
    lines = []
    for item in mk.opt_seq(draw.options, "reference_lines"):
        if isinstance(item, Mapping):
            lines.append((float(item["value"]), draw.gettext(str(item.get("label", "")))))
    return lines


def _histogram(ax: Axes, draw: DrawInput, groups: list[str]) -> list[str]:
    """Draw each group's binned shares as a density outline; return note lines (zeros)."""
    bins = draw.views[HISTOGRAM_VIEW]
    log = mk.opt_bool(draw.options, "log_scale", False)
    lower, upper = mk.floats(bins, "lower"), mk.floats(bins, "upper")
    shares = mk.floats(bins, "value")
    shares[mk.withheld(bins, "value")] = np.nan
    names = mk.texts(bins, "category") if "category" in bins else [""] * len(bins)
    notes = []
    for index, group in enumerate(groups if "category" in bins else [""]):
        pick = np.array([n == group for n in names], dtype=bool)
        if log:
            zero = pick & (lower <= 0)
            pick &= lower > 0
            if zero.any() and np.nansum(shares[zero]) > 0:
                notes.append(
                    mk.fill(
                        draw.gettext(
                            "%(group)s: %(share)s of firms at zero (not on the log axis)."
                        ),
                        group=group or draw.gettext("All firms"),
                        share=mk.number_text(np.nansum(shares[zero]), mk.SHARE, 1, draw.locale),
                    )
                )
        order = np.argsort(lower[pick], kind="stable")
        low, high, share = lower[pick][order], upper[pick][order], shares[pick][order]
        if not low.size:
            continue
        # Density per unit of the drawn axis: bins of unequal width keep the true shape.
        width = np.log10(high / low) if log else high - low
        density = share / np.where(width > 0, width, np.nan)
        edges = np.append(low, high[-1])
        colour = mk.colour(draw.theme, index)
        # A light fill and a solid outline: two overlapping groups stay readable.
        ax.stairs(density, edges, fill=True, alpha=0.16, color=colour, lw=0)
        ax.stairs(density, edges, color=colour, lw=1.1, baseline=None)
        if group:
            peak = int(np.nanargmax(np.nan_to_num(density, nan=-1.0)))
            ax.annotate(
                group,
                (
                    (edges[peak] * edges[peak + 1]) ** 0.5
                    if log
                    else edges[peak : peak + 2].mean(),
                    density[peak],
                ),
                xytext=(0, 3),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=draw.theme.small_size,
                color=colour,
                fontweight="bold",
            )
    if np.isnan(shares).any():
        notes.append(
            mk.fill(
                draw.gettext("Histogram bins of fewer than %(min_cell)s firms are not drawn."),
                min_cell=mk.number_text(draw.min_cell, mk.COUNT, 0, draw.locale),
            )
        )
    mk.style_axes(ax, draw.theme)
    ax.set_yticks([])
    ax.set_ylim(bottom=0)
    ax.margins(y=0.18)
    ax.spines["left"].set_visible(False)
    return notes


@chart_kind("distribution", ROLES, alt_text=lambda draw: alt_text(draw))
def draw_distribution(fig: Figure, draw: DrawInput) -> None:
    """Draw one row of percentile markers per group, reference rules and value labels."""
    theme = draw.theme
    groups, table = _rows(draw)
    unit, digits = unit_of(draw), digits_of(draw)
    notes: list[str] = []
    if HISTOGRAM_VIEW in draw.views:
        top, ax = fig.subplots(2, 1, sharex=True, height_ratios=(1.4, 1.0))
        if mk.opt_bool(draw.options, "log_scale", False):
            top.set_xscale("log")
        notes = _histogram(top, draw, groups)
    else:
        ax = fig.add_subplot()
    mk.style_axes(ax, theme, grid_axis="x")
    if mk.opt_bool(draw.options, "log_scale", False):
        ax.set_xscale("log")
    withheld = False
    for row, group in enumerate(groups):
        stats = table[group]
        colour = mk.colour(theme, row)
        span = [stats[c] for c in SPAN if c in stats and not np.isnan(stats[c])]
        quartiles = [stats.get(c, np.nan) for c in ("p25", "p75")]
        if not np.isnan(quartiles).any():
            # A box from the metric's own quartiles (P25-P75), whiskers to the outer percentiles.
            low, high = quartiles
            ax.plot([min(span), max(span)], [row, row], color=colour, lw=1.0, zorder=2)
            ax.add_patch(
                Rectangle(
                    (low, row - BOX_HALF),
                    high - low,
                    2 * BOX_HALF,
                    fc=colour,
                    alpha=0.25,
                    ec=colour,
                    lw=0.8,
                    zorder=2,
                )
            )
        elif len(span) >= 2:
            ax.plot(
                [min(span), max(span)],
                [row, row],
                color=colour,
                lw=5,
                alpha=0.25,
                solid_capstyle="round",
            )
        for code, marker in MARKERS.items():
            value = stats.get(code)
            if value is None:
                continue
            if np.isnan(value):
                withheld = True
                continue
            ax.plot(
                [value],
                [row],
                marker=marker,
                color=colour,
                ms=theme.marker_size + 1.5,
                ls="none",
                zorder=4 if code == "p50" else 3,
                mfc="white" if code == "mean" else colour,
            )
            if code == "mean":
                # The mean often sits on a percentile: its value goes after the row instead.
                shown = mk.number_text(value, unit, digits, draw.locale)
                text = f"{draw.gettext(STATISTIC_LABELS[code])} {shown}"
                ax.annotate(
                    text,
                    (1.0, row),
                    xycoords=("axes fraction", "data"),
                    xytext=(4, 0),
                    textcoords="offset points",
                    ha="left",
                    va="center",
                    fontsize=theme.small_size,
                    color=theme.note,
                )
                continue
            ax.annotate(
                mk.number_text(value, unit, digits, draw.locale),
                (value, row),
                xytext=(0, -11),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=theme.small_size,
                color=theme.note,
                # a white halo: the label stays legible where a reference rule crosses it
                path_effects=[withStroke(linewidth=2.4, foreground="white")],
            )
            if row == 0:
                ax.annotate(
                    draw.gettext(STATISTIC_LABELS[code]),
                    (value, row),
                    xytext=(0, 8),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=theme.small_size,
                    color=theme.text,
                    fontweight="bold",
                )
        if not span and any(np.isnan(v) for v in stats.values()):
            mk.draw_mark(ax, 0.02, row, theme, transform=ax.get_yaxis_transform())
    for value, caption in _references(draw):
        ax.axvline(value, color=theme.muted, lw=0.8, ls=(0, (3, 2)), zorder=1)
        ax.annotate(
            caption,
            (value, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, 0),
            textcoords="offset points",
            ha="left",
            va="top",
            rotation=0,
            fontsize=theme.small_size,
            color=theme.note,
        )
    ax.set_yticks(range(len(groups)), groups)
    ax.set_ylim(len(groups) - 0.4, -0.8)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_formatter(lambda x, _pos: mk.axis_text(x, unit, draw.locale))
    caption = mk.label(draw, "axis_label", "")
    if caption:
        ax.set_xlabel(caption)
    if withheld:
        notes.append(mk.suppression_note(draw))
    mk.note(fig, draw, notes)


def alt_text(draw: DrawInput) -> str:
    """Per group: median, P75 and P90 as printed, or that they are withheld."""
    groups, table = _rows(draw)
    unit, digits = unit_of(draw), digits_of(draw)
    sentences = [mk.fill(draw.gettext("Percentiles of %(count)s groups."), count=len(groups))]
    for group in groups:
        stats = table[group]
        parts = [
            mk.fill(
                draw.gettext("%(statistic)s %(value)s"),
                statistic=draw.gettext(STATISTIC_LABELS[code]),
                value=mk.number_text(stats[code], unit, digits, draw.locale),
            )
            for code in ("p50", "p75", "p90", "mean")
            if code in stats
        ]
        sentences.append(
            mk.fill(
                draw.gettext("%(group)s: %(values)s."),
                group=group,
                values=draw.gettext(", ").join(parts),
            )
        )
    return join(draw, sentences)
