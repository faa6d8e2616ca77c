"""Table specs + metric results (or content CSVs) → :class:`~srdi_report.compose.model.TableBlock`.

Numbers stay numbers: every numeric cell is a :class:`NumRun` with the unrounded value, its kind
and digits; the renderer formats it for the locale. Header texts are message ids translated
here; numeric columns are right-aligned by the spec. A statistic withheld below ``min_cell``
becomes ``NumRun(None, suppressed=True)``, printed as the suppression mark.

Label sources of row keys: every ``domain`` of ``data/reference/content/code_labels.csv``
(codes without a reference name: honours, dimensions, bands …; looked up first), then those of
``figures.labels`` (``province``, ``city``, ``cluster``, ``gbt_*``, ``field_domain``, ``level``,
``level_short``, ``region``, ``msgid``). An empty source prints the key as it is (years).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import pandas as pd

from srdi_report.compose.edition_spec import (
    Cell,
    CellSource,
    RowGroup,
    TableKind,
    TableSpec,
)
from srdi_report.compose.model import (
    Align,
    Caption,
    Inline,
    NumRun,
    Paragraph,
    ParagraphStyle,
    TableBlock,
    TableCell,
    TextRun,
)
from srdi_report.data.reference_files import read_reference_csv
from srdi_report.errors import InputError
from srdi_report.figures.labels import is_english, label_codes
from srdi_report.metrics.result import MetricResult

CONTENT_FOLDER = "content"
CODE_LABELS = "code_labels"

LabelLookup = Callable[[str, str], str]
"""``(label source, code) -> label`` in the table's locale."""


class TableSpecError(InputError):
    """A table spec cannot be filled: a missing result, row, column, content cell or label."""


# --- content and labels --------------------------------------------------------------------------


@lru_cache(maxsize=64)
def load_content(name: str) -> pd.DataFrame:
    """A content table of ``data/reference/content/`` (all cells text, "" for empty).

    Raises:
        TableSpecError: no such content table.
    """
    try:
        return read_reference_csv(f"{CONTENT_FOLDER}/{name}.csv")
    except FileNotFoundError:
        raise TableSpecError(f"no content table {name!r} under data/reference/content/") from None


def language(locale: str) -> str:
    """Suffix of the content columns for a Babel locale: ``en`` or ``zh``."""
    return "en" if is_english(locale) else "zh"


@lru_cache(maxsize=4)
def code_labels(locale: str) -> Mapping[tuple[str, str], str]:
    """``(domain, code) -> label`` of ``code_labels.csv`` in the locale's language."""
    frame = load_content(CODE_LABELS)
    column = f"label_{language(locale)}"
    pairs = zip(frame["domain"], frame["code"], frame[column], strict=True)
    return MappingProxyType({(d, c): label for d, c, label in pairs})


def label_lookup(locale: str, gettext: Callable[[str], str]) -> LabelLookup:
    """The default :data:`LabelLookup`: ``code_labels.csv`` first, then ``figures.labels``.

    Raises (when called):
        TableSpecError: the code has no label in the source.
    """
    codes = code_labels(locale)
    domains = {domain for domain, _ in codes}

    def lookup(source: str, code: str) -> str:
        if not source:
            return code
        if source in domains:
            label = codes.get((source, code))
            if label is None:
                raise TableSpecError(f"code {code!r} has no label in domain {source!r}")
            return label
        try:
            return label_codes([code], source, locale, gettext)[0]
        except InputError as err:
            raise TableSpecError(f"label of {code!r} ({source}): {err}") from None

    return lookup


# --- public API ----------------------------------------------------------------------------------


def metric_table(
    spec: TableSpec,
    results: Mapping[str, MetricResult],
    gettext: Callable[[str], str],
    labels: LabelLookup,
    *,
    locale: str,
    caption: Caption | None = None,
) -> TableBlock:
    """Fill a ``metric`` (or ``content``) table spec from metric results.

    Args:
        spec: The table.
        results: Metric results by ``DataView.result_key``.
        gettext: Translate a message id in the edition's locale.
        labels: Label lookup for row keys (:func:`label_lookup`).
        locale: Babel locale; picks the language of content text cells.
        caption: The caption (the composer numbers exhibits); a placeholder when None.

    Raises:
        TableSpecError: a result, row or content cell the spec names is missing.
    """
    body: list[tuple[TableCell, ...]] = []
    for group in spec.groups:
        body.extend(_group_rows(spec, group, results, gettext, labels, locale, len(body)))
    return _block(spec, body, gettext, caption)


