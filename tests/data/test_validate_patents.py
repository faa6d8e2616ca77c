"""P01–P08 on a small patents table against its firms snapshot."""

from __future__ import annotations

from datetime import date

import pytest
from validate_frames import VALID_FIRM, VALID_PROVINCIAL, typed_firms, with_changes

from srdi_report.data.typed import TypedFirms
from srdi_report.data.validate_patents import validate_patents

FIRMS = typed_firms([VALID_FIRM, VALID_PROVINCIAL])
GRANTED = {
    "patent_id": "CN202310000001.X",
    "firm_id": "DM00000001",
    "kind": "invention",
    "application_date": "2023-01-10",
    "publication_date": "2023-07-01",
    "grant_date": "2024-05-01",
    "legal_status": "granted",
    "ipc_main": "G06F 16/35",
    "is_pct": "true",
    "foreign_jurisdictions": "US;EP",
}
PENDING = {
    **GRANTED,
    "patent_id": "CN202410000002.5",
    "kind": "utility_model",
    "application_date": "2024-03-01",
    "publication_date": "",
    "grant_date": "",
    "legal_status": "pending",
    "ipc_main": "H01L",
    "is_pct": "false",
    "foreign_jurisdictions": "",
}


def _lines(
    rows: list[dict[str, str]], firms: TypedFirms = FIRMS, snapshot: date = date(2026, 2, 28)
) -> list[str]:
    patents = typed_firms(rows, file="patents.csv", snapshot=snapshot, table="patents")
    return [str(p) for p in validate_patents(patents, firms)]


def test_valid_patents_give_no_problems() -> None:
    assert _lines([GRANTED, PENDING]) == []


CASES = [
    (
        {"firm_id": "DM99999999"},
        'patents.csv:3:firm_id: "DM99999999" — firm_id not in the firms file firms.csv (add the'
        " firm to the firms file, or drop its patents) [error P02]",
    ),
    (
        {"kind": "patent"},
        'patents.csv:3:kind: "patent" — not one of invention, utility_model, design (write one'
        " of invention, utility_model, design) [error P03]",
    ),
    (
        {"publication_date": "2024-02-01"},
        'patents.csv:3:publication_date: "2024-02-01" — 2024-02-01 is before application_date'
        " 2024-03-01 (check both dates) [error P04]",
    ),
    (
        {"application_date": "2026-03-01"},
        'patents.csv:3:application_date: "2026-03-01" — 2026-03-01 is after the snapshot date'
        " 2026-02-28 (check the date) [error P04]",
    ),
    (
        {"grant_date": "2025-01-01"},
        'patents.csv:3:grant_date: "2025-01-01" — grant_date given but legal_status pending'
        " (a grant date means legal_status granted; check both columns) [error P04]",
    ),
    (
        {"legal_status": "granted", "kind": "design"},
        'patents.csv:3:legal_status: "granted" — legal_status granted without grant_date (fill'
        " in the grant date, or check the status) [error P04]",
    ),
    (
        {"ipc_main": "G6F"},
        'patents.csv:3:ipc_main: "G6F" — not an IPC symbol (write section, class and subclass,'
        " optionally the group: G06F 16/35) [error P05]",
    ),
    (
        {"foreign_jurisdictions": "US;UK"},
        'patents.csv:3:foreign_jurisdictions: "US;UK" — unknown office code UK; kept'
        " (write WIPO ST.3 codes of foreign offices (US, EP, JP …), separated by ;)"
        " [warning P07]",
    ),
    (
        {"foreign_jurisdictions": "EP;CN"},
        'patents.csv:3:foreign_jurisdictions: "EP;CN" — unknown office code CN; kept'
        " (write WIPO ST.3 codes of foreign offices (US, EP, JP …), separated by ;)"
        " [warning P07]",
    ),
]


@pytest.mark.parametrize(("changes", "expected"), CASES)
def test_one_bad_patent_cell(changes: dict[str, str], expected: str) -> None:
    assert _lines([GRANTED, with_changes(PENDING, **changes)]) == [expected]


def test_duplicate_patent_ids_name_each_other() -> None:
    assert _lines([GRANTED, PENDING, with_changes(PENDING, kind="design")]) == [
        'patents.csv:3:patent_id: "CN202410000002.5" — duplicate patent_id, also at row 4 (keep'
        " one row per patent) [error P01]",
        'patents.csv:4:patent_id: "CN202410000002.5" — duplicate patent_id, also at row 3 (keep'
        " one row per patent) [error P01]",
    ]


def test_more_patents_than_the_firm_counts_warn_once_per_firm() -> None:
    firms = typed_firms(
        [with_changes(VALID_FIRM, patents_total="1", invention_grants="0"), VALID_PROVINCIAL]
    )
    assert _lines([GRANTED, PENDING], firms=firms) == [
        'patents.csv:2:firm_id: "DM00000001" — 1 granted invention of this firm here >'
        " invention_grants 0 in firms.csv (the table cannot hold more than the firm's counts;"
        " check both files) [warning P06]",
        'patents.csv:2:firm_id: "DM00000001" — 2 patents of this firm here > patents_total 1 in'
        " firms.csv (the table cannot hold more than the firm's counts; check both files)"
        " [warning P06]",
    ]


def test_another_snapshot_is_refused() -> None:
    assert _lines([GRANTED], snapshot=date(2025, 2, 28)) == [
        'patents.csv:-:snapshot_date: "2025-02-28" — snapshot 2025-02-28 differs from the firms'
        " file's 2026-02-28 (use the patents export of the same snapshot as the firms file)"
        " [error P08]"
    ]
