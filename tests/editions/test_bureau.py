"""The bureau file (city_edition.md §6): every rule gives one clear line per problem.

Each bad input changes one thing in a small valid file and expects exactly one error, printed
``file:line:column: key — value — reason``; the warnings of §6 do not stop the load.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from srdi_report.data.geography import Geography, load_geography
from srdi_report.editions.bureau import BureauFile, BureauProblem, check_bureau, load_bureau
from srdi_report.editions.city_places import resolve_city
from srdi_report.errors import DataError

AS_OF = date(2026, 2, 28)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bureau"
FIXTURE_CITIES = {"440100": "广州", "440300": "深圳", "440600": "佛山", "441900": "东莞"}

VALID = """\
schema_version: 1
city: "440300"
year: 2026
supplied_by: {zh: "深圳市中小企业服务局", en: "Shenzhen SME Service Bureau"}
observations:
  - id: obs-1
    title: {zh: "精准服务", en: "Tailored services"}
    body: {zh: "深圳为企业配备服务专员。", en: "Shenzhen gives each firm a service officer."}
growth_files:
  - id: gf-1
    firm_id: "DM00000001"
    name: {zh: "深圳示例一科技有限公司", en: "Shili One Technology Co., Ltd."}
    tagline: {zh: "服务机器人", en: "Service robots"}
    intro: {zh: "研发商用服务机器人。", en: "Makes commercial service robots."}
    milestones:
      - {date: "2016-01", event: founded}
      - {date: "2023-07", event: honor_little_giant}
    highlights:
      - facet: specialization
        bullets:
          - {zh: "专注配送机器人。", en: "Focuses on delivery robots."}
