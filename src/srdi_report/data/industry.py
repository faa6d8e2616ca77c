"""The GB/T 4754-2017 industry reference (data_schema.md §5) and its look-ups.

``load_industry()`` reads the three shipped tables once:

- ``gbt4754_2017.csv``: every section, major, middle and minor class with names and parent;
- ``field_domain_map.csv``: field_domain, industry_type4 and key_field10 by code. Each column is
  resolved on its own: the most specific code with a value in that column wins (a minor's row
  over its middle's over its major's); a code no row covers falls back to ``basic_manufacturing``
  in section C and ``other`` elsewhere (key_field10: ``other``);
- ``report_industry_groups.csv``: the report's units that are not single classes.

Value resolution (``IndustryReference.resolve``) serves the I rules of data_schema.md §3.2: a
value may be a code, a code that lost its leading zeros (I03), a code with its section letter
(``C3985``), ``code name`` together, or the exact class name at the column's level (I04).
Names are compared after NFKC, as the loader normalises values with NFKC before typing.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import pandas as pd

from srdi_report.data.reference_files import read_reference_csv
from srdi_report.errors import UnknownNameError

LEVELS = ("section", "major", "middle", "minor")
CODE_WIDTH = {"major": 2, "middle": 3, "minor": 4}
FIELD_COLUMNS = ("field_domain", "industry_type4", "key_field10")
DERIVED_COLUMNS = ("gbt_section", "gbt_major", "gbt_middle", "gbt_minor", *FIELD_COLUMNS)
OTHER = "other"
MANUFACTURING = "C"
# data_schema.md §5.3 fallbacks for codes no map row covers.
FALLBACK_MANUFACTURING = ("basic_manufacturing", "basic_manufacturing", OTHER)
FALLBACK_OTHER = (OTHER, OTHER, OTHER)
SUGGESTION_LIMIT = 5

_CODE = re.compile(r"^(?P<letter>[A-Za-z])?\s*(?P<digits>\d+)(?:\.0+)?$")
_CODE_AND_NAME = re.compile(
    r"^(?P<letter>[A-Za-z])?(?P<digits>\d{1,4})\s*[-_:\u3001.\s]?\s*(?P<name>\D.*)$"
)


class MatchKind(StrEnum):
    """How a value was matched to a class (``Resolution.kind``)."""

    EXACT = "exact"  # a valid code as given
    PREFIXED = "prefixed"  # a valid code with its section letter (C3985)
    PADDED = "padded"  # I03: leading zeros restored (111 -> 0111), with or without letter
    NAME = "name"  # the exact class name at the level
    CODE_NAME = "code_name"  # code and the matching class name together, e.g. "C3985 <name>"
    EMPTY = "empty"  # nothing given
    INVALID = "invalid"  # I01: not a code of the reference at this level
    UNKNOWN_NAME = "unknown_name"  # I04: no class of this name at the level
    AMBIGUOUS = "ambiguous"  # I04: several classes of this name at the level

    @property
    def accepted(self) -> bool:
        """True when the value resolved to one class."""
        return self in _ACCEPTED


_ACCEPTED = frozenset(
    {MatchKind.EXACT, MatchKind.PREFIXED, MatchKind.PADDED, MatchKind.NAME, MatchKind.CODE_NAME}
)


@dataclass(frozen=True)
class IndustryClass:
    """One class of GB/T 4754-2017 (a row of ``gbt4754_2017.csv``)."""

    code: str
    level: str
    name_zh: str
    name_en: str
    name_zh_short: str
    name_en_short: str
    parent: str
    section: str

    def label(self, locale: str = "zh", *, short: bool = False) -> str:
        """The class name in a locale (``zh`` or ``en``), short if asked and curated.

        A missing short label falls back to the full name; a missing English name to the
        Chinese one (the reference promises English names for sections, majors and middles).
        """
        if locale.startswith("en"):
            full = self.name_en or self.name_zh
            return (self.name_en_short or full) if short else full
        return (self.name_zh_short or self.name_zh) if short else self.name_zh


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one input value at one level.

    Attributes:
        value: The value as given.
        level: The level of the column (section, major, middle, minor).
        code: The class code, or None when the value did not resolve.
        kind: How it matched (or why not).
        candidates: Codes to offer in the message: valid codes with the same prefix (I01) or
            classes whose names are close (I04); empty when the value resolved.
    """

    value: str
    level: str
    code: str | None
    kind: MatchKind
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldClass:
    """The field attributes of a code (data_schema.md §5.3)."""

    field_domain: str
    industry_type4: str
    key_field10: str


