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
