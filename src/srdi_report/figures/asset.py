"""A drawn figure: the bytes the renderers embed, the data drawn and its alt text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FigureAsset:
    """One figure in one locale.

    Attributes:
        figure_id: Stable exhibit id.
        locale: Babel locale (``zh_CN``, ``en``).
        png: PNG bytes at 200 dpi, fixed metadata.
        svg: SVG bytes (text as paths, fixed hash salt, no date).
        csv: UTF-8 CSV of the data drawn (role columns, unformatted numbers).
        alt_text: What the chart shows and its headline, in the locale's language.
        width_px: PNG width in pixels.
        height_px: PNG height in pixels.
        suppressed: Keys of cells withheld below ``min_cell`` and shown as such.
        texts: Every text drawn in the image (ticks, labels, notes), in drawing order; the SVG
            holds text as outlines, so this is how a test reads what the image says.
        key: Content hash of spec, data, theme, locale and code (``factory.figure_key``).
    """

    figure_id: str
    locale: str
    png: bytes
    svg: bytes
    csv: bytes
    alt_text: str
    width_px: int
    height_px: int
    suppressed: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    key: str = ""
