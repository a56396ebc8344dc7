"""Editable .docx (WPS/Word) for forms people sign or stamp: the page, font and paragraph helpers the .docx
writers share, and `write_docx`, which renders a `Report` the way the PDF backend lays it out.

Word renders with system fonts, so text is set in 仿宋 (East Asian) with 黑体 for headings — names every
Chinese Windows and WPS install has. python-docx is imported only when a .docx is written.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import document as d

BODY_FONT, TITLE_FONT = "仿宋", "黑体"
TABLE_SIZE = 10.5  # 五号
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
_HEADING_SIZES = {1: 16, 2: 15}


def set_font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)  # Word picks CJK glyphs from eastAsia, not from w:ascii


def add_paragraph(doc, text: str, *, size: float = 14, font: str = BODY_FONT, bold: bool = False,
                  align=None, indent: bool = False):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    set_font(paragraph.add_run(text), font, size, bold)
    return paragraph


def new_document(*, landscape: bool = False):
    """An A4 document with 25 mm margins and 仿宋 as the normal style."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    style = doc.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return doc


def _cell(cell, text: str, *, align: str = "left", bold: bool = False, width_mm: float | None = None) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = _ALIGN[align]
    set_font(paragraph.add_run(text), BODY_FONT, TABLE_SIZE, bold)
    if width_mm is not None:
        cell.width = Mm(width_mm)


def _table(doc, block: d.Table, room_mm: float) -> None:
    if block.caption:
        add_paragraph(doc, block.caption, size=14, font=TITLE_FONT)
    scale = min(1.0, room_mm / sum(c.width_mm for c in block.columns))
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, block.columns, strict=True):
        _cell(cell, column.title, align="center", bold=True, width_mm=column.width_mm * scale)
    for index, row in enumerate(block.rows):
        bold = index in block.bold_rows
        for cell, column, value in zip(table.add_row().cells, block.columns, row, strict=True):
            _cell(cell, d.cell_text(value), align=column.align, bold=bold, width_mm=column.width_mm * scale)


def _key_values(doc, block: d.KeyValues, room_mm: float) -> None:
    table = doc.add_table(rows=0, cols=2 * block.columns)
    table.style = "Table Grid"
    label_mm = 30.0
    value_mm = room_mm / block.columns - label_mm
    for start in range(0, len(block.pairs), block.columns):
        cells = table.add_row().cells
        for n, (label, value) in enumerate(block.pairs[start:start + block.columns]):
            _cell(cells[2 * n], label, bold=True, width_mm=label_mm)
            _cell(cells[2 * n + 1], d.cell_text(value), width_mm=value_mm)


def write_docx(report: d.Report, path: Path) -> None:
    """The report as an editable document: title block, then every block in order (tables as Word tables)."""
    doc = new_document(landscape=report.landscape)
    room_mm = (297 if report.landscape else 210) - 50
    add_paragraph(doc, report.unit_name, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(doc, report.title, size=22, font=TITLE_FONT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if report.subtitle:
        add_paragraph(doc, report.subtitle, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    for block in report.blocks:
        if isinstance(block, d.Heading):
            add_paragraph(doc, block.text, size=_HEADING_SIZES.get(block.level, 14), font=TITLE_FONT, bold=True)
        elif isinstance(block, d.Paragraph):
            for line in block.text.splitlines() or [""]:
                add_paragraph(doc, line, align=_ALIGN[block.align], indent=block.indent and block.align == "left")
        elif isinstance(block, d.KeyValues):
            _key_values(doc, block, room_mm)
        elif isinstance(block, d.Table):
            _table(doc, block, room_mm)
        elif isinstance(block, d.SignatureLine):
            add_paragraph(doc, "")
            for label in block.labels:  # one per line: room to sign and stamp
                add_paragraph(doc, f"{label}：{'_' * 16}", size=14).paragraph_format.space_before = Pt(18)
        elif isinstance(block, d.PageBreak):
            doc.add_page_break()
    doc.save(str(path))
