"""What a metric returns: a tidy numeric table plus unit, labels, suppressions and provenance.

Numbers stay numbers (style_guide.md §2.3): shares are fractions in 0–1, percentage-point
differences are differences of such fractions (0.233 is printed "23.3pp"), money is in CNY 10,000
(``wan_yuan``). Nothing here is formatted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from srdi_report.metrics.scope import Scope

HASH_BLOCK_ROWS = 100_000  # rows hashed at a time by data_hash
N_COLUMN = "n"  # firms behind the statistic of a row: the suppression rule reads it


class Unit(StrEnum):
    """The kind of number in a metric's main value column.

    COUNT: firms or classes. SHARE: a fraction 0–1 (shares of firms, holding rates, rates read
    from percent inputs). VALUE: a statistic in a physical unit (``physical_unit``: wan_yuan,
    persons, items …). RATIO: a multiple a / b. PP: a difference of two SHARE values (a
    fraction; the renderer prints it in percentage points). SCORE: points with benchmark = 100.
    RANK: an ordinal rank (1 = first). R: a Pearson correlation coefficient.
    """

    COUNT = "count"
    SHARE = "share"
    VALUE = "value"
    RATIO = "ratio"
    PP = "pp"
    SCORE = "score"
    RANK = "rank"
    R = "r"


@dataclass(frozen=True)
class Suppression:
    """One withheld row: its key, the firms behind it and why (city_edition.md §5).

    ``n`` is None when the count would itself disclose an attribute (firms in an R&D band).
    """

    key: str
    n: int | None
    reason: str


@dataclass(frozen=True)
class Provenance:
    """Where a result comes from: metric, scopes, the filter in words, firms and data hash."""

    metric_id: str
    scope_key: str
    benchmark_key: str
    filter: str
    n_firms: int
    data_hash: str


@dataclass(frozen=True, eq=False)  # eq=False: == on a DataFrame is elementwise, not a bool
class MetricResult:
    """One computed metric.

    Attributes:
        metric_id: The registered name.
        scope: The firms the metric describes.
        benchmark: The comparison scope, or None when the metric has none.
        table: Tidy numeric frame (key columns, value columns, ``n``); read-only by convention.
        unit: Unit of the main value column(s).
        physical_unit: ``wan_yuan``, ``persons``, ``items``, ``percent`` … or "" (none / mixed).
        label_key: Message id of the metric's label in the translation catalogs.
        family: The metric family (module name).
        chart_ids: Exhibits that use the metric (``c04``, ``b11a`` …).
        n_firms: Firms in the scope.
        suppressed: Rows withheld below ``min_cell``.
        provenance: Metric id, scope, filter, n firms, data hash.
    """

    metric_id: str
    scope: Scope
    benchmark: Scope | None
    table: pd.DataFrame
    unit: Unit
    physical_unit: str
    label_key: str
    family: str
    chart_ids: tuple[str, ...]
    n_firms: int
    suppressed: tuple[Suppression, ...]
    provenance: Provenance

    def value(self, column: str = "value", /, **keys: object) -> float:
        """The one value of ``column`` in the row whose key columns equal ``keys``.

        Raises:
            KeyError: no row or several rows match.
        """
        mask = np.ones(len(self.table), dtype=bool)
        for name, wanted in keys.items():
            mask &= (self.table[name] == wanted).to_numpy(dtype=bool, na_value=False)
        hits = self.table.loc[mask, column]
        if len(hits) != 1:
            raise KeyError(f"{self.metric_id}: {len(hits)} rows match {keys!r}")
        return float(hits.iloc[0])


def data_hash(firms: pd.DataFrame) -> str:
    """SHA-256 of a firm frame's values (row order matters), as hex.

    Column names and values are hashed through pandas' stable per-row hash, so the same data
    gives the same digest in every process (never Python's ``hash()``).
    """
    digest = hashlib.sha256()
    digest.update("\x1f".join(map(str, firms.columns)).encode())
    if len(firms.columns):
        # A row's hash depends on that row only, so hashing blocks of rows gives the same
        # digest as the whole frame at once, with one block's hash arrays alive (not ~270 MB
        # of them on a 1.67 M-row frame).
        for start in range(0, len(firms), HASH_BLOCK_ROWS):
            block = firms.iloc[start : start + HASH_BLOCK_ROWS]
            digest.update(pd.util.hash_pandas_object(block, index=False).to_numpy().tobytes())
    return digest.hexdigest()
