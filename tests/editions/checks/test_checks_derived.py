"""C1, C3, C5, C7, C9, C11 catch crafted faults; the relation finder records what holds."""

from __future__ import annotations

from types import MappingProxyType

from srdi_report.editions.checks import CHECKS, CheckContext
from srdi_report.editions.manifest import SegmentEntry
from srdi_report.editions.manifest_relations import RelationEntry, find_relations


def _run(check_id: str, manifest):  # type: ignore[no-untyped-def]
    return CHECKS.get(check_id).run(manifest, CheckContext())


def test_relations_found_on_unrounded_values(make_number) -> None:  # type: ignore[no-untyped-def]
    a = make_number("s/p/m#1", 0.385, "share", 1, column="share", group_key="level=n")
    b = make_number("s/p/m#2", 0.152, "share", 1, column="share", group_key="level=p")
    gap = make_number("s/p/value#1", 0.233, "pp", 1, metric_id="")
    kinds = {(r.kind, r.result) for r in find_relations([a, b, gap])}
    assert ("difference", "s/p/value#1") in kinds


def test_c1_multiple_outside_the_printed_interval(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    a = make_number("s/p/m#1", 2386, group_key="k=a")
    b = make_number("s/p/m#2", 219, group_key="k=b")
    ratio = make_number("s/p/value#1", 13.0, "ratio", 0, metric_id="")  # 2,386 / 219 = 10.9
    rel = RelationEntry("ratio:s/p:x", "ratio", "s/p", ratio.number_id, (a.number_id, b.number_id))
    found = _run("C1", make_manifest([a, b, ratio], [rel]))
    assert [(f.printed, f.expected) for f in found] == [("13", "10.89")]
    # The 2023 PCT CAGR case: inside the interval of the rounded inputs is not a slip.
    ok = make_number("s/p/value#1", 10.9, "ratio", 1, metric_id="")
    good = make_number("s/p/m#2", 2386 / 10.9, "value", 0, group_key="k=b")
    assert _run("C1", make_manifest([a, good, ok], [rel])) == ()


def test_c3_group_sum_over_the_wrong_members(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    members = [
        make_number(f"s/p/m#{i}", v, "share", 2, column="share", group_key=f"city={i}")
        for i, v in enumerate([0.0679, 0.0541, 0.0487, 0.0494], start=1)
    ]
    total = make_number("s/p/m#9", 0.2022, "share", 2, column="sum")  # the four sum to 22.01
    rel = RelationEntry(
        "sum:s/p:x", "sum", "s/p", total.number_id, tuple(m.number_id for m in members)
    )
    found = _run("C3", make_manifest([*members, total], [rel]))
    assert [(f.printed, f.expected) for f in found] == [("20.22%", "22.0100")]


def test_c5_share_of_the_wrong_denominator(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    count = make_number("s/p/m#1", 24, group_key="k=a")
    denominator = make_number("s/p/m#2", 47, group_key="k=b")
    share = make_number("s/p/m#3", 23 / 47, "share", 2, column="share")  # printed 48.94%
    rel = RelationEntry(
        "ratio:s/p:x", "ratio", "s/p", share.number_id, (count.number_id, denominator.number_id)
    )
    found = _run("C5", make_manifest([count, denominator, share], [rel]))
    assert len(found) == 1
    assert "does not give the printed count 24" in found[0].text()


def test_c7_gap_called_higher_when_lower(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    a = make_number("s/p/m#1", 0.152, "share", 1, column="share", group_key="level=p")
    b = make_number("s/p/m#2", 0.385, "share", 1, column="share", group_key="level=n")
    gap = make_number("s/p/value#1", 0.233, "pp", 1, metric_id="")
    text = "Provincial 15.2% vs national 38.5%: 23.3 percentage points higher."
    seg = SegmentEntry("s/p", "paragraph", "s", MappingProxyType({"en": text}))
    rel = RelationEntry(
        "difference:s/p:x", "difference", "s/p", gap.number_id, (a.number_id, b.number_id)
    )
    found = _run("C7", make_manifest([a, b, gap], [rel], segments=[seg]))
    assert [f.expected for f in found] == ["lower"]


def test_c9_cut_off_statements_agree(make_manifest) -> None:  # type: ignore[no-untyped-def]
    texts = {"en": "Data as of February 28, 2026.", "zh": "\u622a\u81f32022\u5e749\u6708"}
    seg = SegmentEntry("front/p", "paragraph", "front", MappingProxyType(texts))
    found = _run("C9", make_manifest([], segments=[seg]))
    assert [f.printed for f in found] == ["\u622a\u81f32022\u5e749\u6708"]


def test_c11_count_above_its_population(make_number, make_manifest) -> None:  # type: ignore[no-untyped-def]
    from srdi_report.editions.manifest import MetricEntry

    metric = MetricEntry("m", "m", "national", "", "", "count", "", "", 146, "")
    found = _run("C11", make_manifest([make_number("s/p/m#1", 300)], metrics=[metric]))
    assert [f.expected for f in found] == ["<= 146"]


def test_c7_quantifiers_rechecked_by_the_rule_that_chose_them(make_manifest) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The top 5 classes hold over 40% of firms (39.63%). Citations rose about 30% (27.0%). "
        "Nearly half of firms (48.89%) are small. A champion holds about 18 times as many "
        "(238 against 13); more than half (52.3%) are national-level."
    )
    seg = SegmentEntry("s/p", "paragraph", "s", MappingProxyType({"en": text}))
    found = _run("C7", make_manifest([], segments=[seg]))
    assert sorted((f.printed, f.expected) for f in found) == [
        ("about 18 times", "more than 18 times"),  # 18.3
        ("about 30%", "nearly 30%"),  # +27.0%: the seed's "约达30%"
        ("over 40%", "nearly 40%"),  # 39.63%: the seed's "超四成"
    ]


def test_c7_uplift_direction_follows_its_operands_not_the_first_digit(
    make_number, make_manifest
) -> None:  # type: ignore[no-untyped-def]
    # "(25)" precedes "8 and 5": a text search for "5" must not take the 5 of 25.
    nums = [
        make_number("s/p/m#1", 30, "value", group_key="level=n;eval=yes"),
        make_number("s/p/m#2", 25, "value", group_key="level=n;eval=no"),
        make_number("s/p/m#3", 8, "value", group_key="level=p;eval=yes"),
        make_number("s/p/m#4", 5, "value", group_key="level=p;eval=no"),
        make_number("s/p/value#1", 0.6, "share", 0, metric_id=""),
    ]
    text = "A median of 30 grants against 25; for provincial firms 8 and 5, 60% more."
    seg = SegmentEntry("s/p", "paragraph", "s", MappingProxyType({"en": text}))
    rel = RelationEntry("uplift:s/p:x", "uplift", "s/p", "s/p/value#1", ("s/p/m#3", "s/p/m#4"))
    assert _run("C7", make_manifest(nums, [rel], segments=[seg])) == ()
    less = SegmentEntry(
        "s/p", "paragraph", "s", MappingProxyType({"en": text.replace("more", "less")})
    )
    assert len(_run("C7", make_manifest(nums, [rel], segments=[less]))) == 1