@dataclass(frozen=True)
class IndustryGroup:
    """A unit of the report that is not a single class (``report_industry_groups.csv``)."""

    group_id: str
    name_zh: str
    name_en: str
    member_level: str
    members: tuple[str, ...]
    source: str


@dataclass(frozen=True, eq=False)
class IndustryReference:
    """GB/T 4754-2017 classes, field-domain map and report groups, with their look-ups.

    Build it with ``load_industry()``; the mappings are read-only views.
    """

    classes: Mapping[str, IndustryClass]
    field_classes: Mapping[str, FieldClass]
    groups: Mapping[str, IndustryGroup]
    _codes_by_level: Mapping[str, tuple[str, ...]]
    _code_by_name: Mapping[tuple[str, str], tuple[str, ...]]
    _section_by_major: Mapping[str, str]

    # -- classes -------------------------------------------------------------------------

    def codes(self, level: str) -> tuple[str, ...]:
        """All codes of a level, in code order."""
        _check_level(level)
        return self._codes_by_level[level]

    def count(self, level: str) -> int:
        """Number of classes at a level."""
        return len(self.codes(level))

    def find(self, code: str) -> IndustryClass | None:
        """The class of a code (any level), or None."""
        return self.classes.get(code)

    def get(self, code: str) -> IndustryClass:
        """The class of a code; raises ``UnknownNameError`` naming close codes if unknown."""
        found = self.classes.get(code)
        if found is None:
            level = _level_of_code(code)
            near = self.suggest(code, level) if level else ()
            hint = f"; codes with the same prefix: {', '.join(near)}" if near else ""
            raise UnknownNameError(f"no GB/T 4754-2017 class {code!r}{hint}")
        return found

    def is_valid(self, code: str, level: str | None = None) -> bool:
        """True if ``code`` is a class of the reference (at ``level`` when given)."""
        found = self.classes.get(code)
        return found is not None and (level is None or found.level == level)

    def parent(self, code: str) -> str | None:
        """The code one level up (the section letter for a major; None for a section)."""
        return self.get(code).parent or None

    def section_of(self, code: str) -> str:
        """The section letter of a code."""
        return self.get(code).section

    def ancestor(self, code: str, level: str) -> str:
        """The code of ``code``'s class at a higher (or the same) level."""
        _check_level(level)
        found = self.get(code)
        if level == "section":
            return found.section
        width = CODE_WIDTH[level]
        if found.level == "section" or len(code) < width:
            raise ValueError(f"{code} is above the {level} level")
        return code[:width]

    def name(self, code: str, locale: str = "zh", *, short: bool = False) -> str:
        """The name of a class in a locale (see ``IndustryClass.label``)."""
        return self.get(code).label(locale, short=short)

    @property
    def section_by_major(self) -> Mapping[str, str]:
        """Major code -> section letter (for derivations)."""
        return MappingProxyType({c: self.classes[c].section for c in self._codes_by_level["major"]})

    def suggest(self, code: str, level: str, limit: int = SUGGESTION_LIMIT) -> tuple[str, ...]:
        """Valid codes of a level sharing the longest possible prefix with ``code`` (I01).

        A code of a deeper level suggests its ancestor at this level (major ``3985`` -> ``39``).
        """
        _check_level(level)
        pool = self._codes_by_level[level]
        if level != "section" and len(code) > CODE_WIDTH[level]:
            head = code[: CODE_WIDTH[level]]
            if head in self.classes and self.classes[head].level == level:
                return (head,)
        for size in range(min(len(code), 4), 0, -1):
            prefix = code[:size]
            matches = tuple(c for c in pool if c.startswith(prefix) and c != code)
            if matches:
                return matches[:limit]
        return ()

    # -- value resolution (I01, I03, I04) ------------------------------------------------

    def resolve(self, value: object, level: str) -> Resolution:
        """Resolve one input value of a ``gbt_<level>`` column to a class code.

        Args:
            value: A code (``3985``, ``111``, ``C3985``, integer ``111``), ``code name``, or the
                exact class name at the level; None or blank is ``EMPTY``.
            level: section, major, middle or minor.

        Returns:
            The resolution; ``kind.accepted`` tells whether it names one class.
        """
        _check_level(level)
        if value is None or (isinstance(value, float) and value != value):
            return Resolution("", level, None, MatchKind.EMPTY)
        raw = str(value)
        text = unicodedata.normalize("NFKC", raw).strip()
        if not text:
            return Resolution(raw, level, None, MatchKind.EMPTY)
        if level == "section":
            return self._resolve_section(raw, text)
        code_match = _CODE.match(text)
        if code_match:
            return self._resolve_code(raw, level, code_match["letter"], code_match["digits"])
        pair = _CODE_AND_NAME.match(text)
        if pair:
            coded = self._resolve_code(raw, level, pair["letter"], pair["digits"])
            named = self._resolve_name(raw, level, pair["name"])
            if coded.code is not None and coded.code == named.code:
                return Resolution(raw, level, coded.code, MatchKind.CODE_NAME)
            if coded.code is not None or named.code is not None:
                found = tuple(c for c in (coded.code, named.code) if c is not None)
                return Resolution(raw, level, None, MatchKind.INVALID, found)
        return self._resolve_name(raw, level, text)

    def resolve_series(self, values: pd.Series, level: str) -> pd.DataFrame:
        """Resolve a whole column: one ``resolve`` per distinct value, mapped back.

        Args:
            values: The column as read (strings, numbers or NA).
            level: section, major, middle or minor.

        Returns:
            A frame on ``values.index`` with ``code`` (string, NA when not resolved) and
            ``kind`` (string, a ``MatchKind`` value).
        """
        rows, (uniques,) = _factorize_rows(values)
        found = [self.resolve(v, level) for v in uniques if v is not None]
        # The extra last slot (index -1) takes the rows with nothing given.
        codes = np.array([*(r.code for r in found), None], dtype=object)
        kinds = np.array([*(r.kind.value for r in found), MatchKind.EMPTY.value], dtype=object)
        return pd.DataFrame(
            {
                "code": pd.array(codes[rows], dtype="string"),
                "kind": pd.array(kinds[rows], dtype="string"),
            },
            index=values.index,
        )

    def _resolve_section(self, raw: str, text: str) -> Resolution:
        if len(text) == 1 and text.isalpha():
            letter = text.upper()
            if self.is_valid(letter, "section"):
                return Resolution(raw, "section", letter, MatchKind.EXACT)
            return Resolution(raw, "section", None, MatchKind.INVALID, self.codes("section"))
        return self._resolve_name(raw, "section", text)

    def _resolve_code(self, raw: str, level: str, letter: str | None, digits: str) -> Resolution:
        width = CODE_WIDTH[level]
        code = digits.zfill(width) if len(digits) < width else digits
        padded = code != digits
        if not self.is_valid(code, level):
            near = self.suggest(digits, level)
            return Resolution(raw, level, None, MatchKind.INVALID, near)
        if letter is not None and letter.upper() != self.classes[code].section:
            return Resolution(raw, level, None, MatchKind.INVALID, (code,))
        if padded:
            return Resolution(raw, level, code, MatchKind.PADDED)
        kind = MatchKind.EXACT if letter is None else MatchKind.PREFIXED
        return Resolution(raw, level, code, kind)

    def _resolve_name(self, raw: str, level: str, text: str) -> Resolution:
        key = _name_key(text)
        found = self._code_by_name.get((level, key), ())
        if len(found) == 1:
            return Resolution(raw, level, found[0], MatchKind.NAME)
        if len(found) > 1:
            return Resolution(raw, level, None, MatchKind.AMBIGUOUS, found)
        return Resolution(
            raw, level, None, MatchKind.UNKNOWN_NAME, self._name_candidates(level, key)
        )

    def _name_candidates(self, level: str, key: str) -> tuple[str, ...]:
        """Codes to offer for an unknown name: same name at other levels, then close names."""
        other_levels = tuple(
            code
            for lvl in LEVELS
            if lvl != level
            for code in self._code_by_name.get((lvl, key), ())
        )
        names = {_name_key(self.classes[c].name_zh): c for c in self._codes_by_level[level]}
        containing = [c for n, c in names.items() if key and (key in n or n in key)]
        close = [names[n] for n in difflib.get_close_matches(key, list(names), n=SUGGESTION_LIMIT)]
        ordered = dict.fromkeys([*other_levels, *close, *sorted(containing)])
        return tuple(ordered)[:SUGGESTION_LIMIT]

    # -- nesting (I02) --------------------------------------------------------------------

    def nests(
        self,
        *,
        minor: str | None = None,
        middle: str | None = None,
        major: str | None = None,
        section: str | None = None,
    ) -> bool:
        """True if the given codes are one branch of the tree (absent levels are skipped)."""
        frame = pd.DataFrame(
            {"minor": [minor], "middle": [middle], "major": [major], "section": [section]},
            dtype="string",
        )
        return bool(
            self.nesting_mask(
                frame["minor"], frame["middle"], frame["major"], frame["section"]
            ).iloc[0]
        )

    def nesting_mask(
        self,
        minor: pd.Series | None = None,
        middle: pd.Series | None = None,
        major: pd.Series | None = None,
        section: pd.Series | None = None,
    ) -> pd.Series:
        """Row-wise I02 check over resolved code columns (vectorised).

        Returns:
            Boolean Series, False where two given levels contradict each other (minor not in
            middle, middle not in major, major not in section). Missing values never fail.
        """
        index, columns = _columns(minor, middle, major, section)
        rows, uniques = _factorize_rows(*columns)
        verdicts = [self._branch_ok(*combo) for combo in zip(*uniques, strict=True)]
        # Rows with nothing given take the extra last slot (index -1): they nest.
        result = np.array([*verdicts, True], dtype=bool)[rows]
        return pd.Series(result, index=index)

    def _branch_ok(
        self, minor: str | None, middle: str | None, major: str | None, section: str | None
    ) -> bool:
        """One combination of the I02 check (None = not given)."""
        for lower, upper in ((minor, middle), (minor, major), (middle, major)):
            if lower and upper and lower[: len(upper)] != upper:
                return False
        deepest = major or middle or minor
        if section and deepest:
            derived = self._section_by_major.get(deepest[: CODE_WIDTH["major"]])
            if derived is not None and derived != section.upper():
                return False
        return True

    # -- field attributes and derivation --------------------------------------------------

    def field_class(self, code: str) -> FieldClass:
        """field_domain, industry_type4 and key_field10 of a code (any level)."""
        return self.field_classes[self.get(code).code]  # get() raises with suggestions

    def classify(self, major: str, middle: str, minor: str) -> tuple[str, str, str]:
        """(field_domain, industry_type4, key_field10) by the most specific valid code.

        Empty strings stand for absent codes; all absent or invalid gives ("", "", "").
        """
        for code in (minor, middle, major):
            found = self.field_classes.get(code) if code else None
            if found is not None:
                return found.field_domain, found.industry_type4, found.key_field10
        return "", "", ""

    def derive(
        self,
        *,
        minor: pd.Series | None = None,
        middle: pd.Series | None = None,
        major: pd.Series | None = None,
        section: pd.Series | None = None,
    ) -> pd.DataFrame:
        """Fill the industry levels and map the field attributes for a whole frame.

        Given values are kept; missing ones are derived (middle = first 3 digits of minor,
        major = first 2 of middle, section from the major). field_domain, industry_type4 and
        key_field10 come from the most specific code that is in the reference.

        Args:
            minor: Resolved gbt_minor codes, or None.
            middle: Resolved gbt_middle codes, or None.
            major: Resolved gbt_major codes, or None.
            section: Resolved gbt_section letters, or None.

        Returns:
            A frame on the input index with gbt_section, gbt_major, gbt_middle, gbt_minor,
            field_domain, industry_type4, key_field10 (all ``string``, NA where unknown).
        """
        index, columns = _columns(minor, middle, major, section)
        rows, uniques = _factorize_rows(*columns)
        derived = [self._derive_one(*combo) for combo in zip(*uniques, strict=True)]
        derived.append((None,) * len(DERIVED_COLUMNS))  # rows with nothing given (index -1)
        table = np.array(derived, dtype=object).reshape(-1, len(DERIVED_COLUMNS))[rows]
        return pd.DataFrame(
            {name: pd.array(table[:, i], dtype="string") for i, name in enumerate(DERIVED_COLUMNS)},
            index=index,
        )

    def _derive_one(
        self, minor: str | None, middle: str | None, major: str | None, section: str | None
    ) -> tuple[str | None, ...]:
        """One combination of ``derive`` (None = not given)."""
        middle = middle or (minor[: CODE_WIDTH["middle"]] if minor else None)
        major = major or (middle[: CODE_WIDTH["major"]] if middle else None)
        section = section.upper() if section else None
        if section is None and major is not None:
            section = self._section_by_major.get(major)
        fields: tuple[str | None, ...] = (None, None, None)
        for code in (minor, middle, major):
            found = self.field_classes.get(code) if code else None
            if found is not None:
                fields = (found.field_domain, found.industry_type4, found.key_field10)
                break
        else:
            if section is not None and self.is_valid(section, "section"):
                fallback = FALLBACK_MANUFACTURING if section == MANUFACTURING else FALLBACK_OTHER
                fields = fallback
        return (section, major, middle, minor, *fields)

    # -- report groups ----------------------------------------------------------------------

    def group(self, group_id: str) -> IndustryGroup:
        """A report industry group; unknown ids raise ``UnknownNameError`` listing the known."""
        found = self.groups.get(group_id)
        if found is None:
            known = ", ".join(sorted(self.groups))
            raise UnknownNameError(f"unknown industry group {group_id!r}; known: {known}")
        return found

    def in_group(self, group_id: str, codes: pd.Series) -> pd.Series:
        """Membership of codes in a report group, vectorised.

        Args:
            group_id: e.g. ``hp_fibre_composites`` or ``equipment_mfg``.
            codes: Codes of the group's member level or deeper (a minor column serves every
                group); shorter codes and NA are not members.

        Returns:
            Boolean Series on ``codes.index``.
        """
        grp = self.group(group_id)
        width = CODE_WIDTH[grp.member_level]
        members = frozenset(grp.members)
        rows, (uniques,) = _factorize_rows(codes)
        hits = [v is not None and len(v) >= width and v[:width] in members for v in uniques]
        return pd.Series(np.array([*hits, False], dtype=bool)[rows], index=codes.index)


