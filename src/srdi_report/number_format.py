"""The only place a number becomes text (style_guide.md §2.3, national_report.md §6.4).

Every printed number goes through ``format_number`` (text and table cells) or ``format_axis``
(chart ticks), so the PDF, the DOCX and the charts print the same digits. Rounding is half up on
the decimal value of the unrounded number (2.25 → 2.3), never binary or banker's rounding.

How a kind prints in a locale is data, not code: ``data/reference/number_styles.csv`` has one row
per (locale, kind, threshold) with a scale, digits, rounding step, prefix and suffix. A kind with
several rows picks the one with the largest threshold that the value reaches, or the next one
up when rounding carries the value there, so 9,999.6 prints as
"about 1 wan" in Chinese, not "about 10,000". Babel supplies the locale's decimal and group symbols.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import numbers
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources

from babel.numbers import format_decimal

from srdi_report.errors import BuildError, UnknownNameError

SUPPRESSION_MARK = "x"  # a withheld cell (n < min_cell, city_edition.md §5)
MISSING_MARK = "\u2014"  # an undefined value (NaN, None): an em dash
MINUS = "\u2212"  # a real minus sign, not the hyphen Babel uses (national_report.md §6.4)
PLUS = "+"
STYLES_FILE = "data/reference/number_styles.csv"
AXIS_PREFIX = "axis_"
AXIS_DEFAULT_DIGITS = 2


class NumberFormatError(BuildError):
    """A value cannot be printed (infinite) or the style table is malformed."""


@dataclass(frozen=True)
class NumberStyle:
    """One row of number_styles.csv: how a kind prints in a locale from ``min_abs`` upwards.

    ``scale`` multiplies the value (100 for a fraction shown in percent, 0.0001 for wan,
    the Chinese unit of 10,000);
    ``digits`` fixes the decimals (None = the caller's); ``step`` rounds to a multiple (en
    approximate counts to the nearest 100); ``trim`` drops trailing fractional zeros;
    ``grouping`` prints thousands separators; ``signed`` prints "+" on positive values.
    """

    locale: str
    kind: str
    min_abs: Decimal
    scale: Decimal
    digits: int | None
    step: Decimal | None
    trim: bool
    grouping: bool
    signed: bool
    prefix: str
    suffix: str


def format_number(value: float | None, kind: str, digits: int, locale: str) -> str:
    """Format one value for print in a locale.

    Args:
        value: The unrounded value; shares and pp are fractions (0.1234 → "12.34%"). None and
            NaN print as ``MISSING_MARK``.
        kind: A kind of number_styles.csv: share, share_signed, pp, pp_signed, pp_number, count,
            approx_count, value, ratio, multiple, score, r, rank, year, money_wan, money_yi (the
            values of ``metrics.result.Unit`` are kinds too).
        digits: Decimal places after rounding half up, in the printed unit (2 for "12.34%", 1 for
            "about 1.2 wan" in Chinese); a style row with fixed digits ignores it.
        locale: A Babel locale ("zh_CN", "en"); rows are looked up by the full tag, then the
            language.

    Returns:
        The text, e.g. "12.34%", "+4.5pp", "about 12,300", "−0.123".

    Raises:
        UnknownNameError: The kind has no row for the locale.
        NumberFormatError: The value is infinite or digits is negative.
    """
    return _format(value, _styles_for(kind, locale), digits, trim=False)


def format_axis(value: float, locale: str, kind: str = "count", digits: int | None = None) -> str:
    """Format a chart tick: compact units (wan/yi in Chinese, M/B in English) and no trailing zeros.

    Args:
        value: The tick value in the data's unit (a fraction for share and pp).
        locale: A Babel locale.
        kind: The data's kind; ``axis_<kind>`` rows are used when they exist, else the kind's
            own rows with trailing zeros dropped.
        digits: Most decimals to show (default 2); zeros at the end are dropped, so ticks
            0.1, 0.125 print "10%", "12.5%".

    Returns:
        The tick label, e.g. "150,000", "2.5M", "12.5%" (Chinese: 1.5 wan).
    """
    axis_kind = AXIS_PREFIX + kind
    has_axis_rows = _has_kind(axis_kind, locale)
    styles = _styles_for(axis_kind if has_axis_rows else kind, locale)
    return _format(value, styles, AXIS_DEFAULT_DIGITS if digits is None else digits, trim=True)


def kinds(locale: str) -> tuple[str, ...]:
    """The kinds that ``format_number`` knows for a locale, sorted."""
    table = _table()
    return tuple(sorted({kind for loc, kind in table if loc == _resolve_locale(locale, table)}))


def is_missing(value: object) -> bool:
    """True for None, NaN (Python, numpy or Decimal) and pandas NA: nothing to print."""
    if value is None:
        return True
    try:
        return math.isnan(value)  # type: ignore[arg-type]
    except TypeError:
        return type(value).__name__ == "NAType"  # pandas.NA, without importing pandas


def to_decimal(value: float | int | Decimal) -> Decimal:
    """The decimal a value prints as: the shortest repr of the float, so 0.1234 stays 0.1234."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, numbers.Integral):
        return Decimal(int(value))
    itemsize = getattr(getattr(value, "dtype", None), "itemsize", 8)
    if itemsize < 8:  # numpy float32/16: str() is their own shortest repr (0.1, not 0.10000000149)
        return Decimal(str(value))
    # float() first: repr of a numpy float is "np.float64(...)".
    return Decimal(repr(float(value)))


