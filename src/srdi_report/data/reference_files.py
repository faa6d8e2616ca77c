"""Access to the reference CSVs shipped under ``srdi_report/data/reference/``.

The files are located through :mod:`importlib.resources`, so the same code works from a source
checkout, an editable install and an installed wheel.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

import pandas as pd

_PACKAGE = "srdi_report.data"
_FOLDER = "reference"


def reference_path(name: str) -> Path:
    """Return the filesystem path of a shipped reference file.

    Args:
        name: File name relative to ``data/reference/``, e.g. ``"cities.csv"`` or
            ``"published/numbers.csv"``. A bare stem such as ``"cities"`` gets ``.csv`` appended.

    Returns:
        The path of the file (it is not checked for existence here).
    """
    if "." not in Path(name).name:
        name = f"{name}.csv"
    resource = files(_PACKAGE).joinpath(_FOLDER, *Path(name).parts)
    # Packages installed as directories (wheels, editable installs) give a real path; as_file
    # only extracts to a temporary file for zipped installs, which this package does not use.
    with as_file(resource) as path:
        return Path(path)


def read_reference_csv(name: str) -> pd.DataFrame:
    """Read a shipped reference CSV with every column as text.

    Nothing is converted to NA: strings such as ``"NA"`` or ``"None"`` survive, and an empty
    cell becomes ``""``.

    Args:
        name: File name relative to ``data/reference/`` (see :func:`reference_path`).

    Returns:
        The table, all columns of dtype ``object`` holding ``str``.
    """
    path = reference_path(name)
    return pd.read_csv(
        path,
        dtype=str,
        keep_default_na=False,
        na_filter=False,
        encoding="utf-8",
    )
