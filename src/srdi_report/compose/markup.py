"""The light markup a rendered template is written in, and its parser into document blocks.

Templates render to plain text with a few rules, chosen so that they survive gettext (a
translation is %-formatted with the placeholders as arguments) and Jinja's whitespace:

- Blocks are separated by one or more blank lines. Line breaks inside a block are soft: lines
  are joined with a space, except where either side of the break is a wide (CJK) character,
  so a Chinese paragraph split over several template lines gets no stray spaces.
- A block whose first line starts with ``- `` is a bulleted list, ``1. `` (any number, or
  ``1)``) a numbered one; an indented line continues the item above it.
- ``**text**`` is bold (a number inside it becomes a bold :class:`NumRun`).
- Numbers, cross-references, exhibit slots and segment marks are *tokens*: private-use
  characters around a payload. The template helpers (``num``, ``ref``, ``fig``, ``tab``,
  ``{% segment %}``) write them; :func:`parse_blocks` turns them back into runs and blocks.
  The payload is the whole value, so the helpers keep no state between calls.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace

from srdi_report.compose.model import (
    Inline,
    ListBlock,
    NoteRun,
    NumRun,
    Paragraph,
    ParagraphStyle,
    RefRun,
    TextRun,
)
from srdi_report.errors import InputError

# Private-use code points (U+E000…): never in real text, kept by gettext, str.strip and Jinja.
INLINE_OPEN = "\ue000"
INLINE_CLOSE = "\ue001"
SLOT_OPEN = "\ue002"
SLOT_CLOSE = "\ue003"
SEGMENT_OPEN = "\ue004"
SEGMENT_BODY = "\ue005"
SEGMENT_END = "\ue006"
FIELD = "\ue00e"
SENTINELS = frozenset(
    (
        INLINE_OPEN,
        INLINE_CLOSE,
        SLOT_OPEN,
        SLOT_CLOSE,
        SEGMENT_OPEN,
        SEGMENT_BODY,
        SEGMENT_END,
        FIELD,
    )
)
BOLD = "**"
_NUM_TAG = "n"
_REF_TAG = "r"
_TEXT_TAG = "t"  # literal text: no bold or list parsing (names from data, user strings)
_NOTE_TAG = "f"  # a footnote: NoteRun(mark, text)
_INLINE_TOKEN = re.compile(f"{INLINE_OPEN}([^{INLINE_CLOSE}]*){INLINE_CLOSE}")
_SLOT_TOKEN = re.compile(f"{SLOT_OPEN}([^{SLOT_CLOSE}]*){SLOT_CLOSE}")
_BULLET = re.compile(r"^- +(.*)$")
_NUMBERED = re.compile(r"^\d+[.)] +(.*)$")
_SPACES = re.compile(r"[ \t\u00a0]+")
SEGMENT_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
EXHIBIT_KINDS = ("figure", "table")


class MarkupError(InputError):
    """Rendered template text that cannot be read as blocks (a broken token, bad nesting)."""


@dataclass(frozen=True)
class ExhibitSlot:
    """Where a figure or table goes in the flow of text; the composer replaces it.

    Attributes:
        exhibit_id: The stable exhibit id ("c15", "b19a").
        kind: ``"figure"`` or ``"table"`` (what the template asked for, checked by the composer).
    """

    exhibit_id: str
    kind: str = "figure"


TemplateBlock = Paragraph | ListBlock | ExhibitSlot


# --- token writers ------------------------------------------------------------------------------


def _check_field(name: str, value: str) -> str:
    if any(ch in SENTINELS or ch == "\n" for ch in value):
        raise MarkupError(f"{name} {value!r} contains a line break or a reserved character")
    return value


def num_token(run: NumRun) -> str:
    """Encode a :class:`NumRun` as an inline token."""
    value = "" if run.value is None else repr(float(run.value))
    fields = (
        _NUM_TAG,
        value,
        _check_field("number kind", run.kind),
        str(int(run.digits)),
        _check_field("metric id", run.metric_id),
        _check_field("number id", run.number_id),
        "1" if run.suppressed else "0",
        "1" if run.bold else "0",
    )
    return INLINE_OPEN + FIELD.join(fields) + INLINE_CLOSE


def ref_token(target_id: str, label: str) -> str:
    """Encode a cross-reference to an exhibit as an inline token."""
    fields = (_REF_TAG, _check_field("exhibit id", target_id), _check_field("label", label))
    return INLINE_OPEN + FIELD.join(fields) + INLINE_CLOSE


def text_token(text: str) -> str:
    """Encode literal text: printed as it is, never read as ``**`` or a list item."""
    return INLINE_OPEN + FIELD.join((_TEXT_TAG, _check_field("text", text))) + INLINE_CLOSE


def note_token(mark: str, text: str) -> str:
    """Encode a footnote mark with its text (a :class:`NoteRun`)."""
    fields = (_NOTE_TAG, _check_field("note mark", mark), _check_field("note", text))
    return INLINE_OPEN + FIELD.join(fields) + INLINE_CLOSE


def slot_token(exhibit_id: str, kind: str) -> str:
    """Encode a figure or table slot; it always becomes a block of its own."""
    if kind not in EXHIBIT_KINDS:
        raise MarkupError(f"unknown exhibit kind {kind!r}; known: {', '.join(EXHIBIT_KINDS)}")
    return SLOT_OPEN + FIELD.join((_check_field("exhibit id", exhibit_id), kind)) + SLOT_CLOSE


def segment_open(name: str, key: str, style: str) -> str:
    """The token that opens a segment; the segment's body and :data:`SEGMENT_END` follow."""
    if not SEGMENT_NAME.match(name):
        raise MarkupError(
            f"segment id {name!r} must be lower-case ASCII letters, digits, '_', '.' or '-'"
        )
    if style not in {s.value for s in ParagraphStyle}:
        known = ", ".join(s.value for s in ParagraphStyle)
        raise MarkupError(f"unknown paragraph style {style!r}; known: {known}")
    _check_field("segment key", key)
    if "[" in key or "]" in key:
        raise MarkupError(f"segment key {key!r} may not contain brackets")
    return SEGMENT_OPEN + FIELD.join((name, key, style)) + SEGMENT_BODY


