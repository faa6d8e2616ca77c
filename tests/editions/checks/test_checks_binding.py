"""C6 binding, C10 scope labels, C12 metric families, C13 formats: crafted faults are caught."""

from __future__ import annotations

from types import MappingProxyType

from srdi_report.editions.checks import CHECKS, CheckContext
from srdi_report.editions.manifest import MetricEntry, SegmentEntry
from srdi_report.editions.manifest_relations import RelationEntry

BEIJING, SHANGHAI, JIANGSU, SUZHOU = "110000", "310000", "320000", "320500"


def _run(check_id: str, manifest):  # type: ignore[no-untyped-def]
    return CHECKS.get(check_id).run(manifest, CheckContext())


def _segment(segment_id: str, en: str, zh: str = "") -> SegmentEntry:
    texts = {"en": en, **({"zh": zh} if zh else {})}
    return SegmentEntry(segment_id, "paragraph", "s", MappingProxyType(texts))


def test_c6_swapped_pair_in_a_sentence(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    bj = make_number("s/p/m#1", 0.515, "share", 1, group_key=f"province_code={BEIJING}")
    sh = make_number("s/p/m#2", 0.461, "share", 1, group_key=f"province_code={SHANGHAI}")
    swapped = _segment("s/p", "Shanghai and Beijing hold 51.5% and 46.1% more respectively.")
    found = _run("C6", make_manifest([bj, sh], segments=[swapped]))
    assert [f.places for f in found] == [("s/p",)]
    right = _segment("s/p", "Beijing and Shanghai hold 51.5% and 46.1% more respectively.")
    assert _run("C6", make_manifest([bj, sh], segments=[right])) == ()


def test_c6_a_table_row_mixing_two_places(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    a = make_number("c19/cells/c19.r3c2#1", 20, group_key=f"province_code={BEIJING}")
    b = make_number("c19/cells/c19.r3c3#1", 147, group_key=f"province_code={SHANGHAI}")
    found = _run("C6", make_manifest([a, b]))
    assert len(found) == 1
    assert "row 3 of c19 mixes" in found[0].text()


def test_c10_city_named_with_its_province_figures(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    n = make_number("s/p/m#1", 24142, scope=f"province={JIANGSU}")
    seg = _segment("s/p", "Suzhou has 24,142 SRDI firms.")
    found = _run("C10", make_manifest([n], segments=[seg]))
    assert [f.places[0] for f in found] == ["s/p/m#1"]
    assert "苏州市" in found[0].printed  # (and 宿州市: both are "Suzhou" in English)
    ok = _segment("s/p", "Jiangsu has 24,142 SRDI firms.")
    assert _run("C10", make_manifest([n], segments=[ok])) == ()
    city = make_number("s/p/m#1", 6444, scope=f"city={SUZHOU}")
    assert _run("C10", make_manifest([city], segments=[seg])) == ()


def test_c12_comparison_across_two_units(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    a = make_number("s/p/a#1", 240, "value", metric_id="patents_by_city", result_key="a")
    b = make_number("s/p/b#1", 115, "value", metric_id="applications_mean", result_key="b")
    r = make_number("s/p/value#1", 240 / 115, "ratio", 1, metric_id="")
    metrics = [
        MetricEntry("a", "patents_by_city", "city", "", "", "value", "patents", "", 9, ""),
        MetricEntry(
            "b", "applications_mean", "national", "", "", "value", "applications/firm", "", 9, ""
        ),
    ]
    rel = RelationEntry("ratio:s/p:x", "ratio", "s/p", r.number_id, (a.number_id, b.number_id))
    found = _run("C12", make_manifest([a, b, r], [rel], metrics=metrics))
    assert [f.printed for f in found] == ["240 vs 115"]


def test_c13_separators_and_precision(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    grouped = make_number("s/p/m#1", 5774, "value", group_key="k=a")
    bare = make_number("s/q/m#1", 5775, "value", group_key="k=b", printed={"en": "5775"})
    mean_a = make_number("s/p/n#1", 104.43, "value", 0, metric_id="n", group_key="g=1")
    mean_b = make_number("s/q/n#1", 104.43, "value", 2, metric_id="n", group_key="g=1")
    found = _run("C13", make_manifest([grouped, bare, mean_a, mean_b]))
    assert sorted(f.expected for f in found) == ["one precision", "one style"]
    assert all(f.severity == "warning" for f in found)
