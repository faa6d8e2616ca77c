"""Subset faces embedded in the DOCX (ECMA-376 obfuscated fonts)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx_documents import make_document
from fontTools.ttLib import TTFont

from srdi_report.renderers.docx import render_docx
from srdi_report.renderers.docx.embedded_fonts import (
    document_characters,
    font_key,
    obfuscate,
    with_embedding,
    with_font_type,
)

NAMES = {"zh": "Noto Sans SC", "en": "Noto Sans"}


@pytest.fixture(scope="module", params=["zh", "en"])
def package(request: pytest.FixtureRequest) -> tuple[str, dict[str, bytes]]:
    data = render_docx(make_document(request.param))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return request.param, {name: z.read(name) for name in z.namelist()}


def _face(members: dict[str, bytes], style: str) -> TTFont:
    table = members["word/fontTable.xml"].decode()
    match = re.search(rf'<w:embed{style} r:id="(\w+)" w:fontKey="(\{{[0-9A-F-]+\}})"/>', table)
    assert match, table
    rels = members["word/_rels/fontTable.xml.rels"].decode()
    target = re.search(rf'Id="{match.group(1)}" [^>]*Target="([^"]+)"', rels)
    assert target, rels
    data = obfuscate(members[f"word/{target.group(1)}"], match.group(2))  # XOR undoes itself
    return TTFont(io.BytesIO(data))


def test_obfuscation_flips_only_the_first_32_bytes() -> None:
    data = bytes(range(64))
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    hidden = obfuscate(data, key)
    assert hidden[32:] == data[32:]
    # The key's bytes are used in reverse order: byte 0 is XOR-ed with 0xFF, byte 15 with 0x00.
    assert hidden[0] == 0x00 ^ 0xFF
    assert hidden[15] == 15 ^ 0x00
    assert hidden[16] == 16 ^ 0xFF
    assert obfuscate(hidden, key) == data
    assert font_key(data) == font_key(data) != font_key(data[::-1])


def test_both_faces_are_embedded_named_as_the_styles_and_cover_the_text(
    package: tuple[str, dict[str, bytes]],
) -> None:
    lang, members = package
    used = document_characters(
        [members["word/document.xml"], members["word/header1.xml"], members["word/footer1.xml"]]
    )
    for style, weight in (("Regular", 400), ("Bold", 700)):
        face = _face(members, style)
        names = {r.nameID: r.toUnicode() for r in face["name"].names}
        assert names[1] == NAMES[lang]
        assert names[2] == style
        assert face["OS/2"].usWeightClass == weight
        cmap = face.getBestCmap()
        drawable = {ch for ch in used if not ch.isspace() and ch not in "★☆"}
        assert {ch for ch in drawable if ord(ch) not in cmap} == set()
        assert len(cmap) < 3000  # a subset, not the 30,000-glyph face


def test_package_declares_the_fonts(package: tuple[str, dict[str, bytes]]) -> None:
    _lang, members = package
    assert 'Extension="odttf"' in members["[Content_Types].xml"].decode()
    settings = members["word/settings.xml"].decode()
    assert re.search(r"<w:zoom[^>]*/><w:embedTrueTypeFonts/><w:saveSubsetFonts/>", settings)
    table = members["word/fontTable.xml"].decode()
    assert not re.search(r"[\u3400-\u9fff]", table)


def test_settings_and_content_types_are_edited_once() -> None:
    settings = b'<w:settings xmlns:w="x"><w:zoom w:val="bestFit"/><w:proofState/></w:settings>'
    once = with_embedding(settings)
    assert with_embedding(once) == once
    assert once.index(b"embedTrueTypeFonts") < once.index(b"proofState")
    types = b'<Types><Default Extension="png" ContentType="image/png"/></Types>'
    assert with_font_type(with_font_type(types)).count(b"odttf") == 1


def test_the_same_document_gives_the_same_bytes() -> None:
    assert render_docx(make_document("zh")) == render_docx(make_document("zh"))


def test_a_character_outside_the_common_base_comes_from_the_full_face() -> None:
    from srdi_report import fonts
    from srdi_report.renderers.docx.embedded_fonts import base_face, subset_face

    face = fonts.faces_for_locale("zh_CN")[0]
    rare = "\u5586"  # a Han character outside GB2312 (used in given names)
    assert ord(rare) not in TTFont(io.BytesIO(base_face(face.regular))).getBestCmap()
    data = subset_face(face.regular, "Noto Sans SC", "Regular", frozenset(rare + "\u4e2d"))
    assert {ord(rare), 0x4E2D} <= set(TTFont(io.BytesIO(data)).getBestCmap())
