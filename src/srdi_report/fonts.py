"""The report's fonts: static regular and bold TrueType faces built once from PyPI font packages.

The sources are variable fonts shipped in wheels (never system fonts): Noto Sans SC from
``justmytype-intl-cjk`` for Chinese text and Noto Sans from ``fontpkg-noto-sans`` for Latin-only
text. ReportLab and matplotlib cannot pick a weight from a variable font, so each source is
instantiated at wght 400 and 700 (fonts.md §1, route C) and cached on disk under
``<cache_dir>/fonts/<key>/``, where the key hashes the source bytes, the build recipe and the
fontTools version (another instancer may give other bytes).

The whole font is kept, not a subset: firm and city names may use any character the source
covers (U+9555, U+73FA, U+5803 are outside GB2312), the build runs once per cache, and
renderers subset at embed time anyway. ``check_coverage`` fails a build before a character
would silently print as an empty box.

The families are renamed ("SRDI Sans SC", "SRDI Sans") so that matplotlib never resolves them to
the Debian Noto CJK fonts it also scans (fonts.md §5).
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from srdi_report.errors import BuildError, UnknownNameError

# Bump when the build below changes its output, so old caches are not reused.
RECIPE_VERSION = "1"
REGULAR_WEIGHT = 400
BOLD_WEIGHT = 700
CACHE_ENV = "SRDI_CACHE_DIR"
LICENCE_FILE = "OFL.txt"

# Unicode categories that never need a glyph: controls, format characters, separators.
_NO_GLYPH_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


class FontCoverageError(BuildError):
    """A text holds characters the chosen font cannot draw (they would print as empty boxes)."""

    def __init__(self, family: str, missing: tuple[str, ...]) -> None:
        self.family = family
        self.missing = missing
        listed = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing)
        super().__init__(f"font {family!r} has no glyph for {len(missing)} characters: {listed}")


@dataclass(frozen=True)
class FontSource:
    """Where a script's variable font comes from and how its static faces are named."""

    script: str
    family: str
    ps_name: str
    package: str  # import name of the PyPI font package
    pip_name: str  # what to install when it is missing
    font: str  # path of the variable font inside the package
    licence: str  # path of the OFL text inside the package
    axes: tuple[tuple[str, float], ...]  # pinned axes besides wght
    upstream_family: str = ""  # the family readers may have installed (DOCX names it)


# The table of sources, one row per script.
SOURCES: dict[str, FontSource] = {
    "cjk": FontSource(
        script="cjk",
        family="SRDI Sans SC",
        ps_name="SRDISansSC",
        package="justmytype_intl_cjk",
        pip_name="justmytype-intl-cjk",
        font="fonts/ofl/notosanssc/NotoSansSC[wght].ttf",
        licence="fonts/ofl/notosanssc/OFL.txt",
        axes=(),
        upstream_family="Noto Sans SC",
    ),
    "latin": FontSource(
        script="latin",
        family="SRDI Sans",
        ps_name="SRDISans",
        package="fontpkg_noto_sans",
        pip_name="fontpkg-noto-sans",
        font="files/NotoSans[wdth,wght].ttf",
        licence="LICENSE",
        axes=(("wdth", 100.0),),
        upstream_family="Noto Sans",
    ),
}

# Scripts used for the text of each locale, first the body face. Keys are Babel locales; a
# language alone ("zh") is the fallback for its regions.
LOCALE_SCRIPTS: dict[str, tuple[str, ...]] = {
    "zh": ("cjk",),
    "zh_CN": ("cjk",),
    "en": ("latin",),
}


# Faces for what the body faces cannot draw, by locale: the Latin face has no stars, arrows or
# relations (U+2605, U+2192, U+2265), which the CJK face has. Only such characters use them.
LOCALE_FALLBACK_SCRIPTS: dict[str, tuple[str, ...]] = {
    "zh": (),
    "zh_CN": (),
    "en": ("cjk",),
}


@dataclass(frozen=True)
class FontFace:
    """A static regular and bold face of one family, ready for ReportLab and matplotlib."""

    family: str  # "SRDI Sans SC" / "SRDI Sans"
    regular: Path
    bold: Path
    script: str  # "cjk" | "latin"


def default_cache_dir() -> Path:
    """The cache root: ``$SRDI_CACHE_DIR`` if set, else ``.cache`` under the working directory."""
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else Path(".cache")


def font_face(script: str, cache_dir: Path | None = None) -> FontFace:
    """Return the static faces of a script, building them into the cache on first use.

    Args:
        script: A key of ``SOURCES`` ("cjk" or "latin").
        cache_dir: Cache root; fonts go to ``<cache_dir>/fonts/<key>/``. Defaults to
            ``default_cache_dir()``.

    Returns:
        The face with absolute paths of its regular (400) and bold (700) TrueType files.

    Raises:
        UnknownNameError: The script is not in ``SOURCES``.
        BuildError: The font package is not installed or the build failed.
    """
    root = (cache_dir if cache_dir is not None else default_cache_dir()).resolve()
    return _font_face(script, root)


