"""figures/marks.py wrap_label: Latin words are never cut, Chinese breaks anywhere."""

from __future__ import annotations

from srdi_report.figures.marks import wrap_label


def test_a_long_latin_word_breaks_after_a_dash_only() -> None:
    # chart c18's column "Beijing–Tianjin–Hebei" was cut to "…Hebe" / "i"
    assert wrap_label("Beijing–Tianjin–Hebei", 80, 9) == "Beijing–\nTianjin–Hebei"
    assert wrap_label("Supercalifragilistic", 30, 9) == "Supercalifragilistic"


def test_chinese_breaks_between_characters_and_latin_at_spaces() -> None:
    assert wrap_label("京津冀城市群", 30, 9) == "京津冀\n城市群"
    assert wrap_label("Software and IT services", 60, 9) == "Software\nand IT\nservices"


def test_chart_text_wrap_keeps_latin_runs_and_punctuation_in_chinese() -> None:
    from srdi_report.figures.kinds._marks import wrap

    # chart c48's targets: "200 件" and "PCT" stay whole, no line starts with a comma
    assert wrap("专利总量>200 件，研发占比>25%", 80, 9) == "专利总量>200 件，\n研发占比>25%"
    assert wrap("I 类知识产权≥4 项，PCT 申请≥2 件", 90, 9) == "I 类知识产权≥4 项，\nPCT 申请≥2 件"
    assert wrap("Beijing–Tianjin–Hebei", 80, 9) == "Beijing–\nTianjin–Hebei"
