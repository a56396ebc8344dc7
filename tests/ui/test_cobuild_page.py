"""共建 page: the lists load on the worker, a project added through its dialog, a 惠民项目 refused without its
确定方式, spending beyond the budget refused in the dialog, and the activity editor's 阵地."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from dangjian.core.activities.records import ActivityData, create_activity
from dangjian.core.cobuild import projects, venues, volunteering
from dangjian.core.members.roster import add_member
from dangjian.core.models import Activity, FundCategory, Organisation, ServiceProject
from dangjian.ui.main_window import PAGES
from dangjian.ui.pages.cobuild_projects import ProjectsTab
from dangjian.ui.pages.cobuild_venues import VenuesTab
from dangjian.ui.pages.cobuild_volunteers import RegistrationsTab, VolunteeringTab
from dangjian.ui.widgets.activity_editor import ActivityEditor
from member_helpers import make_orgs, member_input

TODAY = date.today()
YEAR = TODAY.year


@pytest.fixture
def world(db):
    with db.write() as session:
        orgs = make_orgs(session)
        for key in ("donghu", "xihu"):
            session.get(Organisation, orgs[key]).domain = "community"
        orgs["zhang"] = add_member(session, member_input(orgs["first"], 1, name="张伟"), today=date(YEAR, 1, 1)).id
        orgs["benefit"] = session.scalar(select(FundCategory.id).where(FundCategory.code == "benefit"))
    return orgs


@pytest.fixture
def no_dialogs(monkeypatch):
    """Dialogs are built and filled in by the test, never shown."""
    monkeypatch.setattr(QDialog, "open", lambda self: None)


def open_tab(qtbot, window, kind):
    page = window.show_page("cobuild")
    tab = page.tab_of(kind)
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: page.tabs.indexOf(tab) not in page._stale, timeout=10_000)
    return page, tab


def cell(model, row: int, column: int) -> str:
    return str(model.index(row, column).data())


def _project(world, **kw) -> projects.ProjectFields:
    values = dict(title="老旧小区加装扶手", kind="service", year=YEAR, lead_org_id=world["donghu"],
                  approved_on=date(YEAR, 1, 1), category_id=world["benefit"], budget_fen=100_000,
                  partners=(projects.PartnerFields(unit_name="长沙县第一中学", commitment="提供志愿者"),))
    values.update(kw)
    return projects.ProjectFields(**values)


def test_the_page_loads_every_list_made_through_the_core(qtbot, window, db, world):
    with db.write() as session:
        pid = projects.add_project(session, _project(world)).id
        projects.book_expense(session, pid, projects.ProjectExpense(date(YEAR, 1, 1), "300", "材料"))
        projects.add_milestone(session, pid, "完成材料采购", date(YEAR, 12, 31))
        volunteering.register(session, world["zhang"], world["donghu"], date(YEAR, 1, 1), "长沙县税务局")
        team = volunteering.save_team(session, volunteering.TeamFields(world["donghu"], "东湖红色志愿服务队", "王强"))
        volunteering.add_service(session, volunteering.ServiceFields(world["zhang"], date(YEAR, 1, 1), 25, "文明劝导",
                                                                     team_id=team.id))
        venues.save_venue(session, venues.VenueFields(world["donghu"], "东湖社区党群服务中心", "center", area_m2=300))
        venues.save_brand(session, venues.BrandFields(world["donghu"], "红色管家", YEAR))
    labels = [spec.label for spec in PAGES]
    assert labels[labels.index("考核") + 1] == "共建"

    page, tab = open_tab(qtbot, window, ProjectsTab)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["服务项目", "双报到", "志愿服务", "阵地与品牌"]
    assert [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())] == [
        "项目名称", "类别", "牵头党组织", "共建单位", "状态", "预算", "已支出", "立项日期"]
    assert [cell(tab.model, 0, c) for c in range(1, 7)] == [
        "项目化服务", "东湖社区党委", "长沙县第一中学", "立项", "¥1,000.00", "¥300.00"]
    tab.table.selectRow(0)
    qtbot.waitUntil(lambda: tab.milestones.rowCount() == 1, timeout=10_000)
    assert cell(tab.milestones, 0, 0) == "完成材料采购"

    _page, registrations = open_tab(qtbot, window, RegistrationsTab)
    assert (cell(registrations.model, 0, 0), cell(registrations.model, 0, 2), cell(registrations.model, 0, 6)) == (
        "张伟", "东湖社区党委", "2.5")
    _page, service = open_tab(qtbot, window, VolunteeringTab)
    assert (cell(service.team_model, 0, 0), cell(service.team_model, 0, 5)) == ("东湖红色志愿服务队", "2.5")
    assert cell(service.service_model, 0, 3) == "文明劝导"
    assert (cell(service.hours_model, 0, 0), cell(service.hours_model, 0, 3)) == ("长沙县税务局", "2.5")
    _page, places = open_tab(qtbot, window, VenuesTab)
    assert (cell(places.venue_model, 0, 0), cell(places.venue_model, 0, 1)) == ("东湖社区党群服务中心", "党群服务中心")
    assert cell(places.brand_model, 0, 0) == "红色管家"


def test_a_project_added_through_the_dialog_shows_in_the_table(qtbot, window, db, world, no_dialogs):
    _page, tab = open_tab(qtbot, window, ProjectsTab)
    assert tab.model.rowCount() == 0
    tab.add()
    dialog = tab.dialog
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "确定"
    assert not dialog.chosen_by.isVisibleTo(dialog)  # 确定方式 belongs to 惠民项目 only
    dialog.title.setText("楼道微更新")
    dialog.lead.setCurrentIndex(dialog.lead.findData(world["xihu"]))
    dialog.category.setCurrentIndex(dialog.category.findData(world["benefit"]))
    dialog.budget.setText("1.2万")
    row = dialog.partners.add()
    dialog.partners.table.cellWidget(row, 0).setCurrentIndex(
        dialog.partners.table.cellWidget(row, 0).findData(world["first"]))
    dialog.partners.table.item(row, 2).setText("联合宣传")
    dialog.save()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (cell(tab.model, 0, 0), cell(tab.model, 0, 2), cell(tab.model, 0, 3), cell(tab.model, 0, 5)) == (
        "楼道微更新", "西湖社区党支部", "东湖社区第一党支部", "¥12,000.00")
    assert tab.table.current().title == "楼道微更新"


def test_a_livelihood_project_without_the_residents_choice_is_refused(qtbot, window, db, world, no_dialogs):
    _page, tab = open_tab(qtbot, window, ProjectsTab)
    tab.add()
    dialog = tab.dialog
    dialog.title.setText("老旧小区加装扶手")
    dialog.kind.setCurrentIndex(dialog.kind.findData("livelihood"))
    assert dialog.chosen_by.isVisibleTo(dialog) and not dialog.council_on.isVisibleTo(dialog)
    dialog.lead.setCurrentIndex(dialog.lead.findData(world["donghu"]))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10_000)
    assert "居民投票或居民议事会" in dialog.error.text() and dialog.result() == 0
    with db.read() as session:
        assert session.scalars(select(ServiceProject)).all() == []
    dialog.chosen_by.setCurrentIndex(dialog.chosen_by.findData("council"))
    assert dialog.council_on.isVisibleTo(dialog)
    dialog.save()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    with db.read() as session:
        assert session.scalar(select(ServiceProject.chosen_by)) == "council"


def test_booking_beyond_the_budget_shows_the_refusal_in_the_dialog(qtbot, window, db, world, no_dialogs):
    with db.write() as session:
        projects.add_project(session, _project(world))
    _page, tab = open_tab(qtbot, window, ProjectsTab)
    tab.table.selectRow(0)
    tab.book()
    dialog = tab.dialog
    dialog.amount.setText("1000.01")
    dialog.purpose.setText("扶手材料")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10_000)
    assert "超过项目预算" in dialog.error.text() and dialog.result() == 0
    dialog.amount.setText("1000")
    dialog.save()
    qtbot.waitUntil(lambda: cell(tab.model, 0, 6) == "¥1,000.00", timeout=10_000)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_activity_editors_venue_combo_sets_the_venue(qtbot, app, db, world):
    with db.write() as session:
        venue = venues.save_venue(session, venues.VenueFields(world["donghu"], "东湖社区党员活动室")).id
        choices = venues.venue_choices(session)
    editor = ActivityEditor([(world["first"], "东湖社区第一党支部")], venues=choices)
    qtbot.addWidget(editor)
    planned = (datetime(YEAR, 6, 5, 9, 0), datetime(YEAR, 6, 5, 10, 30))
    editor.load(ActivityData("theme_day", "6月主题党日", [world["first"]], *planned))
    assert editor.venue.currentData() is None and editor.data().venue_id is None
    editor.venue.setCurrentIndex(editor.venue.findData(venue))
    assert editor.venue.currentText() == "东湖社区党员活动室（东湖社区党委）"
    with db.write() as session:
        activity_id = create_activity(session, editor.data()).id
    with db.read() as session:
        stored = session.get(Activity, activity_id)
        assert (stored.venue_id, stored.place) == (venue, "东湖社区党员活动室")
    editor.load(ActivityData("theme_day", "6月主题党日", [world["first"]], *planned, venue_id=venue))
    assert editor.venue.currentData() == venue
