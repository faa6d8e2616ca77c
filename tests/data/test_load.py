"""load_firms: formats, encodings, headers, snapshot and value rules (data_schema.md §1.2, §3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from srdi_report.data.load import LoadedFirms, LoadOptions, load_firms
from srdi_report.errors import DataError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "data"
# data_schema.md §7: the five example firms, with English and with Chinese headers and values.
EXAMPLE_EN = (FIXTURES / "firms_example_en.csv").read_text("utf-8")
EXAMPLE_ZH = (FIXTURES / "firms_example_zh.csv").read_text("utf-8")


def rows_of(text: str) -> list[list[str]]:
    return [line.split(",") for line in text.strip().splitlines()]


def csv_text(rows: list[list[str]]) -> str:
    return "\n".join(",".join(row) for row in rows) + "\n"


def edited(text: str, row: int, column: str, value: str) -> str:
    """The CSV with one cell replaced (row = spreadsheet row, header = 1)."""
    table = rows_of(text)
    table[row - 1][table[0].index(column)] = value
    return csv_text(table)


def renamed(text: str, column: str, header: str) -> str:
    table = rows_of(text)
    table[0][table[0].index(column)] = header
    return csv_text(table)


def dropped(text: str, column: str) -> str:
    table = rows_of(text)
    i = table[0].index(column)
    return csv_text([row[:i] + row[i + 1 :] for row in table])


def write(folder: Path, name: str, text: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
    return path


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def failure(path: Path, options: LoadOptions | None = None) -> list[str]:
    """The problem lines of a failing load; asserts that nothing was written anywhere."""
    before = listing(path.parent)
    with pytest.raises(DataError) as caught:
        load_firms(path, options)
    assert listing(path.parent) == before
    return [str(p) for p in caught.value.problems]


def errors(path: Path, options: LoadOptions | None = None) -> list[str]:
    return [line for line in failure(path, options) if "[error " in line]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # messages name the path as given: firms.csv
    return tmp_path


def load(name: str, options: LoadOptions | None = None) -> LoadedFirms:
    return load_firms(Path(name), options)


# -- the §7 example ------------------------------------------------------------------------


def test_example_in_english_and_chinese_headers_loads_to_the_identical_frame(folder: Path) -> None:
    write(folder, "en.csv", EXAMPLE_EN)
    write(folder, "zh.csv", EXAMPLE_ZH)
    english, chinese = load("en.csv"), load("zh.csv")
    pd.testing.assert_frame_equal(english.frame, chinese.frame)
    frame = english.frame
    assert list(frame.columns[:4]) == ["snapshot_date", "firm_id", "name_zh", "level"]
    assert frame["level"].tolist() == [
        "national",
        "provincial",
        "provincial",
        "national",
        "provincial",
    ]
    assert "snapshot_year" not in frame.columns  # derivable; kept only when the file has it
    assert frame["insured_employees"].isna().tolist() == [False, False, True, False, False]
    assert frame["rd_ratio_2024"][0] == 21.4
    assert np.isnan(frame["rd_ratio_2024"][1])
    assert frame["hon_little_giant"].tolist() == [True, False, False, True, False]
    assert str(frame["patents_total"].dtype) == "Int64"
    assert str(frame["hon_high_tech"].dtype) == "boolean"
    assert str(frame["gbt_minor"].dtype) == "string"
    assert frame["snapshot_date"].dtype == "datetime64[ns]"
    assert english.source_rows.tolist() == [2, 3, 4, 5, 6]
    assert english.snapshot_date == dt.date(2026, 2, 28)
    assert chinese.headers["patents_total"] == "专利总量"
    assert english.headers["patents_total"] == "patents_total"
    assert [str(p) for p in english.problems] == []


# -- F: files ------------------------------------------------------------------------------


def test_gb18030_file_loads_with_an_info_line(folder: Path) -> None:
    write(folder, "firms.csv", EXAMPLE_ZH, encoding="gb18030")
    loaded = load("firms.csv")
    pd.testing.assert_frame_equal(
        loaded.frame, load_firms(write(folder, "u.csv", EXAMPLE_ZH)).frame
    )
    assert [str(p) for p in loaded.problems] == [
        "firms.csv:-:-: - — read as GB18030 (a Chinese Excel export) "
        "(save as “CSV UTF-8” to skip detection) [info F02]"
    ]


def test_encoding_option_overrides_detection(folder: Path) -> None:
    write(folder, "firms.csv", EXAMPLE_ZH, encoding="gb18030")
    loaded = load("firms.csv", LoadOptions(encoding="gb18030"))
    assert loaded.frame["name_zh"][0] == "苏州示例精密材料有限公司"
    assert loaded.problems == ()


def test_utf8_with_bom_loads(folder: Path) -> None:
    write(folder, "firms.csv", "\ufeff" + EXAMPLE_ZH)
    loaded = load("firms.csv")
    assert loaded.headers["snapshot_date"] == "数据日期"
    assert loaded.frame["firm_id"].tolist()[0] == "DM00000001"
    assert loaded.problems == ()


def test_utf16_is_refused(folder: Path) -> None:
    write(folder, "firms.csv", EXAMPLE_ZH, encoding="utf-16")
    assert failure(folder / "firms.csv") == [
        f"{folder / 'firms.csv'}:-:-: - — file is UTF-16"
        " (save it as “CSV UTF-8” or pass --encoding) [error F02]"
    ]


def test_undecodable_bytes_name_the_line_and_the_encodings_tried(folder: Path) -> None:
    damaged = EXAMPLE_ZH.encode("utf-8").replace("延边示例".encode(), b"\xff\xfe")
    write(folder, "firms.csv", damaged)
    assert failure(Path("firms.csv")) == [
        "firms.csv:-:-: - — invalid UTF-8: first bad byte on line 4 (tried UTF-8, UTF-8 with BOM,"
        " GB18030) (fix or re-export the file as “CSV UTF-8”, or pass --encoding) [error F02]"
    ]
    write(folder, "ascii.csv", EXAMPLE_EN.split("\n", 3)[0].encode() + b"\n\x80\xff,x\n")
    assert failure(Path("ascii.csv")) == [
        "ascii.csv:-:-: - — cannot be decoded: first bad byte on line 2 (tried UTF-8, UTF-8 with"
        " BOM, GB18030) (save it as “CSV UTF-8” or pass --encoding) [error F02]"
    ]


def test_empty_file_and_header_only(folder: Path) -> None:
    write(folder, "empty.csv", "")
    assert failure(Path("empty.csv")) == [
        "empty.csv:-:-: - — empty file (export the table with its header row) [error F03]"
    ]
    write(folder, "header.csv", EXAMPLE_EN.splitlines()[0] + "\n")
    assert failure(Path("header.csv")) == [
        "header.csv:-:-: - — header but no data rows (add the firms below the header) [error F04]"
    ]
    write(folder, "blank.csv", EXAMPLE_EN.splitlines()[0] + "\n" + "," * 20 + "\n\n")
    assert failure(Path("blank.csv")) == [
        "blank.csv:-:-: - — header but no data rows (add the firms below the header) [error F04]"
    ]


def test_malformed_rows_one_issue_each(folder: Path) -> None:
    lines = EXAMPLE_EN.splitlines()
    lines[3] += ",extra"
    lines[4] = lines[4].rsplit(",", 2)[0]
    write(folder, "firms.csv", "\n".join(lines) + '\n2026-02-28,"DM9\n')
    assert failure(Path("firms.csv")) == [
        "firms.csv:4:-: - — 22 fields, the header has 21 (quote fields that contain the delimiter,"
        " or remove the extra fields) [error F05]",
        "firms.csv:5:-: - — 19 fields, the header has 21 (quote fields that contain the delimiter,"
        " or remove the extra fields) [error F05]",
        "firms.csv:7:-: - — unclosed quote or stray quote character (unexpected end of data)"
        " (quote fields that contain the delimiter, or remove the extra fields) [error F05]",
    ]


def test_blank_lines_keep_spreadsheet_row_numbers(folder: Path) -> None:
    lines = EXAMPLE_EN.splitlines()
    write(folder, "firms.csv", "\n".join([*lines[:3], "", *lines[3:]]) + "\n")
    assert load("firms.csv").source_rows.tolist() == [2, 3, 5, 6, 7]
    bad = "\n".join(
        [*lines[:3], "", edited(EXAMPLE_EN, 4, "patents_total", "十二").splitlines()[3]]
    )
    write(folder, "bad.csv", bad + "\n")
    assert errors(Path("bad.csv")) == [
        'bad.csv:5:patents_total: "十二" — not a whole number (write digits, e.g. 12) [error V01]'
    ]


@pytest.mark.parametrize("suffix", [".xls", ".et", ".numbers"])
def test_old_spreadsheet_formats_are_refused_with_a_fix(folder: Path, suffix: str) -> None:
    write(folder, f"firms{suffix}", b"\xd0\xcf\x11\xe0")
    assert failure(Path(f"firms{suffix}")) == [
        f"firms{suffix}:-:-: - — {suffix} files are not read; accepted: .csv, .tsv, .xlsx,"
        " .parquet (save as .xlsx or CSV UTF-8) [error F01]"
    ]


def test_tsv_loads(folder: Path) -> None:
    write(folder, "firms.tsv", EXAMPLE_EN.replace(",", "\t"))
    assert load("firms.tsv").frame["firm_id"].tolist()[-1] == "DM00000005"


def test_unreadable_parquet_and_nested_column(folder: Path) -> None:
    write(folder, "firms.parquet", b"PAR1 not really")
    lines = failure(Path("firms.parquet"))
    assert len(lines) == 1
    assert lines[0].startswith("firms.parquet:-:-: - — not a readable Parquet file (")
    assert lines[0].endswith(" (re-export it) [error F07]")
    table = pa.table({"firm_id": ["DM1"], "extra": pa.array([{"a": 1}])})
    pq.write_table(table, folder / "nested.parquet")
    assert failure(Path("nested.parquet")) == [
        "nested.parquet:-:extra: - — column extra has the unsupported type struct<a: int64>"
        " (store it as text or numbers) [error F07]"
    ]


# -- XLSX ----------------------------------------------------------------------------------


@pytest.fixture(params=["calamine", "openpyxl"], autouse=False)
def xlsx_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a workbook test with python-calamine (when installed) and with the openpyxl fallback."""
    import importlib

    from srdi_report.data import read_xlsx

    if request.param == "calamine":
        pytest.importorskip("python_calamine")
    else:
        real = importlib.import_module

        def no_calamine(name: str, package: str | None = None) -> object:
            if name == "python_calamine":
                raise ImportError(name)
            return real(name, package)

        monkeypatch.setattr(read_xlsx.importlib, "import_module", no_calamine)
    return str(request.param)


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def typed_rows(text: str) -> list[list[object]]:
    """Example rows as a spreadsheet stores them: numbers as numbers, dates as dates."""
    out: list[list[object]] = []
    for i, row in enumerate(rows_of(text)):
        if i == 0:
            out.append(list(row))
            continue
        cells: list[object] = []
        for cell in row:
            if cell == "2026-02-28":
                cells.append(dt.datetime(2026, 2, 28))  # noqa: DTZ001  (an Excel date cell)
            elif cell.replace(".", "", 1).isdigit() and not cell.startswith("DM"):
                cells.append(float(cell) if "." in cell else int(cell))
            else:
                cells.append(cell or None)
        out.append(cells)
    return out


