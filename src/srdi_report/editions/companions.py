"""Files that travel with an edition's reports: the manifest and the data appendix.

Both are written in the same atomic commit as the reports (``commit.commit_files``), so a
folder never holds a manifest or appendix of another build than its PDFs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from srdi_report.compose.edition_spec import EditionSpec
from srdi_report.compose.i18n import gettext_for
from srdi_report.compose.model import Document
from srdi_report.config import Config
from srdi_report.editions.manifest import build_manifest
from srdi_report.editions.manifest_io import MANIFEST_NAME, manifest_identity, manifest_json
from srdi_report.figures.asset import FigureAsset
from srdi_report.metrics.result import MetricResult
from srdi_report.renderers.xlsx import (
    SheetProvenance,
    appendix_sheets,
    cited_numbers,
    provenance_of,
    render_appendix,
)

APPENDIX_NAME = "data_appendix.xlsx"


def edition_folder(config: Config, spec: EditionSpec) -> Path:
    """``output/<edition>/<year>``: where the manifest and the appendix go."""
    return Path(config.output.dir) / spec.edition_id / str(spec.year)


def manifest_file(
    config: Config,
    spec: EditionSpec,
    documents: Mapping[str, Document],
    results: Mapping[str, MetricResult],
    assets: Mapping[str, Mapping[str, FigureAsset]],
    *,
    snapshot_date: date | str,
    data_hash: str,
    code_version: str,
    spec_hash: str,
) -> tuple[Path, bytes]:
    """The edition's ``manifest.json`` (editions.md §1) and its path."""
    folder = edition_folder(config, spec)
    figures = Path(config.output.figures_dir) / spec.edition_id / str(spec.year)
    identity = manifest_identity(
        spec,
        snapshot_date=snapshot_date,
        data_hash=data_hash,
        code_version=code_version,
        spec_hash=spec_hash,
        min_cell=config.metrics.min_cell,
        locales=tuple(documents),
    )
    manifest = build_manifest(
        spec,
        documents,
        results,
        assets,
        identity,
        image_folder=os.path.relpath(figures, folder).replace(os.sep, "/"),
    )
    return folder / MANIFEST_NAME, manifest_json(manifest)


def exhibit_provenance(
    spec: EditionSpec, results: Mapping[str, MetricResult]
) -> dict[str, tuple[SheetProvenance, ...]]:
    """Exhibit id → the provenance of every metric result it shows, in view order."""
    out: dict[str, tuple[SheetProvenance, ...]] = {}
    for item in spec.exhibits():
        keys = dict.fromkeys(v.result_key for v in item.spec.views() if v.metric)
        found = tuple(provenance_of(results[k]) for k in keys if k in results)
        if found:
            out[item.spec.exhibit_id] = found
    return out


def appendix_files(
    config: Config,
    spec: EditionSpec,
    documents: Mapping[str, Document],
    results: Mapping[str, MetricResult],
    assets: Mapping[str, Mapping[str, FigureAsset]],
    language_folders: Mapping[str, Path],
) -> dict[Path, bytes]:
    """The data appendix per language (``<lang folder>/data_appendix.xlsx``).

    The first locale's workbook is also written as ``output/<edition>/<year>/data_appendix.xlsx``,
    the file the issue names; the others carry headers in their own language.
    """
    provenance = exhibit_provenance(spec, results)
    by_metric = {r.metric_id: provenance_of(r) for r in results.values()}
    files: dict[Path, bytes] = {}
    folder = edition_folder(config, spec)
    for position, (locale, document) in enumerate(documents.items()):
        gettext = gettext_for(locale)
        csv = {fid: asset.csv for fid, asset in assets.get(locale, {}).items()}
        sheets = appendix_sheets(document, gettext, figure_csv=csv, provenance=provenance)
        data = render_appendix(
            sheets,
            cited_numbers(document, by_metric),
            locale,
            gettext,
            title=document.meta.title,
            author=document.meta.author,
            date=document.meta.date,
        )
        files[language_folders[locale] / APPENDIX_NAME] = data
        if position == 0:
            files[folder / APPENDIX_NAME] = data
    return files
