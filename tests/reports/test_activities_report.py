"""会议材料 (PDF + docx) and 组织生活台账: content, A4, embedded font, a 签到表 usable with a pen."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from activity_world import DAY, build, education_id, make
from dangjian.core.activities.attendance import record_activity_attendance
from dangjian.core.activities.funds import ExpenseInput, approve_funds, book_expense, request_funds
from dangjian.core.common.errors import UserError
from dangjian.core.training.attendance import AttendanceMark
from dangjian.reports.activities import SIGN_IN_COLUMNS, handout
from dangjian.reports.engine.registry import ExportOptions, run_export

A4 = (595.0, 842.0)


@pytest.fixture
def funded(db):
    with db.write() as s:
        world = build(s)
        activity_id = make(s, world, status="held", content="学习了党章第一章。\n讨论了发展党员工作。",
                           resolution="同意确定李建国为发展对象。")
        record_activity_attendance(s, activity_id, [AttendanceMark(world.members["王芳"], "present")])
        request_funds(s, activity_id, category_id=education_id(s), amount="800", plan="学习资料和场地布置")
        approve_funds(s, activity_id, approver="支部书记", approved_on=DAY, amount="800", level="branch")
        book_expense(s, activity_id, ExpenseInput(DAY, "650.50", "党课学习资料", "王丽", "记-1"))
    return activity_id


def test_handout_report_spec_has_a_pen_friendly_sign_in_sheet(db, funded):
    with db.read() as s:
        report = handout(s, ExportOptions(activity_id=funded, today=date(2026, 3, 1)))
    sign_in = next(t for t in report.tables() if t.columns == tuple(SIGN_IN_COLUMNS))
    signature = next(c for c in sign_in.columns if c.title == "签名")
    assert signature.width_mm >= 40 and sign_in.row_height_mm >= 8
    assert sum(c.width_mm for c in sign_in.columns) <= 180
    assert len(sign_in.rows) == 4 + 5 and {row[1] for row in sign_in.rows[:4]} == {"王芳", "李建国", "张敏", "刘洋"}
    text = report.text_content()
    for expected in ("会议通知", "议程", "签到表", "会议记录", "活动经费申请表", "活动经费报销单", "街道党工委审批",
                     "同意确定李建国为发展对象。", "¥650.50", "¥149.50", "应到 4 人，实到 1 人"):
        assert expected in text


def test_handout_pdf_is_a4_with_the_bundled_font(db, funded, tmp_path):
    path = run_export(db, "handout", tmp_path / "pack.pdf", ExportOptions(activity_id=funded))
    reader = PdfReader(path)
    assert len(reader.pages) >= 4
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            assert "+WenQuanYiMicroHei" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
    text = "".join(page.extract_text() for page in reader.pages)
    assert "签到表" in text and "3月党课" in text and "经办人" in text


def test_notice_is_laid_out_like_a_notice(db, funded, tmp_path):
    """称呼 at the margin, body indented, 落款 (org and date) against the right margin."""
    from dangjian.reports.engine.document import Paragraph

    with db.read() as s:
        report = handout(s, ExportOptions(activity_id=funded))
    notice = [b for b in report.blocks if isinstance(b, Paragraph)][:3]
    assert (notice[0].text.endswith("："), notice[0].indent) == (True, False)
    assert notice[1].text.startswith("经研究") and (notice[1].align, notice[1].indent) == ("left", True)
    closing = next(b for b in report.blocks if isinstance(b, Paragraph) and b.align == "right")
    assert closing.text.endswith(f"{DAY.year}年{DAY.month}月{DAY.day}日")

    path = run_export(db, "handout", tmp_path / "pack.pdf", ExportOptions(activity_id=funded))
    spans: list[tuple[str, float]] = []  # (text, x where it starts)
    PdfReader(path).pages[0].extract_text(visitor_text=lambda text, cm, tm, *_: spans.append((text, cm[4] + tm[4])))
    x = {text.strip(): left for text, left in spans if text.strip()}
    margin = x["会议通知"]
    assert x[notice[0].text] == margin < x[next(t for t in x if t.startswith("经研究"))]  # 称呼 flush, body indented
    assert x[f"{DAY.year}年{DAY.month}月{DAY.day}日"] > A4[0] * 0.75  # 落款 against the right margin


def test_handout_docx_opens_and_says_what_the_record_says(db, funded, tmp_path):
    path = run_export(db, "handout", tmp_path / "pack.docx", ExportOptions(activity_id=funded))
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "会议通知" in text and "会议记录" in text and "同意确定李建国为发展对象。" in text
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert "主持人" in cells and "王芳" in cells
    east_asia = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for p in doc.paragraphs for r in p.runs if r.text}
    assert east_asia <= {"仿宋", "黑体"} and "仿宋" in east_asia


def test_handout_needs_an_activity(db, tmp_path):
    with pytest.raises(UserError, match="--activity"):
        run_export(db, "handout", tmp_path / "x.pdf", ExportOptions())


def test_activities_ledger_counts_per_org_and_type(db, funded, tmp_path):
    path = run_export(db, "activities", tmp_path / "t.xlsx", ExportOptions(year=2026))
    book = load_workbook(path)
    counts = book["次数统计"]
    rows = {r[0]: r for r in counts.iter_rows(values_only=True) if r[0]}
    header = next(r for r in counts.iter_rows(values_only=True) if r[0] == "党组织")
    lecture = header.index("党课")
    assert rows["朝阳社区第一党支部"][lecture] == 1 and rows["合计"][lecture] == 1
    listing = [r for r in book["活动清单"].iter_rows(values_only=True) if r[3] == "3月党课"]
    assert len(listing) == 1
    pdf = run_export(db, "activities", tmp_path / "t.pdf", ExportOptions(year=2026, org="朝阳社区党委"))
    page = PdfReader(pdf).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape A4