# -- loading ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_industry() -> IndustryReference:
    """The shipped industry reference, read once per process."""
    return build_reference(
        read_reference_csv("gbt4754_2017"),
        read_reference_csv("field_domain_map"),
        read_reference_csv("report_industry_groups"),
    )


def build_reference(
    classes: pd.DataFrame, field_map: pd.DataFrame, groups: pd.DataFrame
) -> IndustryReference:
    """Build the reference from the three tables (all columns text).

    Raises:
        ValueError: a map row or group member names a code that is not a class, or a group
            names an unknown level.
    """
    by_code = {
        row["code"]: IndustryClass(**{k: row[k] for k in IndustryClass.__dataclass_fields__})
        for row in classes.to_dict("records")
    }
    codes_by_level = {
        level: tuple(sorted(c for c, k in by_code.items() if k.level == level)) for level in LEVELS
    }
    names: dict[tuple[str, str], list[str]] = {}
    for cls in by_code.values():
        names.setdefault((cls.level, _name_key(cls.name_zh)), []).append(cls.code)
    field_classes = _resolve_fields(by_code, field_map)
    return IndustryReference(
        classes=MappingProxyType(by_code),
        field_classes=MappingProxyType(field_classes),
        groups=MappingProxyType(_read_groups(by_code, groups)),
        _codes_by_level=MappingProxyType(codes_by_level),
        _code_by_name=MappingProxyType({k: tuple(v) for k, v in names.items()}),
        _section_by_major=MappingProxyType(
            {c: by_code[c].section for c in codes_by_level["major"]}
        ),
    )


