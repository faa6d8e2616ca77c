"""The tracked-changes DOCX (editions.md §3.5): accept-all = new text, reject-all = old text."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from srdi_report.editions.diff.model import SegmentDiff
from srdi_report.editions.diff.text_diff import diff_tokens
from srdi_report.editions.diff.tracked import (
    W,
    accept_all,
    body_paragraphs,
    document_root,
    paragraph_text,
    reject_all,
    tracked_bytes,
)

OLD = [
    ("2.1\u2002Size: about 150,600 SRDI firms", "2.1 Size: about 150,600 SRDI firms"),
    ("Drawing on data for about 150,600 firms, national-level firms make up 10.44%.", None),
    ("A paragraph that the new edition drops.", None),
    ("Jiangsu ranks first.", None),
]
NEW_TEXTS = [
    "2.1\u2002Size: about 167,400 SRDI firms",
    "Drawing on data for about 167,400 firms, national-level firms make up 10.57%.",
    "Jiangsu overtook Guangdong.",
    "A paragraph new in this edition.",
]


def _docx(texts: list[str]) -> bytes:
    document = docx.Document()
    for text in texts:
        p = document.add_paragraph()
        # Two runs per paragraph, the second bold, to check run properties survive splits.
        half = len(text) // 2
        p.add_run(text[:half])
        p.add_run(text[half:]).bold = True
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "cell 167,400"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _segments() -> list[SegmentDiff]:
    pairs = [
        (
            "s2_1/heading",
            "2.1 Size: about 150,600 SRDI firms",
            "2.1 Size: about 167,400 SRDI firms",
            "changed",
        ),
        ("intro", OLD[1][0], NEW_TEXTS[1], "changed"),
        ("lead", OLD[3][0], NEW_TEXTS[2], "changed"),
        ("dropped", OLD[2][0], "", "removed"),
        ("fresh", "", NEW_TEXTS[3], "added"),
    ]
    return [SegmentDiff(sid, "en", status, o, n, diff_tokens(o, n)) for sid, o, n, status in pairs]


def _texts(root: object) -> list[str]:
    return [paragraph_text(p) for p in body_paragraphs(root)]


@pytest.fixture(scope="module")
def new_docx() -> bytes:
    # python-docx stamps the creation time: build the input once, compare outputs of it.
    return _docx(NEW_TEXTS)


@pytest.fixture(scope="module")
def tracked(new_docx: bytes) -> bytes:
    comments = {"s2_1/heading": "Edition diff: data changed; 2 numbers changed."}
    return tracked_bytes(new_docx, _segments(), "2026-02-28", comments)


def test_changed_exhibit_gets_a_comment(tracked: bytes) -> None:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(tracked)) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
        types = z.read("[Content_Types].xml").decode("utf-8")
    assert "2 numbers changed" in comments
    assert 'Target="comments.xml"' in rels
    assert "/word/comments.xml" in types
    root = document_root(tracked)
    assert len(list(root.iter(f"{W}commentReference"))) == 1


def test_accept_all_gives_the_new_text(tracked: bytes, new_docx: bytes) -> None:
    root = document_root(tracked)
    assert _texts(accept_all(root)) == _texts(document_root(new_docx))


def test_reject_all_gives_the_old_text(tracked: bytes) -> None:
    rejected = _texts(reject_all(document_root(tracked)))
    assert rejected == [
        "2.1\u2002Size: about 150,600 SRDI firms",
        OLD[1][0],
        OLD[3][0],
        OLD[2][0],  # the dropped paragraph, put back after its old predecessor
    ]


def test_revisions_are_deterministic_and_attributed(tracked: bytes, new_docx: bytes) -> None:
    comments = {"s2_1/heading": "Edition diff: data changed; 2 numbers changed."}
    assert tracked == tracked_bytes(new_docx, _segments(), "2026-02-28", comments)
    root = document_root(tracked)
    marks = list(root.iter(f"{W}ins", f"{W}del"))
    assert marks
    ids = [int(m.get(f"{W}id")) for m in marks]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)
    assert {m.get(f"{W}author") for m in marks} == {"srdi-report"}
    assert {m.get(f"{W}date") for m in marks} == {"2026-02-28T00:00:00Z"}
    deleted = "".join(t.text for t in root.iter(f"{W}delText"))
    assert "150,600" in deleted
    assert "10.44%" in deleted
    # The bold run's properties travel with the text split out of it.
    bold_del = [d for d in root.iter(f"{W}del") if d.find(f"{W}r/{W}rPr/{W}b") is not None]
    assert bold_del


def test_libreoffice_opens_it(tracked: bytes, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    src = tmp_path / "tracked.docx"
    src.write_bytes(tracked)
    done = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "tracked.txt").read_text(encoding="utf-8-sig")
    assert "167,400" in text
