"""(f) The diff report (editions.md §3.6): a Document built from the diff, rendered to PDF.

Sections: 1 narrated changes (the top ``narrate_top`` then every item), 2 definition,
population and cut-off changes with the flow table, 3 exhibit status and side-by-side charts,
4 the metric diff table (comparable rows, then restated, then not comparable), 5 the text
diff, 6 the consistency checks of both editions (their ``checks.json``). Every word comes from
the catalog; deletions print as ``[-old-]`` and insertions as ``{+new+}``, which survive
grey-scale printing without colour support in the document model.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from srdi_report.compose.i18n import gettext_for
from srdi_report.compose.model import (
    Align,
    Block,
    Caption,
    Cover,
    Document,
    DocumentMeta,
    FigureBlock,
    Heading,
    ListBlock,
    Paragraph,
    ParagraphStyle,
    Section,
    TableBlock,
    TableCell,
    TextRun,
)
from srdi_report.editions.diff.charts import CHANGED, image_bytes, side_by_side
from srdi_report.editions.diff.model import PERCENT, FlowRow, MetricDiffRow, NarratedChange
from srdi_report.editions.diff.narrate import LANGUAGES, N_
from srdi_report.editions.diff.run import EditionDiff, default_namer
from srdi_report.number_format import format_number

NARRATE_TOP = 8
ROWS_PER_EXHIBIT = 8
MSG_TITLE = N_("Edition diff: %(name)s %(old)s to %(new)s")
MSG_SUBTITLE = N_("What changed between two editions, and why")
MSG_EDITIONS = N_(
    "Editions of %(old)s (data as of %(old_date)s) and %(new)s (data as of %(new_date)s)"
)
PUBLISHER = "srdi-report"  # the tool, not a message: the same in both languages
MSG_S1 = N_("What changed")
MSG_S1_TOP = N_("The most material changes, as the edition diff selects them:")
MSG_S1_ALL = N_("Every narrated change (%(count)s):")
MSG_S1_NONE = N_("No rule fired: no change is large enough to narrate.")
MSG_S2 = N_("Definitions, population and cut-offs")
MSG_S2_CUTOFF = N_("The cut-offs are %(months)s months apart.")
MSG_S2_DEFS = N_("Metrics whose definition changed: %(count)s; restated populations: %(restated)s.")
MSG_S2_FLOW = N_(
    "Firms in both snapshots, entered and exited, and Little Giants upgraded and downgraded: "
    "the new count equals the old count plus entries minus exits, exactly, in every scope."
)
MSG_S2_NOFLOW = N_("The flow table needs both firm snapshots; it was not computed for this pair.")
MSG_FLOW_TITLE = N_("Firm and Little Giant flows by province")
MSG_S3 = N_("Exhibits")
MSG_S3_TITLE = N_("Status of every exhibit")
MSG_S3_PAIR = N_("%(title)s (%(label)s of the edition): previous edition left, this edition right")
MSG_S3_ROWS = N_("Changed numbers of %(label)s of the edition: %(title)s")
MSG_S4 = N_("Metric diff table")
MSG_S4_TITLE = N_("Every printed metric: previous and new value and the change")
MSG_S4_NOTE = N_(
    "Percentages change in percentage points, other levels in per cent; ranks move by places "
    "(positive = up). Rows are comparable first, then restated, then not comparable."
)
MSG_S4_SAME = N_(
    "%(count)s of %(total)s printed numbers are unchanged and listed only in metric_diff.csv."
)
MSG_S5 = N_("Text diff")
MSG_S5_NOTE = N_("Deleted text is shown as [-old-], inserted text as {+new+}.")
MSG_S5_NONE = N_("No text segment changed.")
MSG_S6 = N_("Consistency checks")
MSG_S6_EDITION = N_("Edition %(year)s: %(errors)s errors, %(warnings)s warnings.")
MSG_S6_MISSING = N_("Edition %(year)s: no check results found (run srdi-report check).")
MSG_SOURCE = N_("Source: srdi-report edition diff")
MSG_FIGURE = N_("Figure %(number)s")
HEADERS = {
    "exhibit": N_("Exhibit"),
    "old": N_("Previous"),
    "new": N_("New"),
    "status": N_("Status"),
    "changed": N_("Changed numbers"),
    "metric": N_("Metric"),
    "group": N_("Group"),
    "change": N_("Change"),
    "comparable": N_("Comparable"),
    "place": N_("Province"),
    "in_both": N_("In both"),
    "entered": N_("Entered"),
    "exited": N_("Exited"),
    "lg_old": N_("Little Giants before"),
    "lg_new": N_("Little Giants now"),
    "upgraded": N_("Upgraded"),
    "downgraded": N_("Downgraded"),
    "national": N_("National"),
}
STATUS_LABELS = {
    "unchanged": N_("unchanged"),
    "data changed": N_("data changed"),
    "definition changed": N_("definition changed"),
    "added": N_("added"),
    "removed": N_("removed"),
    "yes": N_("yes"),
    "restated": N_("restated"),
    "no": N_("no"),
    "": N_("n/a"),
}


# Column widths by column count: the metric tables (6) and the flow table (10).
_WIDTHS: dict[int, tuple[float, ...]] = {
    6: (0.3, 0.26, 0.11, 0.11, 0.12, 0.1),
    10: (0.13, 0.1, 0.1, 0.1, 0.09, 0.08, 0.1, 0.1, 0.1, 0.1),
}


def _cell(text: str, bold: bool = False) -> TableCell:
    return TableCell((TextRun(text),), bold=bold)


def _para(text: str, style: ParagraphStyle = ParagraphStyle.BODY) -> Paragraph:
    return Paragraph((TextRun(text),), style)


class _Builder:
    def __init__(self, diff: EditionDiff, language: str) -> None:
        self.diff = diff
        self.lang = language
        self.locale = LANGUAGES[language]
        self._ = gettext_for(self.locale)
        self.number = 0

    def caption(self, title: str) -> Caption:
        self.number += 1
        label = self._(MSG_FIGURE) % {"number": self.number}
        return Caption(label, self.number, title, self._(MSG_SOURCE))

    def table(
        self,
        ident: str,
        title: str,
        header: Sequence[str],
        rows: Iterable[Sequence[str]],
        widths: Sequence[float] = (),
    ) -> TableBlock:
        head = (tuple(_cell(self._(HEADERS.get(h, h)), bold=True) for h in header),)
        body = tuple(tuple(_cell(v) for v in row) for row in rows)
        align = (Align.LEFT,) + (Align.RIGHT,) * (len(header) - 1)
        if not widths:
            widths = _WIDTHS.get(len(header), ())
        return TableBlock(ident, self.caption(title), head, body, align, tuple(widths))

    def value(self, value: float | None, unit: str) -> str:
        if value is None:
            return "—"
        if unit == PERCENT:
            return format_number(value / 100.0, "share", 2, self.locale)
        if unit in ("count", "rank", "year"):
            return format_number(value, "count", 0, self.locale)
        return format_number(value, "value", 2, self.locale)

    def change(self, row: MetricDiffRow) -> str:
        if row.rank_change is not None:
            return format_number(row.rank_change, "count_signed", 0, self.locale)
        if row.pp_change is not None:
            return format_number(row.pp_change / 100.0, "pp_signed", 2, self.locale)
        if row.pct_change is not None:
            return format_number(row.pct_change / 100.0, "share_signed", 1, self.locale)
        return "—"

    def metric_rows(self, rows: Iterable[MetricDiffRow]) -> list[list[str]]:
        out = []
        for r in rows:
            group = r.key.group_key if not r.key.group_key.startswith("@") else ""
            # Spaces after the separators let long keys wrap at a part, not inside a word.
            out.append(
                [
                    r.key.metric_id + (f" / {r.key.column}" if r.key.column else ""),
                    group.replace(";", "; "),
                    self.value(r.old_value, r.unit),
                    self.value(r.new_value, r.unit),
                    self.change(r),
                    self._(STATUS_LABELS.get(r.comparable, r.comparable)),
                ]
            )
        return out

    def section(self, number: int, title: str, blocks: Sequence[Block]) -> Section:
        heading = Heading(str(number), title, f"d{number}")
        return Section(heading, 1, tuple(blocks))

    # Sections ------------------------------------------------------------------------

    def narrated(self) -> Section:
        items = self.diff.narrated
        blocks: list[Block] = []
        if not items:
            blocks.append(_para(self._(MSG_S1_NONE)))
        else:
            blocks.append(_para(self._(MSG_S1_TOP), ParagraphStyle.LEAD))
            top = tuple((TextRun(c.texts[self.lang]),) for c in headline(items, NARRATE_TOP))
            blocks.append(ListBlock(top))
            blocks.append(_para(self._(MSG_S1_ALL) % {"count": len(items)}))
            every = tuple((TextRun(f"{c.rule}  "), TextRun(c.texts[self.lang])) for c in items)
            blocks.append(ListBlock(every, ordered=True))
        return self.section(1, self._(MSG_S1), blocks)

    def definitions(self) -> Section:
        from srdi_report.editions.diff.metric_table import months_apart

        rows = self.diff.rows
        blocks: list[Block] = []
        months = months_apart(self.diff.old_side.cutoff, self.diff.new_side.cutoff)
        if months is not None:
            blocks.append(_para(self._(MSG_S2_CUTOFF) % {"months": months}))
        defs = sum(1 for r in rows if r.definition_changed)
        restated = sum(1 for r in rows if r.comparable == "restated")
        blocks.append(_para(self._(MSG_S2_DEFS) % {"count": defs, "restated": restated}))
        if self.diff.flows:
            blocks.append(_para(self._(MSG_S2_FLOW)))
            blocks.append(self.flow_table(self.diff.flows))
        else:
            blocks.append(_para(self._(MSG_S2_NOFLOW)))
        return self.section(2, self._(MSG_S2), blocks)

    def flow_table(self, flows: Sequence[FlowRow]) -> TableBlock:
        header = [
            "place", "old", "new", "in_both", "entered", "exited",
            "lg_old", "lg_new", "upgraded", "downgraded",
        ]  # fmt: skip
        rows = []
        for f in flows:
            if f.scope == "national":
                nation = HEADERS["national"]
                place = self._(nation)
            elif f.scope == "province":
                place = default_namer(f.code, "province", self.lang)
            else:
                continue
            counts = (
                f.firms_old, f.firms_new, f.in_both, f.entered, f.exited,
                f.lg_old, f.lg_new, f.upgraded, f.downgraded,
            )  # fmt: skip
            rows.append([place, *(format_number(v, "count", 0, self.locale) for v in counts)])
        return self.table("flow", self._(MSG_FLOW_TITLE), header, rows)

    def exhibits(self) -> Section:
        diff = self.diff
        status_rows = []
        for e in diff.exhibits:
            titles = e.titles_new or e.titles_old
            status_rows.append(
                [
                    f"{e.exhibit_id} {titles.get(self.lang, '')}",
                    "" if e.old_number is None else str(e.old_number),
                    "" if e.new_number is None else str(e.new_number),
                    self._(STATUS_LABELS.get(e.status, e.status)),
                    str(e.changed_metrics),
                ]
            )
        blocks: list[Block] = [
            self.table(
                "status", self._(MSG_S3_TITLE), ["exhibit", "old", "new", "status", "changed"],
                status_rows, (0.56, 0.1, 0.1, 0.14, 0.1),
            )
        ]  # fmt: skip
        by_exhibit: dict[str, list[MetricDiffRow]] = {}
        for r in diff.rows:
            for ex in r.exhibits_new or r.exhibits_old:
                by_exhibit.setdefault(ex, []).append(r)
        for e in diff.exhibits:
            if e.status not in CHANGED:
                continue
            label = self._(MSG_FIGURE) % {"number": e.new_number}
            fields = {"label": label, "title": e.titles_new.get(self.lang, "")}
            old = image_bytes(diff.old_dir, e.images_old, self.lang)
            new = image_bytes(diff.new_dir, e.images_new, self.lang)
            if old is not None and new is not None:
                png = side_by_side(old, new)
                width, height = _size(png)
                title = self._(MSG_S3_PAIR) % fields
                blocks.append(
                    FigureBlock(
                        figure_id=f"pair_{e.exhibit_id}",
                        caption=self.caption(title),
                        png=png,
                        svg=b"",
                        alt_text=title,
                        width_px=width,
                        height_px=height,
                    )
                )
            changed = [r for r in by_exhibit.get(e.exhibit_id, []) if r.abs_change]
            if changed:
                header = ["metric", "group", "old", "new", "change", "comparable"]
                blocks.append(
                    self.table(
                        f"rows_{e.exhibit_id}",
                        self._(MSG_S3_ROWS) % fields,
                        header,
                        self.metric_rows(changed[:ROWS_PER_EXHIBIT]),
                    )
                )
        return self.section(3, self._(MSG_S3), blocks)

    def metrics(self) -> Section:
        order = {"yes": 0, "restated": 1, "no": 2, "": 3}
        moved = [r for r in self.diff.rows if r.abs_change or r.status != "both"]
        rows = sorted(moved, key=lambda r: order.get(r.comparable, 3))
        same = len(self.diff.rows) - len(moved)
        header = ["metric", "group", "old", "new", "change", "comparable"]
        blocks: list[Block] = [
            _para(self._(MSG_S4_NOTE), ParagraphStyle.NOTE),
            _para(self._(MSG_S4_SAME) % {"count": same, "total": len(self.diff.rows)}),
            self.table("metrics", self._(MSG_S4_TITLE), header, self.metric_rows(rows)),
        ]
        return self.section(4, self._(MSG_S4), blocks)

    def texts(self) -> Section:
        blocks: list[Block] = [_para(self._(MSG_S5_NOTE), ParagraphStyle.NOTE)]
        changed = [d for d in self.diff.texts[self.lang] if d.status != "unchanged"]
        if not changed:
            blocks.append(_para(self._(MSG_S5_NONE)))
        for d in changed:
            runs = [
                TextRun(
                    f"{d.segment_id} ({self._(STATUS_LABELS.get(d.status, d.status))}): ", bold=True
                )
            ]
            for op in d.ops:
                if op.op == "equal":
                    runs.append(TextRun(op.text))
                elif op.op == "delete":
                    runs.append(TextRun(f"[-{op.text}-]", italic=True))
                else:
                    runs.append(TextRun(f"{{+{op.text}+}}", bold=True))
            blocks.append(Paragraph(tuple(runs)))
        return self.section(5, self._(MSG_S5), blocks)

    def checks(self) -> Section:
        blocks: list[Block] = []
        for folder, year in (
            (self.diff.old_dir, self.diff.old_side.year),
            (self.diff.new_dir, self.diff.new_side.year),
        ):
            found = _check_results(folder)
            if found is None:
                blocks.append(_para(self._(MSG_S6_MISSING) % {"year": year}))
                continue
            errors = [f for f in found if f.get("severity") == "error"]
            warnings = [f for f in found if f.get("severity") == "warning"]
            blocks.append(
                _para(
                    self._(MSG_S6_EDITION)
                    % {"year": year, "errors": len(errors), "warnings": len(warnings)}
                )
            )
            items = tuple(
                (
                    TextRun(
                        f"{f.get('check_id', '')} {f.get('severity', '')}: {f.get('message', '')}"
                    ),
                )
                for f in [*errors, *warnings][:40]
            )
            if items:
                blocks.append(ListBlock(items))
        return self.section(6, self._(MSG_S6), blocks)

    def document(self) -> Document:
        d = self.diff
        _ = self._
        title = _(MSG_TITLE) % {
            "name": d.new_side.name,
            "old": d.old_side.label,
            "new": d.new_side.label,
        }
        editions = _(MSG_EDITIONS) % {
            "old": d.old_side.label,
            "old_date": d.old_side.cutoff,
            "new": d.new_side.label,
            "new_date": d.new_side.cutoff,
        }
        meta = DocumentMeta(
            title=title,
            author=PUBLISHER,
            subject=_(MSG_SUBTITLE),
            language="zh-CN" if self.lang == "zh" else "en",
            locale=self.locale,
            date=d.new_side.cutoff,
        )
        cover = Cover(title, _(MSG_SUBTITLE), editions, PUBLISHER, d.new_side.cutoff)
        sections = (
            self.narrated(),
            self.definitions(),
            self.exhibits(),
            self.metrics(),
            self.texts(),
            self.checks(),
        )
        return Document(meta, cover, title, (), sections)


def headline(items: Sequence[NarratedChange], count: int) -> list[NarratedChange]:
    """The ``count`` most material items, at most one per rule and metric (or entity).

    Without it one table whose many small cells all changed by large percentages (a
    comparison of rare events) would fill the summary; the full list still has every item.
    """
    seen: set[tuple[str, str]] = set()
    out = []
    for item in items:
        key = (item.rule, item.keys[0].split("|", 1)[0] if item.keys else "")
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
        if len(out) == count:
            break
    return out


def _size(png: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as img:
        return img.width, img.height


def _check_results(folder: Path) -> list[dict[str, str]] | None:
    path = folder / "checks.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    findings = data.get("findings", []) if isinstance(data, dict) else []
    return [f for f in findings if isinstance(f, dict)]


def diff_document(diff: EditionDiff, language: str) -> Document:
    """The diff report as a document in ``language`` (``zh`` or ``en``)."""
    return _Builder(diff, language).document()


def _render(document: Document, fmt: str, locale: str) -> bytes:
    from srdi_report.renderers.registry import get_renderer

    return get_renderer(fmt).render(document, locale)


def diff_report_files(
    diff: EditionDiff, formats: Sequence[str] = ("pdf",), *, workers: int = 2
) -> dict[str, bytes]:
    """``diff-report-<lang>.<fmt>`` for every language of the diff.

    The documents are composed here and rendered on a process pool (one language per
    worker): rendering is the slow part and the languages are independent.
    """
    jobs = [
        (f"diff-report-{lang}.{fmt}", diff_document(diff, lang), fmt, LANGUAGES[lang])
        for lang in diff.languages
        for fmt in formats
    ]
    if workers <= 1 or len(jobs) <= 1:
        return {name: _render(doc, fmt, loc) for name, doc, fmt, loc in jobs}
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        futures = {name: pool.submit(_render, doc, fmt, loc) for name, doc, fmt, loc in jobs}
        return {name: future.result() for name, future in futures.items()}
