"""Message catalogs: extract the .pot, update the .po files, compile them, check them.

    .venv/bin/python tools/catalogs.py                    # sync: extract, update --fill-en,
                                                          # merge locales/_pending/*.csv, check
    .venv/bin/python tools/catalogs.py extract            # sources → locales/srdi_report.pot
    .venv/bin/python tools/catalogs.py update [--fill-en] # .pot → zh_CN and en .po (no fuzzy)
    .venv/bin/python tools/catalogs.py merge FILE.csv ... # fill untranslated entries from CSVs
    .venv/bin/python tools/catalogs.py compile [--out DIR]
    .venv/bin/python tools/catalogs.py check              # what tests/test_catalogs.py checks

Sources and options come from ``babel.cfg``. Python files give the gettext keyword calls
(``_``, ``N_``, ``NP_`` (context, msgid), ``NN_`` (singular, plural), ``gettext``, ``pgettext``
…) and, so that modules can keep plain constants, every string literal assigned to a name that
starts with ``MSG_`` or ends with ``_MSGIDS``, ``TITLES``, ``_TITLE``, ``_SUBTITLE`` or
``_LABELS`` (a ``_LABELS`` name only inside a dict, tuple or list) (inside dicts only
the values), plus the msgid arguments of the spec helpers in ``MESSAGE_CALLS`` and the
``heading=``, ``notes=``, ``label=`` and ``*_label=`` keyword arguments of any call.
Templates give the ``_()``/``gettext``/``ngettext``/``pgettext`` calls of the Jinja extractor.

Mark a message in Python with any function named ``N_`` (an identity function; define your
own where importing ``compose.narrative`` would break the layers), ``NP_(context, msgid)`` or
``NN_(singular, plural)``, or assign it to a ``MSG_*`` / ``*_MSGIDS`` / ``*TITLES`` name.

``merge`` reads CSV files with a ``msgid`` column, a column per locale (``zh_CN`` or ``zh``,
``en``) and an optional ``msgctxt`` column; it fills only entries that have no translation yet
(``--force`` overwrites) and reports msgids it does not know.
"""

from __future__ import annotations

import argparse
import ast
import csv
import io
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract, extract_python
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.util import pathmatch

REPO = Path(__file__).resolve().parents[1]
LOCALES_DIR = REPO / "src" / "srdi_report" / "locales"
DOMAIN = "srdi_report"
POT = LOCALES_DIR / f"{DOMAIN}.pot"
LOCALES = ("zh_CN", "en")
PROJECT = "srdi-report"
# A fixed header date keeps extract and update byte-stable (no clock in outputs).
HEADER_DATE = datetime(2026, 1, 1, tzinfo=UTC)
KEYWORDS: dict[str, Any] = {**DEFAULT_KEYWORDS, "NP_": ((1, "c"), 2), "NN_": (1, 2)}
COMMENT_TAGS = ("Translators:",)
CONSTANT_NAME = re.compile(r"^MSG_|_MSGIDS$|(^|_)TITLES$|_TITLE$|_SUBTITLE$|_LABELS$")
# Spec helpers whose arguments are msgids (editions/national_outline.py, national_table_parts.py):
# call name → index of the positional argument, and keyword names, whose string literals are
# messages. Found by the AST, so nested calls (sections inside sections) are seen too.
MESSAGE_CALLS: dict[str, int] = {"section": 1, "left": 0, "right": 0, "msg": 0}
# A cheap pre-filter: a module without any of these cannot hold a message.
MAY_HOLD_MESSAGES = re.compile(
    r"\b(_|N_|NP_|NN_|[a-z]*gettext|section|left|right|msg)\(|\bMSG_|_MSGIDS\b|TITLES?\b"
    r"|SUBTITLE\b|_LABELS\b|\b(heading|notes|label|\w+_label)="
)
MESSAGE_KEYWORD = re.compile(r"^(heading|notes|label)$|_label$")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WIDTH = 100


# --- extraction ---------------------------------------------------------------------------------


