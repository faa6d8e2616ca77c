"""A minimal reader for the PDFs ReportLab writes: objects, the outline, the catalog, the info.

ReportLab writes every object uncompressed at top level (no object streams), so the dictionaries
can be read with regular expressions; page content streams are not read here (pdftotext is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OBJ = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def objects(pdf: bytes) -> dict[int, bytes]:
    """Object number → the object's text (dictionary and, for streams, the raw stream)."""
    return {int(m.group(1)): m.group(2) for m in _OBJ.finditer(pdf)}


def _literal(body: bytes, start: int) -> tuple[bytes, int]:
    """Decode the literal string whose "(" is at ``start``; return it and the index after ")"."""
    out = bytearray()
    depth, i = 0, start
    while True:
        ch = body[i : i + 1]
        if ch == b"\\":
            nxt = body[i + 1 : i + 2]
            if nxt.isdigit():
                digits = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
                assert digits is not None
                out.append(int(digits.group(0), 8))
                i += 1 + len(digits.group(0))
                continue
            out += _ESCAPES.get(nxt, nxt)
            i += 2
            continue
        if ch == b"(":
            depth += 1
            if depth > 1:
                out += ch
        elif ch == b")":
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
            out += ch
        else:
            out += ch
        i += 1


def decode_text(raw: bytes) -> str:
    """A PDF text string: UTF-16BE with a BOM, else PDFDocEncoding (Latin-1 is close enough)."""
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    return raw.decode("latin-1")


def string_value(body: bytes, key: bytes) -> str | None:
    """The text string value of ``/key`` in a dictionary, or None."""
    m = re.search(rb"/" + key + rb"\s*\(", body)
    if m is None:
        return None
    raw, _ = _literal(body, m.end() - 1)
    return decode_text(raw)


def ref_value(body: bytes, key: bytes) -> int | None:
    """The object number of ``/key N 0 R`` in a dictionary, or None."""
    m = re.search(rb"/" + key + rb"\s+(\d+) 0 R", body)
    return int(m.group(1)) if m else None


@dataclass(frozen=True)
class OutlineItem:
    """One bookmark: its title, depth (0 = top) and children."""

    title: str
    level: int
    children: tuple[OutlineItem, ...]


def catalog(pdf: bytes) -> bytes:
    """The document catalog's dictionary."""
    for body in objects(pdf).values():
        if re.search(rb"/Type\s*/Catalog", body):
            return body
    raise AssertionError("no catalog")


def info(pdf: bytes) -> dict[str, str]:
    """The document information dictionary's text entries."""
    trailer_info = re.findall(rb"/Info\s+(\d+) 0 R", pdf)
    body = objects(pdf)[int(trailer_info[-1])]
    keys = (b"Title", b"Author", b"Subject", b"Keywords", b"Creator", b"Producer", b"CreationDate")
    found = {key.decode(): string_value(body, key) for key in keys}
    return {k: v for k, v in found.items() if v is not None}


def outline(pdf: bytes) -> tuple[OutlineItem, ...]:
    """The outline tree, in order."""
    objs = objects(pdf)
    root = ref_value(catalog(pdf), b"Outlines")
    if root is None:
        return ()

    def items(first: int | None, level: int) -> tuple[OutlineItem, ...]:
        out = []
        while first is not None:
            body = objs[first]
            title = string_value(body, b"Title") or ""
            out.append(OutlineItem(title, level, items(ref_value(body, b"First"), level + 1)))
            first = ref_value(body, b"Next")
        return tuple(out)

    return items(ref_value(objs[root], b"First"), 0)


def flatten(tree: tuple[OutlineItem, ...]) -> list[tuple[int, str]]:
    """(level, title) of every outline item in reading order."""
    out: list[tuple[int, str]] = []
    for item in tree:
        out.append((item.level, item.title))
        out.extend(flatten(item.children))
    return out
