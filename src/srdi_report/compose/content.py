"""Qualitative content as templates read it: bilingual text fields and numeric fields.

Content tables (``data/reference/content/<name>.csv``, national_report.md §5) hold each text
field twice (``<field>_zh``, ``<field>_en``) and each number once, as a plain numeric field with
its unit beside it. A template reads ``content("c54_suzhou_clusters")``: rows whose text fields
come out in the edition's language and whose numbers come out as :class:`NumRun` values, so a
case fact such as a patent count is formatted by the renderer like any metric value.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from srdi_report.compose.model import NumRun
from srdi_report.compose.tables import language, load_content
from srdi_report.errors import InputError


class ContentAccessError(InputError):
    """A template asked for a content table, row or field that does not exist."""


@dataclass(frozen=True)
class ContentRow:
    """One row of a content table in one language."""

    table: str
    cells: Mapping[str, str]
    lang: str

    def text(self, field: str) -> str:
        """The text of ``field`` in the edition's language (``field_zh`` / ``field_en``)."""
        for column in (f"{field}_{self.lang}", field):
            if column in self.cells:
                return self.cells[column]
        raise ContentAccessError(
            f"content table {self.table!r} has no field {field!r} "
            f"(fields: {', '.join(sorted(self.cells))})"
        )

    def num(self, field: str, kind: str = "value", digits: int = 0) -> NumRun:
        """The number in ``field`` as a run the renderer formats.

        Raises:
            ContentAccessError: no such field, or the cell is not a number.
        """
        raw = self.text(field)
        try:
            value = float(raw)
        except ValueError:
            raise ContentAccessError(
                f"content table {self.table!r}: field {field!r} holds {raw!r}, not a number"
            ) from None
        if not math.isfinite(value):
            raise ContentAccessError(f"content table {self.table!r}: field {field!r} is {raw!r}")
        return NumRun(value, kind, digits, number_id=f"{self.table}.{field}")

    def __getitem__(self, field: str) -> str:
        return self.text(field)

    def __getattr__(self, field: str) -> str:
        if field.startswith("_"):
            raise AttributeError(field)
        return self.text(field)


@dataclass(frozen=True)
class ContentView:
    """A content table's rows in file order, in one language."""

    name: str
    rows: tuple[ContentRow, ...]

    def __iter__(self) -> Iterator[ContentRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, **keys: object) -> ContentRow:
        """The one row whose fields equal ``keys`` (compared as text).

        Raises:
            ContentAccessError: no row or several rows match.
        """
        hits = [r for r in self.rows if all(r.cells.get(k) == str(v) for k, v in keys.items())]
        if len(hits) != 1:
            raise ContentAccessError(f"content table {self.name!r}: {len(hits)} rows match {keys}")
        return hits[0]


@lru_cache(maxsize=64)
def content_view(name: str, locale: str) -> ContentView:
    """The content table ``name`` for ``locale``.

    Raises:
        ContentAccessError: no such table.
    """
    try:
        frame = load_content(name)
    except InputError as err:
        raise ContentAccessError(str(err)) from None
    lang = language(locale)
    records = frame.to_dict(orient="records")
    rows = tuple(
        ContentRow(name, {str(k): str(v) for k, v in rec.items()}, lang) for rec in records
    )
    return ContentView(name, rows)