def content_table(
    spec: TableSpec,
    locale: str,
    gettext: Callable[[str], str] | None = None,
    *,
    caption: Caption | None = None,
) -> TableBlock:
    """Fill a ``content`` table spec from its content CSV in the locale's language.

    Raises:
        TableSpecError: the spec is not a content table, or a cell it shows is empty.
    """
    if spec.kind is not TableKind.CONTENT:
        raise TableSpecError(f"table {spec.table_id} is a {spec.kind} table, not content")
    translate = gettext or _identity
    return metric_table(spec, {}, translate, label_lookup(locale, translate), locale=locale,
                        caption=caption)  # fmt: skip


def table_block(
    spec: TableSpec,
    results: Mapping[str, MetricResult],
    locale: str,
    gettext: Callable[[str], str],
    *,
    labels: LabelLookup | None = None,
    caption: Caption | None = None,
) -> TableBlock:
    """Either kind of table, with the default label lookup unless ``labels`` is given."""
    lookup = labels or label_lookup(locale, gettext)
    return metric_table(spec, results, gettext, lookup, locale=locale, caption=caption)


# --- rows ----------------------------------------------------------------------------------------


def _group_rows(
    spec: TableSpec,
    group: RowGroup,
    results: Mapping[str, MetricResult],
    gettext: Callable[[str], str],
    labels: LabelLookup,
    locale: str,
    offset: int,
) -> list[tuple[TableCell, ...]]:
    content = _content_index(spec, group)
    if group.view is None:
        frame = load_content(group.content)
        row_items: list[tuple[str | None, pd.DataFrame]] = [
            (None, frame.iloc[[i]]) for i in range(len(frame))
        ]
        result = None
    else:
        result = _result(spec, group.view.result_key, results)
        table = _filtered(result.table, group.view.where)
        row_items = [(k, _rows_of(table, group.key_column, k)) for k in _keys(group, table)]
    out: list[tuple[TableCell, ...]] = []
    for index, (key, rows) in enumerate(row_items):
        cells = tuple(
            _cell(spec, group, cell, key, rows, result, results, content, gettext, labels, locale,
                  offset + index + 1, column)
            for column, cell in enumerate(group.cells)
        )  # fmt: skip
        if len(cells) != len(spec.columns):
            raise TableSpecError(
                f"table {spec.table_id}: a row has {len(cells)} cells for "
                f"{len(spec.columns)} columns"
            )
        out.append(cells)
    return out


def _keys(group: RowGroup, table: pd.DataFrame) -> list[str | None]:
    """Row keys in print order: explicit, else the view's order, sort and top."""
    view = group.view
    assert view is not None
    column = group.key_column
    if not column:
        return [None]
    if group.keys:
        return [*group.keys]
    if view.sort:
        by = str(view.roles.get(view.sort, view.sort))
        table = table.sort_values(by, ascending=view.ascending, kind="stable")
    keys: list[str | None] = [*dict.fromkeys(str(k) for k in table[column])]
    return keys[: view.top] if view.top else keys


