"""The data appendix workbook: sheets, values equal to the inputs, reproducible bytes."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import load_workbook

from srdi_report.metrics.registry import compute
from srdi_report.metrics.result import MetricResult
from srdi_report.renderers.xlsx import (
    AppendixError,
    AppendixSheet,
    CitedNumber,
    SheetProvenance,
    render_appendix,
    sheet_from_csv,
    sheet_from_result,
    sheet_name,
    table_start_row,
)

ZH = {
    "Contents": "目录",
    "Numbers cited": "正文引用数字",
    "Metric": "指标",
    "level": "层级",
    "firms": "企业数",
    "share": "占比",
    "share (fraction of 1)": "占比（小数）",
    "Number id": "数字编号",
}


def _firm_frames() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "metrics" / "firm_frames.py"
    spec = importlib.util.spec_from_file_location("firm_frames_for_xlsx", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def result() -> MetricResult:
    return compute("firms_by_level", _firm_frames().random_firms(400, seed=7))


def _zh(msgid: str) -> str:
    return ZH.get(msgid, msgid)


def _en(msgid: str) -> str:
    return msgid


def _inputs(
    result: MetricResult, gettext: object = None
) -> tuple[list[AppendixSheet], list[CitedNumber]]:
    tr = _zh if gettext == "zh" else _en
    first = sheet_from_result("c03", "Figure 1", "Firms by level", result, tr, source="Source: x")
    csv_bytes = "\ufeffyear,firms,share\n2022,120,0.125\n2023,150,\n2024,180,0.3333333333333333\n"
    prov = (SheetProvenance("firms_by_year", "national", 450, "abc123"),)
    second = sheet_from_csv(
        "c05",
        "Figure 2",
        "Firms by year",
        csv_bytes.encode(),
        tr,
        units={"year": "year", "firms": "count", "share": "share"},
        provenance=prov,
    )
    cited = [
        CitedNumber("n001", 0.10565686016777, "10.57%", "share", "firms_by_level", "national", 400),
        CitedNumber("n002", 17684.0, "17,684", "count", "firms_by_level", "national", 400),
        CitedNumber("n003", None, "x", "count", "firms_by_city", "city=320500", 3),
    ]
    return [first, second], cited


def _render(result: MetricResult, lang: str = "en") -> bytes:
    sheets, cited = _inputs(result, lang)
    gettext = _zh if lang == "zh" else _en
    return render_appendix(
        sheets,
        cited,
        "zh_CN" if lang == "zh" else "en",
        gettext,
        title="SRDI data appendix",
        author="Project team",
        date="2026-03-31",
    )


def test_sheets_present_in_exhibit_order(result: MetricResult) -> None:
    book = load_workbook(io.BytesIO(_render(result)))
    assert book.sheetnames == ["Contents", "Figure 1", "Figure 2", "Numbers cited"]
    contents = book["Contents"]
    assert [contents.cell(row=r, column=2).value for r in (2, 3)] == ["c03", "c05"]
    link = contents.cell(row=2, column=1).hyperlink
    assert link is not None
    assert link.location == "'Figure 1'!A1"


def test_values_equal_the_metric_result(result: MetricResult) -> None:
    sheets, _ = _inputs(result)
    ws = load_workbook(io.BytesIO(_render(result)))["Figure 1"]
    start = table_start_row(sheets[0])
    table = result.table
    headers = [ws.cell(row=start, column=c + 1).value for c in range(len(table.columns))]
    assert headers == list(table.columns)
    for i, record in enumerate(table.itertuples(index=False, name=None)):
        got = [ws.cell(row=start + 2 + i, column=c + 1).value for c in range(len(record))]
        assert got == list(record)  # unrounded: exact float equality
    assert ws.cell(row=start + 2 + len(table), column=1).value is None
    # Provenance: metric id, scope, firms, data hash.
    prov = result.provenance
    assert [ws.cell(row=5, column=c).value for c in range(1, 5)] == [
        prov.metric_id,
        prov.scope_key,
        prov.n_firms,
        prov.data_hash,
    ]
    share_col = list(table.columns).index("share") + 1
    assert ws.cell(row=start + 1, column=share_col).value == "share (fraction of 1)"
    assert ws.cell(row=start + 2, column=share_col).number_format == "0.00%"


def test_csv_sheet_reads_numbers_back(result: MetricResult) -> None:
    sheets, _ = _inputs(result)
    csv_sheet = sheets[1]
    assert csv_sheet.rows == ((2022, 120, 0.125), (2023, 150, None), (2024, 180, 1 / 3))
    ws = load_workbook(io.BytesIO(_render(result)))["Figure 2"]
    start = table_start_row(csv_sheet)
    assert ws.cell(row=start + 4, column=3).value == 1 / 3
    assert ws.cell(row=start + 3, column=3).value is None


def test_numbers_cited_sheet(result: MetricResult) -> None:
    ws = load_workbook(io.BytesIO(_render(result)))["Numbers cited"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert rows[0] == [
        "n001",
        0.10565686016777,
        "10.57%",
        "share (fraction of 1)",
        "firms_by_level",
        "national",
        400,
        None,  # the segment printing it: none given here
    ]
    assert rows[2][:3] == ["n003", None, "x"]
    assert len(rows) == 3


def test_headers_in_the_edition_language(result: MetricResult) -> None:
    book = load_workbook(io.BytesIO(_render(result, "zh")))
    assert book.sheetnames == ["目录", "Figure 1", "Figure 2", "正文引用数字"]
    sheets, _ = _inputs(result, "zh")
    start = table_start_row(sheets[0])
    headers = [c.value for c in book["Figure 1"][start]]
    assert "层级" in headers
    assert "占比" in headers
    assert book["正文引用数字"].cell(row=1, column=1).value == "数字编号"
    assert book.properties.language == "zh-CN"


def test_rebuild_is_byte_identical_with_fixed_dates(result: MetricResult) -> None:
    first = _render(result)
    assert _render(result) == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2026-03-31T00:00:00Z" in core
    book = load_workbook(io.BytesIO(first))
    assert book.properties.title == "SRDI data appendix"


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    assert sheet_name("图表16", taken) == "图表16"
    assert sheet_name("Figure 16", taken) == "Figure 16"
    assert sheet_name("Figure 16", taken) == "Figure 16 (2)"
    long = sheet_name("A very long exhibit label: part [one] / two?", taken)
    assert len(long) <= 31
    assert not set(long) & set("[]:*?/\\")


def test_malformed_sheet_is_refused() -> None:
    bad = AppendixSheet("c1", "Figure 1", "t", ("a", "b"), ((1,),), ("", "count"), ())
    with pytest.raises(AppendixError):
        render_appendix([bad], [], "en")


def _docx_documents() -> ModuleType:
    path = Path(__file__).resolve().parent / "docx" / "docx_documents.py"
    spec = importlib.util.spec_from_file_location("docx_documents_for_xlsx", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_registered_renderer_writes_the_document_tables_and_cited_numbers() -> None:
    from srdi_report.renderers.registry import get_renderer

    document = _docx_documents().make_document("en", long_rows=8)
    data = get_renderer("xlsx").render(document, "en")
    assert get_renderer("xlsx").render(document, "en") == data
    book = load_workbook(io.BytesIO(data))
    # Figures 2, 3 and 5 are tables; figures carry no data in the document model.
    assert book.sheetnames == ["Contents", "Figure 2", "Figure 3", "Figure 5", "Numbers cited"]
    long_table = book["Figure 3"]
    start = 6  # no metric ids in this document: an empty provenance block
    rows = [[c.value for c in row][:3] for row in long_table.iter_rows(min_row=start)]
    assert rows[0] == ["Province", "Firms", "Share"]
    assert rows[1] == [None, "count", "share (fraction of 1)"]  # a key column has no unit
    assert rows[2] == ["Province 1", 1000.4, 0.001]
    assert rows[8] == ["Province 7", 7000.4, "x"]
    cited = [[c.value for c in row] for row in book["Numbers cited"].iter_rows(min_row=2)]
    assert [row[1:3] for row in cited] == [[0.10565686016777, "10.57%"]] * 2


def test_appendix_sheets_follow_the_document_with_chart_data() -> None:
    from srdi_report.renderers.xlsx import appendix_sheets, cited_numbers

    document = _docx_documents().make_document("en", long_rows=4)
    prov = (SheetProvenance("firms_by_level", "national", 400, "abc"),)
    sheets = appendix_sheets(
        document,
        figure_csv={"c1f": b"category,value,suppressed\nNational,0.25,False\nProvincial,,True\n"},
        units={"c1f": {"value": "share"}},
        provenance={"c1f": prov, "c1l": prov},
    )
    assert [s.exhibit_id for s in sheets] == ["c1f", "c1s", "c1l", "c2s"]
    chart = sheets[0]
    assert chart.label == "Figure 1"
    assert chart.rows == (("National", 0.25, False), ("Provincial", None, True))
    assert chart.units == ("", "share", "")
    assert chart.source == "Source: compiled by the project team"
    assert sheets[2].provenance == prov
    cited = cited_numbers(document, {"": SheetProvenance("", "national", 400, "")})
    assert [(c.value, c.text, c.scope) for c in cited] == [
        (0.10565686016777, "10.57%", "national")
    ] * 2
    data = render_appendix(sheets, cited, "en", date="2026-03-31")
    assert load_workbook(io.BytesIO(data)).sheetnames[1] == "Figure 1"


def test_csv_units_default_to_the_usual_column_kinds() -> None:
    sheet = sheet_from_csv(
        "c9",
        "Figure 9",
        "t",
        b"year,firms,share,label\n2024,3,0.5,a\n",
        _en,
        units={},
        provenance=(),
    )
    assert sheet.units == ("year", "count", "share", "")
