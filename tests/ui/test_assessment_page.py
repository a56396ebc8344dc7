"""考核 page: the lists load on the worker, a duty added through its dialog, the 述职评议 vote check, typing a
score into the grid, and a finding-based problem 销号 by itself when its finding has cleared."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from sqlalchemy import select

from dangjian.core.assessment import duties, indicators, problems, reviews
from dangjian.core.common.findings import Finding
from dangjian.core.members.roster import add_member
from dangjian.core.models import DutyItem, IndicatorScore, Problem
from dangjian.core.orgs.committees import SeatFields, add_seat
from dangjian.ui.main_window import PAGES
from dangjian.ui.models.assessment_lists import UNREPORTED
from dangjian.ui.operations import wait_for_idle
from dangjian.ui.pages.assessment_duties import DispatchTab, DutiesTab
from dangjian.ui.pages.assessment_problems import MeasuresTab, ProblemsTab
from dangjian.ui.pages.assessment_reviews import ReviewsTab
from dangjian.ui.pages.assessment_scores import IndicatorsTab, RankingTab
from member_helpers import make_orgs, member_input

TODAY = date.today()
YEAR = TODAY.year


@pytest.fixture
def world(db):
    with db.write() as session:
        orgs = make_orgs(session)
        secretary = add_member(session, member_input(orgs["first"], 1, name="刘书记"), today=date(YEAR - 2, 1, 1))
        add_seat(session, orgs["first"], SeatFields("secretary", date(YEAR - 2, 1, 1), member_id=secretary.id))
    return orgs


@pytest.fixture
def no_dialogs(monkeypatch):
    """Dialogs are built and filled in by the test, never shown."""
    monkeypatch.setattr(QDialog, "open", lambda self: None)


def open_tab(qtbot, window, kind):
    page = window.show_page("assessment")
    tab = page.tab_of(kind)
    page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: page.tabs.indexOf(tab) not in page._stale, timeout=10_000)
    return page, tab


def cell(model, row: int, column: int) -> str:
    return str(model.index(row, column).data())


def test_the_page_follows_dues_and_loads_every_list_made_through_the_core(qtbot, window, db, world):
    first = world["first"]
    with db.write() as session:
        duty = duties.add_duty(session, duties.DutyFields(first, YEAR, "党员积分管理", "王强")).id
        problem = problems.add_problem(session, problems.ProblemFields(first, YEAR, "活动室台账不全", "inspection",
                                                                       date(YEAR, 1, 5)))
        problems.add_measure(session, problem.id, problems.MeasureFields("补齐台账", "王强", date(YEAR, 1, 10)))
        indicators.add_indicator(session, indicators.IndicatorFields(YEAR, "组织建设", 60))
        reviews.save_review(session, reviews.ReviewFields(first, YEAR, "刘书记", None, 10, 8, 2))
    labels = [spec.label for spec in PAGES]
    assert labels[labels.index("党费") + 1] == "考核"

    page, tab = open_tab(qtbot, window, DutiesTab)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "责任清单", "月调度", "问题清单", "整改清单", "考核清单", "述职评议", "年度排名"]
    assert tab.model.rowCount() == 1
    assert (cell(tab.model, 0, 0), cell(tab.model, 0, 3), cell(tab.model, 0, 6)) == (
        "东湖社区第一党支部", "刘书记", "未调度")

    _page, dispatch = open_tab(qtbot, window, DispatchTab)
    assert [r.duty_id for r in dispatch.model.rows] == [duty]
    assert cell(dispatch.model, 0, dispatch.model.STATUS) == UNREPORTED
    assert dispatch.model.index(0, dispatch.model.STATUS).data(Qt.ItemDataRole.FontRole).bold()
    assert dispatch.unreported.text() == "未报送 1 项"

    _page, measures = open_tab(qtbot, window, MeasuresTab)
    assert measures.model.rowCount() == 1
    _page, indicator_tab = open_tab(qtbot, window, IndicatorsTab)
    assert indicator_tab.weights.text() == "分值合计 60 / 100" and "b3261e" in indicator_tab.weights.styleSheet()
    _page, review_tab = open_tab(qtbot, window, ReviewsTab)
    assert (cell(review_tab.model, 0, 1), cell(review_tab.model, 0, 9)) == ("刘书记", "好")
    _page, ranking = open_tab(qtbot, window, RankingTab)
    assert ranking.model.rowCount() == 4  # the assessed orgs: 东湖社区党委, its two branches, 西湖社区党支部


def test_a_duty_added_through_the_dialog_shows_in_the_table(qtbot, window, db, world, no_dialogs):
    _page, tab = open_tab(qtbot, window, DutiesTab)
    assert tab.model.rowCount() == 0
    tab.add()
    dialog = tab.dialog
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "确定"
    dialog.org.setCurrentIndex(dialog.org.findData(world["second"]))
    dialog.task.setPlainText("楼宇党建阵地建设")
    dialog.owner.setText("李敏")
    dialog.source.setCurrentIndex(dialog.source.findData("document"))
    dialog.save()  # a 上级文件 needs its 文号: refused by the core, the dialog stays with the reason
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog), timeout=10_000)
    assert "文号或会议" in dialog.error.text() and dialog.result() == 0
    dialog.source_ref.setText("长组通〔2026〕3号")
    dialog.save()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (cell(tab.model, 0, 0), cell(tab.model, 0, 1), cell(tab.model, 0, 4)) == (
        "东湖社区第二党支部", "楼宇党建阵地建设", "上级文件（长组通〔2026〕3号）")
    assert tab.table.current().task == "楼宇党建阵地建设"  # the new item is selected
    with db.read() as session:
        assert session.scalars(select(DutyItem.owner)).all() == ["李敏"]


def test_review_dialog_refuses_more_votes_than_expected(qtbot, window, world, no_dialogs):
    _page, tab = open_tab(qtbot, window, ReviewsTab)
    tab.add()
    dialog = tab.dialog
    dialog.org.setCurrentIndex(dialog.org.findData(world["first"]))
    assert dialog.secretary.text() == "刘书记"  # the org's current 书记
    dialog.expected.setValue(10)
    dialog.counts["excellent"].setValue(8)
    dialog.counts["good"].setValue(3)
    assert not dialog.ok_button.isEnabled()
    assert "超过应到10人" in dialog.check.text() and "b3261e" in dialog.check.styleSheet()
    dialog.counts["good"].setValue(2)
    assert dialog.ok_button.isEnabled() and dialog.check.text() == "实投 10 票"
    dialog.save()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    assert cell(tab.model, 0, tab.model.GRADE) == "好"


def test_a_score_typed_into_the_grid_is_saved_and_enter_moves_down(qtbot, window, db, world):
    with db.write() as session:
        manual = indicators.add_indicator(session, indicators.IndicatorFields(YEAR, "组织建设", 60)).id
        computed = indicators.add_indicator(session, indicators.IndicatorFields(YEAR, "按期换届", 40,
                                                                                method="terms")).id
    _page, tab = open_tab(qtbot, window, IndicatorsTab)
    model, grid = tab.grid_model, tab.grid
    assert model.rowCount() == 4
    first = model.index_of(manual, world["first"])
    assert first.flags() & Qt.ItemFlag.ItemIsEditable
    other = model.index_of(computed, world["first"])
    assert not other.flags() & Qt.ItemFlag.ItemIsEditable and other.data(Qt.ItemDataRole.ForegroundRole) is not None

    grid.setFocus()
    grid.setCurrentIndex(first)
    qtbot.keyClick(grid, Qt.Key.Key_9)  # typing starts the editor
    editor = grid.findChild(QLineEdit)
    assert editor is not None
    editor.setText("92.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: grid.currentIndex().row() == first.row() + 1, timeout=10_000)

    def scores():
        with db.read() as session:
            return session.execute(select(IndicatorScore.org_id, IndicatorScore.score_tenths)).all()

    qtbot.waitUntil(lambda: scores() == [(world["first"], 925)], timeout=10_000)
    assert model.index_of(manual, world["first"]).data() == "92.5"
    model.setData(model.index_of(manual, world["first"]), "120")  # above 满分 100
    assert "0—100" in tab.message.text()
    wait_for_idle()
    assert scores() == [(world["first"], 925)]


def test_a_problem_from_a_finding_that_cleared_is_closed_when_the_list_loads(qtbot, window, db, world):
    gone = Finding("warning", "test.rule_no_longer_found", "委员缺额", world["first"], "东湖社区第一党支部")
    with db.write() as session:
        problem_id = problems.problem_from_finding(session, gone, TODAY).id
    _page, tab = open_tab(qtbot, window, ProblemsTab)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and cell(tab.model, 0, tab.model.STATE) == "已销号",
                    timeout=10_000)
    assert "自动销号" in cell(tab.model, 0, 7)
    assert window.statusBar().currentMessage().startswith("1 个问题已自动销号")
    with db.read() as session:
        assert session.get(Problem, problem_id).closed_how == "cleared"


def test_checked_findings_become_problems(qtbot, window, db, world, monkeypatch, no_dialogs):
    found = [Finding("warning", "org.committee_vacancy", "支部委员会缺额1人", world["first"], "东湖社区第一党支部"),
             Finding("error", "org.min_members", "党员不足3人", world["second"], "东湖社区第二党支部")]
    monkeypatch.setattr("dangjian.ui.pages.assessment_problems.all_findings", lambda _session, _today: found)
    _page, tab = open_tab(qtbot, window, ProblemsTab)
    tab.generate()
    qtbot.waitUntil(lambda: tab.dialog is not None, timeout=10_000)
    dialog = tab.dialog
    assert dialog.list.count() == 2
    dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    dialog.accept()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    row = tab.model.row_at(0)
    assert (row.org_id, row.source, row.description, row.finding_rule) == (
        world["first"], "finding", "支部委员会缺额1人", "org.committee_vacancy")
    assert cell(tab.model, 0, tab.model.STATE) == "待制定措施"  # its finding is still there: not closed
