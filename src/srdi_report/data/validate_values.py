"""Value and range rules on the typed frame: R01–R07, V09, V11 (data_schema.md §3.2)."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

from srdi_report.data.batches import BatchCalendar
from srdi_report.data.schema import firm_column
from srdi_report.data.uscc import USCC_LENGTH, uscc_detail, uscc_valid
from srdi_report.data.validate_context import ProblemSink, fixed, mask_of, valued

PERCENT_MAX = 100.0
GROWTH_MIN = -100.0
FRACTION_MAX = 1.0  # R04: percent columns whose every value is at most this look like fractions
YUAN_MEDIAN = 1_000_000.0  # R04: a capital median above this (in 10,000 yuan) looks like yuan
FIRST_PATENT_YEAR = 2000
EARLIEST_FOUNDING = date(1900, 1, 1)
FIRST_RECOGNITION = date(2019, 1, 1)
FIRM_DATES = ("founded_date", "lg_recognition_date", "listing_date", "last_financing_date")
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# R03: (column or year-column prefix, limit, how the limit prints)
IMPLAUSIBLE: tuple[tuple[str, float, str], ...] = (
    ("insured_employees", 100_000, "100,000 persons"),
    ("registered_capital", 10_000_000, "10,000,000 (in 10,000 yuan)"),
    ("patents_total", 100_000, "100,000 patents"),
    ("rd_ratio_", 100, "100%"),
    ("revenue_growth_", 1_000, "1,000%"),
)

YEAR_COLUMN = re.compile(r"^(rd_ratio|revenue_growth|patent_applications)_(\d{4})$")


def year_columns(frame: pd.DataFrame, prefix: str) -> list[str]:
    """Columns ``<prefix>_<YYYY>`` of the frame, in year order."""
    found = [c for c in frame.columns if (m := YEAR_COLUMN.match(c)) and m.group(1) == prefix]
    return sorted(found)


def _non_negative_columns(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(column, kind) for every count, amount and headcount column of the frame (min 0)."""
    found = []
    for column in frame.columns:
        try:
            spec = firm_column(column)
        except KeyError:
            continue
        if spec.dtype in {"int", "float"} and spec.min == "0" and spec.unit != "percent":
            # Non-negative floats that are not percent are money (10,000 yuan).
            kind = "amount" if spec.dtype == "float" else "count"
            kind = "headcount" if spec.unit == "persons" else kind
            found.append((column, kind))
    return found


def check_negative(sink: ProblemSink) -> None:
    """R01: negative value in a count, amount or headcount column."""
    for column, kind in _non_negative_columns(sink.frame):
        mask = sink.numbers(column) < 0
        sink.per_row("R01", column, mask, fixed(kind=kind))


def check_percent(sink: ProblemSink) -> None:
    """R02: rd_staff_ratio outside 0–100, rd_ratio below 0, revenue growth below −100."""
    frame = sink.frame
    if "rd_staff_ratio" in frame.columns:
        values = sink.numbers("rd_staff_ratio")
        mask = (values < 0) | (values > PERCENT_MAX)
        sink.per_row("R02.range", "rd_staff_ratio", mask, fixed())
    for column in year_columns(frame, "rd_ratio"):
        sink.per_row("R02.negative", column, sink.numbers(column) < 0, fixed())
    for column in year_columns(frame, "revenue_growth"):
        mask = sink.numbers(column) < GROWTH_MIN
        sink.per_row("R02.growth", column, mask, fixed())


def check_implausible(sink: ProblemSink) -> None:
    """R03: implausible magnitudes, kept as written."""
    frame = sink.frame
    for name, limit, limit_text in IMPLAUSIBLE:
        columns = (
            [c for c in frame.columns if c.startswith(name) and YEAR_COLUMN.match(c)]
            if name.endswith("_")
            else [name] * (name in frame.columns)
        )
        for column in sorted(columns):
            mask = sink.numbers(column) > limit
            sink.per_row("R03", column, mask, fixed(limit=limit_text))


