"""``srdi-report bureau-template`` and ``bureau-check``: the skeleton validates once filled in."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from srdi_report.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bureau"


def fill(skeleton: str) -> str:
    """Fill every empty text and date of a skeleton the way a bureau would."""
    text = re.sub(r'(\s)zh: ""', r'\1zh: "示例文字"', skeleton)
    text = re.sub(r'(\s)en: ""', r'\1en: "Example text"', text)
    dates = iter(("2015-07", "2023-07"))
    return re.sub(r'date: ""', lambda _: f'date: "{next(dates)}"', text)


def test_template_round_trip(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "440300.yaml"
    made = runner.invoke(
        app, ["bureau-template", "--city", "深圳市", "--year", "2026", "--out", str(out)]
    )
    assert made.exit_code == 0, made.output
    skeleton = out.read_text("utf-8")
    assert skeleton.startswith("# Bureau file of city 440300 (深圳市 / Shenzhen), edition 2026.")
    assert 'city: "440300"' in skeleton
    assert "# event: founded, honor_high_tech, honor_little_giant" in skeleton

    empty = runner.invoke(
        app, ["bureau-check", str(out), "--city", "440300", "--year", "2026", "--no-firms"]
    )
    assert empty.exit_code == 2
    assert f'{out}:11:7: supplied_by.zh — "" — text is empty [error B12]' in empty.output

    out.write_text(fill(skeleton), "utf-8")
    filled = runner.invoke(
        app, ["bureau-check", str(out), "--city", "Shenzhen", "--year", "2026", "--no-firms"]
    )
    assert filled.exit_code == 0, filled.output
    assert "ok for city 440300, 2026: 1 observations, 1 growth files, 0 warnings" in filled.output


def test_template_to_stdout() -> None:
    result = CliRunner().invoke(app, ["bureau-template", "--city", "东莞", "--year", "2026"])
    assert result.exit_code == 0
    assert 'city: "441900"' in result.output


def test_check_of_a_fixture_for_the_wrong_year() -> None:
    path = FIXTURES / "441900.yaml"
    result = CliRunner().invoke(
        app, ["bureau-check", str(path), "--city", "441900", "--year", "2025", "--no-firms"]
    )
    assert result.exit_code == 2
    assert f'{path}:4:7: year — "2026" — must equal the edition year 2025' in result.output
