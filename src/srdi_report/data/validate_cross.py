"""Cross-field rules X01–X21 (data_schema.md §3.2): counts that nest, flags that agree.

Every rule runs only when its columns are present; a row with an empty cell in a compared
column is not checked (unknown is not a contradiction). A problem is located in the first
column the rule names, with that column's cell as the value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from srdi_report.data.batches import BatchCalendar
from srdi_report.data.validate_context import (
    Fields,
    Mask,
    ProblemSink,
    fixed,
    mask_of,
    number_text,
)
from srdi_report.data.validate_values import year_columns

NATIONAL = "national"
NONE = "none"
MANUFACTURING = "C"
EXCHANGES = frozenset({"main", "chinext", "star", "bse", "hkex", "sgx", "us", "other_overseas"})
ALONE = ("none", "neeq")  # venues that cannot combine with another one
SUBCOUNTS: tuple[tuple[str, str], ...] = (  # X08: sub-count, its total
    ("award_inventions", "invention_grants"),
    ("standard_inventions", "invention_grants"),
    ("univ_coop_patents", "patents_total"),
    ("pledged_patents", "patents_total"),
    ("licensed_patents", "patents_total"),
    ("litigated_patents", "patents_total"),
    ("transferred_patents", "patents_total"),
    ("digital_tech_patents_valid", "patents_valid"),
)
KIND_PARTS = ("invention_applications", "utility_models", "designs")
STANDARD_TYPES = ("std_national", "std_industry", "std_local", "std_group")
LATER_DATES = ("lg_recognition_date", "listing_date", "last_financing_date")
FINANCING_DETAILS = ("last_financing_date", "last_financing_round")


def _pair(frame: pd.DataFrame, a: str, b: str, **extra: str) -> Fields:
    """Template fields ``a`` and ``b``: the typed values of two columns at a row."""

    def fields(position: int) -> dict[str, str]:
        return {
            "a": number_text(frame[a].iloc[position]),
            "b": number_text(frame[b].iloc[position]),
            **extra,
        }

    return fields


def _greater(sink: ProblemSink, message_id: str, a: str, b: str, **extra: str) -> None:
    """Rows where column ``a`` > column ``b`` (both present and non-empty)."""
    if not sink.has(a, b):
        return
    frame = sink.frame
    mask = mask_of(frame[a] > frame[b])
    sink.per_row(message_id, a, mask, _pair(frame, a, b, **extra))


def _is(values: pd.Series, flag: bool) -> Mask:
    """Rows where a nullable boolean column is exactly ``flag`` (NA is neither)."""
    return mask_of(values.astype("boolean") == flag)


def check_patent_counts(sink: ProblemSink) -> None:
    """X01–X05, X07, X08: the patent counts nest inside each other."""
    _greater(sink, "X01", "invention_grants", "invention_applications")
    _greater(sink, "X02", "invention_applications", "patents_total")
    _greater(sink, "X03", "inventions_valid", "invention_grants")
    check_high_value(sink)
    _greater(sink, "X05.grants", "invention_grants", "invention_decided")
    _greater(sink, "X05.applications", "invention_decided", "invention_applications")
    if sink.has("invention_decided", "invention_applications_pending", "invention_applications"):
        frame = sink.frame
        decided, pending = frame["invention_decided"], frame["invention_applications_pending"]
        applications = frame["invention_applications"]
        # Only where decided itself fits, so that one bad count is reported once.
        mask = mask_of((decided + pending > applications) & (decided <= applications))
        sink.per_row(
            "X05.pending",
            "invention_decided",
            mask,
            lambda p: {
                "a": number_text(decided.iloc[p]),
                "b": number_text(applications.iloc[p]),
                "c": number_text(pending.iloc[p]),
            },
        )
    _greater(sink, "X07.total", "patents_valid", "patents_total")
    _greater(sink, "X07.inventions", "inventions_valid", "patents_valid")
    for sub, total in SUBCOUNTS:
        _greater(sink, "X08", sub, total, other=total)


def check_high_value(sink: ProblemSink) -> None:
    """X04: high-value valid inventions > valid inventions (else > grants)."""
    column = "high_value_inventions_valid"
    if not sink.has(column):
        return
    frame = sink.frame
    if sink.has("inventions_valid"):
        bound = frame["inventions_valid"]
        names = pd.Series("inventions_valid", index=frame.index)
        if sink.has("invention_grants"):
            names = names.where(bound.notna(), "invention_grants")
            bound = bound.fillna(frame["invention_grants"])
    elif sink.has("invention_grants"):
        bound = frame["invention_grants"]
        names = pd.Series("invention_grants", index=frame.index)
    else:
        return
    values = frame[column]
    sink.per_row(
        "X04",
        column,
        mask_of(values > bound),
        lambda p: {
            "a": number_text(values.iloc[p]),
            "b": number_text(bound.iloc[p]),
            "other": str(names.iloc[p]),
        },
    )


def check_kind_sum(sink: ProblemSink) -> None:
    """X06: patents_total = invention applications + utility models + designs."""
    if not sink.has("patents_total", *KIND_PARTS):
        return
    frame = sink.frame
    total = frame["patents_total"]
    summed = frame[list(KIND_PARTS)].sum(axis=1, min_count=len(KIND_PARTS))
    complete = mask_of(frame[list(KIND_PARTS)].notna().all(axis=1)) & mask_of(total.notna())
    mask = complete & mask_of(total.astype("Float64") != summed.astype("Float64"))

    def fields(p: int) -> dict[str, str]:
        parts = {k: number_text(frame[c].iloc[p]) for k, c in zip("bcd", KIND_PARTS, strict=True)}
        return {"a": number_text(total.iloc[p]), "total": number_text(summed.iloc[p]), **parts}

    sink.per_row("X06", "patents_total", mask, fields)


def check_soft_totals(sink: ProblemSink) -> None:
    """X09: foreign ≥ PCT, citations, yearly applications, standards by type (warnings)."""
    frame = sink.frame
    if sink.has("foreign_patents", "pct_applications"):
        mask = mask_of(frame["foreign_patents"] < frame["pct_applications"])
        fields = _pair(frame, "foreign_patents", "pct_applications")
        sink.per_row("X09.foreign", "foreign_patents", mask, fields)
    if sink.has("patent_citations", "invention_citations"):
        mask = mask_of(frame["patent_citations"] < frame["invention_citations"])
        fields = _pair(frame, "patent_citations", "invention_citations")
        sink.per_row("X09.citations", "patent_citations", mask, fields)
    years = year_columns(frame, "patent_applications")
    if years and sink.has("patents_total"):
        _parts_exceed(sink, "X09.years", "patents_total", years)
    present = [c for c in STANDARD_TYPES if c in frame.columns]
    if present and sink.has("std_total"):
        _parts_exceed(sink, "X09.standards", "std_total", present)


def _parts_exceed(sink: ProblemSink, message_id: str, total_column: str, parts: list[str]) -> None:
    """Rows where the sum of ``parts`` (any present) exceeds ``total_column``."""
    frame = sink.frame
    total = frame[total_column]
    summed = frame[parts].astype("Float64").sum(axis=1, min_count=1)
    mask = mask_of(summed > total.astype("Float64"))
    sink.per_row(
        message_id,
        total_column,
        mask,
        lambda p: {"a": number_text(total.iloc[p]), "b": number_text(summed.iloc[p])},
    )


def check_levels(sink: ProblemSink, section: pd.Series | None) -> None:
    """X10–X14: level, Little Giant titles and single champions agree.

    Args:
        sink: the problems of this file.
        section: GB/T section letter per row (given or derived), None when unknown.
    """
    if not sink.has("level"):
        return
    frame = sink.frame
    level = frame["level"]
    if sink.has("hon_little_giant"):
        mask = mask_of(level == NATIONAL) & _is(frame["hon_little_giant"], False)
        sink.per_row("X10", "level", mask, fixed())
    if sink.has("is_key_little_giant"):
        mask = _is(frame["is_key_little_giant"], True) & mask_of(level != NATIONAL)
        sink.per_row("X11", "is_key_little_giant", mask, lambda p: {"level": str(level.iloc[p])})
    champion = (
        frame["single_champion_level"].fillna(NONE)
        if sink.has("single_champion_level")
        else pd.Series(NONE, index=frame.index, dtype="string")
    )
    if sink.has("hon_single_champion", "single_champion_level"):
        flag = frame["hon_single_champion"].astype("boolean")
        holds = pd.array(mask_of(champion != NONE), dtype="boolean")
        mask = mask_of(flag.notna() & (flag != holds))
        sink.per_row(
            "X12",
            "hon_single_champion",
            mask,
            lambda p: {"a": number_text(flag.iloc[p]), "b": str(champion.iloc[p])},
        )
    if section is not None and sink.has("single_champion_level"):
        mask = mask_of(champion != NONE) & mask_of(section.notna() & (section != MANUFACTURING))
        sink.per_row(
            "X13", "single_champion_level", mask, lambda p: {"section": str(section.iloc[p])}
        )
    mask = mask_of(level == NONE) & mask_of(champion != NATIONAL)
    sink.per_row("X14", "level", mask, fixed())


def check_batches(sink: ProblemSink, calendar: BatchCalendar) -> None:
    """X15, X16: batch and recognition date only for national firms, and of the same year."""
    if not sink.has("level"):
        return
    frame = sink.frame
    level = frame["level"]
    national = mask_of(level == NATIONAL)
    other_level = mask_of(level.notna()) & ~national
    for column in ("lg_batch", "lg_recognition_date"):
        if sink.has(column):
            mask = other_level & mask_of(frame[column].notna())
            sink.per_row("X15.nonnational", column, mask, lambda p: {"level": str(level.iloc[p])})
    if sink.has("lg_batch"):
        latest = calendar.latest_by(sink.typed.snapshot_date)
        mask = national & mask_of(frame["lg_batch"].isna())
        sink.per_row("X15.missing", "lg_batch", mask, lambda _p: {"latest": str(latest)})
    if sink.has("lg_batch", "lg_recognition_date"):
        batch_year = frame["lg_batch"].map(calendar.year_of()).astype("Int64")
        year = frame["lg_recognition_date"].dt.year.astype("Int64")
        mask = national & mask_of(batch_year.notna() & year.notna() & (batch_year != year))
        sink.per_row(
            "X16",
            "lg_recognition_date",
            mask,
            lambda p: {
                "year": number_text(year.iloc[p]),
                "batch": number_text(frame["lg_batch"].iloc[p]),
                "batch_year": number_text(batch_year.iloc[p]),
            },
        )


def check_dates(sink: ProblemSink) -> None:
    """X17: nothing happens to a firm before it is founded."""
    if not sink.has("founded_date"):
        return
    for other in LATER_DATES:
        _greater(sink, "X17", "founded_date", other, other=other)


def check_listing(sink: ProblemSink) -> None:
    """X18: listing_board agrees with is_listed; none and neeq stand alone."""
    if not sink.has("listing_board"):
        return
    frame = sink.frame
    board = frame["listing_board"]
    distinct = board.dropna().unique().tolist()
    on_exchange = {v: any(t in EXCHANGES for t in str(v).split(";")) for v in distinct}
    combined = {
        v: next((w for w in ALONE if w in str(v).split(";") and ";" in str(v)), "")
        for v in distinct
    }
    word = board.map(combined)
    mask = mask_of(word.notna() & (word != ""))
    sink.per_row("X18.combined", "listing_board", mask, lambda p: {"word": str(word.iloc[p])})
    if sink.has("is_listed"):
        listed = frame["is_listed"].astype("boolean")
        expected = board.map(on_exchange).astype("boolean")
        mask = mask_of(listed.notna() & expected.notna() & (listed != expected)) & ~mask
        sink.per_row(
            "X18.listed",
            "listing_board",
            mask,
            lambda p: {"a": str(board.iloc[p]), "b": number_text(listed.iloc[p])},
        )


def check_tech_center(sink: ProblemSink) -> None:
    """X19: tech_center_level other than none ⇔ hon_tech_center true.

    The reverse direction (title held, level none) is checked only where the level cell was
    written: an empty level reads as none but says nothing about the title.
    """
    if not sink.has("tech_center_level", "hon_tech_center"):
        return
    frame = sink.frame
    level = frame["tech_center_level"]
    title = frame["hon_tech_center"].astype("boolean")
    written = sink.given("tech_center_level")
    has_level = mask_of(level.notna() & (level != NONE))
    mask = (has_level & _is(title, False)) | (written & mask_of(level == NONE) & _is(title, True))
    sink.per_row(
        "X19",
        "tech_center_level",
        mask,
        lambda p: {"a": str(level.iloc[p]), "b": number_text(title.iloc[p])},
    )


def check_disclosure(sink: ProblemSink) -> None:
    """X20: discloses_financials agrees with the rd_ratio columns."""
    if not sink.has("discloses_financials"):
        return
    frame = sink.frame
    flag = frame["discloses_financials"].astype("boolean")
    columns = year_columns(frame, "rd_ratio")
    any_value = (
        mask_of(frame[columns].notna().any(axis=1)) if columns else np.zeros(len(frame), bool)
    )
    empty_fields = fixed()
    sink.per_row("X20.empty", "discloses_financials", _is(flag, True) & ~any_value, empty_fields)
    sink.per_row("X20.values", "discloses_financials", _is(flag, False) & any_value, empty_fields)


def check_financing(sink: ProblemSink) -> None:
    """X21: financing details while financing_events is 0."""
    if not sink.has("financing_events"):
        return
    frame = sink.frame
    none_yet = mask_of(frame["financing_events"] == 0)
    for column in FINANCING_DETAILS:
        if sink.has(column):
            mask = none_yet & mask_of(frame[column].notna())
            sink.per_row("X21", column, mask, fixed(other=column))


def check_cross(sink: ProblemSink, calendar: BatchCalendar, section: pd.Series | None) -> None:
    """Run every cross-field rule.

    Args:
        sink: the problems of this file.
        calendar: the national batches (X15, X16).
        section: GB/T section letter per row, given or derived from the codes (X13).
    """
    check_patent_counts(sink)
    check_kind_sum(sink)
    check_soft_totals(sink)
    check_levels(sink, section)
    check_batches(sink, calendar)
    check_dates(sink)
    check_listing(sink)
    check_tech_center(sink)
    check_disclosure(sink)
    check_financing(sink)