@pytest.mark.usefixtures("xlsx_engine")
def test_xlsx_first_sheet_named_sheet_and_all_sheets(folder: Path) -> None:
    header, *body = typed_rows(EXAMPLE_ZH)
    national = [header, body[0], body[3]]
    provincial = [header, body[1], body[2], body[4]]
    write_workbook(folder / "firms.xlsx", {"国家级": national, "省级": provincial})
    assert load("firms.xlsx").frame["firm_id"].tolist() == ["DM00000001", "DM00000004"]
    second = load("firms.xlsx", LoadOptions(sheet="省级"))
    assert second.frame["firm_id"].tolist() == ["DM00000002", "DM00000003", "DM00000005"]
    assert second.file_label == "firms.xlsx[省级]"
    both = load("firms.xlsx", LoadOptions(sheet="*"))
    assert both.source_rows.tolist() == [2, 3, 2, 3, 4]
    write(folder, "firms.csv", EXAMPLE_ZH)
    expected = load("firms.csv").frame.iloc[[0, 3, 1, 2, 4]].reset_index(drop=True)
    pd.testing.assert_frame_equal(both.frame, expected)


@pytest.mark.usefixtures("xlsx_engine")
def test_xlsx_problems_name_the_sheet(folder: Path) -> None:
    header, *body = typed_rows(EXAMPLE_ZH)
    body[2][header.index("专利总量")] = "十二"
    write_workbook(folder / "firms.xlsx", {"国家级": [header, body[0]], "省级": [header, body[2]]})
    assert errors(Path("firms.xlsx"), LoadOptions(sheet="*")) == [
        'firms.xlsx[省级]:2:专利总量=patents_total: "十二" — not a whole number'
        " (write digits, e.g. 12) [error V01]"
    ]


