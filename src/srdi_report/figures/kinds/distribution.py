"""Distribution: percentile markers per group (P50/P75/P90), over a histogram when raw values exist.

Main view roles: ``category`` (the group label, one row per group, top → bottom), ``series``
(the statistic code: ``p50``, ``p75``, ``p90``; also ``p10``, ``p25``, ``mean`` when present; when
the role is labelled the factory keeps the code in ``series_code``) and ``value``. The metric
computes the percentiles (``rd_intensity_by_level``); the figure never does.

Optional view ``values`` (roles ``value`` and optionally ``category``): raw values, drawn as a
histogram above the percentile rows on the same axis. No registered metric returns raw values
yet, so editions draw the percentile rows only.

Options:
    unit, digits: value format (defaults: the metric's unit and its digits).
    log_scale (bool, False): logarithmic value axis, for heavy tails.
    reference_lines: a list of ``{"value": number, "label": msgid}`` drawn as vertical rules
        (chart c12's policy lines 18% / 23% / 27%).
    axis_label (msgid): the value axis caption.
    bins (int, 30): histogram bins of the raw values.

With ``p25`` and ``p75`` rows the range becomes a box (P25-P75) with whiskers to the outer
percentiles, all read from the metric. A withheld percentile prints ``x`` at the row's start; a
row with every percentile withheld shows only ``x``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.patches import Rectangle

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
DEFAULT_BINS = 30
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


def _histogram(ax: Axes, draw: DrawInput, groups: list[str]) -> None:
    raw = draw.views["values"]
    bins = mk.opt_int(draw.options, "bins", DEFAULT_BINS)
    values = mk.floats(raw, "value")
    known = values[~np.isnan(values)]
    if mk.opt_bool(draw.options, "log_scale", False):
        positive = known[known > 0]
        # Equal-width bins on the log axis: linear bins would all crowd into the first decade.
        low, high = (positive.min(), positive.max()) if positive.size else (1.0, 10.0)
        edges: list[float] = np.geomspace(low, high, bins + 1).tolist()
    else:
        edges = np.histogram_bin_edges(known, bins=bins).tolist()
    names = mk.texts(raw, "category") if "category" in raw else [""] * len(raw)
    for index, group in enumerate(groups if "category" in raw else [""]):
        picked = values[[n == group for n in names]]
        shown = picked[~np.isnan(picked)]
        colour = mk.colour(draw.theme, index)
        # A light fill and a solid outline: two overlapping groups stay readable.
        ax.hist(shown, bins=edges, histtype="stepfilled", alpha=0.16, color=colour, lw=0)
        ax.hist(shown, bins=edges, histtype="step", color=colour, lw=1.1)
    mk.style_axes(ax, draw.theme)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)


@chart_kind("distribution", ROLES, alt_text=lambda draw: alt_text(draw))
def draw_distribution(fig: Figure, draw: DrawInput) -> None:
    """Draw one row of percentile markers per group, reference rules and value labels."""
    theme = draw.theme
    groups, table = _rows(draw)
    unit, digits = unit_of(draw), digits_of(draw)
    if "values" in draw.views:
        top, ax = fig.subplots(2, 1, sharex=True, height_ratios=(1.4, 1.0))
        _histogram(top, draw, groups)
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
        mk.note(fig, draw, [mk.suppression_note(draw)])


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
