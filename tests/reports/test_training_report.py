"""培训 printouts: 签到表 sized for handwriting, 学时汇总表 (pdf + xlsx), 年度学时卡."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from dangjian.core.system import settings_edit
from dangjian.core.training import courses as training
from dangjian.core.training.attendance import AttendanceMark
from dangjian.core.training.courses import CourseData
from dangjian.reports.engine.registry import ExportOptions
from dangjian.reports.training import hours_card_report, signin_report, training_report
from training_world import add_member, build_world

YEAR = 2025
A4 = (595.27, 841.89)
TITLE = "社区党员集中轮训班（第一期）"


@pytest.fixture
def world(db):
    with db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
        world = build_world(session, YEAR)
        for i in range(60):
            add_member(session, world, f"党员{i:02d}", "朝阳社区第一党支部")
        course = training.create_course(session, CourseData(
            TITLE, "集中轮训班", date(YEAR, 3, 3), date(YEAR, 3, 5), "24", place="党群服务中心三楼"))
        training.enrol_by_org(session, course.id, world.orgs["湘龙街道党工委"])
        present = ["张书记", "王党员", *(f"党员{i:02d}" for i in range(38))]
        training.record_attendance(session, course.id,
                                   [AttendanceMark(world.members[name], "present") for name in present],
                                   allow_update=True)
        extra = training.create_course(session, CourseData(
            "党员冬训", "党员冬训", date(YEAR, 11, 3), date(YEAR, 11, 3), "8"))
        training.record_attendance(session, extra.id, [AttendanceMark(world.members["王党员"], "present")])
        world.orgs["course"] = course.id
        return world


def assert_a4_with_embedded_font(reader: PdfReader) -> None:
    for page in reader.pages:
        box = page.mediabox
        assert abs(float(box.width) - A4[0]) < 0.5 and abs(float(box.height) - A4[1]) < 0.5
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), "font not embedded"
            assert "WenQuanYiMicroHei" in str(font["/BaseFont"])


def test_signin_table_is_sized_for_handwriting(db, world):
    with db.read() as session:
        report = signin_report(session, ExportOptions(course_id=world.orgs["course"]))
    (table,) = report.tables()
    widths = {c.title: c.width_mm for c in table.columns}
    assert table.row_height_mm >= 8 and widths["签名"] >= 40
    assert sum(widths.values()) <= 180  # A4 portrait minus 15 mm margins
    assert table.repeat_header and table.header_every_page_title and TITLE in table.caption
    assert "党群服务中心三楼" in table.caption and "2025-03-03 至 2025-03-05" in table.caption
    assert len(table.rows) == 69 + 5  # everyone enrolled, then spare lines for walk-ins
    assert all(row[3] == "" for row in table.rows)  # the signature column stays blank
    assert "应到 69 人" in report.text_content()


def test_signin_pdf_has_the_course_on_every_page(cli, db_path, world, tmp_path):
    target = tmp_path / "签到表.pdf"
    code, _, err = cli("--db", db_path, "export", "signin", target, "--course", world.orgs["course"])
    assert code == 0, err
    reader = PdfReader(target)
    assert len(reader.pages) >= 3
    assert_a4_with_embedded_font(reader)
    for page in reader.pages:
        text = page.extract_text()
        assert TITLE in text and "签名" in text and "序号" in text
    assert "张书记" in reader.pages[0].extract_text()


def test_signin_needs_a_course(cli, db_path, world, tmp_path):
    code, _, err = cli("--db", db_path, "export", "signin", tmp_path / "x.pdf")
    assert code == 1 and "--course" in err
    code, _, err = cli("--db", db_path, "export", "signin", tmp_path / "x.xlsx", "--course", 1)
    assert code == 1 and ".pdf" in err


def test_training_summary_lists_requirement_achieved_and_shortfall(db, world):
    with db.read() as session:
        report = training_report(session, ExportOptions(year=YEAR))
    orgs, members = report.tables()
    by_name = {row[1]: row for row in members.rows}
    assert by_name["王党员"][3:] == ("党员", "32", "32", "", "是")
    assert by_name["张书记"][3:] == ("书记/班子成员", "56", "24", "32", "否")
    assert by_name["郑党员"][3:] == ("党员", "32", "0", "32", "否")
    assert orgs.rows[0] == ("湘龙街道党工委", 69, 1, 68, "1.4%")
    text = report.text_content()
    assert "党员要求：32 学时" in text and "书记及班子成员要求：56 学时" in text


def test_training_summary_for_one_org_pdf_and_xlsx(cli, db_path, world, tmp_path):
    pdf, xlsx = tmp_path / "汇总.pdf", tmp_path / "汇总.xlsx"
    for target in (pdf, xlsx):
        code, _, err = cli("--db", db_path, "export", "training", target, "--year", YEAR, "--org", "星沙科技党支部")
        assert code == 0, err
    reader = PdfReader(pdf)
    assert_a4_with_embedded_font(reader)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "2025年度党员培训学时汇总表" in text and "吴书记" in text and "张书记" not in text
    book = load_workbook(xlsx)
    names = [row[1] for row in book["党员学时"].iter_rows(values_only=True)]
    assert "吴书记" in names and "郑党员" in names and "王党员" not in names
    code, _, err = cli("--db", db_path, "export", "training", pdf, "--org", "不存在的支部")
    assert code == 1 and "找不到党组织“不存在的支部”" in err


def test_hours_cards_for_an_org_or_for_everyone_short(db, world, cli, db_path, tmp_path):
    with db.read() as session:
        org_cards = hours_card_report(session, ExportOptions(year=YEAR, org="星沙科技党支部"))
        short_cards = hours_card_report(session, ExportOptions(year=YEAR))
    # enrolled but never recorded: the card says so and credits nothing
    assert [t.rows for t in org_cards.tables()] == [[(date(YEAR, 3, 3), TITLE, "集中轮训班", "未登记", "0")]] * 2
    short_text = short_cards.text_content()
    assert "王党员" not in short_text and "张书记　2025年度学时卡" in short_text
    assert len(short_cards.tables()) == 68
    target = tmp_path / "卡.pdf"
    code, _, err = cli("--db", db_path, "export", "hourscard", target, "--year", YEAR, "--org", "星沙科技党支部")
    assert code == 0, err
    reader = PdfReader(target)
    assert len(reader.pages) == 2 and "吴书记" in reader.pages[0].extract_text()