@pytest.mark.usefixtures("xlsx_engine")
def test_xlsx_sheet_errors(folder: Path) -> None:
    header, *body = typed_rows(EXAMPLE_ZH)
    write_workbook(
        folder / "firms.xlsx", {"国家级": [header, body[0]], "省级": [header[:-1], body[1][:-1]]}
    )
    assert failure(Path("firms.xlsx"), LoadOptions(sheet="其他")) == [
        "firms.xlsx:-:-: - — no sheet named 其他; sheets: 国家级, 省级"
        " (pass --sheet with one of these names) [error F06]"
    ]
    assert failure(Path("firms.xlsx"), LoadOptions(sheet="*")) == [
        "firms.xlsx[省级]:-:-: - — its header differs from sheet 国家级's"
        " (give every sheet the same header, or pass --sheet NAME) [error F06]"
    ]
    write_workbook(folder / "title.xlsx", {"Sheet1": [["2026年专精特新企业名单"], header, body[0]]})
    assert failure(Path("title.xlsx")) == [
        "title.xlsx[Sheet1]:-:-: - — row 1 holds a single title cell; the header must be on row 1"
        " (delete the title rows) [error F06]"
    ]
    write_workbook(folder / "blank.xlsx", {"Sheet1": [[], header, body[0]]})
    assert failure(Path("blank.xlsx")) == [
        "blank.xlsx[Sheet1]:-:-: - — row 1 is empty: the header must be on row 1"
        " (delete the rows above the header) [error F06]"
    ]


# -- Parquet -------------------------------------------------------------------------------


