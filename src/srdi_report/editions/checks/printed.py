"""What a number should print, and the printed value as a reader reads it back.

The checks compare printed strings with the rounding of the unrounded value (``format_number``
with the number's kind, digits and sign style) and do arithmetic on the printed values in
their printed units (percent for shares and pp), as a reader with a calculator would.
"""

from __future__ import annotations

import re
from decimal import Decimal

from srdi_report.editions.manifest import Manifest, NumberEntry
from srdi_report.number_format import SUPPRESSION_MARK, format_number, kinds, round_half_up

PERCENT_KINDS = frozenset({"share", "pp", "pp_number"})
COUNT_KINDS = frozenset({"count", "approx_count"})
# Kinds whose value is not a statistic of firms (years in prose, ranks).
NON_QUANTITY_KINDS = frozenset({"year", "rank"})
_NUMBER = re.compile(r"[-\u2212+]?\d[\d,\u00a0\u202f]*(?:\.\d+)?")


def locale_of(manifest: Manifest, language: str) -> str:
    """The built locale of a language (``zh`` → ``zh_CN``), the language itself if not built."""
    for locale in manifest.identity.locales:
        if locale.replace("-", "_").split("_", 1)[0].lower() == language:
            return locale
    return language


def scale_of(kind: str) -> Decimal:
    """Factor from the stored value to the printed unit (100 for fractions printed in %)."""
    return Decimal(100) if kind in PERCENT_KINDS else Decimal(1)


def expected_text(entry: NumberEntry, locale: str) -> str:
    """The text the number's unrounded value prints as in ``locale``."""
    if entry.suppressed or entry.value is None:
        return SUPPRESSION_MARK
    kind = entry.kind
    if entry.signed and f"{kind}_signed" in kinds(locale):
        kind = f"{kind}_signed"
    return format_number(entry.value, kind, entry.digits, locale)


def printed_units(entry: NumberEntry) -> Decimal | None:
    """The value in printed units, rounded half up to the printed digits (None if withheld)."""
    if entry.value is None or entry.suppressed:
        return None
    raw = Decimal(repr(entry.value)) * scale_of(entry.kind)
    return round_half_up(raw, entry.digits)


def exact_units(entry: NumberEntry) -> Decimal | None:
    """The unrounded value in printed units (None if withheld)."""
    if entry.value is None or entry.suppressed:
        return None
    return Decimal(repr(entry.value)) * scale_of(entry.kind)


def half_unit(digits: int) -> Decimal:
    """Half a unit of the last printed digit: 0.005 for 2 decimals."""
    return Decimal(5) * Decimal(10) ** (-digits - 1)


def parse_number(text: str) -> Decimal | None:
    """The first plain number in a printed string ("12,345" → 12345, "−3.2" → −3.2)."""
    match = _NUMBER.search(text)
    if match is None:
        return None
    token = match.group(0).replace("\u2212", "-")
    for sep in (",", "\u00a0", "\u202f"):
        token = token.replace(sep, "")
    return Decimal(token)


def is_quantity(entry: NumberEntry) -> bool:
    """True for numbers that state a quantity (not years, not ranks)."""
    return entry.kind not in NON_QUANTITY_KINDS
