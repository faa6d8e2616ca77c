"""Alt text written from the data drawn: what the chart shows, then its headline.

Every sentence is an English message id with ``%(name)s`` placeholders, translated through the
``gettext`` callable of the :class:`DrawInput` (the catalogs give the Chinese pattern), and every
number is formatted by ``number_format`` for the locale, so the alt text says exactly what the
value labels say.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import pandas as pd

from srdi_report import number_format
from srdi_report.figures.registry import SUPPRESSED, DrawInput

# Decimal places per unit when a spec gives none: shares print as percent with two decimals
# (the published tables' style), counts as integers.
DEFAULT_DIGITS = {
    "share": 2,
    "pp": 1,
    "count": 0,
    "approx_count": 1,
    "rank": 0,
    "ratio": 2,
    "score": 1,
    "r": 2,
}
FALLBACK_DIGITS = 1

# Message ids used below (the i18n catalogs translate them).
MSG_LEADS = "%(first)s leads with %(first_value)s, followed by %(second)s (%(second_value)s)."
MSG_LEADS_NOUN = (
    "%(first)s leads with %(first_value)s %(noun)s, followed by %(second)s (%(second_value)s)."
)
MSG_SERIES = "%(series)s: %(sentence)s"
MSG_ONLY = "%(first)s: %(first_value)s."
MSG_LOWEST = "The lowest shown is %(last)s (%(last_value)s)."
MSG_WITHHELD = "%(count)s values are withheld because they cover fewer than %(min_cell)s firms."
MSG_WITHHELD_ONE = "One value is withheld because it covers fewer than %(min_cell)s firms."
MSG_CATEGORIES = "%(chart)s of %(count)s categories."
MSG_TITLED = "%(chart)s: %(title)s, %(count)s categories."
MSG_NO_DATA = "No data to show."


def unit_of(inp: DrawInput) -> str:
    """The unit for number formats: ``options["unit"]``, else the metric's unit."""
    unit = inp.options.get("unit", inp.unit)
    return str(unit) if unit else "value"


def digits_of(inp: DrawInput, unit: str | None = None) -> int:
    """Decimal places: ``options["digits"]``, else the unit's default."""
    digits = inp.options.get("digits")
    if isinstance(digits, int):
        return digits
    return DEFAULT_DIGITS.get(unit or unit_of(inp), FALLBACK_DIGITS)


@functools.lru_cache(maxsize=4096)
def format_value(value: float, unit: str, digits: int, locale: str) -> str:
    """One value as printed in labels and alt text (``number_format.format_number``).

    Remembered per process: labels and alt text format the same values, and each call of the
    formatter parses the Babel locale again.
    """
    return str(number_format.format_number(value, unit, digits, locale))


def fmt(inp: DrawInput, value: float, unit: str | None = None) -> str:
    """Format a value of the main view with the input's unit and digits."""
    chosen = unit or unit_of(inp)
    return format_value(value, chosen, digits_of(inp, chosen), inp.locale)


def count_text(inp: DrawInput, count: int) -> str:
    """An integer count in the locale (grouping separators)."""
    return format_value(count, "count", 0, inp.locale)


def shown_rows(frame: pd.DataFrame, value: str = "value") -> pd.DataFrame:
    """Rows with a value to speak of.

    A withheld value is NaN; a row flagged for another of its values still has this one.
    """
    return frame.loc[frame[value].notna()]


def ranked_headline(inp: DrawInput, category: str = "category", value: str = "value") -> str:
    """``Region A leads with 12.34%, followed by region B (11.20%).`` from the largest values.

    The ranking is by value, whatever order the chart uses. With ``options["value_noun"]`` (a
    msgid such as "of firms") the value reads "12.34% of firms".
    """
    rows = shown_rows(inp.frame, value).sort_values(value, ascending=False, kind="stable")
    if rows.empty:  # all withheld: the withheld sentence says so
        return "" if inp.frame[SUPPRESSED].any() else inp.gettext(MSG_NO_DATA)
    first = rows.iloc[0]
    if len(rows) == 1:
        return inp.gettext(MSG_ONLY) % {
            "first": first[category],
            "first_value": fmt(inp, float(first[value])),
        }
    second = rows.iloc[1]
    parts = {
        "first": first[category],
        "first_value": fmt(inp, float(first[value])),
        "second": second[category],
        "second_value": fmt(inp, float(second[value])),
    }
    noun = inp.options.get("value_noun")  # a msgid such as "of firms"
    if noun:
        return inp.gettext(MSG_LEADS_NOUN) % {**parts, "noun": inp.gettext(str(noun))}
    return inp.gettext(MSG_LEADS) % parts


def lowest_sentence(inp: DrawInput, category: str = "category", value: str = "value") -> str:
    """``The lowest shown is X (v).``, or "" with fewer than three values."""
    rows = shown_rows(inp.frame, value)
    if len(rows) < 3:  # with two, the headline already names both
        return ""
    last = rows.sort_values(value, ascending=True, kind="stable").iloc[0]
    return inp.gettext(MSG_LOWEST) % {
        "last": last[category],
        "last_value": fmt(inp, float(last[value])),
    }


def withheld_sentence(inp: DrawInput, frames: Sequence[pd.DataFrame] = ()) -> str:
    """How many values are withheld below ``min_cell`` ("" when none)."""
    count = sum(int(f[SUPPRESSED].astype(bool).sum()) for f in (frames or (inp.frame,)))
    if count == 0:
        return ""
    if count == 1:
        return inp.gettext(MSG_WITHHELD_ONE) % {"min_cell": count_text(inp, inp.min_cell)}
    return inp.gettext(MSG_WITHHELD) % {
        "count": count_text(inp, count),
        "min_cell": count_text(inp, inp.min_cell),
    }


def intro(inp: DrawInput, chart_msgid: str, count: int) -> str:
    """``Horizontal bar chart: <title>, 10 categories.`` (without a title when none)."""
    chart = inp.gettext(chart_msgid)
    if inp.title:
        return inp.gettext(MSG_TITLED) % {
            "chart": chart,
            "title": inp.title,
            "count": count_text(inp, count),
        }
    return inp.gettext(MSG_CATEGORIES) % {"chart": chart, "count": count_text(inp, count)}


def join(inp: DrawInput, sentences: Sequence[str]) -> str:
    """Sentences joined: a space in Latin text, nothing after a full-width stop."""
    parts = [s.strip() for s in sentences if s and s.strip()]
    out = ""
    for part in parts:
        if out and not _ends_full_width(out):
            out += " "
        out += part
    return out


def _ends_full_width(text: str) -> bool:
    return ord(text[-1]) >= 0x3000  # CJK punctuation and full-width forms need no space


def is_missing(value: object) -> bool:
    """True for None and NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))