def test_parquet_with_integer_codes_dates_and_booleans(folder: Path) -> None:
    write(folder, "firms.csv", EXAMPLE_EN)
    expected = load("firms.csv").frame
    source = pd.read_csv(folder / "firms.csv", dtype={"firm_id": str})
    source["snapshot_date"] = pd.to_datetime(source["snapshot_date"]).dt.date
    table = pa.Table.from_pandas(source, preserve_index=False)
    assert table.schema.field("gbt_minor").type == pa.int64()
    assert table.schema.field("hon_high_tech").type == pa.bool_()
    pq.write_table(table, folder / "firms.parquet")
    loaded = load("firms.parquet")
    pd.testing.assert_frame_equal(loaded.frame, expected)
    assert loaded.source_rows.tolist() == [2, 3, 4, 5, 6]


def test_parquet_list_column_and_row_numbers(folder: Path) -> None:
    source = pd.read_csv(pd.io.common.StringIO(EXAMPLE_EN), dtype=str, keep_default_na=False)
    table = pa.Table.from_pandas(source, preserve_index=False).append_column(
        "listing_board", pa.array([["star"], ["main", "hkex"], [], None, ["neeq"]])
    )
    table = table.set_column(
        table.column_names.index("patents_total"),
        "patents_total",
        pa.array(["148", "22", "12", "十二", "30"]),
    )
    pq.write_table(table, folder / "firms.parquet")
    assert errors(Path("firms.parquet")) == [
        'firms.parquet:5:patents_total: "十二" — not a whole number (write digits, e.g. 12)'
        " [error V01]"
    ]
    table = table.set_column(
        table.column_names.index("patents_total"), "patents_total", pa.array([148, 22, 12, 390, 30])
    )
    pq.write_table(table, folder / "ok.parquet")
    boards = load("ok.parquet").frame["listing_board"].tolist()
    assert boards == ["star", "main;hkex", "none", "none", "neeq"]


# -- H: headers ----------------------------------------------------------------------------


def test_missing_required_column_suggests_the_closest_header(folder: Path) -> None:
    write(folder, "firms.csv", renamed(EXAMPLE_EN, "city", "所在城市名"))
    assert failure(Path("firms.csv")) == [
        "firms.csv:1:-: - — required column city is missing"
        " (did you mean 所在城市名? rename it to city) [error H01]",
        "firms.csv:1:所在城市名: - — unknown column, ignored"
        " (did you mean 所在城市?) [warning H04]",
    ]
    write(folder, "nodate.csv", dropped(EXAMPLE_EN, "snapshot_date"))
    assert failure(Path("nodate.csv")) == [
        "nodate.csv:1:-: - — required column snapshot_date is missing (add the column; accepted"
        " headers: snapshot_date, 数据日期, 统计截止日, 截止日期, 快照日期,"
        " or pass --snapshot-date) [error H01]"
    ]
    loaded = load("nodate.csv", LoadOptions(snapshot_date="2026-02-28"))
    assert loaded.frame["snapshot_date"].dt.date.tolist() == [dt.date(2026, 2, 28)] * 5


def add_column(text: str, header: str, values: list[str]) -> str:
    table = rows_of(text)
    table[0].append(header)
    for row, value in zip(table[1:], values, strict=True):
        row.append(value)
    return csv_text(table)


def test_two_headers_for_one_column(folder: Path) -> None:
    names = [row[2] for row in rows_of(EXAMPLE_EN)[1:]]
    write(
        folder,
        "firms.csv",
        add_column(renamed(EXAMPLE_EN, "name_zh", "企业名称"), "name_zh", names),
    )
    assert errors(Path("firms.csv")) == [
        "firms.csv:1:name_zh: - — maps to the same column as 企业名称"
        " (keep one of the two) [error H02]"
    ]
    ids = [row[1] for row in rows_of(EXAMPLE_EN)[1:]]
    write(folder, "repeat.csv", add_column(EXAMPLE_EN, "firm_id", ids))
    assert errors(Path("repeat.csv")) == [
        "repeat.csv:1:firm_id: - — repeated header (also column 2)"
        " (keep one of the two) [error H02]"
    ]


def test_unit_in_header(folder: Path) -> None:
    write(folder, "usd.csv", renamed(EXAMPLE_EN, "registered_capital", "注册资本（美元）"))
    assert failure(Path("usd.csv")) == [
        "usd.csv:1:注册资本（美元）=registered_capital: - — unit 美元 is not 万元"
        " (convert the values to 万元 and write the header without a unit) [error H03]"
    ]
    table = rows_of(renamed(EXAMPLE_EN, "registered_capital", "注册资本（元）"))
    for row in table[1:]:
        row[9] = str(int(row[9]) * 10_000)
    write(folder, "yuan.csv", csv_text(table))
    loaded = load("yuan.csv")
    assert loaded.frame["registered_capital"].tolist() == [6200.0, 1000.0, 500.0, 15000.0, 2000.0]
    assert [str(p) for p in loaded.problems] == [
        "yuan.csv:1:注册资本（元）=registered_capital: - — values in 元 converted to 万元 (÷10,000)"
        " (write the column in 万元 to skip the conversion) [warning H07]"
    ]
    write(folder, "yi.csv", add_column(EXAMPLE_EN, "营业收入(亿元)", ["1.5", "", "", "", ""]))
    loaded = load("yi.csv")
    assert loaded.frame["revenue"][0] == 15000.0
    assert [str(p) for p in loaded.problems] == [
        "yi.csv:1:营业收入(亿元)=revenue: - — values in 亿元 converted to 万元 (×10,000)"
        " (write the column in 万元 to skip the conversion) [warning H07]"
    ]


