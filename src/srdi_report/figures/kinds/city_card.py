"""City profile card: one page per city (city_edition.md section 4), drawn from named views.

Every number on the card is a cell of a metric result; the card only places and formats them.
Views (each a :class:`DataView` of a registered metric; only ``main`` is required):

``main``       ``city_ranking`` (national scope) where ``city_code`` = the city: roles
               ``category`` (city, labelled), ``value`` (firms), ``rank``; optional ``share``
               (share of national firms), ``national`` (Little Giants), ``national_ratio``
               (their share of the city's firms), ``tied``.
``ranking``    ``city_ranking`` (national scope), every city: ``category``, ``value``, ``rank``.
               Gives the rank denominator and the rank strip.
``province``   ``city_ranking`` with ``scope = "province=<code>"``: ``category``, ``rank``;
               the city's row is found by ``category_code`` (rank in province, tile 4).
``nation``     ``firms_by_level`` (national scope) where ``level = national``: ``value`` =
               ``share`` (the national Little Giant ratio, tile 2).
``medians``    ``indicators_by_level`` (city scope) where ``statistic = median``, ``level =
               all``, ``indicator`` in patents_total, invention_grants, registered_capital,
               insured_employees: roles ``category`` (indicator, code kept), ``value``.
``medians_nation`` the same in the national scope (the tiles' comparison line).
``tiers``      ``tier_pyramid`` (city scope): ``tier``, ``firms``, ``share``; optional
               ``benchmark`` from a second view is not needed: ``tiers_nation`` (national
               scope, roles ``tier``, ``share``) gives the grey national shares.
``radar``      ``capability_scores`` (city scope, five dimensions): ``category``, ``value``;
               ``radar_lg`` the same for the city's Little Giants (scope city + level national,
               benchmark level national), drawn as a second polygon when present.
``industries`` ``firms_by_gbt_major`` (city scope, sorted by firms, top 5): ``category``,
               ``value`` (firms), ``share``.

Options: ``as_of`` (ISO date text), ``municipality`` (bool: tile 4 reads "Municipality"),
``source`` (msgid of the source line), ``all_label`` / ``lg_label`` (msgids of the radar
polygons). Withheld medians print ``x`` and the footer carries the note; a city with fewer than
``min_cell`` firms keeps tiles 1-4, the pyramid and the industries, and its radar becomes a
boxed note (reduced mode, city_edition.md section 5).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from srdi_report.figures.alt_text import join
from srdi_report.figures.kinds import _marks as mk
from srdi_report.figures.kinds.radar import draw_radar
from srdi_report.figures.kinds.tier_pyramid import MSG_SCALE_NOTE, draw_tier_pyramid
from srdi_report.figures.registry import SUPPRESSED, chart_kind

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import SubFigure

    from srdi_report.figures.registry import DrawInput

ROLES = ("category", "value", "rank")
# Block heights of city_edition.md section 4.1: header, tiles, charts, charts, footer.
BLOCKS = (0.09, 0.22, 0.29, 0.28, 0.12)
TILE_COLUMNS = 4
BIG_SIZE_STEP = 7.0  # the big tile number is this many points above the body size
TITLE_STEP = 8.0  # the city name, points above the title size
# Below this height (inches) the card is an exhibit inside a report page: compact layout.
COMPACT_BELOW_IN = 6.5
COMPACT_BLOCKS = (0.10, 0.33, 0.47, 0.10)
COMPACT_BIG_STEP = 3.0
COMPACT_TITLE_STEP = 3.0
INDUSTRY_LABEL_PT = 84.0  # industry names wrap within the left margin of the lower row
TILE_TEXT_SHARE = 0.84  # text may span this share of a tile's width
TILE_LEFT, TILE_TOP, TILE_BOTTOM = 0.08, 0.88, 0.09  # text frame inside a tile (axes fraction)
TILE_LEADING = 1.25  # line height of the small texts, in font sizes
TALL_SHARE = 0.66  # a rank-strip bar above this share of the log range counts as tall
MIN_TILE_TEXT = 6.0  # tile labels shrink to this size before they wrap
# Median tiles, in order: indicator code -> tile msgid, and the number kind when not "value".
MEDIAN_TILE_LABELS = {
    "patents_total": "Median patents",
    "invention_grants": "Median invention grants",
    "registered_capital": "Median registered capital",
    "insured_employees": "Median insured employees",
}
MEDIAN_KINDS = {"registered_capital": "money_wan"}


@dataclass(frozen=True)
class Tile:
    """One KPI tile: its label, big value text and comparison line."""

    label: str
    value: str
    line: str
    withheld: bool = False
    short_label: str = ""  # used when ``label`` would wrap (it squeezed the number)


def _view(draw: DrawInput, name: str) -> pd.DataFrame | None:
    frame = draw.views.get(name)
    return frame if frame is not None and len(frame) else None


def _cell(frame: pd.DataFrame | None, role: str, row: int = 0) -> float:
    if frame is None or role not in frame or row >= len(frame):
        return float("nan")
    values = mk.floats(frame, role)
    if SUPPRESSED in frame and bool(frame[SUPPRESSED].iloc[row]):
        return float("nan")
    return float(values[row])


def _count(draw: DrawInput, value: float) -> str:
    return mk.number_text(value, mk.COUNT, 0, draw.locale)


def _rank_tile(draw: DrawInput, label: str, rank: float, total: int, tied: bool) -> Tile:
    if mk.is_missing(rank):
        return Tile(label, draw.gettext("not ranked"), "")
    value = mk.fill(
        draw.gettext("%(rank)s / %(total)s"), rank=_count(draw, rank), total=_count(draw, total)
    )
    line = draw.gettext("tied") if tied else draw.gettext("by number of firms")
    return Tile(label, value, line)


def _province_rank(draw: DrawInput) -> tuple[float, int]:
    province = _view(draw, "province")
    if province is None or "rank" not in province:
        return float("nan"), 0
    city = mk.codes(draw.frame, "category")[0]
    codes = mk.codes(province, "category")
    if city not in codes:
        return float("nan"), len(codes)
    return _cell(province, "rank", codes.index(city)), len(codes)


def _tiles(draw: DrawInput) -> list[Tile]:
    main = draw.frame
    firms = _cell(main, "value")
    share = _cell(main, "share")
    lgs, lg_ratio = _cell(main, "national"), _cell(main, "national_ratio")
    nation_ratio = _cell(_view(draw, "nation"), "value")
    ranking = _view(draw, "ranking")
    tied = "tied" in main and bool(main["tied"].iloc[0])
    tiles = [
        Tile(
            draw.gettext("SRDI firms"),
            _count(draw, firms),
            mk.fill(draw.gettext("%(share)s of national firms"), share=_share(draw, share))
            if not mk.is_missing(share)
            else "",
        ),
        Tile(
            draw.gettext("National-level Little Giants"),
            _count(draw, lgs),
            mk.fill(
                draw.gettext("%(ratio)s of its firms; nation %(nation)s"),
                ratio=_share(draw, lg_ratio),
                nation=_share(draw, nation_ratio),
            )
            if not mk.is_missing(lg_ratio)
            else "",
            short_label=draw.gettext("Little Giants"),  # the card's note defines them
        ),
        _rank_tile(
            draw,
            draw.gettext("Rank among cities"),
            _cell(main, "rank"),
            len(ranking) if ranking is not None else 0,
            tied,
        ),
    ]
    if mk.opt_bool(draw.options, "municipality", False):
        tiles.append(Tile(draw.gettext("Rank in province"), draw.gettext("Municipality"), ""))
    else:
        rank, total = _province_rank(draw)
        tiles.append(_rank_tile(draw, draw.gettext("Rank in province"), rank, total, False))
    tiles.extend(_median_tiles(draw))
    return tiles


def _share(draw: DrawInput, value: float) -> str:
    return mk.number_text(value, mk.SHARE, 2, draw.locale)


def _median_tiles(draw: DrawInput) -> list[Tile]:
    medians, nation = _view(draw, "medians"), _view(draw, "medians_nation")
    own = (
        dict(zip(mk.codes(medians, "category"), range(len(medians)), strict=True))
        if (medians is not None)
        else {}
    )
    base = (
        dict(zip(mk.codes(nation, "category"), range(len(nation)), strict=True))
        if (nation is not None)
        else {}
    )
    tiles = []
    for code, msgid in MEDIAN_TILE_LABELS.items():
        kind = MEDIAN_KINDS.get(code, mk.VALUE)
        value = _cell(medians, "value", own[code]) if code in own else float("nan")
        bench = _cell(nation, "value", base[code]) if code in base else float("nan")
        line = (
            mk.fill(
                draw.gettext("Nation: %(value)s"), value=mk.number_text(bench, kind, 0, draw.locale)
            )
            if not mk.is_missing(bench)
            else ""
        )
        tiles.append(
            Tile(
                draw.gettext(msgid),
                mk.number_text(value, kind, 0, draw.locale),
                line,
                withheld=mk.is_missing(value),
            )
        )
    return tiles


def _draw_tiles(panel: SubFigure, draw: DrawInput, tiles: list[Tile], big_step: float) -> None:
    theme = draw.theme
    rows = (len(tiles) + TILE_COLUMNS - 1) // TILE_COLUMNS
    grid = panel.add_gridspec(
        rows, TILE_COLUMNS, left=0.01, right=0.99, top=0.98, bottom=0.02, wspace=0.06, hspace=0.1
    )
    axes = [
        panel.add_subplot(grid[i // TILE_COLUMNS, i % TILE_COLUMNS])
        for i in range(rows * TILE_COLUMNS)
    ]
    # One label size and one line size for all tiles: the smallest any tile needs to fit.
    width_pt = _axes_width_pt(axes[0]) * TILE_TEXT_SHARE
    sizes = (
        min(_fit(t.label, width_pt, theme.small_size)[1] for t in tiles),
        min(_fit(t.line, width_pt, theme.small_size - 0.5)[1] for t in tiles),
    )
    for index, ax in enumerate(axes):
        ax.set_axis_off()
        if index >= len(tiles):
            continue
        tile = tiles[index]
        ax.add_patch(
            FancyBboxPatch(
                (0.02, 0.04),
                0.96,
                0.92,
                boxstyle="round,pad=0,rounding_size=0.06",
                transform=ax.transAxes,
                fc="#F5F7FA",
                ec=theme.grid,
                lw=0.6,
            )
        )
        _tile_texts(ax, draw, tile, big_step, sizes)


def _tile_texts(
    ax: Axes, draw: DrawInput, tile: Tile, big_step: float, sizes: tuple[float, float]
) -> None:
    """Label at the top, comparison line at the bottom, the big value centred between them.

    The value's size is fitted to the band the two wrapped texts leave free, so a two-line
    label in a short tile never runs into the number.
    """
    theme = draw.theme
    width_pt = _axes_width_pt(ax) * TILE_TEXT_SHARE
    height_pt = float(ax.get_window_extent().height) * 72.0 / float(ax.figure.dpi)
    label, label_size = _fit(tile.label, width_pt, sizes[0])
    if "\n" in label and tile.short_label:
        label, label_size = _fit(tile.short_label, width_pt, sizes[0])
    line, line_size = _fit(tile.line, width_pt, sizes[1])
    top_pt = (label.count("\n") + 1) * label_size * TILE_LEADING
    bottom_pt = (line.count("\n") + 1) * line_size * TILE_LEADING if line else 0.0
    inner = height_pt * (TILE_TOP - TILE_BOTTOM)
    free = max(inner - top_pt - bottom_pt, 1.0)
    big = theme.base_size + big_step
    # Long values (money in CNY million) and short tiles shrink the number rather than overflow.
    size = min(big, big * width_pt / max(mk.text_width(tile.value, big), 1.0), free * 0.8)
    middle = TILE_TOP - (top_pt + free / 2) / height_pt
    common: dict[str, Any] = {"transform": ax.transAxes, "ha": "left", "color": theme.note}
    ax.text(TILE_LEFT, TILE_TOP, label, va="top", fontsize=label_size, **common)
    ax.text(
        TILE_LEFT,
        middle,
        tile.value,
        va="center",
        fontsize=size,
        fontweight="bold",
        transform=ax.transAxes,
        ha="left",
        color=theme.note if tile.withheld else theme.text,
    )
    ax.text(TILE_LEFT, TILE_BOTTOM, line, va="bottom", fontsize=line_size, **common)


def _fit(text: str, width_pt: float, size: float) -> tuple[str, float]:
    """One line if a slightly smaller size makes it fit (down to MIN_TILE_TEXT), else wrapped."""
    wide = mk.text_width(text, size)
    if wide <= width_pt:
        return text, size
    smaller = max(MIN_TILE_TEXT, size * width_pt / wide)
    if mk.text_width(text, smaller) <= width_pt:
        return text, smaller
    return mk.wrap(text, width_pt, smaller), smaller


def _axes_width_pt(ax: Axes) -> float:
    return float(ax.get_window_extent().width) * 72.0 / float(ax.figure.dpi)


def _sub_input(draw: DrawInput, view: str, **options: object) -> DrawInput:
    frame = draw.views[view]
    merged = {mk.IN_CARD: True, **options}
    return replace(draw, frame=frame, views={"main": frame}, options=MappingProxyType(merged))


def _draw_pyramid(panel: SubFigure, draw: DrawInput) -> None:
    tiers = _view(draw, "tiers")
    if tiers is None:
        return
    frame = tiers.copy()
    nation = _view(draw, "tiers_nation")
    if nation is not None:
        # Match by tier code: the city's view may be labelled while the nation's is not.
        shares = dict(zip(mk.codes(nation, "tier"), mk.floats(nation, "share"), strict=True))
        frame["benchmark"] = [shares.get(t, np.nan) for t in mk.codes(frame, "tier")]
    sub = replace(_sub_input(draw, "tiers", base_tier=True, scale_note=False), frame=frame)
    draw_tier_pyramid(cast(Figure, panel), sub)


def _draw_radar(panel: SubFigure, draw: DrawInput) -> None:
    radar = _view(draw, "radar")
    if radar is None:
        return
    frames = [radar.assign(series=mk.label(draw, "all_label", mk.N_("All firms")))]
    lg = _view(draw, "radar_lg")
    if lg is not None:
        frames.append(lg.assign(series=mk.label(draw, "lg_label", mk.N_("Little Giants"))))
    frame = pd.concat(frames, ignore_index=True)
    sub = replace(
        _sub_input(draw, "radar", benchmark_label="Nation"), frame=frame, views={"main": frame}
    )
    draw_radar(cast(Figure, panel), sub)


def _draw_industries(ax: Axes, draw: DrawInput) -> None:
    theme = draw.theme
    frame = _view(draw, "industries")
    ax.set_title(
        draw.gettext("Top industries"), loc="left", fontsize=theme.base_size, fontweight="bold"
    )
    if frame is None:
        ax.set_axis_off()
        return
    names = [mk.wrap(n, INDUSTRY_LABEL_PT, theme.small_size) for n in mk.texts(frame, "category")]
    firms = mk.floats(frame, "value")
    shares = mk.floats(frame, "share") if "share" in frame else np.full(len(frame), np.nan)
    rows = np.arange(len(names))
    ax.barh(rows, np.nan_to_num(firms), color=theme.accent, height=0.62, lw=0)
    top = float(np.nanmax(firms)) if not np.isnan(firms).all() else 1.0
    for row, count, share in zip(rows.tolist(), firms, shares, strict=True):
        text = _count(draw, count)
        if not mk.is_missing(share):
            text += "  " + mk.number_text(share, mk.SHARE, 1, draw.locale)
        ax.text(
            count + top * 0.02, row, text, va="center", fontsize=theme.small_size, color=theme.note
        )
    ax.set_yticks(rows, names, fontsize=theme.small_size)
    ax.set_ylim(len(names) - 0.5, -0.5)
    ax.set_xlim(0, top * 1.45)
    ax.set_xticks([])
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _draw_rank(ax: Axes, draw: DrawInput) -> None:
    theme = draw.theme
    ranking = _view(draw, "ranking")
    ax.set_title(
        draw.gettext("Rank among all cities"),
        loc="left",
        fontsize=theme.base_size,
        fontweight="bold",
    )
    if ranking is None:
        ax.set_axis_off()
        return
    order = np.argsort(mk.floats(ranking, "rank"), kind="stable")
    firms = np.maximum(mk.floats(ranking, "value")[order], 1.0)  # log axis: a floor of one firm
    all_codes = mk.codes(ranking, "category")
    codes = [all_codes[i] for i in order]
    city = mk.codes(draw.frame, "category")[0]
    positions = np.arange(1, len(firms) + 1)
    # One step artist for all cities (hundreds of bars would each be a patch to render).
    ax.stairs(firms, np.arange(0.5, len(firms) + 1), fill=True, color=theme.grid, baseline=1.0)
    if city in codes:
        at = codes.index(city)
        ax.bar(
            [positions[at]],
            [firms[at]],
            width=max(len(firms) / 120, 1.0),
            bottom=1.0,
            color=theme.highlight,
            lw=0,
        )
    ax.set_yscale("log")
    mk.style_axes(ax, theme)
    ax.yaxis.set_major_formatter(lambda y, _pos: mk.axis_text(y, mk.COUNT, draw.locale))
    if city in codes:
        at = codes.index(city)
        label = mk.fill(
            draw.gettext("%(city)s: no. %(rank)s"),
            city=mk.texts(draw.frame, "category")[0],
            rank=_count(draw, _cell(draw.frame, "rank")),
        )
        left = at > len(firms) / 2  # a city near the end is labelled towards the middle
        # A tall bar (a big city) is labelled below its top, inside the axes, clear of the title.
        tall = np.log10(firms[at]) > np.log10(float(firms.max())) * TALL_SHARE
        ax.annotate(
            label,
            (positions[at], firms[at]),
            xytext=(-8 if left else 8, -8 if tall else 14),
            textcoords="offset points",
            ha="right" if left else "left",
            va="top" if tall else "bottom",
            fontsize=theme.small_size,
            color=theme.highlight,
            fontweight="bold",
            arrowprops={"arrowstyle": "-", "color": theme.highlight, "lw": 0.6},
        )
    ax.set_xlim(0, len(firms) + 1)
    ax.set_xlabel(draw.gettext("Cities by number of firms"), fontsize=theme.small_size)
    ax.set_ylabel(draw.gettext("Firms"), fontsize=theme.small_size)


def _footer(panel: SubFigure, draw: DrawInput, withheld: bool, compact: bool) -> None:
    theme = draw.theme
    lines = []
    source = mk.label(draw, "source", mk.N_("Source: compiled by the project team"))
    as_of = draw.options.get("as_of")
    lines.append(
        source
        + ("  ·  " + mk.fill(draw.gettext("Data as of %(date)s"), date=as_of) if as_of else "")
    )
    if withheld:
        lines.append(mk.suppression_note(draw))
    if not compact:  # a short card keeps only the source and the withheld note
        lines.append(draw.gettext(MSG_SCALE_NOTE))
    lines.append(
        draw.gettext(
            "Little Giants: national-level specialised, refined, distinctive "
            "and innovative SMEs; median: the middle firm's value."
        )
    )
    size = theme.small_size - (0.5 if compact else 0.0)
    width_pt = panel.get_window_extent().width * 72.0 / panel.figure.dpi
    text = "\n".join(mk.wrap(line, width_pt * 0.96, size) for line in lines)
    panel.text(
        0.01,
        0.95,
        text,
        ha="left",
        va="top",
        fontsize=size,
        color=theme.note,
        linespacing=1.15 if compact else 1.4,
    )


def _header(panel: SubFigure, draw: DrawInput, title_step: float) -> None:
    theme = draw.theme
    city = mk.texts(draw.frame, "category")[0]
    code = mk.codes(draw.frame, "category")[0]
    panel.text(
        0.01,
        0.62,
        city,
        ha="left",
        va="center",
        fontsize=theme.title_size + title_step,
        fontweight="bold",
        color=theme.text,
    )
    as_of = draw.options.get("as_of")
    detail = mk.fill(draw.gettext("Admin code %(code)s"), code=code)
    if as_of:
        detail += "  ·  " + mk.fill(draw.gettext("Data as of %(date)s"), date=as_of)
    panel.text(
        0.01, 0.16, detail, ha="left", va="center", fontsize=theme.small_size, color=theme.note
    )
    # A thin accent rule under the header separates it from the tiles.
    panel.add_artist(
        Rectangle((0.0, 0.0), 1.0, 0.025, transform=panel.transSubfigure, fc=theme.accent, lw=0)
    )


@chart_kind("city_card", ROLES, alt_text=lambda draw: alt_text(draw))
def draw_city_card(fig: Figure, draw: DrawInput) -> None:
    """Draw the card's blocks: header, KPI tiles, pyramid + radar, industries + rank, footer.

    A figure shorter than a page (an exhibit in a report, not the city edition's page) gets the
    compact layout: one chart row of pyramid and industries; no radar and no rank strip.
    """
    fig.set_layout_engine("none")  # fixed blocks: every city's card has the same layout
    compact = fig.get_figheight() < COMPACT_BELOW_IN
    ratios = COMPACT_BLOCKS if compact else BLOCKS
    blocks = np.asarray(fig.subfigures(len(ratios), 1, height_ratios=ratios)).ravel().tolist()
    header, tiles, *rows, footer = blocks
    _header(header, draw, COMPACT_TITLE_STEP if compact else TITLE_STEP)
    tile_list = _tiles(draw)
    _draw_tiles(tiles, draw, tile_list, COMPACT_BIG_STEP if compact else BIG_SIZE_STEP)
    if compact:
        # Too little room for a legible radar: the median tiles carry the comparison.
        left, right = np.asarray(rows[0].subfigures(1, 2, width_ratios=(1.0, 1.0))).ravel().tolist()
        _draw_pyramid(left, draw)
        grid = right.add_gridspec(1, 1, left=0.36, right=0.97, top=0.86, bottom=0.08)
        _draw_industries(right.add_subplot(grid[0, 0]), draw)
    else:
        panels = np.asarray(rows[0].subfigures(1, 2, width_ratios=(0.9, 1.1)))
        left, right = panels.ravel().tolist()
        _draw_pyramid(left, draw)
        _draw_radar(right, draw)
        grid = rows[1].add_gridspec(
            1, 2, width_ratios=(1.15, 1.0), left=0.2, right=0.98, top=0.88, bottom=0.2, wspace=0.5
        )
        _draw_industries(rows[1].add_subplot(grid[0, 0]), draw)
        _draw_rank(rows[1].add_subplot(grid[0, 1]), draw)
    radar = _view(draw, "radar")
    withheld = any(t.withheld for t in tile_list) or (
        radar is not None and bool(mk.withheld(radar, "value").any())
    )
    _footer(footer, draw, withheld, compact)


def alt_text(draw: DrawInput) -> str:
    """The city, its firms, Little Giants and rank, then what is withheld."""
    tiles = _tiles(draw)
    city = mk.texts(draw.frame, "category")[0]
    sentences = [
        mk.fill(
            draw.gettext(
                "Profile card of %(city)s: %(firms)s SRDI firms, %(lgs)s national-level Little "
                "Giants, rank %(rank)s among cities."
            ),
            city=city,
            firms=tiles[0].value,
            lgs=tiles[1].value,
            rank=tiles[2].value,
        )
    ]
    if any(t.withheld for t in tiles):
        sentences.append(
            mk.fill(
                draw.gettext("Medians over fewer than %(min_cell)s firms are not shown."),
                min_cell=draw.min_cell,
            )
        )
    return join(draw, sentences)
