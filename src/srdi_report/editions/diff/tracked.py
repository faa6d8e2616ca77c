"""(e) The tracked-changes DOCX (editions.md §3.5): changed segments as Word revisions.

The new edition's DOCX, its changed text segments rewritten as revisions from the old text.

The new DOCX already holds the new text, so nothing of it is retyped: runs are split at the
token-diff boundaries, inserted text is wrapped in ``w:ins``, and the old text is put back as
``w:del`` runs (``w:delText``) carrying the run properties (fonts with ``w:eastAsia``,
``w:lang``) of the run beside them. Accepting every revision therefore gives the new DOCX's text
exactly, and rejecting every revision gives the old segment text.

Segments are found in document order: each line of a segment (list items are lines) is the
end of a body paragraph (heading numbers and caption labels are prefixes that stay). Table
cells and images carry the new content untracked. ``w:author`` is ``srdi-report``, ``w:date`` the
new snapshot date at midnight UTC, ``w:id`` increasing in document order: the bytes are the
same on every run.
"""

from __future__ import annotations

import copy
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from lxml import etree

from srdi_report.editions.diff.model import SegmentDiff, TextOp
from srdi_report.editions.diff.narrate import LANGUAGES, N_
from srdi_report.editions.diff.run import EditionDiff
from srdi_report.editions.diff.text_diff import diff_tokens

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
AUTHOR = "srdi-report"
DOCUMENT = "word/document.xml"
TRACKED = ("changed", "moved", "added", "removed")


def _text_runs(p: etree._Element) -> list[tuple[etree._Element, str]]:
    """The runs of a paragraph that hold text (``w:t``), in order, with their text."""
    out = []
    for r in p.iter(f"{W}r"):
        ts = [t for t in r if t.tag == f"{W}t"]
        if ts:
            out.append((r, "".join(t.text or "" for t in ts)))
    return out


def paragraph_text(p: etree._Element) -> str:
    """The text of a paragraph as the accept-all reader sees it (``w:t`` only)."""
    return "".join(text for _, text in _text_runs(p))


def body_paragraphs(root: etree._Element) -> list[etree._Element]:
    """Body paragraphs outside tables, in document order."""
    body = root.find(f"{W}body")
    if body is None:
        return []
    return [p for p in body.iter(f"{W}p") if not any(a.tag == f"{W}tbl" for a in p.iterancestors())]


def _splittable(r: etree._Element) -> bool:
    """A run with one ``w:t`` and nothing else but its properties can be split."""
    kids = [k for k in r if k.tag != f"{W}rPr"]
    return len(kids) == 1 and kids[0].tag == f"{W}t"


def _make_run(template: etree._Element, text: str, deleted: bool = False) -> etree._Element:
    r = etree.Element(f"{W}r")
    rpr = template.find(f"{W}rPr")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    t = etree.SubElement(r, f"{W}delText" if deleted else f"{W}t")
    t.text = text
    t.set(XML_SPACE, "preserve")
    return r


def _split_at(p: etree._Element, cuts: set[int]) -> bool:
    """Split the paragraph's text runs so every offset in ``cuts`` is a run boundary."""
    pos = 0
    for r, text in _text_runs(p):
        inner = sorted(c - pos for c in cuts if pos < c < pos + len(text))
        if inner:
            if not _splittable(r):
                return False
            pieces, last = [], 0
            for c in [*inner, len(text)]:
                pieces.append(text[last:c])
                last = c
            parent = r.getparent()
            assert parent is not None
            index = parent.index(r)
            parent.remove(r)
            for k, piece in enumerate(pieces):
                parent.insert(index + k, _make_run(r, piece))
        pos += len(text)
    return True


def _revision(tag: str) -> etree._Element:
    return etree.Element(f"{W}{tag}")


