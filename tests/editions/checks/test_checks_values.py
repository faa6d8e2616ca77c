"""C2 partitions, C4 one value per metric, C14 parity: crafted faults are caught."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from srdi_report.editions.checks import CHECKS, CheckContext
from srdi_report.editions.checks.runner import load_waivers, run_checks
from srdi_report.editions.manifest import ExhibitEntry, SegmentEntry
from srdi_report.editions.manifest_relations import RelationEntry


def _ids(findings):  # type: ignore[no-untyped-def]
    return [(f.check_id, f.places[0]) for f in findings]


def _partition(ids: list[str], total: float) -> RelationEntry:
    return RelationEntry(
        relation_id="partition:c05/cells:x",
        kind="partition",
        place="c05/cells",
        result="",
        inputs=tuple(ids),
        total=total,
        label="bands/share/band",
    )


def test_registry_has_the_fifteen_checks() -> None:
    assert CHECKS.names() == tuple(sorted(f"C{i}" for i in range(1, 16)))
    assert CHECKS.get("C13").severity == "warning"
    assert CHECKS.get("C15").reads == "pdf"


def test_c2_shares_summing_to_103_percent_are_an_error(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    good = [0.2512, 0.3337, 0.4151]  # prints 25.12 + 33.37 + 41.51 = 100.00
    nums = [
        make_number(f"c05/cells/s#{i}", v, "share", 2, group_key=f"band={i}", column="share")
        for i, v in enumerate(good)
    ]
    ids = [n.number_id for n in nums]
    ok = make_manifest(nums, [_partition(ids, 1.0)])
    assert CHECKS.get("C2").run(ok, CheckContext()) == ()
    bad = list(nums)
    bad[2] = make_number(ids[2], 0.4451, "share", 2, group_key="band=2", column="share")
    found = CHECKS.get("C2").run(make_manifest(bad, [_partition(ids, 1.0)]), CheckContext())
    assert len(found) == 1
    assert found[0].printed == "103.00%"
    assert "sum to 103.00%" in found[0].text()


def test_c2_shares_within_rounding_of_100_pass(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    # Three thirds print 33.3% each: 99.9%, inside 3 cells x 0.05.
    nums = [
        make_number(f"c/cells/s#{i}", 1 / 3, "share", 1, group_key=f"k={i}", column="share")
        for i in range(3)
    ]
    rel = _partition([n.number_id for n in nums], 1.0)
    assert CHECKS.get("C2").run(make_manifest(nums, [rel]), CheckContext()) == ()


def test_c2_counts_must_sum_to_the_population(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    nums = [
        make_number(f"c16/cells/n#{i}", v, group_key=f"province={i}") for i, v in enumerate([5, 7])
    ]
    rel = _partition([n.number_id for n in nums], 13.0)
    found = CHECKS.get("C2").run(make_manifest(nums, [rel]), CheckContext())
    assert [(f.printed, f.expected) for f in found] == [("12", "13")]


def test_c4_one_value_per_metric_and_printing(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    a = make_number("summary/p/m#1", 752, group_key="city=shenzhen")
    b = make_number("c16/cells/m#1", 754, group_key="city=shenzhen")
    found = CHECKS.get("C4").run(make_manifest([a, b]), CheckContext())
    assert _ids(found) == [("C4", "summary/p/m#1")]
    assert found[0].printed == "752 / 754"
    # A printing that is not the rounding of its value: 76.7% for 0.7656.
    c = make_number(
        "ch2/p/m#1", 0.7656, "share", 1, group_key="pct=0", printed={"en": "76.7%", "zh": "76.6%"}
    )
    found = CHECKS.get("C4").run(make_manifest([c]), CheckContext())
    assert [(f.printed, f.expected) for f in found] == [("76.7%", "76.6%")]


def test_c14_parity_one_language_numbers_han_and_glossary(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    only_zh = make_number("s/p/value#1@zh", 3, printed={"zh": "3"})
    seg = SegmentEntry(
        "s/p", "paragraph", "s", MappingProxyType({"en": "A gazelle enterprise in 苏州", "zh": "x"})
    )
    exhibit = ExhibitEntry(
        exhibit_id="c15",
        number=15,
        kind="figure",
        section="s",
        titles=MappingProxyType({"en": "T", "zh": "T"}),
        labels=MappingProxyType({"en": "Figure 15", "zh": "图表 16"}),
        metric_ids=(),
        spec_hash="",
        figure_hashes=MappingProxyType({}),
        data_hashes=MappingProxyType({}),
        images=MappingProxyType({}),
        figure_texts=MappingProxyType({}),
    )
    found = CHECKS.get("C14").run(
        make_manifest([only_zh], segments=[seg], exhibits=[exhibit]), CheckContext()
    )
    messages = sorted(f.text() for f in found)
    assert any("printed in zh only" in m for m in messages)
    assert any("contains Chinese characters" in m for m in messages)
    assert any("uses gazelle enterprise; the glossary says gazelle firm" in m for m in messages)
    assert any("exhibit c15 is numbered" in m for m in messages)


def test_c14_separate_language_manifests_compare_numbers(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    zh = make_manifest([make_number("s/p/m#1", 5, group_key="k=1")])
    en = make_manifest([make_number("s/p/m#1", 6, group_key="k=1")])
    found = CHECKS.get("C14").run(zh, CheckContext(others=(en,)))
    assert len(found) == 2  # 5 only here, 6 only there


def test_waivers_cover_errors_by_check_and_place(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    a = make_number("summary/p/m#1", 752, group_key="city=shenzhen")
    b = make_number("c16/cells/m#1", 754, group_key="city=shenzhen")
    m = make_manifest([a, b])
    assert len(run_checks(m, only=["C4"]).errors) == 1
    waivers = load_waivers("- {check: C4, place: summary/p/m#1, reason: seed slip}\n", "w")
    report = run_checks(m, only=["C4"], waivers=waivers)
    assert report.errors == ()
    assert report.waived == {"C4:summary/p/m#1"}
    assert replace(report, waived=frozenset()).errors


def test_a_waiver_matching_nothing_is_reported_stale(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    m = make_manifest([make_number("s/p/m#1", 5, group_key="k=1")])
    waivers = load_waivers("- {check: C4, place: gone/p/m#1, reason: fixed since}\n", "w")
    report = run_checks(m, only=["C4"], waivers=waivers)
    assert report.stale == ("C4:gone/p/m#1",)
    assert "stale waiver C4:gone/p/m#1" in report.lines()[-2]
