"""What keeps the cold national build fast: figures drawn on the pool, not one by one."""

from __future__ import annotations

import pickle
from collections.abc import Mapping

import pytest

from srdi_report.config.model import BuildConfig, Config
from srdi_report.editions import stages
from srdi_report.figures import build as figure_build
from srdi_report.figures.asset import FigureAsset


def test_missing_figures_are_drawn_on_the_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bound gettext does not pickle; the factory's pool needs the picklable gettext_for."""
    seen: dict[str, object] = {}

    def fake_draw(*args: object, **kwargs: object) -> Mapping[str, FigureAsset]:
        seen.update(kwargs)
        return {}

    monkeypatch.setattr(figure_build, "draw_figures", fake_draw)
    config = Config(build=BuildConfig(workers=2))
    stages.draw_missing([], {}, "zh_CN", config)
    assert seen["workers"] == 2
    factory = seen["gettext_for"]
    assert callable(factory)
    # It pickles (so a worker can rebuild the locale's gettext) and translates.
    rebuilt = pickle.loads(pickle.dumps(factory))
    assert rebuilt("zh_CN")("Contents") != "Contents"
