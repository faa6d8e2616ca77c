"""Build TypedFirms directly from cell texts, so validation tests do not need the loader.

Cells are given as a CSV would hold them; they are typed by the schema's dtype (int → Int64,
float → float64, date → datetime64, bool → boolean, everything else → string). ``raw`` keeps
the texts, as the loader does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from srdi_report.data.batches import Batch, BatchCalendar
from srdi_report.data.schema import firm_column, table_columns
from srdi_report.data.typed import TypedFirms
from srdi_report.data.validate import validate_firms

SNAPSHOT = date(2026, 2, 28)

# A national firm that passes every rule (row 1 of data_schema.md §7, extended).
VALID_FIRM: dict[str, str] = {
    "firm_id": "DM00000001",
    "name_zh": "苏州示例精密材料有限公司",
    "name_en": "Suzhou Example Precision Materials Co., Ltd.",
    "founded_date": "2008-05-06",
    "level": "national",
    "lg_batch": "5",
    "lg_recognition_date": "2023-07-15",
    "single_champion_level": "none",
    "is_key_little_giant": "false",
    "province": "江苏省",
    "city": "苏州市",
    "district": "昆山市",
    "gbt_minor": "3985",
    "registered_capital": "6200",
    "insured_employees": "210",
    "is_listed": "false",
    "listing_board": "none",
    "financing_events": "0",
    "patents_total": "148",
    "patents_valid": "100",
    "invention_applications": "74",
    "invention_applications_pending": "25",
    "invention_grants": "38",
    "inventions_valid": "30",
    "invention_decided": "45",
    "utility_models": "60",
    "designs": "14",
    "patent_applications_2024": "20",
    "patent_applications_2025": "11",
    "pct_applications": "2",
    "foreign_patents": "3",
    "high_value_inventions_valid": "10",
    "invention_citations": "40",
    "patent_citations": "55",
    "licensed_patents": "4",
    "software_copyrights": "5",
    "std_national": "2",
    "std_group": "3",
    "std_total": "12",
    "hon_little_giant": "true",
    "hon_tech_center": "true",
    "tech_center_level": "provincial",
    "hon_single_champion": "false",
    "discloses_financials": "true",
    "rd_ratio_2024": "21.4",
    "revenue_growth_2024": "12.5",
    "rd_staff_ratio": "35",
}

# A provincial firm in a municipality, with as few columns filled as allowed.
VALID_PROVINCIAL: dict[str, str] = {
    **{k: "" for k in VALID_FIRM},
    "firm_id": "DM00000002",
    "name_zh": "北京示例软件科技有限公司",
    "level": "provincial",
    "province": "北京市",
    "city": "北京市",
    "district": "海淀区",
    "gbt_minor": "6511",
    "single_champion_level": "none",
    "hon_little_giant": "false",
    "hon_tech_center": "false",
    "hon_single_champion": "false",
    "is_listed": "false",
    "listing_board": "none",
    "discloses_financials": "false",
}

_BOOL = {"true": True, "false": False}


PATENT_DTYPES = {spec.name: spec.dtype for spec in table_columns("patents")}


def _typed_column(name: str, cells: Sequence[str], table: str = "firms") -> pd.Series:
    text = pd.Series(list(cells), dtype="string").replace("", pd.NA)
    try:
        dtype = firm_column(name).dtype if table == "firms" else PATENT_DTYPES[name]
    except KeyError:
        dtype = "str"
    if dtype == "int":
        return pd.to_numeric(text).astype("Int64")
    if dtype == "float":
        return pd.to_numeric(text).astype("float64")
    if dtype == "date":
        return pd.to_datetime(text, format="%Y-%m-%d")
    if dtype == "bool":
        return text.map(_BOOL, na_action="ignore").astype("boolean")
    return text


def typed_firms(
    rows: Sequence[Mapping[str, str]],
    *,
    file: str = "firms.csv",
    snapshot: date = SNAPSHOT,
    headers: Mapping[str, str] | None = None,
    source_rows: Sequence[int] | None = None,
    table: str = "firms",
) -> TypedFirms:
    """A TypedFirms of ``rows`` (cell texts by canonical column), rows 2, 3, … by default."""
    columns = list(dict.fromkeys(c for row in rows for c in row))
    raw = pd.DataFrame({c: [row.get(c, "") for row in rows] for c in columns}, dtype=object)
    frame = pd.DataFrame({c: _typed_column(c, raw[c].tolist(), table) for c in columns})
    frame.insert(
        0,
        "snapshot_date",
        pd.Series(pd.Timestamp(snapshot), index=frame.index).astype("datetime64[ns]"),
    )
    frame.insert(1, "snapshot_year", pd.array([snapshot.year] * len(rows), dtype="Int64"))
    raw.insert(0, "snapshot_date", snapshot.isoformat())
    rows_array = np.asarray(
        source_rows if source_rows is not None else range(2, len(rows) + 2), dtype=np.int64
    )
    return TypedFirms(
        frame=frame,
        raw=raw,
        source_rows=rows_array,
        headers=dict(headers or {}),
        file_label=file,
        snapshot_date=snapshot,
    )


def with_changes(base: Mapping[str, str], **changes: str) -> dict[str, str]:
    """A copy of a firm row with some cells changed."""
    return {**base, **changes}


# Batches 1–7 of 2019–2025, without announcement dates (as the shipped reference may be).
CALENDAR = BatchCalendar(tuple(Batch(number, 2018 + number) for number in range(1, 8)))


def problem_lines(rows: Sequence[Mapping[str, str]], **options: Any) -> list[str]:
    """The message lines of validate_firms on ``rows`` (options go to typed_firms)."""
    outcome = validate_firms(typed_firms(rows, **options), calendar=CALENDAR)
    return [str(p) for p in outcome.problems]
