"""共建与服务: 服务项目书 rules (惠民 choice, budget through the ledger, status steps), 双报到 (one open at a time,
import all-or-nothing), 志愿服务 hours by member / 驻区单位 / 社区, teams, 阵地 as an activity's place, brands."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from dangjian.core.activities.records import ActivityData, create_activity
from dangjian.core.budgets import ledger
from dangjian.core.cobuild import projects, venues, volunteering
from dangjian.core.common.errors import UserError, ValidationError
from dangjian.core.members.roster import add_member
from dangjian.core.models import FundCategory, Member, Organisation
from dangjian.core.spreadsheets.importing import ImportOptions
from dangjian.core.system import trash
from member_helpers import make_id, make_orgs, member_input, save_sheet

YEAR = 2026


@pytest.fixture
def world(db):
    with db.write() as session:
        orgs = make_orgs(session)
        for key in ("donghu", "xihu"):  # the 社区 orgs members register at
            session.get(Organisation, orgs[key]).domain = "community"
        session.get(Organisation, orgs["second"]).domain = "building"  # a 楼宇党支部: no place to register
        a = add_member(session, member_input(orgs["first"], 1, name="张伟"), today=date(YEAR, 1, 1)).id
        b = add_member(session, member_input(orgs["first"], 2, name="李娜"), today=date(YEAR, 1, 1)).id
        benefit = session.scalar(select(FundCategory.id).where(FundCategory.code == "benefit"))
    return orgs, a, b, benefit


def _livelihood(orgs, benefit, **kw) -> projects.ProjectFields:
    values = dict(title="老旧小区加装扶手", kind="livelihood", year=YEAR, lead_org_id=orgs["donghu"],
                  approved_on=date(YEAR, 3, 1), category_id=benefit, budget_fen=1_000_000, chosen_by="council",
                  council_on=date(YEAR, 2, 20),
                  partners=(projects.PartnerFields(unit_name="长沙县第一中学", commitment="提供志愿者"),
                            projects.PartnerFields(org_id=orgs["xihu"], commitment="联合宣传")))
    values.update(kw)
    return projects.ProjectFields(**values)


def test_livelihood_project_needs_the_residents_choice(db, world):
    orgs, _, _, benefit = world
    with db.write() as session:
        with pytest.raises(ValidationError, match="居民投票或居民议事会"):
            projects.add_project(session, _livelihood(orgs, benefit, chosen_by=""))
        with pytest.raises(ValidationError, match="得票数"):
            projects.add_project(session, _livelihood(orgs, benefit, chosen_by="vote"))
        with pytest.raises(ValidationError, match="经费类别"):
            projects.add_project(session, _livelihood(orgs, benefit, category_id=None))
        project = projects.add_project(session, _livelihood(orgs, benefit))
    with db.read() as session:
        row = projects.project_rows(session, YEAR)[0]
        assert (row.id, row.partners, row.status) == (project.id, "长沙县第一中学、西湖社区党支部", "approved")
        detail = projects.project_detail(session, project.id)
        assert projects.fields_of(detail) == _livelihood(orgs, benefit)


def test_spending_beyond_the_project_budget_is_refused_on_every_path(db, world):
    orgs, _, _, benefit = world
    with db.write() as session:
        pid = projects.add_project(session, _livelihood(orgs, benefit)).id
        first = projects.book_expense(session, pid, projects.ProjectExpense(date(YEAR, 4, 1), "6000", "扶手材料")).id
    with pytest.raises(UserError, match="超过项目预算"), db.write() as session:
        projects.book_expense(session, pid, projects.ProjectExpense(date(YEAR, 4, 2), "4000.01", "安装"))
    with db.write() as session:
        second = projects.book_expense(session, pid, projects.ProjectExpense(date(YEAR, 4, 2), "4000", "安装")).id
        ledger.void_expenditure(session, second, "录错")
        projects.book_expense(session, pid, projects.ProjectExpense(date(YEAR, 4, 3), "4000", "安装"))
    with pytest.raises(UserError, match="超过项目预算"), db.write() as session:
        ledger.unvoid_expenditure(session, second)
    with pytest.raises(UserError, match="超过项目预算"), db.write() as session:
        row = ledger.get_expenditure(session, first)
        ledger.update_expenditure(session, first, ledger.ExpenditureInput(
            row.spent_on, row.org_id, row.category_id, "6000.5", row.purpose))
    with pytest.raises(ValidationError, match="不能少于已支出"), db.write() as session:
        projects.update_project(session, pid, _livelihood(orgs, benefit, budget_fen=999_999))
    with db.read() as session:
        assert projects.project_rows(session, YEAR)[0].spent_fen == 1_000_000
        assert ledger.spent_total(session) == 1_000_000  # the one ledger holds the project's money
    with pytest.raises(UserError, match="已有支出"), db.write() as session:
        projects.delete_project(session, pid)


def test_restoring_a_deleted_expense_respects_the_cap(db, world):
    orgs, _, _, benefit = world
    with db.write() as session:
        pid = projects.add_project(session, _livelihood(orgs, benefit, budget_fen=500_000)).id
        eid = projects.book_expense(session, pid, projects.ProjectExpense(date(YEAR, 4, 1), "5000", "材料")).id
        ledger.get_expenditure(session, eid).deleted_at = datetime(YEAR, 4, 2)
        projects.book_expense(session, pid, projects.ProjectExpense(date(YEAR, 4, 3), "1", "材料"))
    with pytest.raises(UserError, match="超过项目预算"), db.write() as session:
        trash.restore(session, "expenditure", eid)


def test_project_steps_from_approval_to_acceptance_and_back(db, world):
    orgs, _, _, benefit = world
    with db.write() as session:
        pid = projects.add_project(session, _livelihood(orgs, benefit)).id
        with pytest.raises(ValidationError, match="不能早于立项日期"):
            projects.advance(session, pid, date(YEAR, 2, 1))
        projects.advance(session, pid, date(YEAR, 3, 10))
        with pytest.raises(ValidationError, match="项目成效"):
            projects.advance(session, pid, date(YEAR, 9, 1))
        projects.advance(session, pid, date(YEAR, 9, 1), "为12栋楼加装扶手，惠及老人300余人")
        with pytest.raises(UserError, match="已验收"):
            projects.book_expense(session, pid, projects.ProjectExpense(date(YEAR, 9, 2), "1", "x"))
        projects.reopen(session, pid)
    with db.read() as session:
        project = projects.get_project(session, pid)
        assert (project.status, project.started_on, project.accepted_on) == ("running", date(YEAR, 3, 10), None)


def test_one_open_registration_and_the_roster_flag_follows(db, world):
    orgs, a, _, _ = world
    with db.write() as session:
        reg = volunteering.register(session, a, orgs["donghu"], date(YEAR, 3, 1), "长沙县税务局")
        assert session.get(Member, a).dual_registered
        with pytest.raises(UserError, match="请先办理结束报到"):
            volunteering.register(session, a, orgs["xihu"], date(YEAR, 4, 1))
        with pytest.raises(ValidationError, match="不是社区党组织"):
            volunteering.register(session, a, orgs["second"], date(YEAR, 4, 1))
        volunteering.end_registration(session, reg.id, date(YEAR, 6, 30))
        assert not session.get(Member, a).dual_registered
        volunteering.register(session, a, orgs["xihu"], date(YEAR, 7, 1))
    with db.read() as session:
        rows = volunteering.registration_rows(session, YEAR)
        assert sorted(r.community for r in rows) == ["东湖社区党委", "西湖社区党支部"]
        assert volunteering.registration_rows(session, YEAR + 1)[0].community == "西湖社区党支部"


def test_service_hours_by_member_unit_and_community(db, world):
    orgs, a, b, _ = world
    with db.write() as session:
        volunteering.register(session, a, orgs["donghu"], date(YEAR, 1, 5), "长沙县税务局")
        team = volunteering.save_team(session, volunteering.TeamFields(orgs["donghu"], "东湖红色志愿服务队", "王强"))
        volunteering.set_team_members(session, team.id, [a, b], date(YEAR, 1, 10))
        with pytest.raises(ValidationError, match="不超过24小时"):
            volunteering.add_service(session, volunteering.ServiceFields(a, date(YEAR, 2, 1), 241, "巡逻"))
        for member, tenths in ((a, 25), (a, 15), (b, 30)):
            volunteering.add_service(session, volunteering.ServiceFields(member, date(YEAR, 2, 1), tenths, "文明劝导",
                                                                         team_id=team.id), today=date(YEAR, 3, 1))
        volunteering.add_service(session, volunteering.ServiceFields(b, date(YEAR - 1, 12, 1), 50, "去年"),
                                 today=date(YEAR, 3, 1))
    with db.read() as session:
        by_member = volunteering.hours_by(session, YEAR, "member")
        assert [(h.name, h.hours_tenths, h.records) for h in by_member] == [
            ("张伟（东湖社区第一党支部）", 40, 2), ("李娜（东湖社区第一党支部）", 30, 1)]
        assert [(h.name, h.hours_tenths) for h in volunteering.hours_by(session, YEAR, "unit")] == [
            ("长沙县税务局", 40), ("（未填写工作单位）", 30)]
        assert [(h.name, h.people) for h in volunteering.hours_by(session, YEAR, "community")] == [
            ("东湖社区党委", 1), ("（未报到）", 1)]
        teams = volunteering.team_rows(session, YEAR)
        assert (teams[0].members, teams[0].hours_tenths) == (2, 70)


def test_registration_import_is_all_or_nothing(db, world, tmp_path):
    _, _, b, _ = world
    header = ["姓名", "身份证后四位", "报到社区", "报到日期", "工作单位"]
    bad = save_sheet(tmp_path, [header, ["张伟", make_id(1)[-4:], "东湖社区党委", "2026-03-01", "税务局"],
                                ["李娜", make_id(2)[-4:], "东湖社区第二党支部", "2026-03-01", ""],
                                ["王五", "1234", "西湖社区党支部", "2026-13-01", ""]], "bad.xlsx")
    result = volunteering.import_registrations(db, bad, ImportOptions())
    assert not result.written
    assert [(e.row, e.column) for e in result.errors] == [(3, "报到社区"), (4, "姓名"), (4, "报到日期")]
    with db.read() as session:
        assert volunteering.registration_rows(session, YEAR) == []
    good = save_sheet(tmp_path, [header, ["张伟", make_id(1)[-4:], "东湖社区党委", "2026-03-01", "税务局"],
                                 ["李娜", make_id(2)[-4:], "西湖社区党支部", "2026/3/2", ""]], "good.xlsx")
    result = volunteering.import_registrations(db, good, ImportOptions())
    assert result.written and result.created == 2
    with db.read() as session:
        assert session.get(Member, b).dual_registered


def test_activity_held_at_a_venue_takes_its_name_as_place(db, world):
    orgs, _, _, _ = world
    with db.write() as session:
        venue = venues.save_venue(session, venues.VenueFields(
            orgs["donghu"], "东湖社区党群服务中心", "center", "东湖路8号", 600, "党员活动室、会议室",
            "周一至周日 8:30-17:30"))
        activity = create_activity(session, ActivityData("theme_day", "3月主题党日", [orgs["first"]],
                                                         datetime(YEAR, 3, 5, 9), datetime(YEAR, 3, 5, 11),
                                                         status="held", venue_id=venue.id), enrol=False)
        assert activity.place == "东湖社区党群服务中心"
    with db.read() as session:
        assert venues.venue_rows(session, YEAR)[0].activities == 1
        assert venues.venue_choices(session) == [(venue.id, "东湖社区党群服务中心（东湖社区党委）")]
    with db.write() as session:
        venues.delete_venue(session, venue.id)
        with pytest.raises(ValidationError, match="活动阵地"):
            create_activity(session, ActivityData("theme_day", "4月主题党日", [orgs["first"]],
                                                  datetime(YEAR, 4, 5, 9), datetime(YEAR, 4, 5, 11),
                                                  venue_id=venue.id), enrol=False)


def test_brand_lists_its_projects(db, world):
    orgs, _, _, benefit = world
    with db.write() as session:
        brand = venues.save_brand(session, venues.BrandFields(orgs["donghu"], "东湖红管家", YEAR, "党员管家进楼栋"))
        projects.add_project(session, _livelihood(orgs, benefit, brand_id=brand.id))
    with db.read() as session:
        assert venues.brand_rows(session)[0].projects == "老旧小区加装扶手"
        assert projects.project_rows(session, YEAR)[0].brand == "东湖红管家"