def _strings(node: ast.AST, bare: bool = True, calls: bool = True) -> Iterator[tuple[int, str]]:
    """String literals inside an assigned value; dict keys are names, not messages.

    ``bare=False`` skips a value that is one string (``CODE_LABELS = "code_labels"`` names a
    file); ``calls=False`` does not look into calls (``label=mk.label(draw, "key", "Default")``).
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if bare:
            yield node.lineno, node.value
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from _strings(value, True, calls)
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        for element in node.elts:
            yield from _strings(element, True, calls)
    elif isinstance(node, ast.Call) and calls:  # MappingProxyType({...}), frozenset((...))
        if isinstance(node.func, ast.Name) and node.func.id in KEYWORDS:
            return  # N_(…), NP_(…): the keyword extractor has them, with context and plural
        for arg in node.args:
            yield from _strings(arg, True, calls)


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _constant_messages(source: str) -> Iterator[tuple[int, str]]:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            index = MESSAGE_CALLS.get(_call_name(node))
            if index is not None and len(node.args) > index:
                yield from _strings(node.args[index])
            for keyword in node.keywords:
                if keyword.arg and MESSAGE_KEYWORD.search(keyword.arg):
                    yield from _strings(keyword.value, calls=False)
            continue
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if value is not None and any(CONSTANT_NAME.search(n) for n in names):
            yield from _strings(value, bare=not any(n.endswith("_LABELS") for n in names))


def extract_python_with_constants(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, Any, list[str], list[str]]]:
    """Babel's Python extractor plus the ``MSG_*`` constants (a Babel extraction method)."""
    data = fileobj.read()
    source = data.decode("utf-8")
    if not MAY_HOLD_MESSAGES.search(source):
        return  # most modules (data, metrics) have no messages: skip the tokenizer and the AST
    yield from extract_python(io.BytesIO(data), keywords, comment_tags, options)
    for lineno, text in _constant_messages(source):
        if text:
            yield lineno, "N_", [text], []


def _fixed_prefix(pattern: str) -> str:
    """The folder part of a babel.cfg pattern before its first wildcard ("templates")."""
    parts: list[str] = []
    for part in pattern.split("/")[:-1]:
        if any(ch in part for ch in "*?["):
            break
        parts.append(part)
    return "/".join(parts) or "."


def source_files(root: Path = REPO) -> list[tuple[Path, str, dict[str, str]]]:
    """Files to extract from, with their method and options, in a fixed order (babel.cfg)."""
    with (root / "babel.cfg").open(encoding="utf-8") as handle:
        methods, options = parse_mapping_cfg(handle)
    found: list[tuple[Path, str, dict[str, str]]] = []
    # Walk only the folders the patterns start in (not .venv, .git or the caches).
    bases = sorted({_fixed_prefix(pattern) for pattern, _ in methods})
    candidates = {p for base in bases if (root / base).is_dir() for p in (root / base).rglob("*")}
    for path in sorted(p for p in candidates if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".", "tests/")) or "/." in relative:
            continue
        for pattern, method in methods:
            if pathmatch(pattern, relative):
                found.append((path, method, dict(options.get(pattern, {}))))
                break
    return found


def extract_template(root: Path = REPO) -> Catalog:
    """Extract every message of the sources into a template catalog (the .pot)."""
    catalog = Catalog(
        project=PROJECT,
        domain=DOMAIN,
        creation_date=HEADER_DATE,
        revision_date=HEADER_DATE,
        fuzzy=False,
        charset="utf-8",
    )
    for path, method, options in source_files(root):
        relative = path.relative_to(root).as_posix()
        extractor: Any = extract_python_with_constants if method == "python" else method
        for lineno, message, comments, context in _extract_file(path, extractor, options):
            location = [(relative, lineno)]
            catalog.add(message, None, location, auto_comments=comments, context=context)
    return catalog


class ExtractionError(Exception):
    """A source file cannot be read for messages; names the file."""


def _extract_file(path: Path, extractor: Any, options: dict[str, str]) -> list[Any]:
    with path.open("rb") as handle:
        try:
            return list(
                extract(
                    extractor,
                    handle,
                    keywords=KEYWORDS,
                    comment_tags=COMMENT_TAGS,
                    options=options,
                    strip_comment_tags=True,
                )
            )
        except SyntaxError as err:  # a Python file that does not parse
            raise ExtractionError(f"{path}: {err}") from err


def message_keys(catalog: Catalog) -> set[tuple[str, str]]:
    """(msgctxt, msgid) of every message; a plural message is keyed by its singular."""
    keys: set[tuple[str, str]] = set()
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        keys.add((message.context or "", msgid))
    return keys


def write_catalog(catalog: Catalog, path: Path) -> None:
    """Write a catalog as a .po/.pot file, sorted, without line numbers (smaller diffs)."""
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=WIDTH,
        sort_output=True,
        ignore_obsolete=True,
        include_previous=False,
        include_lineno=False,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    """Read a .po or .pot file."""
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def po_path(locale: str) -> Path:
    """The .po file of a locale."""
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


# --- update, merge, compile ---------------------------------------------------------------------


