"""The theme: palette as data, package fonts first, fixed SVG salt."""

from __future__ import annotations

from pathlib import Path

from matplotlib import font_manager, rc_context

from srdi_report import fonts
from srdi_report.figures.theme import DEFAULT_THEME, SVG_HASH_SALT, Theme, rc_params

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def test_palette_is_okabe_ito_and_wraps() -> None:
    assert DEFAULT_THEME.palette == OKABE_ITO
    assert DEFAULT_THEME.color(8) == "#0072B2"
    assert Theme(palette=("#111111",)).color(3) == "#111111"


def test_rc_params_put_the_package_fonts_first_and_fix_the_svg() -> None:
    params = rc_params(DEFAULT_THEME, "zh_CN")
    assert params["font.family"] == fonts.register_matplotlib("zh_CN")
    assert params["font.family"][0] == "SRDI Sans SC"  # type: ignore[index]
    assert params["svg.hashsalt"] == SVG_HASH_SALT
    assert params["svg.fonttype"] == "path"
    assert params["savefig.dpi"] == 200
    assert params["font.size"] == 8.5


def test_families_resolve_to_the_cached_package_fonts_not_system_fonts() -> None:
    cache = {face.regular.parent for face in fonts.faces_for_locale("zh_CN")}
    for locale in ("zh_CN", "en"):
        with rc_context(rc_params(DEFAULT_THEME, locale)):  # type: ignore[arg-type]
            for weight in ("normal", "bold"):
                found = font_manager.findfont(
                    font_manager.FontProperties(weight=weight), fallback_to_default=False
                )
                assert not found.startswith("/usr/share/fonts")
                if locale == "zh_CN":
                    assert Path(found).parent in cache
