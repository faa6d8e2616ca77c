"""column_aliases.csv is the machine-readable copy of data_schema.md §2: they must agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from srdi_report.data.reference_files import read_reference_csv
from srdi_report.data.schema import (
    FIRM_COLUMNS,
    HeaderKind,
    column_order,
    firm_column,
    match_header,
    suggest_column,
    year_of,
)
from srdi_report.data.tokens import value_tokens

SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "data_schema.md"
TYPES = {"list[enum]": "list_enum", "list[str]": "list_str"}


def spec_rows() -> list[dict[str, str]]:
    """Rows of the §2.1–2.10 tables, each with its section, parsed from the Markdown."""
    rows: list[dict[str, str]] = []
    section = ""
    header: list[str] | None = None
    for line in SPEC.read_text("utf-8").splitlines():
        heading = re.match(r"^#{2,3} (\d+(?:\.\d+)?)\b", line)
        if heading:
            section, header = heading.group(1), None
            continue
        if not section.startswith("2.") or not line.startswith("|"):
            header = None if not line.startswith("|") else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not set(line) <= set("|-: "):
            rows.append({"section": section, **dict(zip(header, cells, strict=True))})
    return rows


def names(cell: str) -> list[str]:
    cell = re.sub(r"\s*\(.*\)$", "", cell.replace("`", ""))
    return [n.strip() for n in cell.split(",")]


def aliases(cell: str) -> str:
    cell = cell.replace("`", "").strip()
    return "" if cell in ("", "–") else "|".join(a.strip() for a in cell.split(","))


@pytest.fixture(scope="module")
def shipped() -> dict[tuple[str, str], dict[str, str]]:
    rows = read_reference_csv("column_aliases.csv").to_dict("records")
    return {
        (str(r["table"]), str(r["column"])): {str(k): str(v) for k, v in r.items()} for r in rows
    }


@pytest.mark.skipif(not SPEC.is_file(), reason=f"spec not found at {SPEC} (../shared absent)")
def test_csv_agrees_with_the_spec_tables(shipped: dict[tuple[str, str], dict[str, str]]) -> None:
    expected: dict[tuple[str, str], dict[str, str]] = {}
    for row in spec_rows():
        table = "patents" if row["section"] == "2.10" else "firms"
        if row["section"] == "2.11":
            continue
        for name in names(row["column"]):
            if row["section"] == "2.9":
                expected.setdefault((table, name), {"req": "X", "aliases": "", "unit": ""})
                continue
            kind = TYPES.get(row["type"], re.sub(r"\(\d+\)$", "", row["type"]))
            expected[(table, name)] = {
                "aliases": aliases(row["Chinese aliases"]),
                "dtype": kind,
                "req": row["req"].split()[0],
                "unit": "" if row.get("unit", "–") == "–" else row["unit"],
            }
    assert sorted(expected) == sorted(shipped)
    for key, fields in expected.items():
        got = {field: shipped[key][field] for field in fields}
        assert got == fields, key
    assert len(expected) == 110


@pytest.mark.skipif(not SPEC.is_file(), reason=f"spec not found at {SPEC} (../shared absent)")
def test_disclosure_classes_follow_section_2_11(
    shipped: dict[tuple[str, str], dict[str, str]],
) -> None:
    text = SPEC.read_text("utf-8")
    identity_line = next(line for line in text.splitlines() if line.startswith("- **identity**"))
    identity = set(re.findall(r"`([a-z0-9_]+)`", identity_line))
    got = {col for (table, col), row in shipped.items() if row["disclosure"] == "identity"}
    assert got == identity
    assert len(identity) == 20


def test_aliases_are_unique_within_a_table() -> None:
    seen: dict[str, str] = {}
    for spec in FIRM_COLUMNS:
        for name in (spec.name, *spec.aliases):
            assert name not in seen, f"{name} is declared for {seen.get(name)} and {spec.name}"
            seen[name] = spec.name


@pytest.mark.parametrize(
    ("header", "canonical", "kind", "factor"),
    [
        ("专利总量", "patents_total", HeaderKind.COLUMN, 1.0),
        ("  PATENTS_TOTAL ", "patents_total", HeaderKind.COLUMN, 1.0),
        ("“企业名称”", "name_zh", HeaderKind.COLUMN, 1.0),
        ("注册资本(万元)", "registered_capital", HeaderKind.COLUMN, 1.0),
        ("注册资本（元）", "registered_capital", HeaderKind.COLUMN, 0.0001),
        ("营业收入（亿元）", "revenue", HeaderKind.COLUMN, 10000.0),
        ("营业收入（千元）", "revenue", HeaderKind.COLUMN, 0.1),
        ("注册资本（美元）", "registered_capital", HeaderKind.BAD_UNIT, 1.0),
        ("参保人数（人）", "insured_employees", HeaderKind.COLUMN, 1.0),
        ("２０２４年研发投入占比", "rd_ratio_2024", HeaderKind.COLUMN, 1.0),
        ("2023年研发费用占营收比(%)", "rd_ratio_2023", HeaderKind.COLUMN, 1.0),
        ("revenue_growth_2022", "revenue_growth_2022", HeaderKind.COLUMN, 1.0),
        ("2021年专利申请量", "patent_applications_2021", HeaderKind.COLUMN, 1.0),
        ("区域", "region", HeaderKind.DERIVED, 1.0),
        ("rd_band_2024", "rd_band_2024", HeaderKind.DERIVED, 1.0),
        ("register_capital", None, HeaderKind.UNKNOWN, 1.0),
    ],
)
def test_header_matching(
    header: str, canonical: str | None, kind: HeaderKind, factor: float
) -> None:
    match = match_header(header, value_tokens().units)
    assert (match.canonical, match.kind, match.factor) == (canonical, kind, factor)


def test_enum_labels_map_to_keys() -> None:
    level = firm_column("level")
    assert level.allowed == ("national", "provincial", "none")
    assert level.enum_key("国家级专精特新“小巨人”") == "national"
    assert level.enum_key("专精特新中小企业") == "provincial"
    assert level.enum_key("NATIONAL") == "national"
    assert level.enum_key("非专精特新") == "none"
    assert level.enum_key("国家") is None
    assert firm_column("listing_board").enum_key("科创板") == "star"


def test_year_columns_and_order() -> None:
    assert firm_column("rd_ratio_2024").name == "rd_ratio_<YYYY>"
    assert year_of("patent_applications_2021") == 2021
    assert year_of("patents_total") is None
    assert column_order(["rd_ratio_2024", "firm_id", "rd_ratio_2022", "snapshot_date"]) == [
        "snapshot_date",
        "firm_id",
        "rd_ratio_2022",
        "rd_ratio_2024",
    ]
    assert suggest_column("register_capital") == "registered_capital"
