"""Where an edition's firms come from: a user's file, or the embedded demo snapshot."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from srdi_report.config import Config
from srdi_report.data.patent_table import PatentTable, attach_patents, with_industry_field
from srdi_report.errors import ConfigError, Problem


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
    patents = _patents(config, frame, label, today)  # before derivation: the loader's frame
    derived = add_derived(
        frame, geography=load_geography(), industry=load_industry(), snapshot_date=snapshot
    )
    # repeated text (provinces, levels, codes, bands) as categoricals: a third less memory
    firms = compact_text(derived)
    attach_patents(firms, patents)  # the patent metrics read it (data/patent_table.py)
    return FirmSource(firms, snapshot, label, warnings)


PATENT_FALLBACKS = ("demo", "omit")


def _patents(
    config: Config, frame: pd.DataFrame, label: str, today: date | None
) -> PatentTable | None:
    """The patents table of the firms: the configured file, else the demo table or none.

    Raises:
        ConfigError: ``patents.fallback`` is not one of :data:`PATENT_FALLBACKS`.
        DataError: the patents file fails validation.
    """
    import numpy as np

    from srdi_report.data.demo_cache import demo_firms
    from srdi_report.data.demo_patents import demo_patents
    from srdi_report.data.load import LoadOptions
    from srdi_report.data.load_patents import load_patents
    from srdi_report.data.typed import TypedFirms

    fallback = config.patents.fallback
    if fallback not in PATENT_FALLBACKS:
        raise ConfigError(
            f"config patents.fallback = {fallback!r}: use one of {', '.join(PATENT_FALLBACKS)}"
        )
    demo = label.startswith("demo ")
    if config.data.patents:
        snapshot = pd.Timestamp(frame["snapshot_date"].dropna().iloc[0]).date()
        firms = TypedFirms(
            frame=frame,
            raw=frame.iloc[:0],
            source_rows=np.arange(2, len(frame) + 2, dtype=np.int64),
            headers={},
            file_label=label,
            snapshot_date=snapshot,
        )
        options = LoadOptions(strict=config.data.strict, today=today)
        loaded = load_patents(Path(config.data.patents), firms, options)
        national = frame.loc[frame["level"].astype(str) == "national", "firm_id"]
        ids = national.astype(str).to_numpy(dtype=object)
        return PatentTable(with_industry_field(loaded.frame), ids, True, False, config.data.patents)
    if fallback == "omit":
        return None
    year = config.demo.year
    patents = demo_patents(config.demo, year)
    roster = frame if demo else demo_firms(config.demo, year)
    national = roster.loc[roster["level"].astype(str) == "national", "firm_id"]
    ids = national.astype(str).to_numpy(dtype=object)
    return PatentTable(with_industry_field(patents), ids, demo, True, f"demo {year}")


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