def update(fill_en: bool = False) -> list[str]:
    """Bring each .po in line with the .pot: new msgids untranslated, gone ones dropped."""
    template = read_catalog(POT)
    notes: list[str] = []
    for locale in LOCALES:
        path = po_path(locale)
        if path.exists():
            catalog = read_catalog(path, locale)
        else:
            catalog = Catalog(
                locale=locale,
                project=PROJECT,
                domain=DOMAIN,
                creation_date=HEADER_DATE,
                revision_date=HEADER_DATE,
                fuzzy=False,
            )
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.revision_date = HEADER_DATE
        catalog.fuzzy = False
        filled = 0
        if locale == "en" and fill_en:
            for message in catalog:
                if message.id and not _translated(message):
                    message.string = message.id  # type: ignore[assignment]
                    filled += 1
        write_catalog(catalog, path)
        missing = sum(1 for m in catalog if m.id and not _translated(m))
        notes.append(f"{locale}: {len(catalog)} messages, {missing} untranslated, {filled} filled")
    return notes


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def merge(files: Iterable[Path], force: bool = False) -> list[str]:
    """Fill translations from CSV files (msgid, msgctxt?, zh_CN|zh, en)."""
    catalogs = {locale: read_catalog(po_path(locale), locale) for locale in LOCALES}
    notes: list[str] = []
    for file in files:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for line, row in enumerate(rows, start=2):
            if None in row:  # csv puts surplus fields under the key None
                notes.append(f"{file}:{line}: more fields than columns (quote text with commas)")
                continue
            msgid = row.get("msgid", "")
            context = row.get("msgctxt") or None
            if catalogs["en"].get(msgid, context) is None:
                notes.append(f"{file}:{line}: msgid {msgid!r} is not in the catalog")
                continue
            for locale, columns in (("zh_CN", ("zh_CN", "zh")), ("en", ("en",))):
                text = next((row[c] for c in columns if row.get(c)), "")
                message = catalogs[locale].get(msgid, context)
                if not text or message is None:
                    continue
                if force or not _translated(message):
                    if isinstance(message.id, tuple):
                        message.string = (text,) * max(1, len(message.string))  # type: ignore[assignment]
                    else:
                        message.string = text  # type: ignore[assignment]
    for locale, catalog in catalogs.items():
        write_catalog(catalog, po_path(locale))
    return notes


def compile_catalogs(out: Path | None = None) -> list[str]:
    """Compile every .po to .mo bytes (in memory; written under ``out`` if given)."""
    notes: list[str] = []
    for locale in LOCALES:
        buffer = io.BytesIO()
        write_mo(buffer, read_catalog(po_path(locale), locale), use_fuzzy=False)
        if out is not None:
            target = out / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(buffer.getvalue())
        notes.append(f"{locale}: {len(buffer.getvalue())} bytes")
    return notes


# --- checks -------------------------------------------------------------------------------------


def check_template_current(root: Path = REPO) -> list[str]:
    """The committed .pot holds exactly the msgids of the sources."""
    fresh = message_keys(extract_template(root))
    committed = message_keys(read_catalog(POT))
    problems = [f"not in {POT.name} (run extract): {k[1]!r}" for k in sorted(fresh - committed)]
    problems += [
        f"in {POT.name} but not in the sources: {k[1]!r}" for k in sorted(committed - fresh)
    ]
    return problems


def check_catalog(locale: str) -> list[str]:
    """Every .pot msgid is translated in the locale, none fuzzy, formats agree, en has no Han."""
    template = message_keys(read_catalog(POT))
    catalog = read_catalog(po_path(locale), locale)
    problems: list[str] = []
    if catalog.fuzzy:
        problems.append(f"{locale}: the catalog header is marked fuzzy")
    present = message_keys(catalog)
    problems += [f"{locale}: missing (run update): {k[1]!r}" for k in sorted(template - present)]
    problems += [f"{locale}: obsolete (run update): {k[1]!r}" for k in sorted(present - template)]
    for message in catalog:
        if not message.id:
            continue
        label = f"{locale}: {message.id!r}"
        if message.fuzzy:
            problems.append(f"{label} is fuzzy")
        if not _translated(message):
            problems.append(f"{label} is not translated")
        # Only messages with named placeholders are %-formatted by the composer; a lone "%"
        # in a plain message ("35% or more") is text there, so Babel's format check would misfire.
        msgid_text = message.id[0] if isinstance(message.id, tuple | list) else message.id
        if "%(" in str(msgid_text):
            for error in message.check(catalog):
                problems.append(f"{label}: {error}")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if locale == "en" and any(HAN.search(s or "") for s in strings):
            problems.append(f"{label}: Han characters in the English translation")
        if locale == "zh_CN" and any(_english_left(s or "") for s in strings):
            problems.append(f"{label}: English words and no Chinese in the Chinese translation")
    return problems


