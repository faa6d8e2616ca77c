"""Firm and patent columns of data_schema.md §2, read from ``reference/column_aliases.csv``.

The CSV is the machine-readable copy of the spec's tables (tests/data/test_schema.py keeps the
two in step). Its columns: table, column (canonical; year-pattern columns as ``rd_ratio_<YYYY>``),
aliases (``|``-separated), dtype (date/int/float/str/enum/bool/list_enum/list_str/text), width
(fixed code length), unit, req (R/C/O/D/X), min and max (numbers for int/float, lengths for str,
ISO dates or ``snapshot_date``/``today`` for dates), allowed (``key=label|label;key``; ``@name``
means resolved against a reference table), null_policy (error/allowed/derived/unknown/false/none),
disclosure (identity/attribute), used_by.

Header matching follows §1.2: NFKC, trimming, ASCII case folding, removal of quotes; a unit in
brackets must be the column's unit or a convertible one (see ``match_header``).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from srdi_report.data.reference_files import read_reference_csv

YEAR_TOKEN = "<YYYY>"  # the placeholder of year-pattern columns in column_aliases.csv
_QUOTES = str.maketrans("", "", "\u201c\u201d\u2018\u2019\"'")
_ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_UNIT_SUFFIX = re.compile(r"^(?P<base>.*?)\s*\((?P<unit>[^()]*)\)$")


def fold(text: str) -> str:
    """NFKC, trimmed, ASCII letters lower-cased: the form in which names and tokens compare."""
    return unicodedata.normalize("NFKC", text).strip().translate(_ASCII_UPPER)


def normalise_header(text: str) -> str:
    """A header in comparable form (§1.2): ``fold`` plus removal of the quotes “”"'."""
    return fold(text.translate(_QUOTES))


@dataclass(frozen=True)
class ColumnSpec:
    """One row of column_aliases.csv: a canonical column with its aliases, type and rules."""

    table: str
    name: str
    aliases: tuple[str, ...]
    dtype: str
    width: int | None
    unit: str
    req: str
    min: str
    max: str
    allowed: tuple[str, ...]  # enum keys, in the spec's order
    labels: Mapping[str, str] = field(repr=False)  # folded key or Chinese label → key
    reference: str  # "provinces", "cities" for "@…" enums; else ""
    null_policy: str
    disclosure: str
    used_by: str

    @property
    def is_year_pattern(self) -> bool:
        """Whether the name holds ``<YYYY>`` (``rd_ratio_<YYYY>`` …)."""
        return YEAR_TOKEN in self.name

    @property
    def is_derived(self) -> bool:
        """Derived columns (§2.9, req X) are never read (H05)."""
        return self.req == "X"

    def for_year(self, year: int) -> str:
        """Concrete name of a year-pattern column: ``rd_ratio_2024``."""
        return self.name.replace(YEAR_TOKEN, str(year))

    def enum_key(self, value: str) -> str | None:
        """English key for an enum value (key in any case, or a listed Chinese label)."""
        return self.labels.get(fold(value))


def _allowed(text: str) -> tuple[tuple[str, ...], dict[str, str], str]:
    if text.startswith("@"):
        return (), {}, text[1:]
    keys: list[str] = []
    labels: dict[str, str] = {}
    for item in filter(None, text.split(";")):
        key, _, names = item.partition("=")
        keys.append(key)
        for label in (key, *filter(None, names.split("|"))):
            labels[fold(label)] = key
    return tuple(keys), labels, ""


def _spec(row: Mapping[str, str]) -> ColumnSpec:
    keys, labels, reference = _allowed(row["allowed"])
    return ColumnSpec(
        table=row["table"],
        name=row["column"],
        aliases=tuple(filter(None, row["aliases"].split("|"))),
        dtype=row["dtype"],
        width=int(row["width"]) if row["width"] else None,
        unit=row["unit"],
        req=row["req"],
        min=row["min"],
        max=row["max"],
        allowed=keys,
        labels=labels,
        reference=reference,
        null_policy=row["null_policy"],
        disclosure=row["disclosure"],
        used_by=row["used_by"],
    )


@cache
def table_columns(table: str) -> tuple[ColumnSpec, ...]:
    """Every column of ``table`` ("firms" or "patents"), in the spec's order."""
    rows = read_reference_csv("column_aliases.csv")
    records: list[dict[str, str]] = rows.to_dict("records")  # type: ignore[assignment]
    return tuple(_spec(row) for row in records if row["table"] == table)


FIRM_COLUMNS: tuple[ColumnSpec, ...] = table_columns("firms")
PATENT_COLUMNS: tuple[ColumnSpec, ...] = table_columns("patents")


@cache
def firm_column(name: str) -> ColumnSpec:
    """The spec of a firm column by canonical name; year columns by name (``rd_ratio_2024``).

    Raises:
        KeyError: the name is not a firm column.
    """
    return table_column(name, "firms")


