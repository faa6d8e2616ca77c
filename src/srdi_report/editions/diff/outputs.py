"""The diff's data files, each as bytes by its path in the diff folder.

Metric table (CSV, XLSX), flow table, narrated changes, chart status, side-by-side images, the
text diff as JSON and as reviewer HTML per language.

Every function returns ``{relative path: bytes}``; the caller writes them all at once. Bytes are
deterministic (sorted keys, no time stamps; the XLSX gets a fixed creation date).
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Iterable, Mapping
from datetime import datetime

import pandas as pd

from srdi_report.editions.diff.charts import CHANGED, image_bytes, side_by_side
from srdi_report.editions.diff.flow import flow_frame
from srdi_report.editions.diff.model import ExhibitDiff, NarratedChange, SegmentDiff
from srdi_report.editions.diff.run import EditionDiff, rows_frame
from srdi_report.editions.diff.text_diff import text_diff_json

FIXED_DATE = datetime(2026, 1, 1)  # noqa: DTZ001 (openpyxl stores naive dates)


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def metric_frame(diff: EditionDiff) -> pd.DataFrame:
    """The metric diff table with the two cut-offs (editions.md §3.1 columns)."""
    frame = rows_frame(diff.rows)
    at = list(frame.columns).index("comparable")
    frame.insert(at, "cutoff_old", diff.old_side.cutoff)
    frame.insert(at + 1, "cutoff_new", diff.new_side.cutoff)
    return frame


def narrated_frame(items: Iterable[NarratedChange]) -> pd.DataFrame:
    """Narrated changes: rule, score, keys, sentences, numbers."""
    return pd.DataFrame.from_records(
        [
            {
                "rank": i + 1,
                "rule": c.rule,
                "score": round(c.score, 6),
                "keys": ";".join(c.keys),
                "zh": c.texts.get("zh", ""),
                "en": c.texts.get("en", ""),
                "numbers": ";".join(repr(float(n)) for n in c.numbers),
            }
            for i, c in enumerate(items)
        ],
        columns=["rank", "rule", "score", "keys", "zh", "en", "numbers"],
    )


def exhibits_frame(items: Iterable[ExhibitDiff]) -> pd.DataFrame:
    """Chart diff status per exhibit."""
    return pd.DataFrame.from_records(
        [
            {
                "exhibit_id": e.exhibit_id,
                "old_number": e.old_number,
                "new_number": e.new_number,
                "kind": e.kind,
                "status": e.status,
                "changed_metrics": e.changed_metrics,
                "title_old_en": e.titles_old.get("en", ""),
                "title_new_en": e.titles_new.get("en", ""),
                "title_new_zh": e.titles_new.get("zh", ""),
            }
            for e in items
        ]
    )


def xlsx_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One workbook, one sheet per frame, with a fixed creation date (byte-stable)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
        book = writer.book
        book.properties.created = FIXED_DATE
        book.properties.modified = FIXED_DATE
    return buffer.getvalue()


def side_by_side_images(diff: EditionDiff) -> dict[str, bytes]:
    """``charts/<exhibit>-<lang>.png`` for every changed exhibit with images on both sides."""
    out = {}
    for ex in diff.exhibits:
        if ex.status not in CHANGED:
            continue
        for lang in diff.languages:
            old = image_bytes(diff.old_dir, ex.images_old, lang)
            new = image_bytes(diff.new_dir, ex.images_new, lang)
            if old is not None and new is not None:
                out[f"charts/{ex.exhibit_id}-{lang}.png"] = side_by_side(old, new)
    return out


_STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:auto}"
    "del{color:#b00020;text-decoration:line-through}"
    "ins{color:#006b3c;text-decoration:underline}"
    ".seg{margin:1em 0;border-top:1px solid #ddd}.id{color:#666;font-size:80%}"
)


def text_diff_html(diffs: Iterable[SegmentDiff], title: str) -> bytes:
    """Reviewer HTML of the changed segments.

    Deletions struck through in red, insertions underlined in green (colour and style, so it
    survives grey-scale printing).
    """
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    for d in diffs:
        if d.status == "unchanged":
            continue
        body = "".join(
            html.escape(op.text)
            if op.op == "equal"
            else f"<{'del' if op.op == 'delete' else 'ins'}>{html.escape(op.text)}"
            f"</{'del' if op.op == 'delete' else 'ins'}>"
            for op in d.ops
        )
        parts.append(
            f"<div class='seg'><div class='id'>{html.escape(d.segment_id)} · {d.status}</div>"
            f"<p>{body}</p></div>"
        )
    parts.append("</body></html>\n")
    return "".join(parts).encode("utf-8")


def data_files(diff: EditionDiff) -> dict[str, bytes]:
    """Every data output of the diff, by path relative to the diff folder."""
    metrics = metric_frame(diff)
    flows = flow_frame(diff.flows) if diff.flows else pd.DataFrame()
    narrated = narrated_frame(diff.narrated)
    exhibits = exhibits_frame(diff.exhibits)
    out = {
        "metric_diff.csv": _csv(metrics),
        "narrated_changes.csv": _csv(narrated),
        "exhibits.csv": _csv(exhibits),
        "metric_diff.xlsx": xlsx_bytes(
            {"metric_diff": metrics, "flow": flows, "narrated": narrated, "exhibits": exhibits}
        ),
    }
    if diff.flows:
        out["flow.csv"] = _csv(flows)
    records = [r for lang in diff.languages for r in text_diff_json(diff.texts[lang])]
    out["text_diff.json"] = (
        json.dumps(records, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    ).encode("utf-8")
    for lang in diff.languages:
        out[f"text_diff-{lang}.html"] = text_diff_html(diff.texts[lang], f"{diff.label} ({lang})")
    out.update(side_by_side_images(diff))
    return out
