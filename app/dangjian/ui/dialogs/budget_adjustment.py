"""预算调整: 追加 or 调减 one line with reason, date and 文号; the chosen line's adjustments are listed
and a mistaken one can be 撤销 (the removal is audited like every other write)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QWidget

from ...core.budgets.yearly import add_adjustment, adjustments_of, remove_adjustment
from ...core.common.money import format_yuan
from ..operations import write_op
from ..widgets.controls import date_edit, date_of, push_button
from .budget_expenditure import category_combo, combo_value, org_combo
from .budget_form import FormDialog


class AdjustmentDialog(FormDialog):
    def __init__(self, parent: QWidget | None, ctx, *, year: int, orgs: list[tuple[int, str]],
                 categories: list[tuple[int, str]], org_id: int | None = None, category_id: int | None = None):
        super().__init__(parent, ctx, f"{year}年预算调整")
        self.year = year
        self.org = org_combo(orgs, org_id)
        self.category = category_combo(categories, category_id)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("追加填正数，调减填负数，如 5000 或 -2,000")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("如：追加老旧小区改造配套资金")
        self.adjusted_on = date_edit(date.today() if date.today().year == year else date(year, 1, 1))
        self.doc_no = QLineEdit()
        self.doc_no.setPlaceholderText(f"批准文号，如 湘龙党工委〔{year}〕12号")
        self.history = QListWidget()
        self.history.setMaximumHeight(90)
        self.undo_button = push_button("撤销所选调整", self.remove_selected)
        for label, widget in [("党组织", self.org), ("经费类别", self.category), ("调整金额（元）", self.amount),
                              ("调整原因", self.reason), ("调整日期", self.adjusted_on), ("文号", self.doc_no),
                              ("该项已有调整", self.history), ("", self.undo_button)]:
            self.form.addRow(label, widget)
        self.org.currentIndexChanged.connect(lambda _i: self.load_history())
        self.category.currentIndexChanged.connect(lambda _i: self.load_history())
        self.load_history()
        self.resize(620, self.sizeHint().height())

    def load_history(self) -> None:
        """The chosen line's adjustments (a handful of rows, read on the GUI thread)."""
        self.history.clear()
        org, category = combo_value(self.org), self.category.currentData()
        if org is None or category is None:
            return
        with self.ctx.db.read() as session:
            for item in adjustments_of(session, self.year, org, category):
                doc = f"（{item.doc_no}）" if item.doc_no else ""
                text = f"{item.adjusted_on:%Y-%m-%d}　{format_yuan(item.amount_fen)}　{item.reason}{doc}"
                row = QListWidgetItem(text)
                row.setData(Qt.ItemDataRole.UserRole, item.id)
                self.history.addItem(row)
        self.undo_button.setEnabled(self.history.count() > 0)

    def remove_selected(self) -> None:
        item = self.history.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(self, "撤销预算调整", f"撤销这笔调整？\n{item.text()}")
        if answer == QMessageBox.StandardButton.Yes:
            adjustment_id = item.data(Qt.ItemDataRole.UserRole)
            write_op(self, lambda s: remove_adjustment(s, adjustment_id), {"budgets"},
                     undo_text="撤销预算调整").success(
                lambda _r: self.load_history()).failure(
                lambda error: self.show_error(str(error))).run_in_background()

    def save(self) -> None:
        year, org, category = self.year, combo_value(self.org), self.category.currentData()
        if org is None:
            self.show_error("党组织：请从列表中选择")
            return
        amount, reason, day, doc = self.amount.text(), self.reason.text(), date_of(self.adjusted_on), self.doc_no.text()
        self.run_write(lambda s: add_adjustment(s, year, org, category, amount, reason, day, doc).id, {"budgets"})
