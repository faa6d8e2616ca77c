"""C8 legends and units, C9 dates and periods, C10 scope labels."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from srdi_report.editions.checks.core import ERROR, N_, CheckContext, Finding, check, finding
from srdi_report.editions.manifest import Manifest

MSG_LEGEND_YEAR = N_("%(exhibit)s draws the year %(year)s, which its data does not have")
MSG_DATE = N_("%(place)s states the date %(printed)s; the data's cut-off is %(expected)s")
MSG_SCOPE = N_("%(number)s is a figure of %(scope)s, printed in a sentence naming %(named)s")

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_EN_DAY_FIRST = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(_MONTHS)}) (\d{{4}})\b")
_EN_MONTH_FIRST = re.compile(rf"\b({'|'.join(_MONTHS)}) (\d{{1,2}}), (\d{{4}})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# Year, month and day with the Chinese unit characters (escaped: no Han in the source).
_ZH_DATE = re.compile(r"(\d{4})\u5e74(\d{1,2})\u6708(\d{1,2})\u65e5")
_AS_OF_MONTH = re.compile(
    r"(?:\u622a\u81f3|\u622a\u6b62|[Aa]s of|end of)\s*(?:(\d{4})\u5e74(\d{1,2})\u6708(?!\d)|"
    rf"({'|'.join(_MONTHS)}) (\d{{4}}))"
)


def _csv_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


@check("C8", ERROR, "legends, axes, units, headers")
def legends(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Every year drawn in a chart (legend, axis, label) is a period of the plotted frame."""
    if context.folder is None:
        return
    allowed = {str(manifest.identity.year), manifest.identity.snapshot_date[:4]}
    for exhibit in manifest.exhibits:
        for lang, texts in sorted(exhibit.figure_texts.items()):
            image = exhibit.images.get(lang, "")
            if not image:
                continue
            data = _csv_text((context.folder / image).with_suffix(".csv"))
            if not data:
                continue
            periods = set(_YEAR.findall(data)) | allowed
            for text in texts:
                for year in _YEAR.findall(text):
                    if year not in periods:
                        yield finding(
                            "C8", (exhibit.exhibit_id,), text, ", ".join(sorted(periods)),
                            MSG_LEGEND_YEAR, exhibit=exhibit.exhibit_id, year=year,
                        )  # fmt: skip


def _dates(text: str) -> Iterator[tuple[str, str]]:
    """(printed, ISO date or year-month) of every full date and every as-of month."""
    for m in _EN_DAY_FIRST.finditer(text):
        yield m.group(0), f"{m.group(3)}-{_MONTHS.index(m.group(2)) + 1:02d}-{int(m.group(1)):02d}"
    for m in _EN_MONTH_FIRST.finditer(text):
        yield m.group(0), f"{m.group(3)}-{_MONTHS.index(m.group(1)) + 1:02d}-{int(m.group(2)):02d}"
    for m in _ISO.finditer(text):
        yield m.group(0), m.group(0)
    for m in _ZH_DATE.finditer(text):
        yield m.group(0), f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    for m in _AS_OF_MONTH.finditer(text):
        if m.group(1):
            yield m.group(0), f"{m.group(1)}-{int(m.group(2)):02d}"
        else:
            yield m.group(0), f"{m.group(4)}-{_MONTHS.index(m.group(3)) + 1:02d}"


@check("C9", ERROR, "dates and periods")
def dates(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """Every cut-off date (and as-of month) stated in the text is the snapshot's."""
    cutoff = manifest.identity.snapshot_date
    for segment in manifest.segments:
        if context.exempt(segment.segment_id):
            continue
        for _lang, text in sorted(segment.texts.items()):
            for printed, iso in _dates(text):
                if not cutoff.startswith(iso):
                    yield finding(
                        "C9", (segment.segment_id,), printed, cutoff, MSG_DATE,
                        place=segment.segment_id, printed=printed, expected=cutoff,
                    )  # fmt: skip


@functools.cache
def place_names() -> Mapping[str, tuple[str, ...]]:
    """Admin code → its names (zh full and short, en) for provinces and cities."""
    from srdi_report.data.geography import load_geography

    geo = load_geography()
    out: dict[str, tuple[str, ...]] = {}
    for code, p in geo.provinces_by_code.items():
        out[code] = tuple(n for n in (p.name_zh_full, p.name_zh_short, p.name_en) if n)
    for code, c in geo.cities_by_code.items():
        out.setdefault(code, tuple(n for n in (c.name_zh_full, c.name_zh_short, c.name_en) if n))
    return out


_PLACE_KEY = re.compile(r"(?:^|;)(?:city|province|city_code|province_code)=(\d{6})")


@check("C10", ERROR, "scope labels")
def scope_labels(manifest: Manifest, context: CheckContext) -> Iterator[Finding]:
    """A place's figure printed in prose sits in a sentence that names that place.

    A sentence naming other places but not the number's own is the slip (a city's name with
    its province's figures). Sentences naming no place are left alone: they speak of the
    edition's own scope, which the heading names.
    """
    names = place_names()
    texts = {s.segment_id: s.texts for s in manifest.segments}
    for entry in manifest.numbers:
        if entry.place.endswith("/cells") or context.exempt(entry.place):
            continue
        match = _PLACE_KEY.search(entry.scope) or _PLACE_KEY.search(entry.group_key)
        if match is None or match.group(1) not in names:
            continue
        own = names[match.group(1)]
        for _lang, text in sorted(texts.get(entry.place, {}).items()):
            if any(n in text for n in own):
                continue
            named = sorted(
                {ns[0] for code, ns in names.items() if code != match.group(1) and _names(text, ns)}
            )
            if named:
                yield finding(
                    "C10", (entry.number_id,), ", ".join(named[:3]), own[0], MSG_SCOPE,
                    number=entry.number_id, scope=own[-1], named=", ".join(named[:3]),
                )  # fmt: skip
                break


def _names(text: str, names: tuple[str, ...]) -> bool:
    # Short zh names of two characters are common words only rarely; en names need a word edge.
    for name in names:
        if name.isascii():
            if re.search(rf"\b{re.escape(name)}\b", text):
                return True
        elif name in text:
            return True
    return False
