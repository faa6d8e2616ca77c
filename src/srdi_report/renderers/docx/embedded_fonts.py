"""Subset fonts embedded in the DOCX, so Word and LibreOffice set it in the PDF's faces.

The styles name the upstream family ("Noto Sans SC", "Noto Sans"), which few readers have
installed: without the faces, Word and LibreOffice substitute whatever they find, lines and
pages break elsewhere and the file no longer matches the PDF. So the package carries the
regular and bold faces, subset to the characters the document uses, as ECMA-376 obfuscated
fonts (Part 1, §17.8.1: the first 32 bytes XOR-ed with the reversed bytes of a GUID key):
``word/fonts/*.odttf``, referenced from ``word/fontTable.xml`` and switched on in
``word/settings.xml``. The faces are renamed back to the upstream family the styles name.

Reproducible: the key is derived from the subset's bytes and no timestamp is recalculated,
so the same document gives the same package.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import os
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from srdi_report import fonts

FONT_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_TABLE_RELS = "word/_rels/fontTable.xml.rels"
# Characters every document may show though its text runs lack them: field results
# Word recomputes (page numbers) and the table of contents' dot leaders.
ALWAYS = frozenset("0123456789 .,-–—()%")
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_NAMESPACE = uuid.UUID("6f1f4f1e-5a0e-4c8a-9a56-3d2b8f0c7e11")  # our own namespace for keys


@dataclass(frozen=True)
class EmbeddedFace:
    """One obfuscated face in the package."""

    member: str  # "word/fonts/font1.odttf"
    key: str  # "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"
    style: str  # "Regular" | "Bold"
    data: bytes


def document_characters(parts: Iterable[bytes]) -> frozenset[str]:
    """Every character of the text runs (``w:t``) of the given XML parts, plus ``ALWAYS``."""
    chars: set[str] = set(ALWAYS)
    for part in parts:
        for match in _TEXT.finditer(part.decode("utf-8")):
            chars.update(html.unescape(match.group(1)))
    return frozenset(chars)


def subset_face(path: Path, family: str, style: str, characters: frozenset[str]) -> bytes:
    """The face at ``path`` cut to ``characters`` and named ``family`` / ``style``.

    The cut starts from the face's common-character base (:func:`base_face`) when that
    holds every character, five times faster than from the 30,000-glyph face: a city batch
    renders hundreds of DOCX files.
    """
    from fontTools.ttLib import TTFont

    base = base_face(path)
    source = TTFont(io.BytesIO(base), recalcTimestamp=False, recalcBBoxes=False)
    wanted = {ord(ch) for ch in characters}
    if not wanted <= set(source.getBestCmap()) and (wanted & _full_cmap(path)) - set(
        source.getBestCmap()
    ):
        source = TTFont(str(path), recalcTimestamp=False, recalcBBoxes=False)
    return _subset(source, wanted, family, style)


def _subset(font: object, unicodes: set[int], family: str, style: str) -> bytes:
    """Cut ``font`` to ``unicodes`` (those it has), name it and return its bytes.

    Layout features are kept (CJK punctuation forms, kerning) and glyph names dropped.
    Glyphs are copied as they are: recalculating bounding boxes or dropping hinting would
    decompile and recompile every glyph, 40 times slower for the same outlines.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    assert isinstance(font, TTFont)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.glyph_names = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    cmap = font.getBestCmap()
    subsetter.populate(unicodes=sorted(u for u in unicodes if u in cmap))
    subsetter.subset(font)
    if family:
        _name(font, family, style)
    out = io.BytesIO()
    font.save(out, reorderTables=True)
    return out.getvalue()


# The base holds what a report can print: the GB2312 repertoire, Latin, punctuation and the
# symbol blocks (arrows, maths, shapes, stars); a character outside it falls back to the face.
BASE_BLOCKS = (
    (0x20, 0x250), (0x2000, 0x2070), (0x2100, 0x2300), (0x2460, 0x2500), (0x25A0, 0x2700),
    (0x3000, 0x3040), (0xFF00, 0xFFF0),
)  # fmt: skip


@functools.cache
def base_face(path: Path) -> bytes:
    """The face cut to its common characters, built once beside it (``docx-base-*.ttf``)."""
    cached = path.with_name(f"docx-base-{path.name}")
    if cached.is_file():
        return cached.read_bytes()
    from fontTools.ttLib import TTFont

    wanted = {cp for lo, hi in BASE_BLOCKS for cp in range(lo, hi)} | _gb2312()
    font = TTFont(str(path), recalcTimestamp=False, recalcBBoxes=False)
    data = _subset(font, wanted, "", "")
    temp = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
    temp.write_bytes(data)
    temp.replace(cached)  # atomic: parallel workers may build it at the same time
    return data


def _gb2312() -> set[int]:
    found = set()
    for cp in range(0x80, 0x10000):
        try:
            chr(cp).encode("gb2312")
        except UnicodeEncodeError:
            continue
        found.add(cp)
    return found


@functools.cache
def _full_cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(path), lazy=True).getBestCmap())


