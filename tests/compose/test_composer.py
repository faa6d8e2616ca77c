"""The composer on a tiny hand-made edition: golden text, exhibit numbering and placement, errors.

Templates are written to a temp folder per test; results and figure assets are hand-made. The
golden text (``__snapshots__/test_composer/``) is rewritten with ``SRDI_UPDATE_SNAPSHOTS=1``.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from srdi_report.compose.accessors import EditionIdentity
from srdi_report.compose.composer import MissingTemplateError, compose
from srdi_report.compose.edition_spec import (
    Align,
    Cell,
    CellSource,
    EditionSpec,
    ExhibitSpec,
    HeadingArg,
    RowGroup,
    SectionSpec,
    TableColumn,
    TableKind,
    TableSpec,
)
from srdi_report.compose.model import (
    Document,
    FigureBlock,
    NumRun,
    Paragraph,
    RefRun,
    TableBlock,
)
from srdi_report.compose.templates import TemplateError
from srdi_report.figures.asset import FigureAsset
from srdi_report.figures.spec import DataView, FigureSpec
from srdi_report.metrics.result import MetricResult, Provenance, Suppression, Unit
from srdi_report.metrics.scope import Scope
from srdi_report.renderers.text import render_text

SNAPSHOTS = Path(__file__).parent / "__snapshots__" / "test_composer"
IDENTITY = EditionIdentity("test", 2026, date(2026, 2, 28), 2024, "demo 2026")
LEVEL_VIEW = DataView("firms_by_level", {"key": "level"})
TEMPLATES = {
    "front.j2": (
        "Foreword with {{ num(metric('firms_by_level', 'share', level='national')) }} "
        "national-level firms, see {{ ref('c02') }}.\n"
    ),
    "ch1.j2": (
        "{{ tab('c02') }}\n\n"
        "After the table: {{ num(m('firms_by_level').value('firms', level='national'), 'count') }}"
        " firms in {{ edition.year }} (fiscal {{ edition.fin_year }}); tiny: "
        "{{ num(metric('firms_by_level', 'share', level='tiny')) }}.\n"
    ),
    "ch1_1.j2": "- one\n- two {{ num(0.5, 'share', 1) }}\n",
}


def assert_golden(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("SRDI_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}; run with SRDI_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8")


def level_result() -> MetricResult:
    table = pd.DataFrame(
        {
            "level": ["national", "provincial", "tiny"],
            "firms": [17684.0, 149688.0, 3.0],
            "share": [0.10565686, 0.89434314, float("nan")],
            "n": [17684.0, 149688.0, 3.0],
        }
    )
    return MetricResult(
        metric_id="firms_by_level",
        scope=Scope(),
        benchmark=None,
        table=table,
        unit=Unit.SHARE,
        physical_unit="",
        label_key="metric.firms_by_level",
        family="test",
        chart_ids=(),
        n_firms=167375,
        suppressed=(Suppression("level=tiny", 3, "n < min_cell (5)"),),
        provenance=Provenance("firms_by_level", "national", "none", "all", 167375, "0" * 64),
    )


def spec(*, place: str = "tab('c02')") -> EditionSpec:
    figure = FigureSpec("c01", "bar", "Tier split figure", {"main": LEVEL_VIEW})
    table = TableSpec(
        table_id="c02",
        title="Tier split table",
        kind=TableKind.METRIC,
        columns=(TableColumn("Level"), TableColumn("Share", Align.RIGHT)),
        groups=(
            RowGroup(
                view=DataView("firms_by_level", {"key": "level"}, where={"level": ("national",)}),
                cells=(
                    Cell(CellSource.KEY, labels="level"),
                    Cell(CellSource.VALUE, column="share", kind="share", digits=2),
                ),
            ),
        ),
    )
    exhibits = {
        "c01": ExhibitSpec("c01", "Tier split figure", figure=figure, illustrative=True),
        "c02": ExhibitSpec("c02", "Tier split table", table=table, notes=("A note on %(year)s.",)),
        "c03": ExhibitSpec("c03", "Later chart", pending="chart kind 'city_card'"),
    }
    share = HeadingArg("share", "firms_by_level", "share", {"level": "national"}, "share", 1)
    chapter = SectionSpec(
        number="1",
        heading="Chapter one: %(share)s national",
        anchor="s1",
        template="ch1.j2",
        exhibits=("c01", "c02"),
        heading_args=(share,),
        children=(SectionSpec("1.1", "Section one", "s1_1", "ch1_1.j2", exhibits=("c03",)),),
    )
    foreword = SectionSpec("", "Foreword", "foreword", "front.j2")
    return EditionSpec(
        edition_id="test",
        year=2026,
        scope="",
        benchmark="",
        title="Test report",
        subtitle="",
        front=(foreword,),
        chapters=(chapter,),
        exhibit_specs=exhibits,
        caption_args={"year": 2026},
    )


def asset(locale: str) -> FigureAsset:
    return FigureAsset("c01", locale, b"png", b"<svg/>", b"csv", "Alt text", 1260, 720)


def write_templates(folder: Path, templates: dict[str, str]) -> Path:
    for name, text in templates.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def build(tmp_path: Path, locale: str, **kwargs: object) -> Document:
    folder = write_templates(tmp_path, dict(TEMPLATES))
    options = {"strict_messages": False, **kwargs}
    the_spec = options.pop("the_spec", spec())
    return compose(
        the_spec,  # type: ignore[arg-type]
        {"firms_by_level": level_result()},
        {"c01": asset(locale)},
        locale,
        identity=IDENTITY,
        template_dirs=(folder,),
        **options,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_document_text_matches_snapshot(tmp_path: Path, locale: str) -> None:
    assert_golden(f"test_edition_{locale}.txt", render_text(build(tmp_path, locale), locale))


def test_exhibits_keep_spec_numbers_wherever_the_template_puts_them(tmp_path: Path) -> None:
    chapter = build(tmp_path, "en").sections[1]
    kinds = [type(b).__name__ for b in chapter.blocks]
    # The template places c02 first; c01, not placed, follows the prose at the end.
    assert kinds == ["TableBlock", "Paragraph", "FigureBlock"]
    table, _, figure = chapter.blocks
    assert isinstance(table, TableBlock)
    assert isinstance(figure, FigureBlock)
    assert (figure.caption.label, figure.caption.number) == ("Figure 1", 1)
    assert (table.caption.label, table.caption.number) == ("Figure 2", 2)
    assert table.caption.source == "Source: compiled by the project team"
    assert figure.png == b"png"
    assert figure.notes[0].runs[0].text == "Illustrative (demo data)"  # type: ignore[union-attr]
    assert table.notes[-1].runs[0].text == "A note on 2026."  # type: ignore[union-attr]


def test_cross_reference_gets_the_exhibit_label(tmp_path: Path) -> None:
    foreword = build(tmp_path, "zh_CN").sections[0].blocks[0]
    assert isinstance(foreword, Paragraph)
    refs = [r for r in foreword.runs if isinstance(r, RefRun)]
    assert refs == [RefRun("c02", "图表 2")]


def test_withheld_metric_cell_is_a_suppressed_number(tmp_path: Path) -> None:
    paragraph = build(tmp_path, "en").sections[1].blocks[1]
    assert isinstance(paragraph, Paragraph)
    numbers = [r for r in paragraph.runs if isinstance(r, NumRun)]
    assert numbers[0] == NumRun(17684.0, "count", 0)
    assert numbers[1].suppressed
    assert numbers[1].value is None
    assert numbers[1].metric_id == "firms_by_level"


def test_heading_number_comes_from_the_results(tmp_path: Path) -> None:
    document = build(tmp_path, "en")
    assert document.sections[1].heading.title == "Chapter one: 10.6% national"
    assert document.sections[1].children[0].heading.number == "1.1"


def test_missing_template_is_an_error_in_strict_mode(tmp_path: Path) -> None:
    the_spec = spec()
    broken = SectionSpec("2", "Chapter two", "s2", "chapter_2/none.j2")
    the_spec = EditionSpec(**{**the_spec.__dict__, "chapters": (*the_spec.chapters, broken)})
    with pytest.raises(MissingTemplateError) as caught:
        build(tmp_path, "en", the_spec=the_spec)
    assert caught.value.template == "chapter_2/none.j2"
    assert "section 2 has no template" in str(caught.value)
    assert "--draft" in str(caught.value)
    draft = build(tmp_path, "en", the_spec=the_spec, draft=True)
    note = draft.sections[2].blocks[0]
    assert isinstance(note, Paragraph)
    assert note.runs[0].text == "[draft] chapter_2/none.j2: no template yet"  # type: ignore[union-attr]


def test_slot_for_another_sections_exhibit_is_an_error(tmp_path: Path) -> None:
    write_templates(tmp_path, {**TEMPLATES, "ch1_1.j2": "{{ fig('c01') }}\n"})
    with pytest.raises(TemplateError) as caught:
        compose(
            spec(),
            {"firms_by_level": level_result()},
            {"c01": asset("en")},
            "en",
            identity=IDENTITY,
            template_dirs=(tmp_path,),
            strict_messages=False,
        )
    assert "exhibit 'c01' is not one of this section's exhibits (c03)" in str(caught.value)


def test_reference_to_an_unknown_exhibit_names_the_template(tmp_path: Path) -> None:
    write_templates(tmp_path, {**TEMPLATES, "ch1_1.j2": "See {{ ref('c99') }}.\n"})
    with pytest.raises(TemplateError) as caught:
        compose(
            spec(),
            {"firms_by_level": level_result()},
            {"c01": asset("en")},
            "en",
            identity=IDENTITY,
            template_dirs=(tmp_path,),
            strict_messages=False,
        )
    assert caught.value.template == "ch1_1.j2"
    assert "no exhibit 'c99'" in str(caught.value)


def two_part_spec() -> EditionSpec:
    """c02 has a chart and a table, as charts 3, 5 and 28 of the national edition do."""
    base = spec()
    table = base.exhibit_specs["c02"].table
    figure = FigureSpec("c02", "bar", "Tier split table", {"main": LEVEL_VIEW})
    both = ExhibitSpec(
        "c02", "Tier split table", figure=figure, table=table, notes=("A note on %(year)s.",)
    )
    return replace(base, exhibit_specs={**base.exhibit_specs, "c02": both})


def compose_two_part(
    tmp_path: Path, chapter: str, *, place_all: bool = False, draft: bool = False
) -> Document:
    write_templates(tmp_path, {**TEMPLATES, "ch1.j2": chapter})
    return compose(
        replace(two_part_spec(), place_all=place_all),
        {"firms_by_level": level_result()},
        {"c01": asset("en"), "c02": replace(asset("en"), figure_id="c02")},
        "en",
        identity=IDENTITY,
        template_dirs=(tmp_path,),
        strict_messages=False,
        draft=draft,
    )


def captions(blocks: tuple[object, ...]) -> list[tuple[str, bool, str]]:
    """(exhibit id, caption line shown, source line) of every figure and table, in order."""
    return [
        (getattr(b, "figure_id", getattr(b, "table_id", "")), b.caption.shown, b.caption.source)
        for b in blocks
        if isinstance(b, FigureBlock | TableBlock)
    ]


SOURCE = "Source: compiled by the project team"


@pytest.mark.parametrize(
    ("chapter", "expected"),
    [
        # placed apart, chart first: the chart shows the caption, the table the source
        ("{{ fig('c02') }}\n\nBetween.\n\n{{ tab('c02') }}\n", [True, False]),
        # the table first: it shows the caption, the chart after it carries the source
        ("{{ tab('c02') }}\n\nBetween.\n\n{{ fig('c02') }}\n", [True, False]),
        # one part placed, the other appended at the section's end
        ("{{ fig('c02') }}\n\nAfter.\n", [True, False]),
        ("{{ tab('c02') }}\n\nAfter.\n", [True, False]),
        # neither placed: both appended, one caption
        ("Only prose.\n", [True, False]),
    ],
)
def test_a_two_part_exhibit_prints_one_caption_and_one_source(
    tmp_path: Path, chapter: str, expected: list[bool]
) -> None:
    blocks = compose_two_part(tmp_path, chapter).sections[1].blocks
    parts = [c for c in captions(blocks) if c[0] == "c02"]
    assert [shown for _, shown, _ in parts] == expected
    assert [source for _, _, source in parts] == ["", SOURCE]
    # The exhibit's notes go under the last part only.
    table = next(b for b in blocks if isinstance(b, TableBlock))
    figure = next(b for b in blocks if isinstance(b, FigureBlock) and b.figure_id == "c02")
    last = blocks.index(table) > blocks.index(figure)
    assert any("A note on 2026." in str(n.runs) for n in (table if last else figure).notes)
    assert not any("A note on" in str(n.runs) for n in (figure if last else table).notes)
    text = render_text(compose_two_part(tmp_path, chapter), "en")
    assert text.count("Figure 2: Tier split table") == 1
    assert text.count(SOURCE) == 2  # c02 and c01, once each


def test_an_edition_that_places_all_refuses_an_unplaced_part(tmp_path: Path) -> None:
    from srdi_report.compose.composer import UnplacedExhibitError

    with pytest.raises(UnplacedExhibitError, match=r"the table of exhibit 'c02' is not placed"):
        compose_two_part(tmp_path, "{{ fig('c02') }}\n\n{{ fig('c01') }}\n", place_all=True)
    # A draft build appends it instead.
    draft = compose_two_part(
        tmp_path, "{{ fig('c02') }}\n\n{{ fig('c01') }}\n", place_all=True, draft=True
    )
    assert [c[0] for c in captions(draft.sections[1].blocks)] == ["c02", "c01", "c02"]
    with pytest.raises(UnplacedExhibitError, match=r"exhibit 'c01' .* with fig\('c01'\)"):
        compose_two_part(tmp_path, "{{ fig('c02') }}\n\n{{ tab('c02') }}\n", place_all=True)


def test_both_parts_of_a_two_part_exhibit_go_where_the_text_puts_them(tmp_path: Path) -> None:
    chapter = compose_two_part(tmp_path, "{{ fig('c02') }}\n\nBetween.\n\n{{ tab('c02') }}\n")
    blocks = chapter.sections[1].blocks
    kinds = [
        (type(b).__name__, getattr(b, "figure_id", getattr(b, "table_id", ""))) for b in blocks
    ]
    assert kinds == [
        ("FigureBlock", "c02"),
        ("Paragraph", ""),
        ("TableBlock", "c02"),
        ("FigureBlock", "c01"),
    ]


def test_the_unplaced_part_of_a_two_part_exhibit_follows_the_prose(tmp_path: Path) -> None:
    chapter = compose_two_part(tmp_path, "{{ fig('c02') }}\n\nAfter the chart.\n")
    kinds = [type(b).__name__ for b in chapter.sections[1].blocks]
    assert kinds == ["FigureBlock", "Paragraph", "FigureBlock", "TableBlock"]
    with pytest.raises(TemplateError, match="exhibit 'c02' is placed twice"):
        compose_two_part(tmp_path, "{{ fig('c02') }}\n\n{{ fig('c02') }}\n")
