"""Sandboxed templates → blocks: markup, segment ids, numbers as runs, errors with locations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from srdi_report.compose.markup import ExhibitSlot, parse_blocks
from srdi_report.compose.model import (
    Inline,
    ListBlock,
    NoteRun,
    NumRun,
    Paragraph,
    ParagraphStyle,
    RefRun,
    TextRun,
)
from srdi_report.compose.templates import (
    TemplateError,
    TemplateRenderer,
    default_template_dirs,
)
from srdi_report.number_format import format_number

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "templates"
REPO_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
LABELS = {"c15": "Figure 16"}


def flat(runs: tuple[Inline, ...]) -> str:
    """Runs as text; a number as {kind:value/digits}, a reference as [target|label]."""
    out = []
    for run in runs:
        if isinstance(run, TextRun):
            out.append(f"**{run.text}**" if run.bold else run.text)
        elif isinstance(run, NumRun):
            out.append(f"{{{run.kind}:{run.value:.6g}/{run.digits}}}")
        elif isinstance(run, RefRun):
            out.append(f"[{run.target_id}|{run.label}]")
    return "".join(out)


def printed(runs: tuple[Inline, ...], locale: str) -> str:
    """Runs as a reader sees them: numbers through number_format, notes as [^mark]."""
    out = []
    for run in runs:
        if isinstance(run, NumRun):
            out.append(format_number(run.value, run.kind, run.digits, locale))
        elif isinstance(run, NoteRun):
            out.append(f"[^{run.mark}]")
        else:
            out.append(flat((run,)))
    return "".join(out)


def renderer(locale: str, **kwargs: object) -> TemplateRenderer:
    return TemplateRenderer(locale, [FIXTURES], ref_label=LABELS.__getitem__, **kwargs)  # type: ignore[arg-type]


SAMPLE = {
    "nat_label": "NL",
    "nat_share": 0.10565686,
    "nat_count": 17684,
    "capital_label": "median registered capital",
    "provinces": [
        {"code": "420000", "name": "Hubei", "share": 0.0988},
        {"code": "510000", "name": "Sichuan", "share": 0.0821},
    ],
}


def test_sample_renders_english_blocks_with_segment_ids() -> None:
    blocks = renderer("en").render_blocks("sample.j2", SAMPLE)
    assert [type(b).__name__ for b in blocks] == [
        "Paragraph", "Paragraph", "ExhibitSlot", "Paragraph", "Paragraph", "ListBlock",
    ]  # fmt: skip
    lead, ranks, slot, hubei, sichuan, items = blocks
    assert isinstance(lead, Paragraph)
    assert lead.style is ParagraphStyle.LEAD
    assert lead.segment_id == "sample/level_split"
    assert flat(lead.runs) == (
        "NL make up {share:0.105657/2} ({approx_count:17684/1} firms). "
        "The national-level median registered capital is {value:5774/0}, "
        "{ratio:2.887/1} times the provincial-level figure ({value:2000/0})."
    )
    assert printed(lead.runs, "en").startswith("NL make up 10.57% (about 17,700 firms). ")
    assert isinstance(ranks, Paragraph)
    assert ranks.segment_id == "sample/p1"
    assert printed(ranks.runs, "en") == (
        "Jiangsu ranks first with 14.42%, followed by Guangdong (13.52%) and Shandong (11.49%). "
        "Zhejiang, Beijing and Shanghai rank fourth to sixth. See [c15|Figure 16]."
    )
    assert slot == ExhibitSlot("c15", "figure")
    assert isinstance(hubei, Paragraph)
    assert hubei.segment_id == "sample/province[420000]"
    assert printed(hubei.runs, "en") == "Hubei (9.88%) is close to the average (10.57%)."
    assert isinstance(sichuan, Paragraph)
    assert printed(sichuan.runs, "en") == (
        "Sichuan (8.21%) is 2.36 percentage points below the average (10.57%)."
    )
    assert isinstance(items, ListBlock)
    assert not items.ordered
    assert [flat(i) for i in items.items] == [
        "First **bold **{share:0.5/1} item",
        "Second continues here",
    ]
    bold_number = items.items[0][2]
    assert isinstance(bold_number, NumRun)
    assert bold_number.bold


def test_sample_renders_chinese_from_the_same_template() -> None:
    blocks = renderer("zh").render_blocks("sample.j2", SAMPLE)
    lead, ranks, _, hubei, sichuan, _ = blocks
    assert isinstance(lead, Paragraph)
    assert printed(lead.runs, "zh_CN") == (
        "NL占10.57%（约1.8万家）。国家级企业median registered capital为5,774，"
        "是省级企业（2,000）的2.9倍。"
    )
    assert isinstance(ranks, Paragraph)
    assert printed(ranks.runs, "zh_CN") == (
        "Jiangsu以14.42%的占比位居首位，Guangdong（13.52%）、Shandong（11.49%）紧随其后。"
        "Zhejiang、Beijing、Shanghai分列第四至六位。See [c15|Figure 16]."
    )
    assert isinstance(sichuan, Paragraph)
    assert printed(sichuan.runs, "zh_CN") == "Sichuan（8.21%）低于平均水平（10.57%）2.36个百分点。"
    assert isinstance(hubei, Paragraph)
    assert hubei.segment_id == "sample/province[420000]"


def test_accessor_globals_and_narrative_helpers() -> None:
    runs = {
        ("c03", "share"): NumRun(0.10565686, "share", 2, metric_id="c03", number_id="c03_nat"),
        ("c03", "firms"): NumRun(17684.0, "count", 0, metric_id="c03"),
    }
    zh = renderer("zh", globals={"metric": lambda m, c: runs[(m, c)]})
    first, second = zh.render_blocks("accessor.j2", {})
    assert isinstance(first, Paragraph)
    assert (
        flat(first.runs)
        == "国家级专精特新“小巨人”占{share:0.105657/2}（{approx_count:17684/1}家）。"
    )
    assert isinstance(second, Paragraph)
    assert flat(second.runs) == "近四成 / {share:0.05/1} / 近{ratio:4/0}倍 / 位居第五位"
    en = renderer("en", globals={"metric": lambda m, c: runs[(m, c)]})
    _, second_en = en.render_blocks("accessor.j2", {})
    assert isinstance(second_en, Paragraph)
    assert (
        flat(second_en.runs)
        == "nearly 40% / {share:0.05/1} / nearly {ratio:4/0} times / ranks fifth"
    )


def test_markup_joins_cjk_lines_without_spaces_and_reads_numbered_lists() -> None:
    cjk, numbered = renderer("zh").render_blocks("markup.j2", {})
    assert isinstance(cjk, Paragraph)
    assert flat(cjk.runs) == "位居首位位居首位"
    assert cjk.segment_id == "markup/cjk"
    assert isinstance(numbered, ListBlock)
    assert numbered.ordered
    assert [flat(i) for i in numbered.items] == ["one", "two {count:3/0}"]
    en_cjk, _ = renderer("en").render_blocks("markup.j2", {})
    assert isinstance(en_cjk, Paragraph)
    assert flat(en_cjk.runs) == "ranks first ranks first"


def test_missing_variable_names_template_and_line() -> None:
    with pytest.raises(TemplateError) as caught:
        renderer("en").render_blocks("missing.j2", {})
    err = caught.value
    assert (err.template, err.line) == ("missing.j2", 3)
    assert str(err) == "missing.j2:3: undefined: 'nope' is undefined"


def test_failing_call_in_a_macro_names_the_macro_line_and_the_caller() -> None:
    with pytest.raises(TemplateError) as caught:
        renderer("en").render_blocks("calls_partial.j2", {})
    err = caught.value
    assert (err.template, err.line) == ("_partials.j2", 2)
    assert "has no value" in str(err)
    assert str(err).endswith("(called from calls_partial.j2:4)")


def test_failing_composer_global_is_a_template_error() -> None:
    def metric(metric_id: str, column: str) -> NumRun:
        raise KeyError(f"no metric {metric_id}")

    with pytest.raises(TemplateError) as caught:
        renderer("en", globals={"metric": metric}).render_blocks("accessor.j2", {})
    assert caught.value.template == "accessor.j2"
    assert caught.value.line == 1
    assert "no metric c03" in str(caught.value)


def test_syntax_error_and_unknown_template() -> None:
    with pytest.raises(TemplateError) as caught:
        renderer("en").render_blocks("syntax.j2", {})
    assert (caught.value.template, caught.value.line) == ("syntax.j2", 2)
    with pytest.raises(TemplateError, match=r"'nowhere\.j2' not found in .*fixtures/templates"):
        renderer("en").render_blocks("nowhere.j2", {})


def test_untranslated_message_is_an_error_unless_strictness_is_off() -> None:
    with pytest.raises(TemplateError, match="not translated in the zh_CN catalog"):
        renderer("zh").render_blocks("untranslated.j2", {})
    (block,) = renderer("zh", strict_messages=False).render_blocks("untranslated.j2", {})
    assert isinstance(block, Paragraph)
    assert flat(block.runs) == "A sentence no catalog has."


def test_duplicate_segment_id_is_an_error() -> None:
    with pytest.raises(TemplateError, match="segment id 'duplicate/same' is used twice"):
        renderer("en").render_blocks("duplicate.j2", {})


def test_sandbox_refuses_private_attributes(tmp_path: Path) -> None:
    (tmp_path / "escape.j2").write_text("{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"escape.j2:1: SecurityError: .*unsafe"):
        TemplateRenderer("en", [tmp_path]).render_blocks("escape.j2", {})


def test_user_folder_overrides_a_shipped_partial(tmp_path: Path) -> None:
    (tmp_path / "_partials.j2").write_text(
        '{% macro broken(share) -%}{{ _("ranks first") }}{%- endmacro %}', encoding="utf-8"
    )
    (block,) = TemplateRenderer("zh", [tmp_path, FIXTURES]).render_blocks("calls_partial.j2", {})[
        1:
    ]
    assert isinstance(block, Paragraph)
    assert flat(block.runs) == "位居首位"


def test_num_validates_values() -> None:
    r = renderer("en")
    assert parse_blocks(r.num(None, "share", 2, suppressed=True), "t") == (
        Paragraph(runs=(NumRun(None, "share", 2, suppressed=True),), segment_id="t/p1"),
    )
    passthrough = r.num(NumRun(0.25, "share", 2, metric_id="m"), digits=1, id="n1")
    (para,) = parse_blocks(passthrough, "t")
    assert isinstance(para, Paragraph)
    assert para.runs == (NumRun(0.25, "share", 1, metric_id="m", number_id="n1"),)
    for bad in (lambda: r.num(float("nan"), "share"), lambda: r.num(1.0, "percent")):
        with pytest.raises(ValueError, match=r"num\(\)"):
            bad()
    with pytest.raises(TypeError):
        r.num(True, "count")
    with pytest.raises(TypeError, match="is text"):
        r.num("12", "count")
    with pytest.raises(ValueError, match="has no value"):
        r.num(pd.NA, "count", id="c03_nat")
    with pytest.raises(TypeError):
        r.num(0.5)


def test_shipped_templates_are_found_from_the_checkout() -> None:
    assert REPO_TEMPLATES.resolve() in default_template_dirs()


ALL_MACROS_EN = [
    "S make up 10.57% (about 17,700 firms).",
    "The national-level I is 5,774, about 3 times the provincial-level figure (2,000).",
    "The share of firms with C is 38.5% among national-level firms, 23.3 percentage points "
    "higher than among provincial-level firms (15.2%).",
    "W: 123, 41% more than O (87).",
    "A ranks first with 14.42%, followed by B (13.52%) and C (11.49%).",
    "D, E and F rank fourth to sixth.",
    "G have a combined share of 39.43%.",
    "H (8.21%) is 2.36 percentage points below the average (10.57%).",
    "Provincial-level firms score 22.2 on Q (national-level = 100), a gap rate of 77.8%, the "
    "largest of the five dimensions.",
    "Provincial-level firms score 50.0 on Q (national-level = 100), a gap rate of 50.0%, the "
    "smallest of the five dimensions.",
    "Provincial-level firms score 26.0 on Q (national-level = 100), a gap rate of 74.0%.",
    "In order of priority: Q (77.8%), R (74.0%).",
    "N fell from 8.14% in 2023 to 4.21% in 2024, down 3.93 percentage points.",
    "N rose from 4.21% in 2023 to 8.14% in 2024, up 3.93 percentage points.",
    "N was 5.00% in both 2023 and 2024.",
    "nearly 40%",
    "38\u201345",
    "T rose until 2023, then fell.",
    "The gap was 3.90 percentage points in 2024, wider than in 2023 (2.84) but narrower than in "
    "2022 (4.91).",
    "- **not markup** [^a] \u2605\u2605\u2605\u2605\u2606 as high as 3",
]
ALL_MACROS_ZH = [
    "S占10.57%（约1.8万家）。",
    "国家级企业I为5,774，是省级企业（2,000）的约3倍。",
    "C的企业占比，国家级为38.5%，比省级（15.2%）高23.3个百分点。",
    "W为123，比O（87）高41%。",
    "A以14.42%的占比位居首位，B（13.52%）、C（11.49%）紧随其后。",
    "D、E、F分列第四至六位。",
    "G合计占比39.43%。",
    "H（8.21%）低于平均水平（10.57%）2.36个百分点。",
    "省级企业Q得分为22.2（国家级为100），差距率77.8%，为五个维度中最大。",
    "省级企业Q得分为50.0（国家级为100），差距率50.0%，为五个维度中最小。",
    "省级企业Q得分为26.0（国家级为100），差距率74.0%。",
    "提升优先级依次为：Q（77.8%）、R（74.0%）。",
    "N由2023年的8.14%降至2024年的4.21%，下降3.93个百分点。",
    "N由2023年的4.21%升至2024年的8.14%，上升3.93个百分点。",
    "N在2023年和2024年均为5.00%。",
    "近四成",
    "38\u201445",
    "T上升至2023年后回落。",
    "2024年两者差距为3.90个百分点，较2023年（2.84）扩大，但小于2022年（4.91）。",
    "- **not markup** [^a] \u2605\u2605\u2605\u2605\u2606 高达3",
]


@pytest.mark.parametrize(("locale", "expected"), [("en", ALL_MACROS_EN), ("zh_CN", ALL_MACROS_ZH)])
def test_every_macro_prints_in_both_languages(locale: str, expected: list[str]) -> None:
    blocks = renderer(locale).render_blocks("all_macros.j2", {})
    assert [printed(b.runs, locale) for b in blocks if isinstance(b, Paragraph)] == expected
    last = blocks[-1]
    assert isinstance(last, Paragraph)
    assert last.runs[0] == TextRun("- **not markup** ")
    assert last.runs[1] == NoteRun(mark="a", text="Fewer than 5 firms.")


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ('one\n{% segment "a", style="loud" %}x{% endsegment %}\n', 2, "unknown paragraph style"),
        ('{% segment "Bad Id" %}x{% endsegment %}\n', 1, "segment id 'Bad Id' must be"),
        ("x\n\n{{ num(0.5, 'percent') }}\n", 3, "unknown kind 'percent'"),
        ("{{ stars(6) }}\n", 1, "outside 0"),
        ("{{ rank_phrase(1.5) }}\n", 1, "expected a whole number"),
        ("{{ quantifier(1.7) }}\n", 1, "a share is a fraction"),
    ],
)
def test_helper_failures_name_the_line(
    tmp_path: Path, source: str, line: int, message: str
) -> None:
    (tmp_path / "t.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError, match=message) as caught:
        TemplateRenderer("en", [tmp_path]).render_blocks("t.j2", {})
    assert (caught.value.template, caught.value.line) == ("t.j2", line)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ('{% segment "a" %}{% segment "b" %}x{% endsegment %}{% endsegment %}', "nested"),
        ("an **unclosed bold\n", "unclosed"),
        ("- item\nnot an item\n", "neither an item nor indented"),
    ],
)
def test_broken_markup_is_a_template_error(tmp_path: Path, source: str, message: str) -> None:
    (tmp_path / "t.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError, match=message) as caught:
        TemplateRenderer("en", [tmp_path]).render_blocks("t.j2", {})
    assert caught.value.template == "t.j2"


def test_segments_number_their_blocks_and_skip_slots(tmp_path: Path) -> None:
    (tmp_path / "ch" / "s1.j2").parent.mkdir()
    (tmp_path / "ch" / "s1.j2").write_text(
        'Intro.\n\n{% segment "summary", style="box" %}\nOne.\n\n{{ fig("c01") }}\n\n'
        "Two.\n{% endsegment %}\n\nOutro.\n",
        encoding="utf-8",
    )
    blocks = TemplateRenderer("en", [tmp_path]).render_blocks("ch/s1.j2", {})
    assert [getattr(b, "segment_id", type(b).__name__) for b in blocks] == [
        "ch/s1/p1",
        "ch/s1/summary",
        "ExhibitSlot",
        "ch/s1/summary.2",
        "ch/s1/p2",
    ]
    assert [getattr(b, "style", None) for b in blocks][1] is ParagraphStyle.BOX


def test_plural_messages_choose_the_form_by_count(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text(
        '{% for n in (1, 3) %}{{ ngettext("%(share)s (%(count)s firm)", '
        '"%(share)s (%(count)s firms)", n, share=num(0.5, "share", 0), count=num(n, "count")) }}'
        "\n\n{% endfor %}",
        encoding="utf-8",
    )
    one, three = TemplateRenderer("en", [tmp_path]).render_blocks("t.j2", {})
    assert isinstance(one, Paragraph)
    assert isinstance(three, Paragraph)
    assert (printed(one.runs, "en"), printed(three.runs, "en")) == ("50% (1 firm)", "50% (3 firms)")
