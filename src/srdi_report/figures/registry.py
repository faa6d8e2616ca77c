"""Chart kinds: ``@chart_kind(name, roles)`` registers a drawing function and the roles it needs.

A kind draws onto a matplotlib Figure from a :class:`DrawInput` whose frames carry role columns
(``category``, ``value`` …) already filtered, sorted and labelled in the edition's language. It
takes translations as a plain callable, never importing ``compose`` (style_guide.md §1).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from srdi_report.registry import Registry

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from srdi_report.figures.theme import Theme


MAIN_VIEW = "main"
SUPPRESSED = "suppressed"  # bool column of every view frame: the row's value was withheld


@dataclass(frozen=True, eq=False)
class DrawInput:
    """Everything a kind may read.

    Attributes:
        frame: The ``main`` view with role columns (codes already replaced by labels).
        views: Every view by name (``main`` included).
        options: The figure spec's options.
        gettext: Translate a message id in the edition's locale.
        locale: Babel locale (``zh_CN``, ``en``).
        theme: Palette, type scale and sizes.
        min_cell: Cells over fewer firms are shown as suppressed.
        figure_id: The exhibit id (for messages).
        title: The translated caption title (kinds do not draw it; alt text may use it).
        unit: The main view's metric unit (``share``, ``count``, ``value`` …, a ``Unit``
            value) for number formats; ``options["unit"]`` overrides it.
        physical_unit: The main view's physical unit (``wan_yuan``, ``items`` …) or "".

    Rows of a frame whose value was withheld below ``min_cell`` have ``suppressed`` True (the
    column :data:`SUPPRESSED` is always present) and NaN values: draw them as withheld.
    """

    frame: pd.DataFrame
    views: Mapping[str, pd.DataFrame]
    options: Mapping[str, object]
    gettext: Callable[[str], str]
    locale: str
    theme: Theme
    min_cell: int = 5
    figure_id: str = ""
    title: str = ""
    unit: str = ""
    physical_unit: str = ""

    def frame_of(self, view: str) -> pd.DataFrame:
        """The frame of a named view (``main`` is :attr:`frame`)."""
        return self.frame if view == MAIN_VIEW else self.views[view]


@dataclass(frozen=True)
class ChartKind:
    """A registered kind: required roles, the drawing function and the alt-text writer."""

    name: str
    roles: tuple[str, ...]
    draw: Callable[[Figure, DrawInput], None]
    alt_text: Callable[[DrawInput], str]


CHART_KINDS: Registry[ChartKind] = Registry("chart kind")


def chart_kind(
    name: str, roles: tuple[str, ...], alt_text: Callable[[DrawInput], str]
) -> Callable[[Callable[[Figure, DrawInput], None]], Callable[[Figure, DrawInput], None]]:
    """Decorator: register ``draw`` as the kind ``name`` needing ``roles`` in its main view."""

    def add(draw: Callable[[Figure, DrawInput], None]) -> Callable[[Figure, DrawInput], None]:
        CHART_KINDS.register(name)(ChartKind(name, roles, draw, alt_text))
        return draw

    return add