def test_unknown_derived_missing_core_and_empty_columns(folder: Path) -> None:
    text = add_column(EXAMPLE_EN, "register_capital", ["1"] * 5)
    text = add_column(text, "region", ["east"] * 5)
    text = add_column(text, "hon_gazelle", [""] * 5)
    write(folder, "firms.csv", dropped(text, "software_copyrights"))
    loaded = load("firms.csv")
    assert [str(p) for p in loaded.problems] == [
        "firms.csv:-:software_copyrights: - — core column missing; left out: 24, 26, 30, 33, 40"
        " (add software_copyrights (软件著作权, 软著, 软著数量)) [warning H06]",
        "firms.csv:1:hon_gazelle: - — empty on every row; treated as missing (fill it or drop it)"
        " [warning H08]",
        "firms.csv:1:region: - — derived column, ignored and recomputed (drop the column)"
        " [warning H05]",
        "firms.csv:1:register_capital: - — unknown column, ignored"
        " (did you mean registered_capital?) [warning H04]",
    ]
    assert not {"region", "hon_gazelle", "register_capital"} & set(loaded.frame.columns)
    with pytest.raises(DataError) as caught:
        load("firms.csv", LoadOptions(strict=True))
    assert [p.rule for p in caught.value.problems] == ["H06", "H08", "H05", "H04"]
    assert all(p.is_error for p in caught.value.problems)


# -- N: snapshot ---------------------------------------------------------------------------


def test_several_snapshot_dates_are_counted(folder: Path) -> None:
    table = rows_of(EXAMPLE_EN)
    table[4][0] = table[5][0] = "2025-02-28"
    write(folder, "firms.csv", csv_text(table))
    assert failure(Path("firms.csv")) == [
        "firms.csv:-:snapshot_date: - — 2 snapshot dates: 2025-02-28 (2 rows), 2026-02-28 (3 rows)"
        " (split the file by snapshot_date: one file per snapshot) [error N01]"
    ]


def test_snapshot_date_unreadable_or_empty(folder: Path) -> None:
    write(folder, "bad.csv", edited(EXAMPLE_EN, 3, "snapshot_date", "2026-02-30"))
    assert failure(Path("bad.csv")) == [
        'bad.csv:3:snapshot_date: "2026-02-30" — not a date (write YYYY-MM-DD, e.g. 2026-02-28)'
        " [error N01]"
    ]
    write(folder, "empty.csv", edited(EXAMPLE_EN, 3, "snapshot_date", ""))
    assert failure(Path("empty.csv")) == [
        'empty.csv:3:snapshot_date: "" — snapshot date empty (fill it, or pass --snapshot-date)'
        " [error N01]"
    ]
    filled = load("empty.csv", LoadOptions(snapshot_date=dt.date(2026, 2, 28)))
    assert filled.snapshot_date == dt.date(2026, 2, 28)
    assert failure(Path("empty.csv"), LoadOptions(snapshot_date="28/02/2026")) == [
        'empty.csv:-:-: "28/02/2026" — --snapshot-date is not a date'
        " (write YYYY-MM-DD, e.g. 2026-02-28) [error N01]"
    ]


def test_snapshot_year_range_and_option(folder: Path) -> None:
    years = ["2026", "2025", "2026", "2026", "2026"]
    write(folder, "fine.csv", add_column(EXAMPLE_EN, "年份", ["2026"] * 5))
    assert load("fine.csv").frame["snapshot_year"].tolist() == [2026] * 5
    write(folder, "year.csv", add_column(EXAMPLE_EN, "snapshot_year", years))
    assert failure(Path("year.csv")) == [
        'year.csv:3:snapshot_year: "2025" — snapshot_year 2025 ≠ year of snapshot_date 2026'
        " (correct it or drop the column) [error N02]"
    ]
    write(folder, "firms.csv", EXAMPLE_EN)
    assert errors(Path("firms.csv"), LoadOptions(today=dt.date(2026, 2, 1))) == [
        'firms.csv:-:snapshot_date: "2026-02-28" — snapshot date after today (2026-02-01)'
        " (correct the date) [error N03]"
    ]
    write(folder, "old.csv", EXAMPLE_EN.replace("2026-02-28", "2010-12-31"))
    assert errors(Path("old.csv"))[0] == (
        'old.csv:-:snapshot_date: "2010-12-31" — snapshot date before 2011-01-01'
        " (correct the date) [error N03]"
    )
    assert failure(Path("firms.csv"), LoadOptions(snapshot_date="2026-03-31")) == [
        'firms.csv:-:snapshot_date: "2026-02-28" — the column says 2026-02-28, --snapshot-date'
        " says 2026-03-31 (drop the option or correct the column) [error N04]"
    ]


