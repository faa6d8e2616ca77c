"""Sentence facts from metric values, locale-neutral (national_report.md §6).

Each function takes unrounded values and returns a :class:`Phrase`: an English msgid plus its
arguments (numbers as :class:`NumRun`, nested phrases, or literal already-translated text).
Nothing here translates or formats a number; ``templates.py`` does both when a template asks
for the phrase. The thresholds of §6.2 are data (the tables below), not literals in the logic.
Msgids are marked with ``N_`` / ``NP_`` / ``NN_`` so ``tools/catalogs.py extract`` finds them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from srdi_report.compose.model import NumRun
from srdi_report.errors import InputError
from srdi_report.number_format import is_missing


def N_(msgid: str) -> str:  # noqa: N802 (the gettext convention for a no-op marker)
    """Mark a msgid for extraction; return it unchanged."""
    return msgid


def NP_(context: str, msgid: str) -> tuple[str, str]:  # noqa: N802
    """Mark a msgid with a context (msgctxt) for extraction; return both."""
    return context, msgid


def NN_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a singular/plural msgid pair for extraction; return both."""
    return singular, plural


class NarrativeError(InputError):
    """A value cannot be narrated (not finite, out of range, an empty list)."""


@dataclass(frozen=True)
class Phrase:
    """A msgid with its arguments: translated and filled in only when a template prints it.

    Attributes:
        msgid: English msgid, a %-format string with named arguments (``%%`` = a percent sign).
        args: (name, value) pairs; a value is a NumRun, a nested Phrase or literal text.
        context: msgctxt, or empty.
        plural: The plural msgid, or empty; then ``n`` chooses the form.
        n: The count that chooses the plural form.
        verbatim: Glue that is not a message (joins of list items): never translated.
    """

    msgid: str
    args: tuple[tuple[str, NumRun | Phrase | str], ...] = ()
    context: str = ""
    plural: str = ""
    n: int = 0
    verbatim: bool = False

    def arg_map(self) -> Mapping[str, NumRun | Phrase | str]:
        """The arguments as a mapping."""
        return dict(self.args)


# A value to narrate: a plain number, or a run from a metric accessor (its ids are kept on the
# runs that print it, and its digits are the default precision).
Number = float | NumRun


def _finite(value: Number, what: str) -> float:
    if isinstance(value, NumRun):
        if value.value is None or value.suppressed:
            label = value.number_id or value.metric_id or what
            raise NarrativeError(f"{label} is withheld or missing and cannot be narrated")
        value = value.value
    if isinstance(value, bool | str):
        raise NarrativeError(f"{what} must be a number, got {value!r}")
    if is_missing(value):
        raise NarrativeError(f"{what} is missing (None or NaN) and cannot be narrated")
    number = float(value)
    if not math.isfinite(number):
        raise NarrativeError(f"{what} must be a finite number, got {value!r}")
    return number


def _digits(explicit: int | None, value: Number, default: int) -> int:
    if explicit is not None:
        return explicit
    return value.digits if isinstance(value, NumRun) else default


def _own_id(value: Number, fallback: str) -> str:
    """A run keeps its own metric id; a plain number borrows ``fallback``."""
    return "" if isinstance(value, NumRun) else fallback


def _printed(
    value: Number, kind: str, digits: int, metric_id: str = "", number_id: str = ""
) -> NumRun:
    """The run that prints ``value``: the input run's ids unless new ones are given."""
    if isinstance(value, NumRun):
        metric_id = metric_id or value.metric_id
        number_id = number_id or value.number_id
    return NumRun(_finite(value, kind), kind, digits, metric_id=metric_id, number_id=number_id)


SHARE_DIGITS = 2  # shares of firms print with 2 dp unless the chart entry says 1 (§6.4)
APPROX_COUNT_DIGITS = 1  # zh counts in wan keep one decimal (§6.1); en rounds to 100 by its style


# --- vague quantifiers of shares (§6.2) ---------------------------------------------------------


@dataclass(frozen=True)
class ShareAnchor:
    """A round share a quantifier names: its percent and the three msgids that say it."""

    percent: float
    nearly: str
    about: str
    over: str


