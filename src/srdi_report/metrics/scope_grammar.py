"""Parser of the ``scope`` and ``field`` columns of ``numbers.csv`` (published/README.md).

Scope grammar, as the spec writes it:

- ``all``: the report population (``level in (national, provincial)``);
- conditions ``column=value`` joined by ``&``; ``column in (a, b)``; ``column in top10`` (the 10
  values with most firms); ranges ``0<=column<=30`` and comparisons ``kcl_score>=85``;
  ``column not null``; a quoted value keeps its characters (``emp_band=">1000"``);
- ``numerator | denominator`` for share-type statistics;
- ``X vs Y`` for two-group statistics (X over Y);
- ``(each class)`` after a clause with an ``in (…)`` list: the statistic holds for each listed
  value separately;
- ``…, for h in (a, b)``: the scope is repeated with ``h`` replaced by each value (``hon_h``
  becomes ``hon_a``, ``hon_b``).

One extension for the override table (``data/reference/reproduce_overrides.csv``):
``column in top5 within (conditions)`` ranks the values among the firms meeting the conditions.

Field grammar: ``a`` one column; ``a+b`` per-firm sum; ``a/b`` ratio of sums; ``a−b`` (U+2212)
the difference of a statistic of ``a`` and of ``b``; ``a,b,c`` a pair or set; ``A × B`` every
pair of a column of ``A`` (comma list) with a column of ``B``; ``hon_*`` a pattern filled by a
``for`` loop of the scope.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import combinations, product

ALL = "all"
EACH_CLASS = "(each class)"
MINUS = "\u2212"
TIMES = "\u00d7"


class ScopeSyntaxError(ValueError):
    """A scope or field text that the grammar does not cover."""


class Kind(StrEnum):
    """The kinds of atomic condition."""

    EQ = "eq"
    IN = "in"
    RANGE = "range"
    NOT_NULL = "not_null"
    TOP = "top"


@dataclass(frozen=True)
class Condition:
    """One atomic condition on one firm column.

    ``terms`` holds the value(s) of ``eq`` and ``in``. A ``range`` (also a one-sided comparison)
    has ``low``/``high`` bounds, None when open, each inclusive or not. ``top`` keeps the
    ``top_n`` values with most firms, counted among the firms of ``within`` (all when empty).
    """

    column: str
    kind: Kind
    terms: tuple[str, ...] = ()
    low: float | None = None
    low_inclusive: bool = True
    high: float | None = None
    high_inclusive: bool = True
    top_n: int = 0
    within: Clause | None = None

    @property
    def text(self) -> str:
        """Canonical text, the key of the mask cache."""
        if self.kind is Kind.EQ:
            return f"{self.column}={self.terms[0]}"
        if self.kind is Kind.IN:
            return f"{self.column} in ({', '.join(self.terms)})"
        if self.kind is Kind.NOT_NULL:
            return f"{self.column} not null"
        if self.kind is Kind.TOP:
            tail = f" within ({self.within.text})" if self.within else ""
            return f"{self.column} in top{self.top_n}{tail}"
        low = "" if self.low is None else f"{self.low:g}{'<=' if self.low_inclusive else '<'}"
        high = "" if self.high is None else f"{'<=' if self.high_inclusive else '<'}{self.high:g}"
        return f"{low}{self.column}{high}"


@dataclass(frozen=True)
class Clause:
    """Conditions joined by ``&``; no condition means every firm of the population."""

    conditions: tuple[Condition, ...] = ()
    each_class: bool = False

    @property
    def text(self) -> str:
        """Canonical text, the key of the mask cache."""
        body = "&".join(c.text for c in self.conditions) or ALL
        return f"{body} {EACH_CLASS}" if self.each_class else body

    @property
    def columns(self) -> frozenset[str]:
        """Every column the clause names (including inside ``within``)."""
        names = {c.column for c in self.conditions}
        for c in self.conditions:
            if c.within is not None:
                names |= c.within.columns
        return frozenset(names)


@dataclass(frozen=True)
class Group:
    """One side of a scope: a set of firms, or for share-type statistics ``subset | within``."""

    subset: Clause
    within: Clause | None = None

    @property
    def is_share(self) -> bool:
        """Whether the side is written ``numerator | denominator``."""
        return self.within is not None

    @property
    def text(self) -> str:
        """Canonical text."""
        return (
            self.subset.text if self.within is None else f"{self.subset.text} | {self.within.text}"
        )


@dataclass(frozen=True)
class Loop:
    """``for var in (choices)``."""

    var: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Scope:
    """A parsed scope: one group, or two for ``X vs Y``; maybe a loop."""

    text: str
    groups: tuple[Group, ...]
    loop: Loop | None = None

    @property
    def is_share(self) -> bool:
        """Whether the first group is share-type (``numerator | denominator``)."""
        return self.groups[0].is_share

    @property
    def columns(self) -> frozenset[str]:
        """Every firm column named anywhere in the scope."""
        names: set[str] = set()
        for group in self.groups:
            names |= group.subset.columns
            if group.within is not None:
                names |= group.within.columns
        return frozenset(names)

    def expand(self) -> tuple[Scope, ...]:
        """Resolve the ``for`` loop and ``(each class)`` into one scope per instance."""
        scopes: tuple[Scope, ...] = (self,)
        if self.loop is not None:
            loop = self.loop
            scopes = tuple(
                Scope(
                    text=f"{self.text} [{loop.var}={value}]",
                    groups=tuple(_substitute_group(g, loop.var, value) for g in self.groups),
                )
                for value in loop.choices
            )
        return tuple(instance for scope in scopes for instance in _expand_each_class(scope))


@dataclass(frozen=True)
class FieldSpec:
    """A parsed ``field`` cell.

    ``kind`` is ``single``, ``sum`` (a+b per firm), ``ratio`` (a/b ratio of sums), ``diff``
    (statistic of a minus statistic of b), ``set`` (a,b,… pair or set), ``cross`` (A × B),
    ``pattern`` (``hon_*``) or ``none`` (empty cell).
    """

    text: str
    kind: str
    columns: tuple[str, ...] = ()
    right: tuple[str, ...] = ()

    def pairs(self) -> tuple[tuple[str, str], ...]:
        """Column pairs of a correlation: every pair of a set, or the cross product."""
        if self.kind == "cross":
            return tuple(product(self.columns, self.right))
        if self.kind in {"set", "single"}:
            return tuple(combinations(self.columns, 2))
        raise ScopeSyntaxError(f"field {self.text!r} names no column pairs")


_NUMBER = r"-?\d+(?:\.\d+)?"
_RANGE_RE = re.compile(rf"^({_NUMBER})\s*(<=|<)\s*(\w+)\s*(<=|<)\s*({_NUMBER})$")
_NOT_NULL_RE = re.compile(r"^(\w+)\s+not\s+null$")
_TOP_RE = re.compile(r"^(\w+)\s+in\s+top(\d+)(?:\s+within\s+\((.*)\))?$")
_IN_RE = re.compile(r"^(\w+)\s+in\s+\((.*)\)$")
_CMP_RE = re.compile(rf"^(\w+)\s*(>=|<=|>|<)\s*({_NUMBER})$")
_EQ_RE = re.compile(r'^(\w+)\s*=\s*("[^"]*"|[^=<>"\s][^&|"]*)$')
_LOOP_RE = re.compile(r",\s*for\s+(\w+)\s+in\s+\(([^)]*)\)")


def parse_scope(text: str) -> Scope:
    """Parse one ``scope`` cell of a firm-derivable row.

    Args:
        text: The cell, e.g. ``"registered_capital>=10000 | level=national"``.

    Returns:
        The parsed scope.

    Raises:
        ScopeSyntaxError: the text is outside the grammar.
    """
    body = text.strip()
    loop = None
    match = _LOOP_RE.search(body)
    if match:
        loop = Loop(match.group(1), _split_list(match.group(2)))
        body = (body[: match.start()] + body[match.end() :]).strip()
    sides = body.split(" vs ")
    if len(sides) > 2:
        raise ScopeSyntaxError(f"scope {text!r}: more than one 'vs'")
    return Scope(text=text, groups=tuple(_parse_group(side, text) for side in sides), loop=loop)


def parse_field(text: str) -> FieldSpec:
    """Parse one ``field`` cell (see the module docstring for the forms).

    Raises:
        ScopeSyntaxError: the text mixes operators in a way the grammar does not cover.
    """
    body = text.strip()
    if not body:
        return FieldSpec(text, "none")
    if TIMES in body:
        left, right = (part.strip() for part in body.split(TIMES, 1))
        return FieldSpec(text, "cross", _split_list(left), _split_list(right))
    if body.endswith("*"):
        return FieldSpec(text, "pattern", (body,))
    for sign, kind in (("+", "sum"), ("/", "ratio"), (MINUS, "diff"), (",", "set")):
        if sign in body:
            columns = tuple(part.strip() for part in body.split(sign))
            if kind in {"ratio", "diff"} and len(columns) != 2:
                raise ScopeSyntaxError(f"field {text!r}: {sign} takes two columns")
            if any(not _is_column(c) for c in columns):
                raise ScopeSyntaxError(f"field {text!r}: not a column list")
            return FieldSpec(text, kind, columns)
    if not _is_column(body):
        raise ScopeSyntaxError(f"field {text!r}: not a column name")
    return FieldSpec(text, "single", (body,))


def parse_clause(text: str) -> Clause:
    """Parse conditions joined by ``&`` (``all`` = none), with an optional ``(each class)``.

    Raises:
        ScopeSyntaxError: a condition is outside the grammar.
    """
    body = text.strip()
    each = body.endswith(EACH_CLASS)
    if each:
        body = body[: -len(EACH_CLASS)].strip()
    if body == ALL:
        return Clause((), each)
    parts = _split_top_level(body, "&")
    return Clause(tuple(_parse_condition(p.strip()) for p in parts), each)


def _parse_group(text: str, scope: str) -> Group:
    parts = _split_top_level(text, "|")
    if len(parts) == 1:
        return Group(parse_clause(parts[0]))
    if len(parts) == 2:
        return Group(parse_clause(parts[0]), parse_clause(parts[1]))
    raise ScopeSyntaxError(f"scope {scope!r}: more than one '|' in a side")


def _parse_condition(text: str) -> Condition:
    if match := _RANGE_RE.match(text):
        low, low_op, column, high_op, high = match.groups()
        return Condition(
            column,
            Kind.RANGE,
            low=float(low),
            low_inclusive=low_op == "<=",
            high=float(high),
            high_inclusive=high_op == "<=",
        )
    if match := _NOT_NULL_RE.match(text):
        return Condition(match.group(1), Kind.NOT_NULL)
    if match := _TOP_RE.match(text):
        within = parse_clause(match.group(3)) if match.group(3) else None
        return Condition(match.group(1), Kind.TOP, top_n=int(match.group(2)), within=within)
    if match := _IN_RE.match(text):
        return Condition(match.group(1), Kind.IN, terms=_split_list(match.group(2)))
    if match := _CMP_RE.match(text):
        column, op, number = match.groups()
        bound = float(number)
        if op in {">=", ">"}:
            return Condition(column, Kind.RANGE, low=bound, low_inclusive=op == ">=")
        return Condition(column, Kind.RANGE, high=bound, high_inclusive=op == "<=")
    if match := _EQ_RE.match(text):
        return Condition(match.group(1), Kind.EQ, terms=(_unquote(match.group(2)),))
    raise ScopeSyntaxError(f"condition {text!r} is outside the scope grammar")


def _split_list(text: str) -> tuple[str, ...]:
    return tuple(_unquote(part) for part in text.split(",") if part.strip())


def _unquote(text: str) -> str:
    return text.strip().strip('"').strip()


def _split_top_level(text: str, sep: str) -> list[str]:
    """Split on ``sep`` outside parentheses (``within (a&b)`` stays one condition)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _is_column(text: str) -> bool:
    return re.fullmatch(r"\w+", text) is not None


