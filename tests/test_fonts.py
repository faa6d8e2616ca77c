"""The static report fonts: weights, names, matplotlib resolution, coverage, reproducibility.

Building a face costs 10–40 s, so every test shares the repository's ``.cache`` (git-ignored;
``SRDI_CACHE_DIR`` overrides it), built once by whichever test or process comes first.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import io
import os
import re
import shutil
import warnings
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from srdi_report import fonts
from srdi_report.data.reference_files import read_reference_csv
from srdi_report.errors import BuildError, SrdiError, UnknownNameError

REPO_ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@pytest.fixture(scope="session")
def cache_dir() -> Path:
    return Path(os.environ.get(fonts.CACHE_ENV, REPO_ROOT / ".cache"))


@pytest.fixture(scope="session")
def cjk(cache_dir: Path) -> fonts.FontFace:
    return fonts.font_face("cjk", cache_dir)


@pytest.fixture(scope="session")
def latin(cache_dir: Path) -> fonts.FontFace:
    return fonts.font_face("latin", cache_dir)


@pytest.mark.parametrize(
    ("script", "family", "ps_name"),
    [("cjk", "SRDI Sans SC", "SRDISansSC"), ("latin", "SRDI Sans", "SRDISans")],
)
def test_both_weights_are_static_with_our_names(
    cache_dir: Path, script: str, family: str, ps_name: str
) -> None:
    face = fonts.font_face(script, cache_dir)
    assert face.family == family
    assert face.script == script
    expected = {face.regular: (400, "Regular", 0x40, 0), face.bold: (700, "Bold", 0x20, 1)}
    for path, (weight, style, fs_bit, mac_bold) in expected.items():
        assert path.is_file()
        assert path.parent.parent == (cache_dir / "fonts").resolve()
        with TTFont(str(path)) as font:
            assert "fvar" not in font
            assert "gvar" not in font
            assert font["OS/2"].usWeightClass == weight
            assert font["OS/2"].fsSelection & 0x61 == fs_bit
            assert font["head"].macStyle & 1 == mac_bold
            assert font["name"].getDebugName(1) == family
            assert font["name"].getDebugName(2) == style
            assert font["name"].getDebugName(6) == f"{ps_name}-{style}"
            assert font["name"].getDebugName(16) is None  # no way back to "Noto Sans SC"
    licence = face.regular.parent / fonts.LICENCE_FILE
    assert "SIL Open Font License" in licence.read_text(encoding="utf-8")


def test_bold_is_really_heavier(cjk: fonts.FontFace) -> None:
    # The instancer must apply the wght deltas: bold strokes make a wider glyph box for the
    # same character (at Thin, wrong advances were the known pitfall of fonts.md §1).
    def bounds(path: Path) -> tuple[int, int]:
        with TTFont(str(path)) as font:
            glyph_name = font.getBestCmap()[ord("A")]
            glyph = font["glyf"][glyph_name]
            glyph.recalcBounds(font["glyf"])
            return font["hmtx"][glyph_name][0], glyph.xMax - glyph.xMin

    regular, bold = bounds(cjk.regular), bounds(cjk.bold)
    assert regular[0] < bold[0]
    assert regular[1] < bold[1]


def test_faces_for_locale_come_from_the_table(cache_dir: Path) -> None:
    (zh,) = fonts.faces_for_locale("zh_CN", cache_dir)
    assert zh.script == "cjk"
    assert fonts.faces_for_locale("zh", cache_dir) == (zh,)
    (en,) = fonts.faces_for_locale("en", cache_dir)
    assert en.script == "latin"
    assert fonts.faces_for_locale("en_GB", cache_dir) == (en,)
    with pytest.raises(UnknownNameError, match="no fonts for locale 'fr'"):
        fonts.faces_for_locale("fr", cache_dir)
    with pytest.raises(UnknownNameError, match="Known: cjk, latin"):
        fonts.font_face("arabic", cache_dir)


def test_font_face_is_memoised(cache_dir: Path, cjk: fonts.FontFace) -> None:
    assert fonts.font_face("cjk", cache_dir) is cjk


def test_rare_name_characters_are_covered(cjk: fonts.FontFace) -> None:
    # Outside GB2312, common in personal and firm names (fonts.md §1).
    assert fonts.missing_glyphs("镕珺堃龘", cjk) == ()
    fonts.check_coverage("朱镕基、王珺、李堃：10.57%（约1.8万家）", cjk)


@pytest.mark.parametrize(
    ("name", "at_least"), [("cities.csv", 400), ("counties.csv", 1000), ("provinces.csv", 50)]
)
def test_every_place_name_is_covered(cjk: fonts.FontFace, name: str, at_least: int) -> None:
    table = read_reference_csv(name)
    text = "".join(table[column].str.cat() for column in table.columns)
    han = set(HAN.findall(text))
    assert len(han) > at_least  # really read the names
    assert fonts.missing_glyphs("".join(sorted(han)), cjk) == ()


def test_missing_glyphs_lists_what_the_face_cannot_draw(
    cjk: fonts.FontFace, latin: fonts.FontFace
) -> None:
    # U+2A6D6 (Ext B, a 4-character ideograph) is not in Noto Sans SC.
    rare = "\U0002a6d6"
    assert fonts.missing_glyphs(f"a {rare}b\u200b\t\n", cjk) == (rare,)
    # The Latin face has no Han; each missing character once, in code-point order.
    assert fonts.missing_glyphs("苏州 Suzhou 苏", latin) == ("州", "苏")
    assert fonts.missing_glyphs("Suzhou 10.57% \u2212 \u2013 \u2014 “CNY”", latin) == ()


def test_check_coverage_raises_a_typed_error(latin: fonts.FontFace) -> None:
    with pytest.raises(fonts.FontCoverageError) as caught:
        fonts.check_coverage("Wuxi 无锡", latin)
    error = caught.value
    assert isinstance(error, BuildError)
    assert isinstance(error, SrdiError)
    assert error.missing == ("无", "锡")
    assert "U+65E0" in str(error)
    assert "SRDI Sans" in str(error)


def test_matplotlib_resolves_our_files_not_system_noto(cache_dir: Path) -> None:
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties

    for locale, face in (
        ("zh_CN", fonts.font_face("cjk", cache_dir)),
        ("en", fonts.font_face("latin", cache_dir)),
    ):
        families = fonts.register_matplotlib(locale, cache_dir)
        assert families == [face.family]
        entries = len(font_manager.fontManager.ttflist)
        assert fonts.register_matplotlib(locale, cache_dir) == families
        assert len(font_manager.fontManager.ttflist) == entries  # each file added once
        for weight, path in (("normal", face.regular), ("bold", face.bold)):
            found = font_manager.findfont(
                FontProperties(family=families, weight=weight), fallback_to_default=False
            )
            assert Path(found) == path
            assert not found.startswith("/usr/share")


def test_matplotlib_draws_rare_characters_without_warnings(cache_dir: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    families = fonts.register_matplotlib("zh_CN", cache_dir)
    with warnings.catch_warnings(), matplotlib.rc_context({"font.family": families}):
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would fail here
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.set_title("镕珺堃 10.57%", fontweight="bold")
        ax.text(0.1, 0.5, "苏州市 约1.8万")
        fig.canvas.draw()
        plt.close(fig)


def test_cached_faces_are_reused_without_building(
    tmp_path: Path, latin: fonts.FontFace, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "fonts" / latin.regular.parent.name
    shutil.copytree(latin.regular.parent, folder)

    def no_build(*_args: object) -> bytes:
        raise AssertionError("the cached font was rebuilt")

    monkeypatch.setattr(fonts, "build_static_font", no_build)
    face = fonts.font_face("latin", tmp_path)
    assert face.regular == (folder / latin.regular.name).resolve()


def test_missing_licence_is_restored_without_rebuilding_fonts(
    tmp_path: Path, latin: fonts.FontFace, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "fonts" / latin.regular.parent.name
    shutil.copytree(latin.regular.parent, folder)
    (folder / fonts.LICENCE_FILE).unlink()
    monkeypatch.setattr(fonts, "build_static_font", lambda *_a: b"")
    fonts.font_face("latin", tmp_path)
    assert (folder / fonts.LICENCE_FILE).read_bytes().startswith(b"Copyright")
    assert (folder / latin.regular.name).stat().st_size == latin.regular.stat().st_size
    assert not list(folder.glob("*.tmp"))


def test_default_cache_dir_follows_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path))
    assert fonts.default_cache_dir() == tmp_path
    monkeypatch.delenv(fonts.CACHE_ENV)
    assert fonts.default_cache_dir() == Path(".cache")


@pytest.fixture(scope="module")
def small_variable_font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Latin source cut to ASCII letters: still variable, and built in a second."""
    from fontTools import subset

    font_path, _ = fonts._package_files(fonts.SOURCES["latin"])
    options = subset.Options()
    options.recalc_timestamp = False
    options.name_IDs = ["*"]
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF"]
    font = subset.load_font(str(font_path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    subsetter.subset(font)
    out = tmp_path_factory.mktemp("vf") / "small[wdth,wght].ttf"
    font.save(str(out))
    return out


def test_build_is_byte_reproducible(small_variable_font: Path, latin: fonts.FontFace) -> None:
    source = fonts.SOURCES["latin"]
    first = fonts.build_static_font(small_variable_font, source, fonts.BOLD_WEIGHT)
    second = fonts.build_static_font(small_variable_font, source, fonts.BOLD_WEIGHT)
    assert first == second
    # No clock in the output: the head timestamps are the source's, here and in the cache
    # (a rebuild next year gives the same bytes).
    with TTFont(str(small_variable_font)) as src, TTFont(io.BytesIO(first)) as built:
        assert built["head"].modified == src["head"].modified
        assert built["OS/2"].usWeightClass == fonts.BOLD_WEIGHT
        assert "fvar" not in built
    font_path, _ = fonts._package_files(source)
    with TTFont(str(font_path)) as src, TTFont(str(latin.regular)) as cached:
        assert cached["head"].modified == src["head"].modified
        assert cached["head"].created == src["head"].created


def test_parallel_first_use_builds_each_weight_once(
    tmp_path: Path, small_variable_font: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in font package holding the small variable font, so the build takes a second.
    package = tmp_path / "pkg" / "srdi_test_fontpkg"
    (package / "files").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    shutil.copy(small_variable_font, package / "files" / "Small[wdth,wght].ttf")
    (package / "LICENSE").write_text("Copyright test. SIL Open Font License, Version 1.1\n")
    monkeypatch.syspath_prepend(str(tmp_path / "pkg"))
    source = dataclasses.replace(
        fonts.SOURCES["latin"], package="srdi_test_fontpkg", font="files/Small[wdth,wght].ttf"
    )
    monkeypatch.setitem(fonts.SOURCES, "test", source)

    built: list[int] = []
    real_build = fonts.build_static_font

    def counting_build(path: Path, src: fonts.FontSource, weight: int) -> bytes:
        built.append(weight)
        return real_build(path, src, weight)

    monkeypatch.setattr(fonts, "build_static_font", counting_build)
    cache = tmp_path / "cache"
    unmemoised = fonts._font_face.__wrapped__  # each thread must go to the disk
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        faces = list(pool.map(lambda _: unmemoised("test", cache), range(4)))
    assert sorted(built) == [fonts.REGULAR_WEIGHT, fonts.BOLD_WEIGHT]
    assert len({face.regular for face in faces}) == 1
    folder = faces[0].regular.parent
    assert sorted(p.name for p in folder.iterdir()) == [
        ".lock",
        "OFL.txt",
        "SRDISans-Bold.ttf",
        "SRDISans-Regular.ttf",
    ]
    assert oct(faces[0].regular.stat().st_mode & 0o777) == "0o644"


def test_upstream_families_for_docx() -> None:
    assert fonts.upstream_families("zh_CN") == ("Noto Sans SC",)
    assert fonts.upstream_families("en") == ("Noto Sans",)


def test_font_runs_send_only_missing_symbols_to_the_fallback(
    cache_dir: Path, cjk: fonts.FontFace, latin: fonts.FontFace
) -> None:
    assert fonts.fallback_faces("en", cache_dir) == (cjk,)
    assert fonts.fallback_faces("zh_CN", cache_dir) == ()
    runs = fonts.font_runs("Rating ★★★★☆ for R&D ≥ 25%", "en", cache_dir)
    assert runs == (
        ("Rating ", latin),
        ("★★★★☆ ", cjk),
        ("for R&D ", latin),
        ("≥ ", cjk),
        ("25%", latin),
    )
    assert fonts.font_runs("Suzhou 10.57%", "en", cache_dir) == (("Suzhou 10.57%", latin),)
    assert fonts.font_runs("苏州★", "zh_CN", cache_dir) == (("苏州★", cjk),)
    fonts.check_locale_coverage("Rating ★★★★☆ ≥ 25% → 苏州", "en", cache_dir)
    with pytest.raises(fonts.FontCoverageError, match="SRDI Sans / SRDI Sans SC") as caught:
        fonts.check_locale_coverage("a\U0002a6d6", "en", cache_dir)
    assert caught.value.missing == ("\U0002a6d6",)