# --- parser -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Region:
    """Rendered text inside one segment (or outside any: ``name`` empty)."""

    name: str
    key: str
    style: str
    text: str


def _regions(text: str) -> Iterator[_Region]:
    position = 0
    while position < len(text):
        start = text.find(SEGMENT_OPEN, position)
        if start < 0:
            yield _Region("", "", "", text[position:])
            return
        yield _Region("", "", "", text[position:start])
        head_end = text.find(SEGMENT_BODY, start)
        end = text.find(SEGMENT_END, start)
        if head_end < 0 or end < 0 or end < head_end:
            raise MarkupError("a segment is not closed (missing endsegment?)")
        body = text[head_end + 1 : end]
        if SEGMENT_OPEN in body:
            raise MarkupError("segments cannot be nested")
        name, key, style = text[start + 1 : head_end].split(FIELD)
        yield _Region(name, key, style, body)
        position = end + 1
    if SEGMENT_END in text[position:]:
        raise MarkupError("endsegment without a segment")


def _chunks(text: str) -> Iterator[str | ExhibitSlot]:
    """Split a region into raw blocks (blank-line separated) and exhibit slots."""
    position = 0
    for match in _SLOT_TOKEN.finditer(text):
        yield from _split_blank(text[position : match.start()])
        exhibit_id, _, kind = match.group(1).partition(FIELD)
        yield ExhibitSlot(exhibit_id=exhibit_id, kind=kind)
        position = match.end()
    yield from _split_blank(text[position:])


