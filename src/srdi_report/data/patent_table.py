"""The patents table that travels with a firm frame to the metrics (charts 42–47).

``load_source`` attaches a :class:`PatentTable` to the firm frame's ``attrs``; the patent metrics
read it back with :func:`patents_of`. The frame stays the one input of ``compute``, so no metric
signature changes. pandas deep-copies ``attrs`` whenever it derives a frame (a scope's rows):
the table answers ``deepcopy`` with itself, so the million rows are shared, never copied.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from srdi_report.data.reference_files import read_reference_csv

PATENTS_ATTR = "srdi_report.patents"
SUBCLASS_LENGTH = 4  # an IPC subclass: section, class, subclass letter (G06F)


@dataclass(frozen=True, eq=False)  # eq=False: == on a DataFrame is elementwise, not a bool
class PatentTable:
    """A canonical patents frame and where it comes from.

    Attributes:
        frame: Canonical patents columns (data_schema.md §2.10), ``industry_field`` filled.
        firm_ids: The national-level firms the table belongs to (the rows of a chart's
            denominators when the table is not the attached firms' own).
        own: True when the table belongs to the firm frame it is attached to; False for the
            demo fallback beside a user's firms (then scopes cannot select its rows).
        illustrative: Drawn from the demo table (captions say "Illustrative (demo data)").
        label: The file as given, or ``demo <year>``.
    """

    frame: pd.DataFrame
    firm_ids: npt.NDArray[np.object_]
    own: bool
    illustrative: bool
    label: str

    def __copy__(self) -> PatentTable:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> PatentTable:
        return self


def attach_patents(firms: pd.DataFrame, table: PatentTable | None) -> None:
    """Attach ``table`` to ``firms`` (or detach any table when None)."""
    if table is None:
        firms.attrs.pop(PATENTS_ATTR, None)
    else:
        firms.attrs[PATENTS_ATTR] = table


def patents_of(firms: pd.DataFrame) -> PatentTable | None:
    """The patents table attached to ``firms``, or None."""
    table = firms.attrs.get(PATENTS_ATTR)
    return table if isinstance(table, PatentTable) else None


@cache
def ipc_fields() -> MappingProxyType[str, str]:
    """IPC subclass → industry field (GB/T 4754-2017 code) of ``ipc_subclasses.csv``."""
    table = read_reference_csv("ipc_subclasses.csv")
    return MappingProxyType(dict(zip(table["ipc_subclass"], table["industry_field"], strict=True)))


def with_industry_field(patents: pd.DataFrame) -> pd.DataFrame:
    """``patents`` with ``industry_field`` derived from ``ipc_main`` where it is empty.

    The derivable column (req D) keeps a value the file gives; a subclass outside the shipped
    concordance stays empty (the row is then left out of chart 42 only).
    """
    if "ipc_main" not in patents.columns:
        return patents
    subclass = patents["ipc_main"].astype("string").str[:SUBCLASS_LENGTH]
    derived = subclass.map(ipc_fields(), na_action="ignore").astype("string")
    out = patents.copy(deep=False)
    given = out["industry_field"].astype("string") if "industry_field" in out.columns else None
    out["industry_field"] = derived if given is None else given.fillna(derived)
    return out