SHARE_ANCHORS: tuple[ShareAnchor, ...] = (
    ShareAnchor(10.0, N_("nearly 10%%"), N_("about 10%%"), N_("over 10%%")),
    ShareAnchor(20.0, N_("nearly 20%%"), N_("about 20%%"), N_("over 20%%")),
    ShareAnchor(30.0, N_("nearly 30%%"), N_("about 30%%"), N_("over 30%%")),
    ShareAnchor(100 / 3, N_("nearly one third"), N_("about one third"), N_("more than one third")),
    ShareAnchor(40.0, N_("nearly 40%%"), N_("about 40%%"), N_("over 40%%")),
    ShareAnchor(50.0, N_("nearly half"), N_("about half"), N_("more than half")),
    ShareAnchor(60.0, N_("nearly 60%%"), N_("about 60%%"), N_("over 60%%")),
    ShareAnchor(
        200 / 3, N_("nearly two thirds"), N_("about two thirds"), N_("more than two thirds")
    ),
    ShareAnchor(70.0, N_("nearly 70%%"), N_("about 70%%"), N_("over 70%%")),
    ShareAnchor(80.0, N_("nearly 80%%"), N_("about 80%%"), N_("over 80%%")),
    ShareAnchor(90.0, N_("nearly 90%%"), N_("about 90%%"), N_("over 90%%")),
)
# "nearly A+" when A+ - v <= NEARLY_TOLERANCE * A+; "about A-" when v - A- <= ABOUT_TOLERANCE * A-.
NEARLY_TOLERANCE = 0.10
ABOUT_TOLERANCE = 0.02
# Below this percent no quantifier applies: the number itself is printed.
QUANTIFIER_FLOOR = 10.0
# Float noise (0.36 * 100 = 36.00000000000001) must not move a share across a threshold.
_PERCENT_PLACES = 9


def quantifier(share: Number) -> Phrase | None:
    """Return the vague quantifier of a share (a fraction 0–1), or None below 10%.

    ``0.3963`` → "nearly 40%"; ``0.317`` → "nearly one third"; ``0.706`` → "about
    70%"; ``0.523`` → "more than half"; ``0.05`` → None (print the number).

    Raises:
        NarrativeError: The share is not finite or lies outside 0–1.
    """
    value = _finite(share, "share")
    if not 0.0 <= value <= 1.0:
        raise NarrativeError(f"a share is a fraction 0–1, got {share!r}")
    percent = round(value * 100, _PERCENT_PLACES)
    if percent < QUANTIFIER_FLOOR:
        return None
    above = next((a for a in SHARE_ANCHORS if a.percent > percent), None)
    below = [a for a in SHARE_ANCHORS if a.percent <= percent][-1]
    if above is not None and above.percent - percent <= NEARLY_TOLERANCE * above.percent:
        return Phrase(above.nearly)
    if percent - below.percent <= ABOUT_TOLERANCE * below.percent:
        return Phrase(below.about)
    return Phrase(below.over)


# --- multiples (§6.2) ---------------------------------------------------------------------------

# Multiples below this are narrated as the number (or an uplift), not with a vague word.
MULTIPLE_FLOOR = 2.0
ABOUT_MULTIPLE = 0.15  # "about X times": X = round(r), |r - X| <= 0.15
NEARLY_MULTIPLE = 0.3  # "nearly X times": X = ceil(r), X - r <= 0.3
OVER_MULTIPLE = 0.5  # "more than X times": X = floor(r), r - X <= 0.5
MULTIPLE_DIGITS = 1  # a multiple printed as a number: 1 dp (§6.4, prose)
MSG_TIMES = N_("%(x)s times")
MSG_ABOUT_TIMES = N_("about %(x)s times")
MSG_NEARLY_TIMES = N_("nearly %(x)s times")
MSG_OVER_TIMES = N_("more than %(x)s times")


def _whole(x: int) -> NumRun:
    return NumRun(value=float(x), kind="ratio", digits=0)


