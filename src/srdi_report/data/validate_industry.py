"""Industry rules I01–I05 (data_schema.md §3.2), resolved once per distinct value.

Each ``gbt_<level>`` column is resolved by the industry reference (codes, codes that lost
their leading zeros, section-letter prefixes, exact class names); accepted values are
rewritten to their codes in place. Nesting (I02) is checked on the resolved codes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.data.industry import CODE_WIDTH, IndustryReference, MatchKind
from srdi_report.data.validate_context import ProblemSink, count_text, groups_of, mask_of

LEVEL_COLUMNS = {  # level → column, from the most specific up
    "minor": "gbt_minor",
    "middle": "gbt_middle",
    "major": "gbt_major",
    "section": "gbt_section",
}
NEST_PAIRS = (  # (lower level, upper level) checked by I02, the most specific pair first
    ("minor", "middle"),
    ("minor", "major"),
    ("middle", "major"),
    ("minor", "section"),
    ("middle", "section"),
    ("major", "section"),
)


def _hint(industry: IndustryReference, codes: tuple[str, ...], prefix: str) -> str:
    if not codes:
        return "see the industry reference"
    named = ", ".join(f"{c} {industry.name(c)}" for c in codes)
    return f"{prefix}: {named}; see the industry reference"


def _resolve_column(
    sink: ProblemSink, industry: IndustryReference, level: str, column: str
) -> pd.Series:
    """I01, I03, I04 for one column; rewrites accepted values to codes. Returns the codes."""
    frame = sink.frame
    values = frame[column]
    codes, uniques = pd.factorize(values)
    resolutions = [industry.resolve(str(v), level) for v in uniques]
    positions = groups_of(codes)
    failing: dict[str, dict[int, dict[str, str]]] = {"I01": {}, "I04": {}, "I04.ambiguous": {}}
    for index, found in enumerate(resolutions):
        if found.kind is MatchKind.PADDED and found.code is not None:
            sink.grouped("I03", column, positions[index], code=found.code)
        elif found.kind is MatchKind.INVALID:
            hint = _hint(industry, found.candidates, "valid codes with the same prefix")
            failing["I01"][index] = {"level": level, "hint": hint}
        elif found.kind is MatchKind.UNKNOWN_NAME:
            hint = _hint(industry, found.candidates, "close classes")
            failing["I04"][index] = {"level": level, "hint": hint}
        elif found.kind is MatchKind.AMBIGUOUS:
            listed = ", ".join(f"{c} {industry.name(c)}" for c in found.candidates)
            failing["I04.ambiguous"][index] = {"level": level, "candidates": listed}
    for message_id, by_value in failing.items():
        sink.per_value(message_id, column, codes, by_value)
    resolved = np.array([r.code for r in resolutions] + [None], dtype=object)[codes]
    rewritten = [
        i for i, r in enumerate(resolutions) if r.code is not None and r.code != uniques[i]
    ]
    if rewritten:
        mask = np.isin(codes, rewritten)
        sink.assign(mask, column, resolved[mask])
    return pd.Series(resolved, index=frame.index, dtype="string")


def _first_break(
    industry: IndustryReference, codes: dict[str, pd.Series], position: int
) -> dict[str, str]:
    """Template fields of the first level pair that does not nest at a row."""
    for lower, upper in NEST_PAIRS:
        if lower not in codes or upper not in codes:
            continue
        a, b = codes[lower].iloc[position], codes[upper].iloc[position]
        if a is pd.NA or b is pd.NA:
            continue
        if upper == "section":
            parent = industry.section_of(str(a))
            if parent != str(b).upper():
                return _break_fields(lower, str(a), upper, str(b), f"section {parent}")
        elif str(a)[: CODE_WIDTH[upper]] != str(b):
            parent = str(a)[: CODE_WIDTH[upper]]
            return _break_fields(lower, str(a), upper, str(b), f"{upper} {parent}")
    return _break_fields("minor", "", "major", "", "")  # not reached for a failing row


def _break_fields(lower: str, a: str, upper: str, b: str, parent: str) -> dict[str, str]:
    return {"a": a, "b": b, "upper": LEVEL_COLUMNS[upper], "parent": parent, "lower": lower}


def check_industry(sink: ProblemSink, industry: IndustryReference) -> pd.Series | None:
    """Run I01–I05; normalise the codes in place.

    Returns:
        The GB/T section letter per row (given or derived; NA where unknown), or None when
        the frame has no industry column.
    """
    present = {lvl: col for lvl, col in LEVEL_COLUMNS.items() if sink.has(col)}
    if not present:
        return None
    codes = {lvl: _resolve_column(sink, industry, lvl, col) for lvl, col in present.items()}
    nests = industry.nesting_mask(
        codes.get("minor"), codes.get("middle"), codes.get("major"), codes.get("section")
    )
    broken = ~mask_of(nests)
    deepest = next(iter(present.values()))
    if broken.any():
        # Locate at the lower column of the first pair that breaks (the code to check first).
        fields = {int(p): _first_break(industry, codes, int(p)) for p in np.flatnonzero(broken)}
        by_column: dict[str, np.ndarray] = {}
        for position, found in fields.items():
            column = LEVEL_COLUMNS[found["lower"]]
            by_column.setdefault(column, np.zeros(len(sink.frame), dtype=bool))[position] = True
        for column, mask in sorted(by_column.items()):
            sink.per_row("I02", column, mask, lambda p: fields[p])
    empty = np.ones(len(sink.frame), dtype=bool)
    for column in present.values():
        empty &= ~sink.given(column)
    if empty.any():
        rows = np.flatnonzero(empty)
        sink.at(
            "I05",
            int(rows[0]),
            deepest,
            rows=count_text(int(rows.size)),
            where=deepest,
        )
    derived = industry.derive(
        minor=codes.get("minor"),
        middle=codes.get("middle"),
        major=codes.get("major"),
        section=codes.get("section"),
    )
    section: pd.Series = derived["gbt_section"].where(~pd.Series(broken, index=derived.index))
    return section
