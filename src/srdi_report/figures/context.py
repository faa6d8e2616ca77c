"""figure_context(): one figure drawn under the theme's rcParams, saved without timestamps.

Figures are ``matplotlib.figure.Figure`` objects on an Agg canvas, never pyplot's global figure
list, so nothing outlives the ``with`` block; rcParams apply through ``rc_context`` only. PNG is
saved with ``metadata={"Software": None}`` and SVG with ``{"Date": None}`` and the theme's fixed
``svg.hashsalt``: the same input gives the same bytes in every process (fonts.md §5).
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")  # headless: the factory never opens a window

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from srdi_report.errors import SrdiError
from srdi_report.figures.theme import Theme, rc_params

# matplotlib warns "Glyph 38229 (...) missing from font(s) ..." and draws an empty box; a
# report must never print a box where a character should be, so the warning is an error.
_MISSING_GLYPH = r"Glyph \d+ .* missing from font"

PNG_METADATA: dict[str, str | None] = {"Software": None}
SVG_METADATA: dict[str, str | None] = {"Date": None}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class MissingGlyphError(SrdiError):
    """A label has a character the package fonts do not cover (it would print as a box)."""


@contextmanager
def figure_context(theme: Theme, locale: str, size: tuple[float, float]) -> Iterator[Figure]:
    """Yield an empty constrained-layout figure of ``size`` inches under the theme.

    The rcParams, the missing-glyph check and the figure itself last for the ``with`` block;
    save it inside the block with :func:`png_bytes` and :func:`svg_bytes`.

    Raises:
        MissingGlyphError: a text needs a glyph the fonts lack (raised while saving).
    """
    with rc_context(rc_params(theme, locale)), warnings.catch_warnings():  # type: ignore[arg-type]
        warnings.filterwarnings("error", message=_MISSING_GLYPH)
        figure = Figure(figsize=size, dpi=theme.dpi, layout="constrained")
        FigureCanvasAgg(figure)
        try:
            yield figure
        except UserWarning as warning:
            if "missing from font" in str(warning):
                raise MissingGlyphError(str(warning)) from None
            raise
        finally:
            figure.clear()  # drop artists now: a pool worker draws many figures


def png_bytes(figure: Figure, dpi: int) -> bytes:
    """The figure as PNG at ``dpi``, without the Software tag (byte-stable)."""
    return _save(figure, "png", dpi, PNG_METADATA)


def svg_bytes(figure: Figure) -> bytes:
    """The figure as SVG with text as paths, no date, fixed hash salt (byte-stable)."""
    return _save(figure, "svg", figure.dpi, SVG_METADATA)


def _save(figure: Figure, fmt: str, dpi: float, metadata: dict[str, str | None]) -> bytes:
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata)
    except UserWarning as warning:
        if "missing from font" in str(warning):
            raise MissingGlyphError(str(warning)) from None
        raise
    return buffer.getvalue()


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels from a PNG's IHDR chunk."""
    if not png.startswith(_PNG_SIGNATURE):
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def figure_texts(figure: Figure) -> tuple[str, ...]:
    """Every non-empty visible text of the figure (titles, ticks, labels, annotations), in order.

    With ``svg.fonttype = "path"`` the SVG holds outlines, not text; this is what a test reads
    to check that an English figure has no Chinese character.
    """
    texts = []
    for artist in figure.findobj(Text):
        if isinstance(artist, Text) and artist.get_visible():
            text = artist.get_text()
            if text:
                texts.append(text)
    return tuple(texts)
