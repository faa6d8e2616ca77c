"""Run the whole diff of two built editions and write every output to one folder.

``output/diff/<old>-vs-<new>/``: the data files of ``outputs``, the tracked-changes DOCX per
language (when both editions have a DOCX) and the diff report PDF per language. All files are
computed first and written at the end (atomically, one by one), so a failure writes nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from srdi_report.config.model import Config
from srdi_report.editions.diff.flow import FlowError, flow_table, snapshot_ids
from srdi_report.editions.diff.model import FlowRow
from srdi_report.editions.diff.narrate import Thresholds
from srdi_report.editions.diff.outputs import data_files
from srdi_report.editions.diff.run import EditionDiff, compute_diff, manifest_folder
from srdi_report.editions.manifest_io import read_manifest
from srdi_report.fileio import write_all_atomic

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DiffResult:
    """What a diff run wrote."""

    folder: Path
    paths: tuple[Path, ...]
    diff: EditionDiff
    seconds: dict[str, float]
    notes: tuple[str, ...] = ()


def demo_flows(config: Config, old_year: int, new_year: int) -> tuple[FlowRow, ...]:
    """The flow table between the demo snapshots of two years (the firm data, not manifests).

    Raises:
        FlowError: a snapshot is missing or an identity fails.
    """
    return flow_table(snapshot_ids(config, old_year), snapshot_ids(config, new_year))


def run_diff(
    old_path: Path,
    new_path: Path,
    config: Config,
    *,
    out_dir: Path | None = None,
    languages: Sequence[str] = ("zh", "en"),
    flows: Sequence[FlowRow] | None = None,
    reports: bool = True,
    progress: Progress | None = None,
) -> DiffResult:
    """Diff two built editions and write every output.

    Args:
        old_path: The earlier edition (manifest file or its folder).
        new_path: The later edition.
        config: Output folder (``output.dir``), demo snapshots for the flow table.
        out_dir: Output folder; default ``<output.dir>/diff/<old>-vs-<new>``.
        languages: ``zh``, ``en``.
        flows: A flow table computed by the caller; None: from the demo snapshots of the two
            years when no firm file is configured (skipped with a note otherwise).
        reports: Also write the tracked DOCX and the diff report PDF.
        progress: Stage messages.

    Raises:
        ManifestError: a manifest is missing or malformed.
        DiffError: the two editions are of different specs.
    """
    say = progress or (lambda _t: None)
    seconds: dict[str, float] = {}
    notes: list[str] = []
    start = time.perf_counter()
    if flows is None:
        say("flow table")
        flows = ()
        old_id, new_id = read_manifest(old_path).identity, read_manifest(new_path).identity
        if not config.data.firms:
            try:
                flows = demo_flows(config, old_id.year, new_id.year)
            except FlowError as exc:
                notes.append(f"flow table skipped: {exc}")
        else:
            notes.append("flow table skipped: a firm file is configured, no earlier snapshot")
    seconds["flow"] = round(time.perf_counter() - start, 3)
    say("metric, chart and text diff")
    lap = time.perf_counter()
    diff = compute_diff(
        old_path,
        new_path,
        flows=flows,
        languages=languages,
        thresholds=Thresholds(min_cell=config.metrics.min_cell),
    )
    seconds["diff"] = round(time.perf_counter() - lap, 3)
    folder = out_dir or Path(config.output.dir) / "diff" / diff.label
    lap = time.perf_counter()
    files = data_files(diff)
    seconds["data files"] = round(time.perf_counter() - lap, 3)
    if reports:
        say("tracked-changes DOCX")
        lap = time.perf_counter()
        files.update(_tracked(diff, notes))
        seconds["tracked docx"] = round(time.perf_counter() - lap, 3)
        say("diff report")
        lap = time.perf_counter()
        files.update(_report(diff, notes))
        seconds["report"] = round(time.perf_counter() - lap, 3)
    outputs = {folder / name: data for name, data in sorted(files.items())}
    write_all_atomic(outputs)
    log.info("diff %s: %d files, %s", diff.label, len(outputs), seconds)
    return DiffResult(folder, tuple(sorted(outputs)), diff, seconds, tuple(notes))


def _tracked(diff: EditionDiff, notes: list[str]) -> dict[str, bytes]:
    from srdi_report.editions.diff.tracked import tracked_docx

    out = {}
    for lang in diff.languages:
        old_docx = manifest_folder(diff.old_dir) / lang / "report.docx"
        new_docx = manifest_folder(diff.new_dir) / lang / "report.docx"
        if not (old_docx.is_file() and new_docx.is_file()):
            notes.append(f"tracked DOCX ({lang}) skipped: an edition has no report.docx")
            continue
        name = f"tracked-{diff.old_side.label}-to-{diff.new_side.label}-{lang}.docx"
        out[name] = tracked_docx(diff, lang, old_docx.read_bytes(), new_docx.read_bytes())
    return out


def _report(diff: EditionDiff, notes: list[str]) -> dict[str, bytes]:
    from srdi_report.editions.diff.report import diff_report_files

    try:
        return diff_report_files(diff)
    except ImportError as exc:  # a renderer missing from this installation
        notes.append(f"diff report skipped: {exc}")
        return {}
