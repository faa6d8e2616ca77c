"""Cross-field rules X01–X21 (data_schema.md §3.2): counts that nest, flags that agree.

Every rule runs only when its columns are present; a row with an empty cell in a compared
column is not checked (unknown is not a contradiction). A problem is located in the first
column the rule names, with that column's cell as the value.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
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
    mask = sink.numbers(a) > sink.numbers(b)
    sink.per_row(message_id, a, mask, _pair(sink.frame, a, b, **extra))


def _sum(sink: ProblemSink, columns: list[str], *, complete: bool) -> npt.NDArray[np.float64]:
    """Row sums of numeric columns: NaN where all are empty (or any is, when ``complete``)."""
    stacked = np.column_stack([sink.numbers(c) for c in columns])
    empty = np.isnan(stacked)
    missing = empty.any(axis=1) if complete else empty.all(axis=1)
    sums: npt.NDArray[np.float64] = np.nansum(stacked, axis=1)
    sums[missing] = np.nan
    return sums


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
        n_decided, n_applications = (
            sink.numbers("invention_decided"),
            sink.numbers("invention_applications"),
        )
        # Only where decided itself fits, so that one bad count is reported once.
        mask = (n_decided + sink.numbers("invention_applications_pending") > n_applications) & (
            n_decided <= n_applications
        )
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
    total = sink.numbers("patents_total")
    summed = _sum(sink, list(KIND_PARTS), complete=True)
    mask = ~np.isnan(total) & ~np.isnan(summed) & (total != summed)

    def fields(p: int) -> dict[str, str]:
        parts = {k: number_text(frame[c].iloc[p]) for k, c in zip("bcd", KIND_PARTS, strict=True)}
        return {"a": number_text(total[p]), "total": number_text(summed[p]), **parts}

    sink.per_row("X06", "patents_total", mask, fields)


def check_soft_totals(sink: ProblemSink) -> None:
    """X09: foreign ≥ PCT, citations, yearly applications, standards by type (warnings)."""
    frame = sink.frame
    if sink.has("foreign_patents", "pct_applications"):
        mask = sink.numbers("foreign_patents") < sink.numbers("pct_applications")
        fields = _pair(frame, "foreign_patents", "pct_applications")
        sink.per_row("X09.foreign", "foreign_patents", mask, fields)
    if sink.has("patent_citations", "invention_citations"):
        mask = sink.numbers("patent_citations") < sink.numbers("invention_citations")
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
    total = sink.numbers(total_column)
    summed = _sum(sink, parts, complete=False)
    mask = summed > total
    sink.per_row(
        message_id,
        total_column,
        mask,
        lambda p: {"a": number_text(total[p]), "b": number_text(summed[p])},
    )


def _champion_levels(sink: ProblemSink) -> tuple[Mask, Mask]:
    """(holds any single-champion title, holds the national one); empty reads as none."""
    if not sink.has("single_champion_level"):
        none = np.zeros(len(sink.frame), dtype=bool)
        return none, none
    column = "single_champion_level"
    holds = sink.filled(column) & ~sink.equals(column, NONE)
    return holds, sink.equals(column, NATIONAL)


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
    national = sink.equals("level", NATIONAL)
    if sink.has("hon_little_giant"):
        mask = national & sink.flag("hon_little_giant", False)
        sink.per_row("X10", "level", mask, fixed())
    if sink.has("is_key_little_giant"):
        mask = sink.flag("is_key_little_giant", True) & ~national
        sink.per_row("X11", "is_key_little_giant", mask, lambda p: {"level": str(level.iloc[p])})
    holds, national_champion = _champion_levels(sink)
    if sink.has("hon_single_champion", "single_champion_level"):
        flag = frame["hon_single_champion"]
        mask = (sink.flag("hon_single_champion", True) & ~holds) | (
            sink.flag("hon_single_champion", False) & holds
        )
        champion = frame["single_champion_level"]
        sink.per_row(
            "X12",
            "hon_single_champion",
            mask,
            lambda p: {
                "a": number_text(flag.iloc[p]),
                "b": str(champion.iloc[p]) if holds[p] else NONE,
            },
        )
    if section is not None and sink.has("single_champion_level"):
        letters = section.astype("string")
        outside = mask_of(letters.notna() & (letters != MANUFACTURING))
        sink.per_row(
            "X13",
            "single_champion_level",
            holds & outside,
            lambda p: {"section": str(letters.iloc[p])},
        )
    mask = sink.equals("level", NONE) & ~national_champion
    sink.per_row("X14", "level", mask, fixed())


def check_batches(sink: ProblemSink, calendar: BatchCalendar) -> None:
    """X15, X16: batch and recognition date only for national firms, and of the same year."""
    if not sink.has("level"):
        return
    frame = sink.frame
    level = frame["level"]
    national = sink.equals("level", NATIONAL)
    other_level = sink.filled("level") & ~national
    for column in ("lg_batch", "lg_recognition_date"):
        if sink.has(column):
            mask = other_level & sink.filled(column)
            sink.per_row("X15.nonnational", column, mask, lambda p: {"level": str(level.iloc[p])})
    if sink.has("lg_batch"):
        latest = calendar.latest_by(sink.typed.snapshot_date)
        mask = national & ~sink.filled("lg_batch")
        sink.per_row("X15.missing", "lg_batch", mask, fixed(latest=str(latest)))
    if sink.has("lg_batch", "lg_recognition_date"):
        year_of = calendar.year_of()
        years = np.full(max(year_of, default=0) + 1, np.nan)
        for number, year in year_of.items():
            years[number] = year
        batch = sink.numbers("lg_batch")
        known = ~np.isnan(batch) & (batch >= 0) & (batch < len(years))
        batch_year = np.full(len(batch), np.nan)
        batch_year[known] = years[batch[known].astype(np.int64)]
        recognised = frame["lg_recognition_date"].dt.year.to_numpy(dtype="float64", na_value=np.nan)
        mask = national & (batch_year != recognised) & ~np.isnan(batch_year)
        mask &= ~np.isnan(recognised)
        sink.per_row(
            "X16",
            "lg_recognition_date",
            mask,
            lambda p: {
                "year": number_text(recognised[p]),
                "batch": number_text(batch[p]),
                "batch_year": number_text(batch_year[p]),
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
    board = sink.frame["listing_board"]
    codes, distinct = sink.codes("listing_board")
    venues = [str(v).split(";") for v in distinct]
    alone = [next((w for w in ALONE if w in v), "") if len(v) > 1 else "" for v in venues]
    word = np.array([*alone, ""], dtype=object)[codes]
    combined = word != ""
    sink.per_row("X18.combined", "listing_board", combined, lambda p: {"word": str(word[p])})
    if sink.has("is_listed"):
        on_exchange = np.array([any(t in EXCHANGES for t in v) for v in venues] + [False])[codes]
        given = codes >= 0
        mask = given & ~combined
        mask &= (on_exchange & sink.flag("is_listed", False)) | (
            ~on_exchange & sink.flag("is_listed", True)
        )
        listed = sink.frame["is_listed"]
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
    level = sink.frame["tech_center_level"]
    title = sink.frame["hon_tech_center"]
    stated_none = sink.equals("tech_center_level", NONE)
    has_level = sink.filled("tech_center_level") & ~stated_none
    written_none = sink.given("tech_center_level") & stated_none
    mask = (has_level & sink.flag("hon_tech_center", False)) | (
        written_none & sink.flag("hon_tech_center", True)
    )
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
    columns = year_columns(sink.frame, "rd_ratio")
    any_value = np.zeros(len(sink.frame), dtype=bool)
    for column in columns:
        any_value |= ~np.isnan(sink.numbers(column))
    column = "discloses_financials"
    sink.per_row("X20.empty", column, sink.flag(column, True) & ~any_value, fixed())
    sink.per_row("X20.values", column, sink.flag(column, False) & any_value, fixed())


def check_financing(sink: ProblemSink) -> None:
    """X21: financing details while financing_events is 0."""
    if not sink.has("financing_events"):
        return
    none_yet = sink.numbers("financing_events") == 0
    for column in FINANCING_DETAILS:
        if sink.has(column):
            mask = none_yet & sink.filled(column)
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