@cache
def table_column(name: str, table: str) -> ColumnSpec:
    """The spec of a column of ``table`` by canonical (or concrete year-column) name.

    Raises:
        KeyError: the name is not a column of the table.
    """
    for spec in table_columns(table):
        if spec.name == name:
            return spec
        if spec.is_year_pattern and _year_of(spec, name) is not None:
            return spec
    raise KeyError(name)


def _year_of(spec: ColumnSpec, name: str) -> int | None:
    prefix, _, suffix = spec.name.partition(YEAR_TOKEN)
    middle = name[len(prefix) : len(name) - len(suffix)] if suffix else name[len(prefix) :]
    if name.startswith(prefix) and name.endswith(suffix) and re.fullmatch(r"\d{4}", middle):
        return int(middle)
    return None


def year_of(name: str) -> int | None:
    """Year of a concrete year-pattern column (``rd_ratio_2024`` → 2024), else None."""
    try:
        spec = firm_column(name)
    except KeyError:
        return None
    return _year_of(spec, name) if spec.is_year_pattern else None


def column_order(names: list[str], table: str = "firms") -> list[str]:
    """Canonical names sorted in the spec's order; year columns by year within their pattern."""
    position = {spec.name: i for i, spec in enumerate(table_columns(table))}

    def key(name: str) -> tuple[int, int, str]:
        spec = table_column(name, table)
        return (position[spec.name], year_of(name) or 0, name)

    return sorted(names, key=key)


class HeaderKind(StrEnum):
    """What a header turned out to be."""

    COLUMN = "column"  # a canonical column (possibly with a unit conversion, H07)
    DERIVED = "derived"  # a §2.9 column: ignored (H05)
    BAD_UNIT = "bad_unit"  # a column whose bracketed unit is not convertible (H03)
    UNKNOWN = "unknown"  # ignored (H04)


@dataclass(frozen=True)
class HeaderMatch:
    """The reading of one header as written."""

    header: str
    kind: HeaderKind
    canonical: str | None = None  # concrete name (rd_ratio_2024) when matched
    spec: ColumnSpec | None = None
    unit_text: str = ""  # the bracketed unit as written, when one was given
    factor: float = 1.0  # multiply values by this to get the column's unit (H07 when ≠ 1)


@dataclass(frozen=True)
class _Matcher:
    exact: Mapping[str, ColumnSpec]
    patterns: tuple[tuple[re.Pattern[str], ColumnSpec], ...]
    names: tuple[str, ...]  # every canonical name and alias, for suggestions


@cache
def _matcher(table: str) -> _Matcher:
    exact: dict[str, ColumnSpec] = {}
    patterns: list[tuple[re.Pattern[str], ColumnSpec]] = []
    names: list[str] = []
    for spec in table_columns(table):
        for name in (spec.name, *spec.aliases):
            names.append(name)
            folded = normalise_header(name)
            if spec.is_year_pattern:
                regex = re.escape(folded).replace(re.escape(fold(YEAR_TOKEN)), r"(\d{4})")
                patterns.append((re.compile(f"^{regex}$"), spec))
            else:
                exact[folded] = spec
    return _Matcher(exact, tuple(patterns), tuple(names))


def _lookup(folded: str, table: str) -> tuple[ColumnSpec, str] | None:
    matcher = _matcher(table)
    if folded in matcher.exact:
        spec = matcher.exact[folded]
        return spec, spec.name
    for regex, spec in matcher.patterns:
        found = regex.match(folded)
        if found:
            return spec, spec.for_year(int(found.group(1)))
    return None


def match_header(
    header: str, units: Mapping[str, Mapping[str, float]], table: str = "firms"
) -> HeaderMatch:
    """Read one header: canonical column, derived, unit problem or unknown.

    Args:
        header: the header as written.
        units: unit text (folded) → {column unit → factor to that unit} (value_tokens.csv).
        table: "firms" or "patents".
    """
    folded = normalise_header(header)
    found = _lookup(folded, table)
    unit_text = ""
    factor = 1.0
    if found is None:
        suffix = _UNIT_SUFFIX.match(folded)
        if suffix is None or (found := _lookup(suffix.group("base"), table)) is None:
            return HeaderMatch(header, HeaderKind.UNKNOWN)
        unit_text = suffix.group("unit").strip()
        conversion = units.get(unit_text, {}).get(found[0].unit) if found[0].unit else None
        if conversion is None:
            return HeaderMatch(header, HeaderKind.BAD_UNIT, found[1], found[0], unit_text)
        factor = conversion
    spec, canonical = found
    kind = HeaderKind.DERIVED if spec.is_derived else HeaderKind.COLUMN
    return HeaderMatch(header, kind, canonical, spec, unit_text, factor)


def suggest_column(text: str, table: str = "firms") -> str | None:
    """The closest canonical name or alias to ``text``, for H04 and H01 hints."""
    names = _matcher(table).names
    folded = {normalise_header(name): name for name in names}
    near = difflib.get_close_matches(normalise_header(text), list(folded), n=1, cutoff=0.6)
    return folded[near[0]] if near else None
