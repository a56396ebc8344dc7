"""经费 page: change a standard, regenerate through the diff dialog, add an expenditure, see 执行率 move."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from core.budget_helpers import standard_setup
from dangjian.core.budgets import yearly as budgets
from dangjian.core.budgets.execution import execution_summary
from dangjian.core.models import BudgetLine
from dangjian.ui.dialogs.budget_standard import StandardDialog
from dangjian.ui.models.budget_grid import KeyRole

YEAR = date.today().year


@pytest.fixture
def page(qtbot, window, db):
    with db.write() as session:
        orgs = standard_setup(session, YEAR)
        budgets.generate_budgets(session, YEAR)
        ids = {k: v.id for k, v in orgs.items() if k != "ids"} | {"cat": orgs["ids"]}
    page = window.show_page("budgets")
    qtbot.waitUntil(lambda: page.data is not None and page.grid_model.rowCount() > 0)
    page.ids = ids
    return page


def click_ok(dialog) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def cell(page, org_id: int, category_id: int):
    model = page.grid_model
    for row in range(model.rowCount()):
        for column in range(1, model.columnCount()):
            index = model.index(row, column)
            if index.data(KeyRole) == (org_id, category_id):
                return index
    raise AssertionError("cell not in grid")


def test_change_standard_regenerate_and_accept_the_diff(qtbot, page, db):
    operating = page.ids["cat"]["operating"]
    page.tabs.setCurrentWidget(page.standards)
    row = next(i for i, (cid, *_rest) in enumerate(page.standards.rows) if cid == operating)
    page.standards.table.selectRow(row)
    page.standards.edit_selected()
    dialog = page.standards.findChild(StandardDialog)
    assert dialog is not None and dialog.per_org.text() == "200000.00"
    dialog.per_org.setText("25万")
    dialog.county.setValue(70)
    assert dialog.street.value() == 30  # the shares always add to 100
    click_ok(dialog)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted)

    page.regenerate()
    qtbot.waitUntil(lambda: getattr(page, "diff_dialog", None) is not None and page.diff_dialog.isVisible())
    diff_dialog = page.diff_dialog
    model = diff_dialog.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert ["变更", "朝阳社区党委", "社区运转经费", "¥200,000.00", "¥250,000.00", "", "¥200,000.00",
            "¥250,000.00", ""] in rows
    assert len(rows) == 2  # only the two community 运转经费 lines changed
    click_ok(diff_dialog)

    chaoyang = page.ids["chaoyang"]
    qtbot.waitUntil(lambda: page.data.summary.line(chaoyang, operating).budget == 250_000_00)
    page.metric.setCurrentIndex(page.metric.findData("budget"))
    assert cell(page, chaoyang, operating).data() == "¥250,000.00"
    assert cell(page, chaoyang, operating).data(Qt.ItemDataRole.ToolTipRole).count("县级承担 ¥175,000.00") == 1
    with db.read() as session:
        line = session.scalars(select(BudgetLine).where(BudgetLine.org_id == chaoyang,
                                                        BudgetLine.category_id == operating)).one()
        assert (line.standard_fen, line.county_share_pct) == (250_000_00, 70)


def test_add_expenditure_updates_rate_and_ledger_totals(qtbot, page, db):
    chaoyang, education = page.ids["chaoyang"], page.ids["cat"]["education"]
    index = cell(page, chaoyang, education)
    assert index.data() == "0.0%"  # budget 30 × ¥300, nothing spent
    page.grid.setCurrentIndex(index)
    dialog = page.add_expenditure()
    assert dialog.org.currentData() == chaoyang and dialog.category.currentData() == education
    dialog.amount.setText("2,250.00")
    click_ok(dialog)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text() == "用途：不能为空"  # refused in Chinese, dialog stays open
    dialog.purpose.setText("主题党日活动")
    dialog.voucher.setText("记-0001")
    click_ok(dialog)
    qtbot.waitUntil(lambda: cell(page, chaoyang, education).data() == "25.0%")
    assert page.ledger.totals.text() == "共 1 笔，合计支出 ¥2,250.00"
    with db.read() as session:
        assert execution_summary(session, YEAR).total.spent == 2250_00
    assert "已支出 ¥2,250.00" in page.totals.text()


def test_adjustment_raises_the_budget_and_can_be_undone(qtbot, page, db):
    company, education = page.ids["company"], page.ids["cat"]["education"]
    page.grid.setCurrentIndex(cell(page, company, education))
    dialog = page.adjust()
    assert dialog.history.count() == 0 and not dialog.undo_button.isEnabled()
    dialog.amount.setText("-2,000")
    dialog.reason.setText("调减")
    click_ok(dialog)
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert dialog.error.text().startswith("调整金额：调减后预算为负数")
    dialog.amount.setText("500.50")
    click_ok(dialog)
    qtbot.waitUntil(lambda: page.data.summary.line(company, education).budget == 1500_00 + 500_50)
    assert "标准额 ¥1,500.00（5 名党员） + 手工调整 ¥500.50 = 预算 ¥2,000.50" in page.detail.text()
    again = page.adjust()
    assert again.history.count() == 1 and "¥500.50" in again.history.item(0).text()


def test_rename_a_fund_category(qtbot, page, db, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from dangjian.core.models import FundCategory

    panel = page.standards
    education = page.ids["cat"]["education"]
    panel.table.selectRow(next(n for n, row in enumerate(panel.rows) if row[0] == education))
    asked = {}

    def answer(parent, title, label, text=""):
        asked["text"] = text
        return "党员教育培训经费", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    panel.rename_selected()
    qtbot.waitUntil(lambda: any(name == "党员教育培训经费" for _, name, _ in panel.rows))
    with db.read() as session:
        assert session.get(FundCategory, education).name == "党员教育培训经费"
    assert asked["text"] == "党员教育活动经费"  # the dialog starts from the current name
