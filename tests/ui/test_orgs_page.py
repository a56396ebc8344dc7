"""党组织 page with qtbot: create a 小区党支部, convert it to 联合 with units, watch findings come and go, 撤销/恢复."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from dangjian.core.common.uscc import make_uscc
from dangjian.core.models import Election, Organisation, OrgUnit
from dangjian.core.orgs.committees import add_term
from dangjian.core.orgs.tree import OrgFields, create_org
from dangjian.ui.models.org_tree import BadgesRole

CODES = [make_uscc(f"91430121MA4L{n:05d}") for n in (11, 12)]


@pytest.fixture
def street(db):
    with db.write() as s:
        root = create_org(s, OrgFields("湘龙街道党工委", "street_committee", None))
        community = create_org(s, OrgFields("朝阳社区党委", "party_committee", root.id))
        old = create_org(s, OrgFields("朝阳社区第一党支部", "branch", community.id, recorded_formal_count=12))
        add_term(s, old.id, date(2020, 1, 1))  # 3-year term, long overdue
        return {"root": root.id, "community": community.id, "old": old.id}


@pytest.fixture
def page(qtbot, street, window):
    page = window.show_page("orgs")
    qtbot.waitUntil(lambda: len(page.rows) == 3 and page.detail is not None)
    return page


def wait_detail(qtbot, page, org_id, condition=lambda d: True):
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.id == org_id and condition(page.detail),
                    timeout=10_000)
    return page.detail


def rules(page) -> set[str]:
    return {f.rule for f in page.detail.findings}


def submit(qtbot, dialog):
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as blocker:
        dialog.submit()
    return blocker.args[0]


def select_data(combo, value) -> None:
    combo.setCurrentIndex(combo.findData(value))


def test_small_branch_becomes_joint_and_the_finding_goes(qtbot, page, street, db):
    page.select_org(street["community"])
    wait_detail(qtbot, page, street["community"])
    dialog = page.new_org()
    assert dialog.parent_org.currentData() == street["community"]
    dialog.name.setText("朝阳新村小区党支部")
    select_data(dialog.kind, "branch")
    select_data(dialog.domain, "residential")
    dialog.formal.setValue(2)
    dialog.probationary.setValue(1)
    org_id = submit(qtbot, dialog)

    detail = wait_detail(qtbot, page, org_id)
    assert detail.path == "湘龙街道党工委 / 朝阳社区党委 / 朝阳新村小区党支部"
    assert "org.min_formal_members" in rules(page)
    badges = page.model.data(page.model.index_of(org_id), BadgesRole)
    assert ("error", 1) in badges
    assert page.tabs.tabText(4).startswith("提示（")

    dialog = page.edit_org()
    select_data(dialog.formation, "joint")
    submit(qtbot, dialog)
    wait_detail(qtbot, page, org_id, lambda d: d.formation == "joint")
    assert "org.min_formal_members" not in rules(page)
    assert "org.joint_units_missing" in rules(page)
    assert page.tabs.units_button.isEnabled()

    page.tabs.edit_units.emit()
    units = page.last_dialog
    units.table.add_row(["长沙祥泰商贸有限公司", CODES[0], "刘建华", "13900000001", "2"])
    units.table.add_row(["湖南湘龙电子科技有限公司", CODES[1], "陈晓燕", "13900000002", "1"])
    submit(qtbot, units)
    wait_detail(qtbot, page, org_id, lambda d: len(d.units) == 2)
    assert not {"org.min_formal_members", "org.joint_units_missing"} & rules(page)
    assert page.tabs.units.item(1, 1).text() == CODES[1]
    assert ("error", 1) not in page.model.data(page.model.index_of(org_id), BadgesRole)


def test_invalid_credit_code_keeps_the_dialog_open_and_writes_nothing(qtbot, page, street, db):
    with db.write() as s:
        org = s.get(Organisation, street["old"])
        org.formation = "joint"
    page.select_org(street["old"])
    wait_detail(qtbot, page, street["old"])
    page.tabs.edit_units.emit()
    dialog = page.last_dialog
    dialog.table.add_row(["长沙祥泰商贸有限公司", CODES[0][:-1] + ("1" if CODES[0][-1] == "0" else "0"), "", "", ""])
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text().startswith("统一社会信用代码：长沙祥泰商贸有限公司")
    assert dialog.isVisible()
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(OrgUnit)) == 0


def test_empty_name_is_refused_in_the_dialog(qtbot, page, db):
    dialog = page.new_org()
    dialog.name.setText("  ")
    dialog.submit()
    assert dialog.error.text() == "名称：不能为空"
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 3


def test_revoke_and_restore(qtbot, page, street, db):
    page.select_org(street["old"])
    wait_detail(qtbot, page, street["old"])
    dialog = page.revoke_org()
    dialog.doc_no.setText("湘龙党工发〔2026〕8号")
    dialog.reason.setPlainText("片区拆迁，党员转入其他支部")
    submit(qtbot, dialog)
    wait_detail(qtbot, page, street["old"], lambda d: d.status == "revoked")
    assert page.heading.text() == "朝阳社区第一党支部（已撤销）"
    assert page.actions["restore"].isEnabled() and not page.actions["edit"].isEnabled()
    assert page.tabs.isEnabled() and not any(b.isEnabled() for b in page.tabs.edit_buttons)
    source = page.model.index_of(street["old"])
    assert not page.proxy.mapFromSource(source).isValid()  # hidden until 显示已撤销
    page.show_revoked.setChecked(True)
    assert page.proxy.mapFromSource(source).data() == "朝阳社区第一党支部（已撤销）"

    page.restore_now()
    wait_detail(qtbot, page, street["old"], lambda d: d.status == "active")
    with db.read() as s:
        org = s.get(Organisation, street["old"])
        assert (org.status, org.revoked_on, org.revoked_doc_no) == ("active", None, "")


def test_filter_keeps_ancestors_of_matches(qtbot, page, street, db):
    with db.write() as s:
        create_org(s, OrgFields("第二党支部", "branch", street["community"]))
    page.reload()
    qtbot.waitUntil(lambda: len(page.rows) == 4)
    assert page.proxy.rowCount(page.proxy.index(0, 0, page.proxy.index(0, 0))) == 2
    page.filter.setText("第一党支部")
    qtbot.waitUntil(lambda: page.proxy.rowCount(page.proxy.index(0, 0, page.proxy.index(0, 0))) == 1)
    root = page.proxy.index(0, 0)
    assert root.data() == "湘龙街道党工委"
    community = page.proxy.index(0, 0, root)
    assert community.data() == "朝阳社区党委"
    assert page.proxy.rowCount(community) == 1
    page.filter.setText("星沙")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 0)


def test_term_reminders_list_the_overdue_term(qtbot, page, street):
    dialog = page.show_reminders()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1)
    assert dialog.table.item(0, 5).text() == "逾期未换届"
    assert dialog.summary.text() == "逾期未换届 1 个，即将到期 0 个。"


def test_election_with_more_winners_than_seats_is_refused(qtbot, page, street, db):
    page.select_org(street["community"])
    wait_detail(qtbot, page, street["community"])
    page.tabs.add_election.emit()
    dialog = page.last_dialog
    dialog.eligible.setValue(40)
    dialog.present.setValue(36)
    dialog.seats.setValue(3)
    for number in range(4):
        dialog.candidates.add_row([f"候选人{number}", "30", "是"])
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "当选人：当选4人，多于应选名额3名"
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Election)) == 0
    dialog.candidates.item(3, 2).setCheckState(Qt.CheckState.Unchecked)
    submit(qtbot, dialog)
    detail = wait_detail(qtbot, page, street["community"], lambda d: len(d.elections) == 1)
    assert detail.terms[0].started_on == date.today() and detail.elections[0].seats == 3


def test_move_a_branch_to_another_community(qtbot, page, street, db):
    with db.write() as s:
        nanshi = create_org(s, OrgFields("南市社区党委", "party_committee", street["root"])).id
    page.reload()
    qtbot.waitUntil(lambda: len(page.rows) == 4)
    page.select_org(street["old"])
    wait_detail(qtbot, page, street["old"])
    dialog = page.move_org()
    assert dialog.target.findData(street["old"]) == -1  # never into itself
    select_data(dialog.target, nanshi)
    submit(qtbot, dialog)
    detail = wait_detail(qtbot, page, street["old"], lambda d: d.parent_id == nanshi)
    assert detail.path == "湘龙街道党工委 / 南市社区党委 / 朝阳社区第一党支部"


@pytest.mark.parametrize(("value", "page"), [(None, "today"), (date(2021, 6, 1), (2021, 6))])
def test_empty_date_opens_the_calendar_on_this_month(qtbot, app, value, page):
    from PySide6.QtCore import QDate, QPoint
    from PySide6.QtTest import QTest

    from dangjian.ui.dialogs.org_form import OptionalDateEdit

    edit = OptionalDateEdit(value)
    qtbot.addWidget(edit)
    edit.resize(160, 28)
    edit.show()
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 6, edit.height() // 2))
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = QDate.currentDate()
    assert (calendar.yearShown(), calendar.monthShown()) == ((today.year(), today.month()) if page == "today" else page)
    assert edit.value() == value  # opening the calendar picks nothing
    calendar.window().close()