# -- V: values -----------------------------------------------------------------------------


def many_firms(n: int) -> list[list[str]]:
    """n valid provincial Beijing firms with distinct ids and names (row 2 of the example)."""
    header, _, template, *_ = rows_of(EXAMPLE_EN)
    rows = [header]
    for i in range(n):
        row = list(template)
        row[1], row[2] = f"DM{i:08d}", f"北京示例{i}有限公司"
        row[-1] = "12.5"
        rows.append(row)
    return rows


def test_text_in_a_count_column_exact_message(folder: Path) -> None:
    table = many_firms(320)
    table[317][table[0].index("patents_total")] = "十二"
    write(folder, "firms.csv", renamed(csv_text(table), "patents_total", "专利总量"))
    assert errors(Path("firms.csv")) == [
        'firms.csv:318:专利总量=patents_total: "十二" — not a whole number (write digits, e.g. 12)'
        " [error V01]"
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (
            "patents_total",
            "12.5",
            '"12.5" — not a whole number (write digits, e.g. 12) [error V01]',
        ),
        (
            "patents_total",
            "无",
            '"无" — not a whole number (write 0, or leave the cell empty) [error V01]',
        ),
        ("rd_ratio_2024", "abc", '"abc" — not a number (write digits, e.g. 12.5) [error V02]'),
        (
            "registered_capital",
            "无",
            '"无" — not a number (write 0, or leave the cell empty) [error V02]',
        ),
        (
            "hon_high_tech",
            "maybe",
            '"maybe" — not a yes/no value (write true or false) [error V04]',
        ),
        (
            "level",
            "国家",
            '"国家" — not an allowed value of level (national, provincial, none)'
            " (did you mean 国家级?) [error V05]",
        ),
        (
            "firm_id",
            "dm 0002",
            '"dm 0002" — firm id has characters outside 0-9, A-Z, _ and - (correct the id)'
            " [error V08]",
        ),
        ("firm_id", "", '"" — firm id is empty (correct the id) [error V08]'),
        (
            "firm_id",
            "D" * 65,
            '"' + "D" * 39 + '…" — firm id longer than 64 characters (correct the id) [error V08]',
        ),
    ],
)
def test_cell_errors(folder: Path, column: str, value: str, message: str) -> None:
    write(folder, "firms.csv", edited(EXAMPLE_EN, 3, column, value))
    assert errors(Path("firms.csv")) == [f"firms.csv:3:{column}: {message}"]


def test_dates_in_every_accepted_form(folder: Path) -> None:
    forms = ["2001-01-01", "2001/5/2", "2003年3月1日", "36951", "20010301"]
    write(folder, "firms.csv", add_column(EXAMPLE_EN, "founded_date", forms))
    founded = load("firms.csv").frame["founded_date"].dt.date.tolist()
    assert founded == [
        dt.date(2001, 1, 1),
        dt.date(2001, 5, 2),
        dt.date(2003, 3, 1),
        dt.date(2001, 3, 1),
        dt.date(2001, 3, 1),
    ]
    forms[1] = "2001-05"
    write(folder, "month.csv", add_column(EXAMPLE_EN, "成立日期", forms))
    assert load("month.csv").frame["founded_date"][1] == pd.Timestamp(2001, 5, 1)
    forms[1] = "2023-02-30"
    write(folder, "bad.csv", add_column(EXAMPLE_EN, "成立日期", forms))
    assert errors(Path("bad.csv")) == [
        'bad.csv:3:成立日期=founded_date: "2023-02-30" — not a date (write YYYY-MM-DD,'
        " e.g. 2023-03-01) [error V03]"
    ]


def test_value_normalisation_is_silent(folder: Path) -> None:
    text = edited(EXAMPLE_EN, 3, "registered_capital", '"1,000"')
    text = edited(text, 4, "rd_ratio_2024", "15.5%")
    text = edited(text, 5, "insured_employees", "—")
    text = edited(text, 6, "patents_total", "３０")
    text = edited(text, 2, "hon_high_tech", " 是 ")
    text = edited(text, 6, "hon_high_tech", "无")
    text = edited(text, 4, "level", "专精特新中小企业")
    text = edited(text, 5, "district", "N/A")
    write(folder, "firms.csv", text)
    loaded = load("firms.csv")
    frame = loaded.frame
    assert frame["registered_capital"][1] == 1000.0
    assert frame["rd_ratio_2024"][2] == 15.5
    assert frame["insured_employees"].isna().tolist() == [False, False, True, True, False]
    assert frame["patents_total"][4] == 30
    assert frame["hon_high_tech"].tolist() == [True, True, False, True, False]
    assert frame["level"][2] == "provincial"
    assert frame["district"].isna().tolist() == [False, False, False, True, True]
    assert loaded.problems == ()


