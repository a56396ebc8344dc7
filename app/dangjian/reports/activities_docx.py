"""会议通知 and 会议记录 as an editable .docx (WPS/Word). Word renders with system fonts, so text is set in
仿宋 (East Asian) with 宋体/黑体 for headings — names every Chinese Windows and WPS install has."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from sqlalchemy.orm import Session

from ..core.activities.pack import meeting_pack
from .activities import RULED_LINES, notice_text, record_pairs
from .engine.registry import ExportOptions, register_writer, unit_name

BODY_FONT, TITLE_FONT = "仿宋", "黑体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)  # Word picks CJK glyphs from eastAsia, not from w:ascii


def _para(doc, text: str, *, size: float = 14, font: str = BODY_FONT, bold: bool = False,
          align=None, indent: bool = False):
    paragraph = doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    _font(paragraph.add_run(text), font, size, bold)
    return paragraph


def _document():
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(25)
    section.top_margin = section.bottom_margin = Mm(25)
    style = doc.styles["Normal"]
    style.font.name = BODY_FONT
    style.font.size = Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return doc


def write_handout_docx(session: Session, options: ExportOptions, path: Path) -> None:
    assert options.activity_id is not None
    pack = meeting_pack(session, options.activity_id)
    doc = _document()
    _para(doc, unit_name(session), size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "会议通知", size=22, font=TITLE_FONT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    lines = notice_text(pack)
    _para(doc, lines[0])
    for line in lines[1:-1]:
        _para(doc, line, indent=True)
    for line in lines[-1].splitlines():
        _para(doc, line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.add_page_break()
    _para(doc, "会议记录", size=22, font=TITLE_FONT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in record_pairs(pack):
        cells = table.add_row().cells
        _font(cells[0].paragraphs[0].add_run(label), BODY_FONT, 12, bold=True)
        _font(cells[1].paragraphs[0].add_run(value or ""), BODY_FONT, 12)
        cells[0].width, cells[1].width = Mm(30), Mm(130)
    for caption, text in (("议题", "\n".join(f"{n}. {t}" for n, (t, _) in enumerate(pack.agenda, 1))),
                          ("会议内容", pack.content), ("决议", pack.resolution)):
        _para(doc, caption, size=16, font=TITLE_FONT, bold=True)
        lines = [line for line in text.splitlines() if line.strip()]
        for line in lines or ["_" * 36] * (RULED_LINES // 2):
            _para(doc, line, indent=bool(lines))
    _para(doc, "主持人（签字）：__________    记录人（签字）：__________", size=12)
    doc.save(str(path))


register_writer("handout", "docx", write_handout_docx)
