"""Load the optional patents table of a snapshot (data_schema.md §2.10; P rules in validate)."""

from __future__ import annotations

from pathlib import Path

from srdi_report.data.load import LoadedFirms, LoadOptions, finish, read_typed
from srdi_report.data.validate_pairs import Snapshot
from srdi_report.data.validate_patents import validate_patents

LoadedPatents = LoadedFirms  # the same container: frame, rows, headers, snapshot, warnings


def load_patents(
    path: Path | str, firms: Snapshot, options: LoadOptions | None = None
) -> LoadedPatents:
    """Read, type and validate the patents file that belongs to the ``firms`` snapshot.

    The file is read like a firm file (formats, encodings, header and value rules of §1.2);
    kind and legal_status keep unknown values for P03, and the P rules run against ``firms``.

    Raises:
        DataError: any error (F, H, N, V, P rules), or any warning with ``strict``.
    """
    options = options or LoadOptions()
    stage = read_typed(Path(path), options, "patents")
    problems = stage.problems
    if stage.typed is not None:
        problems.extend(validate_patents(stage.typed, firms))
    return finish(stage, stage.frame, problems, options)
