"""Rules of the optional patents table: P01–P08 (data_schema.md §3.2).

The patents file arrives in the same container as the firms file (``TypedFirms``: typed frame,
raw cells, spreadsheet rows, headers), typed by the patents columns of the schema; the firms
snapshot it belongs to gives the firm ids and counts (P02, P06, P08).

P07 checks each office code against WIPO ST.3: the two-letter country codes (ISO 3166-1, taken
from the CLDR territories that Babel ships) plus the regional and international offices.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import pandas as pd
from babel import Locale

from srdi_report.data.typed import TypedFirms
from srdi_report.data.validate_context import (
    Fields,
    ProblemSink,
    count_text,
    fixed,
    groups_of,
    number_text,
    rows_text,
    valued,
)
from srdi_report.data.validate_messages import problem
from srdi_report.data.validate_pairs import Snapshot
from srdi_report.errors import Location, Problem

KINDS = ("invention", "utility_model", "design")
STATUSES = ("granted", "rejected", "withdrawn", "pending")
IPC = re.compile(r"^[A-H]\d{2}[A-Z]( ?\d{1,4}/\d{2,6})?$")
HOME_OFFICE = "CN"  # foreign_jurisdictions lists offices other than CNIPA
# ST.3 codes of regional and international offices (EPO, PCT/WIPO, EAPO, ARIPO, OAPI, GCC,
# EUIPO, IB, Nordic and Visegrad institutes, CPVO, UPOV, Benelux).
REGIONAL_OFFICES = frozenset(
    {"AP", "BX", "EA", "EM", "EP", "GC", "IB", "OA", "QZ", "WO", "XN", "XU", "XV"}
)
# CLDR territory codes that are not offices (groupings, unknown region, pseudo-regions).
NOT_OFFICES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "XK", "ZZ"})


@lru_cache(maxsize=1)
def foreign_offices() -> frozenset[str]:
    """The ST.3 codes accepted in foreign_jurisdictions (every office but CNIPA)."""
    names = (str(c) for c in Locale("en").territories)
    territories = {c for c in names if len(c) == 2 and c.isalpha()}
    return frozenset((territories - NOT_OFFICES - {HOME_OFFICE}) | REGIONAL_OFFICES)


DATES_AFTER_APPLICATION = ("publication_date", "grant_date")
PATENT_DATES = ("application_date", "publication_date", "grant_date")


def _date_pair(frame: pd.DataFrame, column: str) -> Fields:
    """Fields ``value`` and ``b``: the date of ``column`` and the application date."""

    def fields(position: int) -> dict[str, str]:
        return {
            "value": number_text(frame[column].iloc[position]),
            "b": number_text(frame["application_date"].iloc[position]),
        }

    return fields


def _excess(
    first: dict[int, int],
    found: npt.NDArray[np.int64],
    limit: npt.NDArray[np.float64],
    label: str,
    noun: str,
) -> Fields:
    """Fields of P06 at the first row of a firm: the count here and the firm's count."""

    def fields(position: int) -> dict[str, str]:
        firm = first[position]
        count = count_text(int(found[firm]), noun)
        return {"count": count, "m": f"{int(limit[firm]):,}", "firms": label}

    return fields


def check_duplicates(sink: ProblemSink) -> None:
    """P01: every row whose patent_id occurs more than once, naming the other rows."""
    if not sink.has("patent_id"):
        return
    ids = sink.frame["patent_id"]
    mask = (ids.notna() & ids.duplicated(keep=False)).to_numpy(dtype=bool)
    codes, _ = pd.factorize(ids.where(mask))
    members = groups_of(np.asarray(codes))
    rows = sink.typed.source_rows

    def others(position: int) -> dict[str, str]:
        group = members[int(codes[position])]
        return {"rows": rows_text(int(rows[p]) for p in group if p != position)}

    sink.per_row("P01", "patent_id", mask, others)


def check_enums(sink: ProblemSink) -> None:
    """P03: kind and legal_status in their enums."""
    for column, allowed in (("kind", KINDS), ("legal_status", STATUSES)):
        if sink.has(column):
            values = sink.frame[column]
            mask = (values.notna() & ~values.isin(allowed)).to_numpy(dtype=bool)
            sink.per_row("P03", column, mask, fixed(allowed=", ".join(allowed)))