def multiple(
    ratio: Number, *, approx: bool = True, digits: int | None = None, metric_id: str = ""
) -> Phrase:
    """Say a multiple a / b: "about 3 times" or "2.89 times".

    With ``approx`` (the default) a ratio of 2 or more gets the vague form of §6.2 when one
    fits; otherwise the number is printed with ``digits`` decimals.

    Raises:
        NarrativeError: The ratio is not finite or negative.
    """
    r = _finite(ratio, "ratio")
    if r < 0:
        raise NarrativeError(f"a multiple cannot be negative, got {ratio!r}")
    places = _digits(digits, ratio, MULTIPLE_DIGITS)
    exact = Phrase(MSG_TIMES, (("x", _printed(ratio, "ratio", places, metric_id)),))
    if not approx or r < MULTIPLE_FLOOR:
        return exact
    nearest = math.floor(r + 0.5)  # half up, not Python's banker's round()
    if abs(r - nearest) <= ABOUT_MULTIPLE:
        return Phrase(MSG_ABOUT_TIMES, (("x", _whole(nearest)),))
    if math.ceil(r) - r <= NEARLY_MULTIPLE:
        return Phrase(MSG_NEARLY_TIMES, (("x", _whole(math.ceil(r))),))
    if r - math.floor(r) <= OVER_MULTIPLE:
        return Phrase(MSG_OVER_TIMES, (("x", _whole(math.floor(r))),))
    return exact


MSG_UPLIFT_MORE = N_("%(x)s more")
MSG_UPLIFT_LESS = N_("%(x)s less")
MSG_SAME = N_("the same")
UPLIFT_DIGITS = 0  # uplift is an integer percent (§6.4)


def uplift(a: Number, b: Number) -> Phrase:
    """Say how much a exceeds b relative to b: "41% more", from unrounded values.

    Raises:
        NarrativeError: b is zero or a value is not finite.
    """
    x, y = _finite(a, "value"), _finite(b, "value")
    if y == 0:
        raise NarrativeError("uplift against a zero base is undefined")
    change = x / y - 1
    if change == 0:
        return Phrase(MSG_SAME)
    msgid = MSG_UPLIFT_MORE if change > 0 else MSG_UPLIFT_LESS
    return Phrase(msgid, (("x", NumRun(abs(change), "share", UPLIFT_DIGITS)),))


# --- differences of shares ----------------------------------------------------------------------

MSG_PP_HIGHER = N_("%(gap)s higher")
MSG_PP_LOWER = N_("%(gap)s lower")
MSG_PP_EQUAL = N_("on a par with it")


def pp_gap(a: Number, b: Number, *, digits: int | None = None, number_id: str = "") -> Phrase:
    """Say the gap between two shares (fractions) in percentage points, unsigned with a direction.

    ``pp_gap(0.385, 0.152, digits=1)`` → "23.3 percentage points higher".
    A gap that prints as zero at ``digits`` is "on a par with it".
    """
    places = _digits(digits, a, SHARE_DIGITS)
    gap = _finite(a, "share") - _finite(b, "share")
    if round(abs(gap) * 100, places) == 0:
        return Phrase(MSG_PP_EQUAL)
    msgid = MSG_PP_HIGHER if gap > 0 else MSG_PP_LOWER
    return Phrase(msgid, (("gap", NumRun(abs(gap), "pp", places, number_id=number_id)),))


CLOSE_TO_AVERAGE_PP = 1.0  # "close to the average" only within 1.0 pp (§6.1)
MSG_CLOSE_TO_AVERAGE = N_("close to the average (%(avg)s)")
MSG_ABOVE_AVERAGE = N_("%(gap)s above the average (%(avg)s)")
MSG_BELOW_AVERAGE = N_("%(gap)s below the average (%(avg)s)")


def versus_average(share: Number, average: Number, *, digits: int | None = None) -> Phrase:
    """Compare a share with an average share: close to it (within 1.0 pp), above or below it."""
    places = _digits(digits, share, SHARE_DIGITS)
    value, avg = _finite(share, "share"), _finite(average, "average")
    gap_pp = (value - avg) * 100
    avg_run = _printed(average, "share", places)
    if abs(gap_pp) <= CLOSE_TO_AVERAGE_PP:
        return Phrase(MSG_CLOSE_TO_AVERAGE, (("avg", avg_run),))
    msgid = MSG_ABOVE_AVERAGE if gap_pp > 0 else MSG_BELOW_AVERAGE
    gap = NumRun(abs(value - avg), "pp", places)
    return Phrase(msgid, (("gap", gap), ("avg", avg_run)))


