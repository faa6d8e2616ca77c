"""The cover page as the PDF draws it: an accent band over the top half with the title in white.

Word has no page backgrounds per page, so the band is a one-colour PNG anchored behind the text
at the page's top left (``wp:anchor`` with ``behindDoc``), marked decorative for screen readers.
Title and subtitle sit in a borderless one-cell table of fixed height whose content is aligned
to the bottom, so a title of one or three lines always ends just above the band's lower edge,
as the PDF stacks it from the bottom up.
"""

from __future__ import annotations

import io
import struct
import zlib
from copy import deepcopy

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Emu

from srdi_report.renderers.docx.styles import EMU_PER_TWIP, DocxTheme

BAND_SHARE = 0.52  # the band covers the top 52% of the page (the PDF's band_bottom = 0.48 h)
TEXT_GAP_MM = 12.0  # from the subtitle's last line to the band's lower edge
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_ANCHOR_NS = nsdecls("wp", "a")


def solid_png(colour: str, size: int = 4) -> bytes:
    """A small PNG of one colour (hex without '#'), written without an imaging library."""
    rgb = bytes.fromhex(colour)
    raw = (b"\x00" + rgb * size) * size

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def band_run(doc: DocxDocument, theme: DocxTheme) -> BaseOxmlElement:
    """A run holding the band picture, anchored at the page's top left behind the text."""
    width = theme.twips(theme.page_width_mm) * EMU_PER_TWIP
    height = round(theme.twips(theme.page_height_mm) * BAND_SHARE) * EMU_PER_TWIP
    inline = doc.part.new_pic_inline(
        io.BytesIO(solid_png(theme.accent)), width=Emu(width), height=Emu(height)
    )
    shape_id = inline.find(qn("wp:docPr")).get("id")
    anchor = parse_xml(
        f"<wp:anchor {_ANCHOR_NS} distT='0' distB='0' distL='0' distR='0' simplePos='0'"
        " relativeHeight='0' behindDoc='1' locked='1' layoutInCell='0' allowOverlap='1'>"
        "<wp:simplePos x='0' y='0'/>"
        "<wp:positionH relativeFrom='page'><wp:posOffset>0</wp:posOffset></wp:positionH>"
        "<wp:positionV relativeFrom='page'><wp:posOffset>0</wp:posOffset></wp:positionV>"
        f"<wp:extent cx='{width}' cy='{height}'/>"
        "<wp:effectExtent l='0' t='0' r='0' b='0'/><wp:wrapNone/>"
        f"<wp:docPr id='{shape_id}' name='cover band' descr=''><a:extLst>"
        f"<a:ext uri='{DECORATIVE_URI}'><adec:decorative xmlns:adec='{DECORATIVE_NS}' val='1'/>"
        "</a:ext></a:extLst></wp:docPr><wp:cNvGraphicFramePr/></wp:anchor>"
    )
    anchor.append(deepcopy(inline.find(qn("a:graphic"))))
    run = OxmlElement("w:r")
    drawing = OxmlElement("w:drawing")
    drawing.append(anchor)
    run.append(drawing)
    return run


def title_table(paragraphs: list[BaseOxmlElement], theme: DocxTheme) -> BaseOxmlElement:
    """A borderless one-cell table, fixed height, content at its bottom, holding the title."""
    width = theme.text_width_twips
    band = theme.page_height_mm * BAND_SHARE
    height = theme.twips(band - theme.margin_top_mm - TEXT_GAP_MM)
    borders = "".join(
        f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH")
    )
    table = parse_xml(
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0"'
        ' w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>'
        f'</w:tblPr><w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>'
        f'<w:tr><w:trPr><w:trHeight w:val="{height}" w:hRule="exact"/></w:trPr>'
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="bottom"/></w:tcPr>'
        "</w:tc></w:tr></w:tbl>"
    )
    cell = table.find(qn("w:tr")).find(qn("w:tc"))
    for paragraph in paragraphs:
        cell.append(paragraph)
    return table
