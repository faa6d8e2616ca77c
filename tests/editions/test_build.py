"""build_edition(): files per locale and format, the cache, atomic writes, the demo end to end.

The fast tests build a two-exhibit edition from a five-firm CSV with templates in a temp folder;
the slow one builds the national edition from the demo data as text in both languages.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from srdi_report.compose.edition_spec import (
    Align,
    Cell,
    CellSource,
    EditionSpec,
    ExhibitSpec,
    RowGroup,
    SectionSpec,
    TableColumn,
    TableKind,
    TableSpec,
)
from srdi_report.compose.model import Document
from srdi_report.compose.templates import TemplateError
from srdi_report.config.model import BuildConfig, Config, MetricsConfig, OutputConfig
from srdi_report.editions import build as build_module
from srdi_report.editions import stages
from srdi_report.editions.build import BuildResult, build_edition, edition_spec
from srdi_report.errors import UnknownNameError
from srdi_report.figures.spec import DataView, FigureSpec
from srdi_report.renderers.registry import RENDERERS
from srdi_report.renderers.text import render_text

SNAPSHOTS = Path(__file__).parent / "__snapshots__" / "test_build"
TEST_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "test-build"

TODAY = date(2026, 3, 1)
HEADER = (
    "snapshot_date,firm_id,name_zh,level,lg_batch,province,city,district,gbt_minor,"
    "registered_capital,insured_employees,patents_total,invention_applications,"
    "invention_applications_pending,invention_grants,software_copyrights,std_total,"
    "hon_little_giant,hon_high_tech,hon_tech_center,rd_ratio_2024"
)
ROWS = [
    "2026-02-28,DM00000001,苏州示例精密材料有限公司,national,5,江苏省,苏州市,昆山市,3985,"
    "6200,210,148,74,25,38,5,12,true,true,true,21.4",
    "2026-02-28,DM00000002,北京示例软件科技有限公司,provincial,,北京市,北京市,海淀区,6511,"
    "1000,38,22,9,4,3,46,0,false,true,false,",
    "2026-02-28,DM00000003,广州示例装备有限公司,provincial,,广东省,广州市,天河区,3421,"
    "800,52,30,10,2,4,1,1,false,true,false,",
]
TEMPLATES = {
    "intro.j2": "There are {{ num(metric('firms_by_level', 'firms', level='national')) }} "
    "national-level firms.\n",
}


def write_csv(path: Path) -> Path:
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def mini_spec() -> EditionSpec:
    view = DataView(
        "firms_by_level", {"category": "level", "value": "share"}, labels={"category": "level"}
    )
    figure = FigureSpec("c01", "bar", "Tier split figure", {"main": view}, size=(4.0, 2.5))
    table = TableSpec(
        "c02",
        "Tier split table",
        TableKind.METRIC,
        (TableColumn("Level"), TableColumn("Firms", Align.RIGHT)),
        (
            RowGroup(
                DataView("firms_by_level", {"key": "level"}),
                (
                    Cell(CellSource.KEY, labels="level"),
                    Cell(CellSource.VALUE, column="firms", kind="count"),
                ),
            ),
        ),
    )
    exhibits = {
        "c01": ExhibitSpec("c01", "Tier split figure", figure=figure),
        "c02": ExhibitSpec("c02", "Tier split table", table=table),
    }
    chapter = SectionSpec("1", "Chapter one", "s1", "intro.j2", exhibits=("c01", "c02"))
    return EditionSpec("mini", 2026, "", "", "Mini report", "", (), (chapter,), exhibits)


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Config, Path]:
    templates = tmp_path / "templates"
    templates.mkdir()
    for name, text in TEMPLATES.items():
        (templates / name).write_text(text, encoding="utf-8")
    config = Config(
        metrics=MetricsConfig(min_cell=1),
        output=OutputConfig(
            dir=str(tmp_path / "output"),
            figures_dir=str(tmp_path / "figures"),
            formats=("txt",),
        ),
        build=BuildConfig(
            templates=str(templates),
            workers=1,
            cache_dir=str(tmp_path / "cache"),
            draft=True,  # the test msgids are not in the catalogs
        ),
    )
    return config, write_csv(tmp_path / "firms.csv")


def test_build_writes_a_report_per_locale_and_figure_files(
    setup: tuple[Config, Path], tmp_path: Path
) -> None:
    config, data = setup
    result = build_edition(mini_spec(), config, data, TODAY)
    zh = tmp_path / "output" / "mini" / "2026" / "zh" / "report.txt"
    en = tmp_path / "output" / "mini" / "2026" / "en" / "report.txt"
    assert result.reports == (en, zh)
    text = en.read_text("utf-8")
    assert "There are 1 national-level firms." in text
    assert "[figure c01] Figure 1: Tier split figure" in text
    assert "[table c02] Figure 2: Tier split table" in text
    assert "| National-level Little Giants |     1 |" in text
    assert "[table c02] 图表 2：" in zh.read_text("utf-8")
    figures = tmp_path / "figures" / "mini" / "2026" / "zh"
    assert sorted(p.name for p in figures.iterdir()) == [
        "c01.alt.txt",
        "c01.csv",
        "c01.png",
        "c01.svg",
    ]
    assert (figures / "c01.png").read_bytes()[:4] == b"\x89PNG"
    assert result.source.firms == 3
    assert result.stats.figures_drawn == 2  # one figure, two locales
    assert set(result.documents) == {"zh_CN", "en"}


def test_rebuild_with_nothing_changed_draws_nothing(
    setup: tuple[Config, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, data = setup
    first = build_edition(mini_spec(), config, data, TODAY)
    calls: list[str] = []
    real = stages.draw_missing

    def counting(figures: list[FigureSpec], *args: object) -> object:
        calls.extend(f.figure_id for f in figures)
        return real(figures, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(stages, "draw_missing", counting)

    def no_loading(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the firm file was parsed on a cached rebuild")

    monkeypatch.setattr("srdi_report.data.source.load_source", no_loading)
    second = build_edition(mini_spec(), config, data, TODAY)
    assert calls == []
    assert second.stats.figures_drawn == 0
    assert second.stats.figures_cached == 2
    assert second.stats.metrics_computed == 0
    assert second.stats.renders_cached == 2
    assert [p.read_bytes() for p in second.reports] == [p.read_bytes() for p in first.reports]


def test_two_uncached_builds_write_identical_bytes(
    setup: tuple[Config, Path], tmp_path: Path
) -> None:
    config, data = setup
    config = replace(config, build=replace(config.build, cache=False))
    first = build_edition(mini_spec(), config, data, TODAY)
    before = {path: path.read_bytes() for path in first.paths}
    second = build_edition(mini_spec(), config, data, TODAY, write=False)
    assert second.paths == first.paths
    assert second.stats.figures_drawn == 2  # drawn again, not read from a cache
    again = build_edition(mini_spec(), config, data, TODAY)
    assert {path: path.read_bytes() for path in again.paths} == before
    assert not (tmp_path / "cache").exists()


def test_draft_remembers_a_failing_figure_instead_of_redrawing_it(
    setup: tuple[Config, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, data = setup
    spec = mini_spec()
    broken = replace(spec.exhibit_specs["c01"].figure, kind="no_such_kind")  # type: ignore[type-var]
    exhibits = {**spec.exhibit_specs, "c01": replace(spec.exhibit_specs["c01"], figure=broken)}
    spec = replace(spec, exhibit_specs=exhibits)
    first = build_edition(spec, config, data, TODAY)
    text = first.reports[0].read_text("utf-8")
    assert (
        "[pending] Figure 1 Tier split figure: draft: exhibit c01: figure 'c01' was not drawn"
        in text
    )
    calls: list[str] = []
    real = stages.draw_missing

    def counting(figures: list[FigureSpec], *args: object) -> object:
        calls.extend(f.figure_id for f in figures)
        return real(figures, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(stages, "draw_missing", counting)
    second = build_edition(spec, config, data, TODAY)
    assert calls == []
    assert second.reports[0].read_text("utf-8") == text
    strict = replace(config, build=replace(config.build, draft=False))
    with pytest.raises(UnknownNameError, match="unknown chart kind 'no_such_kind'"):
        build_edition(spec, strict, data, TODAY, write=False)


def test_locales_built_in_parallel_match_the_serial_build(setup: tuple[Config, Path]) -> None:
    config, data = setup
    serial = replace(config, build=replace(config.build, cache=False, workers=1))
    parallel = replace(config, build=replace(config.build, cache=False, workers=2))
    one = build_edition(mini_spec(), serial, data, TODAY, write=False)
    two = build_edition(mini_spec(), parallel, data, TODAY, write=False)
    assert list(two.documents) == ["zh_CN", "en"]  # the configured order, whoever finished first
    assert two.documents == one.documents
    assert two.stats.renders_done == 2


def test_a_template_error_in_a_parallel_locale_is_raised_whole(
    setup: tuple[Config, Path], tmp_path: Path
) -> None:
    config, data = setup
    (tmp_path / "templates" / "intro.j2").write_text("{{ nope }}\n", encoding="utf-8")
    strict = replace(config.build, cache=False, workers=2, draft=False)
    spec = mini_spec()  # title and heading msgids the catalogs translate: strict reaches prose
    chapter = replace(spec.chapters[0], heading="Foreword")
    spec = replace(spec, title="Contents", chapters=(chapter,))
    with pytest.raises(TemplateError) as caught:
        build_edition(spec, replace(config, build=strict), data, TODAY)
    assert (caught.value.template, caught.value.line) == ("intro.j2", 1)
    assert not (tmp_path / "output").exists()


def test_changed_data_recomputes_and_redraws(setup: tuple[Config, Path]) -> None:
    config, data = setup
    build_edition(mini_spec(), config, data, TODAY)
    text = data.read_text("utf-8").replace(",provincial,,广东省", ",national,5,广东省")
    data.write_text(text.replace(",1,1,false,true,false,", ",1,1,true,true,false,"), "utf-8")
    again = build_edition(mini_spec(), config, data, TODAY)
    assert again.stats.metrics_computed == 1
    assert again.stats.figures_drawn == 2
    assert "There are 2 national-level firms." in again.reports[0].read_text("utf-8")


def test_a_failing_render_writes_no_file(
    setup: tuple[Config, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, data = setup

    class Broken:
        def render(self, document: Document, locale: str) -> bytes:
            raise RuntimeError(f"renderer broke on {locale}")

    monkeypatch.setitem(RENDERERS._items, "boom", Broken())
    config = replace(config, output=replace(config.output, formats=("txt", "boom")))
    with pytest.raises(RuntimeError, match="renderer broke on zh_CN"):
        build_edition(mini_spec(), config, data, TODAY)
    assert not (tmp_path / "output").exists()
    assert not (tmp_path / "figures").exists()


def test_unknown_format_fails_before_anything_is_written(
    setup: tuple[Config, Path], tmp_path: Path
) -> None:
    config, data = setup
    config = replace(config, output=replace(config.output, formats=("txt", "pfd")))
    with pytest.raises(UnknownNameError, match=r"unknown output format 'pfd'\. Did you mean 'pdf'"):
        build_edition(mini_spec(), config, data, TODAY)
    assert not (tmp_path / "output").exists()


def test_unknown_edition_lists_the_known_ones() -> None:
    with pytest.raises(UnknownNameError, match="Known: national"):
        edition_spec("nationl", 2026)
    assert build_module.language_folder("zh_CN") == "zh"


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """The national edition from the demo data, as text in both languages (draft mode).

    The build cache persists in ``.cache/test-build`` (content-keyed, so a change anywhere
    recomputes what depends on it): a cold build draws about 80 figures, a warm one none.
    """
    root = tmp_path_factory.mktemp("national")
    config = Config(
        output=OutputConfig(
            dir=str(root / "output"), figures_dir=str(root / "figures"), formats=("txt",)
        ),
        build=BuildConfig(draft=True, cache_dir=str(TEST_CACHE)),
    )
    return root, build_edition(edition_spec("national", 2026), config, None, TODAY)


@pytest.mark.slow
def test_national_edition_from_the_demo_in_both_languages(
    national: tuple[Path, BuildResult],
) -> None:
    root, result = national
    zh = (root / "output" / "national" / "2026" / "zh" / "report.txt").read_text("utf-8")
    en = (root / "output" / "national" / "2026" / "en" / "report.txt").read_text("utf-8")
    assert result.source.firms == 167_372
    assert "[table c04] 图表 4：" in zh
    assert "| 注册资本中位数（万元）" in zh
    assert " 5,774 |" in zh  # median registered capital, right-aligned
    assert "[table c04] Figure 4: " in en
    assert " 5,774 |" in en
    assert zh.count("[figure ") == en.count("[figure ") >= 20
    assert "图表 60" in zh  # one running number for all 60 exhibits
    assert "Figure 60" in en


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_national_document_text_matches_snapshot(
    national: tuple[Path, BuildResult], locale: str
) -> None:
    """The golden text of the national edition; rewrite with SRDI_UPDATE_SNAPSHOTS=1."""
    _root, result = national
    text = render_text(result.documents[locale], locale)
    path = SNAPSHOTS / f"national_2026_{locale}.txt"
    if os.environ.get("SRDI_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}; run with SRDI_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8")
