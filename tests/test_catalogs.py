"""The message catalogs: complete, not fuzzy, current with the sources, glossary-true English."""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import jinja2
import pytest

REPO = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%%")


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogs", REPO / "tools" / "catalogs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogs"] = module
    spec.loader.exec_module(module)
    return module


catalogs = _load_tool()


@functools.cache
def _extracted_keys() -> frozenset[tuple[str, str]]:
    return frozenset(catalogs.message_keys(catalogs.extract_template()))


def test_pot_is_current_with_the_sources() -> None:
    fresh = _extracted_keys()
    committed = catalogs.message_keys(catalogs.read_catalog(catalogs.POT))
    assert sorted(fresh - committed) == [], "run: python tools/catalogs.py extract"
    assert sorted(committed - fresh) == [], "run: python tools/catalogs.py extract"


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_catalog_translates_every_message_without_fuzzy(locale: str) -> None:
    assert catalogs.check_catalog(locale) == [], "run: python tools/catalogs.py update, translate"


def test_check_finds_an_untranslated_and_a_fuzzy_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locales"
    (folder / "en" / "LC_MESSAGES").mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    (folder / "srdi_report.pot").write_text(
        header + 'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\n\nmsgid "c %(x)s"\nmsgstr ""\n',
        encoding="utf-8",
    )
    (folder / "en" / "LC_MESSAGES" / "srdi_report.po").write_text(
        header + 'msgid "a"\nmsgstr ""\n\n#, fuzzy\nmsgid "b"\nmsgstr "b"\n\n'
        '#, python-format\nmsgid "c %(x)s"\nmsgstr "c %(y)s \u4e2d"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogs, "POT", folder / "srdi_report.pot")
    monkeypatch.setattr(catalogs, "LOCALES_DIR", folder)
    problems = catalogs.check_catalog("en")
    assert "en: 'a' is not translated" in problems
    assert "en: 'b' is fuzzy" in problems
    assert "en: 'c %(x)s': Han characters in the English translation" in problems
    assert any(p.startswith("en: 'c %(x)s': ") and "placeholder" in p for p in problems)


def test_extraction_finds_keyword_calls_constants_and_template_messages() -> None:
    keys = _extracted_keys()
    assert ("ordinal", "fourth") in keys  # NP_ in narrative.py
    assert ("", "nearly one third") in keys  # N_ in a data table
    assert ("", "%(share)s (%(count)s firm)") in keys  # NN_ plural pair
    assert ("range", "%(low)s–%(high)s") in keys  # pgettext in templates/_macros.j2
    assert ("", "list") not in keys  # the context of NP_ is not a message


def test_english_catalog_uses_glossary_terms_not_their_variants() -> None:
    banned = catalogs.glossary_variants()
    assert banned["specialized and sophisticated"] == ("srdi", "SRDI")  # the check has teeth
    assert "close to" not in banned
    assert catalogs.check_glossary() == []


def test_glossary_check_reports_the_preferred_term(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "en" / "LC_MESSAGES" / "srdi_report.po"
    path.parent.mkdir(parents=True)
    path.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "a"\nmsgstr "Specialized and sophisticated firms"\n\n'
        'msgid "b"\nmsgstr "industry\u2013research services"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(catalogs, "LOCALES_DIR", tmp_path)
    assert catalogs.check_glossary() == [
        "en: 'a': 'specialized and sophisticated', glossary srdi says 'SRDI'"
    ]


def _han_lines_any(paths: list[Path]) -> list[str]:
    bad = []
    for path in paths:
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if HAN.search(line):
                bad.append(f"{path}:{number}")
    return bad


def _han_lines(paths: list[Path]) -> list[str]:
    return [line.removeprefix(f"{REPO}/") for line in _han_lines_any(paths)]


def test_no_han_in_templates() -> None:
    # Python sources under src/ are checked by tests/test_policies.py.
    templates = sorted((REPO / "templates").rglob("*.j2"))
    assert templates, "the template tree is missing"
    assert _han_lines([*templates, REPO / "tools" / "catalogs.py", REPO / "babel.cfg"]) == []


def test_han_check_sees_chinese(tmp_path: Path) -> None:
    sample = tmp_path / "t.j2"
    sample.write_text("ok\n\u5360\u6bd4\n", encoding="utf-8")
    assert [line.rsplit(":", 1)[1] for line in _han_lines_any([sample])] == ["2"]


def test_extract_reads_segment_tags_and_constants(tmp_path: Path) -> None:
    (tmp_path / "babel.cfg").write_text((REPO / "babel.cfg").read_text("utf-8"), encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "ch.j2").write_text(
        '{% segment "a", key=k %}{{ _("Inside a segment.") }}{% endsegment %}\n',
        encoding="utf-8",
    )
    package = tmp_path / "src" / "srdi_report"
    package.mkdir(parents=True)
    (package / "mod.py").write_text(
        'MSG_HELLO = "Hello %(name)s."\n'
        'TITLES = {"c01": "A title"}\n'
        'OTHER = "not a message"\n'
        'WORDS_MSGIDS = ("one", "two")\n',
        encoding="utf-8",
    )
    keys = catalogs.message_keys(catalogs.extract_template(tmp_path))
    assert keys == {
        ("", "Inside a segment."),
        ("", "Hello %(name)s."),
        ("", "A title"),
        ("", "one"),
        ("", "two"),
    }


def test_extract_fails_loudly_on_a_broken_template(tmp_path: Path) -> None:
    (tmp_path / "babel.cfg").write_text((REPO / "babel.cfg").read_text("utf-8"), encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "bad.j2").write_text("{% if %}\n", encoding="utf-8")
    with pytest.raises(jinja2.TemplateSyntaxError, match="Expected an expression"):
        catalogs.extract_template(tmp_path)


def test_merge_fills_only_untranslated_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locales"
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    for locale, body in (("zh_CN", 'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr "B0"\n'),
                         ("en", 'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\n')):  # fmt: skip
        path = folder / locale / "LC_MESSAGES" / "srdi_report.po"
        path.parent.mkdir(parents=True)
        path.write_text(header + body, encoding="utf-8")
    monkeypatch.setattr(catalogs, "LOCALES_DIR", folder)
    table = tmp_path / "t.csv"
    table.write_text("msgid,zh_CN,en\na,A1,a\nb,B1,b\nmissing,X,x\nc,d,e,f\n", encoding="utf-8")
    notes = catalogs.merge([table])
    assert notes == [
        f"{table}:4: msgid 'missing' is not in the catalog",
        f"{table}:5: more fields than columns (quote text with commas)",
    ]
    zh = catalogs.read_catalog(catalogs.po_path("zh_CN"), "zh_CN")
    assert (zh.get("a").string, zh.get("b").string) == ("A1", "B0")
    en = catalogs.read_catalog(catalogs.po_path("en"), "en")
    assert (en.get("a").string, en.get("b").string) == ("a", "b")


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Median patents", True),
        ("%(name)s（%(value)s）", False),
        ("GB/T 4754", False),
        ("%(chart)s of %(count)s categories", True),
        ("CNAS 认证", False),
    ],
)
def test_chinese_catalog_check_spots_english_left_in_place(text: str, left: bool) -> None:
    assert catalogs._english_left(text) is left
