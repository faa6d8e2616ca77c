"""The wheel carries everything a national build needs: templates, catalogs, reference data.

Builds the wheel with pip (an isolated build, tens of seconds), so it is marked ``slow``.
The installed layout is checked by importing the package from the unpacked wheel in a
separate process whose working directory is not the checkout.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from repo_paths import REPO_ROOT

pytestmark = pytest.mark.slow

CHECK = """
import sys
from srdi_report.compose.composer import check_templates
from srdi_report.compose.i18n import load_catalog
from srdi_report.compose.templates import default_template_dirs
from srdi_report.editions.national import national_edition
dirs = default_template_dirs()
assert [str(d) for d in dirs] == [sys.argv[1]], dirs
check_templates(national_edition(2026))
assert len(load_catalog("zh_CN")) > 500
print("ok")
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO_ROOT), "--no-deps", "-q", "-w", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"pip wheel failed (no build backend offline?): {done.stderr[-300:]}")
    return next(out.glob("srdi_report-*.whl"))


def test_the_wheel_holds_every_template_and_catalog(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(p.relative_to(REPO_ROOT) for p in (REPO_ROOT / "templates").rglob("*.j2"))
    assert shipped
    missing = [str(p) for p in shipped if f"srdi_report/{p.as_posix()}" not in names]
    assert missing == []
    for needed in (
        "srdi_report/locales/zh_CN/LC_MESSAGES/srdi_report.po",
        "srdi_report/locales/en/LC_MESSAGES/srdi_report.po",
        "srdi_report/locales/glossary.csv",
        "srdi_report/py.typed",
    ):
        assert needed in names
    assert any(n.startswith("srdi_report/data/reference/content/") for n in names)


def test_an_installed_package_finds_its_templates_without_the_checkout(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(site / "srdi_report" / "templates")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
