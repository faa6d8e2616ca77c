"""The one look of every chart, as data: palette, type scale, grid and sizes → rcParams."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """Colours (hex), sizes in points; ``palette`` is colour-blind safe and ordered."""

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
