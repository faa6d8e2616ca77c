"""Message catalogs and the glossary: ``.po`` → ``gettext`` translations, compiled in memory.

Msgids are English (style_guide.md §2.4); every shipped catalog translates all of them, the
English one included (its msgstr may repeat the msgid). Catalogs are read from the package's
``locales/`` folder and compiled with Babel on first use, once per locale, so no ``.mo`` file
is committed or needed at run time. Every msgid is a Python %-format string: a literal percent
sign is written ``%%`` (the Jinja i18n extension always applies ``%`` to a translation).
"""

from __future__ import annotations

import csv
import difflib
import gettext
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

from srdi_report.errors import InputError, UnknownNameError

DOMAIN = "srdi_report"
LOCALES: tuple[str, ...] = ("zh_CN", "en")
# Edition languages ("zh", "en", BCP 47 tags) → the Babel locale of the catalog that serves them.
_LOCALE_ALIASES: Mapping[str, str] = {
    "zh": "zh_CN",
    "zh_cn": "zh_CN",
    "zh-cn": "zh_CN",
    "zh_hans": "zh_CN",
    "zh-hans": "zh_CN",
    "en": "en",
    "en_us": "en",
    "en-us": "en",
    "en_gb": "en",
    "en-gb": "en",
}
# The glossary column that holds each locale's term.
_GLOSSARY_COLUMN: Mapping[str, str] = {"zh_CN": "zh", "en": "en"}
GLOSSARY_FILE = "glossary.csv"


class CatalogError(InputError):
    """A message catalog or the glossary cannot be read."""


def locales_dir() -> Path:
    """Return the folder holding ``srdi_report.pot`` and ``<locale>/LC_MESSAGES/*.po``."""
    resource = files("srdi_report").joinpath("locales")
    # The package is installed as a directory (wheel, editable), so as_file does not extract.
    with as_file(resource) as path:
        return Path(path)


def normalize_locale(locale: str) -> str:
    """Map an edition language or locale tag ("zh", "zh-CN", "en") to a catalog locale.

    Raises:
        UnknownNameError: No shipped catalog serves the locale; the message lists known ones.
    """
    key = locale.strip().replace(" ", "").lower()
    if key in _LOCALE_ALIASES:
        return _LOCALE_ALIASES[key]
    known = ", ".join(LOCALES)
    raise UnknownNameError(f"unknown locale {locale!r}; known locales: {known} (or zh, en)")


def catalog_path(locale: str) -> Path:
    """Return the ``.po`` file of a locale (normalised with :func:`normalize_locale`)."""
    return locales_dir() / normalize_locale(locale) / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(locale: str) -> Catalog:
    """Read the ``.po`` catalog of a locale into a Babel :class:`Catalog`.

    Raises:
        CatalogError: The file is missing or is not a valid ``.po`` file.
    """
    path = catalog_path(locale)
    try:
        with path.open("rb") as handle:
            return read_po(
                handle, locale=normalize_locale(locale), domain=DOMAIN, abort_invalid=True
            )
    except OSError as err:
        raise CatalogError(f"{path}: cannot read the message catalog: {err}") from err
    except (PoFileError, ValueError) as err:
        raise CatalogError(f"{path}: invalid message catalog: {err}") from err


@cache
def translations(locale: str) -> gettext.GNUTranslations:
    """Return the compiled translations of a locale, built in memory once per process.

    Fuzzy entries are left out (they print the English msgid), as ``msgfmt`` does; the catalog
    tests forbid them anyway.
    """
    catalog = load_catalog(locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(locale: str) -> Callable[[str], str]:
    """Return ``gettext`` bound to a locale: the callable figure kinds and helpers take."""
    return translations(normalize_locale(locale)).gettext


def ngettext_for(locale: str) -> Callable[[str, str, int], str]:
    """Return ``ngettext(singular, plural, n)`` bound to a locale."""
    return translations(normalize_locale(locale)).ngettext


def pgettext_for(locale: str) -> Callable[[str, str], str]:
    """Return ``pgettext(context, message)`` bound to a locale (msgctxt disambiguates)."""
    return translations(normalize_locale(locale)).pgettext


# --- glossary -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GlossaryTerm:
    """One row of ``glossary.csv``: the preferred term per language and the English to avoid."""

    term_id: str
    zh: str
    en: str
    category: str
    note: str
    variants_en: tuple[str, ...]


@dataclass(frozen=True)
class Glossary:
    """The zh ↔ en term list, keyed by ``term_id``."""

    terms: Mapping[str, GlossaryTerm]

    def term(self, term_id: str, locale: str) -> str:
        """Return the preferred term of ``term_id`` in a locale.

        Raises:
            UnknownNameError: The id is not in the glossary (with the closest known id).
        """
        if term_id not in self.terms:
            near = difflib.get_close_matches(term_id, self.terms, n=1)
            hint = f" Did you mean {near[0]!r}?" if near else ""
            raise UnknownNameError(f"unknown glossary term {term_id!r}.{hint}")
        column = _GLOSSARY_COLUMN[normalize_locale(locale)]
        entry = self.terms[term_id]
        return entry.zh if column == "zh" else entry.en


def glossary_path() -> Path:
    """Return the path of the shipped ``glossary.csv`` (a copy of the spec's term list)."""
    return locales_dir() / GLOSSARY_FILE


@cache
def load_glossary() -> Glossary:
    """Read the shipped glossary once per process.

    Raises:
        CatalogError: The file is missing, or a ``term_id`` is empty or repeated.
    """
    path = glossary_path()
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as err:
        raise CatalogError(f"{path}: cannot read the glossary: {err}") from err
    terms: dict[str, GlossaryTerm] = {}
    for line, row in enumerate(rows, start=2):
        term_id = (row.get("term_id") or "").strip()
        if not term_id or term_id in terms:
            raise CatalogError(f"{path}:{line}: empty or repeated term_id {term_id!r}")
        variants = tuple(v.strip() for v in (row.get("variants_en") or "").split(";") if v.strip())
        terms[term_id] = GlossaryTerm(
            term_id=term_id,
            zh=row.get("zh") or "",
            en=row.get("en") or "",
            category=row.get("category") or "",
            note=row.get("note") or "",
            variants_en=variants,
        )
    return Glossary(terms=terms)


def glossary_term(term_id: str, locale: str) -> str:
    """Return the glossary's preferred term for ``term_id`` in ``locale`` ("zh", "en" …).

    Raises:
        UnknownNameError: Unknown term id or locale.
    """
    return load_glossary().term(term_id, locale)


@cache
def translated_messages(locale: str) -> frozenset[tuple[str, str]]:
    """Return (msgctxt or "", msgid) of every translated, non-fuzzy message of a locale.

    A renderer in strict mode refuses any other msgid, so a sentence missing from a catalog is
    an error rather than English text in the Chinese edition.
    """
    catalog = load_catalog(normalize_locale(locale))
    found: set[tuple[str, str]] = set()
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            continue
        msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
        found.add((message.context or "", str(msgid)))
    return frozenset(found)
