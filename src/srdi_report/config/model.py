"""Config: a tree of frozen dataclasses, with a default and help text for every key.

docs/config.md is generated from these fields (tools/gen_config_doc.py); a test keeps it current.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _help(text: str) -> dict[str, str]:
    return {"help": text}


@dataclass(frozen=True)
class DataConfig:
    """Where the firm data comes from."""

    firms: str = field(
        default="", metadata=_help("Firm file (CSV, TSV, XLSX, Parquet); empty = the demo data.")
    )
    patents: str = field(default="", metadata=_help("Optional patents file of the same snapshot."))
    snapshot_date: str = field(
        default="", metadata=_help("Snapshot date (YYYY-MM-DD) when the file has none.")
    )
    encoding: str = field(
        default="", metadata=_help("CSV encoding; empty = detect (UTF-8 BOM, UTF-8, GB18030).")
    )
    sheet: str = field(
        default="", metadata=_help("XLSX sheet; empty = the first, '*' = all with one header.")
    )
    strict: bool = field(default=False, metadata=_help("Treat data warnings as errors."))


@dataclass(frozen=True)
class DemoConfig:
    """The calibrated demo dataset."""

    seed: int = field(default=20260228, metadata=_help("Seed of the demo generator's RNG."))
    cache_dir: str = field(
        default=".cache/demo", metadata=_help("Where generated demo files are cached.")
    )
    year: int = field(default=2026, metadata=_help("Snapshot year used by default."))


@dataclass(frozen=True)
class PatentsConfig:
    """The optional patents table of charts 42-47 (national_report.md section 7)."""

    fallback: str = field(
        default="demo",
        metadata=_help(
            "Without a patents file: 'demo' draws charts 42-47 from the demo patents table"
            " (labelled illustrative), 'omit' leaves them out."
        ),
    )


@dataclass(frozen=True)
class MetricsConfig:
    """The metrics engine."""

    min_cell: int = field(default=5, metadata=_help("Fewest firms behind a printed statistic."))


@dataclass(frozen=True)
class OutputConfig:
    """Where and in which languages builds are written."""

    dir: str = field(default="output", metadata=_help("Folder for built reports."))
    figures_dir: str = field(default="figures", metadata=_help("Folder for built chart assets."))
    locales: tuple[str, ...] = field(
        default=("zh_CN", "en"), metadata=_help("Edition languages, in build order.")
    )
    formats: tuple[str, ...] = field(
        default=("pdf",),
        metadata=_help("Output formats of `build` (pdf, txt; docx once it exists)."),
    )


@dataclass(frozen=True)
class BuildConfig:
    """How editions are built: templates, draft mode, parallel drawing and the cache."""

    templates: str = field(
        default="",
        metadata=_help(
            "Your template folder, searched before the shipped templates/; empty = none."
        ),
    )
    draft: bool = field(
        default=False,
        metadata=_help(
            "Draft mode: a section without a template prints a placeholder note instead of failing."
        ),
    )
    workers: int = field(
        default=0, metadata=_help("Processes drawing figures; 0 = one per core, at most 2.")
    )
    cache: bool = field(
        default=True,
        metadata=_help("Reuse cached metrics, figures and files when nothing changed."),
    )
    cache_dir: str = field(
        default=".cache/build", metadata=_help("Folder of the build cache (content-hash keyed).")
    )


@dataclass(frozen=True)
class Config:
    """The whole configuration; every section has defaults, so an empty file is valid."""

    data: DataConfig = field(default_factory=DataConfig)
    demo: DemoConfig = field(default_factory=DemoConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    output: OutputConfig = field(default_factory=OutputConfig)
    build: BuildConfig = field(default_factory=BuildConfig)
    patents: PatentsConfig = field(default_factory=PatentsConfig)
