"""figure_context: missing glyphs fail, saved bytes carry no tool or date, sizes from the PNG."""

from __future__ import annotations

import pytest

from srdi_report.figures.context import (
    MissingGlyphError,
    figure_context,
    figure_texts,
    png_bytes,
    png_size,
    svg_bytes,
)
from srdi_report.figures.theme import DEFAULT_THEME


def test_a_character_without_glyph_is_an_error() -> None:
    with figure_context(DEFAULT_THEME, "en", (2.0, 1.0)) as figure:
        figure.text(0.5, 0.5, "\U0001f600")  # an emoji: no report font has it
        with pytest.raises(MissingGlyphError, match="missing from font"):
            png_bytes(figure, 72)


def test_mixed_chinese_and_latin_render_in_chinese_figures() -> None:
    with figure_context(DEFAULT_THEME, "zh_CN", (2.0, 1.0)) as figure:
        figure.text(0.1, 0.5, "苏州 Suzhou 14.42% 镕珺堃")
        png = png_bytes(figure, 100)
        assert figure_texts(figure) == ("苏州 Suzhou 14.42% 镕珺堃",)
    assert png_size(png) == (200, 100)


def test_saved_bytes_have_no_software_tag_or_date() -> None:
    with figure_context(DEFAULT_THEME, "en", (2.0, 1.0)) as figure:
        figure.text(0.1, 0.5, "Jiangsu")
        png = png_bytes(figure, 100)
        svg = svg_bytes(figure)
    assert b"matplotlib" not in png.lower()
    assert b"<dc:date>" not in svg
    assert b'id="' in svg  # ids exist and come from the fixed salt, checked across processes


def test_png_size_rejects_other_bytes() -> None:
    with pytest.raises(ValueError, match="not a PNG"):
        png_size(b"GIF89a")
