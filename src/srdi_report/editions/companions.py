"""Files that travel with an edition's reports: the manifest and the data appendix.

Both are written in the same atomic commit as the reports (``commit.commit_files``), so a
folder never holds a manifest or appendix of another build than its PDFs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from srdi_report.compose.edition_spec import EditionSpec
from srdi_report.compose.i18n import gettext_for
from srdi_report.compose.model import Document
from srdi_report.config import Config
from srdi_report.editions.batch_layout import edition_dir
from srdi_report.editions.manifest import Manifest, NumberEntry, build_manifest, language_of
from srdi_report.editions.manifest_io import MANIFEST_NAME, manifest_identity, manifest_json
from srdi_report.figures.asset import FigureAsset
from srdi_report.metrics.result import MetricResult
from srdi_report.renderers.xlsx import (
    CitedNumber,
    SheetProvenance,
    appendix_sheets,
    provenance_of,
    render_appendix,
)

APPENDIX_NAME = "data_appendix.xlsx"


def edition_folder(config: Config, spec: EditionSpec) -> Path:
    """``output/<edition>/<year>``: where the manifest and the appendix go."""
    return edition_dir(Path(config.output.dir), spec)


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
) -> tuple[Path, bytes, Manifest]:
    """The edition's ``manifest.json`` (editions.md §1): its path, bytes and the manifest."""
    folder = edition_folder(config, spec)
    figures = edition_dir(Path(config.output.figures_dir), spec)
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
    return folder / MANIFEST_NAME, manifest_json(manifest), manifest


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


def text_numbers(manifest: Manifest) -> tuple[NumberEntry, ...]:
    """The numbers printed in the text (not in an exhibit's cells), in reading order."""
    exhibits = {entry.exhibit_id for entry in manifest.exhibits}
    return tuple(n for n in manifest.numbers if n.place.split("/", 1)[0] not in exhibits)


def cited_numbers(
    numbers: Sequence[NumberEntry],
    locale: str,
    results: Mapping[str, MetricResult],
) -> list[CitedNumber]:
    """The appendix's "numbers cited" rows in one language, under the manifest's stable ids.

    The ids are the manifest's (``chapter_2/s2/summary/firm_count#1``), so a number keeps its
    id from one edition to the next and the appendix row can be found from the diff.
    """
    language = language_of(locale)
    cited = []
    for number in numbers:
        if language not in number.printed:
            continue  # a number printed in one language only (a content fact worded per language)
        result = results.get(number.result_key)
        n_firms = result.provenance.n_firms if result is not None else None
        value = None if number.suppressed else number.value
        cited.append(
            CitedNumber(
                number.number_id,
                value,
                number.printed[language],
                number.kind,
                number.metric_id,
                number.scope,
                n_firms,
                number.place,
            )
        )
    return cited


def appendix_files(
    config: Config,
    spec: EditionSpec,
    documents: Mapping[str, Document],
    results: Mapping[str, MetricResult],
    assets: Mapping[str, Mapping[str, FigureAsset]],
    language_folders: Mapping[str, Path],
    manifest: Manifest,
) -> dict[Path, bytes]:
    """The data appendix per language (``<lang folder>/data_appendix.xlsx``).

    The first locale's workbook is also written as ``output/<edition>/<year>/data_appendix.xlsx``,
    the file the issue names; the others carry headers in their own language. The numbers
    cited come from the manifest, under its stable number ids.
    """
    provenance = exhibit_provenance(spec, results)
    in_text = text_numbers(manifest)
    files: dict[Path, bytes] = {}
    folder = edition_folder(config, spec)
    for position, (locale, document) in enumerate(documents.items()):
        gettext = gettext_for(locale)
        csv = {fid: asset.csv for fid, asset in assets.get(locale, {}).items()}
        sheets = appendix_sheets(document, gettext, figure_csv=csv, provenance=provenance)
        data = render_appendix(
            sheets,
            cited_numbers(in_text, locale, results),
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
