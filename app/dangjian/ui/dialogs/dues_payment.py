"""党费 交纳: 批量登记一个月, 登记一笔交纳 (按月 or 补交), and a member's 交纳记录 with 作废."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.common.errors import ValidationError
from ...core.common.labels import DUES_PAYMENT_KINDS, PAYMENT_WAYS, label
from ...core.common.money import format_plain, format_yuan, parse_yuan
from ...core.dues.ledger import PaymentInput
from ...core.dues.listing import PaymentRow
from ...core.dues.status import MemberYear
from ..widgets.controls import date_edit, date_of, month_spin
from .budget_form import InputDialog
from .dues_common import keep_last_after_first, way_combo


@dataclass(frozen=True)
class BatchMonth:
    month: int
    paid_on: date
    way: str


class BatchMonthDialog(InputDialog):
    """每人按应交金额登记同一个月."""

    def __init__(self, parent: QWidget | None, year: int, month: int, names: list[str]):
        super().__init__(parent, "批量登记党费")
        shown = "、".join(names[:8]) + (f"等 {len(names)} 人" if len(names) > 8 else f"（{len(names)} 人）")
        self.month = month_spin(month)
        self.paid_on = date_edit()
        self.way = way_combo()
        self.form.addRow("党员", QLabel(shown))
        self.form.addRow(f"{year}年 月份", self.month)
        self.form.addRow("交纳日期", self.paid_on)
        self.form.addRow("方式", self.way)
        self.form.addRow(QLabel("每人按该月应交金额登记；有人未核定基数或已登记时整批不写入。"))

    def values(self) -> BatchMonth:
        return BatchMonth(self.month.value(), date_of(self.paid_on), self.way.currentData())


class PaymentDialog(InputDialog):
    """One member's payment for months first..last; 补交 asks for 原因 and 审批人."""

    def __init__(self, parent: QWidget | None, row: MemberYear, year: int, first: int, last: int | None = None):
        super().__init__(parent, f"登记交纳 {row.name}")
        self.row, self.year = row, year
        self.first, self.last = month_spin(first), month_spin(last or first)
        keep_last_after_first(self.first, self.last)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("元，如 12.50")
        self.paid_on = date_edit()
        self.way = way_combo()
        self.receipt = QLineEdit()
        self.back_pay = QCheckBox("补交（以前月份）")
        self.reason = QLineEdit()
        self.approved_by = QLineEdit()
        self.back_pay.toggled.connect(self._toggle_back_pay)
        self._toggle_back_pay(False)
        for spin in (self.first, self.last):
            spin.valueChanged.connect(lambda _v: self._fill_amount())
        self._fill_amount()
        form = self.form
        form.addRow("党员", QLabel(f"{row.name}（{row.org}）"))
        form.addRow("年度", QLabel(f"{year}年"))
        form.addRow("起始月份", self.first)
        form.addRow("截止月份", self.last)
        form.addRow("金额 (元)", self.amount)
        form.addRow("交纳日期", self.paid_on)
        form.addRow("方式", self.way)
        form.addRow("收据号", self.receipt)
        form.addRow("", self.back_pay)
        form.addRow("补交原因", self.reason)
        form.addRow("审批人", self.approved_by)

    def due_fen(self) -> int | None:
        dues = [self.row.due_fen(m) for m in range(self.first.value(), self.last.value() + 1)]
        return None if any(d is None for d in dues) else sum(d or 0 for d in dues)

    def _fill_amount(self) -> None:
        due = self.due_fen()
        self.amount.setText("" if due is None else format_plain(due))

    def _toggle_back_pay(self, on: bool) -> None:
        self.reason.setEnabled(on)
        self.approved_by.setEnabled(on)

    def values(self) -> PaymentInput:
        if not self.amount.text().strip():
            raise ValidationError("金额", "不能为空（尚未核定基数时请填写实交金额）")
        return PaymentInput(self.row.member_id, self.year, self.first.value(), self.last.value(),
                            parse_yuan(self.amount.text()), date_of(self.paid_on), self.way.currentData(),
                            self.receipt.text(), self.back_pay.isChecked(), self.reason.text(),
                            self.approved_by.text())


PAYMENT_TITLES = ("月份", "金额", "交纳日期", "方式", "收据号", "类别", "状态")


def _state(row: PaymentRow) -> str:
    if row.voided_at is not None:
        return "已作废"
    return "已上缴" if row.remittance_id is not None else "未上缴"


class PaymentsDialog(QDialog):
    """A member's payments of a year; 作废 asks first, then `void(payment_id)` runs the write."""

    def __init__(self, parent: QWidget | None, name: str, year: int, void: Callable[[int], object]):
        super().__init__(parent)
        self.setWindowTitle(f"{name} {year}年交纳记录")
        self.resize(640, 360)
        self._void = void
        self.rows: list[PaymentRow] = []
        self.table = QTableWidget(0, len(PAYMENT_TITLES))
        self.table.setHorizontalHeaderLabels(PAYMENT_TITLES)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.void_button = QPushButton("作废")
        self.void_button.clicked.connect(self.void_current)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.void_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def set_rows(self, rows: list[PaymentRow]) -> None:
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for n, row in enumerate(self.rows):
            cells = (row.months, format_yuan(row.amount_fen), f"{row.paid_on:%Y-%m-%d}", label(PAYMENT_WAYS, row.way),
                     row.receipt_no, label(DUES_PAYMENT_KINDS, row.kind), _state(row))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if row.voided_at is not None:
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                self.table.setItem(n, column, item)
        self.void_button.setEnabled(bool(self.rows))

    def void_current(self) -> None:
        index = self.table.currentRow()
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        if row.voided_at is not None:
            QMessageBox.information(self, "作废", "该笔记录已作废。")
            return
        if QMessageBox.question(self, "作废", f"作废{row.year}年{row.months}的党费 {format_yuan(row.amount_fen)}？"
                                "作废后不再计入已交，记录仍保留。") == QMessageBox.StandardButton.Yes:
            self._void(row.id)
