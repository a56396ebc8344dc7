"""党费 page: the month grid, batch entry for selected members, and a refused batch that writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from sqlalchemy import func, select

from dangjian.core.dues import ledger
from dangjian.core.members.roster import add_member
from dangjian.core.models import DuesPayment
from dangjian.ui.dialogs.dues_payment import BatchMonth, PaymentDialog
from dangjian.ui.models.dues_grid import FIRST_MONTH_COLUMN, StateRole
from dangjian.ui.operations import wait_for_idle
from member_helpers import make_orgs, member_input

YEAR = date.today().year - 1  # a past year: every month is due
MARCH = FIRST_MONTH_COLUMN + 2


@pytest.fixture
def world(db):
    with db.write() as session:
        orgs = make_orgs(session)
        ids = [add_member(session, member_input(orgs["first"], n, name=name), today=date(YEAR, 1, 1)).id
               for n, name in enumerate(("张伟", "李娜", "王芳"), start=1)]
        ledger.set_base(session, ids[0], YEAR, income_fen=400_000, basis="working")  # 40.00 元 a month
        ledger.set_base(session, ids[1], YEAR, income_fen=0, basis="fixed")  # 0.20 元
    return orgs, ids


def open_page(qtbot, window):
    page = window.show_page("dues")
    page.year.setValue(YEAR)
    qtbot.waitUntil(lambda: page.data is not None and page.data.year == YEAR and page.model.rowCount() == 3,
                    timeout=10_000)
    return page


def row_of(page, name):
    return next(r for r in range(page.model.rowCount()) if page.model.row_at(r).name == name)


def cell(page, name, column):
    return page.model.index(row_of(page, name), column)


def select_members(page, *names):
    selection = page.view.selectionModel()
    selection.clearSelection()
    for name in names:
        selection.select(page.model.index(row_of(page, name), 0),
                         QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)


def payments(db):
    with db.read() as session:
        return session.execute(select(DuesPayment.member_id, DuesPayment.first_month, DuesPayment.amount_fen)
                               .order_by(DuesPayment.member_id)).all()


def test_grid_shows_unpaid_then_batch_entry_records_the_amount_due(qtbot, window, db, world):
    _orgs, (zhang, li, _wang) = world
    page = open_page(qtbot, window)
    march = cell(page, "张伟", MARCH)
    assert march.data() == "未交" and march.data(StateRole) == "due"
    assert cell(page, "张伟", FIRST_MONTH_COLUMN - 1).data() == "40.00"
    assert cell(page, "王芳", FIRST_MONTH_COLUMN - 1).data() == "未核定"
    assert page.summary.text() == "人数 3　应交合计 ¥482.40　实交合计 ¥0.00　有欠交 3 人"

    select_members(page, "张伟", "李娜")
    assert sorted(page.selected_member_ids()) == sorted([zhang, li])
    page.record_month(page.selected_member_ids(), BatchMonth(3, date(YEAR, 3, 20), "wechat"))
    qtbot.waitUntil(lambda: cell(page, "张伟", MARCH).data() == "40.00", timeout=10_000)
    assert cell(page, "张伟", MARCH).data(StateRole) == "paid"
    assert cell(page, "李娜", MARCH).data() == "0.20"
    assert cell(page, "王芳", MARCH).data() == "未交"
    assert cell(page, "张伟", FIRST_MONTH_COLUMN + 3).data() == "未交"  # April is still owed
    assert "实交合计 ¥40.20" in page.summary.text()
    assert sorted(payments(db)) == sorted([(zhang, 3, 4_000), (li, 3, 20)])


def test_refused_batch_shows_the_reason_and_writes_nothing(qtbot, window, db, world, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    page = open_page(qtbot, window)
    select_members(page, "张伟", "王芳")  # 王芳 has no base for the year
    page.record_month(page.selected_member_ids(), BatchMonth(3, date(YEAR, 3, 20), "cash"))
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    wait_for_idle()
    assert "尚未核定" in shown[0] and "王芳" in shown[0]
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(DuesPayment)) == 0
    assert cell(page, "张伟", MARCH).data() == "未交"


def test_enter_on_an_unpaid_month_opens_payment_with_the_amount_due(qtbot, window, world, monkeypatch):
    monkeypatch.setattr(PaymentDialog, "open", lambda self: None)
    page = open_page(qtbot, window)
    page.view.setFocus()
    page.view.setCurrentIndex(cell(page, "张伟", MARCH))
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, PaymentDialog)
    assert (dialog.first.value(), dialog.last.value(), dialog.amount.text()) == (3, 3, "40.00")
    dialog.last.setValue(5)
    assert dialog.amount.text() == "120.00"
    assert not dialog.reason.isEnabled()
    dialog.back_pay.setChecked(True)
    assert dialog.reason.isEnabled() and dialog.approved_by.isEnabled()
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).text() == "确定"


def test_base_dialog_shows_the_monthly_amount_and_voiding_a_payment_reopens_the_month(qtbot, window, db, world,
                                                                                      monkeypatch):
    from PySide6.QtWidgets import QDialog, QMessageBox

    from dangjian.ui.dialogs.dues_base import BaseDialog

    _orgs, (zhang, _li, _wang) = world
    monkeypatch.setattr(QDialog, "open", lambda self: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    page = open_page(qtbot, window)
    page.view.setCurrentIndex(cell(page, "王芳", 0))
    page.open_base()
    dialog = page.dialog
    assert isinstance(dialog, BaseDialog)
    dialog.basis.setCurrentIndex(dialog.basis.findData("working"))
    dialog.income.setText("5001")
    assert dialog.monthly.text() == "¥75.02"  # 1.5% above 5000 元
    dialog.save()
    qtbot.waitUntil(lambda: cell(page, "王芳", FIRST_MONTH_COLUMN - 1).data() == "75.02", timeout=10_000)

    with db.write() as session:
        ledger.record_payment(session, ledger.PaymentInput(zhang, YEAR, 3, 3, 4_000, date(YEAR, 3, 1)))
    page.reload()
    qtbot.waitUntil(lambda: cell(page, "张伟", MARCH).data() == "40.00", timeout=10_000)
    page.view.setCurrentIndex(cell(page, "张伟", 0))
    records = page.open_payments()
    qtbot.waitUntil(lambda: len(records.rows) == 1, timeout=10_000)
    records.table.selectRow(0)
    records.void_current()
    qtbot.waitUntil(lambda: cell(page, "张伟", MARCH).data() == "未交", timeout=10_000)
    qtbot.waitUntil(lambda: records.table.item(0, 6).text() == "已作废", timeout=10_000)
    with db.read() as session:
        assert session.scalar(select(DuesPayment.voided_at)) is not None


def test_base_import_asks_for_the_year_and_the_dues_page_follows(qtbot, window, db, world, tmp_path):
    from dangjian.ui.dialogs.import_preview import ImportPreviewDialog
    from member_helpers import make_id, save_sheet

    page = open_page(qtbot, window)
    sheet = save_sheet(tmp_path, [["姓名", "公民身份号码", "月收入"], ["王芳", make_id(3), "5000"]], "基数.xlsx")
    dialog = ImportPreviewDialog(window, window.ctx, "dues-bases")
    assert dialog.year is not None
    dialog.year.setValue(YEAR)
    dialog.load_file(sheet)
    qtbot.waitUntil(lambda: dialog.result is not None and dialog.result.ok, timeout=10_000)
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.imported is not None, timeout=10_000)
    qtbot.waitUntil(lambda: cell(page, "王芳", FIRST_MONTH_COLUMN - 1).data() == "50.00", timeout=10_000)


def test_reports_page_offers_month_and_remittance_only_where_the_kind_takes_them(qtbot, window, db, world):
    orgs, (zhang, _li, _wang) = world
    with db.write() as session:
        ledger.record_payment(session, ledger.PaymentInput(zhang, YEAR, 1, 1, 4_000, date(YEAR, 1, 9)))
        remittance = ledger.remit(session, ledger.RemittanceInput(orgs["root"], date(YEAR, 1, 31),
                                                                  date(YEAR, 2, 1), "县委组织部")).id
    page = window.show_page("reports")
    labels = {page.list.item(i).data(Qt.ItemDataRole.UserRole): i for i in range(page.list.count())}
    page.list.setCurrentRow(labels["dues"])
    page.month.setCurrentIndex(page.month.findData(1))
    assert page.month.isEnabled() and not page.remittance.isEnabled()
    assert (page.options().month, page.options().remittance_id) == (1, None)
    page.list.setCurrentRow(labels["dues-remittance"])
    assert page.remittance.isEnabled() and not page.month.isEnabled()
    assert page.remittance.currentData() == remittance and "县委组织部" in page.remittance.currentText()
    assert (page.options().month, page.options().remittance_id) == (None, remittance)
