"""Tier pyramid: the four-level cultivation pyramid (national_report.md §4), sized from the data.

Main view roles: ``tier`` (label, rows bottom → top), ``firms`` (count), ``share`` (fraction of
the scope). Optional role ``benchmark``: the nation's share of the same tier, printed in grey
beside the tier (city card, city_edition.md §4.3).

Options:
    base_tier (bool, True): draw the open base tier (not in the data) under the rows.
    base_label (msgid, "Base tier"), base_note (msgid, "not covered by the data").
    base_count (number): a count for the base tier from config; then it is sized and labelled.
    notes (msgids): right-hand annotations, one per tier bottom → top, base tier included when
        drawn (the stage targets of chart c48); "" leaves a tier without one.
    share_digits (int, 2): decimals of the shares.
    benchmark_label (msgid, "Nation: %(share)s"): the grey benchmark text.

Widths are a monotone function of the count on a log scale (the counts span two orders of
magnitude, so linear widths would hide the top tiers); the figure note says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

from srdi_report.figures.kinds import _marks as mk
from srdi_report.figures.registry import chart_kind

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

    from srdi_report.figures.registry import DrawInput
    from srdi_report.figures.theme import Theme

ROLES = ("tier", "firms", "share")
MIN_WIDTH = 0.30  # narrowest tier, as a fraction of the widest: its label must still fit
DATA_MAX_WIDTH = 0.84  # widest data tier when the open base tier (width 1) is drawn below
TOP_TAPER = 0.62  # the top tier's upper edge as a fraction of its lower edge
# Label lines by count, in tier heights from the tier's base.
LINE_HEIGHTS = {2: (0.60, 0.30), 3: (0.72, 0.47, 0.24), 4: (0.80, 0.59, 0.39, 0.18)}
LABEL_SEPARATORS = (": ", "\uff1a")  # "Growth tier: provincial SRDI firms" -> title, subtitle
NOTE_WIDTH_PT = 150.0  # right-hand stage targets wrap at this width
BENCH_ALPHA = 0.75  # the national share reads as context next to the city's own numbers
LABEL_ROOM = 0.92  # a label fits inside when it spans at most this part of the upper edge
MSG_SCALE_NOTE = "Tier widths grow with the logarithm of the number of firms."
MSG_NATION_SHARE = "Nation: %(share)s"
LIGHTEST, DARKEST = 0.30, 1.0  # tint of the accent colour, bottom tier to top tier
DARK_TEXT_FROM = 0.62  # tints from here on are dark enough for white text


@dataclass(frozen=True)
class Tier:
    """One drawn tier: label, numbers and geometry (bottom width, top width)."""

    name: str
    firms: float
    share: float
    benchmark: float
    bottom: float
    top: float
    is_base: bool = False


def _tint(theme: Theme, amount: float) -> str:
    """The accent colour mixed with white: 0 = white, 1 = the accent itself."""
    red, green, blue = (1.0 - amount * (1.0 - part) for part in to_rgb(theme.accent))
    return to_hex((red, green, blue))


def _widths(counts: list[float], top_width: float) -> list[float]:
    """Log-scaled widths in (MIN_WIDTH·top_width, top_width]; a missing count gets the minimum."""
    known = [c for c in counts if not mk.is_missing(c) and c > 0]
    largest = math.log10(max(known) + 1.0) if known else 1.0
    widths = []
    for count in counts:
        if mk.is_missing(count) or count <= 0:
            widths.append(MIN_WIDTH * top_width)
            continue
        fraction = math.log10(count + 1.0) / largest
        widths.append(top_width * (MIN_WIDTH + (1.0 - MIN_WIDTH) * fraction))
    return widths


def _tiers(draw: DrawInput) -> list[Tier]:
    frame = draw.frame
    names = mk.texts(frame, "tier")
    firms = mk.floats(frame, "firms")
    shares = mk.floats(frame, "share")
    bench = mk.floats(frame, "benchmark") if "benchmark" in frame else np.full(len(frame), np.nan)
    with_base = mk.opt_bool(draw.options, "base_tier", True)
    base_count = mk.opt_float(draw.options, "base_count", None)
    counts = list(firms)
    if with_base and base_count is not None:
        counts = [base_count, *counts]
    widths = _widths(counts, DATA_MAX_WIDTH if with_base and base_count is None else 1.0)
    tiers: list[Tier] = []
    if with_base:
        base_width = widths.pop(0) if base_count is not None else 1.0
        base_name = mk.label(draw, "base_label", mk.N_("Base tier"))
        nan = float("nan")
        tiers.append(Tier(base_name, base_count or nan, nan, nan, base_width, 0.0, is_base=True))
    for i, name in enumerate(names):
        tiers.append(Tier(name, firms[i], shares[i], bench[i], widths[i], 0.0))
    # Each upper edge meets the next tier's lower edge, so the sides run as one slope; a tier
    # narrower than the one above keeps a slight taper instead of widening upwards.
    shaped = []
    for i, tier in enumerate(tiers):
        above = tiers[i + 1].bottom if i + 1 < len(tiers) else tier.bottom * TOP_TAPER
        top = above if above < tier.bottom else tier.bottom * 0.94
        shaped.append(Tier(**{**tier.__dict__, "top": top}))
    return shaped


def _tier_text(draw: DrawInput, tier: Tier) -> tuple[str, str]:
    if tier.is_base and mk.is_missing(tier.firms):
        return tier.name, mk.label(draw, "base_note", mk.N_("not covered by the data"))
    digits = mk.opt_int(draw.options, "share_digits", 2)
    count = mk.number_text(tier.firms, mk.COUNT, 0, draw.locale)
    if tier.is_base or mk.is_missing(tier.firms):
        return tier.name, count
    share = mk.number_text(tier.share, mk.SHARE, digits, draw.locale)
    return tier.name, mk.fill(draw.gettext("%(firms)s firms · %(share)s"), firms=count, share=share)


def _draw_tier(ax: Axes, draw: DrawInput, tier: Tier, level: int, shade: float) -> None:
    theme = draw.theme
    half_b, half_t = tier.bottom / 2, tier.top / 2
    corners = [(-half_b, level), (half_b, level), (half_t, level + 1), (-half_t, level + 1)]
    withheld = not tier.is_base and mk.is_missing(tier.firms)
    if tier.is_base and mk.is_missing(tier.firms):
        patch = Polygon(corners, closed=True, fill=False, ec=theme.muted, lw=1.0, ls=(0, (4, 3)))
    elif withheld:
        patch = Polygon(corners, closed=True, fc="white", ec=theme.muted, lw=0.8)
        patch.set_hatch(theme.suppressed_hatch)
    else:
        patch = Polygon(corners, closed=True, fc=_tint(theme, shade), ec="white", lw=1.5)
    ax.add_patch(patch)
    name, detail = _tier_text(draw, tier)
    on_dark = shade >= DARK_TEXT_FROM and not tier.is_base and not withheld
    ink = "white" if on_dark else theme.text
    title, _, subtitle = _split_label(name)
    lines = [(title, theme.base_size, "bold", ink)]
    if subtitle:
        lines.append((subtitle, theme.small_size, "normal", ink))
    lines.append((detail, theme.small_size, "normal", theme.muted if tier.is_base else ink))
    has_bench = not mk.is_missing(tier.benchmark)
    if has_bench:
        share = mk.number_text(tier.benchmark, mk.SHARE, 2, draw.locale)
        msgid = str(draw.options.get("benchmark_label", MSG_NATION_SHARE))
        lines.append((mk.msg(draw, msgid, share=share), theme.small_size, "normal", ink))
    heights = LINE_HEIGHTS[len(lines)]
    texts = tuple(
        ax.text(0, level + y, text, ha="center", va="center", color=colour, fontsize=size,
                fontweight=weight)
        for (text, size, weight, colour), y in zip(lines, heights, strict=True)
    )  # fmt: skip
    room = tier.bottom - (tier.bottom - tier.top) * 0.7  # the edge's width at the label's top
    if not _fits(ax, texts, room):
        # Too narrow for its label (a city's top tier): label beside the tier, in text colour.
        for text in texts:
            text.set_x(half_b + 0.03)
            text.set_horizontalalignment("left")
            text.set_color(theme.text)
    if has_bench:  # the national share is context next to the scope's own numbers
        texts[-1].set_alpha(BENCH_ALPHA)


def _split_label(name: str) -> tuple[str, str, str]:
    """Split a tier label at its first colon into a title and a subtitle line."""
    for separator in LABEL_SEPARATORS:
        if separator in name:
            return name.partition(separator)
    return name, "", ""


def _width(ax: Axes, texts: tuple[Text, ...]) -> float:
    """The widest of ``texts`` in data units of ``ax``."""
    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    inverse = ax.transData.inverted()
    widest = 0.0
    for text in texts:
        box = text.get_window_extent(renderer)
        (x0, _), (x1, _) = inverse.transform([(box.x0, box.y0), (box.x1, box.y1)])
        widest = max(widest, x1 - x0)
    return widest


def _fits(ax: Axes, texts: tuple[Text, ...], width: float) -> bool:
    return _width(ax, texts) <= width * LABEL_ROOM


@chart_kind(
    "tier_pyramid",
    ROLES,
    alt_text=lambda draw: alt_text(draw),
)
def draw_tier_pyramid(fig: Figure, draw: DrawInput) -> None:
    """Draw stacked trapezoids, base tier at the bottom, each labelled with count and share."""
    if isinstance(fig, Figure):  # a panel of the city card is a SubFigure without an engine
        fig.set_layout_engine("none")  # fixed frames: the axes are placed by hand
    tiers = _tiers(draw)
    notes = [str(item) for item in mk.opt_seq(draw.options, "notes")]
    has_bench = "benchmark" in draw.frame and not draw.frame["benchmark"].isna().all()
    lines = [draw.gettext(MSG_SCALE_NOTE)] if mk.opt_bool(draw.options, "scale_note", True) else []
    if any(mk.is_missing(t.firms) for t in tiers if not t.is_base):
        lines.append(mk.suppression_note(draw))
    if draw.options.get(mk.IN_CARD):
        lines = []  # the card's footer carries the notes
    bottom = mk.note_height(fig, draw, len(lines)) + 0.02
    right = 0.60 if notes else 0.98
    frame = (0.02, bottom, right - 0.02, 0.98 - bottom)
    ax = fig.add_axes(frame)
    ax.set_axis_off()
    ax.set_xlim(-0.55, 0.55 if not has_bench else 1.0)
    ax.set_ylim(-0.05, len(tiers) + 0.05)
    data_levels = [i for i, t in enumerate(tiers) if not t.is_base]
    for level, tier in enumerate(tiers):
        rank = data_levels.index(level) if level in data_levels else -1
        steps = max(len(data_levels) - 1, 1)
        shade = LIGHTEST + (DARKEST - LIGHTEST) * rank / steps if rank >= 0 else 0.0
        _draw_tier(ax, draw, tier, level, shade)
    if notes:
        side = fig.add_axes((right, bottom, 0.98 - right, 0.98 - bottom))
        side.set_axis_off()
        side.set_xlim(0, 1)
        side.set_ylim(-0.05, len(tiers) + 0.05)
        for level, msgid in enumerate(notes[: len(tiers)]):
            if msgid:
                side.plot([0.0, 0.06], [level + 0.5] * 2, color=draw.theme.muted, lw=0.6)
                side.text(
                    0.09,
                    level + 0.5,
                    mk.wrap(draw.gettext(msgid), NOTE_WIDTH_PT, draw.theme.small_size),
                    ha="left",
                    va="center",
                    fontsize=draw.theme.small_size,
                    color=draw.theme.text,
                )
    mk.note(fig, draw, lines)


def alt_text(draw: DrawInput) -> str:
    """Name each tier from the base up with its firms and share, and the largest tier."""
    items = []
    for tier in _tiers(draw):
        if tier.is_base:
            continue
        if mk.is_missing(tier.firms):
            items.append(mk.fill(draw.gettext("%(tier)s: not shown"), tier=tier.name))
            continue
        digits = mk.opt_int(draw.options, "share_digits", 2)
        items.append(
            mk.fill(
                draw.gettext("%(tier)s: %(firms)s firms (%(share)s)"),
                tier=tier.name,
                firms=mk.number_text(tier.firms, mk.COUNT, 0, draw.locale),
                share=mk.number_text(tier.share, mk.SHARE, digits, draw.locale),
            )
        )
    return mk.fill(
        draw.gettext("Tier pyramid from the bottom up: %(tiers)s."), tiers="; ".join(items)
    )
