"""活动 page: create from a template, attendance by keyboard, request → approve → 报销, print preview."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from activity_world import build
from dangjian.core.activities.attendance import counts_for
from dangjian.core.models import Activity, Expenditure
from dangjian.ui.dialogs.activity_new import NewActivityDialog
from dangjian.ui.dialogs.pdf_preview import PdfPreviewDialog
from dangjian.ui.operations import wait_for_idle
from dangjian.ui.widgets.attendance_sheet import STATUS_COLUMN


@pytest.fixture
def world(db):
    with db.write() as session:
        return build(session)


def press(qtbot, widget, key, times=1):
    for _ in range(times):
        qtbot.keyClick(widget, key)


def test_template_attendance_funds_and_print(qtbot, window, db, world, monkeypatch):
    branch = world.orgs["朝阳社区第一党支部"]

    def choose_template(dialog: NewActivityDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData("theme_day"))
        dialog.org.setCurrentIndex(dialog.org.findData(branch))
        dialog.from_template()
        return 1

    monkeypatch.setattr(NewActivityDialog, "exec", choose_template)
    page = window.show_page("activities")
    qtbot.waitUntil(lambda: page.editor is not None, timeout=10_000)
    page.new_activity()
    wait_for_idle()
    with db.read() as session:
        activity = session.scalars(select(Activity)).one()
        activity_id, title = activity.id, activity.title
        assert title == f"{date.today().month}月主题党日" and len(activity.agenda) == 3
    page.show_activity(activity_id)
    qtbot.waitUntil(lambda: page.sheet.model.rowCount() == 4, timeout=10_000)
    assert page.editor.title.text() == title

    view = page.sheet.view
    view.setFocus()
    view.setCurrentIndex(page.sheet.model.index(0, STATUS_COLUMN))
    press(qtbot, view, Qt.Key.Key_Space)  # 出席
    press(qtbot, view, Qt.Key.Key_Down)
    press(qtbot, view, Qt.Key.Key_Space, 2)  # 请假
    page.save_attendance()
    wait_for_idle()
    with db.read() as session:
        counts = counts_for(session, activity_id)
    assert (counts.expected, counts.present, counts.leave, counts.pending) == (4, 1, 1, 2)

    funds = page.funds
    funds.requested.setText("1,200")
    funds.plan.setText("重温入党誓词，集中学习，志愿服务")
    funds.submit_request()
    wait_for_idle()
    funds.approver.setText("支部书记")
    funds.approved.setText("1000")
    funds.submit_approval()
    wait_for_idle()
    funds.amount.setText("860")
    funds.purpose.setText("学习资料")
    funds.voucher.setText("记-001")
    funds.submit_expense()
    wait_for_idle()
    with db.read() as session:
        row = session.scalars(select(Expenditure)).one()
        assert (row.activity_id, row.amount_fen, row.voucher_no) == (activity_id, 86000, "记-001")
    qtbot.waitUntil(lambda: "结余 <b>¥140.00</b>" in funds.summary.text(), timeout=10_000)

    page.print_pack()
    wait_for_idle()
    qtbot.waitUntil(lambda: any(isinstance(w, PdfPreviewDialog) for w in QApplication.topLevelWidgets()
                                if w.isVisible()), timeout=15_000)
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, PdfPreviewDialog):
            widget.close()


def test_expense_beyond_approval_shows_the_reason_and_books_nothing(qtbot, window, db, world, monkeypatch):
    from activity_world import education_id
    from dangjian.core.activities.funds import approve_funds, request_funds
    from dangjian.core.activities.records import create_activity, from_template

    with db.write() as session:
        activity = create_activity(session, from_template("theme_day", [world.orgs["朝阳社区第一党支部"]],
                                                          date.today()))
        request_funds(session, activity.id, category_id=education_id(session), amount="300", plan="方案")
        approve_funds(session, activity.id, approver="书记", approved_on=date.today(), amount="300",
                      level="branch")
        activity_id = activity.id
    shown = []
    monkeypatch.setattr("dangjian.ui.operations.QMessageBox.warning",
                        lambda _parent, _title, text: shown.append(text))
    page = window.show_page("activities")
    qtbot.waitUntil(lambda: page.editor is not None, timeout=10_000)
    page.show_activity(activity_id)
    qtbot.waitUntil(lambda: page.funds.activity_id == activity_id, timeout=10_000)
    page.funds.amount.setText("300.01")
    page.funds.purpose.setText("超支")
    page.funds.submit_expense()
    wait_for_idle()
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "将超过批准金额 ¥300.00" in shown[0]
    with db.read() as session:
        assert session.scalars(select(Expenditure)).first() is None


def test_attachments_add_open_and_a_missing_file(qtbot, window, db, world, monkeypatch, tmp_path):
    from activity_world import make
    from dangjian.paths import attachments_dir_for

    with db.write() as session:
        activity_id = make(session, world)
    scan = tmp_path / "签到册.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    monkeypatch.setattr("dangjian.ui.panels.activity_attachments.QFileDialog.getOpenFileNames",
                        lambda *_args: ([str(scan)], ""))
    opened, warned = [], []
    monkeypatch.setattr("dangjian.ui.operations.files.QDesktopServices.openUrl",
                        lambda url: opened.append(url.toLocalFile()))
    monkeypatch.setattr("dangjian.ui.operations.QMessageBox.warning", lambda _p, _t, text: warned.append(text))
    page = window.show_page("activities")
    qtbot.waitUntil(lambda: page.editor is not None, timeout=10_000)
    page.show_activity(activity_id)
    panel = page.attachments
    qtbot.waitUntil(lambda: panel.activity_id == activity_id, timeout=10_000)
    panel.kind.setCurrentIndex(panel.kind.findData("signin"))
    panel.add()
    wait_for_idle()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10_000)
    assert panel.table.item(0, 0).text() == "签到册" and panel.table.item(0, 4).text() == "正常"
    panel.table.selectRow(0)
    panel.open_selected()
    wait_for_idle()
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    stored = next(p for p in attachments_dir_for(db.path).rglob("*") if p.is_file())
    assert opened == [str(stored)] and stored.read_bytes() == b"%PDF-1.4 scan"
    stored.unlink()
    page.show_activity(activity_id)
    qtbot.waitUntil(lambda: panel.table.item(0, 4).text() == "文件已丢失", timeout=10_000)
    panel.table.selectRow(0)
    panel.open_selected()
    wait_for_idle()
    qtbot.waitUntil(lambda: bool(warned), timeout=10_000)
    assert "签到册.pdf" in warned[0] and "已丢失" in warned[0]
