"""Text renderings of a :class:`ReproduceOutcome`: an aligned table and a CSV.

CSV columns (spec README decision 8): ``chart_id,label,published,rebuilt,status`` first, then
``number_id,reason,source``; ``label`` is the English label, ``source`` the path that computed
the row (``metric:<metric id>`` or ``grammar``). Both end with a newline.
"""

from __future__ import annotations

import csv
import io
import unicodedata

from srdi_report.metrics.reproduce import ReproduceOutcome, ReproduceRow

CSV_HEADER = (
    "chart_id",
    "label",
    "published",
    "rebuilt",
    "status",
    "number_id",
    "reason",
    "source",
)
TABLE_HEADER = ("chart", "label", "published", "rebuilt", "status")
LABEL_WIDTH = 60  # longer labels are cut with an ellipsis in the table (the CSV keeps them)
COMPARATOR_MARK = {"eq": "", "approx": "~", "gt": ">", "lt": "<", "range": ""}


def render_csv(outcome: ReproduceOutcome) -> str:
    """One CSV line per firm-derivable published number, in numbers.csv order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for row in outcome.rows:
        writer.writerow(
            (
                row.chart_id,
                row.label,
                row.published,
                row.rebuilt,
                row.status.value,
                row.number_id,
                row.reason,
                row.source,
            )
        )
    return buffer.getvalue()


def render_table(outcome: ReproduceOutcome) -> str:
    """An aligned plain-text table and the closing line ``N of M reproduced``."""
    cells = [TABLE_HEADER, *(_table_cells(row) for row in outcome.rows)]
    widths = [max(_width(line[i]) for line in cells) for i in range(len(TABLE_HEADER))]
    lines = [
        "  ".join(_pad(c, w) for c, w in zip(line, widths, strict=True)).rstrip() for line in cells
    ]
    lines.append(summary_line(outcome))
    return "\n".join(lines) + "\n"


def summary_line(outcome: ReproduceOutcome) -> str:
    """``420 of 424 reproduced (4 mismatches); 31 exceptions``."""
    mismatches = len(outcome.mismatches)
    noun = "mismatch" if mismatches == 1 else "mismatches"
    exceptions = len(outcome.exceptions)
    tail = f"; {exceptions} exception{'' if exceptions == 1 else 's'} (seed inconsistencies)"
    return f"{outcome.n_ok} of {outcome.n_checked} reproduced ({mismatches} {noun}){tail}"


def _table_cells(row: ReproduceRow) -> tuple[str, str, str, str, str]:
    label = row.label if len(row.label) <= LABEL_WIDTH else row.label[: LABEL_WIDTH - 1] + "…"
    published = COMPARATOR_MARK[row.comparator.value] + row.published
    return (row.chart_id, label, published, row.rebuilt or "-", row.status.value)


def _width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
