"""`build city` / `build cities` at the CLI boundary: choosing cities, bad input, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from srdi_report.cli import app
from srdi_report.data.geography import load_geography
from srdi_report.editions.batch_select import select_cities
from srdi_report.errors import InputError

HEADER = (
    "snapshot_date,firm_id,name_zh,level,lg_batch,province,city,district,gbt_minor,"
    "registered_capital,insured_employees,patents_total,invention_applications,"
    "invention_applications_pending,invention_grants,software_copyrights,std_total,"
    "hon_little_giant,hon_high_tech,hon_tech_center,rd_ratio_2024"
)
BAD_ROW = (  # a level the schema does not know
    "2026-02-28,DM00000001,苏州示例精密材料有限公司,galactic,5,江苏省,苏州市,昆山市,3985,"
    "6200,210,148,74,25,38,5,12,true,true,true,21.4"
)
GUANGDONG_CITIES = 21


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_a_batch_needs_exactly_one_choice_of_cities(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", "cities", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "--all, --province, --cities, --list" in result.output
    both = runner.invoke(app, ["build", "cities", "--all", "--province", "广东省"])
    assert both.exit_code == 2


def test_an_ambiguous_city_in_a_batch_lists_the_candidates(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["build", "cities", "--cities", "Suzhou", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "320500" in result.output
    assert "341300" in result.output
    assert not (tmp_path / "city").exists()


def test_bureau_options_belong_to_their_command(runner: CliRunner, tmp_path: Path) -> None:
    one = runner.invoke(app, ["build", "city", "深圳", "--bureau-dir", str(tmp_path)])
    assert one.exit_code == 2
    assert "--bureau-dir is for a batch" in one.output
    many = runner.invoke(
        app, ["build", "cities", "--cities", "深圳", "--bureau-file", str(tmp_path / "x.yaml")]
    )
    assert many.exit_code == 2
    assert "--bureau-file is for one city" in many.output


def test_invalid_data_exits_2_and_builds_nothing(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "firms.csv"
    data.write_text(HEADER + "\n" + BAD_ROW + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["build", "cities", "--cities", "苏州市", "--data", str(data), "--out", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "galactic" in result.output
    assert not out.exists()


def test_a_province_selects_its_cities_sorted_by_code() -> None:
    geography = load_geography()
    codes = select_cities(geography, province="广东省")
    assert len(codes) == GUANGDONG_CITIES
    assert codes[0] == "440100"
    assert list(codes) == sorted(codes)
    assert select_cities(geography, province="Guangdong") == codes


def test_a_list_file_takes_names_codes_and_comments(tmp_path: Path) -> None:
    listing = tmp_path / "cities.txt"
    listing.write_text(
        "# Pearl River Delta\n深圳\n\nGuangzhou  # English name\n440600\n深圳市\n", encoding="utf-8"
    )
    geography = load_geography()
    assert select_cities(geography, list_file=listing) == ("440100", "440300", "440600")
    assert select_cities(geography, cities=("佛山", "深圳")) == ("440300", "440600")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        select_cities(geography, list_file=empty)


def test_every_city_of_the_reference_is_in_all() -> None:
    geography = load_geography()
    codes = select_cities(geography, every=True)
    assert len(codes) == len(geography.cities_by_code)
    provinces = [geography.city(code).province_code for code in codes]
    assert provinces == sorted(provinces)