# --- shares with counts -------------------------------------------------------------------------

# From this many firms a count in running text is approximate ("about 12,300"); below it the
# exact count is printed. It mirrors the approx_count rows of data/reference/number_styles.csv,
# which print "about"/the Chinese prefix themselves, so no msgid says "about" before a count.
APPROX_COUNT_FROM = 10_000
MSG_SHARE_FIRMS = NN_("%(share)s (%(count)s firm)", "%(share)s (%(count)s firms)")


def share_with_count(
    share: Number,
    count: Number,
    *,
    digits: int | None = None,
    metric_id: str = "",
    number_id: str = "",
) -> Phrase:
    """Say a share with its firm count: "12.34% (about 12,300 firms)".

    From ``APPROX_COUNT_FROM`` firms the count is an ``approx_count`` run (its format adds
    "about" and rounds); below it the exact ``count``.
    """
    places = _digits(digits, share, SHARE_DIGITS)
    share_run = _printed(share, "share", places, metric_id, number_id)
    firms = _finite(count, "count")
    kind = "approx_count" if firms >= APPROX_COUNT_FROM else "count"
    count_run = _printed(count, kind, APPROX_COUNT_DIGITS if kind == "approx_count" else 0,
                         _own_id(count, share_run.metric_id))  # fmt: skip
    singular, plural = MSG_SHARE_FIRMS
    return Phrase(
        singular, (("share", share_run), ("count", count_run)), plural=plural, n=int(firms)
    )


# --- ranks (§6.1, §6.3) -------------------------------------------------------------------------

ORDINAL_CONTEXT = "ordinal"
# Ordinal words up to tenth (glossary: words below 10, numerals from 10 up).
ORDINALS: tuple[tuple[str, str], ...] = (
    NP_("ordinal", "first"),
    NP_("ordinal", "second"),
    NP_("ordinal", "third"),
    NP_("ordinal", "fourth"),
    NP_("ordinal", "fifth"),
    NP_("ordinal", "sixth"),
    NP_("ordinal", "seventh"),
    NP_("ordinal", "eighth"),
    NP_("ordinal", "ninth"),
    NP_("ordinal", "tenth"),
)
MSG_RANKS_FIRST = N_("ranks first")
MSG_RANKS = N_("ranks %(ordinal)s")
MSG_RANKS_JOINT = N_("ranks joint %(ordinal)s")
MSG_RANKS_NUMBER = N_("ranks no. %(rank)s")
MSG_RANKS_NUMBER_JOINT = N_("ranks joint no. %(rank)s")
MSG_RANK_RANGE = N_("rank %(first)s to %(last)s")
MSG_RANK_RANGE_NUMBER = N_("rank no. %(first)s to %(last)s")


def ordinal(rank: int) -> Phrase | NumRun:
    """The ordinal of a rank: a word up to tenth, a rank number from 11 on."""
    if rank < 1:
        raise NarrativeError(f"a rank starts at 1, got {rank!r}")
    if rank <= len(ORDINALS):
        context, word = ORDINALS[rank - 1]
        return Phrase(word, context=context)
    return NumRun(float(rank), "rank", 0)


def rank_phrase(rank: int, *, joint: bool = False) -> Phrase:
    """Say a rank: "ranks first", "ranks fourth", "ranks joint second", "ranks no. 12".

    Raises:
        NarrativeError: The rank is below 1.
    """
    word = ordinal(rank)
    if isinstance(word, NumRun):
        msgid = MSG_RANKS_NUMBER_JOINT if joint else MSG_RANKS_NUMBER
        return Phrase(msgid, (("rank", word),))
    if rank == 1 and not joint:
        return Phrase(MSG_RANKS_FIRST)
    return Phrase(MSG_RANKS_JOINT if joint else MSG_RANKS, (("ordinal", word),))


