"""共建与服务 printouts: 服务项目书 (PDF, editable .docx, xlsx), 项目台账, 双报到与志愿服务统计 and 阵地与品牌 —
content, A4 PDF with the bundled font, the xlsx sheets — from a small 街道 filled through core.cobuild."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from dangjian.core.activities.records import ActivityData, create_activity
from dangjian.core.cobuild import projects, venues, volunteering
from dangjian.core.members.roster import add_member
from dangjian.core.models import FundCategory, Organisation
from dangjian.core.system import settings_edit
from dangjian.reports.engine.registry import ExportOptions, get_kind, run_export
from member_helpers import make_id, make_orgs, member_input

from .test_settings_report import _fonts as embedded_fonts

YEAR = 2026
TODAY = date(YEAR, 11, 25)
OPTIONS = ExportOptions(year=YEAR, today=TODAY)
A4_PORTRAIT, A4_LANDSCAPE = (595.3, 841.9), (841.9, 595.3)


@pytest.fixture
def world(db):
    """东湖社区党委 leads 老旧小区加装扶手 (惠民, 居民议事会, ¥10,000 budget, ¥6,000 spent, one milestone done and
    one overdue, brand 东湖红管家) with a 驻区单位 and 西湖社区党支部 as partners; 西湖 leads an accepted 共建项目 on
    a vote. 张伟 (税务局) registered at 东湖 and served 4.5 h in the team, 李娜 at 西湖 3 h; 王芳 is not registered
    and served 1 h. A 党群服务中心 at 东湖 held one activity this year."""
    with db.write() as session:
        settings_edit.set_value(session, "general.unit_name", "湘龙街道党工委")
        orgs = make_orgs(session)
        for key in ("donghu", "xihu"):
            session.get(Organisation, orgs[key]).domain = "community"
        a = add_member(session, member_input(orgs["first"], 1, name="张伟"), today=date(YEAR, 1, 1)).id
        b = add_member(session, member_input(orgs["first"], 2, name="李娜"), today=date(YEAR, 1, 1)).id
        c = add_member(session, member_input(orgs["second"], 3, name="王芳"), today=date(YEAR, 1, 1)).id
        benefit = session.scalar(select(FundCategory.id).where(FundCategory.code == "benefit"))
        brand = venues.save_brand(session, venues.BrandFields(orgs["donghu"], "东湖红管家", YEAR, "党员管家进楼栋"))
        venues.save_brand(session, venues.BrandFields(orgs["xihu"], "西湖明年品牌", YEAR + 1))
        rails = projects.add_project(session, projects.ProjectFields(
            title="老旧小区加装扶手", kind="livelihood", year=YEAR, lead_org_id=orgs["donghu"],
            approved_on=date(YEAR, 3, 1), content="为东湖小区12栋楼道加装扶手", beneficiaries="小区60岁以上老人",
            category_id=benefit, budget_fen=1_000_000, chosen_by="council", council_on=date(YEAR, 2, 20),
            brand_id=brand.id,
            partners=(projects.PartnerFields(unit_name="长沙县第一中学", commitment="提供志愿者20名"),
                      projects.PartnerFields(org_id=orgs["xihu"], commitment="联合宣传"))))
        projects.book_expense(session, rails.id, projects.ProjectExpense(date(YEAR, 4, 1), "6000", "扶手材料"))
        done = projects.add_milestone(session, rails.id, "完成材料采购", date(YEAR, 4, 15))
        projects.set_milestone_done(session, done.id, date(YEAR, 4, 10))
        projects.add_milestone(session, rails.id, "完成全部楼栋安装", date(YEAR, 6, 30))
        projects.advance(session, rails.id, date(YEAR, 3, 10))
        garden = projects.add_project(session, projects.ProjectFields(
            title="共建口袋公园", kind="cobuild", year=YEAR, lead_org_id=orgs["xihu"], approved_on=date(YEAR, 1, 10),
            category_id=benefit, budget_fen=200_000, chosen_by="vote", votes=128,
            partners=(projects.PartnerFields(unit_name="星沙供电公司", commitment="出资出力"),)))
        projects.book_expense(session, garden.id, projects.ProjectExpense(date(YEAR, 2, 1), "2000", "苗木"))
        projects.advance(session, garden.id, date(YEAR, 1, 20))
        projects.advance(session, garden.id, date(YEAR, 5, 1), "建成口袋公园一处")
        projects.add_project(session, projects.ProjectFields(
            title="去年的项目", kind="service", year=YEAR - 1, lead_org_id=orgs["donghu"],
            approved_on=date(YEAR - 1, 5, 1)))
        volunteering.register(session, a, orgs["donghu"], date(YEAR, 1, 5), "长沙县税务局")
        volunteering.register(session, b, orgs["xihu"], date(YEAR, 2, 5), "")
        team = volunteering.save_team(session, volunteering.TeamFields(orgs["donghu"], "东湖红色志愿服务队", "王强"))
        volunteering.set_team_members(session, team.id, [a, b], date(YEAR, 1, 10))
        for member, tenths, team_id in ((a, 25, team.id), (a, 20, team.id), (b, 30, None), (c, 10, None)):
            volunteering.add_service(session, volunteering.ServiceFields(member, date(YEAR, 2, 1), tenths, "文明劝导",
                                                                         team_id=team_id), today=date(YEAR, 3, 1))
        venue = venues.save_venue(session, venues.VenueFields(
            orgs["donghu"], "东湖社区党群服务中心", "center", "东湖路8号", 600, "党员活动室、会议室",
            "周一至周日 8:30-17:30"))
        create_activity(session, ActivityData("theme_day", "3月主题党日", [orgs["first"]], datetime(YEAR, 3, 5, 9),
                                              datetime(YEAR, 3, 5, 11), status="held", venue_id=venue.id), enrol=False)
    return {"orgs": orgs, "rails": rails.id, "garden": garden.id}


def pdf_pages(path, size: tuple[float, float]) -> list[str]:
    """Each page's text, after checking it is A4 in `size` and embeds only the bundled WenQuanYi."""
    reader = PdfReader(path)
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == size
    fonts = embedded_fonts(reader)
    assert fonts and all(name.endswith("WenQuanYiMicroHei-0") and "+" in name for name in fonts), fonts
    return [page.extract_text().replace("\n", "") for page in reader.pages]