def _resolve_fields(
    by_code: Mapping[str, IndustryClass], field_map: pd.DataFrame
) -> dict[str, FieldClass]:
    """Every code -> its field attributes (per column, the most specific row with a value)."""
    rows: dict[str, dict[str, str]] = {}
    for row in field_map.to_dict("records"):
        code = row["code"]
        if code not in by_code or by_code[code].level == "section":
            raise ValueError(f"field_domain_map: {code!r} is not a major, middle or minor class")
        rows[code] = {c: row[c] for c in FIELD_COLUMNS}
    out: dict[str, FieldClass] = {}
    for code, cls in by_code.items():
        chain = [] if cls.level == "section" else _lineage(code)
        fallback = FALLBACK_MANUFACTURING if cls.section == MANUFACTURING else FALLBACK_OTHER
        values = []
        for i, column in enumerate(FIELD_COLUMNS):
            hit = next((rows[c][column] for c in chain if c in rows and rows[c][column]), "")
            values.append(hit or fallback[i])
        out[code] = FieldClass(*values)
    return out


def _read_groups(
    by_code: Mapping[str, IndustryClass], groups: pd.DataFrame
) -> dict[str, IndustryGroup]:
    out: dict[str, IndustryGroup] = {}
    for row in groups.to_dict("records"):
        level = row["member_level"]
        if level not in CODE_WIDTH:
            raise ValueError(f"report_industry_groups: bad member_level {level!r}")
        members = tuple(m.strip() for m in row["member_codes"].split(";") if m.strip())
        for member in members:
            if member not in by_code or by_code[member].level != level:
                raise ValueError(f"report_industry_groups: {member!r} is not a {level} class")
        out[row["group_id"]] = IndustryGroup(
            row["group_id"], row["name_zh"], row["name_en"], level, members, row["source"]
        )
    return out


