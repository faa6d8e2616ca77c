"""The typed firm frame that load.py hands to validate.py (and that validate.py may normalise).

Contract between the loader and the validator:

- ``frame`` has canonical column names (data_schema.md §2) for the columns present in the input
  (derived columns of §2.9 and empty columns are dropped; H05, H08), with ``snapshot_date``
  (``datetime64[ns]``, one value) always, also when it came from ``--snapshot-date``.
  ``snapshot_year`` (``Int64``) is there only when the file has it. Index 0..n-1.
  dtypes as docs/architecture.md: dates ``datetime64[ns]``, ints ``Int64``, floats ``float64``,
  booleans ``boolean`` (presence flags of §2.7 filled False), enums, codes and free text
  ``string`` (enum values are English keys; ``listing_board`` is a ``;``-joined ``string``).
  Code columns (``gbt_*``, ``city_code``) are the digits as written: integer codes are turned
  into their decimal text without padding, so that I03 (validate.py) can warn and pad.
- A cell that failed typing (V01–V05, V07) is null in ``frame``; its error is already recorded.
- ``raw`` holds the cells as read (Arrow-backed ``string`` columns, same index and canonical
  column names as ``frame``), for the ``value`` of a message ("the cell as read", §3.1); ``""``
  for an empty cell. Columns dropped from ``frame`` (H08) are absent from it too.
- The patents table (load_patents.py) arrives in the same container, typed by the patents
  columns, with ``snapshot_date``.
- ``validate_firms`` may replace values of ``frame`` in place (G02/G03/G07 normalisations, I03
  padding): the loader owns the frame and hands it over; nobody else holds a reference.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from srdi_report.errors import Location


@dataclass(frozen=True, eq=False)  # eq=False: == on a DataFrame is elementwise, not a bool
class TypedFirms:
    """One snapshot's firms after reading and typing, before the R/U/X/G/I rules.

    Attributes:
        frame: canonical typed frame (see the module docstring).
        raw: the cells as read, same index and column names as ``frame`` (strings).
        source_rows: spreadsheet row of each frame row (header = 1, first data row = 2).
        headers: canonical name → the header as written in the file.
        file_label: the path as given (for XLSX with one sheet: ``firms.xlsx[Sheet1]``).
        snapshot_date: the file's one snapshot date.
        sheet_starts: for ``--sheet '*'``: (first frame row, file label) per sheet, ascending;
            empty when the whole frame comes from ``file_label``.
    """

    frame: pd.DataFrame
    raw: pd.DataFrame
    source_rows: npt.NDArray[np.int64]
    headers: Mapping[str, str]
    file_label: str
    snapshot_date: date
    sheet_starts: tuple[tuple[int, str], ...] = ()

    def column_label(self, column: str) -> str:
        """The column as a message prints it: ``<alias>=patents_total`` for an alias header."""
        written = self.headers.get(column, column)
        return column if written == column else f"{written}={column}"

    def file_at(self, position: int) -> str:
        """File label of frame row ``position`` (differs per sheet with ``--sheet '*'``)."""
        if not self.sheet_starts:
            return self.file_label
        starts = [start for start, _ in self.sheet_starts]
        index = bisect.bisect_right(starts, position) - 1
        return self.sheet_starts[max(index, 0)][1]

    def location(self, position: int, column: str | None) -> Location:
        """Location of frame row ``position`` (0-based) and canonical ``column`` (or None)."""
        label = None if column is None else self.column_label(column)
        return Location(self.file_at(position), int(self.source_rows[position]), label)

    def cell(self, position: int, column: str) -> str | None:
        """The cell as read at frame row ``position``; ``""`` for an empty cell."""
        if column not in self.raw.columns:
            return None
        value = self.raw[column].iloc[position]
        if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
            return ""
        return str(value)
