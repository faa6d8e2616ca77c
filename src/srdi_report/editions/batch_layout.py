"""Where an edition's files go (city_edition.md §7), shared by single builds and the batch.

An edition id is ``<family>`` (``national``) or ``<family>/<member>`` (``city/440300-shenzhen``).
The year sits right after the family, so every city of one snapshot shares one folder and one
index: ``output/national/2026/<lang>/`` and ``output/city/2026/440300-shenzhen/<lang>/``.
"""

from __future__ import annotations

from pathlib import Path

from srdi_report.compose.edition_spec import EditionSpec


def edition_dir(root: Path, spec: EditionSpec) -> Path:
    """``<root>/<family>/<year>[/<member>]``: the folder of one edition's files under ``root``."""
    family, _, member = spec.edition_id.partition("/")
    folder = root / family / str(spec.year)
    return folder / member if member else folder


def family_dir(root: Path, family: str, year: int) -> Path:
    """``<root>/<family>/<year>``: the folder of every edition of a family (the batch index)."""
    return root / family / str(year)
