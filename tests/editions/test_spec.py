"""editions/spec.py: numbering, section walk and metric requests of a small hand-made edition."""

from __future__ import annotations

import pytest

from srdi_report.editions.spec import (
    DataView,
    EditionSpec,
    ExhibitForm,
    ExhibitSpec,
    FigureSpec,
    HeadingArg,
    MetricRequest,
    SectionSpec,
    TableKind,
    TableSpec,
)


def fig(figure_id: str, metric: str, scope: str = "") -> FigureSpec:
    return FigureSpec(
        figure_id, "bar", "t", {"main": DataView(metric, {"category": "k"}, scope=scope)}
    )


def small_edition() -> EditionSpec:
    table = TableSpec("t2", "t", TableKind.CONTENT, (), ())
    exhibits = {
        "f1": ExhibitSpec("f1", "one", figure=fig("f1", "firms_by_level")),
        "t2": ExhibitSpec("t2", "two", table=table),
        "f3": ExhibitSpec(
            "f3", "three", figure=fig("f3", "firms_by_level", "city=320500"), table=table
        ),
        "p4": ExhibitSpec("p4", "four", figure=fig("p4", "not_yet_a_metric"), pending="no metric"),
    }
    child = SectionSpec(
        "1.1",
        "Child",
        "s1_1",
        "chapter_1/s1_1.j2",
        ("t2", "f3"),
        heading_args=(HeadingArg("n", "firm_count", "firms"),),
    )
    chapter = SectionSpec("1", "Chapter", "s1", "chapter_1/s1.j2", ("f1",), (child,))
    last = SectionSpec("2", "Last", "s2", "chapter_2/s2.j2", ("p4",))
    front = SectionSpec("", "Foreword", "foreword", "front/foreword.j2")
    return EditionSpec("test", 2026, "", "", "T", "S", (front,), (chapter, last), exhibits)


def test_exhibits_are_numbered_in_body_order() -> None:
    edition = small_edition()
    numbered = edition.exhibits()
    assert [(e.number, e.spec.exhibit_id, e.section) for e in numbered] == [
        (1, "f1", "s1"),
        (2, "t2", "s1_1"),
        (3, "f3", "s1_1"),
        (4, "p4", "s2"),
    ]
    assert edition.exhibit("f3").number == 3
    with pytest.raises(KeyError):
        edition.exhibit("zz")
    assert [s.anchor for s in edition.sections()] == ["foreword", "s1", "s1_1", "s2"]
    assert [s.level for s in edition.sections()] == [1, 1, 2, 1]


def test_forms() -> None:
    edition = small_edition()
    forms = {e.spec.exhibit_id: e.spec.form for e in edition.exhibits()}
    assert forms == {
        "f1": ExhibitForm.FIGURE,
        "t2": ExhibitForm.TABLE,
        "f3": ExhibitForm.FIGURE_AND_TABLE,
        "p4": ExhibitForm.FIGURE,
    }
    assert [f.figure_id for f in edition.figures()] == ["f1", "f3", "p4"]
    assert [t.table_id for t in edition.tables()] == ["t2", "t2"]


def test_metric_requests_deduplicate_and_skip_pending() -> None:
    edition = small_edition()
    assert edition.metric_requests() == (
        MetricRequest("firm_count", "", ""),
        MetricRequest("firms_by_level", "", ""),
        MetricRequest("firms_by_level", "city=320500", ""),
    )
    assert MetricRequest("not_yet_a_metric", "", "") in edition.metric_requests(
        include_pending=True
    )
    keys = [r.result_key for r in edition.metric_requests()]
    assert keys == ["firm_count", "firms_by_level", "firms_by_level|city=320500|"]


def test_unknown_exhibit_in_outline_raises() -> None:
    edition = small_edition()
    broken = SectionSpec("3", "Broken", "s3", "chapter_3/s3.j2", ("nope",))
    spec = EditionSpec("x", 2026, "", "", "T", "S", (), (broken,), edition.exhibit_specs)
    with pytest.raises(KeyError):
        spec.exhibits()
