"""(b) Narrated changes (editions.md §3.2): rules N1-N9 over the metric diff, zh and en.

Every sentence is a catalog message filled with numbers taken from the metric diff rows (or
the flow table, for the Little Giant counts by place), so a sentence can never print a value the
table does not hold; ``NarratedChange.numbers`` keeps the unrounded values for the test.
Definition-changed rows never get a rose/fell sentence (N8 says they are not comparable).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from srdi_report.compose.i18n import gettext_for
from srdi_report.editions.diff.model import (
    PERCENT,
    ExhibitDiff,
    FlowRow,
    MetricDiffRow,
    NarratedChange,
)
from srdi_report.editions.diff.rankings import ENTITY_SOURCES, Ranking
from srdi_report.number_format import format_number

LANGUAGES = {"zh": "zh_CN", "en": "en"}
WEIGHTS = {"N1": 5, "N2": 4, "N8": 4, "N6": 3, "N3": 3, "N5": 2, "N4": 2, "N7": 1, "N9": 1}
# Units that are not levels: N4 / N6 never narrate their relative change.
NOT_LEVELS = frozenset({"rank", "year", "years", "months", "pp", "pp_number", "r", "x", "ratio"})


def N_(message: str) -> str:  # noqa: N802 (the catalog tool's marker name)
    """Mark a catalog message (identity; translated when the sentence is written)."""
    return message


MSG_N4_UP = N_("%(what)s rose from %(old)s to %(new)s (%(change)s).")
MSG_N4_DOWN = N_("%(what)s fell from %(old)s to %(new)s (%(change)s).")
MSG_N5 = N_("%(what)s moved from %(old)s to %(new)s (%(change)s).")
MSG_N1_NEW = N_(
    "%(entity)s took first place in %(what)s from %(former)s (%(new)s; a year earlier "
    "%(former)s led with %(old)s)."
)
MSG_N1_SAME = N_("%(entity)s is still first in %(what)s (%(old)s a year earlier, now %(new)s).")
MSG_N2_IN = N_("%(entity)s entered %(what)s at no. %(rank)s (%(new)s).")
MSG_N2_OUT = N_("%(entity)s dropped out of %(what)s (no. %(rank)s a year earlier, %(old)s).")
MSG_N3_UP = N_("%(entity)s rose from no. %(old_rank)s to no. %(new_rank)s in %(what)s (%(new)s).")
MSG_N3_DOWN = N_("%(entity)s fell from no. %(old_rank)s to no. %(new_rank)s in %(what)s (%(new)s).")
MSG_N6_PLACE = N_(
    "%(place)s had fewer national-level Little Giants than a year earlier (%(old)s, now "
    "%(new)s): %(down)s lost the national-level title, %(out)s left the data or the place, "
    "%(up)s were newly recognised."
)
MSG_N7_FIRMS = N_("SRDI firms nationwide passed %(threshold)s (%(old)s, now %(new)s).")
MSG_N7_PLACE = N_(
    "%(place)s passed %(threshold)s national-level Little Giants (%(old)s, now %(new)s)."
)
MSG_N8 = N_(
    "%(what)s is not comparable with the previous edition (%(old)s, now %(new)s): its "
    "definition changed."
)
MSG_N9_ADDED = N_("New exhibit: %(label)s %(title)s.")
MSG_N9_REMOVED = N_("Exhibit no longer included: %(title)s (%(label)s of the previous edition).")
MSG_FIGURE = N_("Figure %(number)s")
MSG_LEVEL_NATIONAL = N_("national-level Little Giants")
MSG_LEVEL_PROVINCIAL = N_("provincial-level SRDI firms")
MSG_RANKINGS = {
    "province_ranking": N_("the ranking of provinces"),
    "city_ranking": N_("the ranking of cities"),
    "gbt_major_ranking": N_("the ranking of industry major classes"),
}


@dataclass(frozen=True)
class Thresholds:
    """Notability thresholds (editions.md §3.2)."""

    pct: float = 10.0
    pp: float = 1.0
    rank_move: int = 3
    top_n: int = 20
    min_cell: int = 5
    # Smallest round threshold per scope; the next ones are 2×, 5×, 10× … (N7).
    national_step: int = 10_000
    province_step: int = 1_000
    city_step: int = 100


Namer = Callable[[str, str, str], str]  # (code, source, language) -> name
# Group-key columns whose codes have labels in figures.labels (the same as the charts print).
LABELLED = frozenset(
    {
        "capital_statistic", "champion_dimension", "champion_indicator", "class_type",
        "dimension", "emp_band", "evaluation", "honour", "indicator", "kcl_class", "level",
        "patent_field", "patent_statistic", "quadrant", "rd_band", "score_band", "statistic",
        "tier", "gbt_section", "gbt_major", "gbt_middle", "gbt_minor", "field_domain", "region",
    }
)  # fmt: skip
Field = str | Callable[[str], str]


def _fmt(value: float, unit: str, language: str) -> str:
    locale = LANGUAGES[language]
    if unit == PERCENT:
        return format_number(value / 100.0, "share", 2, locale)
    if unit == "count":
        return format_number(value, "count", 0, locale)
    if unit in ("money_wan", "money_yi"):
        return format_number(value, unit, 0, locale)
    return format_number(value, "value", 2, locale)


def _change(row: MetricDiffRow, language: str) -> str:
    locale = LANGUAGES[language]
    if row.unit == PERCENT and row.pp_change is not None:
        return format_number(row.pp_change / 100.0, "pp_signed", 2, locale)
    assert row.pct_change is not None
    return format_number(row.pct_change / 100.0, "share_signed", 1, locale)


def _score(rule: str, change: float | None) -> float:
    size = abs(change) if change is not None and math.isfinite(change) else 0.0
    return WEIGHTS[rule] * (1.0 + math.log10(1.0 + size))


class Narrator:
    """Writes the sentences of every fired rule in each language."""

    def __init__(
        self,
        namer: Namer,
        languages: Sequence[str] = ("zh", "en"),
        thresholds: Thresholds | None = None,
    ) -> None:
        self.namer = namer
        self.languages = tuple(languages)
        self.limits = thresholds or Thresholds()
        self._gettext = {lang: gettext_for(LANGUAGES[lang]) for lang in self.languages}

    def _(self, language: str, message: str) -> str:
        return self._gettext[language](message)

    def group(self, group_key: str, language: str) -> str:
        """A group key in words: entity names, levels; other parts as they are."""
        parts = []
        for part in group_key.split(";"):
            column, _, value = part.partition("=")
            if column in ENTITY_SOURCES:
                parts.append(self.namer(value, ENTITY_SOURCES[column], language))
            elif column in LABELLED and column != "level":
                named = self.namer(value, column, language)
                if named == value:  # the champion comparison has its own code lists
                    named = self.namer(value, f"champion_{column}", language)
                parts.append(named if named != value else part)
            elif column == "level" and value == "national":
                parts.append(self._(language, MSG_LEVEL_NATIONAL))
            elif column == "level" and value == "provincial":
                parts.append(self._(language, MSG_LEVEL_PROVINCIAL))
            elif part:
                parts.append(part)
        return ", ".join(parts)

    def what(self, row: MetricDiffRow, language: str) -> str:
        """The subject of a row's sentence: exhibit title plus the group in words."""
        title = row.labels.get(language, "") or row.key.metric_id
        group = self.group(row.key.group_key, language) if row.key.group_key else ""
        return f"{title} ({group})" if group and not group.startswith("@") else title

    def texts(self, message: str, values: Callable[[str], Mapping[str, str]]) -> dict[str, str]:
        """The message in every language, filled with that language's values."""
        return {lang: self._(lang, message) % values(lang) for lang in self.languages}

    # Rules over metric rows -------------------------------------------------------------

    def level_changes(self, rows: Iterable[MetricDiffRow]) -> list[NarratedChange]:
        """N4 (relative change of a level), N5 (share change), N6 (a falling stock), N8."""
        out = []
        for i, row in enumerate(rows):
            if row.status not in ("both", "superseded") or row.key.group_key.startswith("@"):
                continue
            if row.old_value is None or row.new_value is None:
                continue
            if row.suppressed_old or row.suppressed_new:
                continue
            if row.definition_changed:
                out.append(self._row_change("N8", MSG_N8, row, i, None))
                continue
            if row.comparable != "yes" or row.key.metric_id == "computed":
                continue
            if row.unit == PERCENT and row.pp_change is not None:
                if abs(row.pp_change) >= self.limits.pp:
                    out.append(self._row_change("N5", MSG_N5, row, i, row.pp_change))
                continue
            if row.unit in NOT_LEVELS or row.pct_change is None:
                continue
            small = (
                row.old_n is not None
                and row.new_n is not None
                and (min(row.old_n, row.new_n) < self.limits.min_cell)
            )
            if small:
                continue
            large = abs(row.pct_change) >= self.limits.pct
            falling = row.new_value < row.old_value
            if falling and (row.cumulative or large):
                out.append(self._row_change("N6", MSG_N4_DOWN, row, i, row.pct_change))
            elif large:
                out.append(self._row_change("N4", MSG_N4_UP, row, i, row.pct_change))
        return out

    def _row_change(
        self, rule: str, message: str, row: MetricDiffRow, order: int, change: float | None
    ) -> NarratedChange:

        def values(lang: str) -> dict[str, str]:
            out = {
                "what": self.what(row, lang),
                "old": _fmt(row.old_value or 0.0, row.unit, lang),
                "new": _fmt(row.new_value or 0.0, row.unit, lang),
            }
            if rule != "N8":
                out["change"] = _change(row, lang)
            return out

        numbers = [v for v in (row.old_value, row.new_value, change) if v is not None]
        return NarratedChange(
            rule=rule,
            keys=(row.key.text(),),
            texts=self.texts(message, values),
            score=_score(rule, change),
            order=order,
            numbers=tuple(numbers),
        )

    # Rules over rankings ----------------------------------------------------------------

    def say(self, message: str, fields: Mapping[str, Field]) -> dict[str, str]:
        """The message in every language; each field is a string or a function of the language."""
        return {
            lang: self._(lang, message)
            % {k: (f(lang) if callable(f) else f) for k, f in fields.items()}
            for lang in self.languages
        }

    def ranking_changes(
        self,
        old: Mapping[tuple[str, str, str], Ranking],
        new: Mapping[tuple[str, str, str], Ranking],
        row_order: Mapping[str, int],
    ) -> list[NarratedChange]:
        """N1 (leader), N2 (top-N membership), N3 (moves of >= ``rank_move`` places)."""
        out: list[NarratedChange] = []
        for key, after in new.items():
            before = old.get(key)
            if before is not None and before.codes and after.codes:
                out += self._ranking(before, after, row_order.get(after.metric_id, 0))
        return out

    def _ranking(self, before: Ranking, after: Ranking, order: int) -> list[NarratedChange]:
        source = ENTITY_SOURCES[after.entity]
        what = partial(self._, message=MSG_RANKINGS.get(after.metric_id, after.metric_id))

        def name(code: str) -> Field:
            return partial(self.namer, code, source)

        def pct(value: float | None) -> Field:
            return partial(_fmt_lang, value or 0.0, PERCENT)

        out = []
        lead, former = after.codes[0], before.codes[0]
        first_new, first_old = after.values[0], before.values[0]
        if lead != former:
            fields = {
                "entity": name(lead),
                "former": name(former),
                "what": what,
                "new": pct(first_new),
                "old": pct(first_old),
            }
            out.append(
                NarratedChange(
                    "N1",
                    (lead, former),
                    self.say(MSG_N1_NEW, fields),
                    _score("N1", 1.0),
                    order,
                    (first_new, first_old),
                )
            )
        else:
            fields = {
                "entity": name(lead),
                "what": what,
                "new": pct(first_new),
                "old": pct(first_old),
            }
            out.append(
                NarratedChange(
                    "N1",
                    (lead,),
                    self.say(MSG_N1_SAME, fields),
                    _score("N1", 0.0) / 2,
                    order,
                    (first_new, first_old),
                )
            )
        # N2 both ways: who entered the list (ranked in the new year), who left (in the old).
        for message, side, other, key in (
            (MSG_N2_IN, after, before, "new"),
            (MSG_N2_OUT, before, after, "old"),
        ):
            for code in side.codes:
                if code in other.codes:
                    continue
                value = side.value(code) or 0.0
                fields = {
                    "entity": name(code),
                    "what": what,
                    "rank": str(side.rank(code)),
                    key: pct(value),
                }
                texts = self.say(message, fields)
                out.append(NarratedChange("N2", (code,), texts, _score("N2", 1.0), order, (value,)))
        for code in after.codes[: self.limits.top_n]:
            r_old, r_new = before.rank(code), after.rank(code)
            if r_old is None or r_new is None or abs(r_old - r_new) < self.limits.rank_move:
                continue
            value = after.value(code) or 0.0
            fields = {
                "entity": name(code),
                "what": what,
                "old_rank": str(r_old),
                "new_rank": str(r_new),
                "new": pct(value),
            }
            texts = self.say(MSG_N3_UP if r_new < r_old else MSG_N3_DOWN, fields)
            score = _score("N3", float(r_old - r_new))
            out.append(NarratedChange("N3", (code,), texts, score, order, (value,)))
        return out

    # Rules over the flow table and the exhibits -----------------------------------------

    def flow_changes(self, flows: Iterable[FlowRow], order: int) -> list[NarratedChange]:
        """N6 for places with fewer Little Giants, N7 for round thresholds passed."""
        out = []
        for row in flows:
            out += self._flow(row, order)
        return out

    def _flow(self, row: FlowRow, order: int) -> list[NarratedChange]:
        limits = self.limits
        source = {"province": "province", "city": "city"}.get(row.scope, "")
        key = (f"flow|{row.scope}|{row.code}",)

        def count(value: int) -> Field:
            return partial(_fmt_lang, float(value), "count")

        out = []
        if source and row.lg_new < row.lg_old and row.lg_old >= limits.min_cell:
            fields = {
                "place": partial(self.namer, row.code, source),
                "old": count(row.lg_old),
                "new": count(row.lg_new),
                "down": count(row.downgraded),
                "out": count(row.lg_exited),
                "up": count(row.upgraded + row.lg_entered),
            }
            change = (row.lg_new - row.lg_old) / row.lg_old * 100.0
            flows = (row.lg_old, row.lg_new, row.downgraded, row.lg_exited)
            out.append(
                NarratedChange(
                    "N6",
                    key,
                    self.say(MSG_N6_PLACE, fields),
                    _score("N6", change),
                    order,
                    tuple(float(n) for n in flows),
                )
            )
        if row.scope == "national":
            passed = _passed(row.firms_old, row.firms_new, limits.national_step)
            if passed:
                fields = {
                    "threshold": count(passed),
                    "old": count(row.firms_old),
                    "new": count(row.firms_new),
                }
                numbers = (float(row.firms_old), float(row.firms_new))
                texts = self.say(MSG_N7_FIRMS, fields)
                out.append(NarratedChange("N7", key, texts, _score("N7", 0.0), order, numbers))
            return out
        step = {"province": limits.province_step, "city": limits.city_step}.get(row.scope, 0)
        passed = _passed(row.lg_old, row.lg_new, step) if source else None
        if passed:
            fields = {
                "place": partial(self.namer, row.code, source),
                "threshold": count(passed),
                "old": count(row.lg_old),
                "new": count(row.lg_new),
            }
            numbers = (float(row.lg_old), float(row.lg_new))
            texts = self.say(MSG_N7_PLACE, fields)
            out.append(NarratedChange("N7", key, texts, _score("N7", 0.0), order, numbers))
        return out

    def exhibit_changes(self, exhibits: Iterable[ExhibitDiff]) -> list[NarratedChange]:
        """N9: an exhibit added or removed."""
        out = []
        for i, ex in enumerate(exhibits):
            if ex.status not in ("added", "removed"):
                continue
            added = ex.status == "added"
            titles = ex.titles_new if added else ex.titles_old
            number = ex.new_number if added else ex.old_number
            fields: dict[str, Field] = {
                "label": partial(_exhibit_label, number=number),
                "title": partial(_title, titles),
            }
            texts = self.say(MSG_N9_ADDED if added else MSG_N9_REMOVED, fields)
            out.append(NarratedChange("N9", (ex.exhibit_id,), texts, _score("N9", 0.0), 10_000 + i))
        return out


