"""C14 language parity: one set of numbers and exhibits in zh and en; no Han in English."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterator
from importlib import resources

from srdi_report.editions.checks.core import ERROR, N_, CheckContext, Finding, check, finding
from srdi_report.editions.manifest import Manifest

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LABEL_NUMBER = re.compile(r"\d+")
MSG_ONE_LANGUAGE = N_("%(number)s is printed in %(lang)s only")
MSG_MISSING_LANGUAGE = N_("%(number)s is not printed in %(lang)s")
MSG_EXHIBIT_NUMBER = N_("exhibit %(exhibit)s is numbered %(labels)s, not %(number)s everywhere")
MSG_HAN = N_("the English text of %(place)s contains Chinese characters: %(text)s")
MSG_GLOSSARY = N_("the English text of %(place)s uses %(variant)s; the glossary says %(term)s")
MSG_OTHER_EDITION = N_("%(what)s is printed in one language edition only")
ENGLISH = "en"


def _languages(manifest: Manifest) -> list[str]:
    return sorted(
        {loc.replace("-", "_").split("_", 1)[0].lower() for loc in manifest.identity.locales}
    )


@functools.cache
def glossary_variants() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(preferred term, variant, pattern) for every English variant the glossary rules out."""
    text = resources.files("srdi_report.locales").joinpath("glossary.csv").read_text("utf-8")
    out: list[tuple[str, str, re.Pattern[str]]] = []
    for row in csv.DictReader(text.splitlines()):
        if row.get("pos") != "noun":
            continue  # phrases ("close to", "up to") are right in other senses; terms are not
        preferred = row.get("en", "").strip()
        for variant in (row.get("variants_en") or "").split(";"):
            variant = variant.strip()
            # Only multi-word variants: one word ("enterprise") is often right in another sense.
            if " " not in variant or variant.lower() in preferred.lower():
                continue
            pattern = re.compile(rf"(?<![\w-]){re.escape(variant)}(?![\w-])", re.IGNORECASE)
            out.append((preferred, variant, pattern))
    return tuple(out)


@check("C14", ERROR, "language parity")
def parity(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Zh and en print the same numbers and exhibit numbers; English has no Han; glossary terms."""
    languages = _languages(manifest)
    for entry in manifest.numbers:
        tail = entry.number_id.rsplit("#", 1)[-1]
        if entry.kind == "year":
            continue  # a year said once in English ("…, when") and twice in Chinese is wording
        if "@" in tail:
            yield finding(
                "C14", (entry.number_id,), " / ".join(entry.printed.values()), "every language",
                MSG_ONE_LANGUAGE, number=entry.number_id, lang=tail.split("@", 1)[1],
            )  # fmt: skip
            continue
        for lang in languages:
            if lang not in entry.printed:
                yield finding(
                    "C14", (entry.number_id,), "", lang, MSG_MISSING_LANGUAGE,
                    number=entry.number_id, lang=lang,
                )  # fmt: skip
    for exhibit in manifest.exhibits:
        if exhibit.pending:
            continue
        numbers = {
            lang: _LABEL_NUMBER.findall(label)[-1:] for lang, label in exhibit.labels.items()
        }
        shown = {lang: int(n[0]) for lang, n in numbers.items() if n}
        missing = [lang for lang in languages if lang not in shown]
        if (len(exhibit.labels) and missing) or any(n != exhibit.number for n in shown.values()):
            yield finding(
                "C14", (exhibit.exhibit_id,), " / ".join(exhibit.labels.values()),
                str(exhibit.number), MSG_EXHIBIT_NUMBER, exhibit=exhibit.exhibit_id,
                labels=" / ".join(exhibit.labels.values()), number=exhibit.number,
            )  # fmt: skip
    if ENGLISH in languages:
        yield from _english(manifest)
    yield from _other_editions(manifest, context)


def _english_texts(manifest: Manifest) -> Iterator[tuple[str, str]]:
    for segment in manifest.segments:
        if ENGLISH in segment.texts:
            yield segment.segment_id, segment.texts[ENGLISH]
    for exhibit in manifest.exhibits:
        if ENGLISH in exhibit.titles:
            yield f"{exhibit.exhibit_id}/title", exhibit.titles[ENGLISH]
        for text in exhibit.figure_texts.get(ENGLISH, ()):
            yield f"{exhibit.exhibit_id}/figure", text


def _english(manifest: Manifest) -> Iterator[Finding]:
    for place, text in _english_texts(manifest):
        han = HAN.search(text)
        if han is not None:
            start = max(0, han.start() - 10)
            yield finding(
                "C14", (place,), text[start : han.end() + 10], "no Han characters", MSG_HAN,
                place=place, text=text[start : han.end() + 10],
            )  # fmt: skip
        lowered = text.lower()
        for preferred, variant, pattern in glossary_variants():
            if variant.lower() in lowered and pattern.search(text):
                yield finding(
                    "C14", (place,), variant, preferred, MSG_GLOSSARY,
                    place=place, variant=variant, term=preferred,
                )  # fmt: skip


def _number_set(manifest: Manifest) -> set[tuple[str, str, str, str, str]]:
    return {
        (n.metric_id, n.scope, n.column, n.group_key, repr(n.value))
        for n in manifest.numbers
        if n.metric_id
    }


def _other_editions(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Separately built language editions print the same (metric, scope, group, value) set."""
    if not context.others:
        return
    mine = _number_set(manifest)
    mine_exhibits = {(e.exhibit_id, e.number) for e in manifest.exhibits}
    for other in context.others:
        theirs = _number_set(other)
        for item in sorted(mine ^ theirs)[:50]:
            what = f"{item[0]}.{item[2]}@{item[1]} ({item[3]}) = {item[4]}"
            yield finding("C14", (item[0],), what, "both", MSG_OTHER_EDITION, what=what)
        for exhibit_id, number in sorted(
            mine_exhibits ^ {(e.exhibit_id, e.number) for e in other.exhibits}
        ):
            what = f"{exhibit_id} = {number}"
            yield finding("C14", (exhibit_id,), what, "both", MSG_OTHER_EDITION, what=what)
