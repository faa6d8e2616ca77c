"""Bulleted and numbered lists as Word numbering: one definition per kind, one instance per list.

Word continues a numbered list across the document when paragraphs share a ``w:num``; every
``ListBlock`` therefore gets its own ``w:num`` with ``w:lvlOverride/w:startOverride`` 1, so each
list starts again at 1 (the model's promise), in Word and in LibreOffice alike.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement

BULLET = "\u2022"
INDENT = 400  # twips from the margin to the text
HANGING = 260  # twips the marker hangs to the left of the text


class ListNumbering:
    """Adds the two abstract definitions once, then a new instance per list."""

    def __init__(self, doc: DocxDocument, accent: str) -> None:
        self._root: BaseOxmlElement = doc.part.numbering_part.element
        abstract_ids = [
            int(el.get(qn("w:abstractNumId"))) for el in self._root.findall(qn("w:abstractNum"))
        ]
        num_ids = [int(el.get(qn("w:numId"))) for el in self._root.findall(qn("w:num"))]
        base = max(abstract_ids, default=0) + 1
        self._bullet_id, self._ordered_id = base, base + 1
        self._next_num = max(num_ids, default=0) + 1
        for abstract_id, fmt, text in (
            (self._bullet_id, "bullet", BULLET),
            (self._ordered_id, "decimal", "%1."),
        ):
            self._insert_abstract(_abstract_xml(abstract_id, fmt, text, accent))

    def _insert_abstract(self, abstract: BaseOxmlElement) -> None:
        # The schema puts every abstractNum before the first num.
        first_num = self._root.find(qn("w:num"))
        if first_num is None:
            self._root.append(abstract)
        else:
            first_num.addprevious(abstract)

    def new_list(self, ordered: bool) -> int:
        """A fresh numbering instance that starts at 1; returns its ``w:numId``."""
        num_id = self._next_num
        self._next_num += 1
        abstract = self._ordered_id if ordered else self._bullet_id
        self._root.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract}"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
                "</w:num>"
            )
        )
        return num_id


def _abstract_xml(abstract_id: int, fmt: str, text: str, accent: str) -> BaseOxmlElement:
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{INDENT}" w:hanging="{HANGING}"/></w:pPr>'
        f'<w:rPr><w:color w:val="{accent}"/></w:rPr></w:lvl></w:abstractNum>'
    )


def number_paragraph(paragraph: BaseOxmlElement, num_id: int) -> None:
    """Attach a paragraph (with a ``w:pPr``) to a list instance at level 0."""
    ppr = paragraph.get_or_add_pPr()
    numpr = ppr.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id