def _cell(
    spec: TableSpec,
    group: RowGroup,
    cell: Cell,
    key: str | None,
    rows: pd.DataFrame,
    result: MetricResult | None,
    results: Mapping[str, MetricResult],
    content: Mapping[str, Mapping[str, str]] | None,
    gettext: Callable[[str], str],
    labels: LabelLookup,
    locale: str,
    row_number: int,
    column: int,
) -> TableCell:
    bold = group.bold
    runs: tuple[Inline, ...]
    if cell.source is CellSource.KEY:
        code = key if not cell.column else _one_text(spec, rows, cell.column, key)
        runs = (TextRun(labels(cell.labels, str(code)), bold=bold),)
    elif cell.source is CellSource.VALUE:
        runs = (_value(spec, group, cell, key, rows, result, results, row_number, column),)
    elif cell.source in (CellSource.CONTENT, CellSource.CONTENT_NUMBER):
        raw = _content_value(spec, group, cell, key, rows, content, locale)
        if cell.source is CellSource.CONTENT:
            runs = (TextRun(raw, bold=bold),)
        else:
            number = float(raw) if raw else None
            kind, digits = _content_kind(spec, group, cell, key, rows, content, locale)
            runs = (NumRun(number, kind, digits, bold=bold),)
    elif cell.source is CellSource.RANK:
        runs = (NumRun(float(row_number), "rank", 0, bold=bold),)
    else:
        runs = (TextRun(gettext(cell.msgid), bold=bold),) if cell.msgid else ()
    if runs and isinstance(runs[0], NumRun) and bold:
        runs = (_bolder(runs[0]),)
    return TableCell(runs=runs, bold=bold)


def _value(
    spec: TableSpec,
    group: RowGroup,
    cell: Cell,
    key: str | None,
    rows: pd.DataFrame,
    result: MetricResult | None,
    results: Mapping[str, MetricResult],
    row_number: int,
    column: int,
) -> NumRun:
    source = result
    candidates = rows
    if cell.metric and (group.view is None or cell.metric != group.view.metric):
        view = group.view
        assert view is not None
        other_key = f"{cell.metric}|{view.scope}|{view.benchmark}"
        source = _result(spec, cell.metric if not (view.scope or view.benchmark) else other_key,
                         results)  # fmt: skip
        candidates = _rows_of(source.table, group.key_column, key)
    if source is None:
        raise TableSpecError(f"table {spec.table_id}: a value cell needs a metric row group")
    hits = _filtered(candidates, {k: (v,) for k, v in cell.where.items()})
    number_id = f"{spec.table_id}.r{row_number}c{column + 1}"
    if cell.column not in hits.columns:
        raise TableSpecError(
            f"table {spec.table_id}: metric {source.metric_id!r} has no column {cell.column!r}"
        )
    if len(hits) > 1:
        raise TableSpecError(
            f"table {spec.table_id}: {len(hits)} rows of {source.metric_id!r} match key "
            f"{key!r} and {dict(cell.where)!r}; add key values to the cell"
        )
    value = float(hits[cell.column].iloc[0]) if len(hits) else math.nan
    if math.isnan(value):
        withheld = len(hits) == 0 or _withheld(hits.iloc[0], source)
        return NumRun(None, cell.kind, cell.digits, source.metric_id, number_id,
                      suppressed=withheld, signed=cell.signed)  # fmt: skip
    return NumRun(value, cell.kind, cell.digits, source.metric_id, number_id, signed=cell.signed)


def _withheld(row: pd.Series, result: MetricResult) -> bool:
    """Whether a row with a NaN statistic matches one of the result's suppression records."""
    for record in result.suppressed:
        parts = dict(p.split("=", 1) for p in record.key.split(";") if "=" in p)
        if all(c in row.index and str(row[c]) == text for c, text in parts.items()):
            return True
    return False


def _content_value(
    spec: TableSpec,
    group: RowGroup,
    cell: Cell,
    key: str | None,
    rows: pd.DataFrame,
    content: Mapping[str, Mapping[str, str]] | None,
    locale: str,
) -> str:
    field = cell.column
    if cell.source is CellSource.CONTENT:
        field = f"{cell.column}_{language(locale)}"
    if group.view is None:
        record: Mapping[str, str] = {str(k): str(v) for k, v in rows.iloc[0].items()}
    else:
        if content is None or key is None or key not in content:
            raise TableSpecError(
                f"table {spec.table_id}: content {group.content!r} has no row {key!r}"
            )
        record = content[key]
    if field not in record and cell.column in record:
        field = cell.column  # a language-neutral field (star ratings, codes)
    if field not in record:
        raise TableSpecError(f"table {spec.table_id}: content {group.content!r} has no {field!r}")
    text = str(record[field])
    if cell.source is CellSource.CONTENT and not text:
        raise TableSpecError(
            f"table {spec.table_id}: content {group.content!r} row {key!r} has an empty {field!r}"
        )
    return text


