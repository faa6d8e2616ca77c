"""The national edition spec against national_report.md, the metric registry and the demo data."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pytest

from repo_paths import REPO_ROOT, SHARED
from srdi_report.compose.accessors import EditionIdentity
from srdi_report.compose.composer import UnplacedExhibitError, compose
from srdi_report.compose.edition_spec import MetricRequest
from srdi_report.compose.model import (
    Document,
    FigureBlock,
    Inline,
    NumRun,
    TableBlock,
    TableCell,
    TextRun,
)
from srdi_report.compose.tables import code_labels, table_block
from srdi_report.editions.national import DIAGRAMS_AS_TABLES, PATENT_EXHIBITS, national_edition
from srdi_report.editions.national_titles import TITLES
from srdi_report.editions.spec import CellSource, EditionSpec, TableKind
from srdi_report.figures.asset import FigureAsset
from srdi_report.figures.labels import LABEL_SOURCES
from srdi_report.metrics.registry import compute_all, load_families
from srdi_report.metrics.result import MetricResult
from srdi_report.metrics.scope import Scope

SPEC_FILE = SHARED / "spec" / "national_report.md"
PENDING_CSV = REPO_ROOT / "src" / "srdi_report" / "locales" / "_pending" / "national_outline.csv"
KINDS = {
    "bar",
    "hbar",
    "stacked_bar",
    "bar_line",
    "tier_pyramid",
    "back_to_back",
    "radar",
    "distribution",
    "heatmap",
    "bubble_quadrant",
    "density_quadrant",
    "line",
    "donut",
    "staircase",
    "city_card",
    "quadrant_matrix",
}
HAN = re.compile(r"[\u3400-\u9fff]")
PLACEHOLDER = re.compile(r"%\(\w+\)s")


@pytest.fixture(scope="module")
def edition() -> EditionSpec:
    return national_edition(2026)


def ascii_id(seed_id: str) -> str:
    """图表3 → c03, B19a → b19a (national_report.md §0)."""
    if seed_id.startswith("B"):
        return seed_id.lower()
    return f"c{int(seed_id.removeprefix('图表')):02d}"


def spec_exhibits() -> list[tuple[str, int, str]]:
    """(id, rebuilt number, section) of every entry of national_report.md §2 and §7."""
    text = SPEC_FILE.read_text(encoding="utf-8")
    found: list[tuple[str, int, str]] = []
    for block in re.split(r"\n### ", text)[1:]:
        head = re.match(r"(图表\d+|B\d+a) — ", block)
        meta = re.search(r"· §([\d.]+)[^·\n]*· (?:rebuilt )?no\. (\d+)", block)
        if head and meta:
            found.append((ascii_id(head.group(1)), int(meta.group(2)), meta.group(1)))
    for seed_id, number in re.findall(r"\| (图表\d+) \(no\. (\d+)\) \|", text):
        found.append((ascii_id(seed_id), int(number), "3.6.2"))
    return sorted(found, key=lambda item: item[1])


def test_exhibits_match_the_spec_in_order_and_number(edition: EditionSpec) -> None:
    expected = spec_exhibits()
    assert len(expected) == 60
    numbered = edition.exhibits()
    assert [(e.spec.exhibit_id, e.number) for e in numbered] == [(i, n) for i, n, _ in expected]
    anchors = {e.spec.exhibit_id: e.section for e in numbered}
    for exhibit_id, _, section in expected:
        assert anchors[exhibit_id] == "s" + section.replace(".", "_"), exhibit_id
    assert {"b11a", "b17a", "b19a", "b29a"} <= set(anchors)


def test_every_exhibit_has_its_parts_and_one_title(edition: EditionSpec) -> None:
    for item in edition.exhibits():
        spec = item.spec
        assert spec.figure is not None or spec.table is not None, spec.exhibit_id
        assert spec.title == TITLES[spec.exhibit_id]
        for part in (spec.figure, spec.table):
            if part is not None:
                assert part.title == spec.title
    tables = {t.table_id for t in edition.tables()}
    # Seed tables stay real text tables (national_report.md §2 "table → table").
    seed_tables = {e.spec.exhibit_id for e in edition.exhibits() if e.spec.seed_form == "table"}
    assert seed_tables - tables == {"c25", "c35"}  # heatmaps; their tables go to the appendix
    assert set(DIAGRAMS_AS_TABLES) <= tables
    assert {e.spec.exhibit_id for e in edition.exhibits() if e.spec.illustrative} == set(
        PATENT_EXHIBITS
    )


def test_metric_ids_exist(edition: EditionSpec) -> None:
    registered = set(load_families().names())
    requested = {r.metric for r in edition.metric_requests()}
    assert requested <= registered
    pending = {r.metric for r in edition.metric_requests(include_pending=True)} - registered
    assert pending == set()
    assert {
        "patent_fields",
        "patent_means_by_year",
        "patent_grant_rate",
        "patent_ipc_subclasses",
        "patent_foreign_trend",
        "patent_jurisdictions",
    } <= requested
    assert len(requested) >= 30


def test_chart_kinds_and_roles(edition: EditionSpec) -> None:
    import srdi_report.figures.kinds  # noqa: F401  (registers the kinds)
    from srdi_report.figures.registry import CHART_KINDS

    figures = edition.figures()
    assert {f.kind for f in figures} <= KINDS
    missing = sorted({f.kind for f in figures} - set(CHART_KINDS.names()))
    pending = {e.spec.exhibit_id for e in edition.exhibits() if e.spec.pending}
    for spec in figures:
        if spec.kind in missing or spec.figure_id in pending:
            continue
        kind = CHART_KINDS.get(spec.kind)
        roles = set(spec.views["main"].roles)
        assert set(kind.roles) <= roles, (spec.figure_id, kind.roles, roles)
    if missing:
        pytest.skip(f"chart kinds not registered yet: {', '.join(missing)}")


def test_label_sources_are_known(edition: EditionSpec) -> None:
    known = set(LABEL_SOURCES) | {domain for domain, _ in code_labels("en")}
    for spec in edition.figures():
        for view in spec.views.values():
            assert set(view.labels.values()) <= known, spec.figure_id
    for table in edition.tables():
        for group in table.groups:
            for cell in group.cells:
                if cell.source is CellSource.KEY and cell.labels:
                    assert cell.labels in known, table.table_id


def runs(block_rows: tuple[tuple[TableCell, ...], ...]) -> Iterator[Inline]:
    for row in block_rows:
        for cell in row:
            yield from cell.runs


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_content_tables_load_without_empty_cells(edition: EditionSpec, locale: str) -> None:
    content = [t for t in edition.tables() if t.kind is TableKind.CONTENT]
    assert len(content) == 13
    for spec in content:
        block = table_block(spec, {}, locale, str)
        assert block.rows, spec.table_id
        for run in runs(block.rows):
            if isinstance(run, TextRun):
                assert run.text.strip(), spec.table_id
                assert (HAN.search(run.text) is None) == (locale == "en"), (spec.table_id, run)
            else:
                assert isinstance(run, NumRun)
                assert run.value is not None


@pytest.fixture(scope="module")
def demo_results(edition: EditionSpec) -> dict[str, MetricResult]:
    pytest.importorskip("srdi_report.data.demo_cache", reason="no demo generator")
    from srdi_report.config import Config
    from srdi_report.data.demo_cache import demo_firms
    from srdi_report.data.derive import add_derived
    from srdi_report.data.geography import load_geography
    from srdi_report.data.industry import load_industry

    config = Config()
    firms = demo_firms(config.demo, config.demo.year)
    snapshot = pd.Timestamp(firms["snapshot_date"].dropna().iloc[0]).date()
    firms = add_derived(
        firms, geography=load_geography(), industry=load_industry(), snapshot_date=snapshot
    )
    requests = edition.metric_requests()
    results: dict[str, MetricResult] = {}
    for scope in sorted({r.scope for r in requests}):
        names = [r for r in requests if r.scope == scope]
        parsed = Scope.parse(scope) if scope else Scope()
        computed = compute_all([r.metric for r in names], firms, parsed, config=config)
        results.update({r.result_key: c for r, c in zip(names, computed, strict=True)})
    return results


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_metric_tables_hold_real_values(
    edition: EditionSpec, demo_results: dict[str, MetricResult], locale: str
) -> None:
    numbers = 0
    for spec in edition.tables():
        block = table_block(spec, demo_results, locale, str)
        assert block.rows, spec.table_id
        for run in runs(block.rows):
            if isinstance(run, NumRun) and run.metric_id:
                numbers += 1
                assert run.suppressed or (run.value is not None and math.isfinite(run.value))
            elif isinstance(run, TextRun):
                assert run.text.strip() or spec.table_id in {"c03", "c30"}
    assert numbers > 500


def cell_value(
    edition: EditionSpec, results: dict[str, MetricResult], table_id: str, row: int, column: int
) -> float | None:
    spec = edition.exhibit(table_id).spec.table
    assert spec is not None
    block = table_block(spec, results, "en", str)
    run = block.rows[row][column].runs[0]
    assert isinstance(run, NumRun)
    return run.value


def test_table_cells_equal_the_metric_values(
    edition: EditionSpec, demo_results: dict[str, MetricResult]
) -> None:
    indicators = demo_results["indicators_by_level"]
    median = indicators.value(
        "value", indicator="registered_capital", statistic="median", level="national"
    )
    assert cell_value(edition, demo_results, "c04", 0, 1) == median
    ranking = demo_results["province_ranking"]
    assert cell_value(edition, demo_results, "c16", 0, 2) == ranking.value("share", rank=1)
    provincial = MetricRequest("capability_scores", "level=provincial", "").result_key
    scores = demo_results[provincial]
    gap = scores.value("gap", dimension="quality")
    assert cell_value(edition, demo_results, "c30", 1, 6) == gap
    assert round(gap, 1) == 77.8  # the published provincial gap (c30_quality_gap)
    champions = demo_results["champion_comparison"]
    pct = champions.value("multiple", indicator="pct_applications")
    assert cell_value(edition, demo_results, "c40", 2, 5) == pct


def test_pending_catalog_rows_cover_every_msgid(edition: EditionSpec) -> None:
    with PENDING_CSV.open(encoding="utf-8", newline="") as handle:
        rows = {r["msgid"]: r for r in csv.DictReader(handle)}
    wanted = {edition.title, edition.subtitle, edition.source}
    wanted |= {s.heading for s in edition.sections()}
    for item in edition.exhibits():
        wanted.add(item.spec.title)
        if item.spec.table is not None:
            wanted |= {c.header for c in item.spec.table.columns} | set(item.spec.table.notes)
            wanted |= {c.msgid for g in item.spec.table.groups for c in g.cells if c.msgid}
    assert wanted <= set(rows)
    for msgid, row in rows.items():
        assert row["zh"], msgid
        assert row["en"] == msgid
        assert not HAN.search(msgid)
        assert sorted(PLACEHOLDER.findall(row["zh"])) == sorted(PLACEHOLDER.findall(msgid))


def test_heading_and_title_placeholders_are_filled(edition: EditionSpec) -> None:
    for section in edition.sections():
        names = {a.name for a in section.heading_args}
        assert set(re.findall(r"%\((\w+)\)s", section.heading)) == names, section.number
    for item in edition.exhibits():
        names = set(re.findall(r"%\((\w+)\)s", item.spec.title))
        assert names <= set(edition.caption_args), item.spec.exhibit_id
        assert item.spec.title % edition.caption_args


def test_heading_args_name_one_metric_row(
    edition: EditionSpec, demo_results: dict[str, MetricResult]
) -> None:
    args = [a for s in edition.sections() for a in s.heading_args]
    assert len(args) == 12
    for arg in args:
        key = MetricRequest(arg.metric, arg.scope, arg.benchmark).result_key
        value = demo_results[key].value(arg.column, **dict(arg.where))
        assert math.isfinite(value), arg
    quality = next(a for a in args if a.name == "gap")
    key = MetricRequest(quality.metric, quality.scope, quality.benchmark).result_key
    gap = demo_results[key].value(quality.column, **dict(quality.where))
    assert round(gap, 1) == 77.8  # section 3.3 prints the provincial gap (c30_quality_gap)


@pytest.fixture(scope="module")
def composed(edition: EditionSpec, demo_results: dict[str, MetricResult]) -> dict[str, Document]:
    """The national document in both languages, strict, with stand-in figure images."""
    figures = {e.spec.figure.figure_id for e in edition.exhibits() if e.spec.figure is not None}
    identity = EditionIdentity("national", 2026, date(2026, 2, 28), 2024, "demo 2026")
    out = {}
    for locale in ("zh_CN", "en"):
        assets = {
            f: FigureAsset(f, locale, b"png", b"<svg/>", b"csv", "alt", 10, 10) for f in figures
        }
        # Messages are checked by the catalog tests; here: placement and captions.
        out[locale] = compose(
            edition, demo_results, assets, locale, identity=identity, strict_messages=False
        )
    return out


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_exhibit_has_one_caption_line_and_one_source(
    edition: EditionSpec, composed: dict[str, Document], locale: str
) -> None:
    """Two-part exhibits (a chart and a table) print one caption and one source line.

    The strict compose above also proves that every exhibit is placed by its section's
    template: the national edition sets ``place_all``, so one left over is an error.
    """
    shown: dict[int, int] = {}
    sources: dict[int, int] = {}
    parts: dict[int, list[str]] = {}
    for path in composed[locale].walk():
        for block in path[-1].blocks:
            if isinstance(block, FigureBlock | TableBlock):
                number = block.caption.number
                shown[number] = shown.get(number, 0) + block.caption.shown
                sources[number] = sources.get(number, 0) + bool(block.caption.source)
                parts.setdefault(number, []).append(type(block).__name__)
    built = [e.number for e in edition.exhibits() if not e.spec.pending]
    assert sorted(shown) == built
    assert {n for n, count in shown.items() if count != 1} == set()
    assert {n for n, count in sources.items() if count != 1} == set()
    two_part = {e.number for e in edition.exhibits() if e.spec.figure is not None and e.spec.table}
    assert len(two_part) >= 8  # charts 3, 5, 11, 12, 20, 28, 54 and the growth chart
    assert {n for n, kinds in parts.items() if len(kinds) == 2} == two_part
    # The part without a caption line follows its captioned part directly (the PDF keeps
    # them on one page), so no table or chart stands unlabelled at the top of a page.
    for path in composed[locale].walk():
        blocks = path[-1].blocks
        for before, block in pairwise(blocks):
            if isinstance(block, FigureBlock | TableBlock) and not block.caption.shown:
                assert isinstance(before, FigureBlock | TableBlock)
                assert before.caption.number == block.caption.number
    first = composed[locale].sections[0].blocks
    assert not any(
        isinstance(b, FigureBlock | TableBlock) and not b.caption.shown for b in first[:1]
    )


def test_an_unplaced_exhibit_fails_the_strict_national_build(
    edition: EditionSpec, demo_results: dict[str, MetricResult], tmp_path: Path
) -> None:
    """A user's template that drops a slot is refused by name (a draft appends the exhibit)."""
    shipped = REPO_ROOT / "templates" / "chapter_2" / "s2_3_2.j2"
    (tmp_path / "chapter_2").mkdir()
    text = shipped.read_text(encoding="utf-8").replace('{{ tab("c22") }}', "")
    (tmp_path / "chapter_2" / "s2_3_2.j2").write_text(text, encoding="utf-8")
    identity = EditionIdentity("national", 2026, date(2026, 2, 28), 2024, "demo 2026")
    figures = {e.spec.figure.figure_id for e in edition.exhibits() if e.spec.figure is not None}
    assets = {f: FigureAsset(f, "en", b"png", b"<svg/>", b"csv", "alt", 10, 10) for f in figures}
    with pytest.raises(UnplacedExhibitError, match=r"s2_3_2\.j2: exhibit 'c22' is not placed"):
        compose(
            edition,
            demo_results,
            assets,
            "en",
            identity=identity,
            template_dirs=(tmp_path,),
            strict_messages=False,
        )