"""

FIRMS = pd.DataFrame(
    {
        "firm_id": ["DM00000001", "DM00000002", "DM00000003"],
        "name_zh": ["深圳示例一科技有限公司", "广州示例二科技有限公司", "深圳示例三有限公司"],
        "city_code": ["440300", "440100", "440300"],
        "level": ["national", "national", "provincial"],
        "lg_batch": ["5", "4", None],
        "snapshot_date": pd.to_datetime(["2026-02-28"] * 3),
    }
)


@pytest.fixture(scope="module")
def geography() -> Geography:
    return load_geography()


Result = tuple[BureauFile | None, tuple[BureauProblem, ...]]
Check = Callable[..., Result]


@pytest.fixture
def check(tmp_path: Path, geography: Geography) -> Check:
    """Write ``text`` as tmp/city_bureau.yaml and check it for 深圳 2026."""

    def run(
        text: str, *, firms: pd.DataFrame | None = FIRMS, name: str = "city_bureau.yaml"
    ) -> Result:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return check_bureau(
            path,
            city_code="440300",
            year=2026,
            firms=firms,
            as_of=AS_OF,
            resolve=lambda text: resolve_city(text, geography),
        )

    return run


def errors(problems: tuple[BureauProblem, ...]) -> list[BureauProblem]:
    return [p for p in problems if p.is_error]


def one_error(check: Check, text: str, rule: str, **kw: object) -> BureauProblem:
    record, problems = check(text, **kw)
    found = errors(problems)
    assert record is None
    assert [p.rule for p in found] == [rule], [str(p) for p in problems]
    return found[0]


def where(problem: BureauProblem) -> tuple[int | None, str | None]:
    return problem.location.row, problem.location.column


# --- the valid file and the fixtures -------------------------------------------------------------


def test_valid_file_loads_without_problems(check: Check) -> None:
    record, problems = check(VALID)
    assert problems == ()
    assert record is not None
    card = record.growth_files[0]
    assert [m.event for m in card.milestones] == ["founded", "honor_little_giant"]
    assert card.highlights[0].facet == "specialization"
    assert record.observations[0].title.en == "Tailored services"


@pytest.mark.parametrize("code", sorted(FIXTURE_CITIES))
def test_seed_fixtures_validate(geography: Geography, code: str) -> None:
    record, problems = check_bureau(
        FIXTURES / f"{code}.yaml",
        city_code=code,
        year=2026,
        firms=None,
        as_of=AS_OF,
        resolve=lambda text: resolve_city(text, geography),
    )
    assert errors(problems) == []
    assert record is not None
    assert (len(record.observations), len(record.growth_files)) == (3, 3)
    assert record.headline is not None
    for card in record.growth_files:
        assert card.milestones[0].event == "founded"
        assert [m.date for m in card.milestones] == sorted(m.date for m in card.milestones)


def test_seed_fixture_of_shenzhen_keeps_the_seed_dates(geography: Geography) -> None:
    record, _ = check_bureau(
        FIXTURES / "440300.yaml",
        city_code="440300",
        year=2026,
        firms=None,
        as_of=AS_OF,
        resolve=lambda text: resolve_city(text, geography),
    )
    assert record is not None
    insta = record.growth_files[0]
    assert insta.name.zh == "影石创新科技股份有限公司"
    assert [(m.date, m.event) for m in insta.milestones] == [
        ("2015-07", "founded"),
        ("2021-11", "honor_single_champion"),
        ("2023-05", "honor_little_giant"),
        ("2023-12", "honor_high_tech"),
    ]


# --- form of the file -----------------------------------------------------------------------------


def test_problem_line_names_file_line_column_key_value_reason(check: Check, tmp_path: Path) -> None:
    problem = one_error(check, VALID.replace("year: 2026", "year: 2025"), "B11")
    assert str(problem) == (
        f'{tmp_path / "city_bureau.yaml"}:3:7: year — "2025" — must equal the edition year 2026 '
        "[error B11]"
    )


def test_load_bureau_raises_one_data_error_with_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        VALID.replace("year: 2026", "year: 2025").replace("2016-01", "2016-13"), "utf-8"
    )
    with pytest.raises(DataError) as err:
        load_bureau(path, city_code="440300", year=2026, firms=FIRMS, as_of=AS_OF)
    assert err.value.exit_code == 2
    assert [p.rule for p in err.value.problems] == ["B11", "B16"]
    assert str(err.value) == (
        f'2 errors in the bureau file; first: {path}:3:7: year — "2025" — '
        "must equal the edition year 2026 [error B11]"
    )


def test_duplicate_key(check: Check) -> None:
    problem = one_error(check, VALID.replace("year: 2026\n", "year: 2026\nyear: 2026\n"), "B04")
    assert where(problem) == (4, "1")
    assert "duplicate key (first on line 3)" in str(problem)


def test_unknown_key_names_the_allowed_keys(check: Check) -> None:
    problem = one_error(check, VALID + "colour: red\n", "B06")
    assert problem.key == "colour"
    assert "allowed: schema_version, city, year, supplied_by, headline" in problem.reason


def test_python_object_tag_is_refused_not_run(check: Check) -> None:
    text = VALID.replace('city: "440300"', 'city: !!python/object/apply:os.system ["440300"]')
    record, problems = check(text)
    assert record is None
    rules = {p.rule for p in errors(problems)}
    assert "B03" in rules
    tag = next(p for p in problems if p.rule == "B03")
    assert tag.value == "!!python/object/apply:os.system"
    assert where(tag) == (2, "7")


def test_any_explicit_tag_is_refused(check: Check) -> None:
    problem = one_error(check, VALID.replace("year: 2026", "year: !!int 2026"), "B03")
    assert problem.value == "!!int"


def test_anchors_and_aliases_are_refused(check: Check) -> None:
    text = VALID.replace('en: "Service robots"}', 'en: &robots "Service robots"}')
    problem = one_error(check, text, "B05")
    assert problem.reason == "anchors are not allowed"


def test_yaml_syntax_error_has_a_position(check: Check) -> None:
    problem = one_error(check, VALID.replace("year: 2026", "year: [2026"), "B02")
    assert problem.location.row is not None


def test_file_over_256_kb(check: Check) -> None:
    problem = one_error(check, VALID + "#" * (256 * 1024) + "\n", "B01")
    assert "at most 262,144 are allowed" in problem.reason


def test_unsupported_schema_version(check: Check) -> None:
    one_error(check, VALID.replace("schema_version: 1", "schema_version: 2"), "B09")


def test_missing_required_key(check: Check) -> None:
    problem = one_error(
        check, VALID.replace('    tagline: {zh: "服务机器人", en: "Service robots"}\n', ""), "B07"
    )
    assert problem.key == "growth_files[1].tagline"


def test_wrong_city(check: Check) -> None:
    problem = one_error(check, VALID.replace('city: "440300"', "city: 广州市"), "B10")
    assert "for city 440100, but the edition is for 440300" in problem.reason


def test_city_may_be_the_chinese_name(check: Check) -> None:
    record, problems = check(VALID.replace('city: "440300"', "city: 深圳市"))
    assert record is not None
    assert problems == ()


def test_han_in_english(check: Check) -> None:
    problem = one_error(
        check, VALID.replace('en: "Tailored services"', 'en: "Tailored 服务"'), "B13"
    )
    assert problem.key == "observations[1].title.en"


def test_chinese_text_without_han(check: Check) -> None:
    one_error(check, VALID.replace('zh: "精准服务"', 'zh: "Tailored"'), "B14")


def test_empty_text(check: Check) -> None:
    problem = one_error(check, VALID.replace('zh: "精准服务"', 'zh: ""'), "B12")
    assert problem.key == "observations[1].title.zh"


def test_title_too_long(check: Check) -> None:
    problem = one_error(check, VALID.replace('zh: "精准服务"', f'zh: "{"精" * 31}"'), "B15")
    assert problem.reason == "31 characters; a title has at most 30 in zh"


def test_bad_date(check: Check) -> None:
    problem = one_error(check, VALID.replace("2016-01", "2016-13"), "B16")
    assert problem.key == "growth_files[1].milestones[1].date"
    assert where(problem) == (16, "16")


def test_future_date(check: Check) -> None:
    problem = one_error(check, VALID.replace("2023-07", "2026-05"), "B17")
    assert "after the edition's as-of month 2026-02" in problem.reason


def test_two_founded(check: Check) -> None:
    text = VALID.replace(
        '      - {date: "2023-07", event: honor_little_giant}\n',
        '      - {date: "2023-07", event: honor_little_giant}\n'
        '      - {date: "2024-01", event: founded}\n',
    )
    problem = one_error(check, text, "B18")
    assert problem.reason == "at most one 'founded' milestone"


def test_founded_not_earliest(check: Check) -> None:
    text = VALID.replace(
        '      - {date: "2016-01", event: founded}\n',
        '      - {date: "2015-01", event: honor_high_tech}\n'
        '      - {date: "2016-01", event: founded}\n',
    )
    one_error(check, text, "B18")


def test_other_event_needs_text(check: Check) -> None:
    text = VALID.replace("event: honor_little_giant}", "event: other}")
    one_error(check, text, "B20")


def test_other_event_with_text_is_printed_from_the_file(check: Check) -> None:
    text = VALID.replace(
        "event: honor_little_giant}",
        'event: other, text: {zh: "获得省级奖项", en: "Won a provincial award"}}',
    )
    record, problems = check(text)
    assert problems == ()
    assert record is not None
    assert record.growth_files[0].milestones[1].text is not None


def test_unknown_event_lists_the_vocabulary(check: Check) -> None:
    problem = one_error(check, VALID.replace("event: founded", "event: born"), "B20")
    assert "allowed: founded, honor_high_tech" in problem.reason


def test_facet_twice(check: Check) -> None:
    text = VALID + (
        "      - facet: specialization\n"
        "        bullets:\n"
        '          - {zh: "专注清洁机器人。", en: "Also cleaning robots."}\n'
    )
    problem = one_error(check, text, "B21")
    assert "facet given twice on this card (first on line 19)" in problem.reason


def test_unknown_facet(check: Check) -> None:
    one_error(check, VALID.replace("facet: specialization", "facet: scale"), "B21")


def test_too_many_bullets(check: Check) -> None:
    bullet = '          - {zh: "专注配送机器人。", en: "Focuses on delivery robots."}\n'
    problem = one_error(check, VALID + bullet * 3, "B22")
    assert problem.reason == "bullets must have 1–3 items"


def test_duplicate_id(check: Check) -> None:
    problem = one_error(check, VALID.replace("id: gf-1", "id: obs-1"), "B23")
    assert "first on line 6" in problem.reason


def test_firm_of_another_city(check: Check) -> None:
    problem = one_error(check, VALID.replace("DM00000001", "DM00000002"), "B24")
    assert problem.reason == "the firm belongs to city 440100, not 440300"


def test_firm_of_another_city_when_given_only_the_city_rows(check: Check) -> None:
    city_rows = FIRMS[FIRMS["city_code"] == "440300"]
    text = VALID.replace("DM00000001", "DM00000002")
    problem = one_error(check, text, "B24", firms=city_rows)
    assert problem.reason == "no firm of city 440300 has this id in the firm table"


def test_unknown_firm(check: Check) -> None:
    problem = one_error(check, VALID.replace("DM00000001", "DM99999999"), "B24")
    assert problem.reason == "no firm with this id in the firm table"


def test_logo_too_big(check: Check, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024))
    problem = one_error(check, VALID + "    logo: logo.png\n", "B27")
    assert "at most 1,048,576 are allowed" in problem.reason


def test_logo_outside_the_folder(check: Check, tmp_path: Path) -> None:
    (tmp_path / "inner").mkdir()
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    problem = one_error(
        check, VALID + "    logo: ../logo.png\n", "B27", name="inner/city_bureau.yaml"
    )
    assert problem.reason == "the logo must lie inside the bureau file's folder"


def test_logo_inside_the_folder_is_kept(check: Check, tmp_path: Path) -> None:
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "gf-1.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 16)
    record, problems = check(VALID + "    logo: logos/gf-1.jpg\n")
    assert problems == ()
    assert record is not None
    assert record.growth_files[0].logo == str((tmp_path / "logos" / "gf-1.jpg").resolve())


# --- warnings ------------------------------------------------------------------------------------


def test_warnings_do_not_stop_the_load(check: Check) -> None:
    text = (
        VALID.replace("深圳示例一科技有限公司", "深圳示例壹科技有限公司")
        .replace('      - {date: "2016-01", event: founded}\n', "")
        .replace(
            '      - {date: "2023-07", event: honor_little_giant}\n',
            '      - {date: "2023-07", event: honor_little_giant}\n'
            '      - {date: "2016-01", event: founded}\n',
        )
        .replace("Focuses on delivery robots.", "A small giant of delivery robots.")
    )
    record, problems = check(text)
    assert record is not None
    assert errors(problems) == []
    assert sorted(p.rule for p in problems) == ["B19", "B25", "B28"]
    assert [m.event for m in record.growth_files[0].milestones] == [
        "founded",
        "honor_little_giant",
    ]
    assert record.warnings == problems
    lint = next(p for p in problems if p.rule == "B28")
    assert lint.value == "small giant"
    assert lint.reason == "the glossary prefers 'Little Giant'"


def test_little_giant_milestone_against_batch_year_and_level(check: Check) -> None:
    firms = FIRMS.assign(lg_batch=pd.Series(["4", "4", None], dtype="string"))
    _, problems = check(VALID, firms=firms)
    assert [(p.rule, p.is_error) for p in problems] == [("B26", False)]
    assert "batch 4 is of 2022" in problems[0].reason
    provincial = FIRMS.assign(level=["provincial", "national", "provincial"])
    _, problems = check(VALID, firms=provincial)
    assert [p.rule for p in problems] == ["B26"]
    assert "level is provincial" in problems[0].reason


def test_without_a_firm_table_firm_id_is_a_warning(check: Check) -> None:
    record, problems = check(VALID, firms=None)
    assert record is not None
    assert [(p.rule, p.is_error) for p in problems] == [("B24", False)]


@pytest.mark.parametrize("levels", [50, 5000])
def test_deep_nesting_is_a_problem_not_a_crash(check: Check, levels: int) -> None:
    problem = one_error(check, VALID + "extra: " + "[" * levels + "]" * levels + "\n", "B02")
    if levels == 50:
        assert problem.reason == "lists or mappings nest too deep"


def test_byte_order_mark_and_windows_line_ends(check: Check, tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.replace("\n", "\r\n").encode("utf-8"))
    record, problems = check_bureau(path, city_code="440300", year=2026, firms=FIRMS, as_of=AS_OF)
    assert record is not None
    assert problems == ()


def test_pure_python_loader_gives_the_same_lines(
    check: Check, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    from srdi_report.editions import bureau_yaml

    text = VALID.replace("year: 2026\n", "year: !!int 2026\nyear: 2026\n")
    with_c = [str(p) for p in check(text)[1]]
    monkeypatch.setattr(bureau_yaml, "LOADER", yaml.SafeLoader)
    assert [str(p) for p in check(text)[1]] == with_c
    assert [p.rule for p in check(text)[1]] == ["B03", "B04"]
    deep = one_error(check, VALID + "extra: " + "[" * 5000 + "]" * 5000 + "\n", "B02")
    assert deep.reason == "lists or mappings nest too deep"


def test_broken_fixture_gives_one_line_per_bad_line(geography: Geography) -> None:
    path = FIXTURES / "bad" / "440300.yaml"
    record, problems = check_bureau(
        path,
        city_code="440300",
        year=2026,
        firms=None,
        as_of=AS_OF,
        resolve=lambda text: resolve_city(text, geography),
    )
    assert record is None
    lines = [str(p).replace(str(path), "{file}") for p in problems]
    assert lines == (FIXTURES / "bad" / "expected.txt").read_text("utf-8").splitlines()
    source = path.read_text("utf-8").splitlines()
    bad = [n for n, line in enumerate(source, start=1) if "# bad:" in line]
    # A problem is reported on its bad line, or on the line of the key it belongs to.
    assert len(problems) == len(bad) == 11
    assert {p.location.row for p in problems} <= {*bad, 27}