def rank_range(first: int, last: int) -> Phrase:
    """Say a run of ranks: "rank fourth to sixth".

    Raises:
        NarrativeError: The range is empty or starts below 1.
    """
    if not 1 <= first < last:
        raise NarrativeError(f"a rank range needs 1 <= first < last, got {first}–{last}")
    if last <= len(ORDINALS):
        return Phrase(MSG_RANK_RANGE, (("first", ordinal(first)), ("last", ordinal(last))))
    runs = (("first", NumRun(float(first), "rank", 0)), ("last", NumRun(float(last), "rank", 0)))
    return Phrase(MSG_RANK_RANGE_NUMBER, runs)


# --- lists and sums -----------------------------------------------------------------------------

LIST_CONTEXT = "list"
MSG_LIST_SEPARATOR = NP_("list", ", ")
MSG_LIST_LAST = NP_("list", "%(rest)s and %(last)s")
MSG_LIST_LAST_PLAIN = NP_("list", "%(rest)s, %(last)s")


def series(items: Sequence[Phrase | NumRun | str], *, conjunction: bool = True) -> Phrase:
    """Join items as a list: "A, B and C", or without the conjunction "A, B, C".

    Raises:
        NarrativeError: No items.
    """
    if not items:
        raise NarrativeError("cannot narrate an empty list")
    if len(items) == 1:
        return Phrase("%(item)s", (("item", items[0]),), verbatim=True)
    separator = Phrase(MSG_LIST_SEPARATOR[1], context=LIST_CONTEXT)
    head: Phrase | NumRun | str = items[0]
    for item in items[1:-1]:
        glue = (("a", head), ("sep", separator), ("b", item))
        head = Phrase("%(a)s%(sep)s%(b)s", glue, verbatim=True)
    context, msgid = MSG_LIST_LAST if conjunction else MSG_LIST_LAST_PLAIN
    return Phrase(msgid, (("rest", head), ("last", items[-1])), context=context)


MSG_LABELLED = N_("%(name)s (%(value)s)")


def labelled(name: str, value: NumRun | Phrase | str) -> Phrase:
    """A name with its value in brackets: "Guangdong (13.52%)"."""
    return Phrase(MSG_LABELLED, (("name", name), ("value", value)))


def group_sum(shares: Sequence[Number], *, digits: int = 2, metric_id: str = "") -> NumRun:
    """The sum of members' unrounded shares as one number (§6.1 group sum, 2 dp)."""
    if not shares:
        raise NarrativeError("a group sum needs at least one member")
    total = math.fsum(_finite(s, "share") for s in shares)
    return NumRun(total, "share", digits, metric_id=metric_id)


# --- series over years (§6.1 change over time and gap widening, §6.2 trends and levels) -------

MSG_ROSE_EVERY_YEAR = N_("rose every year")
MSG_FELL_EVERY_YEAR = N_("fell every year")
MSG_STAYED_LEVEL = N_("stayed level")
MSG_ROSE_THEN_FELL = N_("rose until %(year)s, then fell")
MSG_FELL_THEN_ROSE = N_("fell until %(year)s, then rose")
MSG_FLUCTUATED = N_("changed direction more than once, peaking in %(year)s")


def _year(year: int) -> NumRun:
    return NumRun(float(year), "year", 0)


def trend(points: Sequence[tuple[int, Number]]) -> Phrase:
    """Say how a yearly series moved: "rose every year" only if every step rose (§6.2).

    Otherwise the turning year is named ("rose until 2023, then fell"); a series that turns
    more than once names the year of its maximum.

    Raises:
        NarrativeError: Fewer than two points, or years not strictly increasing.
    """
    if len(points) < 2:
        raise NarrativeError("a trend needs at least two years")
    years = [int(year) for year, _ in points]
    if any(b <= a for a, b in pairwise(years)):
        raise NarrativeError(f"trend years must increase: {years}")
    values = [_finite(value, "value") for _, value in points]
    steps = [(b > a) - (b < a) for a, b in pairwise(values)]
    if all(step > 0 for step in steps):
        return Phrase(MSG_ROSE_EVERY_YEAR)
    if all(step < 0 for step in steps):
        return Phrase(MSG_FELL_EVERY_YEAR)
    if all(step == 0 for step in steps):
        return Phrase(MSG_STAYED_LEVEL)
    moves = [step for step in steps if step != 0]
    turns = sum(1 for a, b in pairwise(moves) if a != b)
    peak = years[values.index(max(values))]
    if turns == 1 and moves[0] > 0:
        return Phrase(MSG_ROSE_THEN_FELL, (("year", _year(peak)),))
    if turns == 1:
        trough = years[values.index(min(values))]
        return Phrase(MSG_FELL_THEN_ROSE, (("year", _year(trough)),))
    return Phrase(MSG_FLUCTUATED, (("year", _year(peak)),))