def test_every_kind_is_registered_with_a_chinese_description():
    formats = {"project": ("pdf", "docx", "xlsx"), "projects": ("pdf", "xlsx"), "volunteering": ("pdf", "xlsx"),
               "venues": ("pdf", "xlsx")}
    for name, expected in formats.items():
        kind = get_kind(name)
        assert kind.formats == expected, name
        assert kind.needs == (("project_id",) if name == "project" else ()), name
        assert "。" not in kind.description and len(kind.description) > 30 and kind.description.startswith(
            kind.label), name


def test_project_book_prints_partners_money_milestones_and_the_stamp_block(db, world, tmp_path):
    options = ExportOptions(project_id=world["rails"], today=TODAY)
    text = "".join(pdf_pages(run_export(db, "project", tmp_path / "项目书.pdf", options), A4_PORTRAIT))
    for expected in ("服务项目书", "湘龙街道党工委", "老旧小区加装扶手", "惠民项目", "东湖社区党委", "长沙县第一中学",
                     "提供志愿者20名", "西湖社区党支部", "联合宣传", "为东湖小区12栋楼道加装扶手", "小区60岁以上老人",
                     "¥10,000.00", "¥6,000.00", "¥4,000.00", "居民议事会（2026-02-20）", "完成材料采购",
                     "已完成（2026-04-10）", "完成全部楼栋安装", "逾期未完成", "实施", "东湖红管家",
                     "牵头党组织（盖章）", "共建单位（盖章）", "日期："):
        assert expected in text, expected


def test_project_book_docx_is_editable_text_with_tables(db, world, tmp_path):
    options = ExportOptions(project_id=world["garden"], today=TODAY)
    doc = Document(str(run_export(db, "project", tmp_path / "项目书.docx", options)))
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    cells = ["".join(c.text for c in row.cells) for table in doc.tables for row in table.rows]
    assert "服务项目书" in paragraphs and "共建口袋公园" in paragraphs and "项目成效：建成口袋公园一处" in paragraphs
    assert "牵头党组织（盖章）：" in paragraphs and "共建单位（盖章）：" in paragraphs
    assert any("星沙供电公司出资出力" in c for c in cells), cells
    assert any("确定方式居民投票（128票）" in c for c in cells), cells
    assert any("项目状态验收" in c for c in cells), cells
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_project_book_needs_a_project(cli, db_path, world, tmp_path):
    code, _, err = cli("--db", db_path, "export", "project", tmp_path / "x.pdf")
    assert code == 1 and "服务项目（命令行用 --project 编号）" in err
    code, out, _ = cli("--db", db_path, "export", "project", tmp_path / "x.xlsx", "--project", world["rails"])
    assert code == 0, out
    book = load_workbook(tmp_path / "x.xlsx")
    assert {"共建单位", "实施节点"} <= set(book.sheetnames)
    values = [c.value for row in book["共建单位"].iter_rows() for c in row]
    assert "长沙县第一中学" in values and "提供志愿者20名" in values