ENGLISH_WORD = re.compile(r"[A-Za-z]{4,}")
PLACEHOLDERS = re.compile(r"%\([A-Za-z_]+\)[sd]|%%")


def _english_left(text: str) -> bool:
    """A Chinese msgstr that is still English: a word of four letters or more and no Han."""
    plain = PLACEHOLDERS.sub("", text)
    return bool(ENGLISH_WORD.search(plain)) and not HAN.search(plain)


GLOSSARY = LOCALES_DIR / "glossary.csv"
# English the glossary lists as a variant but that is right where we use it: national_report.md
# §6.1 says "close to the average" (another word than the glossary's "nearly" entry); "up to"
# before a quantity is ordinary English, not the variant of the "as of" entry.
ALLOWED_VARIANTS = frozenset({"close to", "up to"})
MSG_PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%%")


def glossary_variants() -> dict[str, tuple[str, str]]:
    """Multi-word English variants the glossary marks as not preferred → (term id, preferred)."""
    with GLOSSARY.open(encoding="utf-8", newline="") as handle:
        terms = list(csv.DictReader(handle))
    preferred = [t["en"].lower() for t in terms if t["en"]]
    banned: dict[str, tuple[str, str]] = {}
    for term in terms:
        for variant in (v.strip().lower() for v in term["variants_en"].split(";")):
            if " " not in variant or variant in ALLOWED_VARIANTS:
                continue
            if any(variant in p for p in preferred):  # part of another entry's preferred term
                continue
            banned[variant] = (term["term_id"], term["en"])
    return banned


def check_glossary() -> list[str]:
    """English msgstrs that use a glossary variant instead of the preferred term."""
    banned = glossary_variants()
    # One alternation, longest first; a variant inside a hyphen or en-dash compound is another
    # term ("industry–research services" is not the research-services variant).
    bounds = "\\w\\-\u2013"
    alternation = "|".join(map(re.escape, sorted(banned, key=len, reverse=True)))
    pattern = re.compile(rf"(?<![{bounds}])({alternation})(?![{bounds}])")
    problems: list[str] = []
    for message in read_catalog(po_path("en"), "en"):
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        text = MSG_PLACEHOLDER.sub(" ", " ".join(s or "" for s in strings)).lower()
        for variant in sorted(set(pattern.findall(text))):
            term_id, preferred = banned[variant]
            problems.append(
                f"en: {str(message.id)[:60]!r}: {variant!r}, glossary {term_id} says {preferred!r}"
            )
    return problems


def check_all(root: Path = REPO) -> list[str]:
    """All catalog checks."""
    problems = check_template_current(root)
    for locale in LOCALES:
        problems += check_catalog(locale)
    return problems + check_glossary()


PENDING = LOCALES_DIR / "_pending"


def sync() -> list[str]:
    """Extract, update (English msgstr = msgid where empty), merge pending CSVs; then check."""
    template = extract_template()
    write_catalog(template, POT)
    notes = [f"{POT.relative_to(REPO)}: {len(template)} messages"]
    notes += update(fill_en=True)
    pending = sorted(PENDING.glob("*.csv")) if PENDING.is_dir() else []
    if pending:
        unused = [n for n in merge(pending) if "is not in the catalog" in n]
        notes.append(f"merged {len(pending)} pending file(s); {len(unused)} rows not (yet) used")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("extract", help="sources → srdi_report.pot")
    upd = commands.add_parser("update", help=".pot → .po files")
    upd.add_argument("--fill-en", action="store_true", help="copy msgid to untranslated en msgstr")
    mrg = commands.add_parser("merge", help="fill translations from CSV files")
    mrg.add_argument("files", nargs="+", type=Path)
    mrg.add_argument("--force", action="store_true", help="overwrite existing translations")
    cmp_ = commands.add_parser("compile", help="compile .po files (in memory, or to --out)")
    cmp_.add_argument("--out", type=Path, default=None)
    commands.add_parser("check", help="the catalog checks of the test suite")
    args = parser.parse_args(argv)
    if args.command is None:
        for line in sync():
            print(line)
        problems = check_all()
        for line in problems:
            print(line)
        print(f"{len(problems)} problems")
        return 1 if problems else 0
    if args.command == "extract":
        template = extract_template()
        write_catalog(template, POT)
        notes = [f"{POT.relative_to(REPO)}: {len(template)} messages"]
    elif args.command == "update":
        notes = update(fill_en=args.fill_en)
    elif args.command == "merge":
        notes = merge(args.files, force=args.force)
    elif args.command == "compile":
        notes = compile_catalogs(args.out)
    else:
        notes = check_all()
        for line in notes:
            print(line)
        print(f"{len(notes)} problems")
        return 1 if notes else 0
    for line in notes:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
