"""Where an edition's firms come from: a user's file, or the embedded demo snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from srdi_report.config import Config
from srdi_report.errors import Problem


@dataclass(frozen=True, eq=False)
class FirmSource:
    """A loaded firm snapshot with derived columns, and the loader's warnings."""

    firms: pd.DataFrame  # canonical columns plus data_schema.md §2.9, repeated text categorical
    snapshot_date: date
    label: str  # the file as given, or "demo <year>"
    warnings: tuple[Problem, ...]


def load_source(config: Config, data_path: Path | None, *, today: date | None = None) -> FirmSource:
    """Load ``data_path`` (else ``config.data.firms``, else the demo data) and derive columns.

    Raises:
        DataError: the file fails validation (nothing is written).
    """
    from srdi_report.data.derive import add_derived
    from srdi_report.data.derive_compact import compact_text
    from srdi_report.data.geography import load_geography
    from srdi_report.data.industry import load_industry

    frame, snapshot, label, warnings = _raw(config, data_path, today)
    derived = add_derived(
        frame, geography=load_geography(), industry=load_industry(), snapshot_date=snapshot
    )
    # repeated text (provinces, levels, codes, bands) as categoricals: a third less memory
    return FirmSource(compact_text(derived), snapshot, label, warnings)


def _raw(
    config: Config, data_path: Path | None, today: date | None
) -> tuple[pd.DataFrame, date, str, tuple[Problem, ...]]:
    if data_path is None and config.data.firms:
        data_path = Path(config.data.firms)
    if data_path is None:
        from srdi_report.data.demo_cache import demo_firms

        frame = demo_firms(config.demo, config.demo.year)
        stamp = pd.Timestamp(frame["snapshot_date"].dropna().iloc[0])
        return frame, stamp.date(), f"demo {config.demo.year}", ()
    from srdi_report.data.load import LoadOptions, load_firms

    options = LoadOptions(
        snapshot_date=config.data.snapshot_date or None,
        encoding=config.data.encoding or None,
        sheet=config.data.sheet or None,
        strict=config.data.strict,
        today=today,
    )
    loaded = load_firms(data_path, options)
    return loaded.frame, loaded.snapshot_date, str(data_path), loaded.problems