def _name(font: object, family: str, style: str) -> None:
    """Name the face as the styles do, so the embedded face is the one they pick."""
    from fontTools.ttLib import TTFont

    assert isinstance(font, TTFont)
    ps_family = family.replace(" ", "")
    table = font["name"]
    table.names = [r for r in table.names if r.nameID not in (1, 2, 3, 4, 6, 16, 17)]
    full = family if style == "Regular" else f"{family} {style}"
    for name_id, value in (
        (1, family),
        (2, style),
        (3, f"{ps_family}-{style};srdi-report subset"),
        (4, full),
        (6, f"{ps_family}-{style}"),
    ):
        table.setName(value, name_id, 3, 1, 0x409)


def font_key(data: bytes) -> str:
    """A GUID key derived from the face's bytes (stable, unlike a random key)."""
    digest = hashlib.sha256(data).hexdigest()
    return "{" + str(uuid.uuid5(_NAMESPACE, digest)).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 font obfuscation: XOR the first 32 bytes with the key's reversed bytes."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ guid[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def embedded_faces(locale: str, characters: frozenset[str]) -> tuple[str, tuple[EmbeddedFace, ...]]:
    """The body family of ``locale`` and its regular and bold faces, subset and obfuscated."""
    face = fonts.faces_for_locale(locale)[0]
    family = fonts.upstream_families(locale)[0]
    embedded = []
    for number, (style, path) in enumerate((("Regular", face.regular), ("Bold", face.bold)), 1):
        data = subset_face(path, family, style, characters)
        key = font_key(data)
        member = f"word/fonts/font{number}.odttf"
        embedded.append(EmbeddedFace(member, key, style, obfuscate(data, key)))
    return family, tuple(embedded)


def font_table_xml(family: str, charset: str, faces: tuple[EmbeddedFace, ...]) -> bytes:
    """``word/fontTable.xml`` naming the family and the faces embedded for it."""
    embeds = "".join(
        f'<w:embed{face.style} r:id="rIdFont{i}" w:fontKey="{face.key}"/>'
        for i, face in enumerate(faces, 1)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<w:font w:name="{escape(family)}"><w:charset w:val="{charset}"/>'
        f'<w:family w:val="swiss"/><w:pitch w:val="variable"/>{embeds}</w:font></w:fonts>'
    ).encode()


def font_table_rels(faces: tuple[EmbeddedFace, ...]) -> bytes:
    """``word/_rels/fontTable.xml.rels``: one font relationship per embedded face."""
    rels = "".join(
        f'<Relationship Id="rIdFont{i}" Type="{FONT_RELATIONSHIP}" '
        f'Target="fonts/{face.member.rsplit("/", 1)[1]}"/>'
        for i, face in enumerate(faces, 1)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}</Relationships>"
    ).encode()


def with_embedding(settings: bytes) -> bytes:
    """``word/settings.xml`` asking Word to keep the embedded faces (and only the subset).

    ``embedTrueTypeFonts`` and ``saveSubsetFonts`` come after ``zoom`` and before
    ``proofState`` in the schema's sequence; Word rejects elements out of order.
    """
    text = settings.decode("utf-8")
    if "<w:embedTrueTypeFonts" in text:
        return settings
    flags = "<w:embedTrueTypeFonts/><w:saveSubsetFonts/>"
    zoom = re.search(r"<w:zoom\b[^>]*/>", text)
    if zoom is not None:
        text = text[: zoom.end()] + flags + text[zoom.end() :]
    else:
        opening = re.search(r"<w:settings\b[^>]*>", text)
        if opening is None:
            return settings
        text = text[: opening.end()] + flags + text[opening.end() :]
    return text.encode("utf-8")


def with_font_type(content_types: bytes) -> bytes:
    """``[Content_Types].xml`` with the obfuscated-font type for ``.odttf`` members."""
    text = content_types.decode("utf-8")
    if 'Extension="odttf"' in text:
        return content_types
    default = f'<Default Extension="odttf" ContentType="{OBFUSCATED_FONT}"/>'
    return text.replace("<Default ", default + "<Default ", 1).encode("utf-8")


def embedding_members(members: Mapping[str, bytes], locale: str, charset: str) -> dict[str, bytes]:
    """The members to replace or add so that ``members`` (a DOCX) embeds its faces.

    Args:
        members: The package's members by name.
        locale: The document's locale (chooses the family).
        charset: The font table's charset hint for the family ("86" for GB2312).
    """
    text_parts = [
        data
        for name, data in members.items()
        if name.startswith("word/") and name.endswith(".xml") and "/_rels/" not in name
    ]
    family, faces = embedded_faces(locale, document_characters(text_parts))
    out = {face.member: face.data for face in faces}
    out["word/fontTable.xml"] = font_table_xml(family, charset, faces)
    out[FONT_TABLE_RELS] = font_table_rels(faces)
    out["word/settings.xml"] = with_embedding(members["word/settings.xml"])
    out["[Content_Types].xml"] = with_font_type(members["[Content_Types].xml"])
    return out