def _content_kind(
    spec: TableSpec,
    group: RowGroup,
    cell: Cell,
    key: str | None,
    rows: pd.DataFrame,
    content: Mapping[str, Mapping[str, str]] | None,
    locale: str,
) -> tuple[str, int]:
    """Kind and digits of a content number; ``kind="@f"`` reads them from fields f, f→digits.

    A content table whose rows mix shares and counts names the kind per row (``kpi_unit``) and
    the digits in the sibling field ``<stem>_digits`` (``kpi_unit`` → ``kpi_digits``).
    """
    if not cell.kind.startswith("@"):
        return cell.kind, cell.digits
    field = cell.kind[1:]
    kind = _content_value(spec, group, Cell(CellSource.CONTENT_NUMBER, column=field), key, rows,
                          content, locale)  # fmt: skip
    stem = field.rsplit("_", 1)[0]
    digits = _content_value(spec, group, Cell(CellSource.CONTENT_NUMBER, column=f"{stem}_digits"),
                            key, rows, content, locale)  # fmt: skip
    return kind, int(digits) if digits else cell.digits


# --- helpers -------------------------------------------------------------------------------------


def _content_index(spec: TableSpec, group: RowGroup) -> Mapping[str, Mapping[str, str]] | None:
    """Content rows by their key, for metric groups that join a content table."""
    if group.view is None or not group.content:
        return None
    frame = load_content(group.content)
    if group.content_key not in frame.columns:
        raise TableSpecError(
            f"table {spec.table_id}: content {group.content!r} has no key {group.content_key!r}"
        )
    records = ({str(k): str(v) for k, v in r.items()} for r in frame.to_dict("records"))
    return {r[group.content_key]: r for r in records}


def _result(spec: TableSpec, key: str, results: Mapping[str, MetricResult]) -> MetricResult:
    result = results.get(key)
    if result is None:
        raise TableSpecError(f"table {spec.table_id}: no result {key!r}")
    return result


def _filtered(table: pd.DataFrame, where: Mapping[str, tuple[object, ...]]) -> pd.DataFrame:
    keep = np.ones(len(table), dtype=bool)
    for column, allowed in where.items():
        if column not in table.columns:
            raise TableSpecError(f"metric table has no key column {column!r}")
        wanted = {str(a) for a in allowed}
        keep &= table[column].astype(str).isin(wanted).to_numpy(dtype=bool)
    return table.loc[keep]


def _rows_of(table: pd.DataFrame, column: str, key: str | None) -> pd.DataFrame:
    if not column or key is None:
        return table
    return table.loc[table[column].astype(str) == key]


def _one_text(spec: TableSpec, rows: pd.DataFrame, column: str, key: str | None) -> str:
    if column not in rows.columns or rows.empty:
        raise TableSpecError(f"table {spec.table_id}: no {column!r} for row {key!r}")
    return str(rows[column].iloc[0])


def _bolder(run: NumRun) -> NumRun:
    return NumRun(run.value, run.kind, run.digits, run.metric_id, run.number_id,
                  run.suppressed, True, run.signed)  # fmt: skip


def _identity(text: str) -> str:
    return text


def _block(
    spec: TableSpec,
    body: list[tuple[TableCell, ...]],
    gettext: Callable[[str], str],
    caption: Caption | None,
) -> TableBlock:
    header = (tuple(TableCell(runs=(TextRun(gettext(c.header)),)) for c in spec.columns),)
    total = sum(c.width for c in spec.columns) or 1.0
    widths = tuple(round(c.width / total, 4) for c in spec.columns)
    notes = tuple(
        Paragraph(runs=(TextRun(gettext(note)),), style=ParagraphStyle.NOTE) for note in spec.notes
    )
    return TableBlock(
        table_id=spec.table_id,
        caption=caption or Caption(label="", number=0, title=gettext(spec.title), source=""),
        header=header,
        rows=tuple(body),
        align=tuple(Align(c.align.value) for c in spec.columns),
        widths=widths,
        notes=notes,
    )
