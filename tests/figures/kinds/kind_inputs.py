"""Hand-made DrawInputs for the chart-kind tests: frames as the factory would pass them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

import srdi_report.figures.kinds  # noqa: F401 (registers every kind)
from srdi_report.figures.context import figure_context, figure_texts, png_bytes
from srdi_report.figures.registry import CHART_KINDS, SUPPRESSED, DrawInput
from srdi_report.figures.theme import Theme

NAN = float("nan")
THEME = Theme()
HAN = (0x3400, 0x9FFF)


@dataclass(frozen=True)
class Drawn:
    """What a test reads from one drawing: PNG bytes, every visible text, the alt text."""

    png: bytes
    texts: tuple[str, ...]
    alt_text: str

    @property
    def lines(self) -> tuple[str, ...]:
        """Every text line (multi-line texts such as notes split at their breaks)."""
        return tuple(line for text in self.texts for line in text.split("\n"))


def frame(withheld: tuple[int, ...] = (), **columns: object) -> pd.DataFrame:
    """A role frame with the factory's ``suppressed`` column (rows in ``withheld`` flagged)."""
    built = pd.DataFrame(columns)
    built[SUPPRESSED] = np.isin(np.arange(len(built)), withheld)
    return built


def make_input(
    main: pd.DataFrame,
    locale: str = "en",
    *,
    views: Mapping[str, pd.DataFrame] | None = None,
    options: Mapping[str, object] | None = None,
    unit: str = "",
) -> DrawInput:
    """A DrawInput whose gettext returns the message id (msgids are English)."""
    all_views = {"main": main, **(views or {})}
    return DrawInput(
        frame=main,
        views=MappingProxyType(all_views),
        options=MappingProxyType(dict(options or {})),
        gettext=lambda message: message,
        locale=locale,
        theme=THEME,
        min_cell=5,
        unit=unit,
    )


def draw(kind: str, inp: DrawInput, size: tuple[float, float] = (6.3, 3.6)) -> Drawn:
    """Draw ``inp`` with the registered kind under the theme, as the factory does."""
    chart = CHART_KINDS.get(kind)
    with figure_context(THEME, inp.locale, size) as figure:
        chart.draw(figure, inp)
        png = png_bytes(figure, THEME.dpi)
        texts = figure_texts(figure)
    return Drawn(png=png, texts=texts, alt_text=chart.alt_text(inp))


def has_han(texts: tuple[str, ...]) -> bool:
    """Whether any text holds a Han character (an English figure must not)."""
    return any(HAN[0] <= ord(ch) <= HAN[1] for text in texts for ch in text)