def check_units(sink: ProblemSink) -> None:
    """R04: column-level unit suspicions (fractions for percent, yuan for 10,000 yuan)."""
    frame = sink.frame
    percent = [*year_columns(frame, "rd_ratio"), "rd_staff_ratio"]
    for column in percent:
        if column not in frame.columns:
            continue
        values = frame[column].dropna()
        if len(values) and bool((values <= FRACTION_MAX).all()) and bool((values > 0).any()):
            sink.at_header("R04.fraction", column)
    if "registered_capital" in frame.columns:
        capital = frame["registered_capital"].dropna()
        if len(capital) and float(capital.median()) > YUAN_MEDIAN:
            sink.at_header("R04.yuan", "registered_capital", median=f"{capital.median():,.0f}")


def check_batches(sink: ProblemSink, calendar: BatchCalendar) -> None:
    """R05: lg_batch outside 1 … the latest batch issued by the snapshot date."""
    if not sink.has("lg_batch"):
        return
    latest = calendar.latest_by(sink.typed.snapshot_date)
    batch = sink.frame["lg_batch"]
    numbers = sink.numbers("lg_batch")
    mask = (numbers < 1) | (numbers > latest)
    fields = {"latest": str(latest), "snapshot_date": sink.typed.snapshot_date.isoformat()}
    sink.per_row("R05", "lg_batch", mask, valued(batch, **fields))


def check_year_columns(sink: ProblemSink) -> None:
    """R06: fiscal years at or after the snapshot year; application years out of range."""
    snapshot_year = sink.typed.snapshot_date.year
    for column in sink.frame.columns:
        match = YEAR_COLUMN.match(column)
        if not match:
            continue
        year = int(match.group(2))
        fields = {"year": str(year), "snapshot_year": str(snapshot_year)}
        if match.group(1) == "patent_applications":
            if year > snapshot_year or year < FIRST_PATENT_YEAR:
                sink.at_header("R06.patent_year", column, **fields)
        elif year >= snapshot_year:
            last = f"{match.group(1)}_{snapshot_year - 1}"
            sink.at_header("R06.fiscal", column, last=last, **fields)


def check_dates(sink: ProblemSink) -> None:
    """R07: founded before 1900, firm dates after the snapshot, recognition before 2019."""
    frame = sink.frame
    snapshot = pd.Timestamp(sink.typed.snapshot_date)
    lower_bounds = {"founded_date": EARLIEST_FOUNDING, "lg_recognition_date": FIRST_RECOGNITION}
    for column in FIRM_DATES:
        if column not in frame.columns:
            continue
        values = frame[column]
        if column in lower_bounds:
            bound = lower_bounds[column]
            mask = mask_of(values < pd.Timestamp(bound))
            sink.per_row(
                "R07.before",
                column,
                mask,
                valued(values, limit=bound.isoformat()),
            )
        sink.per_row(
            "R07.after",
            column,
            mask_of(values > snapshot),
            valued(values, snapshot_date=snapshot.date().isoformat()),
        )


def check_uscc(sink: ProblemSink) -> None:
    """V09: an 18-character firm_id that fails the USCC check character (kept)."""
    if not sink.has("firm_id"):
        return
    ids = sink.frame["firm_id"]
    candidate = mask_of(ids.str.len() == USCC_LENGTH)
    positions = np.flatnonzero(candidate)
    if positions.size == 0:
        return
    codes = ids.iloc[positions].astype(str).tolist()
    failing = np.zeros(len(ids), dtype=bool)
    failing[positions[~uscc_valid(codes)]] = True
    sink.per_row("V09", "firm_id", failing, lambda p: {"detail": uscc_detail(str(ids.iloc[p]))})


def check_english_names(sink: ProblemSink) -> None:
    """V11: name_en with Han characters; warned and set to empty."""
    if not sink.has("name_en"):
        return
    names = sink.frame["name_en"]
    # English names are almost always ASCII: one check over all names joined is far faster
    # than a per-row regex, which then runs only when something non-ASCII is there.
    if "".join(names.to_numpy(dtype=object, na_value="")).isascii():
        return
    mask = mask_of(names.str.contains(HAN, na=False))
    sink.per_row("V11", "name_en", mask, fixed())
    if mask.any():
        sink.frame.loc[mask, "name_en"] = pd.NA


def check_values(sink: ProblemSink, calendar: BatchCalendar) -> None:
    """Run every value and range rule of this module."""
    check_negative(sink)
    check_percent(sink)
    check_implausible(sink)
    check_units(sink)
    check_batches(sink, calendar)
    check_year_columns(sink)
    check_dates(sink)
    check_uscc(sink)
    check_english_names(sink)
