"""培训 page: keyboard-only attendance entry for a course, and the reusable sheet widget on its own."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from dangjian.core.training import courses as training
from dangjian.core.training import stats as training_stats
from dangjian.core.training.attendance import AttendanceMark, AttendeeRow
from dangjian.core.training.courses import CourseData
from dangjian.ui.operations import wait_for_idle
from dangjian.ui.widgets.attendance_sheet import STATUS_COLUMN, AttendanceSheet
from training_world import build_world

YEAR = date.today().year


@pytest.fixture
def course(db):
    with db.write() as session:
        world = build_world(session, YEAR)
        course = training.create_course(session, CourseData(
            "社区党员集中轮训班", "集中轮训班", date(YEAR, 3, 3), date(YEAR, 3, 3), "8", place="党群服务中心"))
        training.enrol_by_org(session, course.id, world.orgs["朝阳社区党委"])
        return course.id, world


def press(qtbot, widget, key, times=1, modifier=Qt.KeyboardModifier.NoModifier):
    for _ in range(times):
        qtbot.keyClick(widget, key, modifier)


def test_keyboard_only_attendance_entry(qtbot, window, db, course):
    course_id, _world = course
    page = window.show_page("training")
    tab = page.courses
    qtbot.waitUntil(lambda: tab.sheet.model.rowCount() == 7, timeout=10_000)
    view = tab.sheet.view
    view.setFocus()
    names = [tab.sheet.model.attendee(r).name for r in range(7)]
    assert view.currentIndex().row() == 0 and view.currentIndex().column() == STATUS_COLUMN

    press(qtbot, view, Qt.Key.Key_Space)  # row 0: 出勤
    press(qtbot, view, Qt.Key.Key_Down)
    press(qtbot, view, Qt.Key.Key_Space, 2)  # row 1: 请假
    press(qtbot, view, Qt.Key.Key_Down)
    press(qtbot, view, Qt.Key.Key_Space, 3)  # row 2: 缺勤
    press(qtbot, view, Qt.Key.Key_Down)
    qtbot.keyClicks(view, "4")  # row 3: partial 学时, opens the editor with "4"
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "4"
    qtbot.keyClicks(editor, ".5")
    press(qtbot, editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    press(qtbot, view, Qt.Key.Key_Down)
    qtbot.keyClicks(view, "9")  # row 4: more than the course's 8 学时 is refused on the spot
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)  # commits are queued
    assert "超过本次学时 8" in tab.sheet.message.text()
    assert tab.save_button.isEnabled()
    assert tab.sheet.counts.text().startswith("应到 7　出勤 2　请假 1　缺勤 1")

    press(qtbot, view, Qt.Key.Key_S, modifier=Qt.KeyboardModifier.ControlModifier)  # 保存出勤
    qtbot.waitUntil(lambda: not tab.save_button.isEnabled(), timeout=10_000)
    wait_for_idle()
    with db.read() as session:
        stored = {r.name: (r.status, r.credited_tenths) for r in training.attendees(session, course_id)}
    assert [stored[n] for n in names[:5]] == [("present", 80), ("leave", 0), ("absent", 0), ("present", 45),
                                              ("pending", 0)]


def test_hours_tab_shows_members_and_their_history(qtbot, window, db, course):
    course_id, world = course
    with db.write() as session:
        training.record_attendance(session, course_id, [AttendanceMark(world.members["王党员"], "present")])
    page = window.show_page("training")
    page.tabs.setCurrentWidget(page.hours)
    hours = page.hours
    qtbot.waitUntil(lambda: hours.members.total == 9, timeout=10_000)
    assert "统计 9 人" in hours.summary.text()
    row = next(r for r in range(hours.members.rowCount()) if hours.members.row_at(r).name == "王党员")
    hours.members_view.selectRow(row)
    qtbot.waitUntil(lambda: hours.history.total == 1, timeout=10_000)
    assert "已获 8 / 要求 32 学时" in hours.history_title.text()
    hours.short_only.setChecked(True)
    qtbot.waitUntil(lambda: hours.members.total == 9, timeout=10_000)  # 8 学时 is still short
    with db.read() as session:
        assert len(training_stats.shortfall_list(session, YEAR)) == 9


def test_sheet_widget_works_without_any_course(qtbot):
    sheet = AttendanceSheet(status_labels={"pending": "未登记", "present": "出席", "leave": "请假", "absent": "缺席"})
    qtbot.addWidget(sheet)
    rows = [AttendeeRow(i, f"参会人{i}", "朝阳社区党委", "123X", "pending", 0) for i in range(1, 301)]
    sheet.load(rows, 20)
    emitted = []
    sheet.edited.connect(emitted.append)
    sheet.show()
    sheet.view.setFocus()
    press(qtbot, sheet.view, Qt.Key.Key_End, modifier=Qt.KeyboardModifier.ControlModifier)
    press(qtbot, sheet.view, Qt.Key.Key_Space, 2)
    assert emitted[-1] == [AttendanceMark(300, "leave", None, "")]
    sheet.find.setText("参会人150")
    press(qtbot, sheet.find, Qt.Key.Key_Return)
    assert sheet.view.currentIndex().row() == 149
    press(qtbot, sheet.view, Qt.Key.Key_Space)
    press(qtbot, sheet.view, Qt.Key.Key_Delete)  # back to the full 学时
    assert [m.member_id for m in sheet.edited_marks()] == [150, 300]
    assert sheet.counts.text() == "应到 300　出席 1　请假 1　缺席 0　未登记 298"
    sheet.load(rows, 0)  # a meeting that credits no 学时: the column is hidden
    assert sheet.view.isColumnHidden(5)


def test_course_dialog_shows_the_refusal_then_saves(qtbot, window, db):
    from PySide6.QtWidgets import QDialog

    from dangjian.ui.dialogs.course_dialog import CourseDialog

    page = window.show_page("training")
    dialog = CourseDialog(page.courses, [])
    qtbot.addWidget(dialog)
    dialog.title.setText("社区书记集中培训班")
    dialog.hours.setText("9")  # a one-day course holds at most 8 学时
    dialog.save()
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=10_000)
    assert dialog.error.text() == "学时：9 超过培训时长（1天 × 8学时 = 8学时）"
    dialog.hours.setText("半天")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    with db.read() as session:
        (course,) = training.list_courses(session)
    assert (course.id, course.title, course.hours_tenths) == (dialog.saved_id, "社区书记集中培训班", 40)


def test_edit_opens_the_course_in_the_dialog(qtbot, window, course, monkeypatch):
    from dangjian.ui.dialogs.course_dialog import CourseDialog

    opened = []
    monkeypatch.setattr(CourseDialog, "exec", lambda self: opened.append((self.title.text(), self.hours.text())))
    page = window.show_page("training")
    qtbot.waitUntil(lambda: page.courses.sheet.model.rowCount() == 7, timeout=10_000)
    page.courses.edit_course()
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    assert opened == [("社区党员集中轮训班", "8")]


def test_enrol_dialog_by_org_and_by_name(qtbot, window, db, course):
    from PySide6.QtWidgets import QDialog

    from dangjian.core.training import stats
    from dangjian.ui.dialogs.course_enrol import CourseEnrolDialog

    course_id, world = course
    page = window.show_page("training")
    with db.read() as session:
        orgs = stats.org_tree(session)
    dialog = CourseEnrolDialog(page.courses, course_id, "社区党员集中轮训班", orgs)
    qtbot.addWidget(dialog)
    dialog.by_org.setChecked(True)
    dialog.org.setCurrentIndex(dialog.org.findData(world.orgs["星沙科技党支部"]))
    dialog.save()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
    assert dialog.added == 2

    by_name = CourseEnrolDialog(page.courses, course_id, "社区党员集中轮训班", orgs)
    qtbot.addWidget(by_name)
    by_name.search.setText("郑")
    by_name._search()
    qtbot.waitUntil(lambda: by_name.found.count() == 1, timeout=10_000)
    assert by_name.found.item(0).text().startswith("郑党员（星沙科技党支部，尾号")
    by_name.save()  # nothing ticked
    assert by_name.error.text() == "请先查找并勾选要报名的党员"
    with db.read() as session:
        assert len(training.attendees(session, course_id)) == 9
