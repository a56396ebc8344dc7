"""会议通知 and 会议记录 as an editable .docx (WPS/Word), in the fonts and page of `engine.docx`."""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm
from sqlalchemy.orm import Session

from ..core.activities.pack import meeting_pack
from .activities import RULED_LINES, notice_text, record_pairs
from .engine.docx import BODY_FONT, TITLE_FONT, add_paragraph, new_document, set_font
from .engine.registry import ExportOptions, register_writer, unit_name


def write_handout_docx(session: Session, options: ExportOptions, path: Path) -> None:
    assert options.activity_id is not None
    pack = meeting_pack(session, options.activity_id)
    doc = new_document()
    add_paragraph(doc, unit_name(session), size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    add_paragraph(doc, "会议通知", size=22, font=TITLE_FONT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    lines = notice_text(pack)
    add_paragraph(doc, lines[0])
    for line in lines[1:-1]:
        add_paragraph(doc, line, indent=True)
    for line in lines[-1].splitlines():
        add_paragraph(doc, line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    doc.add_page_break()
    add_paragraph(doc, "会议记录", size=22, font=TITLE_FONT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in record_pairs(pack):
        cells = table.add_row().cells
        set_font(cells[0].paragraphs[0].add_run(label), BODY_FONT, 12, bold=True)
        set_font(cells[1].paragraphs[0].add_run(value or ""), BODY_FONT, 12)
        cells[0].width, cells[1].width = Mm(30), Mm(130)
    for caption, text in (("议题", "\n".join(f"{n}. {t}" for n, (t, _) in enumerate(pack.agenda, 1))),
                          ("会议内容", pack.content), ("决议", pack.resolution)):
        add_paragraph(doc, caption, size=16, font=TITLE_FONT, bold=True)
        lines = [line for line in text.splitlines() if line.strip()]
        for line in lines or ["_" * 36] * (RULED_LINES // 2):
            add_paragraph(doc, line, indent=bool(lines))
    add_paragraph(doc, "主持人（签字）：__________    记录人（签字）：__________", size=12)
    doc.save(str(path))


register_writer("handout", "docx", write_handout_docx)