def check_dates(sink: ProblemSink) -> None:
    """P04: date order, dates after the snapshot, grant date ⇔ granted."""
    frame = sink.frame
    snapshot = pd.Timestamp(sink.typed.snapshot_date)
    for column in DATES_AFTER_APPLICATION:
        if sink.has(column, "application_date"):
            mask = sink.numbers(column) < sink.numbers("application_date")
            sink.per_row("P04.before", column, mask, _date_pair(frame, column))
    for column in PATENT_DATES:
        if sink.has(column):
            mask = (frame[column] > snapshot).to_numpy(dtype=bool)
            fields = valued(frame[column], snapshot_date=snapshot.date().isoformat())
            sink.per_row("P04.after", column, mask, fields)
    if sink.has("legal_status"):
        granted = sink.equals("legal_status", "granted")
        dated = sink.filled("grant_date") if sink.has("grant_date") else np.zeros(len(frame), bool)
        status = frame["legal_status"]
        if sink.has("grant_date"):
            sink.per_row(
                "P04.granted",
                "grant_date",
                dated & ~granted & sink.filled("legal_status"),
                lambda p: {"status": str(status.iloc[p])},
            )
        sink.per_row("P04.no_date", "legal_status", granted & ~dated, fixed())


def check_ipc(sink: ProblemSink) -> None:
    """P05: ipc_main is an IPC symbol (subclass, optionally group)."""
    if not sink.has("ipc_main"):
        return
    codes, uniques = sink.codes("ipc_main")
    bad = np.array([not IPC.match(str(v)) for v in uniques] + [False])[codes]
    sink.per_row("P05", "ipc_main", bad, fixed())


def check_offices(sink: ProblemSink) -> None:
    """P07: office codes in foreign_jurisdictions that are not foreign ST.3 offices; kept."""
    if not sink.has("foreign_jurisdictions"):
        return
    codes, uniques = sink.codes("foreign_jurisdictions")
    first_bad = []
    for value in uniques:
        parts = [t.strip() for t in str(value).split(";") if t.strip()]
        wrong = [t for t in parts if t not in foreign_offices()]
        first_bad.append(wrong[0] if wrong else "")
    bad = np.array([*first_bad, ""], dtype=object)[codes]
    sink.per_row("P07", "foreign_jurisdictions", bad != "", lambda p: {"code": str(bad[p])})


def check_against_firms(sink: ProblemSink, firms: Snapshot) -> None:
    """P02 and P06: firms exist in the firms file, and no firm has more patents than counted."""
    if not sink.has("firm_id"):
        return
    frame = sink.frame
    label = firms.file_label
    known = frame["firm_id"].isin(firms.frame["firm_id"].dropna()).to_numpy(dtype=bool)
    sink.per_row("P02", "firm_id", sink.filled("firm_id") & ~known, fixed(firms=label))
    counts = firms.frame.drop_duplicates("firm_id").set_index("firm_id")
    codes, ids = pd.factorize(frame["firm_id"].where(known))
    members = groups_of(np.asarray(codes))
    rows_per_firm = np.bincount(codes[codes >= 0], minlength=len(ids))
    granted = np.zeros(len(ids), dtype=np.int64)
    if sink.has("kind", "legal_status"):
        is_grant = sink.equals("kind", "invention") & sink.equals("legal_status", "granted")
        granted = np.bincount(codes[(codes >= 0) & is_grant], minlength=len(ids))
    for column, message_id, found, noun in (
        ("invention_grants", "P06.grants", granted, "granted invention"),
        ("patents_total", "P06.rows", rows_per_firm, "patent"),
    ):
        if column not in counts.columns:
            continue
        limit = counts[column].reindex(list(ids)).to_numpy(dtype="float64", na_value=np.nan)
        over = np.flatnonzero(found > limit)
        mask = np.zeros(len(frame), dtype=bool)
        first = {int(members[i].min()): i for i in over.tolist()}
        mask[list(first)] = True
        sink.per_row(message_id, "firm_id", mask, _excess(first, found, limit, label, noun))


def validate_patents(patents: TypedFirms, firms: Snapshot) -> list[Problem]:
    """The P rules on a typed patents table of the same snapshot as ``firms``.

    Args:
        patents: the patents file in the loader's container (patent columns, typed).
        firms: the firms snapshot the patents belong to.

    Returns:
        Every problem found, sorted.
    """
    sink = ProblemSink(patents)
    if patents.snapshot_date != firms.snapshot_date:
        label = patents.column_label("snapshot_date")
        sink.add(
            problem(
                "P08",
                Location(patents.file_label, None, label),
                patents.snapshot_date.isoformat(),
                value=patents.snapshot_date.isoformat(),
                firms_date=firms.snapshot_date.isoformat(),
            )
        )
    check_duplicates(sink)
    check_enums(sink)
    check_dates(sink)
    check_ipc(sink)
    check_offices(sink)
    check_against_firms(sink, firms)
    return sorted(sink.problems, key=Problem.sort_key)