@functools.cache
def _font_face(script: str, root: Path) -> FontFace:
    from fontTools import version as fonttools_version

    source = _source(script)
    font_path, licence_path = _package_files(source)
    digest = hashlib.sha256(font_path.read_bytes())
    recipe = f"|recipe={RECIPE_VERSION}|fonttools={fonttools_version}|{source.family}|{source.axes}"
    digest.update(recipe.encode())
    folder = root / "fonts" / digest.hexdigest()[:16]
    regular = folder / f"{source.ps_name}-Regular.ttf"
    bold = folder / f"{source.ps_name}-Bold.ttf"
    licence = folder / LICENCE_FILE
    targets = ((regular, REGULAR_WEIGHT), (bold, BOLD_WEIGHT))
    if not all(path.is_file() for path in (regular, bold, licence)):
        folder.mkdir(parents=True, exist_ok=True)
        # The lock stops parallel test workers building the same 30 s font twice; the
        # temp-and-rename write keeps a crashed build from leaving a half-written font.
        with _locked(folder / ".lock"):
            for path, weight in targets:
                if not path.is_file():
                    _write_atomic(path, build_static_font(font_path, source, weight))
            if not licence.is_file():
                _write_atomic(licence, licence_path.read_bytes())
    return FontFace(family=source.family, regular=regular, bold=bold, script=script)


def faces_for_locale(locale: str, cache_dir: Path | None = None) -> tuple[FontFace, ...]:
    """Return the faces for the text of a locale, the body face first.

    Args:
        locale: A Babel locale such as "zh_CN" or "en"; "en_GB" falls back to "en".
        cache_dir: As for ``font_face``.

    Raises:
        UnknownNameError: No row of ``LOCALE_SCRIPTS`` matches the locale.
    """
    return tuple(font_face(script, cache_dir) for script in scripts_for_locale(locale))


def scripts_for_locale(locale: str) -> tuple[str, ...]:
    """The scripts of ``LOCALE_SCRIPTS`` for a locale, trying the full tag, then its language."""
    return _lookup_locale(LOCALE_SCRIPTS, locale)


def fallback_faces(locale: str, cache_dir: Path | None = None) -> tuple[FontFace, ...]:
    """Faces for characters the locale's body faces lack (``LOCALE_FALLBACK_SCRIPTS``)."""
    scripts = _lookup_locale(LOCALE_FALLBACK_SCRIPTS, locale)
    return tuple(font_face(script, cache_dir) for script in scripts)


def font_runs(
    text: str, locale: str, cache_dir: Path | None = None
) -> tuple[tuple[str, FontFace], ...]:
    """Split ``text`` into runs, each drawn by one face.

    Every character goes to the first body face that has it, else to the first fallback face
    that has it, else to the body face (``check_locale_coverage`` reports those). Spaces and
    controls stay in the run they are in. ReportLab has no per-glyph fallback, so a renderer
    wraps each run that is not in the body face in its own font.

    Returns:
        ``(text, face)`` pairs in order; their texts join to ``text``.
    """
    body = faces_for_locale(locale, cache_dir)
    faces = body
    if any(_drawable(ch) and not _covered_by(ch, body) for ch in text):
        faces = body + fallback_faces(locale, cache_dir)  # built only when needed
    runs: list[tuple[str, FontFace]] = []
    for ch in text:
        if not _drawable(ch) and runs:
            face = runs[-1][1]
        else:
            face = next((f for f in faces if ord(ch) in _coverage(f)), body[0])
        if runs and runs[-1][1] == face:
            runs[-1] = (runs[-1][0] + ch, face)
        else:
            runs.append((ch, face))
    return tuple(runs)


def check_locale_coverage(text: str, locale: str, cache_dir: Path | None = None) -> None:
    """Fail when neither the body nor the fallback faces of a locale can draw ``text``.

    Raises:
        FontCoverageError: Lists the characters no face of the locale has.
    """
    faces = faces_for_locale(locale, cache_dir) + fallback_faces(locale, cache_dir)
    missing = tuple(
        sorted({ch for ch in text if _drawable(ch) and not _covered_by(ch, faces)}, key=ord)
    )
    if missing:
        raise FontCoverageError(" / ".join(face.family for face in faces), missing)


def _lookup_locale(table: dict[str, tuple[str, ...]], locale: str) -> tuple[str, ...]:
    tag = locale.replace("-", "_")
    for key in (tag, tag.split("_")[0]):
        if key in table:
            return table[key]
    known = ", ".join(sorted(table))
    raise UnknownNameError(f"no fonts for locale {locale!r}. Known: {known}")


def upstream_families(locale: str) -> tuple[str, ...]:
    """The published family names of a locale's faces ("Noto Sans SC"), body face first.

    A DOCX cannot embed our cached files, so it names a family readers may have installed
    rather than the renamed static one (fonts.md §6).
    """
    return tuple(_source(script).upstream_family for script in scripts_for_locale(locale))


