"""WordprocessingML building blocks: runs, complex fields (TOC, PAGEREF, SEQ, PAGE), bookmarks.

python-docx has no API for fields, bookmarks or internal hyperlinks, so they are built here as
plain ``w:`` elements. A complex field is ``begin``, the instruction, ``separate``, the cached
result runs, ``end``: Word and LibreOffice show the cached result until the field is updated,
which is how the table of contents is already filled when the file is opened.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

# Bookmark names: at most 40 characters, a letter or underscore first; names starting with an
# underscore are hidden from the user's bookmark list (Word's own "_Toc…" and "_Ref…").
BOOKMARK_MAX = 40
TOC_PREFIX = "_Toc_"
REF_PREFIX = "_Ref_"
_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
# Characters XML 1.0 cannot carry at all (C0 controls other than tab, line feed, return).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class RunFormat:
    """Direct formatting of one run; everything else comes from the paragraph style."""

    bold: bool = False
    italic: bool = False
    superscript: bool = False
    color: str = ""  # hex without '#', or "" for the style's colour
    style: str = ""  # a character style id


def bookmark_name(prefix: str, key: str) -> str:
    """A valid, hidden bookmark name for a stable key ("s2_1" → "_Toc_s2_1")."""
    return (prefix + _UNSAFE.sub("_", key))[:BOOKMARK_MAX]


def text_run(text: str, fmt: RunFormat = RunFormat()) -> BaseOxmlElement:
    """One ``w:r`` with its properties and text (tabs become ``w:tab``)."""
    run = OxmlElement("w:r")
    props = _run_props(fmt)
    if props is not None:
        run.append(props)
    parts = _XML_ILLEGAL.sub("", text).split("\t")
    for i, part in enumerate(parts):
        if i:
            run.append(OxmlElement("w:tab"))
        if part:
            t = OxmlElement("w:t")
            t.text = part
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(t)
    return run


def _run_props(fmt: RunFormat) -> BaseOxmlElement | None:
    if fmt == RunFormat():
        return None
    props = OxmlElement("w:rPr")
    # Children in the schema's order: rStyle, b, bCs, i, iCs, color, vertAlign.
    if fmt.style:
        props.append(_val("w:rStyle", fmt.style))
    if fmt.bold:
        props.append(OxmlElement("w:b"))
        props.append(OxmlElement("w:bCs"))
    if fmt.italic:
        props.append(OxmlElement("w:i"))
        props.append(OxmlElement("w:iCs"))
    if fmt.color:
        props.append(_val("w:color", fmt.color))
    if fmt.superscript:
        props.append(_val("w:vertAlign", "superscript"))
    return props


def _val(tag: str, value: str) -> BaseOxmlElement:
    el = OxmlElement(tag)
    el.set(qn("w:val"), value)
    return el


def _fld_char(kind: str, *, dirty: bool = False) -> BaseOxmlElement:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run.append(char)
    return run


def field_begin(instruction: str, fmt: RunFormat = RunFormat()) -> list[BaseOxmlElement]:
    """The runs that open a complex field up to ``separate``: begin, instruction, separate."""
    instr_run = OxmlElement("w:r")
    props = _run_props(fmt)
    if props is not None:
        instr_run.append(props)
    instr = OxmlElement("w:instrText")
    instr.text = f" {instruction} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr_run.append(instr)
    return [_fld_char("begin"), instr_run, _fld_char("separate")]


def field_end() -> BaseOxmlElement:
    """The run that closes a complex field."""
    return _fld_char("end")


def field_runs(
    instruction: str, result: str, fmt: RunFormat = RunFormat()
) -> list[BaseOxmlElement]:
    """A whole complex field on one line with its cached result ("PAGE" → "3")."""
    return [*field_begin(instruction, fmt), text_run(result, fmt), field_end()]


def seq_runs(
    identifier: str, number: int, previous: int | None = None, fmt: RunFormat = RunFormat()
) -> list[BaseOxmlElement]:
    r"""A caption number: ``SEQ <identifier> \* ARABIC`` with the number as its cached result.

    Word recounts the sequence when fields are updated, so the instruction must give the
    model's number too: ``\c`` repeats the previous number (a chart and its table under one
    exhibit number) and ``\r N`` restarts at N (an exhibit left out of this edition).

    Args:
        identifier: The sequence name ("Figure").
        number: The caption's number.
        previous: The number of the previous caption of the sequence (None for the first).
        fmt: Run formatting of the number.
    """
    expected = 1 if previous is None else previous + 1
    switch = ""
    if previous is not None and number == previous:
        switch = " \\c"
    elif number != expected:
        switch = f" \\r {number}"
    return field_runs(f"SEQ {identifier} \\* ARABIC{switch}", str(number), fmt)


def bookmark(paragraph: BaseOxmlElement, name: str, bookmark_id: int) -> None:
    """Wrap a paragraph's content (after its properties) in a bookmark."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    props = paragraph.find(qn("w:pPr"))
    paragraph.insert(0 if props is None else 1, start)
    paragraph.append(end)


def hyperlink(anchor: str, runs: Iterable[BaseOxmlElement]) -> BaseOxmlElement:
    """An internal hyperlink to a bookmark, holding ``runs``."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    for run in runs:
        link.append(run)
    return link


@dataclass(frozen=True)
class TocEntry:
    """One heading as the table of contents lists it."""

    level: int  # 1 = chapter
    text: str  # "2.1 Title"
    bookmark: str  # the heading's bookmark name
    page: str  # the cached page number ("" when unknown)


def toc_paragraphs(
    entries: Sequence[TocEntry], depth: int, styles: Sequence[str]
) -> list[BaseOxmlElement]:
    r"""A TOC field whose cached result already lists ``entries``.

    Each entry is a paragraph in the ``TOC n`` style: a hyperlink to the heading's bookmark with
    the title, a tab (the style's right tab with dot leader) and a ``PAGEREF`` field. The field's
    begin sits in the first paragraph and its end in the last, as Word writes it, so "Update
    field" in Word rebuilds the list with real page numbers.

    Args:
        entries: The headings, in reading order.
        depth: Deepest heading level listed (the ``\o "1-depth"`` switch).
        styles: Paragraph style ids of levels 1, 2, 3 …
    """
    shown = [entry for entry in entries if entry.level <= depth]
    instruction = f'TOC \\o "1-{depth}" \\h \\z \\u'
    paragraphs: list[BaseOxmlElement] = []
    for i, entry in enumerate(shown):
        para = OxmlElement("w:p")
        props = OxmlElement("w:pPr")
        props.append(_val("w:pStyle", styles[min(entry.level, len(styles)) - 1]))
        para.append(props)
        if i == 0:
            for run in field_begin(instruction):
                para.append(run)
        tab = OxmlElement("w:r")
        tab.append(OxmlElement("w:tab"))
        page = [
            *field_begin(f"PAGEREF {entry.bookmark} \\h"),
            text_run(entry.page),
            field_end(),
        ]
        para.append(hyperlink(entry.bookmark, [text_run(entry.text), tab, *page]))
        paragraphs.append(para)
    closing = OxmlElement("w:p")
    closing_props = OxmlElement("w:pPr")
    closing_props.append(_val("w:pStyle", styles[0]))
    closing.append(closing_props)
    if not shown:
        for run in field_begin(instruction):
            closing.append(run)
    closing.append(field_end())
    paragraphs.append(closing)
    return paragraphs