def _title(titles: Mapping[str, str], language: str) -> str:
    return titles.get(language, "")


def _fmt_lang(value: float, unit: str, language: str) -> str:
    return _fmt(value, unit, language)


def _exhibit_label(language: str, number: int | None) -> str:
    label = gettext_for(LANGUAGES[language])(MSG_FIGURE)
    return label % {"number": number if number is not None else ""}


def round_numbers(base: int, limit: int) -> Iterator[int]:
    """Round thresholds from ``base`` up to ``limit``: base times 1, 2, 5, 10, 20, 50 and on."""
    scale = base
    while base > 0 and scale <= limit:
        for factor in (1, 2, 5):
            if scale * factor <= limit:
                yield scale * factor
        scale *= 10


def _passed(old: int, new: int, base: int) -> int | None:
    """The highest round threshold (``round_numbers``) in (old, new], None when none."""
    if new <= old or base <= 0:
        return None
    crossed = [t for t in round_numbers(base, new) if t > old]
    return max(crossed) if crossed else None


def rank_items(items: Iterable[NarratedChange]) -> tuple[NarratedChange, ...]:
    """Items by materiality (highest first), ties by exhibit order, then rule and keys."""
    return tuple(sorted(items, key=lambda c: (-round(c.score, 9), c.order, c.rule, c.keys)))