def track_paragraph(p: etree._Element, start: int, ops: Sequence[TextOp]) -> bool:
    """Rewrite the text of ``p`` from offset ``start`` on as the revisions ``ops``.

    The equal and insert texts of ``ops`` must be the paragraph's text from ``start``.

    Returns:
        False (paragraph untouched) when a run to split holds more than text.
    """
    cuts: set[int] = set()
    inserts: list[tuple[int, int]] = []
    deletes: list[tuple[int, str]] = []
    pos = start
    for op in ops:
        if op.op == "delete":
            deletes.append((pos, op.text))
            cuts.add(pos)
            continue
        if op.op == "insert":
            inserts.append((pos, pos + len(op.text)))
            cuts.update((pos, pos + len(op.text)))
        pos += len(op.text)
    probe = copy.deepcopy(p)
    if not _split_at(probe, cuts):
        return False
    _split_at(p, cuts)
    runs: list[tuple[etree._Element, int, int]] = []
    offset = 0
    for r, text in _text_runs(p):
        runs.append((r, offset, offset + len(text)))
        offset += len(text)
    for r, a, b in runs:
        if any(lo <= a and b <= hi and a < b for lo, hi in inserts):
            parent = r.getparent()
            assert parent is not None
            wrap = _revision("ins")
            parent.replace(r, wrap)
            wrap.append(r)
    for at, text in deletes:
        anchor = next((r for r, a, _b in runs if a == at and _b > a), None)
        before = True
        if anchor is None:
            anchor = next((r for r, _a, b in reversed(runs) if b == at), None)
            before = False
        if anchor is None:
            return False
        target = anchor.getparent() if anchor.getparent().tag == f"{W}ins" else anchor
        wrap = _revision("del")
        wrap.append(_make_run(anchor, text, deleted=True))
        if before:
            target.addprevious(wrap)
        else:
            target.addnext(wrap)
    return True


def _mark_paragraph(p: etree._Element, tag: str) -> None:
    """Mark the paragraph mark itself inserted or deleted (``w:pPr/w:rPr/w:ins|w:del``)."""
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        p.insert(0, ppr)
    rpr = ppr.find(f"{W}rPr")
    if rpr is None:
        rpr = etree.SubElement(ppr, f"{W}rPr")
    rpr.append(_revision(tag))


def deleted_paragraph(like: etree._Element, text: str) -> etree._Element:
    """A paragraph holding only ``text`` as a deletion, styled like ``like``."""
    p = etree.Element(f"{W}p")
    ppr = like.find(f"{W}pPr")
    if ppr is not None:
        p.append(copy.deepcopy(ppr))
        for old in p.findall(f"{W}pPr/{W}rPr"):
            old.getparent().remove(old)
    runs = _text_runs(like)
    template = runs[0][0] if runs else etree.Element(f"{W}r")
    wrap = _revision("del")
    wrap.append(_make_run(template, text, deleted=True))
    p.append(wrap)
    _mark_paragraph(p, "del")
    return p


# Spaces the renderer may print in place of a plain one (heading number gap, no-break space);
# one character each, so offsets stay the same.
_SPACES = str.maketrans({"\u2002": " ", "\u00a0": " ", "\u2009": " ", "\u202f": " "})


@dataclass
class _Cursor:
    paragraphs: list[etree._Element]
    texts: list[str]
    at: int = 0

    def find(self, line: str) -> int | None:
        """Index of the next paragraph ending with ``line`` (from the cursor), None if none."""
        if not line:
            return None
        line = line.translate(_SPACES)
        for i in range(self.at, len(self.paragraphs)):
            if self.texts[i].translate(_SPACES).endswith(line):
                self.at = i + 1
                return i
        return None


def _line_pairs(seg: SegmentDiff) -> Iterator[tuple[str, str]]:
    """(old line, new line) pairs of a segment: list items line by line, extras unpaired."""
    old = seg.old.split("\n") if seg.old else []
    new = seg.new.split("\n") if seg.new else []
    for i in range(max(len(old), len(new))):
        yield (old[i] if i < len(old) else "", new[i] if i < len(new) else "")


def track_document(
    root: etree._Element,
    segments: Sequence[SegmentDiff],
    date: str,
    located: dict[str, etree._Element] | None = None,
) -> int:
    """Rewrite every changed segment of the new document as revisions; count of paragraphs.

    ``located`` (when given) receives the first paragraph found for each segment id.
    """
    found = located if located is not None else {}
    paragraphs = body_paragraphs(root)
    cursor = _Cursor(paragraphs, [paragraph_text(p) for p in paragraphs])
    last: etree._Element | None = None
    tracked = 0
    for seg in segments:
        if seg.status == "removed":
            if last is not None:
                anchor = last
                for old_line, _ in _line_pairs(seg):
                    if old_line:
                        para = deleted_paragraph(anchor, old_line)
                        anchor.addnext(para)
                        anchor = para
                        tracked += 1
            continue
        for old_line, new_line in _line_pairs(seg):
            index = cursor.find(new_line)
            if index is None:
                continue
            p = paragraphs[index]
            last = p
            found.setdefault(seg.segment_id, p)
            if seg.status not in TRACKED or old_line == new_line:
                continue
            start = len(cursor.texts[index]) - len(new_line)
            ops = diff_tokens(old_line, new_line)
            if track_paragraph(p, start, ops):
                tracked += 1
                if not old_line:
                    _mark_paragraph(p, "ins")
    _number(root, date)
    return tracked


