"""党员花名册 export: landscape A4 PDF by org with masked IDs, and a text-only xlsx."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from dangjian.core.common.errors import UserError
from dangjian.core.members import roster as svc
from dangjian.core.models import AuditEntry
from dangjian.reports.engine.registry import ExportOptions, get_kind, run_export
from member_helpers import TODAY, make_id, make_orgs, member_input


@pytest.fixture
def roster(db):
    with db.write() as session:
        orgs = make_orgs(session)
        svc.add_member(session, member_input(orgs["first"], 1, name="张三", phone="13800000001"), today=TODAY)
        svc.add_member(session, member_input(orgs["first"], 2, name="李四", category="probationary",
                                             joined_on=date(2026, 3, 1), confirmed_on=None, is_mobile=True),
                       today=TODAY)
        svc.add_member(session, member_input(orgs["xihu"], 3, name="王五", id_number=make_id(3, date(1960, 1, 1)),
                                             joined_on=date(1990, 7, 1),
                                             joined_precision="month", confirmed_on=None), today=TODAY)
    return orgs


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_registered_with_both_formats():
    kind = get_kind("roster")
    assert kind.label == "党员花名册" and set(kind.formats) == {"pdf", "xlsx"}


def test_pdf_is_landscape_a4_with_org_sections_and_masked_ids(db, roster, tmp_path):
    out = tmp_path / "花名册.pdf"
    run_export(db, "roster", out, ExportOptions(today=TODAY))
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    text = pdf_text(out)
    assert "党员花名册" in text
    assert "东湖社区第一党支部" in text and "共2名（正式党员1名，预备党员1名）" in text
    assert "西湖社区党支部" in text and "共1名（正式党员1名，预备党员0名）" in text
    assert "1990-07" in text and "流动" in text
    full = make_id(1)
    assert full not in text and f"{full[:6]}********{full[-4:]}" in text
    fonts = {str(f) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts
    with db.read() as session:
        assert not session.scalars(select(AuditEntry).where(AuditEntry.action == "export_unmasked")).first()


def test_unmasked_pdf_shows_full_ids_and_is_audited(db, roster, tmp_path):
    out = tmp_path / "完整.pdf"
    run_export(db, "roster", out, ExportOptions(unmasked=True, today=TODAY))
    assert make_id(1) in pdf_text(out)
    with db.read() as session:
        summary = session.scalars(select(AuditEntry.summary).where(AuditEntry.action == "export_unmasked")).one()
    assert "党员花名册" in summary


def test_org_option_limits_the_roster(db, roster, tmp_path):
    out = tmp_path / "西湖.pdf"
    run_export(db, "roster", out, ExportOptions(org="西湖社区党支部", today=TODAY))
    text = pdf_text(out)
    assert "王五" in text and "张三" not in text
    with pytest.raises(UserError, match="找不到党组织“火星支部”"):
        run_export(db, "roster", tmp_path / "x.pdf", ExportOptions(org="火星支部"))


def test_xlsx_has_text_cells_frozen_header_and_widths(db, roster, tmp_path):
    out = tmp_path / "花名册.xlsx"
    run_export(db, "roster", out, ExportOptions(unmasked=True, today=TODAY))
    sheet = openpyxl.load_workbook(out).active
    assert sheet.freeze_panes == "C4"
    header = [cell.value for cell in sheet[3]]
    assert header[:4] == ["序号", "姓名", "性别", "公民身份号码"]
    first = {title: cell for title, cell in zip(header, sheet[5], strict=True)}  # 李四 sorts first (ls < zs)
    assert (first["公民身份号码"].value, first["公民身份号码"].data_type) == (make_id(1), "s")
    assert (first["联系电话"].value, first["联系电话"].data_type) == ("13800000001", "s")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.column_dimensions["D"].width == 21
    assert [row[1].value for row in sheet.iter_rows(min_row=4)] == ["李四", "张三", "王五"]


def test_empty_roster_still_prints(db, tmp_path):
    out = tmp_path / "空.pdf"
    run_export(db, "roster", out, ExportOptions(today=TODAY))
    assert "没有符合条件的党员" in pdf_text(out)