def test_unit_text_and_foreign_currency_in_cells(folder: Path) -> None:
    text = edited(EXAMPLE_EN, 3, "registered_capital", "5000万元人民币")
    text = edited(text, 4, "registered_capital", "5000万元人民币")
    text = edited(text, 5, "registered_capital", "100万美元")
    text = edited(text, 6, "insured_employees", "65人")
    write(folder, "firms.csv", text)
    loaded = load("firms.csv")
    assert loaded.frame["registered_capital"].tolist()[:3] == [6200.0, 5000.0, 5000.0]
    assert np.isnan(loaded.frame["registered_capital"][3])
    assert loaded.frame["insured_employees"][4] == 65
    assert [str(p) for p in loaded.problems] == [
        'firms.csv:3:registered_capital: "5000万元人民币" — unit text stripped, read as 5000'
        " on 2 rows, first here (write the number only) [warning V06]",
        'firms.csv:5:registered_capital: "100万美元" — amount in a foreign currency; left empty'
        " and out of capital metrics (convert it to 万元 RMB) [warning V07]",
        'firms.csv:6:insured_employees: "65人" — unit text stripped, read as 65 on 1 row'
        " (write the number only) [warning V06]",
    ]


def test_totals_rows(folder: Path) -> None:
    write(folder, "firms.csv", edited(EXAMPLE_EN, 6, "name_zh", "合计"))
    assert errors(Path("firms.csv")) == [
        'firms.csv:6:name_zh: "合计" — a totals row, not a firm (delete the row) [error V10]'
    ]
    write(folder, "total.csv", edited(EXAMPLE_EN, 6, "firm_id", "Total"))
    assert errors(Path("total.csv")) == [
        'total.csv:6:firm_id: "Total" — a totals row, not a firm (delete the row) [error V10]'
    ]


def test_a_rule_failing_on_most_of_a_column_is_one_line(folder: Path) -> None:
    table = many_firms(40)
    for row in table[1:26]:
        row[table[0].index("patents_total")] = "约30"
    write(folder, "firms.csv", csv_text(table))
    assert errors(Path("firms.csv")) == [
        'firms.csv:2:patents_total: "约30" — not a whole number … on 25 of 40 rows, first here'
        " (write digits, e.g. 12; so many rows usually mean a wrong column mapping) [error V01]"
    ]
    for row in table[1:6]:
        row[table[0].index("patents_total")] = "22"
    write(folder, "half.csv", csv_text(table))
    assert errors(Path("half.csv")) == [
        'half.csv:7:patents_total: "约30" — not a whole number … on 20 of 40 rows, first here'
        " (write digits, e.g. 12; so many rows usually mean a wrong column mapping) [error V01]"
    ]
    table[6][table[0].index("patents_total")] = "22"
    write(folder, "fewer.csv", csv_text(table))
    lines = errors(Path("fewer.csv"))
    assert len(lines) == 19
    assert lines[0] == (
        'fewer.csv:8:patents_total: "约30" — not a whole number (write digits, e.g. 12) [error V01]'
    )


def test_wrong_or_unknown_encoding_option(folder: Path) -> None:
    write(folder, "firms.csv", EXAMPLE_ZH, encoding="gb18030")
    assert failure(Path("firms.csv"), LoadOptions(encoding="utf-8")) == [
        "firms.csv:-:-: - — not utf-8: first bad byte on line 1"
        " (save it as “CSV UTF-8” or pass the right --encoding) [error F02]"
    ]
    assert failure(Path("firms.csv"), LoadOptions(encoding="klingon")) == [
        "firms.csv:-:-: - — unknown encoding klingon (pass e.g. --encoding gb18030) [error F02]"
    ]


SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "data_schema.md"


@pytest.mark.skipif(not SPEC.is_file(), reason=f"spec not found at {SPEC} (../shared absent)")
def test_fixtures_are_the_examples_of_section_7() -> None:
    section = SPEC.read_text("utf-8").split("## 7. Example", 1)[1]
    blocks = [part.split("```", 1)[0].lstrip("\n") for part in section.split("```csv")[1:]]
    assert blocks == [EXAMPLE_EN, EXAMPLE_ZH]


def test_columns_without_a_header(folder: Path) -> None:
    write(folder, "trailing.csv", "\n".join(line + ",," for line in EXAMPLE_EN.splitlines()) + "\n")
    loaded = load("trailing.csv")
    assert loaded.problems == ()
    assert len(loaded.frame.columns) == 21
    write(folder, "values.csv", add_column(EXAMPLE_EN, "", ["x", "", "", "", ""]))
    assert [str(p) for p in load("values.csv").problems] == [
        "values.csv:1:-: - — column 22 has values but no header; ignored (name the column)"
        " [warning H04]"
    ]


@pytest.mark.usefixtures("xlsx_engine")
def test_unreadable_workbook(folder: Path) -> None:
    write(folder, "firms.xlsx", b"not a zip file")
    lines = failure(Path("firms.xlsx"))
    assert len(lines) == 1
    assert lines[0].startswith("firms.xlsx:-:-: - — not a readable .xlsx workbook (")
    assert lines[0].endswith(" (re-save it from Excel as .xlsx) [error F06]")


