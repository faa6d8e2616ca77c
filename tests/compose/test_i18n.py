"""Catalogs compiled in memory per locale; the glossary look-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from srdi_report.compose import i18n
from srdi_report.compose.i18n import (
    CatalogError,
    gettext_for,
    glossary_term,
    ngettext_for,
    normalize_locale,
    pgettext_for,
    translated_messages,
    translations,
)
from srdi_report.errors import UnknownNameError


@pytest.mark.parametrize(
    ("tag", "locale"), [("zh", "zh_CN"), ("zh-CN", "zh_CN"), ("zh_CN", "zh_CN"), ("en", "en")]
)
def test_edition_languages_map_to_catalog_locales(tag: str, locale: str) -> None:
    assert normalize_locale(tag) == locale


def test_unknown_locale_lists_the_known_ones() -> None:
    with pytest.raises(UnknownNameError, match="unknown locale 'fr'; known locales: zh_CN, en"):
        normalize_locale("fr")


def test_chinese_and_english_translations() -> None:
    zh, en = gettext_for("zh"), gettext_for("en")
    assert zh("ranks first") == "位居首位"
    assert en("ranks first") == "ranks first"
    assert zh("nearly 40%%") % {} == "近四成"
    assert en("nearly 40%%") % {} == "nearly 40%"
    assert pgettext_for("zh")("ordinal", "fourth") == "四"
    assert pgettext_for("zh")("list", ", ") == "、"


def test_plural_forms_follow_the_locale() -> None:
    singular, plural = "%(share)s (%(count)s firm)", "%(share)s (%(count)s firms)"
    assert ngettext_for("en")(singular, plural, 1) == singular
    assert ngettext_for("en")(singular, plural, 3) == plural
    assert ngettext_for("zh")(singular, plural, 3) == "%(share)s（%(count)s家）"


def test_translations_are_compiled_once_per_locale() -> None:
    assert translations("en") is translations("en")
    assert translations("zh_CN") is not translations("en")


def test_translated_messages_know_contexts() -> None:
    known = translated_messages("zh_CN")
    assert ("ordinal", "fourth") in known
    assert ("", "ranks first") in known
    assert ("", "fourth") not in known


def test_glossary_terms_by_locale() -> None:
    assert glossary_term("little_giant", "zh") == "小巨人"
    assert glossary_term("little_giant", "en") == "Little Giant"
    assert glossary_term("national_little_giant", "en_US") == "national-level Little Giant"
    with pytest.raises(UnknownNameError, match="Did you mean 'little_giant'"):
        glossary_term("little_gaint", "en")


def test_broken_catalog_is_a_catalog_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "en" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "en" / "LC_MESSAGES" / "srdi_report.po").write_text(
        'msgid "a"\nmsgstr "b"\nmsgid\n', encoding="utf-8"
    )
    monkeypatch.setattr(i18n, "locales_dir", lambda: tmp_path)
    with pytest.raises(CatalogError, match="invalid message catalog"):
        i18n.load_catalog("en")
    (tmp_path / "en" / "LC_MESSAGES" / "srdi_report.po").unlink()
    with pytest.raises(CatalogError, match="cannot read the message catalog"):
        i18n.load_catalog("en")


def test_empty_msgid_is_empty_not_the_catalog_header() -> None:
    from srdi_report.compose.templates import TemplateRenderer

    assert TemplateRenderer("zh").gettext("") == ""
