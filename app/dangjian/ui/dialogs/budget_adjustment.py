"""预算调整: 追加 or 调减 one line with reason, date and 文号; the line's earlier adjustments are listed."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ...core.budgets import add_adjustment
from ...core.money import format_yuan
from .budget_expenditure import category_combo, combo_value, date_edit, date_of, org_combo
from .budget_form import FormDialog


class AdjustmentDialog(FormDialog):
    def __init__(self, parent: QWidget | None, ctx, *, year: int, orgs: list[tuple[int, str]],
                 categories: list[tuple[int, str]], org_id: int | None = None, category_id: int | None = None,
                 history: list[tuple[date, int, str, str]] = ()):
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
        for label, widget in [("党组织", self.org), ("经费类别", self.category), ("调整金额（元）", self.amount),
                              ("调整原因", self.reason), ("调整日期", self.adjusted_on), ("文号", self.doc_no)]:
            self.form.addRow(label, widget)
        if history:
            lines = "\n".join(f"{day:%Y-%m-%d}　{format_yuan(fen)}　{reason}{'（' + doc + '）' if doc else ''}"
                              for day, fen, reason, doc in history)
            earlier = QLabel(lines)
            earlier.setWordWrap(True)
            self.form.addRow("已有调整", earlier)
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        year, org, category = self.year, combo_value(self.org), self.category.currentData()
        if org is None:
            self.show_error("党组织：请从列表中选择")
            return
        amount, reason, day, doc = self.amount.text(), self.reason.text(), date_of(self.adjusted_on), self.doc_no.text()
        self.run_write(lambda s: add_adjustment(s, year, org, category, amount, reason, day, doc).id, {"budgets"})
