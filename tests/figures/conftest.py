"""Figure tests: hand-made metric results, a gettext that returns the msgid, image baselines.

Baselines live in ``tests/figures/baseline/<module>/<name>.png`` and are compared with
matplotlib's ``compare_images`` (RMS tolerance 2). Rewrite them with
``pytest tests/figures --update-baselines`` (``make update-baselines``) and look at the diff
before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from figure_data import msgid_gettext
from matplotlib.testing.compare import compare_images

BASELINE_ROOT = Path(__file__).parent / "baseline"
RMS_TOLERANCE = 2.0


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-baselines``: write the drawn PNGs as the new baselines."""
    parser.addoption(
        "--update-baselines",
        action="store_true",
        default=False,
        help="rewrite tests/figures/baseline/<module>/<name>.png from the current drawing",
    )


@pytest.fixture
def gettext() -> Callable[[str], str]:
    """A gettext without a catalog (msgids are English)."""
    return msgid_gettext


@pytest.fixture
def check_image(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[bytes, str], None]:
    """Compare PNG bytes with ``baseline/<test module>/<name>.png`` (or rewrite it)."""
    module = Path(str(request.node.fspath)).stem.removeprefix("test_")  # the module drawn
    update = bool(request.config.getoption("--update-baselines", default=False))

    def check(png: bytes, name: str) -> None:
        baseline = BASELINE_ROOT / module / f"{name}.png"
        if update or not baseline.exists():
            baseline.parent.mkdir(parents=True, exist_ok=True)
            baseline.write_bytes(png)
            if not update:
                pytest.fail(f"no baseline {baseline}; written now, look at it and commit it")
            return
        actual = tmp_path / f"{name}.png"
        actual.write_bytes(png)
        diff = compare_images(str(baseline), str(actual), tol=RMS_TOLERANCE)
        assert diff is None, diff

    return check