def round_half_up(value: Decimal, digits: int) -> Decimal:
    """Round to ``digits`` decimals, half away from zero (0.125 → 0.13, −0.125 → −0.13)."""
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _format(value: float | None, styles: tuple[NumberStyle, ...], digits: int, trim: bool) -> str:
    if is_missing(value):
        return MISSING_MARK
    if digits < 0:
        raise NumberFormatError(f"digits must be 0 or more, got {digits}")
    assert value is not None  # for mypy: is_missing(None) is True
    number = to_decimal(value)
    if number.is_infinite():
        raise NumberFormatError(f"cannot print an infinite value ({value})")
    style, rounded, places = _pick(number, styles, digits)
    if rounded.is_zero():
        rounded = abs(rounded)  # -0.04 rounded to 1 dp prints "0.0", not "−0.0"
    if trim or style.trim:
        rounded = _trim(rounded)
        places = max(0, -rounded.as_tuple().exponent)  # type: ignore[operator]
    body = _babel(abs(rounded), places, style.grouping, style.locale)
    sign = MINUS if rounded < 0 else (PLUS if style.signed and rounded > 0 else "")
    return f"{style.prefix}{sign}{body}{style.suffix}"


def _pick(
    number: Decimal, styles: tuple[NumberStyle, ...], digits: int
) -> tuple[NumberStyle, Decimal, int]:
    """The row whose threshold the value reaches; one row up if rounding carries it there.

    ``styles`` are sorted by threshold, largest first. 9,949 stays in the units row (9,949)
    but 9,999.6 rounds to 10,000 there and so moves up to the wan row (1 wan).
    """
    magnitude = abs(number)
    index = next(
        (i for i, style in enumerate(styles) if magnitude >= style.min_abs), len(styles) - 1
    )
    style, rounded, places = _round_in(number, styles[index], digits)
    if index > 0 and abs(rounded) / style.scale >= styles[index - 1].min_abs:
        style, rounded, places = _round_in(number, styles[index - 1], digits)
    return style, rounded, places


def _round_in(number: Decimal, style: NumberStyle, digits: int) -> tuple[NumberStyle, Decimal, int]:
    """The value scaled and rounded half up as the row prints it, with its decimal places."""
    places = digits if style.digits is None else style.digits
    scaled = number * style.scale
    if style.step is not None:
        scaled = round_half_up(scaled / style.step, 0) * style.step
    return style, round_half_up(scaled, places), places


def _trim(number: Decimal) -> Decimal:
    """Drop trailing fractional zeros: 15.0 → 15, 1.50 → 1.5 (never 1E+1)."""
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _babel(number: Decimal, places: int, grouping: bool, locale: str) -> str:
    # The value is already rounded half up to `places`, so Babel's own (half-even) rounding
    # has nothing left to do; the pattern only adds the locale's symbols.
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * places if places else "")
    return format_decimal(number, pattern, locale=_babel_locale(locale))


def _babel_locale(locale: str) -> str:
    # Rows are keyed by language; Babel wants a full locale for zh.
    return {"zh": "zh_CN"}.get(locale, locale)


def _styles_for(kind: str, locale: str) -> tuple[NumberStyle, ...]:
    table = _table()
    key = (_resolve_locale(locale, table), str(kind))
    if key not in table:
        known = ", ".join(kinds(locale))
        raise UnknownNameError(
            f"unknown number kind {kind!r} for locale {locale!r}. Known: {known}"
        )
    return table[key]


def _has_kind(kind: str, locale: str) -> bool:
    table = _table()
    return (_resolve_locale(locale, table), kind) in table


def _resolve_locale(locale: str, table: dict[tuple[str, str], tuple[NumberStyle, ...]]) -> str:
    tag = locale.replace("-", "_")
    known = {loc for loc, _ in table}
    for candidate in (tag, tag.split("_")[0]):
        if candidate in known:
            return candidate
    raise UnknownNameError(
        f"no number styles for locale {locale!r}. Known: {', '.join(sorted(known))}"
    )


@functools.cache
def _table() -> dict[tuple[str, str], tuple[NumberStyle, ...]]:
    """number_styles.csv grouped by (locale, kind), rows sorted by threshold, largest first."""
    text = resources.files("srdi_report").joinpath(STYLES_FILE).read_text(encoding="utf-8")
    grouped: dict[tuple[str, str], list[NumberStyle]] = {}
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            style = NumberStyle(
                locale=row["locale"],
                kind=row["kind"],
                min_abs=Decimal(row["min_abs"]),
                scale=Decimal(row["scale"]),
                digits=int(row["digits"]) if row["digits"] else None,
                step=Decimal(row["step"]) if row["step"] else None,
                trim=row["trim"] == "1",
                grouping=row["grouping"] == "1",
                signed=row["signed"] == "1",
                prefix=row["prefix"],
                suffix=row["suffix"],
            )
        except (KeyError, ArithmeticError, ValueError) as exc:
            raise NumberFormatError(f"{STYLES_FILE}:{line}: bad row {row}: {exc}") from exc
        grouped.setdefault((style.locale, style.kind), []).append(style)
    return {
        key: tuple(sorted(rows, key=lambda s: s.min_abs, reverse=True))
        for key, rows in sorted(grouped.items())
    }
