"""Horizontal ranked bar: categories top to bottom in frame order, a value label on each bar.

Roles: ``category``, ``value``; optional ``series`` (grouped bars, e.g. two levels per honour)
and ``note`` (a count after each category label).
Options: ``highlight`` (a category label or code drawn in the highlight colour), ``reference``
(a value drawn as a dashed line, e.g. the equal share 1/31) with ``reference_label`` (msgid),
``unit`` / ``digits`` (number format), ``value_axis`` (show the value axis; default off, the
labels carry the values).
"""

from __future__ import annotations

from matplotlib.figure import Figure

from srdi_report.figures import marks
from srdi_report.figures.kinds.bar import bars_alt_text, draw_bars, reference_line
from srdi_report.figures.registry import DrawInput, chart_kind

MSG_CHART = "Horizontal bar chart"


def hbar_alt_text(inp: DrawInput) -> str:
    """What the ranked bars show, who leads, the lowest, the reference, what is withheld."""
    return bars_alt_text(inp, MSG_CHART)


@chart_kind("hbar", ("category", "value"), hbar_alt_text)
def draw_hbar(figure: Figure, inp: DrawInput) -> None:
    """Draw horizontal bars, the first row on top (the view's sort decides the order)."""
    ax = figure.add_subplot()
    if inp.frame.empty:
        marks.no_data(ax, inp)
        return
    draw_bars(ax, inp, horizontal=True)
    reference_line(ax, inp, horizontal=True)