def _split_blank(text: str) -> Iterator[str]:
    block: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            block.append(line.rstrip())
        elif block:
            yield "\n".join(block)
            block = []
    if block:
        yield "\n".join(block)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def join_lines(lines: list[str]) -> str:
    """Join soft-wrapped lines: a space between them unless a CJK character meets the break."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and not (_is_wide(out[-1]) or _is_wide(line[0])):
            out += " "
        out += line
    return out


def close_wide_gaps(text: str) -> str:
    """Drop a space between two wide (CJK) characters: it is an artefact of joined pieces.

    A Chinese "<word> about 3 times" joined from pieces loses the space between the two
    wide characters: the catalog puts a space beside each number, and a phrase that starts
    with a word rather than a number must not keep it.
    """
    chars = list(text)
    keep = [
        not (
            ch == " "
            and 0 < i < len(chars) - 1
            and _is_wide(chars[i - 1])
            and _is_wide(chars[i + 1])
        )
        for i, ch in enumerate(chars)
    ]
    return "".join(ch for ch, kept in zip(chars, keep, strict=True) if kept)


def _num_from_fields(fields: list[str]) -> NumRun:
    if len(fields) != 8:
        raise MarkupError(f"broken number token {FIELD.join(fields)!r}")
    _, value, kind, digits, metric_id, number_id, suppressed, bold = fields
    number = None if value == "" else float(value)
    if number is not None and not math.isfinite(number):
        raise MarkupError(f"number {number_id or metric_id!r} is not finite: {value}")
    return NumRun(
        value=number,
        kind=kind,
        digits=int(digits),
        metric_id=metric_id,
        number_id=number_id,
        suppressed=suppressed == "1",
        bold=bold == "1",
    )


def _token_run(payload: str) -> Inline:
    fields = payload.split(FIELD)
    if fields[0] == _NUM_TAG:
        return _num_from_fields(fields)
    if fields[0] == _REF_TAG and len(fields) == 3:
        return RefRun(target_id=fields[1], label=fields[2])
    if fields[0] == _TEXT_TAG and len(fields) == 2:
        return TextRun(fields[1])
    if fields[0] == _NOTE_TAG and len(fields) == 3:
        return NoteRun(mark=fields[1], text=fields[2])
    raise MarkupError(f"broken inline token {payload!r}")


def _text_runs(text: str, bold: bool) -> Iterator[tuple[str, bool]]:
    """Split plain text on ``**``; yields (piece, bold) and the bold state flips between pieces."""
    pieces = text.split(BOLD)
    for index, piece in enumerate(pieces):
        if index:
            bold = not bold
        yield piece, bold


def parse_inline(text: str) -> tuple[Inline, ...]:
    """Parse one paragraph's (joined) text into runs; adjacent text of one weight is merged.

    Raises:
        MarkupError: A broken token, a stray reserved character or an unclosed ``**``.
    """
    text = close_wide_gaps(_SPACES.sub(" ", text).strip())
    runs: list[Inline] = []
    bold = False
    position = 0

    def add_text(piece: str) -> None:
        nonlocal bold
        for part, weight in _text_runs(piece, bold):
            bold = weight
            if not part:
                continue
            last = runs[-1] if runs else None
            if isinstance(last, TextRun) and last.bold == weight:
                runs[-1] = TextRun(last.text + part, bold=weight)
            else:
                runs.append(TextRun(part, bold=weight))

    for match in _INLINE_TOKEN.finditer(text):
        add_text(text[position : match.start()])
        run = _token_run(match.group(1))
        if bold and isinstance(run, NumRun | TextRun):
            run = replace(run, bold=True)
        last = runs[-1] if runs else None
        if isinstance(run, TextRun) and isinstance(last, TextRun) and last.bold == run.bold:
            runs[-1] = TextRun(last.text + run.text, bold=run.bold)
        else:
            runs.append(run)
        position = match.end()
    add_text(text[position:])
    if bold:
        raise MarkupError(f"unclosed ** in {text[:60]!r}")
    for run in runs:
        if isinstance(run, TextRun) and any(ch in SENTINELS for ch in run.text):
            raise MarkupError(f"a reserved character is left in {run.text[:60]!r}")
    return tuple(runs)


def _list_items(lines: list[str]) -> tuple[tuple[Inline, ...], ...] | None:
    first = lines[0].strip()
    pattern = _BULLET if _BULLET.match(first) else _NUMBERED if _NUMBERED.match(first) else None
    if pattern is None:
        return None
    items: list[list[str]] = []
    for line in lines:
        stripped = line.strip()
        match = pattern.match(stripped)
        if match:
            items.append([match.group(1)])
        elif line[:1] in (" ", "\t"):
            items[-1].append(stripped)
        else:
            raise MarkupError(f"list line is neither an item nor indented: {stripped[:60]!r}")
    return tuple(parse_inline(join_lines(item)) for item in items)


def _block(raw: str, style: str, segment_id: str) -> Paragraph | ListBlock | None:
    lines = raw.split("\n")
    items = _list_items(lines)
    if items is not None:
        ordered = _NUMBERED.match(lines[0].strip()) is not None
        return ListBlock(items=items, ordered=ordered, segment_id=segment_id)
    runs = parse_inline(join_lines(lines))
    if not runs:
        return None
    return Paragraph(runs=runs, style=ParagraphStyle(style or "body"), segment_id=segment_id)


def parse_blocks(text: str, prefix: str) -> tuple[TemplateBlock, ...]:
    """Parse rendered markup into paragraphs, lists and exhibit slots with segment ids.

    Segment ids (editions.md §1) are ``<prefix>/<id>`` for a block in ``{% segment "id" %}``,
    ``<prefix>/<id>[<key>]`` when the segment has a loop key, with ``.2``, ``.3`` … appended
    for further blocks of the same segment; a block outside any segment gets ``<prefix>/p<n>``,
    n counting such blocks from 1 in reading order.

    Raises:
        MarkupError: Broken markup, or one segment id used twice.
    """
    blocks: list[TemplateBlock] = []
    seen: set[str] = set()
    unnamed = 0
    for region in _regions(text):
        count = 0
        for chunk in _chunks(region.text):
            if isinstance(chunk, ExhibitSlot):
                blocks.append(chunk)
                continue
            if region.name:
                base = f"{prefix}/{region.name}" + (f"[{region.key}]" if region.key else "")
                segment_id = base if count == 0 else f"{base}.{count + 1}"
            else:
                segment_id = f"{prefix}/p{unnamed + 1}"
            block = _block(chunk, region.style, segment_id)
            if block is None:
                continue
            if region.name:
                count += 1
            else:
                unnamed += 1
            if segment_id in seen:
                raise MarkupError(f"segment id {segment_id!r} is used twice")
            seen.add(segment_id)
            blocks.append(block)
    return tuple(blocks)
