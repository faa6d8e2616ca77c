"""A batch task builds a small city in reduced mode and leaves out section 8 without listings."""

from __future__ import annotations

from srdi_report.config.model import Config
from srdi_report.editions.batch_task import city_spec

LINFEN = "141000"


def _sections(spec: object) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.number, s.exhibits) for s in spec.chapters]  # type: ignore[attr-defined]


def test_under_min_cell_the_spec_is_the_reduced_one() -> None:
    full = city_spec(LINFEN, 2026, Config())
    assert _sections(city_spec(LINFEN, 2026, Config(), firms=5)) == _sections(full)
    reduced = _sections(city_spec(LINFEN, 2026, Config(), firms=3))
    assert reduced != _sections(full)
    # Sections never shift (§3): the same numbers, fewer exhibits.
    assert [n for n, _ in reduced] == [n for n, _ in _sections(full)]
    assert sum(len(e) for _, e in reduced) < sum(len(e) for _, e in _sections(full))


def test_without_listing_columns_there_is_no_section_8() -> None:
    numbers = [n for n, _ in _sections(city_spec(LINFEN, 2026, Config(), listing=False))]
    assert "8" not in numbers
    assert "8" in [n for n, _ in _sections(city_spec(LINFEN, 2026, Config()))]
