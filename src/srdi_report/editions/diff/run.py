"""The edition diff computed once from two manifests (and, for the flow table, two snapshots).

Both languages of every output are rendered from one :class:`EditionDiff`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from srdi_report.editions.diff.charts import chart_diff
from srdi_report.editions.diff.from_manifest import edition_side
from srdi_report.editions.diff.metric_table import metric_diff
from srdi_report.editions.diff.model import (
    EditionSide,
    ExhibitDiff,
    FlowRow,
    MetricDiffRow,
    NarratedChange,
    SegmentDiff,
)
from srdi_report.editions.diff.narrate import LANGUAGES, Narrator, Thresholds, rank_items
from srdi_report.editions.diff.rankings import Ranking, rankings
from srdi_report.editions.diff.text_diff import text_diff
from srdi_report.editions.manifest import Manifest
from srdi_report.editions.manifest_io import MANIFEST_NAME, read_manifest
from srdi_report.errors import InputError


class DiffError(InputError):
    """Two editions that cannot be diffed (different specs, missing manifest)."""


@dataclass(frozen=True)
class EditionDiff:
    """Everything the diff outputs are rendered from.

    Attributes:
        old / new: The two manifests.
        old_dir / new_dir: Folders of the two manifests (images are relative to them).
        old_side / new_side: The diff's view of each edition.
        rows: The metric diff table.
        flows: The flow table (empty when the snapshots were not available).
        exhibits: Chart diff status per exhibit.
        narrated: Narrated changes, most material first.
        texts: Text diff per language.
        languages: Languages rendered (``zh``, ``en``).
    """

    old: Manifest
    new: Manifest
    old_dir: Path
    new_dir: Path
    old_side: EditionSide
    new_side: EditionSide
    rows: tuple[MetricDiffRow, ...]
    flows: tuple[FlowRow, ...]
    exhibits: tuple[ExhibitDiff, ...]
    narrated: tuple[NarratedChange, ...]
    texts: dict[str, tuple[SegmentDiff, ...]]
    languages: tuple[str, ...]

    @property
    def label(self) -> str:
        """``2025-vs-2026``, the output folder name."""
        return f"{self.old_side.label}-vs-{self.new_side.label}"


def manifest_folder(path: Path) -> Path:
    """The folder of a manifest given as the file or its folder."""
    return path.parent if path.name == MANIFEST_NAME or path.is_file() else path


def default_namer(code: str, source: str, language: str) -> str:
    """A place or industry name in ``language`` (figures.labels), the code when unknown."""
    from srdi_report.compose.i18n import gettext_for
    from srdi_report.errors import UnknownNameError
    from srdi_report.figures.labels import label_codes

    locale = LANGUAGES[language]
    try:
        return label_codes([code], source, locale, gettext_for(locale))[0]
    except (UnknownNameError, KeyError, ValueError):
        return code


def _annotate_ranks(
    rows: Sequence[MetricDiffRow],
    old: dict[tuple[str, str, str], Ranking],
    new: dict[tuple[str, str, str], Ranking],
    thresholds: Thresholds,
) -> list[MetricDiffRow]:
    """Rank change (old rank - new rank) on the printed value rows of every ranking."""
    out = []
    for row in rows:
        entity, _, code = row.key.group_key.partition("=")
        rkey = (row.key.metric_id, row.key.scope, entity)
        if rkey in new and rkey in old and row.key.column == "share":
            r_old, r_new = old[rkey].rank(code), new[rkey].rank(code)
            if r_old is not None and r_new is not None:
                rule = "N3" if abs(r_old - r_new) >= thresholds.rank_move else ""
                row = replace(row, rank_change=float(r_old - r_new), notable_rule=rule)
        out.append(row)
    return out


def compute_diff(
    old_path: Path,
    new_path: Path,
    *,
    flows: Sequence[FlowRow] = (),
    languages: Sequence[str] = ("zh", "en"),
    thresholds: Thresholds | None = None,
    namer: Callable[[str, str, str], str] = default_namer,
) -> EditionDiff:
    """Diff two built editions.

    Args:
        old_path: The earlier edition's ``manifest.json`` or its folder.
        new_path: The later one.
        flows: The flow table (``flow.flow_table``), computed by the caller from the snapshots.
        languages: Languages of the narrated changes and text diff.
        thresholds: Notability thresholds (defaults of editions.md §3.2).
        namer: Names of places and industries per language.

    Raises:
        DiffError: the editions are of different specs.
        ManifestError: a manifest is missing or malformed.
    """
    limits = thresholds or Thresholds()
    old, new = read_manifest(old_path), read_manifest(new_path)
    if old.identity.edition_id != new.identity.edition_id:
        raise DiffError(
            f"cannot diff a {old.identity.edition_id} edition with a "
            f"{new.identity.edition_id} edition"
        )
    old_side, new_side = edition_side(old), edition_side(new)
    ranks_old, ranks_new = rankings(old_side.observations), rankings(new_side.observations)
    rows = _annotate_ranks(metric_diff(old_side, new_side), ranks_old, ranks_new, limits)
    exhibits = chart_diff(old, new, rows)
    narrator = Narrator(namer, languages, limits)
    order: dict[str, int] = {}
    for i, row in enumerate(rows):
        order.setdefault(row.key.metric_id, i)
    items = (
        narrator.level_changes(rows)
        + narrator.ranking_changes(ranks_old, ranks_new, order)
        + narrator.flow_changes(flows, len(rows))
        + narrator.exhibit_changes(exhibits)
    )
    narrated = rank_items(items)
    fired = {key: item.rule for item in narrated for key in item.keys}
    rows = [replace(r, notable_rule=r.notable_rule or fired.get(r.key.text(), "")) for r in rows]
    texts = {lang: text_diff(old, new, lang) for lang in languages}
    return EditionDiff(
        old=old,
        new=new,
        old_dir=manifest_folder(old_path),
        new_dir=manifest_folder(new_path),
        old_side=old_side,
        new_side=new_side,
        rows=tuple(rows),
        flows=tuple(flows),
        exhibits=exhibits,
        narrated=narrated,
        texts=texts,
        languages=tuple(languages),
    )


def rows_frame(rows: Sequence[MetricDiffRow]) -> pd.DataFrame:
    """The metric diff table with the columns of editions.md §3.1 (CSV/XLSX)."""
    records = []
    for r in rows:
        records.append(
            {
                "metric_id": r.key.metric_id,
                "label_zh": r.labels.get("zh", ""),
                "label_en": r.labels.get("en", ""),
                "scope": r.key.scope,
                "group_key": r.key.group_key,
                "column": r.key.column,
                "unit": r.unit,
                "old_value": r.old_value,
                "new_value": r.new_value,
                "abs_change": r.abs_change,
                "pct_change": r.pct_change,
                "pp_change": r.pp_change,
                "rank_change": r.rank_change,
                "old_n": r.old_n,
                "new_n": r.new_n,
                "status": r.status,
                "definition_changed": "yes" if r.definition_changed else "no",
                "definition_note": r.definition_note.get("en", ""),
                "comparable": r.comparable,
                "suppressed_old": "yes" if r.suppressed_old else "no",
                "suppressed_new": "yes" if r.suppressed_new else "no",
                "notes": "; ".join(r.notes),
                "notable_rule": r.notable_rule,
                "exhibits_old": ";".join(r.exhibits_old),
                "exhibits_new": ";".join(r.exhibits_new),
            }
        )
    return pd.DataFrame.from_records(records)
