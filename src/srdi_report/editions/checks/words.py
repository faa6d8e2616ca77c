"""C6 label–value binding and C7 words agree with numbers."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from srdi_report.editions.checks.core import ERROR, N_, CheckContext, Finding, check, finding
from srdi_report.editions.checks.labels import _names, place_names
from srdi_report.editions.manifest import Manifest, NumberEntry

MSG_ROW = N_("row %(row)s of %(exhibit)s mixes figures of %(groups)s")
MSG_ORDER = N_("%(place)s names %(names)s in another order than its figures")
MSG_DIRECTION = N_("%(number)s is called %(word)s, but %(a)s is %(relation)s %(b)s")

_CELL = re.compile(r"\.r(\d+)c\d+#")
_PLACE = re.compile(r"(?:^|;)(?:city|province|city_code|province_code)=(\d{6})")
# Direction words after a gap in the English text (the zh text says the same by its msgid).
_HIGHER = re.compile(r"^\W{0,3}(?:percentage points? )?(higher|more|above|lower|less|below)\b")


def _place_code(entry: NumberEntry) -> str:
    match = _PLACE.search(entry.group_key)
    return match.group(1) if match else ""


@check("C6", ERROR, "label-value binding")
def binding(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """A table row's figures belong to one place; prose names places in its figures' order."""
    rows: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for entry in manifest.numbers:
        match = _CELL.search(entry.number_id)
        code = _place_code(entry)
        if match and code and entry.place.endswith("/cells"):
            rows[(entry.place, match.group(1))][code].append(entry.number_id)
    for (place, row), codes in sorted(rows.items()):
        if len(codes) > 1:
            ids = [i for group in codes.values() for i in group]
            yield finding(
                "C6", ids, ", ".join(sorted(codes)), "one place per row", MSG_ROW,
                row=row, exhibit=place.split("/", 1)[0], groups=", ".join(sorted(codes)),
            )  # fmt: skip
    yield from _prose_order(manifest, context)


def _prose_order(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    names = place_names()
    by_place: dict[str, list[NumberEntry]] = defaultdict(list)
    for entry in manifest.numbers:
        if not entry.place.endswith("/cells") and _place_code(entry):
            by_place[entry.place].append(entry)
    texts = {s.segment_id: s.texts.get("en", "") for s in manifest.segments}
    for place, entries in sorted(by_place.items()):
        text = texts.get(place, "")
        if context.exempt(place) or not text:
            continue
        codes = list(dict.fromkeys(_place_code(e) for e in entries))
        if len(codes) < 2 or any(c not in names for c in codes):
            continue
        positions = []
        for code in codes:
            found = [text.find(n) for n in names[code] if n.isascii() and _names(text, (n,))]
            positions.append(min(found) if found else -1)
        if -1 in positions:
            continue
        if positions != sorted(positions):
            yield finding(
                "C6", (place,), ", ".join(codes), "the order of the names", MSG_ORDER,
                place=place, names=", ".join(names[c][-1] for c in codes),
            )  # fmt: skip


def _last_before(text: str, token: str, end: int) -> int:
    """Start of the last whole-number occurrence of ``token`` before ``end`` (-1: none)."""
    if not token:
        return -1
    found = -1
    for match in re.finditer(rf"(?<![\d.,]){re.escape(token)}(?![\d])", text[:end]):
        found = match.start()
    return found


def _directions(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """A gap called higher / lower (more / less) has the sign of its two printed inputs."""
    by_id = {n.number_id: n for n in manifest.numbers}
    texts = {s.segment_id: s.texts.get("en", "") for s in manifest.segments}
    for rel in manifest.relations:
        if rel.kind not in ("difference", "uplift") or context.exempt(rel.place):
            continue
        result = by_id.get(rel.result)
        a, b = (by_id.get(i) for i in rel.inputs)
        text = texts.get(rel.place, "")
        if result is None or a is None or b is None or a.value is None or b.value is None:
            continue
        printed = result.printed.get("en", "")
        at = text.find(printed) if printed else -1
        if at < 0:
            continue
        match = _HIGHER.search(text[at + len(printed) :])
        if match is None:
            continue
        up = match.group(1) in ("higher", "more", "above")
        if rel.kind == "uplift":
            first, second = a, b  # result = a / b - 1: a is the sentence's subject
        else:
            # |a - b| has no direction: the operand printed first (before the gap) is the
            # subject, as in "15.2% against 38.5%, 23.3 percentage points lower".
            pos_a = _last_before(text, a.printed.get("en", ""), at)
            pos_b = _last_before(text, b.printed.get("en", ""), at)
            if pos_a < 0 or pos_b < 0:
                continue
            first, second = (a, b) if pos_a < pos_b else (b, a)
        assert first.value is not None
        assert second.value is not None
        if up != (first.value > second.value):
            yield finding(
                "C7", (rel.result, *rel.inputs), f"{printed} {match.group(1)}",
                "higher" if first.value > second.value else "lower", MSG_DIRECTION,
                number=rel.result, word=match.group(1), a=first.printed.get("en", ""),
                relation="above" if first.value > second.value else "below",
                b=second.printed.get("en", ""),
            )  # fmt: skip


# --- vague quantifiers re-verified by the predicates that chose them (§6.2) -----------------

MSG_QUANTIFIER = N_("%(place)s says %(printed)s for %(value)s; the rule gives %(expected)s")
_PAREN_SHARE = re.compile(r"^[^.;()]{0,80}?\((\d+(?:\.\d+)?)%\)")
_PAREN_PAIR = re.compile(r"^[^.;()]{0,80}?\((\d[\d,]*(?:\.\d+)?) against (\d[\d,]*(?:\.\d+)?)\)")
_TIMES = re.compile(r"\b(about|nearly|more than) (\d+) times\b", re.IGNORECASE)


def _english(msgid: str) -> str:
    from srdi_report.compose.i18n import gettext_for

    return gettext_for("en")(msgid).replace("%%", "%")


def _share_phrases() -> list[tuple[str, str]]:
    """(English text, msgid) of every share quantifier, longest first."""
    from srdi_report.compose.narrative import SHARE_ANCHORS

    out = [
        (_english(msgid), msgid)
        for anchor in SHARE_ANCHORS
        for msgid in (anchor.nearly, anchor.about, anchor.over)
    ]
    return sorted(out, key=lambda item: -len(item[0]))


def _quantifier_findings(place: str, text: str) -> Iterator[Finding]:
    from srdi_report.compose.narrative import multiple, quantifier

    taken: set[int] = set()
    for phrase, msgid in _share_phrases():
        for match in re.finditer(rf"\b{re.escape(phrase)}(?![\w%])", text, re.IGNORECASE):
            if match.start() in taken:
                continue
            taken.add(match.start())
            value = _PAREN_SHARE.search(text[match.end() :])
            if value is None:
                continue
            chosen = quantifier(float(value.group(1)) / 100)
            expected = _english(chosen.msgid) if chosen is not None else value.group(1) + "%"
            if chosen is None or chosen.msgid != msgid:
                yield finding(
                    "C7", (place,), phrase, expected, MSG_QUANTIFIER,
                    place=place, printed=phrase, value=value.group(1) + "%", expected=expected,
                )  # fmt: skip
    for match in _TIMES.finditer(text):
        pair = _PAREN_PAIR.search(text[match.end() :])
        if pair is None:
            continue
        a, b = (float(pair.group(i).replace(",", "")) for i in (1, 2))
        if b == 0:
            continue
        said = multiple(a / b)
        word = {"about": "about %(x)s times", "nearly": "nearly %(x)s times"}.get(
            match.group(1).lower(), "more than %(x)s times"
        )
        x = dict(said.args).get("x")
        whole = getattr(x, "value", None)
        if said.msgid != word or whole is None or int(whole) != int(match.group(2)):
            expected = said.msgid.replace("%(x)s", f"{whole:g}" if whole is not None else "?")
            yield finding(
                "C7", (place,), match.group(0), expected, MSG_QUANTIFIER, place=place,
                printed=match.group(0), value=f"{a:g} / {b:g}", expected=expected,
            )  # fmt: skip


@check("C7", ERROR, "words agree with numbers")
def words(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Direction words match their inputs; vague quantifiers match the shares beside them."""
    yield from _directions(manifest, context)
    for segment in manifest.segments:
        text = segment.texts.get("en", "")
        if text and not context.exempt(segment.segment_id):
            yield from _quantifier_findings(segment.segment_id, text)
