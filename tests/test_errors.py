from __future__ import annotations

from srdi_report.errors import DataError, Location, Problem, Severity, summarise_problems


def problem(
    row: int | None, column: str | None, value: str | None, rule: str, sev: Severity
) -> Problem:
    return Problem(Location("firms.csv", row, column), value, rule, sev, "reason", "fix it")


def test_problem_line_format() -> None:
    line = Problem(
        Location("firms.csv", 1207, "invention_grants"),
        "45",
        "X01",
        Severity.ERROR,
        "45 > invention_applications 30",
        "grants are a subset of applications; check both counts",
    )
    assert str(line) == (
        'firms.csv:1207:invention_grants: "45" — 45 > invention_applications 30 '
        "(grants are a subset of applications; check both counts) [error X01]"
    )


def test_whole_file_problem_prints_dashes() -> None:
    line = Problem(
        Location("firms.csv"), None, "F02", Severity.ERROR, "file is UTF-16", "save it as CSV UTF-8"
    )
    assert str(line) == "firms.csv:-:-: - — file is UTF-16 (save it as CSV UTF-8) [error F02]"


def test_value_is_escaped_and_cut_to_40_characters() -> None:
    line = problem(2, "name_zh", "a\tb" + "x" * 50, "V10", Severity.ERROR)
    quoted = str(line).split(": ", 1)[1].split(" — ")[0]
    assert quoted == '"a\\tb' + "x" * 35 + '…"'
    assert len(quoted) == 42


def test_data_error_sorts_problems_and_summarises() -> None:
    problems = [
        problem(9, "city", "x", "G03", Severity.WARNING),
        problem(3, "patents_total", "-1", "R01", Severity.ERROR),
        problem(None, None, None, "H04", Severity.WARNING),
        problem(3, "invention_grants", "5", "X01", Severity.ERROR),
    ]
    err = DataError(problems)
    assert [p.rule for p in err.problems] == ["H04", "X01", "R01", "G03"]
    assert str(err) == "2 errors in the input data"
    assert err.exit_code == 2
    assert err.summary() == "firms.csv: 2 errors, 2 warnings (R01 ×1, X01 ×1; G03 ×1, H04 ×1)"


def test_summary_singular() -> None:
    assert summarise_problems("a.csv", [problem(2, "x", "1", "V01", Severity.ERROR)]) == (
        "a.csv: 1 error, 0 warnings (V01 ×1)"
    )


def test_problems_sort_by_column_position_when_given() -> None:
    later = problem(2, "name_zh", "x", "V10", Severity.ERROR)
    earlier = problem(2, "专利总量=patents_total", "-1", "R01", Severity.ERROR)
    assert [p.rule for p in DataError([later, earlier]).problems] == ["V10", "R01"]
    order = {"专利总量=patents_total": 0, "name_zh": 1}
    assert [p.rule for p in DataError([later, earlier], order).problems] == ["R01", "V10"]