def missing_glyphs(text: str, face: FontFace) -> tuple[str, ...]:
    """Characters of ``text`` that the face has no glyph for, unique and in code-point order.

    Whitespace, controls and format characters (zero-width joiners, soft hyphens) are ignored:
    no renderer draws them.
    """
    covered = _coverage(face)
    wanted = {ch for ch in text if _drawable(ch)}
    return tuple(sorted((ch for ch in wanted if ord(ch) not in covered), key=ord))


def check_coverage(text: str, face: FontFace) -> None:
    """Fail when the face cannot draw every character of ``text``.

    Raises:
        FontCoverageError: Lists each missing character with its code point.
    """
    missing = missing_glyphs(text, face)
    if missing:
        raise FontCoverageError(face.family, missing)


def register_matplotlib(locale: str, cache_dir: Path | None = None) -> list[str]:
    """Add both weights of the locale's faces to matplotlib; return the ``font.family`` list.

    Safe to call repeatedly: a file already in the font manager is not added again. The
    caller sets ``rcParams["font.family"]`` to the result (the figure theme owns rcParams).
    """
    from matplotlib import font_manager

    faces = faces_for_locale(locale, cache_dir)
    # Asking the manager itself (not a set kept here) stays right if matplotlib reloads it.
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for face in faces:
        for path in (face.regular, face.bold):
            if str(path) not in known:
                font_manager.fontManager.addfont(str(path))
    return [face.family for face in faces]


def build_static_font(font_path: Path, source: FontSource, weight: int) -> bytes:
    """Instantiate the variable font at ``weight`` and return the static TrueType bytes.

    The output is byte-reproducible: the source's head timestamps are kept.
    """
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    # A fresh load instanced in place: copying a loaded 31,000-glyph font costs more than
    # reading it again.
    font = TTFont(str(font_path), recalcTimestamp=False)
    location: dict[str, float] = {"wght": float(weight), **dict(source.axes)}
    static = instancer.instantiateVariableFont(
        font, location, inplace=True, static=True, updateFontNames=True
    )
    _rename(static, source, weight)
    out = io.BytesIO()
    static.save(out, reorderTables=True)
    return out.getvalue()


def _rename(font: object, source: FontSource, weight: int) -> None:
    """Give the static face our family name and RIBBI style bits (regular or bold)."""
    from fontTools.ttLib import TTFont

    assert isinstance(font, TTFont)
    bold = weight >= BOLD_WEIGHT
    style = "Bold" if bold else "Regular"
    ps_name = f"{source.ps_name}-{style}"
    full = f"{source.family} {style}" if bold else source.family
    name = font["name"]
    # Typographic family/style names (16/17), variation prefixes (25) and the instance's
    # localized names would let other tools find the Noto family name again.
    name.names = [rec for rec in name.names if rec.nameID not in (1, 2, 3, 4, 6, 16, 17, 25)]
    for name_id, value in (
        (1, source.family),
        (2, style),
        (3, f"{ps_name};{RECIPE_VERSION}"),
        (4, full),
        (6, ps_name),
    ):
        name.setName(value, name_id, 3, 1, 0x409)
    os2 = font["OS/2"]
    os2.usWeightClass = weight
    # fsSelection: bit 5 bold, bit 6 regular; head.macStyle bit 0 bold (OpenType spec).
    os2.fsSelection = (os2.fsSelection & ~0x61) | (0x20 if bold else 0x40)
    head = font["head"]
    head.macStyle = (head.macStyle & ~0x1) | (0x1 if bold else 0x0)


def _source(script: str) -> FontSource:
    if script not in SOURCES:
        known = ", ".join(sorted(SOURCES))
        raise UnknownNameError(f"unknown font script {script!r}. Known: {known}")
    return SOURCES[script]


def _package_files(source: FontSource) -> tuple[Path, Path]:
    """Paths of the variable font and its licence inside the installed package."""
    try:
        root = resources.files(source.package)
    except ModuleNotFoundError as exc:
        raise BuildError(
            f"font package {source.pip_name!r} is not installed; run: pip install {source.pip_name}"
        ) from exc
    paths = (Path(str(root / source.font)), Path(str(root / source.licence)))
    for path in paths:
        if not path.is_file():
            raise BuildError(f"font package {source.pip_name!r} has no file {path}")
    return paths


def _drawable(ch: str) -> bool:
    """Whether a character needs a glyph (not a space, control or format character)."""
    return unicodedata.category(ch) not in _NO_GLYPH_CATEGORIES


@functools.cache
def _coverage(face: FontFace) -> frozenset[int]:
    """Code points both weights of a face can draw."""
    return _cmap(face.regular) & _cmap(face.bold)


def _covered_by(ch: str, faces: tuple[FontFace, ...]) -> bool:
    return any(ord(ch) in _coverage(face) for face in faces)


@functools.cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        Path(tmp).chmod(0o644)  # mkstemp creates 0600; the cache is shared like any build output
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` (no-op where fcntl does not exist)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with path.open("a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
