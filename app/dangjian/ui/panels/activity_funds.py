"""经费 of one activity: request → approval → 报销 booked in the ledger, with 申请/批准/已报销/结余 at the top."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.activities import funds as activity_funds
from ...core.activities.funds import ExpenseInput, FundsSummary
from ...core.budgets.ledger import LedgerRow
from ...core.common.labels import APPROVAL_LEVELS
from ...core.common.money import format_yuan
from ..operations import write_op
from ..widgets.controls import date_edit, push_button

CHANGES = {"activities", "budgets"}


class ActivityFundsPanel(QWidget):
    def __init__(self, categories: list[tuple[int, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.activity_id: int | None = None
        self.summary = QLabel("该活动没有经费申请")
        self.summary.setWordWrap(True)
        self.category = QComboBox()
        for category_id, name in categories:
            self.category.addItem(name, category_id)
        self.requested, self.plan = QLineEdit(), QLineEdit()
        self.requested.setPlaceholderText("元，如 1,200")
        self.plan.setPlaceholderText("活动方案及预算说明")
        request = QGroupBox("经费申请")
        form = QFormLayout(request)
        form.addRow("经费类别", self.category)
        form.addRow("申请金额", self.requested)
        form.addRow("方案", self.plan)
        form.addRow("", push_button("提交申请", self.submit_request))
        self.approver, self.approved, self.opinion = QLineEdit(), QLineEdit(), QLineEdit("同意")
        self.approved_on = date_edit()
        self.level = QComboBox()
        for code in ("branch", "street"):
            self.level.addItem(APPROVAL_LEVELS[code], code)
        approval = QGroupBox("审批")
        form = QFormLayout(approval)
        form.addRow("审批层级", self.level)
        form.addRow("审批人", self.approver)
        form.addRow("审批日期", self.approved_on)
        form.addRow("批准金额", self.approved)
        form.addRow("意见", self.opinion)
        form.addRow("", push_button("登记审批", self.submit_approval))
        self.spent_on, self.amount, self.purpose = date_edit(), QLineEdit(), QLineEdit()
        self.handler, self.voucher = QLineEdit(), QLineEdit()
        expense = QGroupBox("报销（记入经费支出台账）")
        form = QFormLayout(expense)
        form.addRow("支出日期", self.spent_on)
        form.addRow("金额", self.amount)
        form.addRow("用途", self.purpose)
        form.addRow("经办人", self.handler)
        form.addRow("凭证号", self.voucher)
        form.addRow("", push_button("登记报销", self.submit_expense))
        self.ledger = QTableWidget(0, 5)
        self.ledger.setHorizontalHeaderLabels(["日期", "金额", "用途", "凭证号", "状态"])
        self.ledger.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.ledger.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        columns = QHBoxLayout()
        for box in (request, approval, expense):
            columns.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(columns)
        layout.addWidget(self.ledger, 1)

    def show_funds(self, activity_id: int, summary: FundsSummary | None, rows: list[LedgerRow]) -> None:
        self.activity_id = activity_id
        if summary is None or not summary.requested:
            self.summary.setText("该活动没有经费申请。填写申请后，超过审批限额的须由街道党工委审批。")
        else:
            approved = "未审批" if summary.approved is None else (
                f"{format_yuan(summary.approved)}（{APPROVAL_LEVELS.get(summary.level, '')}，{summary.approver}）")
            balance = "—" if summary.balance is None else format_yuan(summary.balance)
            warn = "　<b style='color:#b3261e'>须街道党工委审批</b>" if summary.needs_street else ""
            self.summary.setText(f"申请 <b>{format_yuan(summary.requested)}</b>（{summary.category}）　批准 "
                                 f"<b>{approved}</b>　已报销 <b>{format_yuan(summary.spent)}</b>　结余 "
                                 f"<b>{balance}</b>{warn}")
            index = self.category.findText(summary.category)
            self.category.setCurrentIndex(max(index, 0))
            self.requested.setText(f"{summary.requested / 100:.2f}")
            self.plan.setText(summary.plan)
            if not self.approved.text():
                self.approved.setText(f"{(summary.approved or summary.requested) / 100:.2f}")
            self.level.setCurrentIndex(1 if summary.needs_street or summary.level == "street" else 0)
            if summary.approver:
                self.approver.setText(summary.approver)
        self.ledger.setRowCount(len(rows))
        for n, row in enumerate(rows):
            cells = [f"{row.spent_on:%Y-%m-%d}", format_yuan(row.amount), row.purpose, row.voucher_no,
                     "已作废" if row.voided else ""]
            for column, text in enumerate(cells):
                self.ledger.setItem(n, column, QTableWidgetItem(text))

    def submit_request(self) -> None:
        activity_id, category, amount, plan = (self.activity_id, self.category.currentData(),
                                               self.requested.text(), self.plan.text())
        if activity_id is None:
            return
        write_op(self, lambda s: activity_funds.request_funds(s, activity_id, category_id=category, amount=amount,
                                                              plan=plan), CHANGES).run_in_background()

    def submit_approval(self) -> None:
        activity_id = self.activity_id
        values = dict(approver=self.approver.text(), approved_on=self.approved_on.date().toPython(),
                      amount=self.approved.text(), level=self.level.currentData(), opinion=self.opinion.text())
        if activity_id is None:
            return
        write_op(self, lambda s: activity_funds.approve_funds(s, activity_id, **values), CHANGES).run_in_background()

    def submit_expense(self) -> None:
        activity_id = self.activity_id
        spent_on: date = self.spent_on.date().toPython()
        data = ExpenseInput(spent_on, self.amount.text(), self.purpose.text(), self.handler.text(),
                            self.voucher.text())
        if activity_id is None:
            return
        write_op(self, lambda s: activity_funds.book_expense(s, activity_id, data), CHANGES).success(
            lambda _row: (self.amount.clear(), self.purpose.clear(), self.voucher.clear())).run_in_background()