# -- helpers -------------------------------------------------------------------------------


def _lineage(code: str) -> list[str]:
    """The code and its ancestors' codes, most specific first (``3985`` -> 3985, 398, 39)."""
    return [code[:n] for n in range(len(code), CODE_WIDTH["major"] - 1, -1)]


def _name_key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip()


def _level_of_code(code: str) -> str | None:
    if len(code) == 1 and code.isalpha():
        return "section"
    return {2: "major", 3: "middle", 4: "minor"}.get(len(code)) if code.isdigit() else None


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown industry level {level!r}; expected one of {', '.join(LEVELS)}")


def _columns(*columns: pd.Series | None) -> tuple[pd.Index, list[pd.Series | None]]:
    """The index shared by the given columns, and the columns (None where not given)."""
    given = [c for c in columns if c is not None]
    if not given:
        raise ValueError("at least one industry column is needed")
    return given[0].index, list(columns)


def _factorize_rows(
    *columns: pd.Series | None, length: int | None = None
) -> tuple[np.ndarray, list[list[str | None]]]:
    """Group rows by their combination of values, so that each combination is handled once.

    This keeps the per-row work in numpy: a 167k-row frame has a few thousand combinations.

    Args:
        *columns: Columns of equal length; None stands for a column that is not given.
        length: Number of rows (needed only when every column is None).

    Returns:
        ``rows``: per row, the number of its combination; rows where every column is missing
        or blank get -1, which indexes the extra last slot callers append. ``uniques``: per
        column, its value in each combination (None where missing, blank or not given).
    """
    size = length if length is not None else len(next(c for c in columns if c is not None))
    key = np.zeros(size, dtype=np.int64)
    levels: list[tuple[np.ndarray, np.ndarray] | None] = []
    for column in columns:
        if column is None:
            levels.append(None)
            continue
        codes, values = pd.factorize(column.astype("string"), use_na_sentinel=True)
        labels = np.asarray(values, dtype=object)
        blank = np.flatnonzero([not str(v).strip() for v in labels])
        if len(blank):  # blank cells count as missing
            codes = np.where(np.isin(codes, blank), -1, codes)
        key = key * (len(labels) + 1) + (codes + 1)
        levels.append((codes, labels))
    combo_of_row, combos = pd.factorize(key)
    rows: np.ndarray = np.where(key == 0, -1, np.asarray(combo_of_row))
    present = np.flatnonzero(rows >= 0)
    first = np.zeros(len(combos), dtype=np.int64)
    # Reversed assignment leaves each combination's first row (any of its rows would do).
    first[rows[present[::-1]]] = present[::-1]
    uniques: list[list[str | None]] = []
    for level in levels:
        if level is None:
            uniques.append([None] * len(combos))
            continue
        level_codes, level_values = level
        picked = level_codes[first]
        uniques.append([None if c < 0 else str(level_values[c]) for c in picked])
    return rows, uniques