def _number(root: etree._Element, date: str) -> None:
    """Author, date and increasing ids on every revision, in document order."""
    used = [int(v) for v in root.xpath("//w:bookmarkStart/@w:id", namespaces={"w": W_NS})]
    next_id = max(used, default=0) + 1
    for el in root.iter(f"{W}ins", f"{W}del"):
        el.set(f"{W}id", str(next_id))
        el.set(f"{W}author", AUTHOR)
        el.set(f"{W}date", date)
        next_id += 1


def _rezip(source: bytes, replacements: dict[str, bytes]) -> bytes:
    """The same package with some parts replaced or added; entry order and dates kept."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        names = set()
        for info in zin.infolist():
            names.add(info.filename)
            data = replacements.get(info.filename, zin.read(info.filename))
            zout.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
        for name in sorted(set(replacements) - names):
            added = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            zout.writestr(added, replacements[name], compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


COMMENTS = "word/comments.xml"
RELS = "word/_rels/document.xml.rels"
TYPES = "[Content_Types].xml"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


def _comment_parts(
    root: etree._Element,
    located: Mapping[str, etree._Element],
    comments: Mapping[str, str],
    date: str,
    existing: bytes | None = None,
) -> bytes | None:
    """Anchor a Word comment on each located segment of ``comments``; the comments part.

    ``existing`` is the package's comments part, if any: its comments are kept and the new
    ones numbered after them.
    """
    if existing is not None:
        part = etree.fromstring(existing)
    else:
        part = etree.Element(f"{W}comments", nsmap={"w": W_NS})
    taken = [int(c.get(f"{W}id", "-1")) for c in part.iter(f"{W}comment")]
    first = next_id = max(taken, default=-1) + 1
    for segment_id in sorted(comments, key=lambda sid: _order(root, located.get(sid))):
        p = located.get(segment_id)
        if p is None:
            continue
        cid = str(next_id)
        next_id += 1
        start = etree.Element(f"{W}commentRangeStart")
        start.set(f"{W}id", cid)
        ppr = p.find(f"{W}pPr")
        p.insert(0 if ppr is None else p.index(ppr) + 1, start)
        end = etree.SubElement(p, f"{W}commentRangeEnd")
        end.set(f"{W}id", cid)
        ref = etree.SubElement(etree.SubElement(p, f"{W}r"), f"{W}commentReference")
        ref.set(f"{W}id", cid)
        comment = etree.SubElement(part, f"{W}comment")
        comment.set(f"{W}id", cid)
        comment.set(f"{W}author", AUTHOR)
        comment.set(f"{W}date", date)
        comment.set(f"{W}initials", "SR")
        text = etree.SubElement(
            etree.SubElement(etree.SubElement(comment, f"{W}p"), f"{W}r"), f"{W}t"
        )
        text.text = comments[segment_id]
    if next_id == first:
        return None
    return bytes(etree.tostring(part, xml_declaration=True, encoding="UTF-8", standalone=True))


def _order(root: etree._Element, p: etree._Element | None) -> int:
    """Document position of a paragraph (-1 when not located)."""
    if p is None:
        return -1
    for i, el in enumerate(root.iter(f"{W}p")):
        if el is p:
            return i
    return -1


def _register_comments(rels: bytes, types: bytes) -> tuple[bytes, bytes]:
    """The relationship and content type of ``word/comments.xml``."""
    rel_root = etree.fromstring(rels)
    ids = {r.get("Id") for r in rel_root}
    rid = next(f"rId{n}" for n in range(1000, 100000) if f"rId{n}" not in ids)
    rel = etree.SubElement(rel_root, f"{{{_PKG_REL}}}Relationship")
    rel.set("Id", rid)
    rel.set("Type", _COMMENTS_TYPE)
    rel.set("Target", "comments.xml")
    type_root = etree.fromstring(types)
    override = etree.SubElement(type_root, f"{{{_CT_NS}}}Override")
    override.set("PartName", "/" + COMMENTS)
    override.set("ContentType", _COMMENTS_CT)

    def dump(el: etree._Element) -> bytes:
        return bytes(etree.tostring(el, xml_declaration=True, encoding="UTF-8", standalone=True))

    return dump(rel_root), dump(type_root)


def tracked_bytes(
    new_docx: bytes,
    segments: Sequence[SegmentDiff],
    snapshot_date: str,
    comments: Mapping[str, str] | None = None,
) -> bytes:
    """The new DOCX with ``segments`` tracked (module docstring).

    Args:
        new_docx: The new edition's DOCX.
        segments: The text diff of its language.
        snapshot_date: The new snapshot's as-of date (revision dates, deterministic).
        comments: Segment id → comment text: a Word comment anchored on that segment's
            paragraph (the diff status of a changed exhibit, on its caption).
    """
    date = f"{snapshot_date[:10]}T00:00:00Z"
    with zipfile.ZipFile(io.BytesIO(new_docx)) as z:
        root = etree.fromstring(z.read(DOCUMENT))
        existing = z.read(COMMENTS) if COMMENTS in z.namelist() else None
        rels, types = z.read(RELS), z.read(TYPES)
    located: dict[str, etree._Element] = {}
    track_document(root, segments, date, located)
    parts: dict[str, bytes] = {}
    if comments:
        part = _comment_parts(root, located, comments, date, existing)
        if part is not None:
            parts[COMMENTS] = part
            if existing is None:
                parts[RELS], parts[TYPES] = _register_comments(rels, types)
    parts[DOCUMENT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _rezip(new_docx, parts)


MSG_COMMENT = N_("Edition diff: %(status)s; %(count)s numbers changed.")
MSG_COMMENT_STATUS = N_("Edition diff: %(status)s.")


def tracked_docx(diff: EditionDiff, language: str, old_docx: bytes, new_docx: bytes) -> bytes:
    """``tracked-<old>-to-<new>-<lang>.docx`` from the two editions' DOCX files.

    Every exhibit whose data or definition changed gets a comment on its caption.
    """
    from srdi_report.compose.i18n import gettext_for
    from srdi_report.editions.diff.charts import CHANGED
    from srdi_report.editions.diff.report import STATUS_LABELS

    del old_docx  # the old text comes from the old manifest's segments
    _ = gettext_for(LANGUAGES[language])
    comments = {
        f"{e.exhibit_id}/caption": _(MSG_COMMENT if e.changed_metrics else MSG_COMMENT_STATUS)
        % {"status": _(STATUS_LABELS[e.status]), "count": e.changed_metrics}
        for e in diff.exhibits
        if e.status in CHANGED
    }
    return tracked_bytes(new_docx, diff.texts[language], diff.new_side.cutoff, comments)


# Accept / reject, for tests and reviewers' checks --------------------------------------------


def accept_all(root: etree._Element) -> etree._Element:
    """A copy with every revision accepted: ``w:del`` dropped, ``w:ins`` unwrapped."""
    out = copy.deepcopy(root)
    _drop_marked(out, "del")
    for el in list(out.iter(f"{W}del")):
        if el.getparent().tag != f"{W}rPr":
            el.getparent().remove(el)
    for el in list(out.iter(f"{W}ins")):
        _unwrap(el)
    return out


def reject_all(root: etree._Element) -> etree._Element:
    """A copy with every revision rejected: ``w:ins`` dropped, ``w:del`` unwrapped as text."""
    out = copy.deepcopy(root)
    _drop_marked(out, "ins")
    for el in list(out.iter(f"{W}ins")):
        if el.getparent().tag != f"{W}rPr":
            el.getparent().remove(el)
    for el in list(out.iter(f"{W}delText")):
        el.tag = f"{W}t"
    for el in list(out.iter(f"{W}del")):
        _unwrap(el)
    return out


def _drop_marked(root: etree._Element, tag: str) -> None:
    """Remove the paragraphs whose mark is a ``tag`` revision (deleted or inserted ones)."""
    for p in list(root.iter(f"{W}p")):
        if p.find(f"{W}pPr/{W}rPr/{W}{tag}") is not None:
            p.getparent().remove(p)


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if parent.tag == f"{W}rPr":  # a paragraph-mark revision: just drop the mark
        parent.remove(el)
        return
    index = parent.index(el)
    for k, child in enumerate(list(el)):
        parent.insert(index + k, child)
    parent.remove(el)


def document_root(docx: bytes) -> etree._Element:
    """The parsed ``word/document.xml`` of a DOCX."""
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return etree.fromstring(z.read(DOCUMENT))
