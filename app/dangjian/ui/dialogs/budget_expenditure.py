"""登记支出 / 修改支出: one ledger row, validated by core.ledger when saved."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ...core.budgets.ledger import ExpenditureInput, LedgerRow, record_expenditure, update_expenditure
from ...core.common.money import format_plain
from ..widgets.controls import date_edit, date_of, year_spin
from .budget_form import FormDialog


def org_combo(orgs: list[tuple[int, str]], current: int | None = None) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)  # type-ahead through long org lists
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for org_id, name in orgs:
        combo.addItem(name, org_id)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def combo_value(combo: QComboBox):
    """Data of the item whose text is typed in an editable combo; None for text not in the list."""
    index = combo.findText(combo.currentText().strip())
    return combo.itemData(index) if index >= 0 else None


def category_combo(categories: list[tuple[int, str]], current: int | None = None) -> QComboBox:
    combo = QComboBox()
    for category_id, name in categories:
        combo.addItem(name, category_id)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class ExpenditureDialog(FormDialog):
    def __init__(self, parent: QWidget | None, ctx, *, year: int, orgs: list[tuple[int, str]],
                 categories: list[tuple[int, str]], row: LedgerRow | None = None,
                 org_id: int | None = None, category_id: int | None = None):
        super().__init__(parent, ctx, "修改支出" if row else "登记支出")
        self.row = row
        today = date.today()
        default_day = today if today.year == year else date(year, 12, 31) if year < today.year else date(year, 1, 1)
        self.spent_on = date_edit(row.spent_on if row else default_day)
        self.org = org_combo(orgs, row.org_id if row else org_id)
        self.category = category_combo(categories, row.category_id if row else category_id)
        self.amount = QLineEdit(format_plain(row.amount) if row else "")
        self.amount.setPlaceholderText("元，如 1,234.50")
        self.purpose = QLineEdit(row.purpose if row else "")
        self.purpose.setPlaceholderText("如：主题党日活动、老旧小区改造")
        self.handler = QLineEdit(row.handler if row else "")
        self.voucher = QLineEdit(row.voucher_no if row else "")
        self.voucher.setPlaceholderText("会计凭证号，如 记-2026-0012")
        self.project = QLineEdit(row.project_name if row else "")
        self.budget_year = year_spin(year=row.budget_year if row else year)
        self.budget_year.setToolTip("通常与支出日期同年；跨年报销时可计入上一年度（会有提示）")
        for label, widget in [("支出日期", self.spent_on), ("党组织", self.org), ("经费类别", self.category),
                              ("金额（元）", self.amount), ("用途", self.purpose), ("经办人", self.handler),
                              ("凭证号", self.voucher), ("项目名称", self.project), ("计入预算年度", self.budget_year)]:
            self.form.addRow(label, widget)
        self.resize(460, self.sizeHint().height())

    def data(self) -> ExpenditureInput:
        return ExpenditureInput(
            spent_on=date_of(self.spent_on), org_id=combo_value(self.org), category_id=self.category.currentData(),
            amount=self.amount.text(), purpose=self.purpose.text(), handler=self.handler.text(),
            voucher_no=self.voucher.text(), budget_year=self.budget_year.value(),
            project_name=self.project.text())

    def save(self) -> None:
        data = self.data()
        if data.org_id is None:
            self.show_error("党组织：请从列表中选择")
            return
        row_id = self.row.id if self.row else None
        if row_id is None:
            self.run_write(lambda s: record_expenditure(s, data).id, {"budgets"})
        else:
            self.run_write(lambda s: update_expenditure(s, row_id, data).id, {"budgets"})
