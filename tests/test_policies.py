"""Project-wide rules of style_guide.md that a reviewer would otherwise check by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "srdi_report"
PY_FILES = sorted(SRC.rglob("*.py"))
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MAX_MODULE_LINES = 800


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_han_characters_in_python_source(path: Path) -> None:
    bad = [n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if HAN.search(line)]
    assert bad == [], f"Chinese text belongs in catalogs or reference CSVs: {path}:{bad[:5]}"


@pytest.mark.parametrize("path", PY_FILES, ids=lambda p: str(p.relative_to(SRC)))
def test_modules_stay_small(path: Path) -> None:
    assert len(path.read_text("utf-8").splitlines()) <= MAX_MODULE_LINES


def test_wall_clock_only_in_cli() -> None:
    users = [
        str(p.relative_to(SRC))
        for p in PY_FILES
        if re.search(r"datetime\.now\(|date\.today\(|time\.time\(", p.read_text("utf-8"))
    ]
    assert [u for u in users if u.split("/")[0] not in ("cli", "cli.py")] == []


def test_no_print_in_library() -> None:
    users = [
        str(p.relative_to(SRC))
        for p in PY_FILES
        if re.search(r"^\s*print\(", p.read_text("utf-8"), re.M)
    ]
    assert users == []
