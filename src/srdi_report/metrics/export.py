"""Provenance export: every value of every result with where it comes from (issue 4, item 5).

One long table, one row per table cell: metric, scope, benchmark, filter, firms, data hash,
unit, the row key, the column, the value (NaN when withheld or not applicable) and, for a
withheld cell, the reason. ``export_bytes`` writes it as CSV, JSON or XLSX; the same table
will feed the report's data appendix. Numbers are written unformatted.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Sequence
from enum import StrEnum

import pandas as pd

from srdi_report.metrics.registry import load_families
from srdi_report.metrics.result import N_COLUMN, MetricResult
from srdi_report.metrics.suppression import row_key

EXPORT_COLUMNS = (
    "metric_id",
    "scope_key",
    "benchmark_key",
    "filter",
    "n_firms",
    "data_hash",
    "unit",
    "physical_unit",
    "row_key",
    "column",
    "value",
    "n",
    "withheld_reason",
)
SHEET = "metrics"


class ExportFormat(StrEnum):
    """Formats of the provenance export."""

    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"


def provenance_frame(results: Sequence[MetricResult]) -> pd.DataFrame:
    """The long provenance table of the results, in result order then table order."""
    registry = load_families()
    records: list[dict[str, object]] = []
    for result in results:
        keys = registry.get(result.metric_id).keys
        withheld = {s.key: s.reason for s in result.suppressed}
        values = [c for c in result.table.columns if c not in keys and c != N_COLUMN]
        head = {
            "metric_id": result.metric_id,
            "scope_key": result.provenance.scope_key,
            "benchmark_key": result.provenance.benchmark_key,
            "filter": result.provenance.filter,
            "n_firms": result.provenance.n_firms,
            "data_hash": result.provenance.data_hash,
            "unit": result.unit.value,
            "physical_unit": result.physical_unit,
        }
        has_n = N_COLUMN in result.table.columns
        for _index, row in result.table.iterrows():  # one small table per metric
            key = row_key(row, keys)
            for column in values:
                records.append(
                    {
                        **head,
                        "row_key": key,
                        "column": column,
                        "value": float(row[column]),
                        "n": float(row[N_COLUMN]) if has_n else math.nan,
                        "withheld_reason": withheld.get(key, ""),
                    }
                )
    return pd.DataFrame(records, columns=list(EXPORT_COLUMNS))


def export_bytes(results: Sequence[MetricResult], fmt: ExportFormat | str) -> bytes:
    """The provenance table as bytes of one format (same results, same bytes for CSV/JSON).

    Raises:
        ValueError: an unknown format.
    """
    frame = provenance_frame(results)
    kind = ExportFormat(fmt)
    if kind is ExportFormat.CSV:
        return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    if kind is ExportFormat.JSON:
        rows = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in r.items()}
            for r in frame.to_dict("records")
        ]
        return (json.dumps(rows, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode()
    buffer = io.BytesIO()
    frame.to_excel(buffer, sheet_name=SHEET, index=False, engine="openpyxl")
    return buffer.getvalue()
