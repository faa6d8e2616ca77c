"""The edition manifest: ids, numbers per language, exhibits, deterministic JSON, typed errors."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pytest

from srdi_report.compose.edition_spec import EditionSpec, ExhibitSpec, SectionSpec
from srdi_report.compose.model import (
    Align,
    Caption,
    Cover,
    Document,
    DocumentMeta,
    FigureBlock,
    Heading,
    ListBlock,
    NumRun,
    Paragraph,
    ParagraphStyle,
    RefRun,
    Section,
    TableBlock,
    TableCell,
    TextRun,
)
from srdi_report.editions.manifest import (
    Manifest,
    ManifestIdentity,
    NumberEntry,
    build_manifest,
    exhibit_spec_hash,
)
from srdi_report.editions.manifest_io import (
    ManifestError,
    manifest_identity,
    manifest_json,
    read_manifest,
    write_manifest,
)
from srdi_report.editions.manifest_relations import RelationEntry, find_relations
from srdi_report.figures.asset import FigureAsset
from srdi_report.figures.spec import DataView, FigureSpec
from srdi_report.metrics.result import MetricResult, Provenance, Unit
from srdi_report.metrics.scope import Scope

SPEC = EditionSpec(
    edition_id="national",
    year=2026,
    scope="",
    benchmark="",
    title="t",
    subtitle="s",
    front=(),
    chapters=(
        SectionSpec(
            "1",
            "Basics",
            "s1",
            "chapter_1/s1.j2",
            exhibits=("c01", "c02"),
        ),
    ),
    exhibit_specs={
        "c01": ExhibitSpec(
            "c01",
            "Firms by level",
            figure=FigureSpec("c01", "hbar", "Firms by level", {"main": DataView("by_level", {})}),
        ),
        "c02": ExhibitSpec("c02", "Top provinces", pending="no table yet"),
    },
)

IDENTITY = ManifestIdentity(
    edition_id="national",
    year=2026,
    scope="",
    snapshot_date="2026-02-28",
    data_hash="d" * 8,
    code_version="c" * 8,
    package_version="0.1.0",
    spec_hash="s" * 8,
    min_cell=5,
    locales=("zh_CN", "en"),
)


def _result(metric: str, scope_text: str = "") -> MetricResult:
    scope = Scope.parse(scope_text) if scope_text else Scope()
    return MetricResult(
        metric_id=metric,
        scope=scope,
        benchmark=None,
        table=pd.DataFrame({"level": ["national"], "share": [0.1057], "n": [100]}),
        unit=Unit.SHARE,
        physical_unit="",
        label_key=metric,
        family="test",
        chart_ids=("c01",),
        n_firms=100,
        suppressed=(),
        provenance=Provenance(metric, scope_text or "all", "", "all firms", 100, "h" * 8),
    )


RESULTS = {"by_level": _result("by_level")}


def _document(lang: str) -> Document:
    zh = lang == "zh"
    locale = "zh_CN" if zh else "en"
    share = NumRun(0.1057, "share", 2, metric_id="by_level")
    count = NumRun(167372, "count", 0, metric_id="by_level")
    hidden = NumRun(None, "count", 0, metric_id="by_level", suppressed=True)
    # zh prints the count first, en the share first: the manifest must still align them.
    body = (
        (TextRun("共"), count, TextRun("家，占"), share, TextRun("。"))
        if zh
        else (TextRun("Of "), share, TextRun(" share, "), count, TextRun(" firms."))
    )
    caption = Caption("图表1" if zh else "Figure 1", 1, "按级别" if zh else "By level", "src")
    table_caption = Caption("图表2" if zh else "Figure 2", 2, "省份" if zh else "Provinces", "src")
    section = Section(
        Heading("1", "基本情况" if zh else "Basics", "s1"),
        1,
        blocks=(
            Paragraph(body, segment_id="chapter_1/s1/intro"),
            Paragraph((TextRun("见" if zh else "See "), RefRun("c01", caption.label))),
            ListBlock(((TextRun("a"), hidden), (TextRun("b"),))),
            FigureBlock(
                "c01",
                caption,
                b"png",
                b"svg",
                "alt",
                10,
                10,
                notes=(Paragraph((TextRun("注" if zh else "Note"),), ParagraphStyle.NOTE),),
            ),
            TableBlock(
                "c02",
                table_caption,
                header=((TableCell((TextRun("x"),)), TableCell((TextRun("y"),))),),
                rows=(
                    (TableCell((TextRun("A"),)), TableCell((NumRun(0.5, "pp", 1, signed=True),))),
                    (TableCell((TextRun("B"),)), TableCell((NumRun(-0.25, "pp", 1),))),
                ),
                align=(Align.LEFT, Align.RIGHT),
            ),
        ),
    )
    return Document(
        meta=DocumentMeta("t", "a", "s", "zh-CN" if zh else "en", locale, "2026-02-28"),
        cover=Cover("标题" if zh else "Title", "", "2026年版" if zh else "2026 edition", "p", "d"),
        running_header="h",
        front=(Paragraph((TextRun("前言" if zh else "Foreword"),)),),
        sections=(section,),
    )


def _asset(locale: str) -> FigureAsset:
    return FigureAsset(
        "c01",
        locale,
        b"png",
        b"svg",
        b"a,b\n1,2\n",
        "alt",
        10,
        10,
        texts=("2025", "2026"),
        key="k-" + locale,
    )


def _manifest(langs: tuple[str, ...] = ("zh", "en")) -> Manifest:
    locale = {"zh": "zh_CN", "en": "en"}
    documents = {locale[lang]: _document(lang) for lang in langs}
    assets = {locale[lang]: {"c01": _asset(locale[lang])} for lang in langs}
    return build_manifest(SPEC, documents, RESULTS, assets, IDENTITY, image_folder="../figs/")


def test_numbers_align_across_languages_by_metric_and_value() -> None:
    manifest = _manifest()
    share = manifest.number("chapter_1/s1/intro/by_level#1")
    count = manifest.number("chapter_1/s1/intro/by_level#2")
    # Ids follow the English order (share first); zh printed them the other way round.
    assert share.value == pytest.approx(0.1057)
    assert dict(share.printed) == {"en": "10.57%", "zh": "10.57%"}
    assert dict(count.printed) == {"en": "167,372", "zh": "167,372"}
    assert share.metric_id == "by_level"
    assert share.result_key == "by_level"
    assert share.scope == "all"
    # The share is a cell of the result; the count is not (computed in the template).
    assert (share.column, share.group_key) == ("share", "level=national")
    assert (count.column, count.group_key) == ("", "")


def test_suppressed_and_signed_numbers_print_as_the_renderer_does() -> None:
    manifest = _manifest()
    hidden = manifest.number("s1/list1/by_level#1")
    assert hidden.suppressed
    assert hidden.value is None
    assert dict(hidden.printed) == {"en": "x", "zh": "x"}
    cells = [n for n in manifest.numbers if n.place == "c02/cells"]
    assert [n.number_id for n in cells] == ["c02/cells/value#1", "c02/cells/value#2"]
    assert cells[0].printed["en"].startswith("+")
    assert not cells[1].printed["en"].startswith("+")


def test_segments_get_composer_ids_or_derived_ones() -> None:
    manifest = _manifest()
    ids = [s.segment_id for s in manifest.segments]
    assert ids == [
        "cover/title",
        "cover/subtitle",
        "cover/edition",
        "cover/date",
        "front/p1",
        "s1/heading",
        "chapter_1/s1/intro",
        "s1/p2",
        "s1/list1",
        "c01/caption",
        "c01/note1",
        "c02/caption",
    ]
    assert dict(manifest.segment("s1/heading").texts) == {"en": "1 Basics", "zh": "1 基本情况"}
    intro = manifest.segment("chapter_1/s1/intro").texts
    assert intro["zh"] == "共167,372家，占10.57%。"
    assert manifest.segment("s1/p2").texts["en"] == "See Figure 1"
    assert manifest.segment("s1/list1").texts["en"] == "ax\nb"
    assert manifest.segment("c01/note1").role == "note"


def test_exhibits_carry_numbers_titles_hashes_and_metrics() -> None:
    manifest = _manifest()
    c01, c02 = manifest.exhibits
    assert (c01.exhibit_id, c01.number, c01.kind, c01.section) == ("c01", 1, "figure", "s1")
    assert dict(c01.titles) == {"en": "By level", "zh": "按级别"}
    assert dict(c01.labels) == {"en": "Figure 1", "zh": "图表1"}
    assert c01.metric_ids == ("by_level",)
    assert dict(c01.figure_hashes) == {"en": "k-en", "zh": "k-zh_CN"}
    assert len(c01.data_hashes["zh"]) == 64
    assert dict(c01.images) == {"en": "../figs/en/c01.png", "zh": "../figs/zh/c01.png"}
    assert c01.figure_texts["zh"] == ("2025", "2026")
    assert dict(c02.images) == {}
    assert manifest.metrics[0].label_key == "by_level"
    assert c02.pending == "no table yet"
    assert c02.number == 2
    assert [m.result_key for m in manifest.metrics] == ["by_level"]
    assert manifest.metrics[0].n_firms == 100


def test_exhibit_spec_hash_ignores_the_title_but_not_the_chart() -> None:
    figure = SPEC.exhibit_specs["c01"]
    assert figure.figure is not None
    retitled = replace(figure, title="Other", figure=replace(figure.figure, title="Other"))
    rekinded = replace(figure, figure=replace(figure.figure, kind="vbar"))
    assert exhibit_spec_hash(retitled) == exhibit_spec_hash(figure)
    assert exhibit_spec_hash(rekinded) != exhibit_spec_hash(figure)


def test_a_number_printed_in_one_language_only_is_kept_apart() -> None:
    en = _document("en")
    zh = _document("zh")
    section = en.sections[0]
    extra = Paragraph((NumRun(3.0, "count", 0, metric_id="by_level"),), segment_id="x/only")
    en = Document(
        en.meta,
        en.cover,
        en.running_header,
        en.front,
        (Section(section.heading, 1, (*section.blocks, extra)),),
    )
    zh_extra = Paragraph((NumRun(4.0, "count", 0, metric_id="by_level"),), segment_id="x/only")
    zh_section = zh.sections[0]
    zh = Document(
        zh.meta,
        zh.cover,
        zh.running_header,
        zh.front,
        (Section(zh_section.heading, 1, (*zh_section.blocks, zh_extra)),),
    )
    manifest = build_manifest(SPEC, {"zh_CN": zh, "en": en}, RESULTS, {}, IDENTITY)
    assert dict(manifest.number("x/only/by_level#1").printed) == {"en": "3"}
    assert dict(manifest.number("x/only/by_level#1@zh").printed) == {"zh": "4"}


def test_ids_do_not_depend_on_the_order_of_the_locales() -> None:
    a = _manifest(("zh", "en"))
    b = _manifest(("en", "zh"))
    assert manifest_json(a) == manifest_json(b)


def test_json_is_deterministic_and_reads_back_equal(tmp_path: Path) -> None:
    manifest = _manifest()
    data = manifest_json(manifest)
    assert data.endswith(b"}\n")
    assert "按级别".encode() in data  # ensure_ascii=False
    parsed = json.loads(data)
    assert list(parsed) == sorted(parsed)
    assert parsed["identity"]["locales"] == ["zh_CN", "en"]
    path = tmp_path / "manifest.json"
    path.write_bytes(data)
    back = read_manifest(tmp_path)
    assert manifest_json(back) == data
    assert back.number("chapter_1/s1/intro/by_level#1").value == 0.1057


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("numbers"), r"\$\.numbers: expected a list"),
        (lambda d: d["numbers"][0].update(value="1"), r"numbers\[0\]\.value: expected a number"),
        (lambda d: d["identity"].update(year="2026"), r"identity\.year: expected int"),
        (lambda d: d["segments"][1].pop("texts"), r"segments\[1\]\.texts: expected an object"),
        (lambda d: d.update(version=99), r"version 99"),
    ],
)
def test_a_malformed_manifest_raises_a_typed_error(
    tmp_path: Path, mutate: object, message: str
) -> None:
    data = json.loads(manifest_json(_manifest()))
    assert callable(mutate)
    mutate(data)
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ManifestError, match=message):
        read_manifest(path)


def test_missing_or_broken_files_raise_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="no manifest"):
        read_manifest(tmp_path / "nothing.json")
    broken = tmp_path / "manifest.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(ManifestError, match="not a manifest"):
        read_manifest(broken)


def test_manifest_identity_takes_the_spec_fields() -> None:
    identity = manifest_identity(
        SPEC,
        snapshot_date="2026-02-28",
        data_hash="d",
        code_version="c",
        spec_hash="s",
        min_cell=5,
        locales=("zh_CN", "en"),
    )
    assert (identity.edition_id, identity.year, identity.min_cell) == ("national", 2026, 5)


# --- the real national edition -------------------------------------------------------------

TEST_CACHE = Path(__file__).resolve().parents[2] / ".cache" / "test-build"


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Manifest:
    """The manifest of the national 2026 demo edition in both languages (draft, text only).

    Shares the content-keyed cache of ``test_build.py``: warm, nothing is drawn or computed.
    The figure base key repeats ``build_edition``'s, so the figures come from that cache too.
    """
    import hashlib

    from srdi_report.config.model import BuildConfig, Config, OutputConfig
    from srdi_report.editions.build import build_edition, edition_spec
    from srdi_report.editions.cache import BuildCache, code_version, content_key
    from srdi_report.editions.results import METRIC_CODE, edition_results, identify_source
    from srdi_report.editions.stages import locale_figures

    root = tmp_path_factory.mktemp("national-manifest")
    config = Config(
        output=OutputConfig(
            dir=str(root / "output"), figures_dir=str(root / "figures"), formats=("txt",)
        ),
        build=BuildConfig(draft=True, cache_dir=str(TEST_CACHE)),
    )
    spec = edition_spec("national", 2026)
    today = date(2026, 3, 1)
    built = build_edition(spec, config, None, today, write=False)
    cache = BuildCache(TEST_CACHE, enabled=True)
    source_key = identify_source(config, None)
    results, summary, _counts = edition_results(
        spec, config, None, today, source_key=source_key, cache=cache, progress=lambda _t: None
    )
    spec_hash = hashlib.sha256(repr(spec).encode()).hexdigest()
    base_key = content_key(
        source_key, code_version(*METRIC_CODE), config.metrics.min_cell, spec_hash
    )
    assets = {
        locale: locale_figures(spec, results, locale, config, cache, base_key)[0]
        for locale in built.documents
    }
    identity = manifest_identity(
        spec,
        snapshot_date=summary.snapshot_date,
        data_hash=summary.key,
        code_version=code_version(*METRIC_CODE),
        spec_hash=spec_hash,
        min_cell=config.metrics.min_cell,
        locales=tuple(built.documents),
    )
    return build_manifest(spec, built.documents, results, assets, identity)


@pytest.mark.slow
def test_national_manifest_covers_every_exhibit_number_and_segment(national: Manifest) -> None:
    manifest = national
    assert manifest.identity.snapshot_date.startswith("2026-")
    assert [e.number for e in manifest.exhibits] == list(range(1, len(manifest.exhibits) + 1))
    assert len(manifest.exhibits) >= 60
    c04 = next(e for e in manifest.exhibits if e.exhibit_id == "c04")
    assert set(c04.titles) == {"zh", "en"}
    drawn = [e for e in manifest.exhibits if e.figure_hashes]
    assert len(drawn) >= 20
    assert all(set(e.figure_hashes) == {"zh", "en"} for e in drawn)
    # zh and en carry identical numbers: every number printed in one language is matched.
    one_sided = [n.number_id for n in manifest.numbers if len(n.printed) != 2]
    assert len(manifest.numbers) > 500
    assert len(one_sided) <= len(manifest.numbers) // 50, one_sided[:20]
    ids = [n.number_id for n in manifest.numbers]
    assert len(ids) == len(set(ids))
    seg_ids = [s.segment_id for s in manifest.segments]
    assert len(seg_ids) == len(set(seg_ids))
    assert sum(1 for s in manifest.segments if s.role == "paragraph") > 50
    assert "167,372" in "".join(n.printed.get("en", "") for n in manifest.numbers)
    with_metric = [n for n in manifest.numbers if n.metric_id]
    located = [n for n in with_metric if n.result_key]
    assert len(located) >= 0.9 * len(with_metric)
    assert manifest_json(manifest) == manifest_json(manifest)


def test_signed_numbers_and_relations_read_back(tmp_path: Path) -> None:
    manifest = _manifest()
    cells = [n for n in manifest.numbers if n.place == "c02/cells"]
    assert [n.signed for n in cells] == [True, False]
    relation = RelationEntry(
        relation_id="ratio:s:x",
        kind="ratio",
        place="chapter_1/s1/intro",
        result="chapter_1/s1/intro/by_level#1",
        inputs=("chapter_1/s1/intro/by_level#2", "c02/cells/value#1"),
        total=None,
        label="test",
    )
    with_relation = replace(manifest, relations=(relation,))
    write_manifest(with_relation, tmp_path / "manifest.json")
    back = read_manifest(tmp_path)
    assert back.relations == (relation,)
    assert [n.signed for n in back.numbers if n.place == "c02/cells"] == [True, False]


def test_a_manifest_without_relations_or_signs_still_reads(tmp_path: Path) -> None:
    data = json.loads(manifest_json(_manifest()))
    data.pop("relations")
    for number in data["numbers"]:
        number.pop("signed")
    (tmp_path / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    back = read_manifest(tmp_path)
    assert back.relations == ()
    assert not any(n.signed for n in back.numbers)


def test_bad_relation_total_raises_a_typed_error(tmp_path: Path) -> None:
    data = json.loads(manifest_json(_manifest()))
    data["relations"] = [
        {"relation_id": "p", "kind": "partition", "place": "c", "result": "", "inputs": [],
         "total": "1", "label": ""}
    ]  # fmt: skip
    (tmp_path / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ManifestError, match=r"relations\[0\]\.total"):
        read_manifest(tmp_path)


def test_relations_find_a_printed_partition_and_skip_a_partial_one() -> None:
    table = pd.DataFrame(
        {"level": ["national", "provincial"], "share": [0.1057, 0.8943], "firms": [10, 90]}
    )
    result = replace(_result("by_level"), table=table, n_firms=100)
    result = replace(result, provenance=replace(result.provenance, n_firms=100))

    def cell(i: int, level: str, column: str, value: float, kind: str) -> NumberEntry:
        return NumberEntry(
            f"c03/cells/x#{i}", "c03/cells", "by_level", "all", "by_level", column,
            f"level={level}", value, kind, 2 if kind == "share" else 0, False,
            MappingProxyType({"en": ""}),
        )  # fmt: skip

    shares = [
        cell(1, "national", "share", 0.1057, "share"),
        cell(2, "provincial", "share", 0.8943, "share"),
    ]
    counts = [
        cell(3, "national", "firms", 10, "count"),
        cell(4, "provincial", "firms", 90, "count"),
    ]
    found = find_relations([*shares, *counts], {"by_level": result})
    assert sorted((r.kind, r.total, r.inputs) for r in found) == [
        ("partition", 1.0, ("c03/cells/x#1", "c03/cells/x#2")),
        ("partition", 100.0, ("c03/cells/x#3", "c03/cells/x#4")),
    ]
    assert find_relations(shares[:1], {"by_level": result}) == ()  # one category is no partition


def test_spec_hash_sees_years_relative_to_the_edition() -> None:
    """Next year's edition of a trend chart keeps its definition: only its data changed."""
    from srdi_report.editions.national import national_edition

    old = {
        i.spec.exhibit_id: exhibit_spec_hash(i.spec, 2025)
        for i in national_edition(2025).exhibits()
    }
    new = {
        i.spec.exhibit_id: exhibit_spec_hash(i.spec, 2026)
        for i in national_edition(2026).exhibits()
    }
    assert {k for k in new if old.get(k) != new[k]} == {"c02"}  # the 2026 Measures table
    c11 = next(i.spec for i in national_edition(2026).exhibits() if i.spec.exhibit_id == "c11")
    assert exhibit_spec_hash(c11, 2026) != exhibit_spec_hash(c11)  # absolute years without one
