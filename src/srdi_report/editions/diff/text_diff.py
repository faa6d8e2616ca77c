"""(d) The text diff (editions.md §3.4): segments matched by id, token-level operations.

Tokens: a number (digits with separators, decimal point, sign, ``%`` and a following
ten-thousand / hundred-million / times unit) is one token, and so is a run of Latin letters; in
Chinese every other character is a token, in English whitespace is kept as its own token so
that joining the tokens gives the text back exactly. Changes separated by a single unchanged
token are merged; a segment with more than 60% of its tokens changed is shown as one deletion
and one insertion.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence

from srdi_report.editions.diff.model import SegmentDiff, TextOp
from srdi_report.editions.manifest import Manifest, SegmentEntry

# Units that belong to the number before them (wan, yi, bei), as escapes: no Han in src/.
_UNITS = "\u4e07\u4ebf\u500d"
_NUMBER = rf"[+\-\u2212]?\d[\d,.]*%?[{_UNITS}]?"
TOKEN = re.compile(rf"{_NUMBER}|[A-Za-z]+(?:['\u2019][A-Za-z]+)?|\s+|.", re.DOTALL)
REWRITE_SHARE = 0.6


def tokens(text: str) -> list[str]:
    """The tokens of ``text``; ``"".join(tokens(text)) == text``."""
    return TOKEN.findall(text)


def _merge(ops: list[TextOp]) -> list[TextOp]:
    """Adjacent ops of one kind joined; an equal run of one token between changes absorbed."""
    out: list[TextOp] = []
    i = 0
    while i < len(ops):
        op = ops[i]
        if (
            op.op == "equal"
            and len(tokens(op.text)) == 1
            and out
            and out[-1].op != "equal"
            and i + 1 < len(ops)
            and ops[i + 1].op != "equal"
        ):
            # Fold the one token into both the deletion and the insertion around it.
            out.append(TextOp("delete", op.text))
            out.append(TextOp("insert", op.text))
        else:
            out.append(op)
        i += 1
    return _normalise(out)


def _normalise(ops: Iterable[TextOp]) -> list[TextOp]:
    """Per change run, all deletions then all insertions, each joined into one op."""
    out: list[TextOp] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dels:
            out.append(TextOp("delete", "".join(dels)))
        if ins:
            out.append(TextOp("insert", "".join(ins)))
        dels.clear()
        ins.clear()

    for op in ops:
        if op.op == "equal":
            flush()
            if out and out[-1].op == "equal":
                out[-1] = TextOp("equal", out[-1].text + op.text)
            else:
                out.append(op)
        elif op.op == "delete":
            dels.append(op.text)
        else:
            ins.append(op.text)
    flush()
    return [op for op in out if op.text]


def diff_tokens(old: str, new: str) -> tuple[TextOp, ...]:
    """Operations turning ``old`` into ``new`` (equal / delete / insert, in order).

    Joining the equal and delete texts gives ``old``; the equal and insert texts give ``new``.
    """
    a, b = tokens(old), tokens(new)
    if a == b:
        return (TextOp("equal", old),) if old else ()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops: list[TextOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(TextOp("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            ops.append(TextOp("delete", "".join(a[i1:i2])))
        if j2 > j1:
            ops.append(TextOp("insert", "".join(b[j1:j2])))
    merged = _merge(ops)
    changed = sum(len(tokens(op.text)) for op in merged if op.op == "delete")
    if a and changed / len(a) > REWRITE_SHARE:
        return tuple(op for op in (TextOp("delete", old), TextOp("insert", new)) if op.text)
    return tuple(merged)


def old_text(ops: Sequence[TextOp]) -> str:
    """The old text of a list of ops."""
    return "".join(op.text for op in ops if op.op != "insert")


def new_text(ops: Sequence[TextOp]) -> str:
    """The new text of a list of ops."""
    return "".join(op.text for op in ops if op.op != "delete")


def _segments(manifest: Manifest) -> dict[str, SegmentEntry]:
    return {s.segment_id: s for s in manifest.segments}


def text_diff(old: Manifest, new: Manifest, language: str) -> tuple[SegmentDiff, ...]:
    """Every segment of either edition in one language: new reading order, removed at the end.

    Status: ``unchanged``, ``changed``, ``moved`` (same id, other section; text may differ),
    ``added`` or ``removed``.
    """
    before, after = _segments(old), _segments(new)
    out: list[SegmentDiff] = []
    for sid, seg in after.items():
        new_t = seg.texts.get(language, "")
        prior = before.get(sid)
        if prior is None:
            out.append(
                SegmentDiff(
                    sid, language, "added", "", new_t, diff_tokens("", new_t), seg.role, seg.section
                )
            )
            continue
        old_t = prior.texts.get(language, "")
        ops = diff_tokens(old_t, new_t)
        if prior.section != seg.section:
            status = "moved"
        else:
            status = "unchanged" if old_t == new_t else "changed"
        out.append(SegmentDiff(sid, language, status, old_t, new_t, ops, seg.role, seg.section))
    for sid, seg in before.items():
        if sid not in after:
            old_t = seg.texts.get(language, "")
            out.append(
                SegmentDiff(
                    sid,
                    language,
                    "removed",
                    old_t,
                    "",
                    diff_tokens(old_t, ""),
                    seg.role,
                    seg.section,
                )
            )
    return tuple(out)


def text_diff_json(diffs: Iterable[SegmentDiff]) -> list[dict[str, object]]:
    """``text_diff.json`` records: segment id, language, status, old, new, operations."""
    return [
        {
            "segment_id": d.segment_id,
            "language": d.language,
            "status": d.status,
            "role": d.role,
            "section": d.section,
            "old": d.old,
            "new": d.new,
            "operations": [[op.op, op.text] for op in d.ops],
        }
        for d in diffs
    ]