def test_required_column_empty_on_every_row(folder: Path) -> None:
    table = rows_of(EXAMPLE_EN)
    for row in table[1:]:
        row[0] = row[table[0].index("city")] = ""
    write(folder, "firms.csv", csv_text(table))
    assert failure(Path("firms.csv"), LoadOptions(snapshot_date="2026-02-28")) == [
        "firms.csv:1:city: - — required column city is empty on every row (fill it) [error H01]",
        "firms.csv:1:snapshot_date: - — empty on every row; treated as missing (fill it or drop it)"
        " [warning H08]",
    ]


def test_strict_leaves_the_gb18030_info_line_alone(folder: Path) -> None:
    write(folder, "firms.csv", EXAMPLE_ZH, encoding="gb18030")
    loaded = load("firms.csv", LoadOptions(strict=True))
    assert [p.severity.value for p in loaded.problems] == ["info"]


# -- property: every accepted spelling of a value reads back as that value ----------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
TRUE_TOKENS = ["true", "TRUE", "1", "yes", "Y", "是", "有", "√", "✓"]
FALSE_TOKENS = ["false", "0", "No", "n", "否", "无", "×", "✗"]


@st.composite
def spelled_count(draw: st.DrawFn) -> tuple[int, str]:
    value = draw(st.integers(9, 10_000_000))  # ≥ invention_applications of the row (X02)
    text = draw(
        st.sampled_from([str(value), f"{value:,}", f"{value}.0", str(value).translate(FULLWIDTH)])
    )
    text = draw(st.sampled_from(["", " ", "\u3000"])) + text
    return value, '"' + text + '"' if "," in text else text


@st.composite
def spelled_date(draw: st.DrawFn) -> tuple[dt.date, str]:
    day = draw(st.dates(dt.date(1950, 1, 1), dt.date(2025, 12, 31)))
    forms = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}.{day.month:02d}.{day.day:02d}",
        day.strftime("%Y%m%d"),
        f"{day.year}年{day.month}月{day.day}日",
        str((day - dt.date(1899, 12, 30)).days) if day.year >= 1928 else day.isoformat(),
    ]
    return day, draw(st.sampled_from(forms))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    count=spelled_count(),
    founded=spelled_date(),
    flag=st.sampled_from([(True, t) for t in TRUE_TOKENS] + [(False, t) for t in FALSE_TOKENS]),
)
def test_accepted_spellings_read_back(
    tmp_path: Path, count: tuple[int, str], founded: tuple[dt.date, str], flag: tuple[bool, str]
) -> None:
    text = edited(EXAMPLE_EN, 3, "hon_tech_center", flag[1])
    text = add_column(text, "founded_date", ["", founded[1], "", "", ""])
    # Last: a quoted "1,000" would shift the naive comma split of the other edits.
    path = write(tmp_path, "firms.csv", edited(text, 3, "patents_total", count[1]))
    typed = load_firms(path).frame
    assert typed["patents_total"][1] == count[0]
    assert typed["founded_date"][1].date() == founded[0]
    assert typed["hon_tech_center"][1] == flag[0]


def test_gbk_bytes_that_happen_to_be_valid_utf8_are_still_gb18030(folder: Path) -> None:
    # 目录示 in GBK is C4 BF C2 BC CA BE: valid UTF-8 (Ŀ¼ʾ) up to 例, which is not.
    text = EXAMPLE_EN.replace("苏州示例精密材料有限公司", "目录示例有限公司")
    write(folder, "firms.csv", text, encoding="gb18030")
    loaded = load("firms.csv")
    assert loaded.frame["name_zh"][0] == "目录示例有限公司"
    assert [p.rule for p in loaded.problems] == ["F02"]


def test_semicolon_separated_file_gets_a_hint(folder: Path) -> None:
    write(folder, "firms.csv", EXAMPLE_EN.replace(",", ";"))
    lines = failure(Path("firms.csv"))
    assert lines[-1] == (
        f"firms.csv:1:{EXAMPLE_EN.splitlines()[0].replace(',', ';')}: - — unknown column,"
        " ignored (the file is not comma-separated: save it as CSV (comma) or as .tsv)"
        " [warning H04]"
    )
    assert next(line.split(" — ")[1] for line in lines if "[error H01]" in line) == (
        "required column snapshot_date is missing (add the column; accepted headers:"
        " snapshot_date, 数据日期, 统计截止日, 截止日期, 快照日期,"
        " or pass --snapshot-date) [error H01]"
    )


def test_problems_follow_the_column_order_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_text(
        "专利总量,invention_applications,snapshot_date,firm_id,level,province,city\n"
        "-3,-1,2026-02-28,DM00000001,national,江苏省,苏州市\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_firms(path, LoadOptions())
    columns = [p.location.column for p in caught.value.problems if p.rule == "R01"]
    assert columns == ["专利总量=patents_total", "invention_applications"]