def _substitute_column(column: str, var: str, value: str) -> str:
    if column == var:
        return value
    if column.endswith(f"_{var}"):
        return f"{column[: -len(var)]}{value}"
    return column


def _substitute_clause(clause: Clause, var: str, value: str) -> Clause:
    return replace(
        clause,
        conditions=tuple(
            replace(c, column=_substitute_column(c.column, var, value)) for c in clause.conditions
        ),
    )


def _substitute_group(group: Group, var: str, value: str) -> Group:
    within = None if group.within is None else _substitute_clause(group.within, var, value)
    return Group(_substitute_clause(group.subset, var, value), within)


def _expand_clause(clause: Clause) -> tuple[Clause, ...]:
    if not clause.each_class:
        return (clause,)
    for i, condition in enumerate(clause.conditions):
        if condition.kind is Kind.IN:
            return tuple(
                Clause(
                    (
                        *clause.conditions[:i],
                        Condition(condition.column, Kind.EQ, terms=(value,)),
                        *clause.conditions[i + 1 :],
                    )
                )
                for value in condition.terms
            )
    raise ScopeSyntaxError(f"'{EACH_CLASS}' needs an 'in (…)' list: {clause.text!r}")


def _expand_each_class(scope: Scope) -> tuple[Scope, ...]:
    if not any(
        g.subset.each_class or (g.within is not None and g.within.each_class) for g in scope.groups
    ):
        return (scope,)
    if len(scope.groups) != 1:
        raise ScopeSyntaxError(f"'{EACH_CLASS}' in a two-group scope: {scope.text!r}")
    group = scope.groups[0]
    subsets = _expand_clause(group.subset)
    withins = (None,) if group.within is None else _expand_clause(group.within)
    return tuple(
        Scope(text=f"{scope.text} [{Group(s, w).text}]", groups=(Group(s, w),))
        for s in subsets
        for w in withins
    )


def split_in_groups(scope: Scope) -> tuple[Scope, ...]:
    """One scope per value of the first ``in (…)`` list of a one-group scope.

    A ``range`` row whose scope names several groups holds for every group
    (published/README.md, "Reproduce tolerance"); without an ``in`` list the scope is returned.
    """
    if len(scope.groups) != 1 or scope.groups[0].is_share:
        return (scope,)
    clause = scope.groups[0].subset
    if not any(c.kind is Kind.IN for c in clause.conditions):
        return (scope,)
    each = _expand_clause(replace(clause, each_class=True))
    return tuple(Scope(text=f"{scope.text} [{c.text}]", groups=(Group(c),)) for c in each)
