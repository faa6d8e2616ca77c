"""compose/tables.py: table specs + results → TableBlock with NumRun cells, content tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from srdi_report.compose.edition_spec import (
    Align,
    Cell,
    CellSource,
    RowGroup,
    TableColumn,
    TableKind,
    TableSpec,
)
from srdi_report.compose.model import NumRun, TableCell, TextRun
from srdi_report.compose.tables import (
    TableSpecError,
    code_labels,
    content_table,
    label_lookup,
    load_content,
    metric_table,
    table_block,
)
from srdi_report.figures.spec import DataView
from srdi_report.metrics.result import MetricResult, Provenance, Suppression, Unit
from srdi_report.metrics.scope import Scope


def result(
    metric_id: str, table: pd.DataFrame, suppressed: tuple[Suppression, ...] = ()
) -> MetricResult:
    return MetricResult(
        metric_id=metric_id,
        scope=Scope(),
        benchmark=None,
        table=table,
        unit=Unit.SHARE,
        physical_unit="",
        label_key=f"metric.{metric_id}",
        family="test",
        chart_ids=(),
        n_firms=100,
        suppressed=suppressed,
        provenance=Provenance(metric_id, "all", "", "", 100, "0"),
    )


HONOURS = pd.DataFrame(
    {
        "honour": ["hon_tech_center"] * 4 + ["hon_unicorn"] * 4,
        "level": ["national", "provincial", "pp_diff", "ratio"] * 2,
        "share": [
            0.632775,
            0.203203,
            0.429572,
            3.114,
            float("nan"),
            0.0162,
            float("nan"),
            float("nan"),
        ],
        "n": [17684, 149688, 17684, 17684, 3, 149688, 3, 3],
    }
)
WITHHELD = (Suppression("honour=hon_unicorn;level=national", 3, "n < 5"),)


def honour_spec(keys: tuple[str, ...] = ("hon_unicorn", "hon_tech_center")) -> TableSpec:
    view = DataView("honours_by_level", {"key": "honour"})
    cells = (
        Cell(CellSource.KEY, labels="honour"),
        Cell(CellSource.VALUE, column="share", where={"level": "national"}, kind="share", digits=2),
        Cell(
            CellSource.VALUE, column="share", where={"level": "provincial"}, kind="share", digits=2
        ),
        Cell(
            CellSource.VALUE,
            column="share",
            where={"level": "pp_diff"},
            kind="pp",
            digits=2,
            signed=True,
        ),
    )
    columns = (
        TableColumn("Honor", Align.LEFT, 2.0),
        TableColumn("National", Align.RIGHT),
        TableColumn("Provincial", Align.RIGHT),
        TableColumn("Difference", Align.RIGHT),
    )
    return TableSpec(
        "t1",
        "Honors",
        TableKind.METRIC,
        columns,
        (RowGroup(view, cells, keys),),
        notes=("A note.",),
    )


def text_of(cell: TableCell) -> str:
    run = cell.runs[0]
    assert isinstance(run, TextRun)
    return run.text


def value_of(cell: TableCell) -> float | None:
    run = cell.runs[0]
    assert isinstance(run, NumRun)
    return run.value


def upper(text: str) -> str:
    return text.upper()


def test_metric_table_keeps_numbers_as_numbers_in_key_order() -> None:
    results = {"honours_by_level": result("honours_by_level", HONOURS, WITHHELD)}
    block = table_block(honour_spec(), results, "en", upper)
    assert [text_of(c) for c in block.header[0]] == [
        "HONOR",
        "NATIONAL",
        "PROVINCIAL",
        "DIFFERENCE",
    ]
    first, second = block.rows
    assert first[0].runs == (TextRun("Unicorn firm"),)
    withheld = first[1].runs[0]
    assert isinstance(withheld, NumRun)
    assert withheld.suppressed
    assert withheld.value is None
    provincial = first[2].runs[0]
    assert isinstance(provincial, NumRun)
    assert provincial.value == pytest.approx(0.0162)
    tech = second[1].runs[0]
    assert isinstance(tech, NumRun)
    assert tech.value == pytest.approx(0.632775)
    assert (tech.kind, tech.digits, tech.metric_id) == ("share", 2, "honours_by_level")
    diff = second[3].runs[0]
    assert isinstance(diff, NumRun)
    assert diff.signed
    assert diff.kind == "pp"
    assert block.align == ("left", "right", "right", "right")
    assert block.widths == (0.4, 0.2, 0.2, 0.2)
    assert math.isclose(sum(block.widths), 1.0)
    assert block.notes[0].runs == (TextRun("A NOTE."),)
    assert block.caption.title == "HONORS"


def test_metric_table_labels_in_chinese() -> None:
    results = {"honours_by_level": result("honours_by_level", HONOURS, WITHHELD)}
    block = table_block(honour_spec(), results, "zh_CN", str)
    assert block.rows[1][0].runs == (TextRun("企业技术中心"),)


def test_view_order_and_top_without_explicit_keys() -> None:
    table = pd.DataFrame(
        {
            "province_code": ["320000", "440000", "370000"],
            "rank": [1, 2, 3],
            "share": [0.1442, 0.1352, 0.1149],
            "n": [1, 1, 1],
        }
    )
    view = DataView("province_ranking", {"key": "province_code"}, top=2)
    cells = (
        Cell(CellSource.RANK),
        Cell(CellSource.KEY, labels="province"),
        Cell(CellSource.VALUE, column="share", kind="share", digits=2),
    )
    spec = TableSpec(
        "t2",
        "P",
        TableKind.METRIC,
        (TableColumn("R"), TableColumn("P"), TableColumn("S")),
        (RowGroup(view, cells),),
    )
    block = table_block(spec, {"province_ranking": result("province_ranking", table)}, "en", str)
    assert len(block.rows) == 2
    assert [text_of(r[1]) for r in block.rows] == ["Jiangsu", "Guangdong"]
    assert [value_of(r[0]) for r in block.rows] == [1.0, 2.0]


def test_ambiguous_cell_and_missing_result_raise() -> None:
    results = {"honours_by_level": result("honours_by_level", HONOURS)}
    spec = honour_spec()
    loose = Cell(CellSource.VALUE, column="share", kind="share")
    group = spec.groups[0]
    bad = TableSpec(
        "t3",
        "x",
        TableKind.METRIC,
        spec.columns,
        (RowGroup(group.view, (group.cells[0], loose, loose, loose), group.keys),),
    )
    with pytest.raises(TableSpecError, match="4 rows"):
        table_block(bad, results, "en", str)
    with pytest.raises(TableSpecError, match="no result"):
        table_block(spec, {}, "en", str)


def test_content_table_in_both_languages() -> None:
    spec = TableSpec(
        "c56",
        "Evolution",
        TableKind.CONTENT,
        (TableColumn("Stage", Align.RIGHT), TableColumn("Feature")),
        (
            RowGroup(
                None,
                (
                    Cell(CellSource.CONTENT_NUMBER, column="stage", kind="value", digits=1),
                    Cell(CellSource.CONTENT, column="feature"),
                ),
                content="c56_ip_service_stages",
            ),
        ),
    )
    en = content_table(spec, "en")
    zh = content_table(spec, "zh_CN")
    assert [text_of(r[1]) for r in en.rows] == [
        "Single agency",
        "Integrated consulting",
        "Strategic partner",
    ]
    assert zh.rows[2][1].runs == (TextRun("战略伙伴"),)
    assert zh.rows[2][0].runs[0] == NumRun(3.0, "value", 1)
    with pytest.raises(TableSpecError, match="not content"):
        content_table(honour_spec(), "en")


def test_labels_and_content_lookups() -> None:
    assert code_labels("en")[("dimension", "quality")] == "Innovation quality"
    lookup = label_lookup("en", str)
    assert lookup("", "2024") == "2024"
    assert lookup("cluster", "yrd") != "yrd"
    with pytest.raises(TableSpecError):
        lookup("honour", "hon_nothing")
    with pytest.raises(TableSpecError):
        load_content("no_such_table")


def test_metric_table_direct_call_with_custom_labels() -> None:
    results = {"honours_by_level": result("honours_by_level", HONOURS, WITHHELD)}
    block = metric_table(
        honour_spec(("hon_tech_center",)),
        results,
        str,
        lambda source, code: f"{source}:{code}",
        locale="en",
    )
    assert block.rows[0][0].runs == (TextRun("honour:hon_tech_center"),)