def test_project_ledger_lists_the_year_with_totals_and_overdue_in_bold(cli, db, db_path, world, tmp_path):
    code, _, err = cli("--db", db_path, "export", "projects", tmp_path / "台账.pdf", "--year", YEAR)
    assert code == 0, err
    text = "".join(pdf_pages(tmp_path / "台账.pdf", A4_LANDSCAPE))
    for expected in ("2026年度服务项目台账", "老旧小区加装扶手", "共建口袋公园", "长沙县第一中学、西湖社区党支部",
                     "¥12,000.00", "¥8,000.00", "66.7%", "60.0%", "100.0%", "合计", "2026-05-01"):
        assert expected in text, expected
    assert "去年的项目" not in text
    run_export(db, "projects", tmp_path / "台账.xlsx", OPTIONS)
    sheet = load_workbook(tmp_path / "台账.xlsx")["项目台账"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=4)}
    assert set(rows) == {"共建口袋公园", "老旧小区加装扶手", "合计"}
    assert rows["老旧小区加装扶手"][1].font.b and not rows["共建口袋公园"][1].font.b  # overdue milestone
    assert float(rows["合计"][6].value) == 12_000 and float(rows["合计"][7].value) == 8_000
    assert rows["合计"][8].value == "66.7%"


def test_project_ledger_follows_the_org_subtree(db, world, tmp_path):
    options = ExportOptions(year=YEAR, org="西湖社区党支部", today=TODAY)
    text = "".join(pdf_pages(run_export(db, "projects", tmp_path / "t.pdf", options), A4_LANDSCAPE))
    assert "共建口袋公园" in text and "老旧小区加装扶手" not in text


def test_volunteering_counts_registrations_hours_and_teams_without_id_numbers(db, world, tmp_path):
    text = "".join(pdf_pages(run_export(db, "volunteering", tmp_path / "v.pdf", OPTIONS), A4_PORTRAIT))
    for expected in ("2026年度在职党员双报到与志愿服务统计", "报到党员2 人", "本年服务时长8.5 小时",
                     "1 东湖社区党委 1", "2 西湖社区党支部 1", "合计 2",
                     "1 张伟 东湖社区第一党支部 东湖社区党委 长沙县税务局 2026-01-05 4.5", "1 长沙县税务局 1 4.5",
                     "1 张伟（东湖社区第一党支部） 4.5", "3 王芳（东湖社区第二党支部） 1",
                     "1 东湖红色志愿服务队 东湖社区党委 王强 2 4.5"):
        assert expected in text, expected
    for seq in (1, 2, 3):
        assert make_id(seq) not in text and make_id(seq)[:6] not in text
    run_export(db, "volunteering", tmp_path / "v.xlsx", OPTIONS)
    book = load_workbook(tmp_path / "v.xlsx")
    assert {"各社区报到人数", "报到名单", "按驻区单位", "按党员", "志愿服务队"} <= set(book.sheetnames)
    names = [row[1].value for row in book["按党员"].iter_rows(min_row=4)]
    assert names == ["张伟（东湖社区第一党支部）", "李娜（东湖社区第一党支部）", "王芳（东湖社区第二党支部）"]
    every = " ".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value is not None)
    assert "公民身份号码" not in every and make_id(1)[:6] not in every


def test_volunteering_for_one_community_counts_only_its_registrations(db, world, tmp_path):
    options = ExportOptions(year=YEAR, org="东湖社区党委", today=TODAY)
    text = "".join(pdf_pages(run_export(db, "volunteering", tmp_path / "v.pdf", options), A4_PORTRAIT))
    assert "报到党员1 人" in text and "本年服务时长4.5 小时" in text and "1 张伟（东湖社区第一党支部） 4.5" in text
    assert "李娜" not in text and "王芳" not in text


def test_venues_and_brands(db, world, tmp_path):
    text = "".join(pdf_pages(run_export(db, "venues", tmp_path / "z.pdf", OPTIONS), A4_LANDSCAPE))
    for expected in ("2026年度党建阵地与特色品牌", "东湖社区党群服务中心", "党群服务中心", "东湖路8号", "600",
                     "党员活动室、会议室", "周一至周日 8:30-17:30", "东湖红管家", "党员管家进楼栋", "老旧小区加装扶手"):
        assert expected in text, expected
    assert "西湖明年品牌" not in text  # created after the year printed
    run_export(db, "venues", tmp_path / "z.xlsx", OPTIONS)
    book = load_workbook(tmp_path / "z.xlsx")
    venue = next(book["阵地"].iter_rows(min_row=4, values_only=True))
    assert venue[1] == "东湖社区党群服务中心" and venue[5] == 600 and venue[8] == 1  # one activity held there
    brand = next(book["特色品牌"].iter_rows(min_row=4, values_only=True))
    assert brand[1:4] == ("东湖红管家", "东湖社区党委", YEAR) and brand[5] == "老旧小区加装扶手"