MSG_GAP_WIDER_WIDER = N_(
    "The gap was %(gap)s in %(year)s, wider than in %(prev_year)s (%(prev)s) "
    "and in %(first_year)s (%(first)s)."
)
MSG_GAP_WIDER_NARROWER = N_(
    "The gap was %(gap)s in %(year)s, wider than in %(prev_year)s (%(prev)s) "
    "but narrower than in %(first_year)s (%(first)s)."
)
MSG_GAP_NARROWER_WIDER = N_(
    "The gap was %(gap)s in %(year)s, narrower than in %(prev_year)s "
    "(%(prev)s) but wider than in %(first_year)s (%(first)s)."
)
MSG_GAP_NARROWER_NARROWER = N_(
    "The gap was %(gap)s in %(year)s, narrower than in %(prev_year)s "
    "(%(prev)s) and in %(first_year)s (%(first)s)."
)
MSG_GAP_PLAIN = N_(
    "The gap was %(gap)s in %(year)s (%(prev_year)s: %(prev)s; %(first_year)s: %(first)s)."
)


def gap_change(gaps: Sequence[tuple[int, Number]], *, digits: int | None = None) -> Phrase:
    """Compare the last gap (pp, a fraction) with the previous year's and the first year's.

    ``[(2022, 0.0491), (2023, 0.0284), (2024, 0.0390)]`` → "The gap was 3.90 percentage points
    in 2024, wider than in 2023 (2.84) but narrower than in 2022 (4.91)." A gap equal to a
    compared one at the printed precision gets the plain form that only lists the values.

    Raises:
        NarrativeError: Fewer than three years.
    """
    if len(gaps) < 3:
        raise NarrativeError("a gap comparison needs the first, the previous and the last year")
    (first_year, first), (prev_year, prev), (year, last) = gaps[0], gaps[-2], gaps[-1]
    places = _digits(digits, last, SHARE_DIGITS)
    values = [_finite(v, "gap") for v in (first, prev, last)]
    printed = [round(abs(v) * 100, places) for v in values]
    args = (
        ("gap", NumRun(abs(values[2]), "pp", places)),
        ("year", _year(int(year))),
        ("prev", NumRun(abs(values[1]), "pp_number", places)),
        ("prev_year", _year(int(prev_year))),
        ("first", NumRun(abs(values[0]), "pp_number", places)),
        ("first_year", _year(int(first_year))),
    )
    if printed[2] in (printed[0], printed[1]):
        return Phrase(MSG_GAP_PLAIN, args)
    wider_prev, wider_first = printed[2] > printed[1], printed[2] > printed[0]
    msgid = {
        (True, True): MSG_GAP_WIDER_WIDER,
        (True, False): MSG_GAP_WIDER_NARROWER,
        (False, True): MSG_GAP_NARROWER_WIDER,
        (False, False): MSG_GAP_NARROWER_NARROWER,
    }[(wider_prev, wider_first)]
    return Phrase(msgid, args)


MSG_AS_HIGH_AS = N_("as high as %(value)s")
MSG_ONLY = N_("only %(value)s")


def emphasis(
    value: Number, compared: Sequence[Number], kind: str, digits: int | None = None
) -> Phrase:
    """A value with "as high as" if it is the maximum of the compared set, "only" if the minimum.

    Anything in between is the bare number (§6.2 levels).
    """
    number = _finite(value, "value")
    others = [_finite(v, "value") for v in compared]
    run = ("value", _printed(value, kind, _digits(digits, value, 0)))
    if others and number >= max(others) and number > min(others):
        return Phrase(MSG_AS_HIGH_AS, (run,))
    if others and number <= min(others) and number < max(others):
        return Phrase(MSG_ONLY, (run,))
    return Phrase("%(value)s", (run,), verbatim=True)
