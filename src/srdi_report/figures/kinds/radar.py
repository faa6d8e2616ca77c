"""Radar: dimension scores of a scope against a benchmark ring (national = 100, champion = 100).

Main view roles: ``category`` (the dimension label, one row per axis, clockwise from the top)
and ``value`` (the score, benchmark = 100). Optional role ``series`` (label): one polygon per
series, in order of first appearance.

Options:
    benchmark_value (number, 100): the ring every score is scaled to.
    benchmark_label (msgid, "Benchmark"): the ring's group; the legend reads "<label> = 100".
    series_label (msgid): legend text of the polygon when there is no ``series`` role.
    r_max (number): outer radius; default the next multiple of 50 above the largest score and
        the benchmark, at most 300 (city_edition.md §4.4); a score beyond is drawn at the rim.
    digits (int, 1): decimals of the scores printed under the axis labels.

A withheld score (NaN) prints ``x`` under its axis label and leaves a gap in its polygon; a series
with every score withheld is not drawn and the note says why; with none left, a boxed note.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, cast

import numpy as np
from matplotlib.figure import Figure

from srdi_report.figures.alt_text import join
from srdi_report.figures.kinds import _marks as mk
from srdi_report.figures.registry import chart_kind

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.projections.polar import PolarAxes

    from srdi_report.figures.registry import DrawInput

ROLES = ("category", "value")
DEFAULT_BENCHMARK = 100.0
RING_STEP = 50.0
MAX_RADIUS = 300.0
FILL_ALPHA = 0.14
LABEL_PAD = 1.13
AXIS_LABEL_PT = 76.0
SIDE_MARGIN_IN = 1.05  # room for a wrapped axis label beside the circle
CARD_LABEL_PT = 56.0  # in a card panel (half the page width) labels wrap sooner
CARD_SIDE_MARGIN_IN = 0.8
TOP_MARGIN_IN = 0.62  # the legend row plus a two-line axis label
BOTTOM_MARGIN_IN = (
    0.34  # a two-line axis label under the circle  # axis labels wrap beyond this width (points)
)
WITHHELD_RADIUS = 0.12  # where the x of a withheld score sits on its axis (share of r_max)
WIDE_STEP_FROM = 150.0  # beyond this radius, label every other ring only


def _series(draw: DrawInput) -> list[tuple[str, pd.DataFrame]]:
    """(name, rows) per polygon, in order of first appearance; rows keep dimension order."""
    frame = draw.frame
    if "series" not in frame:
        return [(mk.label(draw, "series_label", ""), frame)]
    names = list(dict.fromkeys(mk.texts(frame, "series")))
    return [(name, frame[frame["series"].astype(str) == name]) for name in names]


def _dimensions(draw: DrawInput) -> list[str]:
    return list(dict.fromkeys(mk.texts(draw.frame, "category")))


def _scores(rows: pd.DataFrame, dimensions: list[str]) -> np.ndarray:
    by_name = dict(zip(mk.texts(rows, "category"), mk.floats(rows, "value"), strict=True))
    mask = mk.withheld(rows, "value")
    withheld = {n for n, w in zip(mk.texts(rows, "category"), mask, strict=True) if w}
    return np.array([np.nan if d in withheld else by_name.get(d, np.nan) for d in dimensions])


def _r_max(draw: DrawInput, scores: list[np.ndarray], benchmark: float) -> float:
    fixed = mk.opt_float(draw.options, "r_max", None)
    if fixed is not None:
        return fixed
    top = max([benchmark, *(float(np.nanmax(s)) for s in scores if not np.isnan(s).all())])
    return min(MAX_RADIUS, RING_STEP * (math.floor(top / RING_STEP) + 1))


def _axis_labels(
    ax: PolarAxes, draw: DrawInput, dims: list[str], scores: np.ndarray | None, r_max: float
) -> None:
    angles = _angles(len(dims))
    digits = mk.opt_int(draw.options, "digits", 1)
    for i, (angle, name) in enumerate(zip(angles, dims, strict=True)):
        width = AXIS_LABEL_PT if not draw.options.get(mk.IN_CARD) else CARD_LABEL_PT
        text = mk.wrap(name, width, draw.theme.small_size + 0.5)
        if scores is not None:
            text += "\n" + mk.number_text(scores[i], mk.VALUE, digits, draw.locale)
        sine = math.sin(angle)
        ha = "center" if abs(sine) < 0.2 else ("left" if sine > 0 else "right")
        ax.text(
            angle,
            r_max * LABEL_PAD,
            text,
            ha=ha,
            va="center",
            fontsize=draw.theme.small_size + 0.5,
            color=draw.theme.text,
        )


def _angles(count: int) -> np.ndarray:
    # Clockwise from the top: the first dimension points up, as in the published radars.
    return np.array([2 * math.pi * i / count for i in range(count)])


def _polygon(ax: PolarAxes, draw: DrawInput, scores: np.ndarray, r_max: float, index: int) -> None:
    theme = draw.theme
    angles = _angles(len(scores))
    shown = np.minimum(scores, r_max)
    colour = mk.colour(theme, index)
    closed_a = np.append(angles, angles[0])
    closed_r = np.append(shown, shown[0])
    if not np.isnan(scores).any():
        ax.fill(closed_a, closed_r, color=colour, alpha=FILL_ALPHA, lw=0)
    ax.plot(
        closed_a,
        closed_r,
        color=colour,
        lw=theme.line_width,
        marker="o",
        markersize=theme.marker_size,
    )
    for angle, score in zip(angles, scores, strict=True):
        if np.isnan(score):
            mk.draw_mark(ax, angle, r_max * WITHHELD_RADIUS, theme, color=colour)
        elif score > r_max:
            label = mk.number_text(score, mk.VALUE, 0, draw.locale)
            ax.text(
                angle,
                r_max * 0.93,
                label,
                ha="center",
                va="center",
                color=colour,
                fontsize=theme.small_size,
            )


def _benchmark_text(draw: DrawInput, benchmark: float) -> str:
    return mk.fill(
        draw.gettext("%(label)s = %(value)s"),
        label=mk.label(draw, "benchmark_label", mk.N_("Benchmark")),
        value=mk.number_text(benchmark, mk.VALUE, 0, draw.locale),
    )


@chart_kind("radar", ROLES, alt_text=lambda draw: alt_text(draw))
def draw_radar(fig: Figure, draw: DrawInput) -> None:
    """Draw the benchmark ring and one polygon per series on a clockwise polar grid."""
    theme = draw.theme
    dims = _dimensions(draw)
    series = [(name, _scores(rows, dims)) for name, rows in _series(draw)]
    shown = [(name, s) for name, s in series if not np.isnan(s).all()]
    benchmark = (
        mk.opt_float(draw.options, "benchmark_value", DEFAULT_BENCHMARK) or DEFAULT_BENCHMARK
    )
    withheld = any(np.isnan(s).any() for _, s in series)
    # Margins by hand: constrained layout does not see the axis labels drawn around the circle.
    # A standalone radar has its legend on top; a card panel has it below the circle.
    standalone = isinstance(fig, Figure)
    if standalone:
        fig.set_layout_engine("none")
    note = mk.note_height(fig, draw, 1) if withheld and standalone else 0.0
    box = fig.get_window_extent()
    width_in, height_in = box.width / fig.dpi, box.height / fig.dpi
    side = min((SIDE_MARGIN_IN if standalone else CARD_SIDE_MARGIN_IN) / width_in, 0.4)
    legend_in = (
        (TOP_MARGIN_IN, BOTTOM_MARGIN_IN) if standalone else (BOTTOM_MARGIN_IN, TOP_MARGIN_IN)
    )
    top, bottom = 1 - legend_in[0] / height_in, legend_in[1] / height_in + note
    grid = fig.add_gridspec(1, 1, left=side, right=1 - side, top=top, bottom=bottom)
    ax = cast("PolarAxes", fig.add_subplot(grid[0, 0], projection="polar"))
    if not shown or len(dims) < 3:
        mk.boxed_note(ax, mk.all_suppressed_text(draw), theme)
        return
    r_max = _r_max(draw, [s for _, s in shown], benchmark)
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    ax.set_ylim(0, r_max)
    ax.set_xticks(_angles(len(dims)))
    ax.set_xticklabels([])
    rings = np.arange(RING_STEP, r_max + 1e-9, RING_STEP)
    ax.set_yticks(rings)
    step = RING_STEP * (2 if r_max > WIDE_STEP_FROM else 1)
    ax.set_yticklabels(
        [mk.number_text(r, mk.VALUE, 0, draw.locale) if r % step == 0 else "" for r in rings],
        fontsize=theme.small_size - 0.5,
        color=theme.muted,
    )
    ax.set_rlabel_position(180 / len(dims))
    ax.grid(color=theme.grid, lw=0.6)
    ax.spines["polar"].set_color(theme.grid)
    ring_a = np.linspace(0, 2 * math.pi, 181)
    ax.plot(
        ring_a,
        np.full_like(ring_a, benchmark),
        color=theme.text,
        lw=1.0,
        ls=(0, (4, 2)),
        label=_benchmark_text(draw, benchmark),
    )
    for index, (name, scores) in enumerate(series):
        if np.isnan(scores).all():
            continue
        _polygon(ax, draw, scores, r_max, index)
        ax.lines[-1].set_label(name)
    single = series[0][1] if len(series) == 1 else None
    _axis_labels(ax, draw, dims, single, r_max)
    handles = [h for h in ax.lines if not str(h.get_label()).startswith("_")]
    fig.legend(
        handles=handles,
        loc="upper center" if standalone else "lower center",
        ncols=len(handles),
        fontsize=theme.small_size,
        frameon=False,
    )
    if withheld:
        mk.note(fig, draw, [mk.suppression_note(draw)])


def alt_text(draw: DrawInput) -> str:
    """Per series: the highest and the lowest dimension with their scores, against the ring."""
    dims = _dimensions(draw)
    digits = mk.opt_int(draw.options, "digits", 1)
    benchmark = (
        mk.opt_float(draw.options, "benchmark_value", DEFAULT_BENCHMARK) or DEFAULT_BENCHMARK
    )
    sentences = [
        mk.fill(
            draw.gettext("Radar of %(count)s dimensions against a benchmark of %(benchmark)s."),
            count=len(dims),
            benchmark=mk.number_text(benchmark, mk.VALUE, 0, draw.locale),
        )
    ]
    for name, scores in ((n, _scores(rows, dims)) for n, rows in _series(draw)):
        who = name or draw.gettext("The scope")
        if np.isnan(scores).all():
            sentences.append(mk.fill(draw.gettext("%(series)s: not shown."), series=who))
            continue
        high, low = int(np.nanargmax(scores)), int(np.nanargmin(scores))
        sentences.append(
            mk.fill(
                draw.gettext(
                    "%(series)s scores highest on %(high)s (%(high_score)s) and lowest on "
                    "%(low)s (%(low_score)s)."
                ),
                series=who,
                high=dims[high],
                high_score=mk.number_text(scores[high], mk.VALUE, digits, draw.locale),
                low=dims[low],
                low_score=mk.number_text(scores[low], mk.VALUE, digits, draw.locale),
            )
        )
    return join(draw, sentences)
