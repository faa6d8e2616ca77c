"""The one look of every chart, as data: palette, type scale, grid and sizes → rcParams.

A statistics office's chart at A4 column width (6.3 in) is quiet: no top or right spine, a light
horizontal grid behind the marks, one accent colour, direct value labels instead of a legend
where the kind allows, and a short type scale (8.5 pt body, 7 pt notes). Kinds read colours and
sizes from :class:`Theme`; nothing else sets a colour or a font size. ``rc_params`` turns a theme
into the rcParams of one ``rc_context`` (never the global ``matplotlib.rcParams``).
"""

from __future__ import annotations

from dataclasses import dataclass

from srdi_report import fonts

SVG_HASH_SALT = "srdi-report"  # fixed salt: SVG ids are the same in every process


@dataclass(frozen=True)
class Theme:
    """Colours (hex), sizes in points; ``palette`` is colour-blind safe and ordered.

    The palette is Okabe–Ito (distinguishable under the common colour-vision deficiencies);
    the first colour is the accent of single-series charts. ``sequential`` runs light to dark
    for heatmaps; ``diverging`` runs low – neutral – high (centred on a reference such as 1.0).
    """

    palette: tuple[str, ...] = (
        "#0072B2",
        "#E69F00",
        "#009E73",
        "#CC79A7",
        "#56B4E9",
        "#D55E00",
        "#F0E442",
        "#000000",
    )
    accent: str = "#0072B2"
    muted: str = "#9AA5B1"
    text: str = "#1F2933"
    grid: str = "#E4E7EB"
    base_size: float = 8.5
    title_size: float = 9.5
    small_size: float = 7.0
    dpi: int = 200
    # Added after the contract (backward compatible: every field has a default).
    highlight: str = "#D55E00"  # one category picked out (the city's own bar)
    secondary: str = "#E69F00"  # the line of a bar + line combo, on its own axis
    axis: str = "#7B8794"  # spines and ticks: lighter than text, darker than the grid
    note: str = "#52606D"  # value labels and notes
    suppressed_fill: str = "#FFFFFF"
    suppressed_edge: str = "#9AA5B1"
    suppressed_hatch: str = "////"
    suppressed_mark: str = "x"  # printed where a withheld value would be
    sequential: tuple[str, ...] = ("#F1F6FB", "#C6DBEF", "#6BAED6", "#2171B5", "#08306B")
    diverging: tuple[str, ...] = ("#B35806", "#F1A340", "#F7F7F7", "#998EC3", "#542788")
    line_width: float = 1.6
    marker_size: float = 4.0
    bar_width: float = 0.68  # fraction of the category step
    grid_width: float = 0.6
    spine_width: float = 0.6
    column_width_in: float = 6.3  # A4 text column: the default figure width

    def color(self, index: int) -> str:
        """The palette colour of series ``index`` (wraps around)."""
        return self.palette[index % len(self.palette)]


DEFAULT_THEME = Theme()


def rc_params(theme: Theme, locale: str) -> dict[str, object]:
    """Return the rcParams of one figure in ``locale``: package fonts, type scale, grid.

    Registers the package fonts of the locale with matplotlib (``fonts.register_matplotlib``,
    cached per process) and puts their families first, so a Chinese label never falls back to
    a system font.
    """
    families = fonts.register_matplotlib(locale)
    return {
        "font.family": list(families),
        "font.size": theme.base_size,
        "text.color": theme.text,
        "axes.labelcolor": theme.text,
        "axes.edgecolor": theme.axis,
        "axes.linewidth": theme.spine_width,
        "axes.titlesize": theme.title_size,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": theme.base_size,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,  # kinds turn the grid on for their value axis only
        "axes.axisbelow": True,
        "axes.prop_cycle": _cycler(theme.palette),
        "grid.color": theme.grid,
        "grid.linewidth": theme.grid_width,
        "grid.linestyle": "-",
        "xtick.color": theme.axis,
        "ytick.color": theme.axis,
        "xtick.labelcolor": theme.text,
        "ytick.labelcolor": theme.text,
        "xtick.labelsize": theme.small_size + 0.5,
        "ytick.labelsize": theme.small_size + 0.5,
        "xtick.major.width": theme.spine_width,
        "ytick.major.width": theme.spine_width,
        "xtick.major.size": 3.0,
        "ytick.major.size": 3.0,
        "legend.fontsize": theme.small_size + 0.5,
        "legend.frameon": False,
        "lines.linewidth": theme.line_width,
        "lines.markersize": theme.marker_size,
        "hatch.color": theme.suppressed_edge,
        "hatch.linewidth": 0.6,
        "figure.dpi": theme.dpi,
        "savefig.dpi": theme.dpi,
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "figure.constrained_layout.h_pad": 0.04,
        "figure.constrained_layout.w_pad": 0.04,
        "svg.fonttype": "path",  # self-contained SVG: text as outlines (fonts.md §5)
        "svg.hashsalt": SVG_HASH_SALT,
        "pdf.fonttype": 42,
        "axes.unicode_minus": True,
        "path.simplify": True,
    }


def _cycler(colors: tuple[str, ...]) -> object:
    from cycler import cycler  # matplotlib's own dependency

    return cycler(color=list(colors))
